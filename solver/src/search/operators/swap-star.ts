import { BIN, END, type RouteSpec } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { F_DIST, F_HK, F_HL, NF, NO_MOVE } from '../segment.js';
import type { PlainTables } from './plain.js';

/** Candidate insertion positions kept per (bin, route) (HGS-CVRP keeps three). */
const TOP = 3;
/** Estimated moves checked exactly per route pair on days where time matters. */
const CHECKED_TIMED = 3;

/** A SWAP* move: u leaves its route for the gap after `afterU` in v's route, v for the gap after `afterV` (either may be -1). */
interface Move {
  u: number;
  afterU: number;
  v: number;
  afterV: number;
  estimate: number;
}

/** Scratch state of the operator for one search (insertion caches are keyed on move counters). */
class SwapStarState {
  readonly topCost: Float64Array;
  readonly topPos: Int32Array;
  /** Move counter when (bin, route) was cached; 0: never. */
  readonly stamp: Float64Array;
  readonly rem: Float64Array;
  /** The bins each route may give the other in the pair being priced. */
  readonly from1: Int32Array;
  readonly from2: Int32Array;
  /** Gaps of the route being inserted into, on plain days: node before, its place, place after (-1: the end), metres between. */
  readonly gapNode: Int32Array;
  readonly gapFrom: Int32Array;
  readonly gapTo: Int32Array;
  readonly gapMetres: Float64Array;
  readonly candidates: Move[] = Array.from({ length: CHECKED_TIMED }, () => ({ u: -1, afterU: -1, v: -1, afterV: -1, estimate: Infinity }));
  best: Move = { u: -1, afterU: -1, v: -1, afterV: -1, estimate: Infinity };
  bestDelta = NO_MOVE;
  constructor(readonly s: Routes) {
    const size = s.m.nBins * s.m.nRoutes;
    this.topCost = new Float64Array(size * TOP);
    this.topPos = new Int32Array(size * TOP);
    this.stamp = new Float64Array(size);
    this.rem = new Float64Array(s.m.nBins);
    this.from1 = new Int32Array(s.m.nBins);
    this.from2 = new Int32Array(s.m.nBins);
    this.gapNode = new Int32Array(s.m.nNodes);
    this.gapFrom = new Int32Array(s.m.nNodes);
    this.gapTo = new Int32Array(s.m.nNodes);
    this.gapMetres = new Float64Array(s.m.nNodes);
  }
}

const states = new WeakMap<Routes, SwapStarState>();
function stateOf(s: Routes): SwapStarState {
  let st = states.get(s);
  if (!st) {
    st = new SwapStarState(s);
    states.set(s, st);
  }
  return st;
}

/** Driving-cost change of inserting u between a and its successor on route r (places; breaks stand where the truck is). */
function insertionCost(s: Routes, rs: RouteSpec, u: number, a: number): number {
  const b = s.nxt[a] ?? -1;
  const la = s.placeOf(a);
  const lu = s.m.loc[u] ?? 0;
  const lb = s.m.kind[b] === END ? rs.endLoc : s.placeOf(b);
  const from = la >= 0 ? la : rs.startLoc;
  return s.leg(rs, from, lu) + s.leg(rs, lu, lb) - s.leg(rs, from, lb);
}

/** Top insertion positions of every bin of route `from` into route `into`, cached until `into` changes. */
function preprocess(st: SwapStarState, from: number, into: number): void {
  const s = st.s;
  const m = s.m;
  const rs = m.routes[into] as RouteSpec;
  const modified = s.rModified[into] ?? 0;
  const plain = s.plain;
  /** Gaps of `into` (plain days), listed when the first bin needs them. */
  let gaps = -1;
  for (let u = s.nxt[s.startNode(from)] ?? -1; u >= 0 && m.kind[u] !== END; u = s.nxt[u] ?? -1) {
    if (m.kind[u] !== BIN) continue;
    const key = u * m.nRoutes + into;
    if ((st.stamp[key] ?? 0) > modified) continue;
    st.stamp[key] = s.nbMoves + 1;
    const b = TOP * key;
    for (let k = 0; k < TOP; k++) {
      st.topCost[b + k] = Infinity;
      st.topPos[b + k] = -1;
    }
    const lu = m.loc[u] ?? 0;
    if (plain) {
      // plain days: metres from the arcs and the prefix sums (the end arc is the end leg), as HGS-CVRP
      if (gaps < 0) gaps = listGaps(st, into);
      const row = lu * m.size;
      const size = m.size;
      let end = -1;
      for (let g = 0; g < gaps; g++) {
        const lz = st.gapTo[g] as number;
        let out: number;
        if (lz >= 0) out = s.dst[row + lz] as number;
        else {
          if (end < 0) end = (s.flat as PlainTables).endLeg[into * size + lu] as number;
          out = end;
        }
        const c = rs.perM * ((s.dst[(st.gapFrom[g] as number) * size + lu] as number) + out - (st.gapMetres[g] as number));
        if (c < (st.topCost[b + TOP - 1] as number)) insertTop(st, b, c, st.gapNode[g] as number);
      }
      continue;
    }
    for (let a = s.startNode(into); a >= 0 && m.kind[a] !== END; a = s.nxt[a] ?? -1) {
      const c = insertionCost(s, rs, u, a);
      if (c >= (st.topCost[b + TOP - 1] as number)) continue;
      insertTop(st, b, c, a);
    }
  }
}

/** Lists the gaps of route r (plain days) in the state's gap arrays; returns how many. */
function listGaps(st: SwapStarState, r: number): number {
  const s = st.s;
  const m = s.m;
  let g = 0;
  for (let a = s.startNode(r); a >= 0 && m.kind[a] !== END; a = s.nxt[a] ?? -1) {
    const z = s.nxt[a] ?? 0;
    st.gapNode[g] = a;
    st.gapFrom[g] = s.placeOf(a);
    st.gapTo[g] = m.kind[z] === END ? -1 : m.loc[z] ?? 0;
    st.gapMetres[g] = (s.pre[z * NF + F_DIST] as number) - (s.pre[a * NF + F_DIST] as number);
    g++;
  }
  return g;
}

/** Puts insertion cost c after node a among the {@link TOP} best of the cache row at `b` (c beats the last). */
function insertTop(st: SwapStarState, b: number, c: number, a: number): void {
  let k = TOP - 1;
  while (k > 0 && c < (st.topCost[b + k - 1] as number)) {
    st.topCost[b + k] = st.topCost[b + k - 1] as number;
    st.topPos[b + k] = st.topPos[b + k - 1] as number;
    k--;
  }
  st.topCost[b + k] = c;
  st.topPos[b + k] = a;
}

/** Driving-cost gain of taking each bin of route r out of it (negative: saved). */
function removals(st: SwapStarState, r: number): void {
  const s = st.s;
  const m = s.m;
  const rs = m.routes[r] as RouteSpec;
  for (let u = s.nxt[s.startNode(r)] ?? -1; u >= 0 && m.kind[u] !== END; u = s.nxt[u] ?? -1) {
    if (m.kind[u] !== BIN) continue;
    const p = s.prv[u] ?? -1;
    const x = s.nxt[u] ?? -1;
    const lp = s.placeOf(p);
    const from = lp >= 0 ? lp : rs.startLoc;
    const lx = m.kind[x] === END ? rs.endLoc : s.placeOf(x);
    const lu = m.loc[u] ?? 0;
    st.rem[u] = s.leg(rs, from, lx) - s.leg(rs, from, lu) - s.leg(rs, lu, lx);
  }
}

/**
 * Cheapest insertion of u into the route of v once v has left it: the best cached position not
 * next to v, or v's own place; sets `at` to the node after which u goes.
 */
function cheapestWithout(st: SwapStarState, u: number, v: number, out: { at: number }): number {
  const s = st.s;
  const rv = s.rte[v] ?? 0;
  const rs = s.m.routes[rv] as RouteSpec;
  const pv = s.prv[v] ?? -1;
  const y = s.nxt[v] ?? -1;
  const lp = s.placeOf(pv);
  const from = lp >= 0 ? lp : rs.startLoc;
  const ly = s.m.kind[y] === END ? rs.endLoc : s.placeOf(y);
  const lu = s.m.loc[u] ?? 0;
  let cost = s.leg(rs, from, lu) + s.leg(rs, lu, ly) - s.leg(rs, from, ly);
  out.at = pv;
  const b = TOP * (u * s.m.nRoutes + rv);
  for (let k = 0; k < TOP; k++) {
    const a = st.topPos[b + k] ?? -1;
    if (a < 0) break;
    if (a === v || s.nxt[a] === v) continue;
    const c = st.topCost[b + k] as number;
    if (c < cost) {
      cost = c;
      out.at = a;
    }
    break;
  }
  return cost;
}

/** Penalty of a one-load route carrying litres and kilograms (the overload part of its cost). */
function loadPenalty(s: Routes, rs: RouteSpec, l: number, kg: number): number {
  let over = 0;
  if (l > rs.capL) over += (l - rs.capL) / rs.capL;
  if (kg > rs.capK) over += (kg - rs.capK) / rs.capK;
  if (kg > rs.dailyK) over += (kg - rs.dailyK) / rs.dailyK;
  return s.wCap * over;
}

/** Exact cost of route r with node `out` taken out and node `inn` put after `after` (`out`/`inn` may be -1). */
function exactRouteCost(s: Routes, r: number, out: number, inn: number, after: number): number {
  s.accStart(r);
  const start = s.startNode(r);
  if (inn >= 0 && after === start) s.accSingle(inn);
  for (let w = s.nxt[start] ?? -1; w >= 0 && s.m.kind[w] !== END; w = s.nxt[w] ?? -1) {
    if (w !== out) s.accSingle(w);
    if (inn >= 0 && w === after) s.accSingle(inn);
  }
  s.accEnd(r);
  return s.accCost();
}

/** Exact change of the total cost by a move (NO_MOVE when a vehicle may not carry what it gets). */
function exactDelta(s: Routes, r1: number, r2: number, mv: Move): number {
  const c1 = exactRouteCost(s, r1, mv.u, mv.v, mv.afterV);
  if (c1 === NO_MOVE) return NO_MOVE;
  const c2 = exactRouteCost(s, r2, mv.v, mv.u, mv.afterU);
  if (c2 === NO_MOVE) return NO_MOVE;
  return c1 + c2 - (s.rCost[r1] ?? 0) - (s.rCost[r2] ?? 0);
}

/** Keeps `mv` among the best estimated moves (one on days without time, {@link CHECKED_TIMED} otherwise). */
function keep(st: SwapStarState, timed: boolean, u: number, afterU: number, v: number, afterV: number, estimate: number): void {
  let w = st.best;
  if (timed) {
    const list = st.candidates;
    w = list[0] as Move;
    for (let k = 1; k < list.length; k++) if ((list[k] as Move).estimate > w.estimate) w = list[k] as Move;
  }
  if (estimate >= w.estimate) return;
  w.u = u;
  w.afterU = afterU;
  w.v = v;
  w.afterV = afterV;
  w.estimate = estimate;
}

/** The largest estimate worth keeping (the bar a new move must beat). */
function bar(st: SwapStarState, timed: boolean): number {
  if (!timed) return st.best.estimate;
  let worst = -Infinity;
  for (const c of st.candidates) if (c.estimate > worst) worst = c.estimate;
  return worst;
}

/**
 * SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source implementation and SWAP*
 * neighborhood", section 4): a bin u of route r1 and a bin v of route r2 trade routes, each
 * inserted at its best place in the other route rather than in the other's place; moving one
 * bin alone to its best place in the other route is considered too.
 *
 * As in HGS-CVRP, the moves are ranked by an estimate: driving cost (the legs at each vehicle's
 * rates, three cached best positions per bin and route) plus, on one-load days, the overload
 * penalty of the new loads. The best estimate (on days where time matters, the best three) is
 * then priced exactly with the route segments, so `evaluate` returns the true change of the total
 * cost; `apply` makes the move `evaluate` found. Only unlocked bins each vehicle may carry move.
 */
export const SwapStar = {
  name: 'swap-star',
  evaluate(s: Routes, r1: number, r2: number): number {
    const st = stateOf(s);
    const m = s.m;
    const timed = m.timed || !m.lean;
    st.bestDelta = NO_MOVE;
    st.best.estimate = 0;
    st.best.u = st.best.v = -1;
    for (const c of st.candidates) {
      c.estimate = 0;
      c.u = c.v = -1;
    }
    preprocess(st, r1, r2);
    preprocess(st, r2, r1);
    removals(st, r1);
    removals(st, r2);
    const rs1 = m.routes[r1] as RouteSpec;
    const rs2 = m.routes[r2] as RouteSpec;
    const end1 = s.endNode(r1) * NF;
    const end2 = s.endNode(r2) * NF;
    const l1 = s.pre[end1 + F_HL] ?? 0;
    const k1 = s.pre[end1 + F_HK] ?? 0;
    const l2 = s.pre[end2 + F_HL] ?? 0;
    const k2 = s.pre[end2 + F_HK] ?? 0;
    const lean = m.lean;
    const pen1 = lean ? loadPenalty(s, rs1, l1, k1) : 0;
    const pen2 = lean ? loadPenalty(s, rs2, l2, k2) : 0;
    const at = { at: -1 };
    // the bins each vehicle may take from the other
    const from1 = st.from1;
    const from2 = st.from2;
    let n1 = 0;
    let n2 = 0;
    for (let u = s.nxt[s.startNode(r1)] ?? -1; u >= 0 && m.kind[u] !== END; u = s.nxt[u] ?? -1) if (m.kind[u] === BIN && !m.locked[u] && s.allowed(u, r2)) from1[n1++] = u;
    for (let v = s.nxt[s.startNode(r2)] ?? -1; v >= 0 && m.kind[v] !== END; v = s.nxt[v] ?? -1) if (m.kind[v] === BIN && !m.locked[v] && s.allowed(v, r1)) from2[n2++] = v;
    let limit = bar(st, timed);
    for (let i = 0; i < n1; i++) {
      const u = from1[i] as number;
      const du = m.demL[u] ?? 0;
      const ku = m.demK[u] ?? 0;
      const remU = st.rem[u] ?? 0;
      const bU = TOP * (u * m.nRoutes + r2);
      // u alone to its best place in r2
      if ((st.topPos[bU] ?? -1) >= 0) {
        const pen = lean ? loadPenalty(s, rs1, l1 - du, k1 - ku) - pen1 + loadPenalty(s, rs2, l2 + du, k2 + ku) - pen2 : 0;
        const e = pen + remU + (st.topCost[bU] as number);
        if (e < limit) {
          keep(st, timed, u, st.topPos[bU] ?? -1, -1, -1, e);
          limit = bar(st, timed);
        }
      }
      for (let j = 0; j < n2; j++) {
        const v = from2[j] as number;
        const remV = st.rem[v] ?? 0;
        if (remU + remV >= limit && !lean) continue;
        const pen = lean ? loadPenalty(s, rs1, l1 - du + (m.demL[v] ?? 0), k1 - ku + (m.demK[v] ?? 0)) - pen1 + loadPenalty(s, rs2, l2 + du - (m.demL[v] ?? 0), k2 + ku - (m.demK[v] ?? 0)) - pen2 : 0;
        if (pen + remU + remV >= limit) continue;
        const extraU = cheapestWithout(st, u, v, at);
        const afterU = at.at;
        const extraV = cheapestWithout(st, v, u, at);
        const afterV = at.at;
        const e = pen + remU + remV + extraU + extraV;
        if (e < limit) {
          keep(st, timed, u, afterU, v, afterV, e);
          limit = bar(st, timed);
        }
      }
    }
    for (let j = 0; j < n2; j++) {
      const v = from2[j] as number;
      const bV = TOP * (v * m.nRoutes + r1);
      if ((st.topPos[bV] ?? -1) < 0) continue;
      const dv = m.demL[v] ?? 0;
      const kv = m.demK[v] ?? 0;
      const pen = lean ? loadPenalty(s, rs1, l1 + dv, k1 + kv) - pen1 + loadPenalty(s, rs2, l2 - dv, k2 - kv) - pen2 : 0;
      const e = pen + (st.rem[v] ?? 0) + (st.topCost[bV] as number);
      if (e < limit) {
        keep(st, timed, -1, -1, v, st.topPos[bV] ?? -1, e);
        limit = bar(st, timed);
      }
    }
    if (!timed) {
      if (st.best.u >= 0 || st.best.v >= 0) st.bestDelta = exactDelta(s, r1, r2, st.best);
      return st.bestDelta;
    }
    for (const c of st.candidates) {
      if (c.u < 0 && c.v < 0) continue;
      const d = exactDelta(s, r1, r2, c);
      if (d < st.bestDelta) {
        st.bestDelta = d;
        Object.assign(st.best, c);
      }
    }
    return st.bestDelta;
  },
  apply(s: Routes, r1: number, r2: number): void {
    const st = stateOf(s);
    const mv = st.best;
    if (mv.u >= 0) s.unlink(mv.u);
    if (mv.v >= 0) s.unlink(mv.v);
    if (mv.u >= 0) s.linkAfter(mv.u, mv.afterU);
    if (mv.v >= 0) s.linkAfter(mv.v, mv.afterV);
    s.touch(r1, r2);
    st.bestDelta = NO_MOVE;
  },
};

export { POOL };
