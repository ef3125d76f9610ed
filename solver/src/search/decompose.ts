/**
 * Decomposition of a large day into smaller ones (Santini, Schneider, Vidal & Vigo 2023,
 * "Decomposition strategies for vehicle routing heuristics"): the routes of the best day are
 * grouped into clusters of nearby routes of about `targetBins` bins; each cluster, with the
 * left-out bins next to it, is solved as a day of its own (its vehicles, its bins) by the same
 * engine, started from its current routes; a cluster whose new routes make the whole day cheaper
 * replaces its old ones.
 *
 * Routes are clustered without coordinates (so road matrices and explicit ones alike): each route
 * is represented by its medoid bin, and a cluster grows from a random route by adding the routes
 * whose medoids are nearest to its own (the barycentre clustering of Santini et al. with the
 * medoid as barycentre).
 */
import type { Rng } from '../model/rng.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import type { Budget } from './budget.js';
import { BIN, BREAK, DISPOSAL, buildDayModel, type DayModel } from './model.js';
import { neighbourLists } from './neighbours.js';
import { Routes, type DaySnapshot } from './routes.js';

/** Settings of {@link decompose}. */
export interface DecomposeSettings {
  /** Bins per cluster aimed at. */
  readonly targetBins: number;
  /** Iterations given to each cluster. */
  readonly iterations: number;
}

/** Fewest routes in a cluster. */
const ROUTES_PER_CLUSTER = 4;

/** Solves a cluster: improves the day loaded in `sub` within `budget`, leaving its best feasible day loaded. */
export type SubSolver = (sub: Routes, budget: Budget) => void;

/** The bin of a route that is nearest (by driving distance) to the route's other bins. */
function medoid(s: Routes, seq: readonly number[]): number {
  const m = s.m;
  const bins = seq.filter((v) => m.kind[v] === BIN);
  let best = bins[0] ?? -1;
  let bestSum = Infinity;
  for (const a of bins) {
    let sum = 0;
    const la = m.loc[a] ?? 0;
    for (const b of bins) sum += s.dst[la * m.size + (m.loc[b] ?? 0)] ?? 0;
    if (sum < bestSum) {
      bestSum = sum;
      best = a;
    }
  }
  return best;
}

/** Clusters of route indices, each of about `target` bins (see the file comment). */
export function clusterRoutes(s: Routes, rng: Rng, target: number): number[][] {
  const m = s.m;
  const used = Array.from({ length: m.nRoutes }, (_, r) => r).filter((r) => (s.rSize[r] ?? 0) > 0);
  const place = new Map(used.map((r) => [r, m.loc[medoid(s, s.routeSeq(r))] ?? 0]));
  const left = new Set(used);
  const clusters: number[][] = [];
  const order = rng.shuffle([...used]);
  for (const seed of order) {
    if (!left.has(seed)) continue;
    left.delete(seed);
    const at = place.get(seed) ?? 0;
    const near = [...left].sort((a, b) => {
      const da = (s.dst[at * m.size + (place.get(a) ?? 0)] ?? 0) + (s.dst[(place.get(a) ?? 0) * m.size + at] ?? 0);
      const db = (s.dst[at * m.size + (place.get(b) ?? 0)] ?? 0) + (s.dst[(place.get(b) ?? 0) * m.size + at] ?? 0);
      return da - db || a - b;
    });
    const cluster = [seed];
    let bins = s.rSize[seed] ?? 0;
    for (const r of near) {
      if (bins >= target) break;
      cluster.push(r);
      left.delete(r);
      bins += s.rSize[r] ?? 0;
    }
    clusters.push(cluster);
  }
  // a small last cluster joins its nearest neighbour's
  if (clusters.length > 1) {
    const last = clusters[clusters.length - 1] ?? [];
    if (last.reduce((a, r) => a + (s.rSize[r] ?? 0), 0) < target / 2) {
      clusters.pop();
      clusters[clusters.length - 1]?.push(...last);
    }
  }
  return clusters;
}

/** The day of a cluster: its vehicles, its bins and the left-out bins beside them. */
function clusterProblem(s: Routes, cluster: readonly number[]): { resolved: ResolvedProblem; bins: number[] } {
  const m = s.m;
  const p = m.resolved.problem;
  const bins = new Set<number>();
  for (const r of cluster) for (const v of s.routeSeq(r)) if (m.kind[v] === BIN) bins.add(v);
  const routed = bins.size;
  // left-out bins with a bin of the cluster among their five nearest
  for (let b = 0; b < m.nBins && bins.size < 2 * routed; b++) {
    if ((s.rte[b] ?? -1) >= 0) continue;
    const near = s.neighbours[b];
    for (let k = 0; k < Math.min(5, near?.length ?? 0); k++) {
      if (bins.has(near?.[k] ?? -1)) {
        bins.add(b);
        break;
      }
    }
  }
  const ids = new Set([...bins].map((b) => m.bins[b]?.id ?? ''));
  const vehicles = cluster.map((r) => m.routes[r]?.vehicle).filter((v) => v !== undefined);
  const vids = new Set(vehicles.map((v) => v.id));
  const problem = {
    ...p,
    bins: p.bins.filter((b) => ids.has(b.id)),
    vehicles,
    locks: p.locks.filter((l) => vids.has(l.vehicleId)),
    fixedPrefixes: p.fixedPrefixes.filter((f) => vids.has(f.vehicleId)),
  };
  return { resolved: { ...m.resolved, problem }, bins: [...bins] };
}

/**
 * Node sequences of `from`'s routes `routes` (in order) as sequences of model `to`'s routes
 * 0, 1, ... (bins by id, disposal visits from `to`'s free ones with their sites, breaks by their
 * rank in the vehicle's list), with `to`'s disposal sites.
 */
function translate(from: Routes, routes: readonly (readonly number[])[], fromRoutes: readonly number[], to: DayModel, toRoutes: readonly number[], freeDisposal: number[], sites: Int32Array): number[][] {
  const fm = from.m;
  return routes.map((seq, j) => {
    const out: number[] = [];
    const fr = fm.routes[fromRoutes[j] ?? -1];
    const tr = to.routes[toRoutes[j] ?? -1];
    for (const v of seq) {
      const k = fm.kind[v];
      if (k === BIN) {
        const n = to.binNode.get(fm.bins[v]?.id ?? '');
        if (n !== undefined) out.push(n);
      } else if (k === DISPOSAL) {
        const n = freeDisposal.pop();
        if (n === undefined) continue;
        sites[n] = fm.siteOf[v] ?? 0;
        out.push(n);
      } else if (k === BREAK) {
        const b = tr?.breakNodes[fr?.breakNodes.indexOf(v) ?? -1];
        if (b !== undefined) out.push(b);
      }
    }
    return out;
  });
}

/**
 * One round of decomposition on the day loaded in `s` (feasible, penalty scale 1): every cluster
 * is solved by `solve` with an equal share of `budget` (at most `settings.iterations` each), and
 * kept when the whole day gets cheaper and stays feasible.
 * @returns whether the day improved.
 */
export function decompose(s: Routes, rng: Rng, budget: Budget, settings: DecomposeSettings, solve: SubSolver): boolean {
  const m = s.m;
  // a cluster holds at least ROUTES_PER_CLUSTER routes: with long routes (a few trucks serving
  // hundreds of bins), clusters of single routes would leave nothing to exchange
  let routed = 0;
  let used = 0;
  for (let r = 0; r < m.nRoutes; r++) {
    if ((s.rSize[r] ?? 0) === 0) continue;
    routed += s.rSize[r] ?? 0;
    used++;
  }
  const target = Math.max(settings.targetBins, (ROUTES_PER_CLUSTER * routed) / Math.max(1, used));
  const clusters = clusterRoutes(s, rng, target);
  if (clusters.length < 2) return false;
  let improved = false;
  for (let c = 0; c < clusters.length && !budget.spent(); c++) {
    const cluster = clusters[c] ?? [];
    const { resolved } = clusterProblem(s, cluster);
    const sm = buildDayModel(resolved);
    if (sm.nBins < 2) continue;
    const sub = new Routes(sm, neighbourLists(sm));
    const subRoutes = cluster.map((_, j) => j);
    const subSites = sm.siteOf.slice();
    const free: number[] = [];
    for (let n = sm.firstBreak - 1; n >= sm.firstDisposal; n--) free.push(n);
    sub.restore({ routes: translate(s, cluster.map((r) => s.routeSeq(r)), cluster, sm, subRoutes, free, subSites), sites: subSites });
    if (!sub.isFeasible()) continue;
    const part = budget.part(settings.iterations, 1 / (clusters.length - c));
    solve(sub, part);
    budget.iterations += part.iterations;
    if (!sub.isFeasible()) continue;
    // back into the whole day: the cluster's routes replaced, its disposal visits from the free ones
    const before = s.totalCost();
    const saved: DaySnapshot = s.snapshot();
    const inCluster = new Set(cluster);
    const routes = s.routes();
    const sites = m.siteOf.slice();
    const usedDisposal = new Set<number>();
    routes.forEach((seq, r) => {
      if (!inCluster.has(r)) for (const v of seq) if (m.kind[v] === DISPOSAL) usedDisposal.add(v);
    });
    const freeParent: number[] = [];
    for (let n = m.firstBreak - 1; n >= m.firstDisposal; n--) if (!usedDisposal.has(n)) freeParent.push(n);
    const back = translate(sub, sub.routes(), subRoutes, m, cluster, freeParent, sites);
    cluster.forEach((r, j) => {
      routes[r] = back[j] ?? [];
    });
    s.restore({ routes, sites });
    if (s.isFeasible() && s.totalCost() < before - 1e-9 * Math.max(1, Math.abs(before))) improved = true;
    else s.restore(saved);
  }
  return improved;
}
