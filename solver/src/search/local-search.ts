/**
 * The granular local search (Toth & Vigo 2003; Vidal 2022, section 3.2): for every bin u, in a
 * random order, and every bin v among u's nearest neighbours, try the node operators in turn and
 * apply the first that improves; disposal visits and breaks of every changed route are then
 * re-placed; until a whole pass changes nothing.
 *
 * A pair (u, v) is tried again only when u's or v's route changed since u was last tested (the
 * memo lives in `Routes` and survives between runs while the penalty weights stay the same).
 */
import type { Rng } from '../model/rng.js';
import { BIN } from './model.js';
import { Relocate } from './operators/relocate.js';
import { RelocatePair } from './operators/relocate-pair.js';
import { Replace } from './operators/replace.js';
import { SpecialNodes } from './operators/special-nodes.js';
import { Swap } from './operators/swap.js';
import { SwapStar } from './operators/swap-star.js';
import { TwoOpt } from './operators/two-opt.js';
import { TwoOptStar } from './operators/two-opt-star.js';
import { POOL, type Routes } from './routes.js';

/** A move is applied when it lowers the cost by more than this. */
const EPS = -1e-9;
/** Passes at most (a safety net: every applied move lowers the cost). */
const MAX_PASSES = 50;

/** Runs the local search on `s` to a local optimum under its current penalty weights. */
export function localSearch(s: Routes, rng: Rng): void {
  const m = s.m;
  const order = s.binOrder;
  rng.shuffle(order);
  let loop = 0;
  let changed = true;
  while (changed && loop < MAX_PASSES) {
    changed = false;
    for (let k = 0; k < order.length; k++) {
      const u = order[k] ?? 0;
      const lastU = s.lastTested[u] ?? -1;
      s.lastTested[u] = s.nbMoves;
      const list = s.neighbours[u];
      if (!list) continue;
      const ru = s.rte[u] ?? POOL;
      // an optional bin that does not pay for itself leaves
      if (ru !== POOL && (m.prize[u] ?? -1) >= 0 && s.evalRemove(u) < EPS) {
        s.remove(u);
        changed = true;
        continue;
      }
      for (let q = 0; q < list.length; q++) {
        const v = list[q] ?? 0;
        const cu = s.rte[u] ?? POOL;
        const rv = s.rte[v] ?? POOL;
        if (rv === POOL) continue;
        if (Math.max(cu === POOL ? -1 : s.rModified[cu] ?? 0, s.rModified[rv] ?? 0) <= lastU) continue;
        if (tryMoves(s, u, v)) {
          changed = true;
          continue;
        }
        const pv = s.prv[v] ?? -1;
        if (pv >= 0 && m.kind[pv] !== BIN && tryAfter(s, u, pv)) changed = true;
      }
      if ((s.rte[u] ?? POOL) === POOL) {
        // pool bins may also open an unused route
        for (let r = 0; r < m.nRoutes; r++) {
          if (s.rSize[r] !== 0 || !s.allowed(u, r) || (s.rModified[r] ?? 0) <= lastU) continue;
          if (s.evalInsert(u, s.startNode(r)) < EPS) {
            s.insertAfter(u, s.startNode(r));
            changed = true;
            break;
          }
        }
      } else if (loop > 0) {
        // as in HGS: a bin, or its route's tail, may move to the first unused vehicle it suits
        const ru2 = s.rte[u] ?? POOL;
        for (let r = 0; r < m.nRoutes; r++) {
          if (r === ru2 || s.rSize[r] !== 0 || !s.allowed(u, r)) continue;
          const st = s.startNode(r);
          if (Relocate.evaluate(s, u, st) < EPS) {
            Relocate.apply(s, u, st);
            changed = true;
          } else if (TwoOptStar.evaluate(s, u, st) < EPS) {
            TwoOptStar.apply(s, u, st);
            changed = true;
          }
          break;
        }
      }
    }
    if (s.useSwapStar && swapStarPass(s)) changed = true;
    for (let r = 0; r < m.nRoutes; r++) {
      if ((s.rModified[r] ?? 0) > (s.rSpecialsAt[r] ?? -1)) {
        if (SpecialNodes.apply(s, r)) changed = true;
        s.rSpecialsAt[r] = s.nbMoves;
      }
    }
    loop++;
  }
}

/**
 * SWAP* between pairs of nearby routes that changed since the pair was last tested; whether a
 * move was applied. Nearby: with the bins' polar angles (`m.angle`), routes whose circle sectors
 * around the depot overlap, as in HGS-CVRP (Vidal 2022); on a bare matrix, routes that hold
 * neighbours of each other (a bin of one has a bin of the other among its granular neighbours).
 * On X-n101 the sectors test about a third of the pairs the neighbour links do.
 */
function swapStarPass(s: Routes): boolean {
  const m = s.m;
  const R = m.nRoutes;
  if (R < 2) return false;
  const near = m.angle ? overlappingSectors(s, m.angle) : linkedRoutes(s);
  let applied = false;
  for (let r1 = 0; r1 < R; r1++) {
    if (s.rSize[r1] === 0) continue;
    for (let r2 = r1 + 1; r2 < R; r2++) {
      const k = r1 * R + r2;
      if (!near[k] || s.rSize[r2] === 0) continue;
      if (Math.max(s.rModified[r1] ?? 0, s.rModified[r2] ?? 0) <= (s.pairTested[k] ?? -1)) continue;
      s.pairTested[k] = s.nbMoves;
      if (SwapStar.evaluate(s, r1, r2) < EPS) {
        SwapStar.apply(s, r1, r2);
        applied = true;
      }
    }
  }
  return applied;
}

/** Route pairs (r1 * R + r2, r1 < r2) that hold granular neighbours of each other. */
export function linkedRoutes(s: Routes): Uint8Array {
  const m = s.m;
  const R = m.nRoutes;
  const near = new Uint8Array(R * R);
  for (let u = 0; u < m.nBins; u++) {
    const ru = s.rte[u] ?? POOL;
    if (ru === POOL) continue;
    for (const v of s.neighbours[u] ?? []) {
      const rv = s.rte[v] ?? POOL;
      if (rv === POOL || rv === ru) continue;
      near[Math.min(ru, rv) * R + Math.max(ru, rv)] = 1;
    }
  }
  return near;
}

/** Angle difference a - b on the circle of 65,536 steps, in [0, 65536). */
const turn = (a: number, b: number): number => (((a - b) % 65536) + 65536) % 65536;

/**
 * Route pairs (r1 * R + r2, r1 < r2) whose circle sectors overlap: each route's sector is grown
 * bin by bin in route order to the smaller side, as HGS-CVRP's `CircleSector`; empty routes pair
 * with nothing.
 */
export function overlappingSectors(s: Routes, angle: Int32Array): Uint8Array {
  const m = s.m;
  const R = m.nRoutes;
  const start = new Int32Array(R);
  const end = new Int32Array(R);
  for (let r = 0; r < R; r++) {
    let first = true;
    for (let v = s.nxt[s.startNode(r)] ?? -1; v >= 0 && v !== s.endNode(r); v = s.nxt[v] ?? -1) {
      if (v >= m.nBins) continue;
      const a = angle[v] as number;
      if (first) {
        start[r] = a;
        end[r] = a;
        first = false;
      } else if (turn(a, start[r] as number) > turn(end[r] as number, start[r] as number)) {
        if (turn(a, end[r] as number) <= turn(start[r] as number, a)) end[r] = a;
        else start[r] = a;
      }
    }
  }
  const near = new Uint8Array(R * R);
  for (let r1 = 0; r1 < R; r1++) {
    if (s.rSize[r1] === 0) continue;
    for (let r2 = r1 + 1; r2 < R; r2++) {
      if (s.rSize[r2] === 0) continue;
      const s1 = start[r1] as number;
      const s2 = start[r2] as number;
      if (turn(s2, s1) <= turn(end[r1] as number, s1) || turn(s1, s2) <= turn(end[r2] as number, s2)) near[r1 * R + r2] = 1;
    }
  }
  return near;
}

/** The node operators on (u, v), first improvement; whether one was applied. */
function tryMoves(s: Routes, u: number, v: number): boolean {
  if (Relocate.evaluate(s, u, v) < EPS) { Relocate.apply(s, u, v); return true; }
  if ((s.rte[u] ?? POOL) === POOL) {
    if (Replace.evaluate(s, u, v) < EPS) { Replace.apply(s, u, v); return true; }
    return false;
  }
  if (RelocatePair.evaluate(s, u, v) < EPS) { RelocatePair.apply(s, u, v); return true; }
  if (Swap.evaluate(s, u, v) < EPS) { Swap.apply(s, u, v); return true; }
  if (s.rte[u] === s.rte[v]) {
    if (TwoOpt.evaluate(s, u, v) < EPS) { TwoOpt.apply(s, u, v); return true; }
    if (TwoOpt.evaluate(s, v, u) < EPS) { TwoOpt.apply(s, v, u); return true; }
  } else {
    if (TwoOptStar.evaluate(s, u, v) < EPS) { TwoOptStar.apply(s, u, v); return true; }
    // the variant on the predecessors pays on days with time; on plain days (CVRP) it cost a
    // third more CPU for worse routes (X-n101, X-n256 at 600 offspring)
    if (!s.plain) {
      const pu = s.prv[u] ?? -1;
      const pv = s.prv[v] ?? -1;
      if (pu >= 0 && pv >= 0 && TwoOptStar.evaluate(s, pu, pv) < EPS) { TwoOptStar.apply(s, pu, pv); return true; }
    }
  }
  return false;
}

/** Moves u after a node v that is not a bin (start, disposal visit, break). */
function tryAfter(s: Routes, u: number, v: number): boolean {
  if (Relocate.evaluate(s, u, v) < EPS) { Relocate.apply(s, u, v); return true; }
  if ((s.rte[u] ?? POOL) !== POOL && RelocatePair.evaluate(s, u, v) < EPS) { RelocatePair.apply(s, u, v); return true; }
  return false;
}
