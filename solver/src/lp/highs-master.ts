import highsLoader from 'highs';
import { checkPartition, columnName, writeSetPartitioningLp } from './lp-format.js';
import type { MasterProblem, MasterResult, MasterSolver } from './master.js';

type Highs = Awaited<ReturnType<typeof highsLoader>>;

/**
 * Set-partitioning master solved by HiGHS (WASM build, Huangfu & Hall 2018) through its CPLEX LP
 * reader. Loading the WASM module is asynchronous, so it happens once at the edge
 * ({@link createHighsMaster}); solving is synchronous.
 */
export class HighsMaster implements MasterSolver {
  readonly name = 'highs';
  private readonly highs: Highs;

  constructor(highs: Highs) {
    this.highs = highs;
  }

  solve(problem: MasterProblem, timeLimitSec: number): MasterResult {
    const lp = writeSetPartitioningLp(problem);
    const options = { time_limit: timeLimitSec, output_flag: false, log_to_console: false, mip_rel_gap: 0, ...(problem.upperBound !== undefined ? { objective_bound: problem.upperBound - 0.5 } : {}) };
    const res = this.highs.solve(lp, options);
    if (res.Status !== 'Optimal' && res.Status !== 'Time limit reached') return { status: 'none', chosen: [], objective: 0 };
    const cols = res.Columns as Record<string, { Primal?: number } | undefined>;
    const chosen = checkPartition(problem, (k) => cols[columnName(k)]?.Primal ?? 0);
    if (chosen === null) return { status: 'none', chosen: [], objective: 0 };
    const objective = chosen.reduce((s, k) => s + (problem.columns[k]?.cost ?? 0), 0);
    return { status: res.Status === 'Optimal' ? 'optimal' : 'feasible', chosen, objective };
  }
}

/** Loads the HiGHS WASM module and returns a master solver. */
export async function createHighsMaster(): Promise<HighsMaster> {
  return new HighsMaster(await highsLoader());
}
