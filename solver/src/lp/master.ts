/**
 * Set-partitioning master problem over a pool of routes (see FORMULATION.md). Variables are
 * named `x_<k>` (column k of the pool), rows `cover_<i>` (customer i) and `fleet`.
 */
export interface MasterProblem {
  /** Number of nodes of the instance (customers are 1..nNodes-1). */
  readonly nNodes: number;
  /** Columns: customer sets (node indices) and their integer costs. */
  readonly columns: readonly { readonly customers: readonly number[]; readonly cost: number }[];
  /** Maximum number of routes (`Infinity` when unlimited). */
  readonly maxRoutes: number;
  /**
   * Cost of the incumbent: only strictly cheaper partitions are of interest, so back-ends may
   * prune with it (HiGHS `objective_bound`).
   */
  readonly upperBound?: number;
}

/** Outcome of one master solve. */
export interface MasterResult {
  /** `optimal`, `feasible` (time limit hit with an integral incumbent), or `none`. */
  readonly status: 'optimal' | 'feasible' | 'none';
  /** Indices of the chosen columns (empty when status is `none`). */
  readonly chosen: number[];
  /** Objective of the chosen columns (sum of costs). */
  readonly objective: number;
}

/** An LP/MIP back-end able to solve the master problem synchronously within a time cap. */
export interface MasterSolver {
  readonly name: string;
  solve(problem: MasterProblem, timeLimitSec: number): MasterResult;
}
