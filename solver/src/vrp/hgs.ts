import { Rng } from '../model/rng.js';
import type { MasterSolver } from '../lp/master.js';
import { orderedCrossover } from '../search/crossover.js';
import { Individual } from './individual.js';
import type { VrpInstance } from './instance.js';
import { LocalSearch } from './local-search.js';
import { granularNeighbours } from './neighbours.js';
import { DEFAULT_HGS_PARAMS, type HgsParams } from './params.js';
import { COST_SCALE, type Penalties } from './penalties.js';
import { Population } from '../search/population.js';
import { split } from './split.js';
import { subInstance } from './sub-instance.js';

/** Options of {@link solveHgs}. */
export interface HgsOptions {
  /** RNG seed. */
  seed: number;
  /** Iteration budget (offspring generated). With no clock the run is deterministic. */
  maxIterations?: number;
  /** Wall-clock budget in milliseconds; needs `now`. */
  timeLimitMs?: number;
  /** Injected clock in milliseconds (the engine never reads the system clock). */
  now?: () => number;
  /** Overrides of the default settings. */
  params?: Partial<HgsParams>;
  /** Set-partitioning back-end; the master problem is solved only when given and `lpEvery > 0`. */
  master?: MasterSolver;
  /** Solutions (customer lists) inserted into the initial population. */
  initial?: readonly (readonly number[])[][];
  /** Progress callback (best cost in internal units). */
  onImprovement?: (cost: number, iteration: number) => void;
}

/** Statistics of a run. */
export interface HgsStats {
  iterations: number;
  restarts: number;
  lpSolves: number;
  lpImprovements: number;
  lpTimeMs: number;
  lpColumns: number;
  decompositions: number;
  decompositionImprovements: number;
}

/** Result of {@link solveHgs}. */
export interface HgsResult {
  /** Non-empty routes as customer (node index) lists. */
  routes: number[][];
  /** Distance in internal units. */
  cost: number;
  feasible: boolean;
  stats: HgsStats;
}

/**
 * Hybrid genetic search for the CVRP and VRPTW (Vidal et al. 2012; Vidal 2022): OX crossover,
 * Split, granular local search with RELOCATE / SWAP / 2-OPT / 2-OPT* / SWAP*, penalised
 * infeasibility with adaptive penalties, feasible and infeasible subpopulations with
 * diversity-aware survivor selection. Optionally (ILS-SP / HGS-SP, Subramanian et al. 2013) a
 * set-partitioning master over the pool of routes of feasible offspring is solved every
 * `lpEvery` iterations and its solution re-enters the population, and large instances are
 * improved by polar-sector decomposition (Santini, Schneider, Vidal & Vigo 2023).
 * Pure: the clock and the RNG seed are parameters.
 */
export function solveHgs(inst: VrpInstance, options: HgsOptions): HgsResult {
  const params: HgsParams = { ...DEFAULT_HGS_PARAMS, ...options.params };
  const rng = new Rng(options.seed);
  const nc = inst.nNodes - 1;
  const now = options.now;
  const start = now ? now() : 0;
  const limit = options.timeLimitMs ?? Number.POSITIVE_INFINITY;
  const maxIter = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const timeUp = () => now !== undefined && now() - start >= limit;
  const stats: HgsStats = { iterations: 0, restarts: 0, lpSolves: 0, lpImprovements: 0, lpTimeMs: 0, lpColumns: 0, decompositions: 0, decompositionImprovements: 0 };
  if (nc === 0) return { routes: [], cost: 0, feasible: true, stats };

  let totalDemand = 0;
  let maxDemand = 1;
  for (let i = 1; i <= nc; i++) {
    totalDemand += inst.demand[i] ?? 0;
    maxDemand = Math.max(maxDemand, inst.demand[i] ?? 0);
  }
  let maxDist = 1;
  for (let i = 0; i < inst.dist.length; i++) maxDist = Math.max(maxDist, inst.dist[i] ?? 0);
  const capacityBound = Math.ceil((1.3 * totalDemand) / inst.capacity) + 3;
  const nRoutes = Math.max(1, Math.min(nc, Number.isFinite(inst.maxVehicles) ? inst.maxVehicles : capacityBound));
  const pen: Penalties = {
    capacity: Math.max(COST_SCALE / 10, Math.min(COST_SCALE * 1000, Math.round((COST_SCALE * maxDist) / maxDemand))),
    timeWarp: 10 * COST_SCALE,
  };
  const neighbours = granularNeighbours(inst, inst.hasTimeWindows ? Math.max(params.granularity, 40) : params.granularity);
  const ls = new LocalSearch(inst, nRoutes, neighbours);
  ls.useSwapStar = params.useSwapStar;
  const pop = new Population<Individual, Penalties>(params);
  const seen = new Uint8Array(inst.nNodes);
  const loadHistory: number[] = [];
  const twHistory: number[] = [];
  let best: Individual | null = null;
  const pool = new Map<string, { customers: number[]; cost: number; route: number[] }>();

  const record = (ind: Individual): boolean => {
    if (ind.feasible && params.lpEvery > 0) {
      for (const r of ind.routes) addToPool(inst, pool, r, params.lpPoolSize);
    }
    if (ind.feasible && (best === null || ind.distance < best.distance)) {
      best = ind;
      options.onImprovement?.(ind.distance, stats.iterations);
      return true;
    }
    return false;
  };

  const educate = (routes: readonly (readonly number[])[], trackPenalties: boolean): boolean => {
    ls.load(routes);
    ls.run(pen, rng);
    let ind = new Individual(inst, ls.routes());
    if (trackPenalties) {
      loadHistory.push(ind.excessLoad === 0 ? 1 : 0);
      twHistory.push(ind.timeWarp === 0 ? 1 : 0);
      if (loadHistory.length >= 100) {
        pen.capacity = adapt(pen.capacity, loadHistory, params.targetFeasible);
        if (inst.hasTimeWindows) pen.timeWarp = adapt(pen.timeWarp, twHistory, params.targetFeasible);
        loadHistory.length = 0;
        twHistory.length = 0;
        pop.resort(pen);
      }
    }
    pop.add(ind, pen);
    let improved = record(ind);
    if (!ind.feasible && rng.nextInt(100) < params.repairPercent) {
      ls.run({ capacity: pen.capacity * 10, timeWarp: pen.timeWarp * 10 }, rng);
      ind = new Individual(inst, ls.routes());
      if (ind.feasible) {
        pop.add(ind, pen);
        improved = record(ind) || improved;
      }
    }
    return improved;
  };

  const randomTour = () => {
    const t = Int32Array.from({ length: nc }, (_, i) => i + 1);
    for (let i = nc - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const a = t[i] ?? 0;
      t[i] = t[j] ?? 0;
      t[j] = a;
    }
    return t;
  };

  const large = params.decomposeEvery > 0 && nc > params.decomposeAbove;
  // Large instances start from perturbed sweep tours (Gillett & Miller 1974) rather than random
  // ones: the local search from a random tour costs too much time there.
  const sweepTour = () => {
    const x0 = inst.x[0] ?? 0;
    const y0 = inst.y[0] ?? 0;
    const rot = (rng.nextInt(65536) / 65536) * 2 * Math.PI;
    const noise = (2 * Math.PI * 8) / nc;
    const key = new Float64Array(nc + 1);
    for (let i = 1; i <= nc; i++) {
      const a = Math.atan2((inst.y[i] ?? 0) - y0, (inst.x[i] ?? 0) - x0) - rot;
      key[i] = ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) + (rng.nextInt(1000) / 1000) * noise;
    }
    return Int32Array.from(Array.from({ length: nc }, (_, i) => i + 1).sort((p, q) => (key[p] ?? 0) - (key[q] ?? 0)));
  };
  const initialise = () => {
    const count = large ? params.mu : params.nbInitial;
    for (let k = 0; k < count && !timeUp() && stats.iterations < maxIter; k++) {
      educate(split(inst, large ? sweepTour() : randomTour(), pen, nRoutes), true);
    }
  };

  for (const sol of options.initial ?? []) {
    if (sol.filter((r) => r.length > 0).length <= nRoutes) educate(sol.filter((r) => r.length > 0), false);
  }
  initialise();
  let noImprovement = 0;
  let lpLastEnd = 0;
  let lpLastDuration = 0;
  while (!timeUp() && stats.iterations < maxIter) {
    stats.iterations++;
    const a = pop.tournament(rng);
    const b = pop.tournament(rng);
    const child = orderedCrossover(a.tour, b.tour, rng, seen);
    const improved = educate(split(inst, child, pen, nRoutes), true);
    noImprovement = improved ? 0 : noImprovement + 1;

    // With a clock, the master gets at most ~1/(1+LP_SPACING) of the wall time: after a solve
    // that took t ms, the next one waits until LP_SPACING * t ms of search have passed.
    const lpDue = options.master !== undefined && params.lpEvery > 0 && stats.iterations % params.lpEvery === 0 && best !== null
      && (now === undefined || now() - lpLastEnd >= LP_SPACING * lpLastDuration);
    if (options.master && lpDue && best !== null) {
      const before: number = (best as Individual).distance;
      const remainingSec = now ? Math.max(0.05, (limit - (now() - start)) / 1000) : params.lpTimeLimitSec;
      const lpStart = now ? now() : 0;
      const routes = solveMaster(inst, pool, options.master, Math.min(params.lpTimeLimitSec, remainingSec), stats, before);
      if (now) {
        lpLastEnd = now();
        lpLastDuration = lpLastEnd - lpStart;
        stats.lpTimeMs += lpLastDuration;
      }
      if (routes !== null && routes.length <= nRoutes) {
        const ind = new Individual(inst, routes);
        if (ind.feasible) {
          pop.add(ind, pen);
          record(ind);
          educate(routes, false);
          if ((best as Individual).distance < before) { stats.lpImprovements++; noImprovement = 0; }
        }
      }
    }

    if (large && stats.iterations % params.decomposeEvery === 0 && best !== null) {
      const before: number = (best as Individual).distance;
      const routes = decompose(inst, (best as Individual).routes, params, rng, now, () => (now ? limit - (now() - start) : Number.POSITIVE_INFINITY));
      stats.decompositions++;
      const ind = new Individual(inst, routes);
      if (ind.feasible && ind.distance < before && routes.length <= nRoutes) {
        pop.add(ind, pen);
        record(ind);
        stats.decompositionImprovements++;
        noImprovement = 0;
      }
    }

    if (noImprovement >= params.nbIterNoImprovement) {
      pop.clear();
      stats.restarts++;
      noImprovement = 0;
      initialise();
    }
  }
  const final: Individual | null = best ?? pop.infeasible[0] ?? null;
  if (final === null) return { routes: [], cost: 0, feasible: false, stats };
  return { routes: final.routes.map((r) => [...r]), cost: final.distance, feasible: final.feasible, stats };
}

/** Search time between two master solves, as a multiple of the last solve's duration. */
const LP_SPACING = 9;

function adapt(value: number, history: number[], target: number): number {
  if (history.length === 0) return value;
  const frac = history.reduce((s, x) => s + x, 0) / history.length;
  if (frac < target - 0.05) return Math.min(COST_SCALE * 100000, Math.max(value + 1, Math.round(value * 1.2)));
  if (frac > target + 0.05) return Math.max(COST_SCALE / 10, Math.min(value - 1, Math.round(value * 0.85)));
  return value;
}

function routeDistance(inst: VrpInstance, route: readonly number[]): number {
  const n = inst.nNodes;
  let prev = 0;
  let d = 0;
  for (const c of route) { d += inst.dist[prev * n + c] ?? 0; prev = c; }
  return d + (inst.dist[prev * n] ?? 0);
}

function addToPool(inst: VrpInstance, pool: Map<string, { customers: number[]; cost: number; route: number[] }>, route: readonly number[], maxSize: number): void {
  const customers = [...route].sort((a, b) => a - b);
  const key = customers.join(',');
  const cost = routeDistance(inst, route);
  const old = pool.get(key);
  if (old !== undefined) {
    if (cost < old.cost) { old.cost = cost; old.route = [...route]; }
    return;
  }
  if (pool.size >= maxSize) {
    const first = pool.keys().next();
    if (!first.done) pool.delete(first.value);
  }
  pool.set(key, { customers, cost, route: [...route] });
}

function solveMaster(
  inst: VrpInstance,
  pool: Map<string, { customers: number[]; cost: number; route: number[] }>,
  master: MasterSolver,
  timeLimitSec: number,
  stats: HgsStats,
  upperBound: number,
): number[][] | null {
  const entries = [...pool.values()];
  stats.lpSolves++;
  stats.lpColumns = entries.length;
  const result = master.solve({ nNodes: inst.nNodes, columns: entries, maxRoutes: inst.maxVehicles, upperBound }, timeLimitSec);
  if (result.status === 'none') return null;
  return result.chosen.map((k) => [...(entries[k]?.route ?? [])]);
}

/**
 * Decomposition by route polar sectors (Santini, Schneider, Vidal & Vigo 2023): routes of the
 * incumbent are ordered by the polar angle of their barycentre around the depot and grouped
 * into consecutive sectors of about `decomposeTargetSize` customers (random offset); each
 * sector is solved as an independent CVRP/VRPTW by a short HGS seeded with its current routes,
 * and improved sectors replace their routes.
 */
export function decompose(
  inst: VrpInstance,
  routes: readonly (readonly number[])[],
  params: HgsParams,
  rng: Rng,
  now: (() => number) | undefined,
  remainingMs: () => number,
): number[][] {
  const withAngle = routes.map((r) => {
    let sx = 0;
    let sy = 0;
    for (const c of r) { sx += (inst.x[c] ?? 0) - (inst.x[0] ?? 0); sy += (inst.y[c] ?? 0) - (inst.y[0] ?? 0); }
    return { r, a: Math.atan2(sy, sx) };
  });
  withAngle.sort((p, q) => p.a - q.a);
  const m = withAngle.length;
  const offset = m > 0 ? rng.nextInt(m) : 0;
  const groups: (readonly number[])[][] = [];
  let cur: (readonly number[])[] = [];
  let size = 0;
  for (let k = 0; k < m; k++) {
    const r = withAngle[(k + offset) % m]?.r ?? [];
    cur.push(r);
    size += r.length;
    if (size >= params.decomposeTargetSize) { groups.push(cur); cur = []; size = 0; }
  }
  if (cur.length > 0) {
    if (groups.length > 0 && size < params.decomposeTargetSize / 2) (groups[groups.length - 1] as (readonly number[])[]).push(...cur);
    else groups.push(cur);
  }
  const out: number[][] = [];
  for (const g of groups) {
    const customers = g.flat();
    const { sub, map } = subInstance(inst, customers);
    const inverse = new Map<number, number>();
    map.forEach((node, k) => inverse.set(node, k));
    const local = g.map((r) => r.map((c) => inverse.get(c) ?? 0));
    const oldCost = g.reduce((s, r) => s + routeDistance(inst, r), 0);
    const remaining = remainingMs();
    if (remaining <= 0) { out.push(...g.map((r) => [...r])); continue; }
    const res = solveHgs(sub, {
      seed: rng.nextU32(),
      maxIterations: params.decomposeIterations,
      ...(now ? { now, timeLimitMs: remaining } : {}),
      params: { ...params, decomposeEvery: 0, lpEvery: 0, nbInitial: params.mu, nbIterNoImprovement: params.decomposeIterations },
      initial: [local],
    });
    if (res.feasible && res.cost < oldCost) out.push(...res.routes.map((r) => r.map((k) => map[k] ?? 0)));
    else out.push(...g.map((r) => [...r]));
  }
  return out;
}
