/**
 * Route segments of a collection day and their concatenation: the one place that knows what a
 * piece of route carries and how two pieces join (Vidal et al. 2013 for time windows, extended
 * here with the resources of the waste problem).
 *
 * A segment is a row of {@link NF} numbers (stored per node for prefixes and suffixes by
 * `Routes`, or held in the accumulator while a move is priced):
 *
 * - the first and last place it stands at (a break has none of its own);
 * - metres; kilograms and bin stops over the day (daily tonnage, `maxStops`); the OR of the
 *   bins' streams; the number of locked bins and of breaks;
 * - the load of its first trip (`head`: litres, kilograms, bins, before the first unloading);
 * - Vidal's time-warp data (duration, time warp, earliest and latest start) and the time spent
 *   driving, serving, unloading and on breaks (duration without waiting);
 * - whether it holds an unloading, the load of its last trip (`tail`), and the relative excess of
 *   the trips closed in between (load resets at a disposal visit), with the route whose
 *   capacities that excess was measured against.
 *
 * Fields come in four blocks so that days without some features join and copy fewer numbers
 * (the model's `timed`, `lean` and `trips` flags): a CVRP day joins places, metres and loads
 * only; a VRPTW day adds the time block; a day with streams, locks or daily limits that differ
 * from the load adds the daily totals; a day with disposal trips or breaks joins everything. The
 * result is the same: what is left out holds constants the route cost does not read, or equals
 * what it reads instead (on a lean day the daily kilograms and stops are the load's).
 *
 * Three things are resolved when two segments are joined rather than stored: a break adds its
 * duration under its window and no driving (the next leg is driven from the place before it);
 * the end leg (final unloading at the best allowed site when anything is on board, then the
 * depot before the shift ends) is that of the route the accumulator stands for; and a closed
 * trip's excess is re-expressed in the capacities of that route.
 */
import { BIN, BREAK, DISPOSAL, START, setSite, type DayModel, type RouteSpec } from './model.js';

// Block 1: always joined.
export const F_FIRST = 0;
export const F_LAST = 1;
export const F_DIST = 2;
export const F_HL = 3;
export const F_HK = 4;
export const F_HN = 5;
/** Fields of block 1. */
const NF_LOAD = 6;
// Block 2: time (joined when the day is `timed`).
export const F_DUR = 6;
export const F_TW = 7;
export const F_E = 8;
export const F_L = 9;
/** Driving, service, unloading and break time (duration without waiting). */
export const F_TT = 10;
/** Fields of blocks 1 and 2. */
const NF_TIME = 11;
// Block 3: daily totals, streams, locks, breaks (joined unless the day is `lean`).
export const F_KG = 11;
export const F_N = 12;
export const F_MASK = 13;
export const F_LOCK = 14;
export const F_BRK = 15;
/** Fields of blocks 1 to 3. */
const NF_RICH = 16;
// Block 4: trips (joined when the day has disposal trips or breaks).
export const F_HAS = 16;
export const F_TL = 17;
export const F_TK = 18;
export const F_TN = 19;
export const F_XL = 20;
export const F_XK = 21;
/** Route whose capacities the excess F_XL / F_XK is relative to (-1: none yet). */
export const F_CAP = 22;
/** Numbers per segment. */
export const NF = 23;

/** Returned by an evaluation when the move is not allowed. */
export const NO_MOVE = Number.POSITIVE_INFINITY;

/**
 * The accumulator of route segments and the cost of a complete route. `Routes` extends it with
 * the routes themselves; operators price a move by filling the accumulator (prefix, nodes,
 * suffix) and reading {@link accCost}.
 */
export class SegmentAccumulator {
  readonly m: DayModel;
  /** Durations and distances as typed arrays. */
  readonly dur: Float64Array;
  readonly dst: Float64Array;
  /** Capacities of each route. */
  private readonly capL: Float64Array;
  private readonly capK: Float64Array;
  /** Numbers copied when a stored segment becomes the accumulator (blocks in use). */
  readonly nf: number;
  /** Whether the time block is joined. */
  readonly timed: boolean;
  /** Whether the trips block is joined. */
  readonly trips: boolean;
  /** Whether daily totals, streams and locks are left out (the model's `lean`). */
  readonly lean: boolean;
  /** The segment being built, and the route whose end leg and capacities it is priced with. */
  readonly acc = new Float64Array(NF);
  accRoute = 0;
  /** Segment data of each node on its own (refreshed when a node's site or window changes). */
  readonly sing: Float64Array;
  /** Lateness (s) and relative overload of the last route {@link accCost} priced. */
  aLate = 0;
  aOver = 0;
  /** Penalty weights: per second of lateness / excess working time, per 100 % of a capacity. */
  wTime: number;
  wCap: number;
  /** Weights at scale 1 (lateness and overload all but forbidden). */
  readonly hardTime: number;
  readonly hardCap: number;
  /** Cost of leaving a mandatory bin out (the search treats it as a prize). */
  readonly mandatoryPrize: number;
  private readonly one = new Float64Array(NF);
  /** End legs with the final unloading, per (route, last place); see {@link accEnd}. */
  private readonly endSeg: Float64Array;
  private readonly endKnown: Uint8Array;
  private readonly endKeep = new Float64Array(NF);
  /** Best final site per (route, place), lazily filled (-2 unknown). */
  private readonly finalSite: Int32Array[];

  constructor(m: DayModel) {
    this.m = m;
    this.dur = m.durations instanceof Float64Array ? m.durations : Float64Array.from(m.durations);
    this.dst = m.distances instanceof Float64Array ? m.distances : Float64Array.from(m.distances);
    this.capL = Float64Array.from(m.routes, (r) => r.capL);
    this.capK = Float64Array.from(m.routes, (r) => r.capK);
    this.timed = m.timed;
    this.trips = m.trips;
    this.lean = m.lean;
    this.nf = m.trips ? NF : !m.lean ? NF_RICH : m.timed ? NF_TIME : NF_LOAD;
    this.sing = new Float64Array(m.nNodes * NF);
    this.endSeg = new Float64Array(m.nRoutes * m.size * NF);
    this.endKnown = new Uint8Array(m.nRoutes * m.size);
    this.finalSite = m.routes.map(() => new Int32Array(m.size).fill(-2));
    // Leaving a mandatory bin out weighs as much as 10^5 seconds of work or 100 vehicles (more than
    // any detour or extra truck); one second late, ten times that: lateness and overload are all
    // but forbidden.
    const maxFixed = m.routes.reduce((a, r) => Math.max(a, r.fixedCost), 0);
    this.mandatoryPrize = Math.max(1e5 * m.costPerSec, 100 * maxFixed);
    this.hardTime = 10 * this.mandatoryPrize;
    this.hardCap = this.hardTime * 3600;
    this.wTime = this.hardTime;
    this.wCap = this.hardCap;
    for (let v = 0; v < m.nNodes; v++) this.refreshSingle(v);
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

  /** `out` := the segment of `node` alone. */
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
      const rs = m.routes[node - m.firstStart];
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

  /** acc := the segment at offset `o` of `arr` (route `r` becomes the accumulator's route). */
  accLoad(arr: Float64Array, o: number, r: number): void {
    this.accRoute = r;
    const a = this.acc;
    if (this.trips) {
      for (let f = 0; f < NF; f++) a[f] = arr[o + f] as number;
      return;
    }
    const nf = this.nf;
    for (let f = 0; f < nf; f++) a[f] = arr[o + f] as number;
  }

  /** Copies the accumulator's blocks in use to offset `o` of `out` (to load again with {@link accLoad}). */
  accStore(out: Float64Array, o: number): void {
    const a = this.acc;
    const nf = this.nf;
    if (nf === NF) out.set(a, o);
    else for (let f = 0; f < nf; f++) out[o + f] = a[f] as number;
  }

  /** acc := acc + the segment at offset `o` of `arr`. */
  concat(arr: Float64Array, o: number): void {
    if (this.trips) {
      this.concatFull(arr, o);
      return;
    }
    const a = this.acc;
    const last = a[F_LAST] as number;
    const first = arr[o + F_FIRST] as number;
    let t = 0;
    let d = 0;
    if (last >= 0 && first >= 0) {
      const k = last * this.m.size + first;
      d = this.dst[k] as number;
      if (this.timed) t = this.dur[k] as number;
    }
    a[F_DIST] = (a[F_DIST] as number) + d + (arr[o + F_DIST] as number);
    a[F_HL] = (a[F_HL] as number) + (arr[o + F_HL] as number);
    a[F_HK] = (a[F_HK] as number) + (arr[o + F_HK] as number);
    a[F_HN] = (a[F_HN] as number) + (arr[o + F_HN] as number);
    if (!this.lean) {
      a[F_KG] = (a[F_KG] as number) + (arr[o + F_KG] as number);
      a[F_N] = (a[F_N] as number) + (arr[o + F_N] as number);
      a[F_MASK] = (a[F_MASK] as number) | (arr[o + F_MASK] as number);
      a[F_LOCK] = (a[F_LOCK] as number) + (arr[o + F_LOCK] as number);
      a[F_BRK] = (a[F_BRK] as number) + (arr[o + F_BRK] as number);
    }
    if (first >= 0 && (a[F_FIRST] as number) < 0) a[F_FIRST] = first;
    const bLast = arr[o + F_LAST] as number;
    if (bLast >= 0) a[F_LAST] = bLast;
    if (this.timed) this.joinTime(arr, o, t);
  }

  /** The time block of {@link concat} (Vidal et al. 2013 time-warp concatenation), `t` the connecting drive. */
  private joinTime(arr: Float64Array, o: number, t: number): void {
    const a = this.acc;
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
    a[F_TT] = (a[F_TT] as number) + t + (arr[o + F_TT] as number);
  }

  /** {@link concat} on days with trips or breaks: every block, the load reset at each disposal visit. */
  private concatFull(arr: Float64Array, o: number): void {
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

  /** acc := acc + node `node` on its own. */
  accSingle(node: number): void {
    this.concat(this.sing, node * NF);
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

  /** Best site for route r to unload at from place `last` (its start when -1). */
  unloadSiteFrom(r: number, last: number): number {
    const rs = this.m.routes[r];
    return this.bestFinalSite(r, last >= 0 ? last : rs?.startLoc ?? 0);
  }

  /** acc := acc + unloading at site `s`. */
  accUnload(s: number): void {
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

  /** Whether the accumulator has anything on board (in its last trip). */
  private loaded(): boolean {
    const a = this.acc;
    if (!this.trips) return (a[F_HN] as number) > 0 || (a[F_HL] as number) > 0 || (a[F_HK] as number) > 0;
    return (a[F_TN] as number) > 0 || (a[F_TL] as number) > 0 || (a[F_TK] as number) > 0;
  }

  /** acc := acc + (final unloading if loaded) + end depot of route r. */
  accEnd(r: number): void {
    const a = this.acc;
    const m = this.m;
    const rs = m.routes[r];
    if (!rs) return;
    if (!this.loaded()) {
      this.endDepot(rs);
      return;
    }
    // unloading at the best site from here, then the depot: one stored segment per (route, place)
    const last = a[F_LAST] as number;
    const key = r * m.size + (last >= 0 ? last : rs.startLoc);
    if (this.endKnown[key] === 0) {
      const keep = this.endKeep;
      keep.set(a);
      this.unloadSegment(this.unloadSiteFrom(r, last), a);
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

  /**
   * Penalised cost of the accumulator as a complete route of `accRoute` (0 for a route that serves
   * nothing and has no fixed prefix; {@link NO_MOVE} when it carries a stream its vehicle does
   * not); sets {@link aLate} and {@link aOver}.
   */
  accCost(): number {
    const a = this.acc;
    const rs = this.m.routes[this.accRoute];
    if (!rs) return 0;
    // lean days: one load, no prefix, so the day's kilograms and stops are the load's
    const n = (this.lean ? a[F_HN] : a[F_N]) as number;
    this.aLate = 0;
    this.aOver = 0;
    if (n <= rs.doneBins && !rs.hasPrefix) return 0;
    if (!this.lean && ((a[F_MASK] as number) & ~rs.acceptMask) !== 0) return NO_MOVE;
    const dur = this.timed ? (a[F_DUR] as number) : 0;
    let cost = rs.fixedCost + rs.perM * (a[F_DIST] as number) + rs.perSec * dur;
    let late = this.timed ? (a[F_TW] as number) : 0;
    if (dur > rs.maxWorkingSec) late += dur - rs.maxWorkingSec;
    let cap = 0;
    const hl = a[F_HL] as number;
    const hk = a[F_HK] as number;
    if (hl > rs.capL) cap += (hl - rs.capL) / rs.capL;
    if (hk > rs.capK) cap += (hk - rs.capK) / rs.capK;
    if (this.trips) {
      cap += (a[F_XL] as number) + (a[F_XK] as number);
      if (a[F_HAS]) {
        const tl = a[F_TL] as number;
        const tk = a[F_TK] as number;
        if (tl > rs.capL) cap += (tl - rs.capL) / rs.capL;
        if (tk > rs.capK) cap += (tk - rs.capK) / rs.capK;
      }
      const held = a[F_BRK] as number;
      if (rs.breakNodes.length > held) {
        // A break left out is owed when the day ends after its latest start (the route holds the
        // first `held` of the vehicle's breaks). It is costed as if taken (its duration, and the
        // lateness and working time it adds), so that a route can grow past the break's window one
        // bin at a time; the special-node pass then puts the break in its place.
        let endArrival = (a[F_E] as number) + dur - (a[F_TW] as number);
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
    }
    const kg = (this.lean ? a[F_HK] : a[F_KG]) as number;
    if (kg > rs.dailyK) cap += (kg - rs.dailyK) / rs.dailyK;
    if (n > rs.maxStops) cap += (n - rs.maxStops) / 10;
    this.aLate = late;
    this.aOver = cap;
    return cost + this.wTime * late + this.wCap * cap;
  }
}
