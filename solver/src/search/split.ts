import type { Routes } from './routes.js';
import { F_LAST, F_TK, F_TL, F_TN } from './segment.js';

/** A route of Split may be late by at most this share of its shift, overloaded by this much. */
const MAX_LATE_SHARE = 0.5;
const MAX_OVER = 1.5;

/**
 * Split (Prins 2004; Vidal 2022, section 3.2) of a giant tour of bins into the routes of a fleet
 * of identical vehicles: the shortest path over the tour where an arc (i, j) is one route
 * serving `tour[i..j]` (priced by {@link splitCosts}, with the unloading trips it
 * needs and the search's penalties) and an arc (i, i+1) may also leave `tour[i]` out for its
 * prize. With more routes than vehicles, the fleet-limited version is solved. Returns the node
 * sequences of the vehicles not shut (`Routes.disabled`), in order; disposal visits are drawn from
 * the search's spare ones.
 */
export function splitTour(s: Routes, tour: Int32Array): number[][] {
  const m = s.m;
  const n = tour.length;
  // the vehicles the search may use (route elimination may have shut the others)
  const fleet = m.routes.filter((r) => !s.disabled[r.index]).map((r) => r.index);
  const first = fleet[0] ?? 0;
  const rs = m.routes[first];
  const nVeh = fleet.length;
  if (!rs || n === 0 || nVeh === 0) return m.routes.map(() => []);
  const maxLate = MAX_LATE_SHARE * Math.max(1, rs.endDue - rs.startSec);
  const costs = new Float64Array(n);
  const prize = (b: number): number => s.prizeOf(b);

  // unlimited fleet
  const dp = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1).fill(-1);
  const skip = new Uint8Array(n + 1);
  dp[0] = 0;
  for (let i = 0; i < n; i++) {
    const base = dp[i] ?? Infinity;
    if (base === Infinity) continue;
    const u = tour[i] ?? 0;
    const left = base + prize(u);
    if (left < (dp[i + 1] ?? Infinity)) {
      dp[i + 1] = left;
      from[i + 1] = i;
      skip[i + 1] = 1;
    }
    const count = splitCosts(s, first, tour, i, n - i, maxLate, MAX_OVER, costs);
    for (let k = 0; k < count; k++) {
      const c = base + (costs[k] ?? Infinity);
      if (c < (dp[i + k + 1] ?? Infinity)) {
        dp[i + k + 1] = c;
        from[i + k + 1] = i;
        skip[i + k + 1] = 0;
      }
    }
  }
  let cuts = backtrack(from, skip, n);
  if (cuts.length > nVeh) cuts = limitedSplit(s, tour, nVeh, first, maxLate, costs);
  const spare: number[] = [];
  for (let v = m.firstBreak - 1; v >= m.firstDisposal; v--) spare.push(v);
  const routes: number[][] = m.routes.map(() => []);
  cuts.forEach(([i, j], k) => {
    const r = fleet[k] ?? 0;
    routes[r] = splitRoute(s, r, tour, i, j, spare);
  });
  return routes;
}

/** Routes [first, last] of the tour, in order, from the predecessor labels. */
function backtrack(from: Int32Array, skip: Uint8Array, n: number): [number, number][] {
  const cuts: [number, number][] = [];
  for (let j = n; j > 0; j = from[j] ?? 0) if (!skip[j]) cuts.push([from[j] ?? 0, j - 1]);
  return cuts.reverse();
}

/** Split with at most `nVeh` routes: the same shortest path with the number of routes as a layer. */
function limitedSplit(s: Routes, tour: Int32Array, nVeh: number, first: number, maxLate: number, costs: Float64Array): [number, number][] {
  const n = tour.length;
  const w = n + 1;
  const dp = new Float64Array((nVeh + 1) * w).fill(Infinity);
  const from = new Int32Array((nVeh + 1) * w).fill(-1);
  const skip = new Uint8Array((nVeh + 1) * w);
  dp[0] = 0;
  // route costs do not depend on the layer: compute each start once
  const arcs: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const count = splitCosts(s, first, tour, i, n - i, maxLate, MAX_OVER, costs);
    arcs.push(costs.slice(0, count));
  }
  for (let k = 0; k <= nVeh; k++) {
    for (let i = 0; i < n; i++) {
      const base = dp[k * w + i] ?? Infinity;
      if (base === Infinity) continue;
      const left = base + s.prizeOf(tour[i] ?? 0);
      if (left < (dp[k * w + i + 1] ?? Infinity)) {
        dp[k * w + i + 1] = left;
        from[k * w + i + 1] = k * w + i;
        skip[k * w + i + 1] = 1;
      }
      if (k === nVeh) continue;
      const arc = arcs[i] ?? new Float64Array(0);
      for (let q = 0; q < arc.length; q++) {
        const c = base + (arc[q] ?? Infinity);
        const at = (k + 1) * w + i + q + 1;
        if (c < (dp[at] ?? Infinity)) {
          dp[at] = c;
          from[at] = k * w + i;
          skip[at] = 0;
        }
      }
    }
  }
  let bestK = 0;
  for (let k = 1; k <= nVeh; k++) if ((dp[k * w + n] ?? Infinity) < (dp[bestK * w + n] ?? Infinity)) bestK = k;
  const cuts: [number, number][] = [];
  for (let at = bestK * w + n; at > 0 && (from[at] ?? -1) >= 0; at = from[at] ?? 0) {
    const prev = from[at] ?? 0;
    if (!skip[at]) cuts.push([prev % w, (at % w) - 1]);
  }
  return cuts.reverse();
}

/**
 * Penalised costs of route r serving `tour[from]`, `tour[from..from+1]`, ... in that order from
 * its start, unloading at the best site (the one the end of a route would use) before a bin that
 * would overflow the truck. `out[k]` is the cost with `k + 1` bins; returns how many were
 * computed: at most `maxLen`, and it stops once the route is late by more than `maxLate` seconds
 * or overloaded by more than `maxOver`.
 */
export function splitCosts(s: Routes, r: number, tour: ArrayLike<number>, from: number, maxLen: number, maxLate: number, maxOver: number, out: Float64Array): number {
  s.accStart(r);
  let k = 0;
  for (; k < maxLen && from + k < tour.length; k++) {
    append(s, r, tour[from + k] ?? 0, null);
    s.accKeep();
    s.accEnd(r);
    out[k] = s.accCost();
    s.accRestore(r);
    if (s.aLate > maxLate || s.aOver > maxOver) return k + 1;
  }
  return k;
}

/**
 * The node sequence {@link splitCosts} priced for `tour[from..to]` on route r: its disposal visits
 * are taken from `spare` (and bound to their sites) while any are left.
 */
export function splitRoute(s: Routes, r: number, tour: ArrayLike<number>, from: number, to: number, spare: number[]): number[] {
  const seq: number[] = [];
  s.accStart(r);
  for (let k = from; k <= to; k++) append(s, r, tour[k] ?? 0, { seq, spare });
  return seq;
}

/** acc := acc + bin u, after an unloading when u would overflow the truck (days with trips). */
function append(s: Routes, r: number, u: number, build: { seq: number[]; spare: number[] } | null): void {
  const a = s.acc;
  const rs = s.m.routes[r];
  if (!rs) return;
  if (s.trips && (a[F_TN] ?? 0) > 0 && (build === null || build.spare.length > 0)) {
    const l = (a[F_TL] ?? 0) + (s.m.demL[u] ?? 0);
    const kg = (a[F_TK] ?? 0) + (s.m.demK[u] ?? 0);
    if (l > rs.capL || kg > rs.capK) {
      const site = s.unloadSiteFrom(r, a[F_LAST] as number);
      s.accUnload(site);
      if (build) {
        const n = build.spare.pop() ?? 0;
        s.setSiteOf(n, site);
        build.seq.push(n);
      }
    }
  }
  s.accSingle(u);
  build?.seq.push(u);
}
