import type { VrpInstance } from './instance.js';
import { COST_SCALE, type Penalties } from './penalties.js';

/**
 * Split (Prins 2004; Vidal 2016 "Split algorithm in O(n) for the capacitated vehicle routing
 * problem"): optimal segmentation of a giant tour into routes under penalised cost. This is the
 * Bellman version with routes cut at 1.5 x capacity, which also handles time windows (time warp
 * penalised); when more than `maxRoutes` routes result, the fleet-limited layered version is used.
 * Returns routes as customer lists.
 */
export function split(inst: VrpInstance, tour: Int32Array, p: Penalties, maxRoutes: number): number[][] {
  const n = tour.length;
  const pot = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const pred = new Int32Array(n + 1);
  pot[0] = 0;
  for (let i = 0; i < n; i++) {
    const base = pot[i] ?? 0;
    if (base === Number.POSITIVE_INFINITY) continue;
    relax(inst, tour, p, i, base, pot, pred, false);
  }
  let routes = rebuild(tour, pred, n);
  if (routes.length > maxRoutes) {
    const K = maxRoutes;
    const potK: Float64Array[] = [];
    const predK: Int32Array[] = [];
    for (let k = 0; k <= K; k++) {
      potK.push(new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY));
      predK.push(new Int32Array(n + 1));
    }
    (potK[0] as Float64Array)[0] = 0;
    for (let k = 0; k < K; k++) {
      const cur = potK[k] as Float64Array;
      const nextPot = potK[k + 1] as Float64Array;
      const nextPred = predK[k + 1] as Int32Array;
      for (let i = k; i < n; i++) {
        const base = cur[i] ?? 0;
        if (base === Number.POSITIVE_INFINITY) continue;
        relax(inst, tour, p, i, base, nextPot, nextPred, true);
      }
    }
    let bestK = -1;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let k = 1; k <= K; k++) {
      const c = potK[k]?.[n] ?? Number.POSITIVE_INFINITY;
      if (c < bestCost) { bestCost = c; bestK = k; }
    }
    if (bestK > 0) {
      routes = [];
      let j = n;
      for (let k = bestK; k > 0; k--) {
        const i = predK[k]?.[j] ?? 0;
        routes.push(Array.from(tour.subarray(i, j)));
        j = i;
      }
      routes.reverse();
    }
  }
  return routes;
}

function rebuild(tour: Int32Array, pred: Int32Array, n: number): number[][] {
  const routes: number[][] = [];
  let j = n;
  while (j > 0) {
    const i = pred[j] ?? 0;
    routes.push(Array.from(tour.subarray(i, j)));
    j = i;
  }
  return routes.reverse();
}

/**
 * Relaxes the arcs i -> j+1 of the split graph for every route tour[i..j] (penalised cost
 * including the return to the depot), updating `pot` / `pred`.
 */
function relax(inst: VrpInstance, tour: Int32Array, p: Penalties, i: number, base: number, pot: Float64Array, pred: Int32Array, unbounded: boolean): void {
  const nn = inst.nNodes;
  const dist = inst.dist;
  const q = inst.capacity;
  const limit = unbounded ? Number.POSITIVE_INFINITY : 1.5 * q;
  const tw = inst.hasTimeWindows;
  let load = 0;
  let d = 0;
  let time = inst.ready[0] ?? 0;
  let warp = 0;
  let prev = 0;
  for (let j = i; j < tour.length; j++) {
    const c = tour[j] ?? 0;
    const t = dist[prev * nn + c] ?? 0;
    load += inst.demand[c] ?? 0;
    d += t;
    if (tw) {
      time += (prev === 0 ? 0 : inst.service[prev] ?? 0) + t;
      const r = inst.ready[c] ?? 0;
      if (time < r) time = r;
      const due = inst.due[c] ?? 0;
      if (time > due) { warp += time - due; time = due; }
    }
    const back = dist[c * nn] ?? 0;
    let w = warp;
    if (tw) {
      const arr = time + (inst.service[c] ?? 0) + back;
      const dd = inst.due[0] ?? 0;
      if (arr > dd) w += arr - dd;
    }
    const cost = COST_SCALE * (d + back) + (load > q ? p.capacity * (load - q) : 0) + p.timeWarp * w;
    if (base + cost < (pot[j + 1] ?? 0)) { pot[j + 1] = base + cost; pred[j + 1] = i; }
    prev = c;
    if (load > limit) break;
  }
}
