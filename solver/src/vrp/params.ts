/**
 * Settings of the hybrid genetic search. Defaults follow HGS-CVRP (Vidal 2022, table 1:
 * mu = 25, lambda = 40, nbElite = 4, nbClose = 5, target feasible 0.2, granularity 20,
 * restart after 20 000 iterations without improvement) and, for time windows, HGS-TW
 * (Vidal et al. 2013; granularity 40 with the time-window correlation measure).
 */
export interface HgsParams {
  /** Granular neighbourhood size (nearest customers by correlation). */
  granularity: number;
  /** Minimum subpopulation size. */
  mu: number;
  /** Generation size (offspring before survivor selection). */
  lambda: number;
  nbElite: number;
  nbClose: number;
  /** Target fraction of feasible local-search outputs for penalty adaptation. */
  targetFeasible: number;
  /** Random individuals generated at start and at each restart (HGS: 4 x mu). */
  nbInitial: number;
  /** Iterations without improvement before the population restarts. */
  nbIterNoImprovement: number;
  /** Probability (percent) of repairing an infeasible offspring with 10x penalties. */
  repairPercent: number;
  /** Use SWAP* between routes with overlapping polar sectors (CVRP). */
  useSwapStar: boolean;
  /** Iterations between two set-partitioning master solves (0 = never). */
  lpEvery: number;
  /** Wall-clock cap of one master solve, seconds. */
  lpTimeLimitSec: number;
  /** Maximum number of columns kept in the route pool. */
  lpPoolSize: number;
  /** Above this many customers, decompose (route polar sectors). */
  decomposeAbove: number;
  /** Iterations between decomposition phases. */
  decomposeEvery: number;
  /** Target customers per sub-problem. */
  decomposeTargetSize: number;
  /** Iterations given to each sub-problem. */
  decomposeIterations: number;
}

/** Default settings, used for every benchmark. */
export const DEFAULT_HGS_PARAMS: HgsParams = {
  granularity: 20,
  mu: 25,
  lambda: 40,
  nbElite: 4,
  nbClose: 5,
  targetFeasible: 0.2,
  nbInitial: 100,
  nbIterNoImprovement: 20000,
  repairPercent: 50,
  useSwapStar: true,
  lpEvery: 0,
  lpTimeLimitSec: 2,
  lpPoolSize: 2000,
  decomposeAbove: 300,
  decomposeEvery: 50,
  decomposeTargetSize: 120,
  decomposeIterations: 300,
};
