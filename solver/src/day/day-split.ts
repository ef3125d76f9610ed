import type { DaySearch } from './day-search.js';

/** A route of Split may be late by at most this share of its shift, overloaded by this much. */
const MAX_LATE_SHARE = 0.5;
const MAX_OVER = 1.5;

/**
 * Split (Prins 2004; Vidal 2022, section 3.2) of a giant tour of bins into the routes of a fleet
 * of identical vehicles: the shortest path over the tour where an arc (i, j) is one route
 * serving `tour[i..j]` (priced by {@link DaySearch.splitCosts}, with the unloading trips it
 * needs and the search's penalties) and an arc (i, i+1) may also leave `tour[i]` out for its
 * prize. With more routes than vehicles, the fleet-limited version is solved. Returns the node
 * sequences of routes 0, 1, ...; disposal visits are drawn from the search's spare ones.
 */
export function splitTour(s: DaySearch, tour: Int32Array): number[][] {
  const m = s.m;
  const n = tour.length;
  const rs = m.routes[0];
  const nVeh = m.nRoutes;
  if (!rs || n === 0) return m.routes.map(() => []);
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
    const count = s.splitCosts(0, tour, i, n - i, maxLate, MAX_OVER, costs);
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
  if (cuts.length > nVeh) cuts = limitedSplit(s, tour, nVeh, maxLate, costs);
  const spare: number[] = [];
  for (let v = m.firstBreak - 1; v >= m.firstDisposal; v--) spare.push(v);
  const routes: number[][] = m.routes.map(() => []);
  cuts.forEach(([i, j], r) => {
    routes[r] = s.splitRoute(r, tour, i, j, spare);
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
function limitedSplit(s: DaySearch, tour: Int32Array, nVeh: number, maxLate: number, costs: Float64Array): [number, number][] {
  const n = tour.length;
  const w = n + 1;
  const dp = new Float64Array((nVeh + 1) * w).fill(Infinity);
  const from = new Int32Array((nVeh + 1) * w).fill(-1);
  const skip = new Uint8Array((nVeh + 1) * w);
  dp[0] = 0;
  // route costs do not depend on the layer: compute each start once
  const arcs: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const count = s.splitCosts(0, tour, i, n - i, maxLate, MAX_OVER, costs);
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
