/**
 * Set-partitioning master problem over a pool of routes (see FORMULATION.md). Variables are
 * named `x_<k>` (column k of the pool), rows `cover_<i>` (item i: a bin) and `fleet_<g>` (vehicle
 * class g).
 */
export interface MasterProblem {
  /** Number of items (bins), numbered 0..nItems-1. */
  readonly nItems: number;
  /** Columns: the items a route serves, its cost, and the vehicle class that drives it. */
  readonly columns: readonly { readonly items: readonly number[]; readonly cost: number; readonly group: number }[];
  /** Vehicles in each class: at most that many columns of the class are chosen. */
  readonly groupLimits: readonly number[];
  /**
   * Items that must be covered exactly once (`cover_i: ... = 1`); every other item is covered at
   * most once and earns its prize when it is (`... <= 1`).
   */
  readonly required: ArrayLike<number>;
  /** Prize of covering an item that is not required (the objective subtracts it). */
  readonly prizes: ArrayLike<number>;
  /**
   * Objective of the incumbent: only strictly better selections are of interest, so back-ends may
   * prune with it (HiGHS `objective_bound`).
   */
  readonly upperBound?: number;
}

/** Work limits of one master solve: a wall-clock cap (seconds), or a branch-and-bound node cap. */
export interface MasterLimits {
  /** Seconds (the back-end reads its own clock: results may then depend on machine speed). */
  readonly timeLimitSec?: number;
  /** Branch-and-bound nodes (deterministic; HiGHS only). */
  readonly maxNodes?: number;
}

/** Outcome of one master solve. */
export interface MasterResult {
  /** `optimal`, `feasible` (a limit hit with an integral incumbent), or `none`. */
  readonly status: 'optimal' | 'feasible' | 'none';
  /** Indices of the chosen columns (empty when status is `none`). */
  readonly chosen: number[];
  /** Objective of the chosen columns: their costs minus the prizes of the optional items they cover. */
  readonly objective: number;
}

/** An LP/MIP back-end able to solve the master problem synchronously within its limits. */
export interface MasterSolver {
  readonly name: string;
  solve(problem: MasterProblem, limits: MasterLimits): MasterResult;
}
