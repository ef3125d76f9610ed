import type { VrpInstance } from './instance.js';
import { penalisedCost, type Penalties } from './penalties.js';
import type { PopulationMember } from '../search/population.js';

/**
 * A solution in the HGS population: giant tour, routes, and the totals needed for penalised
 * cost (Vidal 2022, section 3.1). Totals are integers in internal units.
 */
export class Individual implements PopulationMember<Individual, Penalties> {
  /** Customers in route order, routes concatenated. */
  readonly tour: Int32Array;
  /** Non-empty routes as customer lists. */
  readonly routes: number[][];
  readonly distance: number;
  readonly excessLoad: number;
  readonly timeWarp: number;
  /** Successor / predecessor of each customer (0 = depot), for the broken-pairs distance. */
  readonly succ: Int32Array;
  readonly pred: Int32Array;
  /** Other individuals of the same subpopulation sorted by increasing broken-pairs distance. */
  proximity: { d: number; ind: Individual }[] = [];
  biasedFitness = 0;

  constructor(inst: VrpInstance, routes: readonly (readonly number[])[]) {
    const n = inst.nNodes;
    this.routes = routes.filter((r) => r.length > 0).map((r) => [...r]);
    this.tour = new Int32Array(n - 1);
    this.succ = new Int32Array(n);
    this.pred = new Int32Array(n);
    let k = 0;
    let distance = 0;
    let excess = 0;
    let timeWarp = 0;
    const dist = inst.dist;
    for (const r of this.routes) {
      let load = 0;
      let prev = 0;
      let time = inst.ready[0] ?? 0;
      for (const c of r) {
        this.tour[k++] = c;
        this.pred[c] = prev;
        if (prev !== 0) this.succ[prev] = c;
        const t = dist[prev * n + c] ?? 0;
        distance += t;
        load += inst.demand[c] ?? 0;
        if (inst.hasTimeWindows) {
          time += (prev === 0 ? 0 : inst.service[prev] ?? 0) + t;
          if (time < (inst.ready[c] ?? 0)) time = inst.ready[c] ?? 0;
          if (time > (inst.due[c] ?? 0)) { timeWarp += time - (inst.due[c] ?? 0); time = inst.due[c] ?? 0; }
        }
        prev = c;
      }
      this.succ[prev] = 0;
      const back = dist[prev * n] ?? 0;
      distance += back;
      if (inst.hasTimeWindows) {
        time += (inst.service[prev] ?? 0) + back;
        if (time > (inst.due[0] ?? 0)) timeWarp += time - (inst.due[0] ?? 0);
      }
      if (load > inst.capacity) excess += load - inst.capacity;
    }
    this.distance = distance;
    this.excessLoad = excess;
    this.timeWarp = timeWarp;
  }

  get objective(): number {
    return this.distance;
  }

  /** True when capacity and time windows are respected (fleet size is enforced by the search). */
  get feasible(): boolean {
    return this.excessLoad === 0 && this.timeWarp === 0;
  }

  /** Penalised cost under `p`. */
  cost(p: Penalties): number {
    return penalisedCost(this.distance, this.excessLoad, this.timeWarp, p);
  }

  /** Broken-pairs distance to `other` in [0, 1] (Prins 2009; Vidal 2022). */
  brokenPairs(other: Individual): number {
    let diff = 0;
    const n = this.succ.length;
    for (let j = 1; j < n; j++) {
      const s = this.succ[j] ?? 0;
      if (s !== other.succ[j] && s !== other.pred[j]) diff++;
      if (this.pred[j] === 0 && other.pred[j] !== 0 && other.succ[j] !== 0) diff++;
    }
    return diff / (n - 1);
  }

}
