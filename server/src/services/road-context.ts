/**
 * The road data the server keeps in memory from boot: the network, the basemap features
 * (with an ETag), and the snaps of every bin and site (computed once).
 */
import {
  buildRoadNetwork,
  buildRoutingEngine,
  parseOsm,
  roadFeatures,
  serializeCh,
  snapPoints,
  type LngLat,
  type RoadNetwork,
  type RoutingEngine,
  type SnapResult,
} from '../solver.js';
import type { RoadSource } from '../compute/compute-protocol.js';
import { MAX_SNAP_M } from '../compute/plan-pipeline.js';

/** A point's snap onto the drivable network, or why it has none (the road layer's type). */
export type { SnapResult };

export interface RoadContext {
  readonly net: RoadNetwork;
  /**
   * Turn-aware engine (turn restrictions, U-turn rule, contraction hierarchy) for route
   * instructions; absent in contexts built without a network (some tests).
   */
  readonly engine?: RoutingEngine;
  /** Whether the hierarchy came from `options.cachedCh`; why cached bytes were rejected, if they were. */
  readonly engineFromCache?: boolean;
  readonly engineCacheError?: string | null;
  /** `GET /api/roads` body (a `RoadCollection`), serialised once. */
  readonly roadsJson: string;
  /**
   * The bytes the network was built from, so compute worker threads build the same network
   * (null in contexts built without a network, some tests).
   */
  readonly source: RoadSource | null;
  readonly binSnaps: Map<string, SnapResult>;
  readonly siteSnaps: Map<string, SnapResult>;
  /** Bins a plan's travel matrix found disconnected from the depot, with the reason (filled by plans). */
  readonly unreachable: Map<string, string>;
}

export { MAX_SNAP_M } from '../compute/plan-pipeline.js';

/** A located thing to snap. */
export interface Located {
  readonly id: string;
  readonly lng: number;
  readonly lat: number;
}

/**
 * Parses the OSM extract, builds the network and its turn-aware routing engine (from
 * `options.cachedCh` when those bytes match), serialises the basemap and snaps every bin and
 * site once, logging each step's duration (`[boot] parsed OSM in 512 ms`).
 * @throws RoadDataError (from the solver) when the OSM bytes are unusable.
 */
export function buildRoadContext(
  osmBytes: Uint8Array,
  sourceName: string,
  bins: readonly Located[],
  sites: readonly Located[],
  log: (line: string) => void = () => {},
  options: { cachedCh?: Uint8Array } = {},
): RoadContext {
  let t = performance.now();
  const lap = (what: string): void => {
    const now = performance.now();
    log(`[boot] ${what} in ${Math.round(now - t)} ms`);
    t = now;
  };
  const osm = parseOsm(osmBytes, sourceName);
  lap(`parsed OSM ${sourceName}`);
  const net = buildRoadNetwork(osm);
  lap('built road network');
  const routing = buildRoutingEngine(net, osm, options.cachedCh);
  if (routing.cacheError !== null) log(`[boot] ignored cached contraction hierarchy: ${routing.cacheError}`);
  lap(`${routing.fromCache ? 'loaded' : 'built'} turn graph and contraction hierarchy (${routing.engine.graph.restrictions.applied} turn restrictions)`);
  const roadsJson = JSON.stringify(roadFeatures(osm, net));
  lap('built road features');
  const snapAll = (items: readonly Located[]): Map<string, SnapResult> => {
    const results = snapPoints(net, items.map((i) => [i.lng, i.lat] as LngLat), MAX_SNAP_M);
    return new Map(items.map((item, k) => [item.id, results[k]!]));
  };
  const binSnaps = snapAll(bins);
  const siteSnaps = snapAll(sites);
  const failed = [...binSnaps.values()].filter((s) => !s.ok).length;
  lap(`snapped ${bins.length} bins and ${sites.length} sites (${failed} bins not snapped)`);
  return {
    net,
    engine: routing.engine,
    engineFromCache: routing.fromCache,
    engineCacheError: routing.cacheError,
    roadsJson,
    source: { osm: osmBytes, name: sourceName, ch: options.cachedCh ?? serializeCh(routing.engine.ch) },
    binSnaps,
    siteSnaps,
    unreachable: new Map(),
  };
}
