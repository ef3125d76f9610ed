import { buildInstance, type VrpInstance } from '../../src/vrp/instance.js';
import { LocalSearch } from '../../src/vrp/local-search.js';
import { granularNeighbours } from '../../src/vrp/neighbours.js';
import { Individual } from '../../src/vrp/individual.js';
import { penalisedCost, type Penalties } from '../../src/vrp/penalties.js';

/** Hand-made instance: depot at (0, 0), customers 1..n at the given points, demand 1 by default. */
export function tinyInstance(points: [number, number][], opts: { capacity?: number; demand?: number[]; tw?: { ready: number; due: number; service: number }[]; horizon?: number } = {}): VrpInstance {
  const x = [0, ...points.map((p) => p[0])];
  const y = [0, ...points.map((p) => p[1])];
  const ids = x.map((_, i) => i);
  const demand = [0, ...(opts.demand ?? points.map(() => 1))];
  if (opts.tw) {
    return buildInstance({
      name: 'tiny-tw', kind: 'vrptw', x, y, ids, demand, capacity: opts.capacity ?? 100,
      ready: [0, ...opts.tw.map((t) => t.ready)], due: [opts.horizon ?? 1000, ...opts.tw.map((t) => t.due)],
      service: [0, ...opts.tw.map((t) => t.service)], maxVehicles: 10,
    });
  }
  return buildInstance({ name: 'tiny', kind: 'cvrp', x, y, ids, demand, capacity: opts.capacity ?? 100, maxVehicles: Infinity });
}

/** Local search loaded with `routes` under penalties `p` (default: high penalties). */
export function loaded(inst: VrpInstance, routes: number[][], p: Penalties = { capacity: 100000, timeWarp: 100000 }, nRoutes = routes.length + 1): LocalSearch {
  const ls = new LocalSearch(inst, nRoutes, granularNeighbours(inst, 10));
  ls.load(routes);
  ls.setPenalties(p);
  return ls;
}

/** Penalised cost recomputed from scratch by forward simulation (independent of segment data). */
export function scratchCost(inst: VrpInstance, routes: number[][], p: Penalties): number {
  let total = 0;
  for (const r of routes) {
    if (r.length === 0) continue;
    const ind = new Individual(inst, [r]);
    total += penalisedCost(ind.distance, ind.excessLoad, ind.timeWarp, p);
  }
  return total;
}

/** Non-empty routes. */
export const nonEmpty = (routes: number[][]): number[][] => routes.filter((r) => r.length > 0);

/** n points on a circle through the depot, in angular order: visiting 1..n in order is optimal. */
export function ring(n: number): [number, number][] {
  return Array.from({ length: n }, (_, k) => {
    const a = -Math.PI / 2 + (2 * Math.PI * (k + 1)) / (n + 1);
    return [Math.round(100 * Math.cos(a)), Math.round(100 + 100 * Math.sin(a))] as [number, number];
  });
}
