import solver from 'javascript-lp-solver';
import { FLEET_ROW, checkPartition, columnName, coverRow } from './lp-format.js';
import type { MasterProblem, MasterResult, MasterSolver } from './master.js';

/**
 * Set-partitioning master solved by javascript-lp-solver (branch and bound on its simplex).
 * On timeout it may report fractional values with `feasible: true`; only `isIntegral === true`
 * results are trusted, and the partition is re-verified.
 */
export class JsLpMaster implements MasterSolver {
  readonly name = 'jslp';

  solve(problem: MasterProblem, timeLimitSec: number): MasterResult {
    const constraints: Record<string, { equal?: number; max?: number }> = {};
    for (let i = 1; i < problem.nNodes; i++) constraints[coverRow(i)] = { equal: 1 };
    if (Number.isFinite(problem.maxRoutes)) constraints[FLEET_ROW] = { max: problem.maxRoutes };
    const variables: Record<string, Record<string, number>> = {};
    const ints: Record<string, 1> = {};
    problem.columns.forEach((c, k) => {
      const v: Record<string, number> = { cost: c.cost, [`ub_${k}`]: 1 };
      for (const i of c.customers) v[coverRow(i)] = 1;
      if (Number.isFinite(problem.maxRoutes)) v[FLEET_ROW] = 1;
      variables[columnName(k)] = v;
      ints[columnName(k)] = 1;
      constraints[`ub_${k}`] = { max: 1 };
    });
    const model = { optimize: 'cost', opType: 'min', constraints, variables, ints, options: { timeout: Math.max(1, Math.round(timeLimitSec * 1000)) } };
    const res = solver.Solve(model as never) as Record<string, unknown>;
    if (res['feasible'] !== true || res['isIntegral'] !== true) return { status: 'none', chosen: [], objective: 0 };
    const chosen = checkPartition(problem, (k) => Number(res[columnName(k)] ?? 0));
    if (chosen === null) return { status: 'none', chosen: [], objective: 0 };
    const objective = chosen.reduce((s, k) => s + (problem.columns[k]?.cost ?? 0), 0);
    // javascript-lp-solver does not say whether its branch and bound finished before the
    // timeout, so an integral answer is only known to be feasible.
    return { status: 'feasible', chosen, objective };
  }
}
