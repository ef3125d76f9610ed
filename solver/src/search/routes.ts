/**
 * The routes of a collection day as the search edits them: doubly linked node lists, one per
 * vehicle, with the segment data of every node's prefix (start .. node) and suffix (node .. last
 * node before the end) so that a move is priced in O(1) by joining a few segments (see
 * segment.ts; Vidal et al. 2013).
 *
 * Bins outside every route sit in a pool: optional bins enter when their prize pays for the
 * detour, mandatory ones at any cost (a large penalty stands for leaving them out). Lateness,
 * overload, daily limits and working time are penalised with weights that the searches scale;
 * streams, locks and pinned nodes are hard rules of the moves.
 */
import { BIN, BREAK, DISPOSAL, END, type DayModel, type RouteSpec } from './model.js';
import { PlainTables, plainInsert } from './operators/plain.js';
import { F_CAP, F_DUR, F_E, F_LAST, F_TT, F_TW, NF, NO_MOVE, SegmentAccumulator } from './segment.js';

/** Route of a node in no route (bins left out, disposal visits not used, breaks not taken). */
export const POOL = -1;

/** A day as the search can load it again: node sequences per route and each disposal visit's site. */
export interface DaySnapshot {
  readonly routes: readonly (readonly number[])[];
  readonly sites: Int32Array;
}

export class Routes extends SegmentAccumulator {
  readonly nxt: Int32Array;
  readonly prv: Int32Array;
  /** Route of each node, {@link POOL} when in the pool. */
  readonly rte: Int32Array;
  /** Position of each node in its route (start 0). */
  readonly pos: Int32Array;
  readonly pre: Float64Array;
  /** Suffix data without the end leg (used when the suffix moves to another route). */
  readonly suf: Float64Array;
  /** Suffix data including the route's own end leg (used when the suffix stays on its route). */
  readonly sufE: Float64Array;
  readonly rCost: Float64Array;
  /** Bins in each route. */
  readonly rSize: Int32Array;
  /** Move counter at each route's last change (see {@link touch}). */
  readonly rModified: Int32Array;
  /** Lateness (s) and relative overload of each route at its last update. */
  readonly rLate: Float64Array;
  readonly rOver: Float64Array;
  /** Cost of a route's waiting and penalties: the most a move can save on it beyond driving. */
  readonly rSlack: Float64Array;
  /**
   * Running driving cost of each node's route from its start to the node, at the route's rates,
   * forwards (`fwd`) and with every arc driven the other way (`bwd`); set by {@link updateRoute}
   * on one-way (asymmetric) matrices only.
   * The difference over a stretch is what reversing it changes (2-OPT's bound on one-way matrices).
   */
  readonly fwd: Float64Array;
  readonly bwd: Float64Array;
  /** Whether routes a and b have identical end legs and cost rates (a tail costs the same on either). */
  readonly sameEnd: Uint8Array;
  /** Whether both matrices are symmetric (a reversed stretch then drives the same). */
  readonly symmetric: boolean;
  /** One load per truck and no time at all (a CVRP): moves are priced by their arcs (operators/plain.ts). */
  readonly plain: boolean;
  /**
   * Plain days: metres a stretch of one or two bins saves by leaving its route, per (first bin,
   * count) at index 2 × bin + count − 1, and the move counter when computed (valid while the
   * route's `rModified` is not later; see operators/plain.ts).
   */
  readonly plainRemoval: { readonly metres: Float64Array; readonly at: Int32Array };
  /**
   * Days without trips (no disposal visits or breaks in routes): each node's place for
   * {@link placeOf}, which then never changes (-1 for end nodes); null on other days.
   */
  private readonly fixedPlace: Int32Array | null;
  /** {@link endLegCost} per (route, place), NaN until asked; allocated on first use. */
  private endLegTable: Float64Array | null = null;
  /** Plain days: places, route rates and end legs on flat arrays (operators/plain.ts); undefined otherwise. */
  readonly flat: PlainTables | undefined;
  /** Granular neighbour lists of the bins, most correlated first. */
  readonly neighbours: Int32Array[];
  /** Moves applied so far. */
  nbMoves = 0;
  /** Move counter at each node's last test by the local search (its memo). */
  readonly lastTested: Int32Array;
  /** Move counter at each route's last pass of the special-node operator. */
  readonly rSpecialsAt: Int32Array;
  /** The bins in the order the local search last tried them. */
  readonly binOrder: number[];
  /** Vehicles the search may not use for now (route elimination empties one and keeps it shut). */
  readonly disabled: Uint8Array;
  /**
   * Routes whose suffix data are out of date: {@link updateRoute} leaves the suffixes to the first
   * {@link accSuffix} (or {@link ensureSuffixes}) that needs them. On plain days the operators
   * price moves from the prefixes alone (operators/plain.ts); on days with time a route often
   * changes again (loading a day, re-placing its disposal visits and breaks) before any move
   * joins its suffixes.
   */
  private readonly sufStale: Uint8Array;
  /** Whether the local search tries SWAP* between routes. */
  useSwapStar = true;
  /** Move counter at the last SWAP* test of each route pair (r1 * nRoutes + r2, r1 < r2). */
  readonly pairTested: Float64Array;
  private readonly saved = new Float64Array(NF);
  private readonly sufKeep = new Float64Array(NF);

  constructor(m: DayModel, neighbours: Int32Array[]) {
    super(m);
    const n = m.nNodes;
    this.symmetric = isSymmetric(this.dur, m.size) && isSymmetric(this.dst, m.size);
    this.plain = m.lean && !m.timed;
    this.plainRemoval = { metres: new Float64Array(this.plain ? 2 * m.nBins : 0), at: new Int32Array(this.plain ? 2 * m.nBins : 0).fill(-1) };
    const fixedPlace = m.trips ? null : Int32Array.from({ length: m.nNodes }, (_, v) => (m.kind[v] === END ? -1 : m.loc[v] ?? -1));
    this.fixedPlace = fixedPlace;
    // plain days have no trips, so their places are the fixed ones
    this.flat = this.plain && fixedPlace ? new PlainTables(m, fixedPlace, (r, at) => this.endMetres(r, at)) : undefined;
    this.nxt = new Int32Array(n).fill(-1);
    this.prv = new Int32Array(n).fill(-1);
    this.rte = new Int32Array(n).fill(POOL);
    this.pos = new Int32Array(n);
    this.pre = new Float64Array(n * NF);
    this.suf = new Float64Array(n * NF);
    this.sufE = new Float64Array(n * NF);
    this.rCost = new Float64Array(m.nRoutes);
    this.rSize = new Int32Array(m.nRoutes);
    this.rModified = new Int32Array(m.nRoutes);
    this.lastTested = new Int32Array(n).fill(-1);
    this.rSpecialsAt = new Int32Array(m.nRoutes).fill(-1);
    this.neighbours = neighbours;
    this.binOrder = Array.from({ length: m.nBins }, (_, i) => i);
    this.pairTested = new Float64Array(m.nRoutes * m.nRoutes).fill(-1);
    this.disabled = new Uint8Array(m.nRoutes);
    this.sufStale = new Uint8Array(m.nRoutes);
    this.rLate = new Float64Array(m.nRoutes);
    this.rOver = new Float64Array(m.nRoutes);
    this.rSlack = new Float64Array(m.nRoutes);
    this.fwd = new Float64Array(n);
    this.bwd = new Float64Array(n);
    this.sameEnd = new Uint8Array(m.nRoutes * m.nRoutes);
    for (const a of m.routes) {
      for (const b of m.routes) {
        const same = a.endLoc === b.endLoc && a.endDue === b.endDue && a.perM === b.perM && a.perSec === b.perSec && a.fixedCost === b.fixedCost && a.sites.join() === b.sites.join() && a.maxWorkingSec === b.maxWorkingSec;
        this.sameEnd[a.index * m.nRoutes + b.index] = same ? 1 : 0;
      }
    }
    for (let r = 0; r < m.nRoutes; r++) {
      const s = m.firstStart + r;
      const e = m.firstEnd + r;
      this.nxt[s] = e;
      this.prv[e] = s;
      this.rte[s] = r;
      this.rte[e] = r;
    }
  }

  startNode(r: number): number {
    return this.m.firstStart + r;
  }
  endNode(r: number): number {
    return this.m.firstEnd + r;
  }

  /** Loads routes given as node sequences (without start and end); other nodes go to the pool. */
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

  /** The current day, to {@link restore} later. */
  snapshot(): DaySnapshot {
    return { routes: this.routes(), sites: this.m.siteOf.slice() };
  }

  /** Loads a day taken by {@link snapshot} (sites first, then routes). */
  restore(snap: DaySnapshot): void {
    for (let n = this.m.firstDisposal; n < this.m.firstBreak; n++) this.setSiteOf(n, snap.sites[n] ?? 0);
    this.load(snap.routes);
  }

  /** Routes as node sequences (without start and end). */
  routes(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.m.nRoutes; r++) out.push(this.routeSeq(r));
    return out;
  }

  /** Route r as a node sequence (without start and end). */
  routeSeq(r: number): number[] {
    const seq: number[] = [];
    for (let v = this.nxt[this.startNode(r)] ?? -1; v >= 0 && this.m.kind[v] !== END; v = this.nxt[v] ?? -1) seq.push(v);
    return seq;
  }

  // ---------------------------------------------------------------- the accumulator on routes

  /** acc := prefix data of `node` (its route becomes the accumulator's route). */
  accPrefix(node: number): void {
    this.accLoad(this.pre, node * NF, this.rte[node] ?? 0);
  }

  /** acc := the start of route r alone (route r becomes the accumulator's route). */
  accStart(r: number): void {
    this.accLoad(this.sing, this.startNode(r) * NF, r);
  }

  /** acc := acc + node (an end node: the end leg of the accumulator's route). */
  accNode(node: number): void {
    if (this.m.kind[node] === END) {
      this.accEnd(this.accRoute);
      return;
    }
    this.accSingle(node);
  }

  /**
   * acc := acc + suffix (node .. end of its route). Stored suffixes stop before the end node, so
   * the end leg (final unloading, depot, shift end) is always that of the accumulator's route; the
   * stored suffix with its end leg serves when that route ends as the suffix's own does.
   */
  accSuffix(node: number): void {
    let v = node;
    while (this.m.kind[v] === BREAK) {
      this.accSingle(v);
      v = this.nxt[v] ?? -1;
    }
    if (v >= 0 && this.m.kind[v] !== END) this.ensureSuffixes(this.rte[v] ?? 0);
    // the stored end leg serves any route whose end leg is the same
    if (v >= 0 && this.m.kind[v] !== END && this.sameEnd[(this.rte[v] ?? 0) * this.m.nRoutes + this.accRoute]) this.concat(this.sufE, v * NF);
    else {
      if (v >= 0 && this.m.kind[v] !== END) this.concat(this.suf, v * NF);
      this.accEnd(this.accRoute);
    }
  }

  /** acc := acc + suffix (node .. last node before the end), without the end leg. */
  private accSuffixNoEnd(node: number): void {
    let v = node;
    while (this.m.kind[v] === BREAK) {
      this.accSingle(v);
      v = this.nxt[v] ?? -1;
    }
    if (v >= 0 && this.m.kind[v] !== END) this.concat(this.suf, v * NF);
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

  /** Saves the accumulator (one level), to restore it with {@link accRestore}. */
  accKeep(): void {
    this.accStore(this.saved, 0);
  }

  /** Restores the accumulator saved by {@link accKeep} (on route r). */
  accRestore(r: number): void {
    this.accLoad(this.saved, 0, r);
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

  /** Recomputes the prefix data of route r and its cost; its suffix data are rebuilt when first needed. */
  updateRoute(r: number): void {
    const start = this.startNode(r);
    const end = this.endNode(r);
    this.pickWindows(r);
    this.accStart(r);
    this.acc[F_CAP] = r;
    this.accStore(this.pre, start * NF);
    this.pos[start] = 0;
    const rs = this.m.routes[r] as RouteSpec;
    this.fwd[start] = 0;
    this.bwd[start] = 0;
    let before = start;
    let placeBefore = this.placeOf(start);
    let p = 0;
    let size = 0;
    let v = this.nxt[start] ?? end;
    while (v !== end) {
      this.accSingle(v);
      this.acc[F_CAP] = r;
      this.accStore(this.pre, v * NF);
      this.rte[v] = r;
      this.pos[v] = ++p;
      if (this.m.kind[v] === BIN) size++;
      if (!this.symmetric) {
        const place = this.placeOf(v);
        this.fwd[v] = (this.fwd[before] as number) + this.leg(rs, placeBefore, place);
        this.bwd[v] = (this.bwd[before] as number) + this.leg(rs, place, placeBefore);
        before = v;
        placeBefore = place;
      }
      v = this.nxt[v] ?? end;
    }
    this.accEnd(r);
    this.accStore(this.pre, end * NF);
    this.pos[end] = p + 1;
    this.rte[end] = r;
    this.rCost[r] = this.accCost();
    this.rLate[r] = this.aLate;
    this.rOver[r] = this.aOver;
    // what a move could at most save on this route besides driving: waiting and penalties
    const waiting = this.timed ? (this.acc[F_DUR] as number) - (this.acc[F_TT] as number) : 0;
    this.rSlack[r] = rs.perSec * waiting + this.wTime * this.aLate + this.wCap * this.aOver;
    this.rSize[r] = size;
    this.sufStale[r] = 1;
  }

  /**
   * Builds the suffix data of route r if {@link updateRoute} left them out of date (a caller that
   * reads {@link suf} itself calls this first; the accumulator is kept).
   */
  ensureSuffixes(r: number): void {
    if (this.sufStale[r] === 0) return;
    this.sufStale[r] = 0;
    // the accumulator is mid-move: keep it across the build
    const keep = this.sufKeep;
    keep.set(this.acc);
    const route = this.accRoute;
    this.buildSuffixes(r);
    this.acc.set(keep);
    this.accRoute = route;
  }

  /** Suffix data of route r (with and without its end leg), built backwards: suffix(w) = single(w) + suffix(next). */
  private buildSuffixes(r: number): void {
    const start = this.startNode(r);
    const end = this.endNode(r);
    let w = this.prv[end] ?? start;
    while (w !== start && w >= 0) {
      if (this.m.kind[w] === BREAK) {
        // a suffix never starts with a break (accSuffix walks over breaks)
        w = this.prv[w] ?? start;
        continue;
      }
      this.accLoad(this.sing, w * NF, r);
      this.accSuffixNoEnd(this.nxt[w] ?? end);
      this.acc[F_CAP] = r;
      this.accStore(this.suf, w * NF);
      this.accEnd(r);
      this.accStore(this.sufE, w * NF);
      w = this.prv[w] ?? start;
    }
  }

  /** Records a move on routes r1 and r2 (either may be {@link POOL}) and recomputes their data. */
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
    this.setPenaltyScales(scale, scale);
  }

  /** {@link setPenaltyScale} with separate scales for lateness (`time`) and overload (`cap`). */
  setPenaltyScales(time: number, cap: number): void {
    this.usePenaltyScales(time, cap);
    for (let r = 0; r < this.m.nRoutes; r++) this.touch(r, r);
  }

  /**
   * Sets the weights of {@link setPenaltyScales} and forgets the move memo, without recomputing
   * the routes: for a caller that loads new routes next.
   */
  usePenaltyScales(time: number, cap: number): void {
    this.wTime = this.hardTime * time;
    this.wCap = this.hardCap * cap;
    this.lastTested.fill(-1);
    this.rSpecialsAt.fill(-1);
    this.pairTested.fill(-1);
  }

  /** Total lateness (s) and relative overload of the routes. */
  lateness(): number {
    let s = 0;
    for (let r = 0; r < this.m.nRoutes; r++) s += this.rLate[r] ?? 0;
    return s;
  }
  overload(): number {
    let s = 0;
    for (let r = 0; r < this.m.nRoutes; r++) s += this.rOver[r] ?? 0;
    return s;
  }

  /** True when no route is late or overloaded. */
  isFeasible(): boolean {
    for (let r = 0; r < this.m.nRoutes; r++) if ((this.rLate[r] ?? 0) > 1e-9 || (this.rOver[r] ?? 0) > 1e-12) return false;
    return true;
  }

  /** Sum of route costs plus the prizes of the bins left out. */
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

  /** True when node `u` may ride on route r (stream, pins, closed routes, vehicles shut for now). */
  allowed(u: number, r: number): boolean {
    const m = this.m;
    const rs = m.routes[r];
    if (!rs || this.disabled[r]) return false;
    const pin = m.pinRoute[u] ?? -1;
    if (pin >= 0) return pin === r;
    if (rs.closed && m.kind[u] === BIN) return false;
    if (m.kind[u] === BIN && ((m.mask[u] ?? 0) & rs.acceptMask) === 0) return false;
    return true;
  }

  // ---------------------------------------------------------------- elementary edits

  /** Cost delta of removing node u from its route (into the pool), prize loss included. */
  evalRemove(u: number): number {
    const r = this.rte[u] ?? POOL;
    if (r === POOL || this.m.locked[u]) return NO_MOVE;
    this.accPrefix(this.prv[u] ?? 0);
    this.accSuffix(this.nxt[u] ?? 0);
    const prize = this.m.kind[u] === BIN ? this.prizeOf(u) : 0;
    return this.accCost() + prize - (this.rCost[r] ?? 0);
  }

  /** Cost delta of inserting pool node u just after v, prize gain included. */
  evalInsert(u: number, v: number): number {
    const r = this.rte[v] ?? POOL;
    if (r === POOL || this.m.kind[v] === END || !this.allowed(u, r)) return NO_MOVE;
    if (this.plain && this.m.kind[u] === BIN) return plainInsert(this, u, v) - this.prizeOf(u) - (this.rCost[r] ?? 0);
    this.accPrefix(v);
    this.accSingle(u);
    this.accSuffix(this.nxt[v] ?? 0);
    const prize = this.m.kind[u] === BIN ? this.prizeOf(u) : 0;
    return this.accCost() - prize - (this.rCost[r] ?? 0);
  }

  /**
   * A lower bound on {@link evalInsert}(u, v) for a bin u of the pool, without joining segments:
   * the detour's driving and u's service at the rates of v's route, minus what that route could
   * at most save besides (its waiting and penalties) and u's prize; -Infinity when it cannot be
   * bounded (v's successor a break, or an end node whose end leg is unknown). The new duration is
   * at least the old one less its waiting, plus the detour and the service; load and lateness only
   * grow; an empty route pays the whole round where the bound takes off its start-to-end leg.
   */
  insertBound(u: number, v: number): number {
    const r = this.rte[v] ?? POOL;
    if (r === POOL) return -Infinity;
    const y = this.nxt[v] ?? -1;
    if (y < 0 || this.m.kind[y] === BREAK) return -Infinity;
    const lv = this.placeOf(v);
    const lu = this.placeOf(u);
    if (lv < 0 || lu < 0) return -Infinity;
    const rs = this.m.routes[r] as RouteSpec;
    const detour = this.leg(rs, lv, lu) + this.arcTo(rs, lu, y) - this.arcTo(rs, lv, y);
    const bound = detour + rs.perSec * (this.m.service[u] as number) - (this.rSlack[r] as number) - this.prizeOf(u);
    return bound === bound ? bound : -Infinity;
  }

  /** Moves node u (routed or in the pool) to just after v and updates both routes. */
  insertAfter(u: number, v: number): void {
    const ru = this.rte[u] ?? POOL;
    const rv = this.rte[v] ?? POOL;
    if (ru !== POOL) this.unlink(u);
    this.linkAfter(u, v);
    this.touch(ru, rv);
  }

  /** Takes node u out of its route into the pool and updates the route. */
  remove(u: number): void {
    const r = this.rte[u] ?? POOL;
    this.unlink(u);
    this.touch(r, r);
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

  /** A disposal node in no route, or -1. */
  spareDisposal(): number {
    for (let n = this.m.firstDisposal; n < this.m.firstBreak; n++) if (this.rte[n] === POOL) return n;
    return -1;
  }

  // ---------------------------------------------------------------- helpers of the lower bounds

  /** Place of a node for arc bounds: its own, or (a break) the last place before it; -1 for an end. */
  placeOf(node: number): number {
    const fixed = this.fixedPlace;
    if (fixed !== null) return fixed[node] as number;
    const k = this.m.kind[node];
    if (k === END) return -1;
    if (k === BREAK) return this.pre[node * NF + F_LAST] ?? -1;
    return this.m.loc[node] ?? -1;
  }

  /** Driving cost between places a and b at the rates of `rs`. */
  leg(rs: RouteSpec, a: number, b: number): number {
    const k = a * this.m.size + b;
    return rs.perM * (this.dst[k] as number) + rs.perSec * (this.dur[k] as number);
  }

  /**
   * Driving cost at the rates of `rs` from place `a` to node `b`: to b's place, or, when b is an
   * end node on a day without trips, that route's end leg from `a` (see {@link endLegCost}); NaN
   * when it has none (a break, or an end on a day with trips, whose end leg depends on the last
   * trip's load), so that a bound built on it bounds nothing.
   */
  arcTo(rs: RouteSpec, a: number, b: number): number {
    const lb = this.placeOf(b);
    if (lb >= 0) return this.leg(rs, a, lb);
    return this.m.kind[b] === END && this.fixedPlace !== null ? this.endLegCost(this.rte[b] as number, a) : NaN;
  }

  /**
   * On a day without trips, the cost of route r's end leg from place `at` for a route with a bin
   * on board, as {@link accEnd} joins it: the drive to the best site r may unload at, the
   * unloading, the drive home (metres and seconds at r's rates); computed once per (route, place).
   * A move's bound may then treat the arc into an end node as any other arc.
   */
  endLegCost(r: number, at: number): number {
    const m = this.m;
    const key = r * m.size + at;
    let table = this.endLegTable;
    if (table === null) {
      table = new Float64Array(m.nRoutes * m.size).fill(NaN);
      this.endLegTable = table;
    }
    const known = table[key] as number;
    if (known === known) return known;
    const rs = m.routes[r] as RouteSpec;
    const site = m.sites[this.unloadSiteFrom(r, at)];
    const cost = site
      ? rs.perM * ((this.dst[at * m.size + site.loc] as number) + (this.dst[site.loc * m.size + rs.endLoc] as number)) +
        rs.perSec * ((this.dur[at * m.size + site.loc] as number) + site.unloadSec + (this.dur[site.loc * m.size + rs.endLoc] as number))
      : this.leg(rs, at, rs.endLoc);
    table[key] = cost;
    return cost;
  }

  /**
   * What routes ru and rv could at most save besides driving (their waiting and penalties);
   * NaN (no bound) when they differ in end legs or rates.
   */
  pairSlack(ru: number, rv: number): number {
    if (ru === rv) return this.rSlack[ru] as number;
    if (!this.sameEnd[ru * this.m.nRoutes + rv]) return NaN;
    return (this.rSlack[ru] as number) + (this.rSlack[rv] as number);
  }

  /**
   * Metres of route r's end leg from place `at` when loaded: to the best site it may unload at,
   * then to its end depot (plain days read them from {@link flat}, where each is computed once).
   */
  endMetres(r: number, at: number): number {
    const m = this.m;
    const rs = m.routes[r] as RouteSpec;
    const site = m.sites[this.unloadSiteFrom(r, at)];
    return site ? (this.dst[at * m.size + site.loc] as number) + (this.dst[site.loc * m.size + rs.endLoc] as number) : (this.dst[at * m.size + rs.endLoc] as number);
  }

  /** Whether node v is a disposal visit or a break. */
  isSpecial(v: number): boolean {
    const k = this.m.kind[v];
    return k === DISPOSAL || k === BREAK;
  }

  /** Earliest arrival at the end of route r as last computed (shift clock, seconds). */
  endArrival(r: number): number {
    const end = this.endNode(r) * NF;
    return (this.pre[end + F_E] ?? 0) + (this.pre[end + F_DUR] ?? 0) - (this.pre[end + F_TW] ?? 0);
  }
}

/** Whether the size × size matrix `a` is symmetric. */
function isSymmetric(a: Float64Array, size: number): boolean {
  for (let i = 0; i < size; i++) for (let j = i + 1; j < size; j++) if (a[i * size + j] !== a[j * size + i]) return false;
  return true;
}
