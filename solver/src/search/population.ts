import type { Rng } from '../model/rng.js';

/**
 * What the population needs of a solution: feasibility, its cost without penalties (`objective`)
 * and under penalty weights `P`, and the broken-pairs distance to another solution.
 */
export interface PopulationMember<I, P> {
  readonly feasible: boolean;
  /** Cost without penalties. */
  readonly objective: number;
  cost(p: P): number;
  brokenPairs(other: I): number;
  /** Other members of the same subpopulation sorted by increasing broken-pairs distance. */
  proximity: { d: number; ind: I }[];
  biasedFitness: number;
}

/**
 * Population settings (Vidal 2022, table 1: mu 25, lambda 40, nbElite 4, nbClose 5): the
 * smallest subpopulation size, the offspring added before survivors are selected, the elite kept
 * regardless of diversity, and the neighbours the diversity contribution averages over.
 */
export interface PopulationParams {
  readonly mu: number;
  readonly lambda: number;
  readonly nbElite: number;
  readonly nbClose: number;
}

/** Mean broken-pairs distance of `ind` to its `k` closest members. */
export function averageClosest(ind: { readonly proximity: readonly { d: number }[] }, k: number): number {
  const m = Math.min(k, ind.proximity.length);
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < m; i++) s += ind.proximity[i]?.d ?? 0;
  return s / m;
}

/**
 * Feasible and infeasible subpopulations with biased fitness (cost rank plus diversity rank
 * from the broken-pairs distance), survivor selection removing clones first, and binary
 * tournament (Vidal et al. 2012; Vidal 2022, section 3.3).
 */
export class Population<I extends PopulationMember<I, P>, P> {
  readonly feasible: I[] = [];
  readonly infeasible: I[] = [];
  best: I | null = null;
  private readonly params: PopulationParams;
  /** Biased fitness is stale after any change of a subpopulation. */
  private dirty = true;

  constructor(params: PopulationParams) {
    this.params = params;
  }

  /** Adds a copy-free reference to the right subpopulation; returns true if it is a new best feasible. */
  add(ind: I, p: P): boolean {
    const sub = ind.feasible ? this.feasible : this.infeasible;
    for (const other of sub) {
      const d = ind.brokenPairs(other);
      insertSorted(other.proximity, { d, ind });
      insertSorted(ind.proximity, { d, ind: other });
    }
    this.dirty = true;
    const c = ind.cost(p);
    let k = sub.length;
    while (k > 0 && (sub[k - 1] as I).cost(p) > c) k--;
    sub.splice(k, 0, ind);
    if (sub.length > this.params.mu + this.params.lambda) {
      while (sub.length > this.params.mu) this.removeWorst(sub, p);
    }
    if (ind.feasible && (this.best === null || ind.objective < this.best.objective)) {
      this.best = ind;
      return true;
    }
    return false;
  }

  /** Recomputes biased fitness of a subpopulation (sorted by penalised cost). */
  private updateFitness(sub: I[]): void {
    const n = sub.length;
    if (n === 1) { (sub[0] as I).biasedFitness = 0; return; }
    const ranking = sub.map((ind, i) => ({ div: -averageClosest(ind, this.params.nbClose), i }));
    ranking.sort((a, b) => a.div - b.div || a.i - b.i);
    for (let pos = 0; pos < n; pos++) {
      const r = ranking[pos] as { div: number; i: number };
      const divRank = pos / (n - 1);
      const fitRank = r.i / (n - 1);
      const ind = sub[r.i] as I;
      ind.biasedFitness = n <= this.params.nbElite ? fitRank : fitRank + (1 - this.params.nbElite / n) * divRank;
    }
  }

  private removeWorst(sub: I[], _p: P): void {
    this.updateFitness(sub);
    let worst = 1;
    let worstClone = false;
    let worstFit = -1;
    for (let i = 1; i < sub.length; i++) {
      const ind = sub[i] as I;
      const clone = (ind.proximity[0]?.d ?? 1) < 1e-9;
      if ((clone && !worstClone) || (clone === worstClone && ind.biasedFitness > worstFit)) {
        worst = i;
        worstClone = clone;
        worstFit = ind.biasedFitness;
      }
    }
    const [gone] = sub.splice(worst, 1);
    for (const other of sub) {
      const k = other.proximity.findIndex((e) => e.ind === gone);
      if (k >= 0) other.proximity.splice(k, 1);
    }
  }

  /** Binary tournament on biased fitness over both subpopulations. */
  tournament(rng: Rng): I {
    if (this.dirty) {
      if (this.feasible.length > 0) this.updateFitness(this.feasible);
      if (this.infeasible.length > 0) this.updateFitness(this.infeasible);
      this.dirty = false;
    }
    const total = this.feasible.length + this.infeasible.length;
    const pick = () => {
      const i = rng.nextInt(total);
      return (i < this.feasible.length ? this.feasible[i] : this.infeasible[i - this.feasible.length]) as I;
    };
    const a = pick();
    const b = pick();
    return a.biasedFitness < b.biasedFitness ? a : b;
  }

  /** Re-sorts the infeasible subpopulation after a penalty change. */
  resort(p: P): void {
    this.infeasible.sort((a, b) => a.cost(p) - b.cost(p));
    this.dirty = true;
  }

  /** Empties both subpopulations (the best solution is kept). */
  clear(): void {
    this.feasible.length = 0;
    this.infeasible.length = 0;
    this.dirty = true;
  }

  get size(): number {
    return this.feasible.length + this.infeasible.length;
  }
}

function insertSorted<I>(list: { d: number; ind: I }[], e: { d: number; ind: I }): void {
  let k = list.length;
  while (k > 0 && (list[k - 1] as { d: number }).d > e.d) k--;
  list.splice(k, 0, e);
}
