/**
 * Ruin and recreate under a falling threshold (Schrimpf et al. 2000; string removals as in SISR,
 * Christiaens & Vanden Berghe 2020): remove a cluster of nearby bins, re-insert them (and nearby
 * left-out bins) where they pay, run the local search, and accept the result when it costs less
 * than the current day plus a threshold that falls linearly to zero (record-to-record travel,
 * Dueck 1993). The lateness and overload weights adapt as in HGS (Vidal et al. 2012) so that about
 * half the iterations are feasible; only feasible days become the best.
 */
import type { Rng } from '../model/rng.js';
import type { Budget } from './budget.js';
import { localSearch } from './local-search.js';
import type { DaySnapshot, Routes } from './routes.js';
import { ruinAndRecreate } from './ruin-recreate.js';

/** Default starting threshold, as a fraction of the mean route cost per served bin (tuned on Solomon R1/RC2, seed 7). */
export const DEFAULT_ACCEPTANCE = 0.3;
/** Default starting penalty scale (1 = lateness all but forbidden throughout). */
export const DEFAULT_PENALTY_SCALE = 1e-6;
/** Iterations between two updates of the penalty scale, and the feasible share aimed at. */
const ADAPT_EVERY = 20;
const FEASIBLE_LOW = 0.4;
const FEASIBLE_HIGH = 0.6;

/** Hooks of {@link thresholdSearch}. */
export interface ThresholdHooks {
  /** Threshold at the start, as a fraction of the mean route cost per served bin. */
  readonly acceptance: number;
  /** Starting penalty scale; 1 keeps lateness and overload all but forbidden. */
  readonly penaltyScale: number;
  /** Smallest penalty scale the adaptation may reach. */
  readonly minScale: number;
  /** After every iteration (the day in `s`, feasible or not). */
  readonly onIteration?: (iteration: number, best: number) => void;
  /** With every feasible day (for a route pool). */
  readonly onFeasible?: () => void;
  /**
   * Periodic work on the best feasible day: when `due(iterations)` says so, `run` gets the best day
   * loaded in `s` at penalty scale 1 and returns whether it changed `s` into a better feasible day
   * (which then becomes the best and the current day).
   */
  readonly onBest?: { readonly due: (iterations: number) => boolean; readonly run: () => boolean };
}

/**
 * Runs ruin and recreate from the day loaded in `s` (locally optimal, feasible) until `budget` is
 * spent; leaves the best feasible day loaded in `s` at penalty scale 1 and returns its cost.
 */
export function thresholdSearch(s: Routes, rng: Rng, budget: Budget, hooks: ThresholdHooks): number {
  const m = s.m;
  let best = s.totalCost();
  let bestSnap: DaySnapshot = s.snapshot();
  // threshold scale: the mean route cost per served bin (prizes of left-out bins excluded)
  let routed = 0;
  let routeCost = 0;
  for (let r = 0; r < m.nRoutes; r++) {
    routed += s.rSize[r] ?? 0;
    routeCost += s.rCost[r] ?? 0;
  }
  const threshold0 = hooks.acceptance * (routeCost / Math.max(1, routed));
  let scale = Math.max(hooks.minScale, hooks.penaltyScale);
  const adaptive = scale < 1;
  if (adaptive) s.setPenaltyScale(scale);
  let current = s.totalCost();
  let curSnap = bestSnap;
  let feasibleRun = 0;
  let window = 0;
  while (!budget.spent()) {
    const it = budget.iterations;
    ruinAndRecreate(s, rng);
    localSearch(s, rng);
    const cost = s.totalCost();
    const feasible = !adaptive || s.isFeasible();
    let improvedBest = false;
    if (feasible) {
      feasibleRun++;
      hooks.onFeasible?.();
      // a feasible day carries no penalty: its cost is its cost under any weights
      if (cost < best - 1e-9) {
        best = cost;
        bestSnap = s.snapshot();
        improvedBest = true;
      }
    }
    const threshold = threshold0 * (1 - budget.progress());
    if (cost < current + threshold) {
      current = cost;
      curSnap = improvedBest ? bestSnap : s.snapshot();
    } else {
      s.restore(curSnap);
    }
    if (adaptive && ++window === ADAPT_EVERY) {
      const ratio = feasibleRun / window;
      // no feasible day at all in a window: the weights are far too low, climb faster
      const up = ratio === 0 ? 10 : 2;
      const next = ratio < FEASIBLE_LOW ? Math.min(1, scale * up) : ratio > FEASIBLE_HIGH ? Math.max(hooks.minScale, scale / 2) : scale;
      window = 0;
      feasibleRun = 0;
      if (next !== scale) {
        scale = next;
        s.setPenaltyScale(scale);
        current = s.totalCost();
        curSnap = s.snapshot();
      }
    }
    budget.iterations++;
    if (hooks.onBest?.due(budget.iterations) && !budget.spent()) {
      s.setPenaltyScale(1);
      s.restore(bestSnap);
      if (hooks.onBest.run()) {
        best = s.totalCost();
        bestSnap = s.snapshot();
        current = best;
        curSnap = bestSnap;
      }
      if (adaptive) s.setPenaltyScale(scale);
      s.restore(curSnap);
      current = s.totalCost();
    }
    hooks.onIteration?.(it, best);
  }
  s.setPenaltyScale(1);
  s.restore(bestSnap);
  return best;
}
