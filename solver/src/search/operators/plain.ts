/**
 * Exact O(1) move evaluation on plain days: one load per truck and no time at all (a CVRP, the
 * routes' `plain` flag). A route's cost is then its fixed cost, its metres at its rate, and the
 * overload penalty of its one load, so a move's change is the change of the arcs it replaces (the
 * arc into an end node being the end leg: unloading at the best site, then home) and of the two
 * loads. As in HGS-CVRP (Vidal 2022), the arcs are priced first, and a move whose metres alone
 * cost more than the penalties (and fixed costs) it could remove is dropped before its loads are
 * looked at. The operators call these in place of joining segments; the operator tests compare
 * both with the true change on plain random days.
 */
import type { DayModel } from '../model.js';
import type { Routes } from '../routes.js';
import { F_DIST, F_HK, F_HL, F_HN, NF, NO_MOVE } from '../segment.js';

/**
 * What a plain day's moves read, on flat typed arrays (built once per search): a node's place
 * (-1 for an end node; plain days have no breaks, so it never changes), each route's rates and
 * limits, and the metres of every end leg. Reading these in place of the model's route objects
 * and the lazily filled end-leg cache made a move's price about four times cheaper (X-n101: SWAP
 * 420 → 120 ns per evaluation), with the same arithmetic, so the same plans.
 */
export class PlainTables {
  readonly size: number;
  /** Place of each node; -1: an end node (its arc is the end leg). Shared with `Routes.placeOf`. */
  readonly place: Int32Array;
  /** Per route: end node, fixed cost, cost per metre, capacities and limits. */
  readonly endNode: Int32Array;
  readonly fixed: Float64Array;
  readonly perM: Float64Array;
  readonly capL: Float64Array;
  readonly capK: Float64Array;
  readonly dailyK: Float64Array;
  readonly maxStops: Float64Array;
  /** Metres of route r's end leg from place p at r × size + p (unloading at the best site, then home). */
  readonly endLeg: Float64Array;
  constructor(m: DayModel, place: Int32Array, endMetres: (r: number, at: number) => number) {
    const R = m.nRoutes;
    this.size = m.size;
    this.place = place;
    this.endNode = Int32Array.from({ length: R }, (_, r) => m.firstEnd + r);
    this.fixed = Float64Array.from(m.routes, (r) => r.fixedCost);
    this.perM = Float64Array.from(m.routes, (r) => r.perM);
    this.capL = Float64Array.from(m.routes, (r) => r.capL);
    this.capK = Float64Array.from(m.routes, (r) => r.capK);
    this.dailyK = Float64Array.from(m.routes, (r) => r.dailyK);
    this.maxStops = Float64Array.from(m.routes, (r) => r.maxStops);
    this.endLeg = new Float64Array(R * m.size);
    for (let r = 0; r < R; r++) for (let p = 0; p < m.size; p++) this.endLeg[r * m.size + p] = endMetres(r, p);
  }
}

/** Metres from place `a` to node `b` on route r: to `b`'s place, or, for an end node, the end leg. */
export function arc(s: Routes, r: number, a: number, b: number): number {
  const t = s.flat as PlainTables;
  const pb = t.place[b] as number;
  return pb < 0 ? (t.endLeg[r * t.size + a] as number) : (s.dst[a * t.size + pb] as number);
}

/** Cost of route r carrying `n` bins, `l` litres and `k` kilograms over `dist` metres (as `accCost` on a plain day). */
export function plainCost(s: Routes, r: number, dist: number, l: number, k: number, n: number): number {
  if (n === 0) return 0;
  const t = s.flat as PlainTables;
  const capL = t.capL[r] as number;
  const capK = t.capK[r] as number;
  const dailyK = t.dailyK[r] as number;
  const maxStops = t.maxStops[r] as number;
  let over = 0;
  if (l > capL) over += (l - capL) / capL;
  if (k > capK) over += (k - capK) / capK;
  if (k > dailyK) over += (k - dailyK) / dailyK;
  if (n > maxStops) over += (n - maxStops) / 10;
  return (t.fixed[r] as number) + (t.perM[r] as number) * dist + s.wCap * over;
}

/** Total `field` of route r, read at its end node (metres with the end leg, litres, kilograms, bins). */
function total(s: Routes, r: number, field: number): number {
  return s.pre[((s.flat as PlainTables).endNode[r] as number) * NF + field] as number;
}

/** Prefix datum `field` of node w. */
function at(s: Routes, w: number, field: number): number {
  return s.pre[w * NF + field] as number;
}

/**
 * The most a move on routes ru and rv can save besides metres: their overload penalties, and the
 * fixed cost of a route the move may empty (`emptied`: bins it takes out of ru).
 */
function allowance(s: Routes, ru: number, rv: number, emptied: number): number {
  let a = s.rSlack[ru] as number;
  if (rv !== ru) a += s.rSlack[rv] as number;
  if ((s.rSize[ru] as number) <= emptied) a += (s.flat as PlainTables).fixed[ru] as number;
  return a;
}

/**
 * Metres saved on its route when the stretch of `count` (1 or 2) bins starting at `first` leaves
 * it (negative: saved), memoised per (first bin, count) until the route changes: the local search
 * prices the same removal against each of the bin's neighbours in turn. Same arithmetic as
 * computed on the spot, so the memo never changes a result.
 */
function removalMetres(s: Routes, first: number, last: number, count: number, ru: number): number {
  const key = 2 * first + count - 1;
  const memo = s.plainRemoval;
  if ((memo.at[key] as number) >= (s.rModified[ru] as number)) return memo.metres[key] as number;
  const t = s.flat as PlainTables;
  const x = s.nxt[last] as number;
  const p = t.place[s.prv[first] as number] as number;
  const out = arc(s, ru, p, x) - arc(s, ru, p, first) - arc(s, ru, t.place[last] as number, x);
  memo.metres[key] = out;
  memo.at[key] = s.nbMoves;
  return out;
}

/** Change of the total cost when the stretch `first`..`last` (`count` bins) leaves its route for the gap after v. */
function moveStretch(s: Routes, first: number, last: number, count: number, v: number): number {
  const t = s.flat as PlainTables;
  const ru = s.rte[first] as number;
  const rv = s.rte[v] as number;
  const ll = t.place[last] as number;
  const lv = t.place[v] as number;
  const y = s.nxt[v] as number;
  const out = removalMetres(s, first, last, count, ru);
  const into = arc(s, rv, lv, first) + arc(s, rv, ll, y) - arc(s, rv, lv, y);
  const perM = t.perM[ru] as number;
  if (ru === rv) return perM * (out + into);
  if (perM * (out + into) >= allowance(s, ru, rv, count) && (t.perM[rv] as number) === perM) return NO_MOVE;
  // between routes the stretch's own metres and load move with it
  const inner = at(s, last, F_DIST) - at(s, first, F_DIST);
  const before = s.prv[first] as number;
  const l = at(s, last, F_HL) - at(s, before, F_HL);
  const k = at(s, last, F_HK) - at(s, before, F_HK);
  return (
    plainCost(s, ru, total(s, ru, F_DIST) + out - inner, total(s, ru, F_HL) - l, total(s, ru, F_HK) - k, total(s, ru, F_HN) - count) +
    plainCost(s, rv, total(s, rv, F_DIST) + into + inner, total(s, rv, F_HL) + l, total(s, rv, F_HK) + k, total(s, rv, F_HN) + count) -
    (s.rCost[ru] as number) -
    (s.rCost[rv] as number)
  );
}

/** RELOCATE of routed bin u to the gap after v (both checked by the caller). */
export function plainRelocate(s: Routes, u: number, v: number): number {
  return moveStretch(s, u, u, 1, v);
}

/** RELOCATE-PAIR of u and x = next(u) to the gap after v (checked by the caller). */
export function plainRelocatePair(s: Routes, u: number, x: number, v: number): number {
  return moveStretch(s, u, x, 2, v);
}

/** SWAP of routed bins u and v, not adjacent (checked by the caller). */
export function plainSwap(s: Routes, u: number, v: number): number {
  const m = s.m;
  const t = s.flat as PlainTables;
  const ru = s.rte[u] as number;
  const rv = s.rte[v] as number;
  const pu = t.place[s.prv[u] as number] as number;
  const pv = t.place[s.prv[v] as number] as number;
  const x = s.nxt[u] as number;
  const y = s.nxt[v] as number;
  const lu = t.place[u] as number;
  const lv = t.place[v] as number;
  const cu = arc(s, ru, pu, v) + arc(s, ru, lv, x) - arc(s, ru, pu, u) - arc(s, ru, lu, x);
  const cv = arc(s, rv, pv, u) + arc(s, rv, lu, y) - arc(s, rv, pv, v) - arc(s, rv, lv, y);
  const perM = t.perM[ru] as number;
  if (ru === rv) return perM * (cu + cv);
  if (perM * (cu + cv) >= allowance(s, ru, rv, 0) && (t.perM[rv] as number) === perM) return NO_MOVE;
  const dl = (m.demL[v] as number) - (m.demL[u] as number);
  const dk = (m.demK[v] as number) - (m.demK[u] as number);
  return (
    plainCost(s, ru, total(s, ru, F_DIST) + cu, total(s, ru, F_HL) + dl, total(s, ru, F_HK) + dk, total(s, ru, F_HN)) +
    plainCost(s, rv, total(s, rv, F_DIST) + cv, total(s, rv, F_HL) - dl, total(s, rv, F_HK) - dk, total(s, rv, F_HN)) -
    (s.rCost[ru] as number) -
    (s.rCost[rv] as number)
  );
}

/** 2-OPT on a symmetric matrix: u before v in one route, the stretch after u up to v reversed. */
export function plainTwoOpt(s: Routes, u: number, v: number): number {
  const t = s.flat as PlainTables;
  const r = s.rte[u] as number;
  const x = s.nxt[u] as number;
  const y = s.nxt[v] as number;
  const lu = t.place[u] as number;
  const lx = t.place[x] as number;
  const lv = t.place[v] as number;
  return (t.perM[r] as number) * (arc(s, r, lu, v) + arc(s, r, lx, y) - arc(s, r, lu, x) - arc(s, r, lv, y));
}

/** 2-OPT*: routes of u and v (different) exchange their tails after u and after v. */
export function plainTwoOptStar(s: Routes, u: number, v: number): number {
  const t = s.flat as PlainTables;
  const ru = s.rte[u] as number;
  const rv = s.rte[v] as number;
  const x = s.nxt[u] as number;
  const y = s.nxt[v] as number;
  const endU = t.endNode[ru] as number;
  const endV = t.endNode[rv] as number;
  const lastU = s.prv[endU] as number;
  const lastV = s.prv[endV] as number;
  const lu = t.place[u] as number;
  const lv = t.place[v] as number;
  // the arcs that change: u→y and v→x replace u→x and v→y; each tail now ends on the other route
  const yEnd = y === endV;
  const xEnd = x === endU;
  const linkA = yEnd ? arc(s, ru, lu, endU) : arc(s, ru, lu, y) + arc(s, ru, t.place[lastV] as number, endU);
  const linkB = xEnd ? arc(s, rv, lv, endV) : arc(s, rv, lv, x) + arc(s, rv, t.place[lastU] as number, endV);
  const oldA = xEnd ? arc(s, ru, lu, endU) : arc(s, ru, lu, x) + arc(s, ru, t.place[lastU] as number, endU);
  const oldB = yEnd ? arc(s, rv, lv, endV) : arc(s, rv, lv, y) + arc(s, rv, t.place[lastV] as number, endV);
  const perM = t.perM[ru] as number;
  if ((t.perM[rv] as number) === perM) {
    const bound = perM * (linkA + linkB - oldA - oldB);
    let allow = (s.rSlack[ru] as number) + (s.rSlack[rv] as number);
    if (yEnd && at(s, u, F_HN) === 0) allow += t.fixed[ru] as number;
    if (xEnd && at(s, v, F_HN) === 0) allow += t.fixed[rv] as number;
    if (bound >= allow) return NO_MOVE;
  }
  const distA = at(s, u, F_DIST) + linkA + (yEnd ? 0 : at(s, lastV, F_DIST) - at(s, y, F_DIST));
  const distB = at(s, v, F_DIST) + linkB + (xEnd ? 0 : at(s, lastU, F_DIST) - at(s, x, F_DIST));
  const la = at(s, u, F_HL) + total(s, rv, F_HL) - at(s, v, F_HL);
  const ka = at(s, u, F_HK) + total(s, rv, F_HK) - at(s, v, F_HK);
  const na = at(s, u, F_HN) + total(s, rv, F_HN) - at(s, v, F_HN);
  const lb = at(s, v, F_HL) + total(s, ru, F_HL) - at(s, u, F_HL);
  const kb = at(s, v, F_HK) + total(s, ru, F_HK) - at(s, u, F_HK);
  const nb = at(s, v, F_HN) + total(s, ru, F_HN) - at(s, u, F_HN);
  return plainCost(s, ru, distA, la, ka, na) + plainCost(s, rv, distB, lb, kb, nb) - (s.rCost[ru] as number) - (s.rCost[rv] as number);
}

/**
 * INSERTION of pool bin u after v (routed, not an end node): the cost of v's route with u in it
 * (the caller subtracts the prize and the old cost in the order `accCost` results are used, so
 * that both forms round alike).
 */
export function plainInsert(s: Routes, u: number, v: number): number {
  const m = s.m;
  const t = s.flat as PlainTables;
  const r = s.rte[v] as number;
  const lv = t.place[v] as number;
  const lu = t.place[u] as number;
  const y = s.nxt[v] as number;
  const into = arc(s, r, lv, u) + arc(s, r, lu, y) - arc(s, r, lv, y);
  return plainCost(s, r, total(s, r, F_DIST) + into, total(s, r, F_HL) + (m.demL[u] as number), total(s, r, F_HK) + (m.demK[u] as number), total(s, r, F_HN) + 1);
}
