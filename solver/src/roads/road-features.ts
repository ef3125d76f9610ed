import type { LngLat } from '../model/types.js';
import type { OsmData, OsmNode } from './parse-osm.js';
import { DEFAULT_TRUCK_PROFILE, isDrivableWay, onewayDirection, type RoadNetwork } from './road-network.js';

/** Properties of one basemap road line. */
export interface RoadFeatureProperties {
  readonly highway: string;
  readonly name: string | null;
  /** Whether the garbage truck may drive it (profile of `net`, or the default profile). */
  readonly drivable: boolean;
  /** Explicit or implied one-way (either direction). */
  readonly oneway: boolean;
}

/** A GeoJSON LineString feature of a highway way; `id` is `"way/<osm id>"`. */
export interface RoadFeature {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: { readonly type: 'LineString'; readonly coordinates: LngLat[] };
  readonly properties: RoadFeatureProperties;
}

/** GeoJSON FeatureCollection of road lines. */
export interface RoadFeatureCollection {
  readonly type: 'FeatureCollection';
  readonly features: RoadFeature[];
}

/** One undirected drivable street segment. */
export interface DrivableSegment {
  /** Directed edge representing the segment (forward edge when two-way). */
  readonly edgeIdx: number;
  readonly highway: string;
  readonly name: string | null;
  readonly lengthM: number;
  /** In the direction of `edgeIdx`. */
  readonly coordinates: LngLat[];
}

const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/**
 * All `highway=*` ways of an extract (drivable or not) as GeoJSON LineStrings for the offline
 * basemap, coordinates rounded to 6 decimals (~0.1 m). A way crossing the extract border is
 * cut where nodes are missing, giving several features with the same id; pieces with fewer
 * than two points are dropped.
 *
 * @param osm parsed extract
 * @param net when given, drivability follows its truck profile
 */
export function roadFeatures(osm: OsmData, net?: RoadNetwork): RoadFeatureCollection {
  const profile = net?.profile ?? DEFAULT_TRUCK_PROFILE;
  const roadWays = osm.ways.filter((w) => w.tags['highway'] !== undefined);
  const needed = new Set<number>();
  for (const w of roadWays) for (const id of w.nodes) needed.add(id);
  const nodeById = new Map<number, OsmNode>();
  for (const nd of osm.nodes) if (needed.has(nd.id)) nodeById.set(nd.id, nd);
  const features: RoadFeature[] = [];
  for (const way of roadWays) {
    const properties: RoadFeatureProperties = {
      highway: way.tags['highway'] ?? '',
      name: way.tags['name'] ?? null,
      drivable: isDrivableWay(way.tags, profile),
      oneway: onewayDirection(way.tags) !== 0,
    };
    let current: LngLat[] = [];
    const flush = (): void => {
      if (current.length >= 2) {
        features.push({
          type: 'Feature',
          id: `way/${way.id}`,
          geometry: { type: 'LineString', coordinates: current },
          properties,
        });
      }
      current = [];
    };
    for (const id of way.nodes) {
      const nd = nodeById.get(id);
      if (!nd) {
        flush();
        continue;
      }
      current.push([round6(nd.lon), round6(nd.lat)]);
    }
    flush();
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Lists each undirected drivable street segment once (e.g. to place sample bins along
 * streets), with its length in metres and geometry in the direction of `edgeIdx`.
 */
export function drivableSegments(net: RoadNetwork): DrivableSegment[] {
  const out: DrivableSegment[] = [];
  for (let s = 0; s < net.segmentCount; s++) {
    const fwd = net.segmentForwardEdge[s] as number;
    const edgeIdx = fwd >= 0 ? fwd : (net.segmentBackwardEdge[s] as number);
    const way = net.segmentWay[s] as number;
    const start = net.segmentCoordStart[s] as number;
    const end = net.segmentCoordStart[s + 1] as number;
    const coordinates: LngLat[] = [];
    for (let i = start; i < end; i++) coordinates.push([net.coords[2 * i] as number, net.coords[2 * i + 1] as number]);
    if (fwd < 0) coordinates.reverse();
    out.push({
      edgeIdx,
      highway: net.wayHighways[way] ?? '',
      name: net.wayNames[way] ?? null,
      lengthM: net.segmentLengthM[s] as number,
      coordinates,
    });
  }
  return out;
}
