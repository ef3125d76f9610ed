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
import { END, type RouteSpec } from '../model.js';
import type { Routes } from '../routes.js';
import { F_DIST, F_HK, F_HL, F_HN, NF, NO_MOVE } from '../segment.js';

/** Metres from place `a` to node `b` on route r: to `b`'s place, or, for an end node, the end leg. */
export function arc(s: Routes, r: number, a: number, b: number): number {
  const m = s.m;
  if (m.kind[b] === END) return s.endMetres(r, a);
  return s.dst[a * m.size + (m.loc[b] ?? 0)] as number;
}

/** Cost of route r carrying `n` bins, `l` litres and `k` kilograms over `dist` metres (as `accCost` on a plain day). */
export function plainCost(s: Routes, r: number, dist: number, l: number, k: number, n: number): number {
  if (n === 0) return 0;
  const rs = s.m.routes[r] as RouteSpec;
  let over = 0;
  if (l > rs.capL) over += (l - rs.capL) / rs.capL;
  if (k > rs.capK) over += (k - rs.capK) / rs.capK;
  if (k > rs.dailyK) over += (k - rs.dailyK) / rs.dailyK;
  if (n > rs.maxStops) over += (n - rs.maxStops) / 10;
  return rs.fixedCost + rs.perM * dist + s.wCap * over;
}

/** Total `field` of route r, read at its end node (metres with the end leg, litres, kilograms, bins). */
function total(s: Routes, r: number, field: number): number {
  return s.pre[s.endNode(r) * NF + field] as number;
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
  if ((s.rSize[ru] ?? 0) <= emptied) a += (s.m.routes[ru] as RouteSpec).fixedCost;
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
  const x = s.nxt[last] ?? 0;
  const p = s.placeOf(s.prv[first] ?? 0);
  const out = arc(s, ru, p, x) - arc(s, ru, p, first) - arc(s, ru, s.m.loc[last] ?? 0, x);
  memo.metres[key] = out;
  memo.at[key] = s.nbMoves;
  return out;
}

/** Change of the total cost when the stretch `first`..`last` (`count` bins) leaves its route for the gap after v. */
function moveStretch(s: Routes, first: number, last: number, count: number, v: number): number {
  const m = s.m;
  const ru = s.rte[first] ?? 0;
  const rv = s.rte[v] ?? 0;
  const ll = m.loc[last] ?? 0;
  const lv = s.placeOf(v);
  const y = s.nxt[v] ?? 0;
  const out = removalMetres(s, first, last, count, ru);
  const into = arc(s, rv, lv, first) + arc(s, rv, ll, y) - arc(s, rv, lv, y);
  const perM = (m.routes[ru] as RouteSpec).perM;
  if (ru === rv) return perM * (out + into);
  if (perM * (out + into) >= allowance(s, ru, rv, count) && (m.routes[rv] as RouteSpec).perM === perM) return NO_MOVE;
  // between routes the stretch's own metres and load move with it
  const inner = at(s, last, F_DIST) - at(s, first, F_DIST);
  const before = s.prv[first] ?? 0;
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
  const ru = s.rte[u] ?? 0;
  const rv = s.rte[v] ?? 0;
  const pu = s.placeOf(s.prv[u] ?? 0);
  const pv = s.placeOf(s.prv[v] ?? 0);
  const x = s.nxt[u] ?? 0;
  const y = s.nxt[v] ?? 0;
  const lu = m.loc[u] ?? 0;
  const lv = m.loc[v] ?? 0;
  const cu = arc(s, ru, pu, v) + arc(s, ru, lv, x) - arc(s, ru, pu, u) - arc(s, ru, lu, x);
  const cv = arc(s, rv, pv, u) + arc(s, rv, lu, y) - arc(s, rv, pv, v) - arc(s, rv, lv, y);
  const perM = (m.routes[ru] as RouteSpec).perM;
  if (ru === rv) return perM * (cu + cv);
  if (perM * (cu + cv) >= allowance(s, ru, rv, 0) && (m.routes[rv] as RouteSpec).perM === perM) return NO_MOVE;
  const dl = (m.demL[v] ?? 0) - (m.demL[u] ?? 0);
  const dk = (m.demK[v] ?? 0) - (m.demK[u] ?? 0);
  return (
    plainCost(s, ru, total(s, ru, F_DIST) + cu, total(s, ru, F_HL) + dl, total(s, ru, F_HK) + dk, total(s, ru, F_HN)) +
    plainCost(s, rv, total(s, rv, F_DIST) + cv, total(s, rv, F_HL) - dl, total(s, rv, F_HK) - dk, total(s, rv, F_HN)) -
    (s.rCost[ru] as number) -
    (s.rCost[rv] as number)
  );
}

/** 2-OPT on a symmetric matrix: u before v in one route, the stretch after u up to v reversed. */
export function plainTwoOpt(s: Routes, u: number, v: number): number {
  const r = s.rte[u] ?? 0;
  const x = s.nxt[u] ?? 0;
  const y = s.nxt[v] ?? 0;
  const lu = s.placeOf(u);
  const lx = s.m.loc[x] ?? 0;
  const lv = s.m.loc[v] ?? 0;
  return (s.m.routes[r] as RouteSpec).perM * (arc(s, r, lu, v) + arc(s, r, lx, y) - arc(s, r, lu, x) - arc(s, r, lv, y));
}

/** 2-OPT*: routes of u and v (different) exchange their tails after u and after v. */
export function plainTwoOptStar(s: Routes, u: number, v: number): number {
  const m = s.m;
  const ru = s.rte[u] ?? 0;
  const rv = s.rte[v] ?? 0;
  const x = s.nxt[u] ?? 0;
  const y = s.nxt[v] ?? 0;
  const endU = s.endNode(ru);
  const endV = s.endNode(rv);
  const lastU = s.prv[endU] ?? 0;
  const lastV = s.prv[endV] ?? 0;
  const lu = s.placeOf(u);
  const lv = s.placeOf(v);
  // the arcs that change: u→y and v→x replace u→x and v→y; each tail now ends on the other route
  const yEnd = m.kind[y] === END;
  const xEnd = m.kind[x] === END;
  const linkA = yEnd ? arc(s, ru, lu, endU) : arc(s, ru, lu, y) + arc(s, ru, s.placeOf(lastV), endU);
  const linkB = xEnd ? arc(s, rv, lv, endV) : arc(s, rv, lv, x) + arc(s, rv, s.placeOf(lastU), endV);
  const oldA = xEnd ? arc(s, ru, lu, endU) : arc(s, ru, lu, x) + arc(s, ru, s.placeOf(lastU), endU);
  const oldB = yEnd ? arc(s, rv, lv, endV) : arc(s, rv, lv, y) + arc(s, rv, s.placeOf(lastV), endV);
  const perM = (m.routes[ru] as RouteSpec).perM;
  if ((m.routes[rv] as RouteSpec).perM === perM) {
    const bound = perM * (linkA + linkB - oldA - oldB);
    let allow = (s.rSlack[ru] as number) + (s.rSlack[rv] as number);
    if (yEnd && at(s, u, F_HN) === 0) allow += (m.routes[ru] as RouteSpec).fixedCost;
    if (xEnd && at(s, v, F_HN) === 0) allow += (m.routes[rv] as RouteSpec).fixedCost;
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
  const r = s.rte[v] ?? 0;
  const lv = s.placeOf(v);
  const lu = m.loc[u] ?? 0;
  const y = s.nxt[v] ?? 0;
  const into = arc(s, r, lv, u) + arc(s, r, lu, y) - arc(s, r, lv, y);
  return plainCost(s, r, total(s, r, F_DIST) + into, total(s, r, F_HL) + (m.demL[u] ?? 0), total(s, r, F_HK) + (m.demK[u] ?? 0), total(s, r, F_HN) + 1);
}
