import type { Rng } from '../model/rng.js';
import type { VrpInstance } from './instance.js';
import { COST_SCALE, type Penalties } from './penalties.js';
import { Relocate } from './operators/relocate.js';
import { RelocatePair } from './operators/relocate-pair.js';
import { Swap } from './operators/swap.js';
import { TwoOpt } from './operators/two-opt.js';
import { TwoOptStar } from './operators/two-opt-star.js';
import { SwapStar } from './operators/swap-star.js';

/**
 * Granular local search over a fixed set of routes (Vidal 2022, "Hybrid genetic search for the
 * CVRP", section 3.2; time windows after Vidal et al. 2013, "A hybrid genetic algorithm with
 * adaptive diversity management for a large class of vehicle routing problems with
 * time-windows").
 *
 * Routes are doubly linked lists over node ids: customers keep their instance index 1..n, route r
 * has a start depot node `n + 1 + r` and an end depot node `n + 1 + R + r`. Every node stores the
 * route segment data of its prefix (start depot .. node) and suffix (node .. end depot): load,
 * distance and Vidal's time-warp concatenation data (duration, time warp, earliest and latest
 * start). A move is evaluated in O(1) by concatenating at most four such pieces in the
 * accumulator (`acc*` methods); intra-route moves under time windows walk the changed range.
 * Infeasibility is penalised, never forbidden. All costs are exact integers ({@link COST_SCALE}).
 */
export class LocalSearch {
  readonly inst: VrpInstance;
  /** Number of customers. */
  readonly nc: number;
  /** Number of routes (some may be empty). */
  readonly nRoutes: number;
  readonly nn: number;
  readonly tw: boolean;
  readonly capacity: number;
  readonly dist: Int32Array;
  readonly demand: Int32Array;
  readonly service: Int32Array;
  readonly ready: Int32Array;
  readonly due: Int32Array;
  /** Client (instance node) of each LS node; depots map to 0. */
  readonly cl: Int32Array;
  readonly nxt: Int32Array;
  readonly prv: Int32Array;
  readonly rte: Int32Array;
  readonly pos: Int32Array;
  readonly pLoad: Float64Array;
  readonly pDist: Float64Array;
  readonly pDur: Float64Array;
  readonly pTw: Float64Array;
  readonly pE: Float64Array;
  readonly pL: Float64Array;
  readonly sLoad: Float64Array;
  readonly sDist: Float64Array;
  readonly sDur: Float64Array;
  readonly sTw: Float64Array;
  readonly sE: Float64Array;
  readonly sL: Float64Array;
  readonly rLoad: Float64Array;
  readonly rDist: Float64Array;
  readonly rTw: Float64Array;
  readonly rCost: Float64Array;
  readonly rPen: Float64Array;
  readonly rSize: Int32Array;
  readonly rModified: Int32Array;
  /** Polar sector of each route (angles in [0, 65536)), for SWAP*. */
  readonly rAngleMin: Int32Array;
  readonly rAngleMax: Int32Array;
  readonly angle: Int32Array;
  /** Granular neighbour lists (customers) per customer. */
  readonly neighbours: Int32Array[];
  readonly order: Int32Array;
  readonly lastTested: Int32Array;
  readonly lastTestedSwapStar: Int32Array;
  nbMoves = 0;
  /** Incremented at every `run`, so caches keyed on move counters can be invalidated. */
  runId = 0;
  pc = 1;
  ptw = 1;
  useSwapStar = true;
  // accumulator (the concatenation being evaluated)
  aLoad = 0;
  aDist = 0;
  aDur = 0;
  aTw = 0;
  aE = 0;
  aL = 0;
  aLast = 0;

  constructor(inst: VrpInstance, nRoutes: number, neighbours: Int32Array[]) {
    this.inst = inst;
    this.nc = inst.nNodes - 1;
    this.nRoutes = nRoutes;
    this.nn = inst.nNodes;
    this.tw = inst.hasTimeWindows;
    this.capacity = inst.capacity;
    this.dist = inst.dist;
    this.demand = inst.demand;
    this.service = inst.service;
    this.ready = inst.ready;
    this.due = inst.due;
    this.neighbours = neighbours;
    const total = this.nc + 1 + 2 * nRoutes;
    this.cl = new Int32Array(total);
    for (let i = 1; i <= this.nc; i++) this.cl[i] = i;
    const f = () => new Float64Array(total);
    this.nxt = new Int32Array(total);
    this.prv = new Int32Array(total);
    this.rte = new Int32Array(total);
    this.pos = new Int32Array(total);
    this.pLoad = f(); this.pDist = f(); this.pDur = f(); this.pTw = f(); this.pE = f(); this.pL = f();
    this.sLoad = f(); this.sDist = f(); this.sDur = f(); this.sTw = f(); this.sE = f(); this.sL = f();
    const g = () => new Float64Array(nRoutes);
    this.rLoad = g(); this.rDist = g(); this.rTw = g(); this.rCost = g(); this.rPen = g();
    this.rSize = new Int32Array(nRoutes);
    this.rModified = new Int32Array(nRoutes);
    this.rAngleMin = new Int32Array(nRoutes);
    this.rAngleMax = new Int32Array(nRoutes);
    this.angle = new Int32Array(inst.nNodes);
    for (let i = 1; i <= this.nc; i++) {
      const a = Math.atan2((inst.y[i] ?? 0) - (inst.y[0] ?? 0), (inst.x[i] ?? 0) - (inst.x[0] ?? 0));
      this.angle[i] = ((Math.round((32768 * a) / Math.PI) % 65536) + 65536) % 65536;
    }
    this.order = Int32Array.from({ length: this.nc }, (_, i) => i + 1);
    this.lastTested = new Int32Array(inst.nNodes);
    this.lastTestedSwapStar = new Int32Array(nRoutes * nRoutes);
  }

  /** Start depot node of route r. */
  startDepot(r: number): number {
    return this.nc + 1 + r;
  }

  /** End depot node of route r. */
  endDepot(r: number): number {
    return this.nc + 1 + this.nRoutes + r;
  }

  /** True for depot nodes. */
  isDepot(node: number): boolean {
    return node > this.nc;
  }

  /** Loads routes (lists of customers; at most `nRoutes`) into the linked lists. */
  load(routes: readonly (readonly number[])[]): void {
    for (let r = 0; r < this.nRoutes; r++) {
      const route = routes[r] ?? [];
      let prev = this.startDepot(r);
      for (const c of route) {
        this.nxt[prev] = c;
        this.prv[c] = prev;
        prev = c;
      }
      const end = this.endDepot(r);
      this.nxt[prev] = end;
      this.prv[end] = prev;
      this.prv[this.startDepot(r)] = -1;
      this.nxt[end] = -1;
    }
    for (let r = 0; r < this.nRoutes; r++) this.updateRoute(r);
  }

  /** Current routes as customer lists (including empty routes). */
  routes(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.nRoutes; r++) {
      const route: number[] = [];
      for (let v = this.nxt[this.startDepot(r)] ?? 0; v <= this.nc; v = this.nxt[v] ?? 0) route.push(v);
      out.push(route);
    }
    return out;
  }

  /** Sets the penalty factors and refreshes route costs. */
  setPenalties(p: Penalties): void {
    this.pc = p.capacity;
    this.ptw = p.timeWarp;
    for (let r = 0; r < this.nRoutes; r++) this.refreshRouteCost(r);
  }

  private refreshRouteCost(r: number): void {
    const excess = Math.max(0, (this.rLoad[r] ?? 0) - this.capacity);
    const pen = this.pc * excess + this.ptw * (this.rTw[r] ?? 0);
    this.rPen[r] = pen;
    this.rCost[r] = COST_SCALE * (this.rDist[r] ?? 0) + pen;
  }

  /** Recomputes prefix and suffix data of every node of route r, and its totals. */
  updateRoute(r: number): void {
    const start = this.startDepot(r);
    const end = this.endDepot(r);
    const d0r = this.ready[0] ?? 0;
    const d0d = this.due[0] ?? 0;
    this.pLoad[start] = 0; this.pDist[start] = 0; this.pDur[start] = 0; this.pTw[start] = 0;
    this.pE[start] = d0r; this.pL[start] = d0d;
    this.rte[start] = r;
    this.pos[start] = 0;
    let prev = start;
    let p = 0;
    let v = this.nxt[start] ?? end;
    let amin = 65536;
    let amax = -1;
    let first = -1;
    for (;;) {
      this.accPrefix(prev);
      this.accNode(v);
      this.pLoad[v] = this.aLoad; this.pDist[v] = this.aDist; this.pDur[v] = this.aDur; this.pTw[v] = this.aTw;
      this.pE[v] = this.aE; this.pL[v] = this.aL;
      this.rte[v] = r;
      this.pos[v] = ++p;
      if (v === end) break;
      const a = this.angle[v] ?? 0;
      if (first < 0) { first = a; amin = 0; amax = 0; }
      else {
        // circular sector extension as in HGS-CVRP CircleSector
        let rel = (a - first + 65536) % 65536;
        if (rel > 32768) rel -= 65536;
        if (rel < amin) amin = rel;
        if (rel > amax) amax = rel;
      }
      prev = v;
      v = this.nxt[v] ?? end;
    }
    this.rSize[r] = p - 1;
    this.rAngleMin[r] = first < 0 ? 0 : first + amin;
    this.rAngleMax[r] = first < 0 ? -1 : first + amax;
    this.rLoad[r] = this.aLoad;
    this.rDist[r] = this.aDist;
    this.rTw[r] = this.aTw;
    this.sLoad[end] = 0; this.sDist[end] = 0; this.sDur[end] = 0; this.sTw[end] = 0;
    this.sE[end] = d0r; this.sL[end] = d0d;
    let w = this.prv[end] ?? start;
    let after = end;
    for (;;) {
      this.accSingle(w);
      this.accSuffix(after);
      this.sLoad[w] = this.aLoad; this.sDist[w] = this.aDist; this.sDur[w] = this.aDur; this.sTw[w] = this.aTw;
      this.sE[w] = this.aE; this.sL[w] = this.aL;
      if (w === start) break;
      after = w;
      w = this.prv[w] ?? start;
    }
    this.refreshRouteCost(r);
  }

  /** Marks routes as modified after a move and recomputes their data. */
  touch(r1: number, r2: number): void {
    this.nbMoves++;
    this.rModified[r1] = this.nbMoves;
    this.updateRoute(r1);
    if (r2 !== r1) {
      this.rModified[r2] = this.nbMoves;
      this.updateRoute(r2);
    }
  }

  // ---- accumulator: concatenation of route pieces (Vidal et al. 2013, time-warp segments) ----

  /** Accumulator := prefix segment (start depot .. node). */
  accPrefix(node: number): void {
    this.aLoad = this.pLoad[node] ?? 0;
    this.aDist = this.pDist[node] ?? 0;
    if (this.tw) {
      this.aDur = this.pDur[node] ?? 0; this.aTw = this.pTw[node] ?? 0;
      this.aE = this.pE[node] ?? 0; this.aL = this.pL[node] ?? 0;
    }
    this.aLast = this.cl[node] ?? 0;
  }

  /** Accumulator := the single node. */
  accSingle(node: number): void {
    const c = this.cl[node] ?? 0;
    this.aLoad = this.demand[c] ?? 0;
    this.aDist = 0;
    this.aDur = c === 0 ? 0 : this.service[c] ?? 0;
    this.aTw = 0;
    this.aE = this.ready[c] ?? 0;
    this.aL = this.due[c] ?? 0;
    this.aLast = c;
  }

  private concat(d2: number, tw2: number, e2: number, l2: number, t: number): void {
    const delta = this.aDur - this.aTw + t;
    let wt = e2 - delta - this.aL;
    if (wt < 0) wt = 0;
    let tw = this.aE + delta - l2;
    if (tw < 0) tw = 0;
    this.aDur = this.aDur + d2 + t + wt;
    this.aTw = this.aTw + tw2 + tw;
    const e = e2 - delta;
    this.aE = (e > this.aE ? e : this.aE) - wt;
    const l = l2 - delta;
    this.aL = (l < this.aL ? l : this.aL) + tw;
  }

  /** Accumulator := accumulator + node. */
  accNode(node: number): void {
    const c = this.cl[node] ?? 0;
    const t = this.dist[this.aLast * this.nn + c] ?? 0;
    this.aLoad += this.demand[c] ?? 0;
    this.aDist += t;
    if (this.tw) this.concat(c === 0 ? 0 : this.service[c] ?? 0, 0, this.ready[c] ?? 0, this.due[c] ?? 0, t);
    this.aLast = c;
  }

  /** Accumulator := accumulator + suffix segment (node .. end depot). */
  accSuffix(node: number): void {
    const c = this.cl[node] ?? 0;
    const t = this.dist[this.aLast * this.nn + c] ?? 0;
    this.aLoad += this.sLoad[node] ?? 0;
    this.aDist += t + (this.sDist[node] ?? 0);
    if (this.tw) this.concat(this.sDur[node] ?? 0, this.sTw[node] ?? 0, this.sE[node] ?? 0, this.sL[node] ?? 0, t);
    this.aLast = 0;
  }

  /** Accumulator := accumulator + nodes from..to following `nxt` (same route, from before to). */
  accRange(from: number, to: number): void {
    let v = from;
    for (;;) {
      this.accNode(v);
      if (v === to) break;
      v = this.nxt[v] ?? to;
    }
  }

  /** Accumulator := accumulator + nodes from..to following `prv` (reversed order). */
  accRangeReversed(from: number, to: number): void {
    let v = from;
    for (;;) {
      this.accNode(v);
      if (v === to) break;
      v = this.prv[v] ?? to;
    }
  }

  /** Penalised cost of the accumulator (a complete route). */
  accCost(): number {
    const excess = this.aLoad - this.capacity;
    return COST_SCALE * this.aDist + (excess > 0 ? this.pc * excess : 0) + this.ptw * this.aTw;
  }

  /** Distance between the clients of two nodes. */
  d(a: number, b: number): number {
    return this.dist[(this.cl[a] ?? 0) * this.nn + (this.cl[b] ?? 0)] ?? 0;
  }

  /** Moves node u (customer) to just after node v; updates both routes. */
  moveAfter(u: number, v: number): void {
    const pu = this.prv[u] ?? 0;
    const x = this.nxt[u] ?? 0;
    this.nxt[pu] = x;
    this.prv[x] = pu;
    const y = this.nxt[v] ?? 0;
    this.nxt[v] = u;
    this.prv[u] = v;
    this.nxt[u] = y;
    this.prv[y] = u;
  }

  /** Sum of penalised route costs. */
  totalCost(): number {
    let s = 0;
    for (let r = 0; r < this.nRoutes; r++) s += this.rCost[r] ?? 0;
    return s;
  }

  private firstEmptyRoute(): number {
    for (let r = 0; r < this.nRoutes; r++) if (this.rSize[r] === 0) return r;
    return -1;
  }

  /**
   * Runs the granular local search to a local optimum under penalties `p`. Deterministic for a
   * given RNG state.
   */
  run(p: Penalties, rng: Rng): void {
    this.setPenalties(p);
    const order = this.order;
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    for (let i = 1; i <= this.nc; i++) {
      const list = this.neighbours[i];
      if (list === undefined || list.length < 2 || rng.nextInt(10) !== 0) continue;
      for (let a = list.length - 1; a > 0; a--) {
        const b = rng.nextInt(a + 1);
        const t = list[a] ?? 0;
        list[a] = list[b] ?? 0;
        list[b] = t;
      }
    }
    this.nbMoves = 0;
    this.runId++;
    this.rModified.fill(0);
    this.lastTested.fill(-1);
    this.lastTestedSwapStar.fill(-1);
    let loop = 0;
    let completed = false;
    while (!completed) {
      if (loop > 1) completed = true;
      for (let k = 0; k < order.length; k++) {
        const u = order[k] ?? 0;
        const lastU = this.lastTested[u] ?? 0;
        this.lastTested[u] = this.nbMoves;
        const list = this.neighbours[u] ?? new Int32Array(0);
        for (let q = 0; q < list.length; q++) {
          const v = list[q] ?? 0;
          const ru = this.rte[u] ?? 0;
          const rv = this.rte[v] ?? 0;
          if (loop > 0 && Math.max(this.rModified[ru] ?? 0, this.rModified[rv] ?? 0) <= lastU) continue;
          if (this.tryMoves(u, v)) { completed = false; continue; }
          const pv = this.prv[v] ?? 0;
          if (this.isDepot(pv) && this.tryDepotMoves(u, pv)) completed = false;
        }
        if (loop > 0) {
          const r = this.firstEmptyRoute();
          if (r >= 0 && this.tryDepotMoves(u, this.startDepot(r))) completed = false;
        }
      }
      if (this.useSwapStar && !this.tw) {
        for (let r1 = 0; r1 < this.nRoutes; r1++) {
          if (this.rSize[r1] === 0) continue;
          for (let r2 = r1 + 1; r2 < this.nRoutes; r2++) {
            if (this.rSize[r2] === 0) continue;
            const last = this.lastTestedSwapStar[r1 * this.nRoutes + r2] ?? -1;
            if (loop > 0 && Math.max(this.rModified[r1] ?? 0, this.rModified[r2] ?? 0) <= last) continue;
            this.lastTestedSwapStar[r1 * this.nRoutes + r2] = this.nbMoves;
            if (!this.sectorsOverlap(r1, r2)) continue;
            if (SwapStar.evaluate(this, r1, r2) < 0) {
              SwapStar.apply(this, r1, r2);
              completed = false;
            }
          }
        }
      }
      loop++;
    }
  }

  private sectorsOverlap(r1: number, r2: number): boolean {
    const s1 = this.rAngleMin[r1] ?? 0;
    const e1 = this.rAngleMax[r1] ?? 0;
    const s2 = this.rAngleMin[r2] ?? 0;
    const e2 = this.rAngleMax[r2] ?? 0;
    return inSector(s2, s1, e1) || inSector(s1, s2, e2);
  }

  private tryMoves(u: number, v: number): boolean {
    if (Relocate.evaluate(this, u, v) < 0) { Relocate.apply(this, u, v); return true; }
    if (RelocatePair.evaluate(this, u, v) < 0) { RelocatePair.apply(this, u, v); return true; }
    if (Swap.evaluate(this, u, v) < 0) { Swap.apply(this, u, v); return true; }
    if (this.rte[u] === this.rte[v]) {
      if (TwoOpt.evaluate(this, u, v) < 0) { TwoOpt.apply(this, u, v); return true; }
    } else if (TwoOptStar.evaluate(this, u, v) < 0) { TwoOptStar.apply(this, u, v); return true; }
    return false;
  }

  private tryDepotMoves(u: number, depot: number): boolean {
    if (Relocate.evaluate(this, u, depot) < 0) { Relocate.apply(this, u, depot); return true; }
    if (RelocatePair.evaluate(this, u, depot) < 0) { RelocatePair.apply(this, u, depot); return true; }
    if (this.rte[u] !== this.rte[depot] && TwoOptStar.evaluate(this, u, depot) < 0) { TwoOptStar.apply(this, u, depot); return true; }
    return false;
  }
}

/** True when angle `a` lies in the circular sector from `s` to `e` (angles modulo 65536). */
function inSector(a: number, s: number, e: number): boolean {
  return (((a - s) % 65536) + 65536) % 65536 <= (((e - s) % 65536) + 65536) % 65536;
}
