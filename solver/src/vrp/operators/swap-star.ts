import type { LocalSearch } from '../local-search.js';
import { COST_SCALE } from '../penalties.js';
import { NO_MOVE } from './no-move.js';

/** Best SWAP* move found by the last `evaluate` call (node ids; -1 when none). */
interface SwapStarMove {
  u: number;
  afterU: number;
  v: number;
  afterV: number;
  delta: number;
}

let topCost = new Float64Array(0);
let topPos = new Int32Array(0);
let stamp = new Int32Array(0);
let stampOwner: LocalSearch | null = null;
let stampRun = -1;
const best: SwapStarMove = { u: -1, afterU: -1, v: -1, afterV: -1, delta: NO_MOVE };
let nR = 0;

function ensure(ls: LocalSearch): void {
  const size = (ls.nc + 1) * ls.nRoutes;
  if (stampOwner !== ls || stampRun !== ls.runId || stamp.length !== size) {
    if (stamp.length !== size) {
      topCost = new Float64Array(size * 3);
      topPos = new Int32Array(size * 3);
      stamp = new Int32Array(size);
    } else stamp.fill(0);
    stampOwner = ls;
    stampRun = ls.runId;
  }
  nR = ls.nRoutes;
}

/**
 * Top-3 cheapest insertion positions (distance only) of every customer of route `from` into
 * `into`, cached per (customer, route) until `into` is modified (as in HGS-CVRP).
 */
function preprocess(ls: LocalSearch, from: number, into: number): void {
  const valid = ls.nbMoves + 1;
  const modified = ls.rModified[into] ?? 0;
  const dist = ls.dist;
  const nn = ls.nn;
  const nxt = ls.nxt;
  const cl = ls.cl;
  const pDist = ls.pDist;
  const nc = ls.nc;
  const startInto = ls.startDepot(into);
  for (let u = nxt[ls.startDepot(from)] ?? 0; u <= nc; u = nxt[u] ?? 0) {
    const key = u * nR + into;
    if ((stamp[key] ?? 0) > modified) continue;
    stamp[key] = valid;
    const b = 3 * key;
    let c0 = NO_MOVE, c1 = NO_MOVE, c2 = NO_MOVE;
    let w0 = -1, w1 = -1, w2 = -1;
    const rowU = u * nn;
    let w = startInto;
    let dwu = dist[rowU] ?? 0;
    for (;;) {
      const z = nxt[w] ?? 0;
      const cz = cl[z] ?? 0;
      const duz = dist[rowU + cz] ?? 0;
      const c = dwu + duz - ((pDist[z] ?? 0) - (pDist[w] ?? 0));
      if (c < c2) {
        if (c < c1) {
          c2 = c1; w2 = w1;
          if (c < c0) { c1 = c0; w1 = w0; c0 = c; w0 = w; } else { c1 = c; w1 = w; }
        } else { c2 = c; w2 = w; }
      }
      if (z > nc) break;
      w = z;
      dwu = duz;
    }
    topCost[b] = c0; topCost[b + 1] = c1; topCost[b + 2] = c2;
    topPos[b] = w0; topPos[b + 1] = w1; topPos[b + 2] = w2;
  }
}

let rem = new Float64Array(0);
/** Distance gain of removing each customer of route r from it. */
function removals(ls: LocalSearch, r: number): void {
  if (rem.length < ls.nn) rem = new Float64Array(ls.nn);
  for (let u = ls.nxt[ls.startDepot(r)] ?? 0; u <= ls.nc; u = ls.nxt[u] ?? 0) {
    const pu = ls.prv[u] ?? 0;
    const x = ls.nxt[u] ?? 0;
    rem[u] = ls.d(pu, x) - ls.d(pu, u) - ls.d(u, x);
  }
}

const excess = (l: number, q: number, pc: number): number => (l > q ? pc * (l - q) : 0);

/**
 * Cheapest insertion (distance delta) of `u` into the route of `v` once `v` is removed; sets
 * `insertAfter` to the node after which `u` goes.
 */
let insertAfter = -1;
function cheapestWithRemoval(ls: LocalSearch, u: number, v: number): number {
  const pv = ls.prv[v] ?? 0;
  const y = ls.nxt[v] ?? 0;
  let cost = ls.d(pv, u) + ls.d(u, y) - ls.d(pv, y);
  insertAfter = pv;
  const b = 3 * (u * nR + (ls.rte[v] ?? 0));
  for (let k = 0; k < 3; k++) {
    const w = topPos[b + k] ?? -1;
    if (w < 0) break;
    if (w === v || ls.nxt[w] === v) continue;
    const c = topCost[b + k] ?? 0;
    if (c < cost) { cost = c; insertAfter = w; }
    break;
  }
  return cost;
}

/**
 * SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source implementation and SWAP*
 * neighborhood", section 4): exchanges a customer `u` of route r1 with a customer `v` of route
 * r2, each reinserted at its best position in the other route (not necessarily in place of the
 * other). Also considers relocating a single customer to its best position in the other route.
 * Capacity-only (used for CVRP). `evaluate(ls, r1, r2)` returns the exact best delta and
 * remembers the move for `apply`; it does not mutate the solution.
 */
export const SwapStar = {
  name: 'swap-star',
  evaluate(ls: LocalSearch, r1: number, r2: number): number {
    ensure(ls);
    // only improving moves matter: start from 0 so that the lower bound prunes most pairs
    best.delta = 0;
    best.u = best.v = best.afterU = best.afterV = -1;
    preprocess(ls, r1, r2);
    preprocess(ls, r2, r1);
    removals(ls, r1);
    removals(ls, r2);
    const q = ls.capacity;
    const l1 = ls.rLoad[r1] ?? 0;
    const l2 = ls.rLoad[r2] ?? 0;
    const pen1 = ls.rPen[r1] ?? 0;
    const pen2 = ls.rPen[r2] ?? 0;
    const pc = ls.pc;
    for (let u = ls.nxt[ls.startDepot(r1)] ?? 0; !ls.isDepot(u); u = ls.nxt[u] ?? 0) {
      const du = ls.demand[u] ?? 0;
      const remU = rem[u] ?? 0;
      // relocate u into r2
      const relU = excess(l1 - du, q, pc) - pen1 + excess(l2 + du, q, pc) - pen2 + COST_SCALE * (remU + (topCost[3 * (u * nR + r2)] ?? 0));
      if (relU < best.delta) { best.delta = relU; best.u = u; best.afterU = topPos[3 * (u * nR + r2)] ?? -1; best.v = -1; }
      for (let v = ls.nxt[ls.startDepot(r2)] ?? 0; !ls.isDepot(v); v = ls.nxt[v] ?? 0) {
        const dv = ls.demand[v] ?? 0;
        const remV = rem[v] ?? 0;
        const penDelta = excess(l1 - du + dv, q, pc) - pen1 + excess(l2 + du - dv, q, pc) - pen2;
        if (penDelta + COST_SCALE * (remU + remV) >= best.delta) continue;
        const extraV = cheapestWithRemoval(ls, u, v);
        const posU = insertAfter;
        const extraU = cheapestWithRemoval(ls, v, u);
        const posV = insertAfter;
        const delta = penDelta + COST_SCALE * (remU + remV + extraU + extraV);
        if (delta < best.delta) {
          best.delta = delta; best.u = u; best.afterU = posU; best.v = v; best.afterV = posV;
        }
      }
    }
    for (let v = ls.nxt[ls.startDepot(r2)] ?? 0; !ls.isDepot(v); v = ls.nxt[v] ?? 0) {
      const dv = ls.demand[v] ?? 0;
      const remV = rem[v] ?? 0;
      const relV = excess(l1 + dv, q, pc) - pen1 + excess(l2 - dv, q, pc) - pen2 + COST_SCALE * (remV + (topCost[3 * (v * nR + r1)] ?? 0));
      if (relV < best.delta) { best.delta = relV; best.u = -1; best.v = v; best.afterV = topPos[3 * (v * nR + r1)] ?? -1; }
    }
    return best.u < 0 && best.v < 0 ? NO_MOVE : best.delta;
  },
  apply(ls: LocalSearch, r1: number, r2: number): void {
    if (best.u >= 0) ls.moveAfter(best.u, best.afterU);
    if (best.v >= 0) ls.moveAfter(best.v, best.afterV);
    ls.touch(r1, r2);
    best.delta = NO_MOVE;
  },
};
