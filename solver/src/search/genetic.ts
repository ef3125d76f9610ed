/**
 * Hybrid genetic search for collection days of a uniform fleet (Vidal et al. 2012, 2013;
 * Vidal 2022), on the day search's own local search: a population of locally optimal days
 * (feasible and infeasible subpopulations ranked by cost and diversity), ordered crossover of
 * giant tours of bins, Split into routes ({@link splitTour}: unloading trips where the truck
 * would overflow, bins left out for their prize), the granular local search of
 * {@link Routes} (disposal visits and breaks re-placed), and lateness and overload weights
 * adapted so that about a fifth of the offspring are feasible.
 */
import type { Rng } from '../model/rng.js';
import { orderedCrossover } from './crossover.js';
import { Population, type PopulationParams } from './population.js';
import { DayIndividual } from './individual.js';
import type { DayModel } from './model.js';
import { localSearch } from './local-search.js';
import type { Routes } from './routes.js';
import { ruinAndRecreate } from './ruin-recreate.js';
import { splitTour } from './split.js';

/** Population settings of HGS-CVRP (Vidal 2022, table 1). */
const PARAMS: PopulationParams = { mu: 25, lambda: 40, nbElite: 4, nbClose: 5 };
/**
 * Days educated at the start (HGS: 4 mu random tours; here ruin and recreate of the starting day,
 * which costs far less local search on large days and did as well on Solomon's instances).
 */
const INITIAL = 100;
/** Target share of feasible offspring, and offspring between two updates of the weights. */
const TARGET_FEASIBLE = 0.2;
const ADAPT_EVERY = 100;
/** Share (percent) of infeasible offspring repaired with ten times the weights. */
const REPAIR_PERCENT = 50;
/** Share (percent) of offspring made by ruin and recreate of one parent instead of crossover. */
const MUTATION_PERCENT = 50;

/**
 * Largest day the genetic search takes. Each offspring is a freshly loaded day, so its local
 * search starts over on every bin, where ruin and recreate keeps its move memo between
 * iterations. On generated sample-city days made uniform (every truck takes every stream), 30 s:
 * 300 bins, the genetic search 0.6 % cheaper than ruin and recreate; 600 bins, 9.9 % dearer;
 * 1,500 bins, 88 mandatory bins left out against 30.
 */
export const GENETIC_MAX_BINS = 300;

/**
 * True when the genetic search applies: at most {@link GENETIC_MAX_BINS} bins, every vehicle
 * alike (same places, hours, capacities, costs, streams, sites and breaks) and nothing pinned
 * (no locks, closed routes or fixed prefixes), so that any tour can be split over any vehicles.
 */
export function geneticApplies(m: DayModel): boolean {
  if (m.nBins < 2 || m.nBins > GENETIC_MAX_BINS || m.routes.length === 0) return false;
  for (let b = 0; b < m.nBins; b++) if (m.locked[b] || (m.pinRoute[b] ?? -1) >= 0) return false;
  const key = (r: DayModel['routes'][number]): string => {
    const breaks = r.breakNodes.map((b) => `${m.ready[b]}-${m.due[b]}-${m.service[b]}`).join(';');
    return [r.startLoc, r.startSec, r.startLoadL, r.startLoadK, r.endLoc, r.endDue, r.maxWorkingSec, r.capL, r.capK, r.dailyK, r.maxStops, r.acceptMask, r.sites.join(','), r.fixedCost, r.perM, r.perSec, breaks].join('|');
  };
  const first = m.routes[0];
  if (!first) return false;
  const k0 = key(first);
  return m.routes.every((r) => !r.hasPrefix && !r.closed && r.doneBins === 0 && key(r) === k0);
}

export interface DayGeneticOptions {
  readonly maxIterations: number;
  readonly timeUp: () => boolean;
  /** Starting penalty scale (see {@link Routes.setPenaltyScale}). */
  readonly penaltyScale: number;
  readonly onIteration?: (iteration: number, best: number) => void;
}

/**
 * Runs the genetic search from `start` (a locally optimal day, loaded in `s`); returns the best
 * feasible day found (`start` when none beats it) and the number of offspring.
 */
export function solveDayGenetic(s: Routes, rng: Rng, start: DayIndividual, o: DayGeneticOptions): { best: DayIndividual; iterations: number } {
  const pop = new Population<DayIndividual, number>(PARAMS);
  let scale = o.penaltyScale;
  let best = start;
  const history: number[] = [];
  let it = 0;
  const stop = (): boolean => it >= o.maxIterations || o.timeUp();

  const record = (ind: DayIndividual): void => {
    pop.add(ind, scale);
    if (ind.feasible && ind.distance < best.distance - 1e-9) best = ind;
  };
  const educate = (load: () => void): void => {
    s.setPenaltyScale(scale);
    load();
    localSearch(s, rng);
    const ind = new DayIndividual(s);
    record(ind);
    history.push(ind.feasible ? 1 : 0);
    if (!ind.feasible && rng.nextInt(100) < REPAIR_PERCENT) {
      s.setPenaltyScale(Math.min(1, scale * 10));
      localSearch(s, rng);
      const repaired = new DayIndividual(s);
      if (repaired.feasible) record(repaired);
    }
    if (history.length >= ADAPT_EVERY) {
      const frac = history.reduce((a, b) => a + b, 0) / history.length;
      if (frac < TARGET_FEASIBLE - 0.05) scale = Math.min(1, scale * 1.2);
      else if (frac > TARGET_FEASIBLE + 0.05) scale = Math.max(1e-12, scale * 0.85);
      history.length = 0;
      pop.resort(scale);
    }
  };

  record(start);
  const n = s.m.nBins;
  for (let k = 0; k < INITIAL && !stop(); k++, it++) {
    educate(() => {
      start.loadInto(s);
      ruinAndRecreate(s, rng);
    });
    o.onIteration?.(it, best.distance);
  }
  const seen = new Uint8Array(n);
  while (!stop()) {
    it++;
    const a = pop.tournament(rng);
    if (rng.nextInt(100) < MUTATION_PERCENT) {
      educate(() => {
        a.loadInto(s);
        ruinAndRecreate(s, rng);
      });
    } else {
      const b = pop.tournament(rng);
      educate(() => s.load(splitTour(s, orderedCrossover(a.tour, b.tour, rng, seen))));
    }
    o.onIteration?.(it, best.distance);
  }
  return { best, iterations: it };
}
