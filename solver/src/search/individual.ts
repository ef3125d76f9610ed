import type { PopulationMember } from './population.js';
import { BIN } from './model.js';
import type { DaySnapshot, Routes } from './routes.js';

/** Marks of a bin's neighbours in {@link Individual.succ} / `pred`. */
const DEPOT = -1;
const POOL = -2;

/** Scales of the lateness and overload weights (see `Routes.setPenaltyScales`). */
export interface PenaltyScales {
  time: number;
  cap: number;
}

/**
 * A collection day in the population of the genetic search (`solveDayGenetic`): its node
 * sequences and disposal sites (to load it back into the search), its giant tour of bins, and
 * the totals the population ranks it by. `cost(p)` is the search's penalised cost under the
 * penalty scales `p`.
 */
export class Individual implements PopulationMember<Individual, PenaltyScales>, DaySnapshot {
  readonly routes: number[][];
  readonly sites: Int32Array;
  /** Bins in route order, routes concatenated, then the bins left out (ascending). */
  readonly tour: Int32Array;
  /** Objective without penalties: route costs plus the prizes of bins left out. */
  readonly objective: number;
  /** Lateness (s) and relative overload summed over routes. */
  readonly late: number;
  readonly over: number;
  /** Next and previous bin of each bin (-1: start or end of a route; -2: left out). */
  readonly succ: Int32Array;
  readonly pred: Int32Array;
  private readonly hardTime: number;
  private readonly hardCap: number;
  proximity: { d: number; ind: Individual }[] = [];
  biasedFitness = 0;

  constructor(s: Routes) {
    const m = s.m;
    this.routes = s.routes();
    this.sites = m.siteOf.slice();
    this.hardTime = s.hardTime;
    this.hardCap = s.hardCap;
    this.succ = new Int32Array(m.nBins).fill(POOL);
    this.pred = new Int32Array(m.nBins).fill(POOL);
    this.tour = new Int32Array(m.nBins);
    let k = 0;
    let late = 0;
    let over = 0;
    for (let r = 0; r < m.nRoutes; r++) {
      late += s.rLate[r] ?? 0;
      over += s.rOver[r] ?? 0;
      let prev = DEPOT;
      for (const v of this.routes[r] ?? []) {
        if (m.kind[v] !== BIN) continue;
        this.tour[k++] = v;
        this.pred[v] = prev;
        if (prev !== DEPOT) this.succ[prev] = v;
        prev = v;
      }
      if (prev !== DEPOT) this.succ[prev] = DEPOT;
    }
    for (let b = 0; b < m.nBins; b++) if (this.pred[b] === POOL) this.tour[k++] = b;
    this.late = late;
    this.over = over;
    this.objective = s.totalCost() - s.wTime * late - s.wCap * over;
  }

  get feasible(): boolean {
    return this.late <= 1e-9 && this.over <= 1e-12;
  }

  cost(p: PenaltyScales): number {
    return this.objective + p.time * this.hardTime * this.late + p.cap * this.hardCap * this.over;
  }

  /** Broken-pairs distance in [0, 1] (Prins 2009), a bin left out in one of both counting as broken. */
  brokenPairs(other: Individual): number {
    const n = this.succ.length;
    if (n === 0) return 0;
    let diff = 0;
    for (let j = 0; j < n; j++) {
      const s = this.succ[j] ?? POOL;
      if (s !== other.succ[j] && s !== other.pred[j]) diff++;
      if (this.pred[j] === DEPOT && other.pred[j] !== DEPOT && other.succ[j] !== DEPOT) diff++;
    }
    return diff / n;
  }

  /** Loads this day into the search. */
  loadInto(s: Routes): void {
    s.restore(this);
  }
}
