/**
 * Hybrid genetic search for collection days of a uniform fleet (Vidal et al. 2012, 2013;
 * Vidal 2022), on the engine's own local search: a population of locally optimal days (feasible
 * and infeasible subpopulations ranked by cost and diversity), ordered crossover of giant tours
 * of bins, Split into routes ({@link splitTour}: unloading trips where the truck would overflow,
 * bins left out for their prize), the granular local search (disposal visits and breaks
 * re-placed), and lateness and overload weights adapted separately so that about a fifth of the
 * offspring are feasible in each.
 */
import type { Rng } from '../model/rng.js';
import { orderedCrossover } from './crossover.js';
import { Individual, type PenaltyScales } from './individual.js';
import { localSearch } from './local-search.js';
import { vehicleKey, type DayModel } from './model.js';
import { Population, type PopulationParams } from './population.js';
import type { Routes } from './routes.js';
import { ruinAndRecreate } from './ruin-recreate.js';
import { splitTour } from './split.js';

/** Population settings of HGS-CVRP (Vidal 2022, table 1). */
const PARAMS: PopulationParams = { mu: 25, lambda: 40, nbElite: 4, nbClose: 5 };
/** Target share of feasible offspring, and offspring between two updates of the weights. */
const TARGET_FEASIBLE = 0.2;
const ADAPT_EVERY = 100;
/** Share (percent) of infeasible offspring repaired with ten times the weights. */
const REPAIR_PERCENT = 50;
/** Offspring without a new best before the population restarts (HGS: 20,000). */
const RESTART_AFTER = 20_000;
/** Smallest and largest penalty scale. */
const MIN_SCALE = 1e-12;
const MAX_SCALE = 1;

/**
 * Largest day the genetic search takes. Each offspring is a freshly loaded day, so its local
 * search starts over on every bin, where ruin and recreate keeps its move memo between
 * iterations. On generated sample-city days made uniform (every truck takes every stream), 30 s:
 * 300 bins, the genetic search 0.6 % cheaper than ruin and recreate; 600 bins, 9.9 % dearer;
 * 1,500 bins, 88 mandatory bins left out against 30.
 */
export const GENETIC_MAX_BINS = 300;

/**
 * True when the genetic search applies: at most `maxBins` bins, every vehicle alike and nothing
 * pinned (no locks, closed routes or fixed prefixes), so that any tour can be split over any
 * vehicles.
 */
export function geneticApplies(m: DayModel, maxBins = GENETIC_MAX_BINS): boolean {
  if (m.nBins < 2 || m.nBins > maxBins || m.routes.length === 0) return false;
  for (let b = 0; b < m.nBins; b++) if (m.locked[b] || (m.pinRoute[b] ?? -1) >= 0) return false;
  const first = m.routes[0];
  if (!first) return false;
  const k0 = vehicleKey(m, first);
  return m.routes.every((r) => !r.hasPrefix && !r.closed && r.doneBins === 0 && vehicleKey(m, r) === k0);
}

/**
 * Smallest penalty scales: when vehicles cost (hierarchical objective, fixed costs) and the fleet
 * is not capped, being late for a whole shift or overloaded by a whole truck must weigh at least
 * one vehicle, else Split and the local search would rather overload a few trucks than use the
 * fleet they need.
 */
export function minimumScales(s: Routes): PenaltyScales {
  const m = s.m;
  // with the fleet capped (vehicles shut after route elimination) no vehicle can be added anyway
  if (s.disabled.some((d) => d === 1)) return { time: MIN_SCALE, cap: MIN_SCALE };
  const fixed = Math.max(0, ...m.routes.map((r) => r.fixedCost));
  const shift = Math.max(1, ...m.routes.map((r) => (Number.isFinite(r.endDue - r.startSec) ? r.endDue - r.startSec : 0)));
  return { time: Math.max(MIN_SCALE, fixed / shift / s.hardTime), cap: Math.max(MIN_SCALE, fixed / s.hardCap) };
}

/**
 * Starting penalty scales, as HGS sets its penalties: one unit of excess load costs as much as
 * the longest leg per unit of the largest bin's demand (HGS-CVRP: `maxDist / maxDemand`), one
 * second late ten times a second of driving (the benchmark engine's setting for HGS-TW); never
 * below {@link minimumScales}.
 */
export function initialScales(s: Routes): PenaltyScales {
  const m = s.m;
  const rs = m.routes[0];
  if (!rs) return { time: MAX_SCALE, cap: MAX_SCALE };
  let maxLeg = 0;
  let cost = 0;
  let secs = 0;
  const n = m.size * m.size;
  for (let k = 0; k < n; k++) {
    const d = s.dst[k] as number;
    const t = s.dur[k] as number;
    if (!Number.isFinite(d) || !Number.isFinite(t)) continue;
    const c = rs.perM * d + rs.perSec * t;
    if (c > maxLeg) maxLeg = c;
    cost += c;
    secs += t;
  }
  let maxShare = 0;
  for (let b = 0; b < m.nBins; b++) maxShare = Math.max(maxShare, (m.demL[b] ?? 0) / rs.capL, (m.demK[b] ?? 0) / rs.capK);
  const floor = minimumScales(s);
  const clamp = (x: number, low: number): number => (Number.isFinite(x) && x > 0 ? Math.min(MAX_SCALE, Math.max(low, x)) : MAX_SCALE);
  return {
    cap: clamp(maxLeg / Math.max(1e-9, maxShare) / s.hardCap, floor.cap),
    time: clamp((10 * (secs > 0 ? cost / secs : rs.perSec + rs.perM)) / s.hardTime, floor.time),
  };
}

/** How the genetic search makes its first days and, when asked, half its offspring. */
export type GeneticSeeding = 'random-tours' | 'ruin-start';

export interface GeneticOptions {
  readonly maxIterations: number;
  readonly timeUp: () => boolean;
  /**
   * First population: `random-tours` (HGS: random giant tours, Split, local search) or
   * `ruin-start` (ruin and recreate of the starting day, cheaper on large days).
   */
  readonly seeding: GeneticSeeding;
  /** Share (percent) of offspring made by ruin and recreate of one parent instead of crossover. */
  readonly mutationPercent: number;
  /** Days educated at the start and at each restart (HGS: 4 mu = 100). */
  readonly initial: number;
  readonly onIteration?: (iteration: number, best: number) => void;
  /**
   * Called after every offspring with the iteration count and the best feasible day; days it
   * returns (for instance from a set-partitioning master) join the population.
   */
  readonly afterOffspring?: (iteration: number, best: Individual) => readonly Individual[];
  /** Called with every feasible day the search makes (for a route pool). */
  readonly onFeasible?: (ind: Individual) => void;
}

/**
 * Runs the genetic search from `start` (a locally optimal day, loaded in `s`); returns the best
 * feasible day found (`start` when none beats it) and the number of offspring.
 */
export function solveDayGenetic(s: Routes, rng: Rng, start: Individual, o: GeneticOptions): { best: Individual; iterations: number } {
  const pop = new Population<Individual, PenaltyScales>(PARAMS);
  const scales = initialScales(s);
  const floor = minimumScales(s);
  let best = start;
  const lateHistory: number[] = [];
  const overHistory: number[] = [];
  let it = 0;
  let sinceBest = 0;
  const stop = (): boolean => it >= o.maxIterations || o.timeUp();

  const record = (ind: Individual): void => {
    pop.add(ind, scales);
    if (!ind.feasible) return;
    o.onFeasible?.(ind);
    if (ind.objective < best.objective - 1e-9) {
      best = ind;
      sinceBest = 0;
    }
  };
  const adapt = (x: number, history: number[], low: number): number => {
    const frac = history.reduce((a, b) => a + b, 0) / history.length;
    if (frac < TARGET_FEASIBLE - 0.05) return Math.min(MAX_SCALE, x * 1.2);
    if (frac > TARGET_FEASIBLE + 0.05) return Math.max(low, x * 0.85);
    return x;
  };
  const educate = (load: () => void): void => {
    s.usePenaltyScales(scales.time, scales.cap);
    load();
    localSearch(s, rng);
    const ind = new Individual(s);
    record(ind);
    lateHistory.push(ind.late <= 1e-9 ? 1 : 0);
    overHistory.push(ind.over <= 1e-12 ? 1 : 0);
    if (!ind.feasible && rng.nextInt(100) < REPAIR_PERCENT) {
      s.setPenaltyScales(Math.min(MAX_SCALE, scales.time * 10), Math.min(MAX_SCALE, scales.cap * 10));
      localSearch(s, rng);
      const repaired = new Individual(s);
      if (repaired.feasible) record(repaired);
    }
    if (lateHistory.length >= ADAPT_EVERY) {
      scales.time = adapt(scales.time, lateHistory, floor.time);
      scales.cap = adapt(scales.cap, overHistory, floor.cap);
      lateHistory.length = 0;
      overHistory.length = 0;
      pop.resort(scales);
    }
  };
  const n = s.m.nBins;
  const tour = Int32Array.from({ length: n }, (_, i) => i);
  const initialise = (): void => {
    for (let k = 0; k < o.initial && !stop(); k++, it++) {
      if (o.seeding === 'random-tours') {
        rng.shuffle(tour);
        educate(() => s.load(splitTour(s, tour)));
      } else {
        educate(() => {
          start.loadInto(s);
          ruinAndRecreate(s, rng);
        });
      }
      o.onIteration?.(it, best.objective);
    }
  };

  record(start);
  initialise();
  const seen = new Uint8Array(n);
  while (!stop()) {
    it++;
    sinceBest++;
    const a = pop.tournament(rng);
    if (rng.nextInt(100) < o.mutationPercent) {
      educate(() => {
        a.loadInto(s);
        ruinAndRecreate(s, rng);
      });
    } else {
      const b = pop.tournament(rng);
      educate(() => s.load(splitTour(s, orderedCrossover(a.tour, b.tour, rng, seen))));
    }
    for (const extra of o.afterOffspring?.(it, best) ?? []) record(extra);
    o.onIteration?.(it, best.objective);
    if (sinceBest >= RESTART_AFTER) {
      pop.clear();
      sinceBest = 0;
      initialise();
    }
  }
  return { best, iterations: it };
}
