/**
 * Search for collection days in the problem format (issue #5). Work in progress: until the
 * search lands this returns the nearest-neighbour baseline, so callers can be wired up.
 */
import { nearestNeighbourDay } from '../construct/nearest-neighbour-day.js';
import type { PlanJson } from '../model/plan-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';

/** Progress of a running search, reported every few iterations. */
export interface SolveDayProgress {
  readonly iteration: number;
  readonly bestCost: number;
  readonly elapsedMs: number;
}

/** Options of {@link solveDay}. Same seed and iterations (no time limit) → same plan. */
export interface SolveDayOptions {
  readonly seed: number;
  /** Iterations of the search (default 2,000). */
  readonly iterations?: number;
  /** Wall-clock budget in ms; requires `now`. The search stops at whichever limit comes first. */
  readonly timeLimitMs?: number;
  /** Clock in ms (e.g. `performance.now`); the solver never reads a clock itself. */
  readonly now?: () => number;
  readonly onProgress?: (p: SolveDayProgress) => void;
}

/** Plan and search statistics. */
export interface SolveDayResult {
  readonly plan: PlanJson;
  readonly stats: {
    readonly iterations: number;
    /** Objective cost of the nearest-neighbour baseline on the same problem. */
    readonly baselineCost: number;
    /** Objective cost of the returned plan. */
    readonly cost: number;
  };
}

/** Solves a resolved collection day. */
export function solveDay(resolved: ResolvedProblem, options: SolveDayOptions): SolveDayResult {
  void options;
  const plan = nearestNeighbourDay(resolved);
  return { plan, stats: { iterations: 0, baselineCost: plan.totals.cost, cost: plan.totals.cost } };
}
