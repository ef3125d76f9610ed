/**
 * The improvement phase of the engine, on a day already loaded in the search (locally optimal and
 * feasible): the hybrid genetic search when the fleet is uniform and the day not too large,
 * otherwise ruin and recreate under a falling threshold; in both, now and then, the
 * set-partitioning master over the pool of routes met so far (when a back-end is given) and, on
 * large days, a round of decomposition whose clusters are improved by this same phase.
 */
import type { MasterSolver } from '../lp/master.js';
import type { Rng } from '../model/rng.js';
import { Budget } from './budget.js';
import { decompose } from './decompose.js';
import { GENETIC_MAX_BINS, geneticApplies, minimumScales, solveDayGenetic, type GeneticSeeding } from './genetic.js';
import { Individual } from './individual.js';
import { localSearch } from './local-search.js';
import type { RoutePool } from './route-pool.js';
import type { Routes } from './routes.js';
import { thresholdSearch } from './threshold-search.js';

/** Settings of {@link improveDay} (defaults: {@link DEFAULT_IMPROVE}). */
export interface ImproveSettings {
  /** Largest day the genetic search takes (above: ruin and recreate). */
  readonly geneticMaxBins: number;
  /** First population (see `GeneticSeeding`) and the share of offspring made by ruin and recreate. */
  readonly seeding: GeneticSeeding;
  readonly mutationPercent: number;
  /** Days the genetic search educates first (HGS: 4 mu = 100); decomposition clusters start from mu = 25. */
  readonly initialPopulation: number;
  /** Ruin and recreate: starting threshold and penalty scale (see threshold-search.ts). */
  readonly acceptance: number;
  readonly penaltyScale: number;
  /** Iterations between two master solves without a clock (with one: see {@link masterDue}). */
  readonly lpEvery: number;
  /**
   * With a clock: share of the time limit between two master solves in the loop (1 or more: none
   * in the loop, only the last solve).
   */
  readonly lpSpacing: number;
  /** The same on plain days (one load per truck, no time: a CVRP). */
  readonly lpSpacingPlain: number;
  /** Branch-and-bound nodes of a master solve without a clock. */
  readonly lpNodes: number;
  /** Above this many bins, decomposition rounds run every `decomposeEvery` iterations. */
  readonly decomposeAbove: number;
  readonly decomposeEvery: number;
  readonly decomposeTargetBins: number;
  readonly decomposeIterations: number;
}

/**
 * Defaults: HGS-CVRP's population (Vidal 2022) seeded by ruin of the start, half the offspring by
 * ruin and recreate (at 600 offspring, seed 1, HGS's random tours and 20 % gave within ±1 % on X
 * and Solomon instances, but their first population costs 1.5-3 times the CPU, too much in 10 s);
 * ruin and recreate's threshold and scale (tuned on Solomon R1/RC2 and the sample-city days), the benchmark engine's master period
 * (500 iterations) and decomposition (Santini et al. 2023: clusters of about 120 bins,
 * 300 iterations each, every 50 iterations above 300 bins). With a clock the master runs every tenth of
 * the time on days with time or several loads, and on plain days (CVRP) once, at the end, over the
 * whole pool: on a quiet machine at 13d1dab the 8 X instances of issue #12 gave a mean gap of
 * 1.346 % with a solve every tenth of the time, 1.081 % with the last solve only and 1.038 % with
 * no master (the solves in the loop found nothing and cost 10-35 % of the iterations), while the 56
 * Solomon instances gave 0.551 % with the last solve only against 0.432 % every tenth (9698893,
 * same plans at fixed iterations): bench/RESULTS.md.
 */
export const DEFAULT_IMPROVE: ImproveSettings = {
  geneticMaxBins: GENETIC_MAX_BINS,
  seeding: 'ruin-start',
  mutationPercent: 50,
  initialPopulation: 100,
  acceptance: 0.3,
  penaltyScale: 1e-6,
  lpEvery: 500,
  lpSpacing: 0.1,
  lpSpacingPlain: 1,
  lpNodes: 1000,
  decomposeAbove: 300,
  decomposeEvery: 50,
  decomposeTargetBins: 120,
  decomposeIterations: 300,
};

/** What {@link improveDay} may use besides the search itself. */
export interface ImproveContext {
  readonly settings: ImproveSettings;
  /** Route pool and master back-end of the set-partitioning step. */
  readonly pool?: RoutePool;
  readonly master?: MasterSolver;
  readonly onProgress?: (iteration: number, best: number) => void;
}

/** Days a decomposition cluster's genetic search educates first (the benchmark engine's `mu`). */
const SUB_INITIAL = 25;

/** Wall time between two master solves, as a multiple of the last solve's duration (at most ~10 % of the time). */
const LP_SPACING = 9;

/**
 * When the master is due: without a clock every `lpEvery` iterations; with one, every
 * `lpSpacing` of the time limit (default a tenth), and never before {@link LP_SPACING} times the
 * last solve's duration has passed.
 * Each solve that finds nothing better doubles the wait (up to 64 times), a success resets it:
 * on days where the pool rarely recombines (ruin and recreate on long routes), the master then
 * costs little.
 */
class MasterClock {
  private lastIteration = 0;
  private lastEnd = 0;
  private lastDuration = 0;
  private backoff = 1;
  constructor(
    private readonly budget: Budget,
    private readonly every: number,
    private readonly spacing: number,
  ) {}
  due(iterations: number): boolean {
    if (!this.budget.timed) return iterations - this.lastIteration >= this.every * this.backoff;
    const t = this.budget.elapsed();
    return t - this.lastEnd >= this.backoff * Math.max(LP_SPACING * this.lastDuration, this.spacing * this.budget.limitMs);
  }
  run(iterations: number, f: () => boolean): boolean {
    const t = this.budget.elapsed();
    const improved = f();
    this.lastIteration = iterations;
    this.lastEnd = this.budget.elapsed();
    this.lastDuration = this.lastEnd - t;
    this.backoff = improved ? 1 : Math.min(64, 2 * this.backoff);
    return improved;
  }
}

/**
 * Solves the master over the pool for the day loaded in `s` (feasible, scale 1): a time cap of a
 * second (at most half the time left) with a clock, a node cap without.
 */
export function runMaster(s: Routes, rng: Rng, budget: Budget, ctx: ImproveContext): boolean {
  if (!ctx.pool || !ctx.master) return false;
  const limits = budget.timed ? { timeLimitSec: Math.max(0.05, Math.min(1, budget.remainingMs() / 2000)) } : { maxNodes: ctx.settings.lpNodes };
  const t = budget.elapsed();
  const improved = ctx.pool.solveMaster(ctx.master, limits);
  ctx.pool.stats.timeMs += budget.elapsed() - t;
  if (improved) localSearch(s, rng);
  return improved;
}

/**
 * Improves the day loaded in `s` until `budget` is spent; leaves the best feasible day found
 * loaded in `s` at penalty scale 1.
 */
export function improveDay(s: Routes, rng: Rng, budget: Budget, ctx: ImproveContext): void {
  const o = ctx.settings;
  const m = s.m;
  const masterClock = new MasterClock(budget, o.lpEvery, s.plain ? o.lpSpacingPlain : o.lpSpacing);
  const large = m.nBins > o.decomposeAbove;
  const decomposeDue = (it: number): boolean => large && it > 0 && it % o.decomposeEvery === 0;
  const useMaster = ctx.pool !== undefined && ctx.master !== undefined;
  /** Master and decomposition on the best day (loaded, scale 1); whether it improved. */
  const periodic = (it: number): boolean => {
    let improved = false;
    if (useMaster && masterClock.due(it)) improved = masterClock.run(it, () => runMaster(s, rng, budget, ctx)) || improved;
    if (decomposeDue(it) && !budget.spent()) {
      improved = decompose(s, rng, budget, { targetBins: o.decomposeTargetBins, iterations: o.decomposeIterations }, (sub, part) => improveDay(sub, rng, part, { settings: { ...o, initialPopulation: SUB_INITIAL } })) || improved;
    }
    return improved;
  };
  const due = (it: number): boolean => (useMaster && masterClock.due(it)) || decomposeDue(it);

  if (geneticApplies(m, o.geneticMaxBins)) {
    s.setPenaltyScale(1);
    const start = new Individual(s);
    const base = budget.iterations;
    const g = solveDayGenetic(s, rng, start, {
      maxIterations: budget.maxIterations - budget.iterations,
      timeUp: () => budget.spent(),
      seeding: o.seeding,
      mutationPercent: o.mutationPercent,
      initial: o.initialPopulation,
      onIteration: (i, b) => {
        budget.iterations = base + i;
        ctx.onProgress?.(base + i, b);
      },
      ...(ctx.pool ? { onFeasible: () => ctx.pool?.add() } : {}),
      afterOffspring: (i, best) => {
        if (!due(base + i)) return [];
        s.setPenaltyScale(1);
        s.restore(best);
        return periodic(base + i) ? [new Individual(s)] : [];
      },
    });
    s.setPenaltyScale(1);
    s.restore(g.best);
    return;
  }
  thresholdSearch(s, rng, budget, {
    acceptance: o.acceptance,
    penaltyScale: o.penaltyScale,
    minScale: Math.max(1e-9, ...Object.values(minimumScales(s))),
    ...(ctx.onProgress ? { onIteration: ctx.onProgress } : {}),
    ...(ctx.pool ? { onFeasible: () => ctx.pool?.add() } : {}),
    onBest: { due, run: () => periodic(budget.iterations) },
  });
}
