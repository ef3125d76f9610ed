import highsLoader from 'highs';
import { checkSelection, columnName, selectionObjective, writeSetPartitioningLp } from './lp-format.js';
import type { MasterLimits, MasterProblem, MasterResult, MasterSolver } from './master.js';

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

  solve(problem: MasterProblem, limits: MasterLimits): MasterResult {
    const lp = writeSetPartitioningLp(problem);
    const options: Record<string, number | boolean> = { output_flag: false, log_to_console: false, mip_rel_gap: 0 };
    if (limits.timeLimitSec !== undefined) options['time_limit'] = limits.timeLimitSec;
    if (limits.maxNodes !== undefined) options['mip_max_nodes'] = limits.maxNodes;
    if (problem.upperBound !== undefined) options['objective_bound'] = problem.upperBound - Math.max(1e-6, 1e-9 * Math.abs(problem.upperBound));
    const res = this.highs.solve(lp, options as never);
    const done = res.Status === 'Optimal';
    // a node cap ends as an iteration limit or an unclassified state: the incumbent, if any, is
    // still verified below
    const limited = res.Status === 'Time limit reached' || res.Status === 'Iteration limit reached' || res.Status === 'Unknown';
    if (!done && !limited) return { status: 'none', chosen: [], objective: 0 };
    const cols = res.Columns as Record<string, { Primal?: number } | undefined>;
    const chosen = checkSelection(problem, (k) => cols[columnName(k)]?.Primal ?? 0);
    if (chosen === null) return { status: 'none', chosen: [], objective: 0 };
    return { status: done ? 'optimal' : 'feasible', chosen, objective: selectionObjective(problem, chosen) };
  }
}

/** Loads the HiGHS WASM module and returns a master solver. */
export async function createHighsMaster(): Promise<HighsMaster> {
  return new HighsMaster(await highsLoader());
}
