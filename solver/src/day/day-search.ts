/**
 * Granular local search for collection days: the operators of the benchmark engine
 * (`solver/src/vrp`: RELOCATE, RELOCATE-PAIR, SWAP, 2-OPT, 2-OPT*) on routes that also hold disposal visits and
 * breaks, with O(1) move evaluation by concatenating route segments (Vidal et al. 2013 for time
 * windows, extended here with the resources of the waste problem).
 *
 * Each node stores the data of its prefix (start .. node) and suffix (node .. end):
 * distance, Vidal's time-warp data (duration, time warp, earliest and latest start), the load of
 * the first trip (`head`, before the first unloading), of the last trip (`tail`), the excess and
 * the largest load of the trips closed in between, kilograms and bin stops for the daily limits,
 * the streams, and the number of locked bins and breaks. Concatenation resets the load at a
 * disposal visit. A break happens where the truck stands: it adds its duration under its window
 * and no driving, so the next leg is driven from the place before it. The end node of a route
 * stands for "unload at the best allowed site if anything is on board, then drive to the depot",
 * so every route ends empty.
 *
 * Bins outside every route sit in a pool: optional bins enter when their prize pays for the
 * detour, mandatory ones at any cost (a large penalty stands for leaving them out).
 * Infeasibility (late arrival, overload, daily limits, working time) is penalised with large
 * weights; streams, locks and pinned nodes are hard rules of the moves.
 */
import type { Rng } from '../model/rng.js';
import { BIN, BREAK, DISPOSAL, END, START, setSite, type DayModel, type RouteSpec } from './day-model.js';

// Segment fields.
const F_DIST = 0;
const F_DUR = 1;
const F_TW = 2;
const F_E = 3;
const F_L = 4;
const F_HAS = 5;
const F_HL = 6;
const F_HK = 7;
const F_HN = 8;
const F_TL = 9;
const F_TK = 10;
const F_TN = 11;
const F_XL = 12;
const F_XK = 13;
const F_KG = 14;
const F_N = 15;
const F_MASK = 16;
const F_LOCK = 17;
const F_BRK = 18;
const F_FIRST = 19;
const F_LAST = 20;
const F_CAP = 21;
/** Driving, service, unloading and break time (duration without waiting). */
const F_TT = 22;
const NF = 23;

/** Returned by an evaluation when the move is not allowed. */
export const NO_MOVE = Number.POSITIVE_INFINITY;

const POOL = -1;

export class DaySearch {
  readonly m: DayModel;
  readonly nxt: Int32Array;
  readonly prv: Int32Array;
  /** Route of each node, -1 when in the pool (bins, disposal visits not used). */
  readonly rte: Int32Array;
  readonly pos: Int32Array;
  readonly pre: Float64Array;
  readonly suf: Float64Array;
  /** Suffix data including the route's own end leg (used when the suffix stays on its route). */
  readonly sufE: Float64Array;
  /** Segment data of each node on its own (refreshed when a node's site or window changes). */
  private readonly sing: Float64Array;
  readonly rCost: Float64Array;
  readonly rSize: Int32Array;
  readonly rModified: Int32Array;
  readonly neighbours: Int32Array[];
  /** Penalty weights: per second of lateness / excess working time, per 100 % of a capacity. */
  wTime: number;
  wCap: number;
  /** Weights at scale 1 (lateness and overload all but forbidden). */
  readonly hardTime: number;
  readonly hardCap: number;
  /** Lateness (s) and relative overload of each route at its last update. */
  readonly rLate: Float64Array;
  readonly rOver: Float64Array;
  /** Cost of a route's waiting and penalties: the most a move can save on it beyond driving. */
  readonly rSlack: Float64Array;
  /** Routes whose end legs and cost rates are identical (a tail costs the same on either). */
  private readonly sameEnd: Uint8Array;
  private aLate = 0;
  private aOver = 0;
  /** Cost of leaving a mandatory bin out (the search treats it as a prize). */
  readonly mandatoryPrize: number;
  /** Best final site per (route, place), lazily filled (-2 unknown). */
  private readonly finalSite: Int32Array[];
  private readonly acc = new Float64Array(NF);
  private readonly one = new Float64Array(NF);
  private accRoute = 0;
  nbMoves = 0;
  private readonly lastTested: Int32Array;
  /** Move counter at each route's last pass of {@link improveSpecials}. */
  private readonly rSpecialsAt: Int32Array;

  /** Durations and distances as typed arrays; capacities of each route. */
  private readonly dur: Float64Array;
  private readonly dst: Float64Array;
  private readonly capL: Float64Array;
  private readonly capK: Float64Array;
  /** Whether both matrices are symmetric (a reversed stretch then drives the same). */
  private readonly symmetric: boolean;

  /** End legs with the final unloading, per (route, last place); see {@link accEnd}. */
  private readonly endSeg: Float64Array;
  private readonly endKnown: Uint8Array;
  private readonly endAcc = new Float64Array(NF);

  constructor(m: DayModel, neighbours: Int32Array[]) {
    this.m = m;
    this.endSeg = new Float64Array(m.nRoutes * m.size * NF);
    this.endKnown = new Uint8Array(m.nRoutes * m.size);
    this.dur = m.durations instanceof Float64Array ? m.durations : Float64Array.from(m.durations);
    this.dst = m.distances instanceof Float64Array ? m.distances : Float64Array.from(m.distances);
    this.capL = Float64Array.from(m.routes, (r) => r.capL);
    this.capK = Float64Array.from(m.routes, (r) => r.capK);
    this.symmetric = isSymmetric(this.dur, m.size) && isSymmetric(this.dst, m.size);
    const n = m.nNodes;
    this.nxt = new Int32Array(n).fill(-1);
    this.prv = new Int32Array(n).fill(-1);
    this.rte = new Int32Array(n).fill(POOL);
    this.pos = new Int32Array(n);
    this.pre = new Float64Array(n * NF);
    this.suf = new Float64Array(n * NF);
    this.sufE = new Float64Array(n * NF);
    this.sing = new Float64Array(n * NF);
    this.rCost = new Float64Array(m.nRoutes);
    this.rSize = new Int32Array(m.nRoutes);
    this.rModified = new Int32Array(m.nRoutes);
    this.lastTested = new Int32Array(n).fill(-1);
    this.rSpecialsAt = new Int32Array(m.nRoutes).fill(-1);
    this.neighbours = neighbours;
    // Leaving a mandatory bin out weighs as much as 10^5 seconds of work or 100 vehicles (more than
    // any detour or extra truck); one second late, ten times that: lateness and overload are all
    // but forbidden.
    const maxFixed = m.routes.reduce((a, r) => Math.max(a, r.fixedCost), 0);
    this.mandatoryPrize = Math.max(1e5 * m.costPerSec, 100 * maxFixed);
    this.hardTime = 10 * this.mandatoryPrize;
    this.hardCap = this.hardTime * 3600;
    this.wTime = this.hardTime;
    this.wCap = this.hardCap;
    this.rLate = new Float64Array(m.nRoutes);
    this.rOver = new Float64Array(m.nRoutes);
    this.rSlack = new Float64Array(m.nRoutes);
    this.sameEnd = new Uint8Array(m.nRoutes * m.nRoutes);
    for (const a of m.routes) {
      for (const b of m.routes) {
        const same = a.endLoc === b.endLoc && a.endDue === b.endDue && a.perM === b.perM && a.perSec === b.perSec && a.fixedCost === b.fixedCost && a.sites.join() === b.sites.join() && a.maxWorkingSec === b.maxWorkingSec;
        this.sameEnd[a.index * m.nRoutes + b.index] = same ? 1 : 0;
      }
    }
    this.finalSite = m.routes.map(() => new Int32Array(m.size).fill(-2));
    for (let r = 0; r < m.nRoutes; r++) {
      const s = m.firstStart + r;
      const e = m.firstEnd + r;
      this.nxt[s] = e;
      this.prv[e] = s;
      this.rte[s] = r;
      this.rte[e] = r;
    }
    for (let v = 0; v < n; v++) this.refreshSingle(v);
  }

  /** Recomputes the stored single-node data of `node` after its site or window changed. */
  refreshSingle(node: number): void {
    this.single(node, this.one);
    this.sing.set(this.one, node * NF);
  }

  /** Binds disposal node `n` to site `s`. */
  setSiteOf(n: number, site: number): void {
    setSite(this.m, n, site);
    this.refreshSingle(n);
  }

  startNode(r: number): number {
    return this.m.firstStart + r;
  }
  endNode(r: number): number {
    return this.m.firstEnd + r;
  }

  /** Loads routes given as node sequences (without start and end); other bins go to the pool. */
  load(routes: readonly (readonly number[])[]): void {
    for (let v = 0; v < this.m.nNodes; v++) this.refreshSingle(v);
    this.rte.fill(POOL);
    this.nxt.fill(-1);
    this.prv.fill(-1);
    for (let r = 0; r < this.m.nRoutes; r++) {
      let prev = this.startNode(r);
      this.rte[prev] = r;
      for (const v of routes[r] ?? []) {
        this.nxt[prev] = v;
        this.prv[v] = prev;
        this.rte[v] = r;
        prev = v;
      }
      const e = this.endNode(r);
      this.nxt[prev] = e;
      this.prv[e] = prev;
      this.rte[e] = r;
    }
    for (let r = 0; r < this.m.nRoutes; r++) this.touch(r, r);
  }

  /** Routes as node sequences (without start and end). */
  routes(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.m.nRoutes; r++) {
      const seq: number[] = [];
      for (let v = this.nxt[this.startNode(r)] ?? -1; v >= 0 && this.m.kind[v] !== END; v = this.nxt[v] ?? -1) seq.push(v);
      out.push(seq);
    }
    return out;
  }

  // ---------------------------------------------------------------- segments

  private single(node: number, out: Float64Array): void {
    const m = this.m;
    out.fill(0);
    const k = m.kind[node];
    out[F_E] = m.ready[node] ?? 0;
    out[F_L] = m.due[node] ?? 0;
    out[F_DUR] = m.service[node] ?? 0;
    out[F_TT] = out[F_DUR] ?? 0;
    out[F_FIRST] = m.loc[node] ?? -1;
    out[F_LAST] = m.loc[node] ?? -1;
    out[F_CAP] = -1;
    if (k === BIN) {
      out[F_HL] = m.demL[node] ?? 0;
      out[F_HK] = m.demK[node] ?? 0;
      out[F_HN] = 1;
      out[F_TL] = out[F_HL] ?? 0;
      out[F_TK] = out[F_HK] ?? 0;
      out[F_TN] = 1;
      out[F_KG] = m.demK[node] ?? 0;
      out[F_N] = 1;
      out[F_MASK] = m.mask[node] ?? 0;
      out[F_LOCK] = m.locked[node] ?? 0;
    } else if (k === DISPOSAL) {
      out[F_HAS] = 1;
    } else if (k === BREAK) {
      out[F_BRK] = 1;
      out[F_FIRST] = -1;
      out[F_LAST] = -1;
    } else if (k === START) {
      const rs = this.m.routes[this.rte[node] ?? 0];
      if (rs) {
        out[F_HL] = rs.startLoadL;
        out[F_HK] = rs.startLoadK;
        out[F_HN] = rs.startLoadL > 0 || rs.startLoadK > 0 ? 1 : 0;
        out[F_TL] = rs.startLoadL;
        out[F_TK] = rs.startLoadK;
        out[F_TN] = out[F_HN] ?? 0;
        out[F_KG] = rs.doneKg;
        out[F_N] = rs.doneBins;
      }
    }
  }

  /** acc := acc + segment `b` (at offset `o` of array `arr`), on route `accRoute`. */
  private concat(arr: Float64Array, o: number): void {
    const a = this.acc;
    const m = this.m;
    const last = a[F_LAST] as number;
    const first = arr[o + F_FIRST] as number;
    let t = 0;
    let d = 0;
    if (last >= 0 && first >= 0) {
      const k = last * m.size + first;
      t = this.dur[k] as number;
      d = this.dst[k] as number;
    }
    // Vidal et al. (2013) time-warp concatenation.
    const aDur = a[F_DUR] as number;
    const aTw = a[F_TW] as number;
    const aE = a[F_E] as number;
    const aL = a[F_L] as number;
    const e2 = arr[o + F_E] as number;
    const l2 = arr[o + F_L] as number;
    const delta = aDur - aTw + t;
    let wt = e2 - delta - aL;
    if (wt < 0) wt = 0;
    let tw = aE + delta - l2;
    if (tw < 0) tw = 0;
    a[F_DUR] = aDur + (arr[o + F_DUR] as number) + t + wt;
    a[F_TW] = aTw + (arr[o + F_TW] as number) + tw;
    const e = e2 - delta;
    a[F_E] = (e > aE ? e : aE) - wt;
    const l = l2 - delta;
    a[F_L] = (l < aL ? l : aL) + tw;
    a[F_DIST] = (a[F_DIST] as number) + d + (arr[o + F_DIST] as number);
    a[F_TT] = (a[F_TT] as number) + t + (arr[o + F_TT] as number);
    // Loads with a reset at each disposal visit.
    const aHas = a[F_HAS] as number;
    const bHas = arr[o + F_HAS] as number;
    if (aHas === 0) {
      const hl = (a[F_HL] as number) + (arr[o + F_HL] as number);
      const hk = (a[F_HK] as number) + (arr[o + F_HK] as number);
      const hn = (a[F_HN] as number) + (arr[o + F_HN] as number);
      a[F_HL] = hl;
      a[F_HK] = hk;
      a[F_HN] = hn;
      if (bHas === 0) {
        a[F_TL] = hl;
        a[F_TK] = hk;
        a[F_TN] = hn;
      } else {
        a[F_HAS] = 1;
        a[F_TL] = arr[o + F_TL] as number;
        a[F_TK] = arr[o + F_TK] as number;
        a[F_TN] = arr[o + F_TN] as number;
        this.addInnerExcess(arr, o);
      }
    } else if (bHas === 0) {
      a[F_TL] = (a[F_TL] as number) + (arr[o + F_HL] as number);
      a[F_TK] = (a[F_TK] as number) + (arr[o + F_HK] as number);
      a[F_TN] = (a[F_TN] as number) + (arr[o + F_HN] as number);
    } else {
      const capL = this.capL[this.accRoute] as number;
      const capK = this.capK[this.accRoute] as number;
      const cl = (a[F_TL] as number) + (arr[o + F_HL] as number);
      const ck = (a[F_TK] as number) + (arr[o + F_HK] as number);
      if (cl > capL) a[F_XL] = (a[F_XL] as number) + (cl - capL) / capL;
      if (ck > capK) a[F_XK] = (a[F_XK] as number) + (ck - capK) / capK;
      a[F_TL] = arr[o + F_TL] as number;
      a[F_TK] = arr[o + F_TK] as number;
      a[F_TN] = arr[o + F_TN] as number;
      this.addInnerExcess(arr, o);
    }
    a[F_KG] = (a[F_KG] as number) + (arr[o + F_KG] as number);
    a[F_N] = (a[F_N] as number) + (arr[o + F_N] as number);
    a[F_MASK] = (a[F_MASK] as number) | (arr[o + F_MASK] as number);
    a[F_LOCK] = (a[F_LOCK] as number) + (arr[o + F_LOCK] as number);
    a[F_BRK] = (a[F_BRK] as number) + (arr[o + F_BRK] as number);
    if (first >= 0 && (a[F_FIRST] as number) < 0) a[F_FIRST] = first;
    const bLast = arr[o + F_LAST] as number;
    if (bLast >= 0) a[F_LAST] = bLast;
  }

  /** Excess of the trips closed inside segment b, re-expressed for the accumulator's route. */
  private addInnerExcess(arr: Float64Array, o: number): void {
    const a = this.acc;
    const cap = arr[o + F_CAP] ?? -1;
    if (cap < 0 || cap === this.accRoute) {
      a[F_XL] = (a[F_XL] ?? 0) + (arr[o + F_XL] ?? 0);
      a[F_XK] = (a[F_XK] ?? 0) + (arr[o + F_XK] ?? 0);
      return;
    }
    // Closed trips of another route: scale their relative excess to this route's capacities.
    const from = this.m.routes[cap];
    const to = this.m.routes[this.accRoute];
    if (!from || !to) return;
    a[F_XL] = (a[F_XL] ?? 0) + ((arr[o + F_XL] ?? 0) * from.capL) / to.capL;
    a[F_XK] = (a[F_XK] ?? 0) + ((arr[o + F_XK] ?? 0) * from.capK) / to.capK;
  }

  /** acc := prefix data of `node` (its route becomes the accumulator's route). */
  accPrefix(node: number): void {
    this.accRoute = this.rte[node] ?? 0;
    const a = this.acc;
    const pre = this.pre;
    const o = node * NF;
    for (let f = 0; f < NF; f++) a[f] = pre[o + f] ?? 0;
  }

  /** acc := acc + node. */
  accNode(node: number): void {
    if (this.m.kind[node] === END) {
      this.accEnd(this.accRoute);
      return;
    }
    this.concat(this.sing, node * NF);
  }

  /**
   * acc := acc + suffix (node .. end of its route). Stored suffixes stop before the end node, so
   * the end leg (final unloading, depot, shift end) is always that of the accumulator's route.
   */
  accSuffix(node: number): void {
    this.accSuffixFast(node);
  }

  private accSuffixNoEnd(node: number): void {
    let v = node;
    while (this.m.kind[v] === BREAK) {
      this.accNode(v);
      v = this.nxt[v] ?? -1;
    }
    if (v >= 0 && this.m.kind[v] !== END) this.concat(this.suf, v * NF);
  }

  /** accSuffix, using the stored end leg when the suffix stays on its own route. */
  private accSuffixFast(node: number): void {
    let v = node;
    while (this.m.kind[v] === BREAK) {
      this.accNode(v);
      v = this.nxt[v] ?? -1;
    }
    if (v >= 0 && this.m.kind[v] !== END && this.rte[v] === this.accRoute) this.concat(this.sufE, v * NF);
    else {
      if (v >= 0 && this.m.kind[v] !== END) this.concat(this.suf, v * NF);
      this.accEnd(this.accRoute);
    }
  }

  /** acc := acc + nodes from..to following `nxt`. */
  accRange(from: number, to: number): void {
    let v = from;
    for (;;) {
      this.accNode(v);
      if (v === to) break;
      v = this.nxt[v] ?? to;
    }
  }

  /** acc := acc + nodes from..to following `prv` (reversed). */
  accRangeReversed(from: number, to: number): void {
    let v = from;
    for (;;) {
      this.accNode(v);
      if (v === to) break;
      v = this.prv[v] ?? to;
    }
  }

  /** Best final site of route r from place `at` (least metres + seconds cost), cached. */
  private bestFinalSite(r: number, at: number): number {
    const cache = this.finalSite[r];
    if (!cache) return 0;
    const known = cache[at] ?? -2;
    if (known !== -2) return known;
    const m = this.m;
    const rs = m.routes[r];
    if (!rs) return 0;
    let best = rs.sites[0] ?? 0;
    let bestCost = Infinity;
    for (const s of rs.sites) {
      const site = m.sites[s];
      if (!site) continue;
      const t = (m.durations[at * m.size + site.loc] ?? Infinity) + (m.durations[site.loc * m.size + rs.endLoc] ?? Infinity);
      const d = (m.distances[at * m.size + site.loc] ?? Infinity) + (m.distances[site.loc * m.size + rs.endLoc] ?? Infinity);
      const c = rs.perSec * (t + site.unloadSec) + rs.perM * d + 1e-6 * t;
      if (c < bestCost) {
        bestCost = c;
        best = s;
      }
    }
    cache[at] = best;
    return best;
  }

  /** acc := acc + unloading at site `s`. */
  private accUnload(s: number): void {
    this.unloadSegment(s, this.one);
    this.concat(this.one, 0);
  }

  /** `out` := the segment of unloading at site `s` alone. */
  private unloadSegment(s: number, out: Float64Array): void {
    const site = this.m.sites[s];
    out.fill(0);
    out[F_CAP] = -1;
    out[F_FIRST] = -1;
    out[F_LAST] = -1;
    if (!site) return;
    out[F_E] = site.ready;
    out[F_L] = site.due;
    out[F_DUR] = site.unloadSec;
    out[F_TT] = site.unloadSec;
    out[F_HAS] = 1;
    out[F_FIRST] = site.loc;
    out[F_LAST] = site.loc;
  }

  /** Best site for route r to unload at from place `last` (its start when -1). */
  private accUnloadSite(r: number, last: number): number {
    const rs = this.m.routes[r];
    return this.bestFinalSite(r, last >= 0 ? last : rs?.startLoc ?? 0);
  }

  /** acc := acc + (final unloading if loaded) + end depot of route r. */
  accEnd(r: number): void {
    const a = this.acc;
    const m = this.m;
    const rs = m.routes[r];
    if (!rs) return;
    const loaded = (a[F_TN] as number) > 0 || (a[F_TL] as number) > 0 || (a[F_TK] as number) > 0;
    if (!loaded) {
      this.endDepot(rs);
      return;
    }
    // unloading at the best site from here, then the depot: one stored segment per (route, place)
    const last = a[F_LAST] as number;
    const key = r * m.size + (last >= 0 ? last : rs.startLoc);
    if (this.endKnown[key] === 0) {
      const keep = this.endAcc;
      keep.set(a);
      this.unloadSegment(this.accUnloadSite(r, last), a);
      this.endDepot(rs);
      this.endSeg.set(a, key * NF);
      this.endKnown[key] = 1;
      a.set(keep);
    }
    this.concat(this.endSeg, key * NF);
  }

  /** acc := acc + the drive to route r's end depot, due by its shift end. */
  private endDepot(rs: RouteSpec): void {
    const one = this.one;
    one.fill(0);
    one[F_E] = 0;
    one[F_L] = rs.endDue;
    one[F_FIRST] = rs.endLoc;
    one[F_LAST] = rs.endLoc;
    one[F_CAP] = -1;
    this.concat(one, 0);
  }

  /** Penalised cost of the accumulator, a complete route of `accRoute`. */
  accCost(): number {
    const a = this.acc;
    const rs = this.m.routes[this.accRoute];
    if (!rs) return 0;
    const n = a[F_N] ?? 0;
    this.aLate = 0;
    this.aOver = 0;
    if (n <= rs.doneBins && !rs.hasPrefix) return 0;
    if (((a[F_MASK] ?? 0) & ~rs.acceptMask) !== 0) return NO_MOVE;
    const dur = a[F_DUR] ?? 0;
    let cost = rs.fixedCost + rs.perM * (a[F_DIST] ?? 0) + rs.perSec * dur;
    let late = a[F_TW] ?? 0;
    if (dur > rs.maxWorkingSec) late += dur - rs.maxWorkingSec;
    let cap = (a[F_XL] ?? 0) + (a[F_XK] ?? 0);
    const hl = a[F_HL] ?? 0;
    const hk = a[F_HK] ?? 0;
    if (hl > rs.capL) cap += (hl - rs.capL) / rs.capL;
    if (hk > rs.capK) cap += (hk - rs.capK) / rs.capK;
    if (a[F_HAS]) {
      const tl = a[F_TL] ?? 0;
      const tk = a[F_TK] ?? 0;
      if (tl > rs.capL) cap += (tl - rs.capL) / rs.capL;
      if (tk > rs.capK) cap += (tk - rs.capK) / rs.capK;
    }
    const held = a[F_BRK] ?? 0;
    if (rs.breakNodes.length > held) {
      // A break left out is owed when the day ends after its latest start (the route holds the
      // first `held` of the vehicle's breaks). It is costed as if taken (its duration, and the
      // lateness and working time it adds), so that a route can grow past the break's window one
      // bin at a time; the special-node pass then puts the break in its place.
      let endArrival = (a[F_E] ?? 0) + dur - (a[F_TW] ?? 0);
      let worked = dur;
      for (let i = held; i < rs.breakNodes.length; i++) {
        const b = rs.breakNodes[i] ?? 0;
        if (endArrival <= (this.m.due[b] ?? 0)) continue;
        const d = this.m.service[b] ?? 0;
        cost += rs.perSec * d;
        const lateBefore = Math.max(0, endArrival - rs.endDue) + Math.max(0, worked - rs.maxWorkingSec);
        endArrival += d;
        worked += d;
        late += Math.max(0, endArrival - rs.endDue) + Math.max(0, worked - rs.maxWorkingSec) - lateBefore;
      }
    }
    const kg = a[F_KG] ?? 0;
    if (kg > rs.dailyK) cap += (kg - rs.dailyK) / rs.dailyK;
    if (n > rs.maxStops) cap += (n - rs.maxStops) / 10;
    this.aLate = late;
    this.aOver = cap;
    cost += this.wTime * late + this.wCap * cap;
    return cost;
  }

  // ---------------------------------------------------------------- route data

  /**
   * For bins with several windows, uses the window the route's clock reaches them in (the first
   * that has not closed on arrival), so segment data stay exact for the current schedule; a move
   * that pushes a bin into a gap then shows as lateness.
   */
  private pickWindows(r: number): void {
    const m = this.m;
    if (m.windows.size === 0) return;
    const start = this.startNode(r);
    let t = m.ready[start] ?? 0;
    let at = m.loc[start] ?? 0;
    for (let v = this.nxt[start] ?? -1; v >= 0 && m.kind[v] !== END; v = this.nxt[v] ?? -1) {
      const k = m.kind[v];
      if (k === BREAK) {
        t = Math.max(t, m.ready[v] ?? 0) + (m.service[v] ?? 0);
        continue;
      }
      const l = m.loc[v] ?? 0;
      t += m.durations[at * m.size + l] ?? 0;
      at = l;
      const list = m.windows.get(v);
      if (list) {
        const w = list.find((x) => x.closeSec >= t) ?? list[list.length - 1];
        if (w && (m.ready[v] !== w.openSec || m.due[v] !== w.closeSec)) {
          m.ready[v] = w.openSec;
          m.due[v] = w.closeSec;
          this.refreshSingle(v);
        }
      }
      t = Math.max(t, m.ready[v] ?? 0) + (m.service[v] ?? 0);
    }
  }

  /** Back to the widest window for a bin leaving its route. */
  private resetWindow(u: number): void {
    const list = this.m.windows.get(u);
    if (!list) return;
    const w = list.reduce((a, b) => (b.closeSec - b.openSec > a.closeSec - a.openSec ? b : a));
    this.m.ready[u] = w.openSec;
    this.m.due[u] = w.closeSec;
    this.refreshSingle(u);
  }

  /** Recomputes the prefix and suffix data of route r and its cost. */
  updateRoute(r: number): void {
    const start = this.startNode(r);
    const end = this.endNode(r);
    this.pickWindows(r);
    this.accRoute = r;
    this.single(start, this.acc);
    this.acc[F_CAP] = r;
    this.pre.set(this.acc, start * NF);
    this.pos[start] = 0;
    let p = 0;
    let size = 0;
    let v = this.nxt[start] ?? end;
    while (v !== end) {
      this.accNode(v);
      this.acc[F_CAP] = r;
      this.pre.set(this.acc, v * NF);
      this.rte[v] = r;
      this.pos[v] = ++p;
      if (this.m.kind[v] === BIN) size++;
      v = this.nxt[v] ?? end;
    }
    this.accEnd(r);
    this.pre.set(this.acc, end * NF);
    this.pos[end] = p + 1;
    this.rte[end] = r;
    this.rCost[r] = this.accCost();
    this.rLate[r] = this.aLate;
    this.rOver[r] = this.aOver;
    const rs = this.m.routes[r];
    // what a move could at most save on this route besides driving: waiting and penalties
    this.rSlack[r] = (rs?.perSec ?? 0) * ((this.acc[F_DUR] ?? 0) - (this.acc[F_TT] ?? 0)) + this.wTime * this.aLate + this.wCap * this.aOver;
    this.rSize[r] = size;
    // suffixes, built backwards: suffix(w) = single(w) + suffix(next)
    let w = this.prv[end] ?? start;
    while (w !== start && w >= 0) {
      if (this.m.kind[w] === BREAK) {
        // a suffix never starts with a break (accSuffix walks over breaks)
        w = this.prv[w] ?? start;
        continue;
      }
      this.accRoute = r;
      this.single(w, this.acc);
      this.accSuffixNoEnd(this.nxt[w] ?? end);
      this.acc[F_CAP] = r;
      this.suf.set(this.acc, w * NF);
      this.accEnd(r);
      this.sufE.set(this.acc, w * NF);
      w = this.prv[w] ?? start;
    }
  }

  touch(r1: number, r2: number): void {
    this.nbMoves++;
    if (r1 >= 0) {
      this.rModified[r1] = this.nbMoves;
      this.updateRoute(r1);
    }
    if (r2 >= 0 && r2 !== r1) {
      this.rModified[r2] = this.nbMoves;
      this.updateRoute(r2);
    }
  }

  /**
   * Scales the lateness and overload weights (1: all but forbidden; smaller lets the search
   * cross infeasible solutions, as in HGS). Refreshes every route and forgets the move memo.
   */
  setPenaltyScale(scale: number): void {
    this.wTime = this.hardTime * scale;
    this.wCap = this.hardCap * scale;
    this.lastTested.fill(-1);
    this.rSpecialsAt.fill(-1);
    for (let r = 0; r < this.m.nRoutes; r++) this.touch(r, r);
  }

  /** True when no route is late or overloaded. */
  isFeasible(): boolean {
    for (let r = 0; r < this.m.nRoutes; r++) if ((this.rLate[r] ?? 0) > 1e-9 || (this.rOver[r] ?? 0) > 1e-12) return false;
    return true;
  }

  totalCost(): number {
    let s = 0;
    for (let r = 0; r < this.m.nRoutes; r++) s += this.rCost[r] ?? 0;
    for (let b = 0; b < this.m.nBins; b++) if (this.rte[b] === POOL) s += this.prizeOf(b);
    return s;
  }

  /** Prize lost when bin `b` is left out. */
  prizeOf(b: number): number {
    const p = this.m.prize[b] ?? -1;
    return p < 0 ? this.mandatoryPrize : p;
  }

  /** True when bin node `u` may ride on route r (stream, pins, closed routes). */
  allowed(u: number, r: number): boolean {
    const m = this.m;
    const rs = m.routes[r];
    if (!rs) return false;
    const pin = m.pinRoute[u] ?? -1;
    if (pin >= 0) return pin === r;
    if (rs.closed && m.kind[u] === BIN) return false;
    if (m.kind[u] === BIN && ((m.mask[u] ?? 0) & rs.acceptMask) === 0) return false;
    return true;
  }

  // ---------------------------------------------------------------- moves

  /** Cost delta of removing node u from its route (pool), prize loss included. */
  evalRemove(u: number): number {
    const r = this.rte[u] ?? POOL;
    if (r === POOL || this.m.locked[u]) return NO_MOVE;
    this.accPrefix(this.prv[u] ?? 0);
    this.accSuffix(this.nxt[u] ?? 0);
    const prize = this.m.kind[u] === BIN ? this.prizeOf(u) : 0;
    return this.accCost() + prize - (this.rCost[r] ?? 0);
  }

  /** Cost delta of inserting pool node u just after v. */
  evalInsert(u: number, v: number): number {
    const r = this.rte[v] ?? POOL;
    if (r === POOL || this.m.kind[v] === END || !this.allowed(u, r)) return NO_MOVE;
    this.accPrefix(v);
    this.accNode(u);
    this.accSuffix(this.nxt[v] ?? 0);
    const prize = this.m.kind[u] === BIN ? this.prizeOf(u) : 0;
    return this.accCost() - prize - (this.rCost[r] ?? 0);
  }

  /** Unlinks u from its route (no data update). */
  unlink(u: number): void {
    const p = this.prv[u] ?? -1;
    const x = this.nxt[u] ?? -1;
    if (p >= 0) this.nxt[p] = x;
    if (x >= 0) this.prv[x] = p;
    this.nxt[u] = -1;
    this.prv[u] = -1;
    this.rte[u] = POOL;
    this.resetWindow(u);
  }

  /** Links u just after v (no data update). */
  linkAfter(u: number, v: number): void {
    const y = this.nxt[v] ?? -1;
    this.nxt[v] = u;
    this.prv[u] = v;
    this.nxt[u] = y;
    if (y >= 0) this.prv[y] = u;
    this.rte[u] = this.rte[v] ?? POOL;
  }

  /** RELOCATE: u (routed or in the pool) to just after v. */
  evalRelocate(u: number, v: number): number {
    if (u === v) return NO_MOVE;
    const ru = this.rte[u] ?? POOL;
    if (ru === POOL) return this.evalInsert(u, v);
    const pu = this.prv[u] ?? 0;
    if (pu === v) return NO_MOVE;
    const rv = this.rte[v] ?? POOL;
    if (rv === POOL || this.m.kind[v] === END) return NO_MOVE;
    if (this.m.locked[u]) return NO_MOVE;
    const x = this.nxt[u] ?? 0;
    const y = this.nxt[v] ?? 0;
    if (this.relocateBound(pu, u, x, v, y, ru, rv) >= 0) return NO_MOVE;
    if (ru !== rv) {
      if (!this.allowed(u, rv)) return NO_MOVE;
      this.accPrefix(pu);
      this.accSuffix(x);
      const cu = this.accCost();
      if (cu === NO_MOVE) return NO_MOVE;
      this.accPrefix(v);
      this.accNode(u);
      this.accSuffix(y);
      return cu + this.accCost() - (this.rCost[ru] ?? 0) - (this.rCost[rv] ?? 0);
    }
    if ((this.pos[u] ?? 0) < (this.pos[v] ?? 0)) {
      this.accPrefix(pu);
      this.accRange(x, v);
      this.accNode(u);
      this.accSuffix(y);
    } else {
      this.accPrefix(v);
      this.accNode(u);
      this.accRange(y, pu);
      this.accSuffix(x);
    }
    return this.accCost() - (this.rCost[ru] ?? 0);
  }

  /** RELOCATE-PAIR (or-opt 2): bins u and its successor x to just after v. */
  evalRelocatePair(u: number, v: number): number {
    const m = this.m;
    const ru = this.rte[u] ?? POOL;
    if (ru === POOL || m.kind[u] !== BIN || m.locked[u]) return NO_MOVE;
    const x = this.nxt[u] ?? -1;
    if (x < 0 || m.kind[x] !== BIN || m.locked[x] || v === u || v === x) return NO_MOVE;
    const pu = this.prv[u] ?? 0;
    if (pu === v) return NO_MOVE;
    const rv = this.rte[v] ?? POOL;
    if (rv === POOL || m.kind[v] === END) return NO_MOVE;
    const xx = this.nxt[x] ?? 0;
    const y = this.nxt[v] ?? 0;
    // the pair leaves its place (pu → xx) and enters between v and y; a break after xx or y
    // would move with them, and an emptied route changes its fixed cost: no bound then
    if (m.kind[xx] !== BREAK && m.kind[y] !== BREAK && v !== xx && (ru === rv || (this.rSize[ru] ?? 0) > 2)) {
      const lp = this.placeOf(pu);
      const lu = this.placeOf(u);
      const lx = this.placeOf(x);
      const lxx = this.placeOf(xx);
      const lv = this.placeOf(v);
      const ly = this.placeOf(y);
      const rs = m.routes[ru] as RouteSpec;
      if (lp >= 0 && lu >= 0 && lx >= 0 && lxx >= 0 && lv >= 0 && ly >= 0) {
        const bound = this.leg(rs, lp, lxx) + this.leg(rs, lv, lu) + this.leg(rs, lx, ly) - this.leg(rs, lp, lu) - this.leg(rs, lx, lxx) - this.leg(rs, lv, ly) - this.pairSlack(ru, rv);
        if (bound >= 0) return NO_MOVE; // NaN: no bound
      }
    }
    if (ru !== rv) {
      if (!this.allowed(u, rv) || !this.allowed(x, rv)) return NO_MOVE;
      this.accPrefix(pu);
      this.accSuffix(xx);
      const cu = this.accCost();
      if (cu === NO_MOVE) return NO_MOVE;
      this.accPrefix(v);
      this.accNode(u);
      this.accNode(x);
      this.accSuffix(y);
      return cu + this.accCost() - (this.rCost[ru] ?? 0) - (this.rCost[rv] ?? 0);
    }
    if ((this.pos[u] ?? 0) < (this.pos[v] ?? 0)) {
      this.accPrefix(pu);
      this.accRange(xx, v);
      this.accNode(u);
      this.accNode(x);
      this.accSuffix(y);
    } else {
      this.accPrefix(v);
      this.accNode(u);
      this.accNode(x);
      this.accRange(y, pu);
      this.accSuffix(xx);
    }
    return this.accCost() - (this.rCost[ru] ?? 0);
  }

  applyRelocatePair(u: number, v: number): void {
    const ru = this.rte[u] ?? POOL;
    const rv = this.rte[v] ?? POOL;
    const x = this.nxt[u] ?? 0;
    this.unlink(u);
    this.unlink(x);
    this.linkAfter(u, v);
    this.linkAfter(x, u);
    this.touch(ru, rv);
  }

  applyRelocate(u: number, v: number): void {
    const ru = this.rte[u] ?? POOL;
    const rv = this.rte[v] ?? POOL;
    if (ru !== POOL) this.unlink(u);
    this.linkAfter(u, v);
    this.touch(ru, rv);
  }

  applyRemove(u: number): void {
    const r = this.rte[u] ?? POOL;
    this.unlink(u);
    this.touch(r, r);
  }

  /** SWAP of two routed bins u and v (not adjacent). */
  evalSwap(u: number, v: number): number {
    const m = this.m;
    if (u === v || m.kind[u] !== BIN || m.kind[v] !== BIN || m.locked[u] || m.locked[v]) return NO_MOVE;
    const ru = this.rte[u] ?? POOL;
    const rv = this.rte[v] ?? POOL;
    if (ru === POOL || rv === POOL) return NO_MOVE;
    const pu = this.prv[u] ?? 0;
    const x = this.nxt[u] ?? 0;
    const pv = this.prv[v] ?? 0;
    const y = this.nxt[v] ?? 0;
    if (x === v || y === u) return NO_MOVE;
    if (m.kind[x] !== BREAK && m.kind[y] !== BREAK) {
      const lpu = this.placeOf(pu);
      const lu = this.placeOf(u);
      const lx = this.placeOf(x);
      const lpv = this.placeOf(pv);
      const lv = this.placeOf(v);
      const ly = this.placeOf(y);
      const rs = m.routes[ru] as RouteSpec;
      if (lpu >= 0 && lu >= 0 && lx >= 0 && lpv >= 0 && lv >= 0 && ly >= 0) {
        const bound = this.leg(rs, lpu, lv) + this.leg(rs, lv, lx) + this.leg(rs, lpv, lu) + this.leg(rs, lu, ly) - this.leg(rs, lpu, lu) - this.leg(rs, lu, lx) - this.leg(rs, lpv, lv) - this.leg(rs, lv, ly) - this.pairSlack(ru, rv);
        if (bound >= 0) return NO_MOVE; // NaN: no bound
      }
    }
    if (ru !== rv) {
      if (!this.allowed(u, rv) || !this.allowed(v, ru)) return NO_MOVE;
      this.accPrefix(pu);
      this.accNode(v);
      this.accSuffix(x);
      const cu = this.accCost();
      if (cu === NO_MOVE) return NO_MOVE;
      this.accPrefix(pv);
      this.accNode(u);
      this.accSuffix(y);
      return cu + this.accCost() - (this.rCost[ru] ?? 0) - (this.rCost[rv] ?? 0);
    }
    if ((this.pos[u] ?? 0) < (this.pos[v] ?? 0)) {
      this.accPrefix(pu);
      this.accNode(v);
      this.accRange(x, pv);
      this.accNode(u);
      this.accSuffix(y);
    } else {
      this.accPrefix(pv);
      this.accNode(u);
      this.accRange(y, pu);
      this.accNode(v);
      this.accSuffix(x);
    }
    return this.accCost() - (this.rCost[ru] ?? 0);
  }

  applySwap(u: number, v: number): void {
    const ru = this.rte[u] ?? 0;
    const rv = this.rte[v] ?? 0;
    const pu = this.prv[u] ?? 0;
    const x = this.nxt[u] ?? 0;
    const pv = this.prv[v] ?? 0;
    const y = this.nxt[v] ?? 0;
    this.nxt[pu] = v; this.prv[v] = pu; this.nxt[v] = x; this.prv[x] = v;
    this.nxt[pv] = u; this.prv[u] = pv; this.nxt[u] = y; this.prv[y] = u;
    this.rte[u] = rv;
    this.rte[v] = ru;
    this.touch(ru, rv);
  }

  /** 2-OPT: u before v in one route; reverses x..v (at most one locked bin inside). */
  evalTwoOpt(u: number, v: number): number {
    const r = this.rte[u] ?? POOL;
    if (r === POOL || r !== this.rte[v] || (this.pos[u] ?? 0) >= (this.pos[v] ?? 0) || this.m.kind[v] === END) return NO_MOVE;
    const x = this.nxt[u] ?? 0;
    if (x === v) return NO_MOVE;
    const locks = (this.pre[v * NF + F_LOCK] ?? 0) - (this.pre[u * NF + F_LOCK] ?? 0);
    if (locks > 1) return NO_MOVE;
    const y = this.nxt[v] ?? 0;
    const k = this.m.kind;
    if (this.symmetric && k[u] !== BREAK && k[x] !== BREAK && k[v] !== BREAK && k[y] !== BREAK) {
      // with symmetric legs the reversed stretch drives the same: only its two ends change
      const lu = this.placeOf(u);
      const lx = this.placeOf(x);
      const lv = this.placeOf(v);
      const ly = this.placeOf(y);
      const rs = this.m.routes[r] as RouteSpec;
      if (lu >= 0 && lx >= 0 && lv >= 0 && ly >= 0 && this.leg(rs, lu, lv) + this.leg(rs, lx, ly) - this.leg(rs, lu, lx) - this.leg(rs, lv, ly) - (this.rSlack[r] as number) >= 0) return NO_MOVE;
    }
    this.accPrefix(u);
    this.accRangeReversed(v, x);
    this.accSuffix(y);
    return this.accCost() - (this.rCost[r] ?? 0);
  }

  applyTwoOpt(u: number, v: number): void {
    const x = this.nxt[u] ?? 0;
    const y = this.nxt[v] ?? 0;
    let cur = x;
    for (;;) {
      const next = this.nxt[cur] ?? 0;
      this.nxt[cur] = this.prv[cur] ?? 0;
      this.prv[cur] = next;
      if (cur === v) break;
      cur = next;
    }
    this.nxt[u] = v; this.prv[v] = u; this.nxt[x] = y; this.prv[y] = x;
    const r = this.rte[u] ?? 0;
    this.touch(r, r);
  }

  /** Place of a node for arc bounds: its own, or (a break) the last place before it; -1 for an end. */
  private placeOf(node: number): number {
    const k = this.m.kind[node];
    if (k === END) return -1;
    if (k === BREAK) return this.pre[node * NF + F_LAST] ?? -1;
    return this.m.loc[node] ?? -1;
  }

  /**
   * Lower bound on the cost change of replacing arcs (a→b) + (c→d) by (a→d) + (c→b) on two
   * routes with identical end legs and rates: the driving change, minus all the waiting and
   * penalties the two routes carry. Infinity-free; -Infinity when it cannot be bounded.
   */
  private crossBound(a: number, b: number, c: number, d: number, ru: number, rv: number): number {
    if (!this.sameEnd[ru * this.m.nRoutes + rv]) return -Infinity;
    const la = this.placeOf(a);
    const lb = this.placeOf(b);
    const lc = this.placeOf(c);
    const ld = this.placeOf(d);
    if (la < 0 || lb < 0 || lc < 0 || ld < 0 || this.m.kind[b] === BREAK || this.m.kind[d] === BREAK) return -Infinity;
    const m = this.m;
    const n = m.size;
    const dd = (this.dst[la * n + ld] ?? 0) + (this.dst[lc * n + lb] ?? 0) - (this.dst[la * n + lb] ?? 0) - (this.dst[lc * n + ld] ?? 0);
    const dt = (this.dur[la * n + ld] ?? 0) + (this.dur[lc * n + lb] ?? 0) - (this.dur[la * n + lb] ?? 0) - (this.dur[lc * n + ld] ?? 0);
    const rs = m.routes[ru];
    if (!rs) return -Infinity;
    return rs.perM * dd + rs.perSec * dt - (this.rSlack[ru] ?? 0) - (this.rSlack[rv] ?? 0);
  }

  /**
   * Lower bound on the cost change of RELOCATE u (between pu and x) to between v and y: the
   * driving change minus the waiting and penalties of the routes involved (same end legs and
   * rates required, and u's route must keep a bin); -Infinity when it cannot be bounded.
   */
  private relocateBound(pu: number, u: number, x: number, v: number, y: number, ru: number, rv: number): number {
    if (ru !== rv && (!this.sameEnd[ru * this.m.nRoutes + rv] || (this.rSize[ru] ?? 0) <= 1)) return -Infinity;
    const k = this.m.kind;
    if (k[x] === BREAK || k[y] === BREAK) return -Infinity;
    const lp = this.placeOf(pu);
    const lu = this.placeOf(u);
    const lx = this.placeOf(x);
    const lv = this.placeOf(v);
    const ly = this.placeOf(y);
    if (lp < 0 || lu < 0 || lx < 0 || lv < 0 || ly < 0) return -Infinity;
    const m = this.m;
    const n = m.size;
    const D = this.dst;
    const T = this.dur;
    const dd = (D[lp * n + lx] ?? 0) - (D[lp * n + lu] ?? 0) - (D[lu * n + lx] ?? 0) + (D[lv * n + lu] ?? 0) + (D[lu * n + ly] ?? 0) - (D[lv * n + ly] ?? 0);
    const dt = (T[lp * n + lx] ?? 0) - (T[lp * n + lu] ?? 0) - (T[lu * n + lx] ?? 0) + (T[lv * n + lu] ?? 0) + (T[lu * n + ly] ?? 0) - (T[lv * n + ly] ?? 0);
    const rs = m.routes[ru];
    if (!rs) return -Infinity;
    return rs.perM * dd + rs.perSec * dt - (this.rSlack[ru] ?? 0) - (ru !== rv ? this.rSlack[rv] ?? 0 : 0);
  }

  /** Driving cost between places a and b at the rates of `rs`. */
  private leg(rs: RouteSpec, a: number, b: number): number {
    const k = a * this.m.size + b;
    return rs.perM * (this.dst[k] as number) + rs.perSec * (this.dur[k] as number);
  }

  /**
   * What routes ru and rv could at most save besides driving (their waiting and penalties);
   * NaN (no bound) when they differ in end legs or rates.
   */
  private pairSlack(ru: number, rv: number): number {
    if (ru === rv) return this.rSlack[ru] as number;
    if (!this.sameEnd[ru * this.m.nRoutes + rv]) return NaN;
    return (this.rSlack[ru] as number) + (this.rSlack[rv] as number);
  }

  /** 2-OPT*: exchanges the tails after u and after v (different routes). */
  evalTwoOptStar(u: number, v: number): number {
    const ru = this.rte[u] ?? POOL;
    const rv = this.rte[v] ?? POOL;
    if (ru === POOL || rv === POOL || ru === rv || this.m.kind[u] === END || this.m.kind[v] === END) return NO_MOVE;
    const x = this.nxt[u] ?? 0;
    const y = this.nxt[v] ?? 0;
    const ou = this.m.routes[ru];
    const ov = this.m.routes[rv];
    if (!ou || !ov || ou.closed || ov.closed) return NO_MOVE;
    // the tails' streams must suit the other vehicle; breaks and locked bins stay put
    const maskX = this.m.kind[x] === END ? 0 : this.suf[x * NF + F_MASK] ?? 0;
    const maskY = this.m.kind[y] === END ? 0 : this.suf[y * NF + F_MASK] ?? 0;
    if ((maskX & ~ov.acceptMask) !== 0 || (maskY & ~ou.acceptMask) !== 0) return NO_MOVE;
    const lockX = this.m.kind[x] === END ? 0 : (this.suf[x * NF + F_LOCK] ?? 0) + (this.suf[x * NF + F_BRK] ?? 0);
    const lockY = this.m.kind[y] === END ? 0 : (this.suf[y * NF + F_LOCK] ?? 0) + (this.suf[y * NF + F_BRK] ?? 0);
    if (lockX > 0 || lockY > 0) return NO_MOVE;
    if (this.m.kind[x] === BREAK || this.m.kind[y] === BREAK) return NO_MOVE;
    if (this.crossBound(u, x, v, y, ru, rv) >= 0) return NO_MOVE;
    this.accPrefix(u);
    this.accSuffix(y);
    const cu = this.accCost();
    if (cu === NO_MOVE) return NO_MOVE;
    this.accPrefix(v);
    this.accSuffix(x);
    return cu + this.accCost() - (this.rCost[ru] ?? 0) - (this.rCost[rv] ?? 0);
  }

  applyTwoOptStar(u: number, v: number): void {
    const ru = this.rte[u] ?? 0;
    const rv = this.rte[v] ?? 0;
    const x = this.nxt[u] ?? 0;
    const y = this.nxt[v] ?? 0;
    const endU = this.endNode(ru);
    const endV = this.endNode(rv);
    const lastX = this.prv[endU] ?? 0;
    const lastY = this.prv[endV] ?? 0;
    // u -> y .. lastY -> endU ; v -> x .. lastX -> endV
    if (y === endV) {
      this.nxt[u] = endU; this.prv[endU] = u;
    } else {
      this.nxt[u] = y; this.prv[y] = u; this.nxt[lastY] = endU; this.prv[endU] = lastY;
    }
    if (x === endU) {
      this.nxt[v] = endV; this.prv[endV] = v;
    } else {
      this.nxt[v] = x; this.prv[x] = v; this.nxt[lastX] = endV; this.prv[endV] = lastX;
    }
    for (let w = this.nxt[this.startNode(ru)] ?? -1; w >= 0 && w !== endU; w = this.nxt[w] ?? -1) this.rte[w] = ru;
    for (let w = this.nxt[this.startNode(rv)] ?? -1; w >= 0 && w !== endV; w = this.nxt[w] ?? -1) this.rte[w] = rv;
    this.touch(ru, rv);
  }

  // ---------------------------------------------------------------- special nodes

  private routeSeq(r: number): number[] {
    const seq: number[] = [];
    for (let v = this.nxt[this.startNode(r)] ?? -1; v >= 0 && this.m.kind[v] !== END; v = this.nxt[v] ?? -1) seq.push(v);
    return seq;
  }

  /**
   * Re-places the disposal visits and breaks of route r: each is taken out and put back at its
   * best position (and, for a disposal visit, site), or left out when the route is cheaper
   * without it; then one spare disposal visit is added where it pays (an overloaded trip).
   * O(L) evaluations per special node. Returns whether the route improved.
   */
  improveSpecials(r: number): boolean {
    const rs = this.m.routes[r];
    if (!rs) return false;
    const m = this.m;
    let improved = false;
    const specials = this.routeSeq(r).filter((v) => m.kind[v] === DISPOSAL || m.kind[v] === BREAK);
    for (const w of specials) {
      const before = this.rCost[r] ?? 0;
      const eps = 1e-9 * Math.max(1, Math.abs(before));
      const origPrev = this.prv[w] ?? this.startNode(r);
      const own = m.siteOf[w] ?? -1;
      this.unlink(w);
      this.updateRoute(r);
      const without = this.rCost[r] ?? 0;
      if (without < before - eps) {
        this.touch(r, r);
        improved = true;
        continue;
      }
      let best = before;
      let bestV = origPrev;
      let bestSite = own;
      for (const s of m.kind[w] === DISPOSAL ? rs.sites : [-1]) {
        if (s >= 0) this.setSiteOf(w, s);
        for (let v = this.startNode(r); v >= 0 && m.kind[v] !== END; v = this.nxt[v] ?? -1) {
          const c = without + this.evalInsert(w, v);
          if (c < best - eps) {
            best = c;
            bestV = v;
            bestSite = s;
          }
        }
      }
      if (bestSite >= 0) this.setSiteOf(w, bestSite);
      this.linkAfter(w, bestV);
      this.touch(r, r);
      if (bestV !== origPrev || bestSite !== own) improved = true;
    }
    for (const b of rs.breakNodes) {
      if (this.rte[b] !== POOL) continue;
      const before = this.rCost[r] ?? 0;
      // an owed break (the day ends after its latest start) goes in at its best place even when
      // that costs more than the estimate it was priced at; otherwise only when it pays
      const end = this.endNode(r) * NF;
      const endArrival = (this.pre[end + F_E] ?? 0) + (this.pre[end + F_DUR] ?? 0) - (this.pre[end + F_TW] ?? 0);
      const used = (this.rCost[r] ?? 0) !== 0;
      const owed = used && endArrival > (m.due[b] ?? 0);
      let best = owed ? Infinity : -1e-9 * Math.max(1, Math.abs(before));
      let bestV = -1;
      for (let v = this.startNode(r); v >= 0 && m.kind[v] !== END; v = this.nxt[v] ?? -1) {
        const d = this.evalInsert(b, v);
        if (d < best) {
          best = d;
          bestV = v;
        }
      }
      if (bestV >= 0) {
        this.linkAfter(b, bestV);
        this.touch(r, r);
        improved = true;
      }
    }
    const spare = this.spareDisposal();
    if (spare >= 0) {
      const before = this.rCost[r] ?? 0;
      const eps = 1e-9 * Math.max(1, Math.abs(before));
      let best = 0;
      let bestV = -1;
      let bestSite = -1;
      for (const s of rs.sites) {
        this.setSiteOf(spare, s);
        for (let v = this.nxt[this.startNode(r)] ?? -1; v >= 0 && m.kind[v] !== END; v = this.nxt[v] ?? -1) {
          const d = this.evalInsert(spare, v);
          if (d < best - eps) {
            best = d;
            bestV = v;
            bestSite = s;
          }
        }
      }
      if (bestV >= 0) {
        this.setSiteOf(spare, bestSite);
        this.linkAfter(spare, bestV);
        this.touch(r, r);
        improved = true;
      }
    }
    return improved;
  }

  /** A disposal node in no route, or -1. */
  spareDisposal(): number {
    for (let n = this.m.firstDisposal; n < this.m.firstBreak; n++) if (this.rte[n] === POOL) return n;
    return -1;
  }

  // ---------------------------------------------------------------- split

  /** Saved accumulator of {@link splitCosts}. */
  private readonly splitAcc = new Float64Array(NF);

  /**
   * For Split (Prins 2004; Vidal 2022): penalised costs of route r serving `tour[from]`,
   * `tour[from..from+1]`, ... in that order from its start, unloading at the best site (the one
   * the end of a route would use) before a bin that would overflow the truck. `out[k]` is the
   * cost with `k + 1` bins; returns how many were computed: at most `maxLen`, and it stops once
   * the route is late by more than `maxLate` seconds or overloaded by more than `maxOver`.
   */
  splitCosts(r: number, tour: ArrayLike<number>, from: number, maxLen: number, maxLate: number, maxOver: number, out: Float64Array): number {
    const a = this.acc;
    const keep = this.splitAcc;
    this.splitStart(r);
    let k = 0;
    for (; k < maxLen && from + k < tour.length; k++) {
      this.splitAppend(r, tour[from + k] ?? 0, null);
      keep.set(a);
      this.accEnd(r);
      this.accRoute = r;
      out[k] = this.accCost();
      a.set(keep);
      if (this.aLate > maxLate || this.aOver > maxOver) return k + 1;
    }
    return k;
  }

  /**
   * The node sequence {@link splitCosts} priced for `tour[from..to]` on route r: its disposal
   * visits are taken from `spare` (and bound to their sites) while any are left.
   */
  splitRoute(r: number, tour: ArrayLike<number>, from: number, to: number, spare: number[]): number[] {
    const seq: number[] = [];
    this.splitStart(r);
    for (let k = from; k <= to; k++) this.splitAppend(r, tour[k] ?? 0, { seq, spare });
    return seq;
  }

  private splitStart(r: number): void {
    const start = this.startNode(r);
    this.accRoute = r;
    for (let f = 0; f < NF; f++) this.acc[f] = this.sing[start * NF + f] ?? 0;
    this.acc[F_CAP] = r;
  }

  private splitAppend(r: number, u: number, build: { seq: number[]; spare: number[] } | null): void {
    const a = this.acc;
    const rs = this.m.routes[r];
    if (!rs) return;
    const l = (a[F_TL] ?? 0) + (this.m.demL[u] ?? 0);
    const kg = (a[F_TK] ?? 0) + (this.m.demK[u] ?? 0);
    if ((a[F_TN] ?? 0) > 0 && (l > rs.capL || kg > rs.capK) && (build === null || build.spare.length > 0)) {
      const site = this.accUnloadSite(r, a[F_LAST] as number);
      this.accUnload(site);
      if (build) {
        const n = build.spare.pop() ?? 0;
        this.setSiteOf(n, site);
        build.seq.push(n);
      }
    }
    this.concat(this.sing, u * NF);
    build?.seq.push(u);
  }

  // ---------------------------------------------------------------- driver

  /** Bins to try, in shuffled order each run. */
  private order: number[] | null = null;

  /**
   * Runs the granular local search to a local optimum. A pair (u, v) is evaluated again only
   * when u's or v's route changed since u was last tested (the memo survives between runs: the
   * penalty weights are fixed).
   */
  run(rng: Rng): void {
    const m = this.m;
    if (!this.order) this.order = Array.from({ length: m.nBins }, (_, i) => i);
    const order = this.order;
    rng.shuffle(order);
    let loop = 0;
    let changed = true;
    while (changed && loop < 50) {
      changed = false;
      for (let k = 0; k < order.length; k++) {
        const u = order[k] ?? 0;
        const lastU = this.lastTested[u] ?? -1;
        this.lastTested[u] = this.nbMoves;
        const list = this.neighbours[u];
        if (!list) continue;
        const ru = this.rte[u] ?? POOL;
        // an optional bin that does not pay for itself leaves
        if (ru !== POOL && (m.prize[u] ?? -1) >= 0 && this.evalRemove(u) < -1e-9) {
          this.applyRemove(u);
          changed = true;
          continue;
        }
        for (let q = 0; q < list.length; q++) {
          const v = list[q] ?? 0;
          const cu = this.rte[u] ?? POOL;
          const rv = this.rte[v] ?? POOL;
          if (rv === POOL) continue;
          if (Math.max(cu === POOL ? -1 : this.rModified[cu] ?? 0, this.rModified[rv] ?? 0) <= lastU) continue;
          if (this.tryMoves(u, v)) {
            changed = true;
            continue;
          }
          const pv = this.prv[v] ?? -1;
          if (pv >= 0 && m.kind[pv] !== BIN && this.tryAfter(u, pv)) changed = true;
        }
        if ((this.rte[u] ?? POOL) === POOL) {
          // pool bins may also open an unused route
          for (let r = 0; r < m.nRoutes; r++) {
            if (this.rSize[r] !== 0 || !this.allowed(u, r) || (this.rModified[r] ?? 0) <= lastU) continue;
            if (this.evalInsert(u, this.startNode(r)) < -1e-9) {
              this.applyRelocate(u, this.startNode(r));
              changed = true;
              break;
            }
          }
        } else if (loop > 0) {
          // as in HGS: a bin, or its route's tail, may move to the first unused vehicle it suits
          const ru = this.rte[u] ?? POOL;
          for (let r = 0; r < m.nRoutes; r++) {
            if (r === ru || this.rSize[r] !== 0 || !this.allowed(u, r)) continue;
            const st = this.startNode(r);
            if (this.evalRelocate(u, st) < -1e-9) {
              this.applyRelocate(u, st);
              changed = true;
            } else if (this.evalTwoOptStar(u, st) < -1e-9) {
              this.applyTwoOptStar(u, st);
              changed = true;
            }
            break;
          }
        }
      }
      for (let r = 0; r < m.nRoutes; r++) {
        if ((this.rModified[r] ?? 0) > (this.rSpecialsAt[r] ?? -1)) {
          if (this.improveSpecials(r)) changed = true;
          this.rSpecialsAt[r] = this.nbMoves;
        }
      }
      loop++;
    }
  }

  private tryMoves(u: number, v: number): boolean {
    const e = -1e-9;
    if (this.evalRelocate(u, v) < e) { this.applyRelocate(u, v); return true; }
    if ((this.rte[u] ?? POOL) === POOL) return false;
    if (this.evalRelocatePair(u, v) < e) { this.applyRelocatePair(u, v); return true; }
    if (this.evalSwap(u, v) < e) { this.applySwap(u, v); return true; }
    if (this.rte[u] === this.rte[v]) {
      if (this.evalTwoOpt(u, v) < e) { this.applyTwoOpt(u, v); return true; }
      if (this.evalTwoOpt(v, u) < e) { this.applyTwoOpt(v, u); return true; }
    } else {
      if (this.evalTwoOptStar(u, v) < e) { this.applyTwoOptStar(u, v); return true; }
      const pu = this.prv[u] ?? -1;
      const pv = this.prv[v] ?? -1;
      if (pu >= 0 && pv >= 0 && this.evalTwoOptStar(pu, pv) < e) { this.applyTwoOptStar(pu, pv); return true; }
    }
    return false;
  }

  /** Moves u after a non-bin node v (start, disposal visit, break). */
  private tryAfter(u: number, v: number): boolean {
    if (this.evalRelocate(u, v) < -1e-9) { this.applyRelocate(u, v); return true; }
    if ((this.rte[u] ?? POOL) !== POOL && this.evalRelocatePair(u, v) < -1e-9) { this.applyRelocatePair(u, v); return true; }
    return false;
  }
}

/** Whether the size × size matrix `a` is symmetric. */
function isSymmetric(a: Float64Array, size: number): boolean {
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) if (a[i * size + j] !== a[j * size + i]) return false;
  return true;
}
