/**
 * Resolves a problem whose places are `[lng, lat]` onto the road network: snaps every depot,
 * disposal site, bin and fixed-prefix position, and computes the travel matrix between them, so
 * the result has the same shape as a problem with an explicit matrix.
 */
import { ProblemError, type ProblemIssue } from '../model/errors.js';
import type { ProblemJson } from '../model/problem-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import type { LngLat } from '../model/types.js';
import type { RoadNetwork } from './road-network.js';
import { snapPoints, type Snap } from './snap.js';
import { travelMatrix } from './travel-matrix.js';
import type { RoutingEngine } from './routing-engine.js';

/** A problem resolved on the road network, with the bins no truck can reach and why. */
export interface RoadResolvedProblem {
  readonly resolved: ResolvedProblem;
  /** Bin id → reason, for bins that could not be snapped or are cut off from the depot. */
  readonly unreachableBins: ReadonlyMap<string, string>;
}

/**
 * Snaps every place and builds the matrix (whole metres, whole seconds; unreachable bins keep a
 * row and column of `Infinity` and are listed in `unreachableBins`).
 * @param maxSnapM farthest a place may lie from a drivable street, metres.
 * @param engine the turn-aware engine (restrictions, U-turn rule); without it, the node-based graph.
 * @param closedSegments closed street segments (`closures.ts`): no place snaps to them (give an
 *   `engine` built without them too, `engineWithout`).
 * @throws ProblemError when the problem already has a matrix, or a depot, disposal site or
 *   fixed-prefix position cannot be placed on the network (every such place listed with its path).
 */
export function resolveOnRoads(problem: ProblemJson, net: RoadNetwork, maxSnapM = 100, engine?: RoutingEngine, closedSegments?: ReadonlySet<number>): RoadResolvedProblem {
  if (problem.matrix) throw new ProblemError([{ path: 'matrix', message: 'this problem has an explicit matrix: resolve it with resolveExplicitMatrix' }]);
  const issues: ProblemIssue[] = [];
  const places: { kind: 'depot' | 'disposal' | 'bin' | 'prefix'; id: string; path: string; lngLat: LngLat }[] = [];
  const add = (kind: (typeof places)[number]['kind'], id: string, path: string, location: readonly [number, number] | undefined): void => {
    if (!location) issues.push({ path: `${path}.location`, message: 'required to route on the road network' });
    else places.push({ kind, id, path, lngLat: location });
  };
  problem.depots.forEach((d, i) => add('depot', d.id, `depots[${i}]`, d.location));
  problem.disposalSites.forEach((s, i) => add('disposal', s.id, `disposalSites[${i}]`, s.location));
  problem.fixedPrefixes.forEach((f, i) => add('prefix', f.vehicleId, `fixedPrefixes[${i}]`, f.location));
  problem.bins.forEach((b, i) => add('bin', b.id, `bins[${i}]`, b.location));
  if (issues.length > 0) throw new ProblemError(issues);

  const snapped = snapPoints(net, places.map((p) => p.lngLat), maxSnapM, closedSegments);
  const unreachableBins = new Map<string, string>();
  const kept: { place: (typeof places)[number]; snap: Snap }[] = [];
  snapped.forEach((r, i) => {
    const place = places[i] as (typeof places)[number];
    if (r.ok) kept.push({ place, snap: r.snap });
    else if (place.kind === 'bin') unreachableBins.set(place.id, r.reason);
    else issues.push({ path: `${place.path}.location`, message: r.reason });
  });
  if (issues.length > 0) throw new ProblemError(issues);

  // kerb bins keep only the approach with the bin on the driving side (turn-aware engine only)
  const approachOf = new Map(problem.bins.map((b) => [b.id, b.approach]));
  const approaches = kept.map((k) => (k.place.kind === 'bin' ? approachOf.get(k.place.id) ?? 'either' : 'either'));
  const { matrix, unreachable } = travelMatrix(net, kept.map((k) => k.snap), 0, engine, approaches);
  for (const u of unreachable) {
    const place = kept[u.index]?.place;
    if (!place) continue;
    if (place.kind === 'bin') unreachableBins.set(place.id, u.reason);
    else issues.push({ path: `${place.path}.location`, message: `${u.reason} (the first depot's network)` });
  }
  if (issues.length > 0) throw new ProblemError(issues);

  const maps = { depot: new Map<string, number>(), disposal: new Map<string, number>(), bin: new Map<string, number>(), prefix: new Map<string, number>() };
  kept.forEach((k, i) => maps[k.place.kind].set(k.place.id, i));
  return {
    resolved: { problem, matrix, loc: { depots: maps.depot, disposalSites: maps.disposal, bins: maps.bin, prefixes: maps.prefix }, unreachableBins },
    unreachableBins,
  };
}
