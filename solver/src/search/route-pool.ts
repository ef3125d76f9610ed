/**
 * The pool of routes the search has met in feasible days, and the set-partitioning master over
 * it (ILS-SP / HGS-SP, Subramanian, Uchoa & Ochi 2013; see lp/FORMULATION.md): the cheapest
 * selection of pooled routes that serves every mandatory bin the incumbent serves, each bin at
 * most once, at most as many routes per vehicle class as the class has vehicles, optional bins
 * earning their prizes.
 */
import type { MasterLimits, MasterProblem, MasterSolver } from '../lp/master.js';
import { BIN, BREAK, DISPOSAL, vehicleKey } from './model.js';
import type { DaySnapshot, Routes } from './routes.js';

/** A pooled route: its bins (sorted), node sequence with special nodes encoded, cost, vehicle class. */
interface Column {
  readonly items: number[];
  seq: number[];
  cost: number;
  readonly group: number;
}

/** Default number of routes kept (the oldest leave first). */
export const POOL_SIZE = 2000;

/** Statistics of the master solves. */
export interface MasterStats {
  solves: number;
  improvements: number;
  /** Columns in the pool at the last solve. */
  columns: number;
  /** Milliseconds spent in the master (0 without a clock). */
  timeMs: number;
}

/**
 * Routes of feasible days, one per (vehicle class, set of bins): the cheapest sequence seen.
 * Vehicle classes group identical vehicles (the genetic search's `vehicleKey`); a vehicle with
 * locked bins, a closed route or a fixed prefix is a class of its own.
 */
export class RoutePool {
  private readonly cols = new Map<string, Column>();
  /** Class of each vehicle, the vehicles of each class, and the cost of each vehicle's empty route. */
  readonly groupOf: Int32Array;
  readonly members: number[][];
  private readonly emptyCost: Float64Array;
  readonly stats: MasterStats = { solves: 0, improvements: 0, columns: 0, timeMs: 0 };

  constructor(
    private readonly s: Routes,
    private readonly maxSize = POOL_SIZE,
  ) {
    const m = s.m;
    const keys = new Map<string, number>();
    const pinned = new Set<number>();
    for (let b = 0; b < m.nBins; b++) if ((m.pinRoute[b] ?? -1) >= 0) pinned.add(m.pinRoute[b] ?? -1);
    this.groupOf = new Int32Array(m.nRoutes);
    this.members = [];
    for (const rs of m.routes) {
      const key = rs.hasPrefix || rs.closed || pinned.has(rs.index) ? `own ${rs.index}` : vehicleKey(m, rs);
      let g = keys.get(key);
      if (g === undefined) {
        g = this.members.length;
        keys.set(key, g);
        this.members.push([]);
      }
      this.groupOf[rs.index] = g;
      this.members[g]?.push(rs.index);
    }
    // the cost of an unused vehicle (non-zero only for a truck that must come home from a prefix)
    this.emptyCost = new Float64Array(m.nRoutes);
    const saved = s.snapshot();
    s.load(m.routes.map(() => []));
    for (let r = 0; r < m.nRoutes; r++) this.emptyCost[r] = s.rCost[r] ?? 0;
    s.restore(saved);
  }

  /** Routes in the pool. */
  get size(): number {
    return this.cols.size;
  }

  /** Adds every route of the search's current day that serves a bin and is neither late nor overloaded. */
  add(): void {
    const s = this.s;
    const m = s.m;
    for (let r = 0; r < m.nRoutes; r++) {
      if ((s.rSize[r] ?? 0) === 0 || (s.rLate[r] ?? 0) > 1e-9 || (s.rOver[r] ?? 0) > 1e-12) continue;
      const seq: number[] = [];
      const items: number[] = [];
      const rs = m.routes[r];
      for (const v of s.routeSeq(r)) {
        const k = m.kind[v];
        if (k === BIN) {
          seq.push(v);
          items.push(v);
        } else if (k === DISPOSAL) seq.push(-1 - (m.siteOf[v] ?? 0));
        else if (k === BREAK) seq.push(-1 - m.sites.length - (rs?.breakNodes.indexOf(v) ?? 0));
      }
      items.sort((a, b) => a - b);
      const group = this.groupOf[r] ?? 0;
      const cost = (s.rCost[r] ?? 0) - (this.emptyCost[r] ?? 0);
      const key = `${group}:${items.join(',')}`;
      const old = this.cols.get(key);
      if (old) {
        if (cost < old.cost - 1e-9) {
          old.cost = cost;
          old.seq = seq;
        }
        continue;
      }
      if (this.cols.size >= this.maxSize) {
        const first = this.cols.keys().next();
        if (!first.done) this.cols.delete(first.value);
      }
      this.cols.set(key, { items, seq, cost, group });
    }
  }

  /**
   * Solves the master over the pool (the current day's routes added first) and, when it finds a
   * cheaper selection, loads it into the search. The current day must be feasible.
   * @returns whether the day improved.
   */
  solveMaster(master: MasterSolver, limits: MasterLimits): boolean {
    const s = this.s;
    const m = s.m;
    if (!s.isFeasible()) return false;
    this.add();
    const columns = [...this.cols.values()];
    const required = new Uint8Array(m.nBins);
    const prizes = new Float64Array(m.nBins);
    let incumbent = 0;
    for (let b = 0; b < m.nBins; b++) {
      const served = (s.rte[b] ?? -1) >= 0;
      const mandatory = (m.prize[b] ?? -1) < 0;
      if (mandatory && served) required[b] = 1;
      else {
        prizes[b] = s.prizeOf(b);
        if (served) incumbent -= prizes[b] ?? 0;
      }
    }
    for (let r = 0; r < m.nRoutes; r++) if ((s.rSize[r] ?? 0) > 0) incumbent += (s.rCost[r] ?? 0) - (this.emptyCost[r] ?? 0);
    const problem: MasterProblem = {
      nItems: m.nBins,
      columns,
      groupLimits: this.members.map((g) => g.length),
      required,
      prizes,
      upperBound: incumbent,
    };
    this.stats.solves++;
    this.stats.columns = columns.length;
    const result = master.solve(problem, limits);
    if (result.status === 'none' || result.objective >= incumbent - 1e-9 * Math.max(1, Math.abs(incumbent))) return false;
    const before = s.totalCost();
    const saved = s.snapshot();
    s.restore(this.assign(result.chosen.map((k) => columns[k] as Column)));
    if (!s.isFeasible() || s.totalCost() >= before - 1e-9 * Math.max(1, Math.abs(before))) {
      s.restore(saved);
      return false;
    }
    this.stats.improvements++;
    return true;
  }

  /** A day made of the given columns, each on a vehicle of its class. */
  private assign(chosen: readonly Column[]): DaySnapshot {
    const m = this.s.m;
    const routes: number[][] = m.routes.map(() => []);
    const sites = m.siteOf.slice();
    const next = this.members.map(() => 0);
    let spare = m.firstDisposal;
    for (const c of chosen) {
      const r = this.members[c.group]?.[next[c.group] ?? 0] ?? -1;
      next[c.group] = (next[c.group] ?? 0) + 1;
      const rs = m.routes[r];
      if (!rs) continue;
      const seq = routes[r] ?? [];
      for (const x of c.seq) {
        if (x >= 0) seq.push(x);
        else if (-1 - x < m.sites.length) {
          if (spare >= m.firstBreak) continue;
          sites[spare] = -1 - x;
          seq.push(spare++);
        } else {
          const b = rs.breakNodes[-1 - x - m.sites.length];
          if (b !== undefined) seq.push(b);
        }
      }
    }
    return { routes, sites };
  }
}
