import solver from 'javascript-lp-solver';
import { bindingGroups, checkSelection, columnName, columnObjective, coverRow, fleetRow, selectionObjective } from './lp-format.js';
import type { MasterLimits, MasterProblem, MasterResult, MasterSolver } from './master.js';

/** Cap of a solve without a time limit (the library has no node limit). */
const DEFAULT_TIMEOUT_SEC = 5;

/**
 * Set-partitioning master solved by javascript-lp-solver (branch and bound on its simplex).
 * On timeout it may report fractional values with `feasible: true`; only `isIntegral === true`
 * results are trusted, and the selection is re-verified.
 */
export class JsLpMaster implements MasterSolver {
  readonly name = 'jslp';

  solve(problem: MasterProblem, limits: MasterLimits): MasterResult {
    const constraints: Record<string, { equal?: number; max?: number }> = {};
    const covered = new Uint8Array(problem.nItems);
    for (const c of problem.columns) for (const i of c.items) covered[i] = 1;
    for (let i = 0; i < problem.nItems; i++) if (covered[i]) constraints[coverRow(i)] = problem.required[i] ? { equal: 1 } : { max: 1 };
    const binding = new Set(bindingGroups(problem));
    for (const g of binding) constraints[fleetRow(g)] = { max: problem.groupLimits[g] ?? 0 };
    const variables: Record<string, Record<string, number>> = {};
    const ints: Record<string, 1> = {};
    problem.columns.forEach((c, k) => {
      const v: Record<string, number> = { cost: columnObjective(problem, k), [`ub_${k}`]: 1 };
      for (const i of c.items) v[coverRow(i)] = 1;
      if (binding.has(c.group)) v[fleetRow(c.group)] = 1;
      variables[columnName(k)] = v;
      ints[columnName(k)] = 1;
      constraints[`ub_${k}`] = { max: 1 };
    });
    const timeout = Math.max(1, Math.round((limits.timeLimitSec ?? DEFAULT_TIMEOUT_SEC) * 1000));
    const model = { optimize: 'cost', opType: 'min', constraints, variables, ints, options: { timeout } };
    const res = solver.Solve(model as never) as Record<string, unknown>;
    if (res['feasible'] !== true || res['isIntegral'] !== true) return { status: 'none', chosen: [], objective: 0 };
    const chosen = checkSelection(problem, (k) => Number(res[columnName(k)] ?? 0));
    if (chosen === null) return { status: 'none', chosen: [], objective: 0 };
    const objective = selectionObjective(problem, chosen);
    if (problem.upperBound !== undefined && objective >= problem.upperBound) return { status: 'none', chosen: [], objective: 0 };
    // javascript-lp-solver does not say whether its branch and bound finished before the
    // timeout, so an integral answer is only known to be feasible.
    return { status: 'feasible', chosen, objective };
  }
}
