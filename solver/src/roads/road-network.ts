import { haversineRawM } from '../geo/haversine.js';
import type { LngLat } from '../model/types.js';
import type { OsmData, OsmNode, OsmTags } from './parse-osm.js';

/** How a garbage truck uses the road network: which ways it may drive and how fast. */
export interface TruckProfile {
  /** Travel speed per drivable `highway` class, km/h (capped by `maxspeed` when tagged). */
  readonly speedsKmh: Readonly<Record<string, number>>;
  /** `service=*` values the truck never drives (parking aisles, private driveways). */
  readonly excludedServiceValues: readonly string[];
  /**
   * `access` / `vehicle` / `motor_vehicle` / `hgv` values that forbid the truck (the most
   * specific tag present wins). Add `"destination"` to keep the truck out of
   * destination-only streets.
   */
  readonly excludedAccessValues: readonly string[];
  /**
   * Truck dimensions checked against `maxweight` (tonnes), `maxheight` and `maxwidth`
   * (metres); null fields are not checked. Default: all null (no check), so the default
   * network stays the one the sample city was generated on; see {@link GARBAGE_TRUCK_26T}.
   */
  readonly truck: TruckDimensions;
  /**
   * U-turns on the edge-based graph ({@link buildTurnGraph}): `"dead-ends"` (default) allows
   * them only at a node with a single neighbouring street, `"always"` everywhere, `"never"`
   * nowhere. Turning around mid-street at a stop is never modelled.
   */
  readonly uTurns: 'dead-ends' | 'always' | 'never';
  /** Time added to every allowed U-turn, seconds (default 30). */
  readonly uTurnPenaltySec: number;
  /** Time added to left / right turns sharper than 45°, seconds (default 0: no turn costs). */
  readonly leftTurnPenaltySec: number;
  readonly rightTurnPenaltySec: number;
  /** Side of the road traffic drives on; a kerb bin is served with the bin on this side. Default `"right"` (France). */
  readonly drivingSide: 'right' | 'left';
}

/** The truck's size; null fields are not checked. */
export interface TruckDimensions {
  readonly weightT: number | null;
  readonly heightM: number | null;
  readonly widthM: number | null;
}

/**
 * Default garbage-truck profile: slow urban speeds (stop-and-go, narrow streets), km/h.
 * Classes absent from `speedsKmh` are not drivable.
 */
export const DEFAULT_TRUCK_PROFILE: TruckProfile = {
  speedsKmh: {
    motorway: 70,
    motorway_link: 40,
    trunk: 60,
    trunk_link: 35,
    primary: 40,
    primary_link: 30,
    secondary: 35,
    secondary_link: 30,
    tertiary: 30,
    tertiary_link: 25,
    unclassified: 25,
    residential: 25,
    road: 25,
    living_street: 10,
    service: 15,
  },
  excludedServiceValues: ['parking_aisle', 'driveway'],
  excludedAccessValues: ['no', 'private'],
  truck: { weightT: null, heightM: null, widthM: null },
  uTurns: 'dead-ends',
  uTurnPenaltySec: 30,
  leftTurnPenaltySec: 0,
  rightTurnPenaltySec: 0,
  drivingSide: 'right',
};

/**
 * Profile overrides for a 26-tonne rear-loader (3 axles): 26 t, 3.6 m high, 2.55 m wide,
 * kept out of destination-only streets. Use as `buildRoadNetwork(osm, GARBAGE_TRUCK_26T)`;
 * it is JSON-serialisable, like every profile.
 */
export const GARBAGE_TRUCK_26T: Partial<TruckProfile> = {
  excludedAccessValues: ['no', 'private', 'destination'],
  truck: { weightT: 26, heightM: 3.6, widthM: 2.55 },
};

/**
 * Directed road graph in compact typed arrays.
 *
 * - Graph nodes are OSM nodes at junctions and way ends (`node*` arrays).
 * - A *segment* is an undirected street piece between two graph nodes, with its OSM geometry
 *   stored in `coords` (`lng, lat` interleaved) from `segmentCoordStart[s]` to
 *   `segmentCoordStart[s + 1] - 1` (point indices).
 * - Each segment yields one or two directed *edges*: the forward edge follows the geometry,
 *   the backward edge runs against it (`edgeReversed = 1`).
 * - Outgoing edges of node `n` are `outEdges[outStart[n] .. outStart[n + 1] - 1]` (CSR).
 * - `componentOf` gives each node's strongly connected component.
 */
export interface RoadNetwork {
  readonly profile: TruckProfile;
  readonly nodeCount: number;
  /** OSM node id per graph node (float64 holds any OSM id exactly). */
  readonly nodeOsmId: Float64Array;
  /** Degrees. */
  readonly nodeLng: Float64Array;
  readonly nodeLat: Float64Array;

  readonly edgeCount: number;
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  /** Haversine length along the geometry, metres. */
  readonly edgeLengthM: Float64Array;
  /** Travel time at the profile speed, seconds (fractional). */
  readonly edgeDurationSec: Float64Array;
  readonly edgeSegment: Int32Array;
  /** 1 when the edge runs against its segment's geometry. */
  readonly edgeReversed: Uint8Array;
  /** The opposite directed edge of the same segment, or -1 (one-way). */
  readonly edgeReverse: Int32Array;
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;

  readonly segmentCount: number;
  /** Index into the `way*` tables. */
  readonly segmentWay: Int32Array;
  readonly segmentCoordStart: Int32Array;
  readonly segmentLengthM: Float64Array;
  /** Edge following the geometry, or -1. */
  readonly segmentForwardEdge: Int32Array;
  /** Edge against the geometry, or -1. */
  readonly segmentBackwardEdge: Int32Array;
  /** `lng, lat` pairs, degrees. */
  readonly coords: Float64Array;
  /** Distance from the segment start to each point, metres (parallel to points). */
  readonly coordCumM: Float64Array;

  /** Drivable ways, indexed by `segmentWay`. */
  readonly wayIds: Float64Array;
  readonly wayNames: readonly (string | null)[];
  readonly wayHighways: readonly string[];
  /** 1 for a `junction=roundabout|circular` way. */
  readonly wayRoundabout: Uint8Array;

  readonly componentOf: Int32Array;
  readonly componentCount: number;
  /** Node count per component. */
  readonly componentSize: Int32Array;
  /** Component with the most nodes (-1 for an empty network). */
  readonly largestComponent: number;
}

/** Everything about one directed edge, for display and debugging. */
export interface RoadEdgeInfo {
  readonly from: number;
  readonly to: number;
  readonly lengthM: number;
  readonly durationSec: number;
  readonly wayId: number;
  readonly name: string | null;
  readonly highway: string;
  /** In driving direction. */
  readonly geometry: LngLat[];
}

/**
 * Merges a partial profile over {@link DEFAULT_TRUCK_PROFILE}; `speedsKmh` entries are merged
 * key by key.
 */
export function resolveTruckProfile(profile?: Partial<TruckProfile>): TruckProfile {
  return {
    speedsKmh: { ...DEFAULT_TRUCK_PROFILE.speedsKmh, ...(profile?.speedsKmh ?? {}) },
    excludedServiceValues: profile?.excludedServiceValues ?? DEFAULT_TRUCK_PROFILE.excludedServiceValues,
    excludedAccessValues: profile?.excludedAccessValues ?? DEFAULT_TRUCK_PROFILE.excludedAccessValues,
    truck: { ...DEFAULT_TRUCK_PROFILE.truck, ...(profile?.truck ?? {}) },
    uTurns: profile?.uTurns ?? DEFAULT_TRUCK_PROFILE.uTurns,
    uTurnPenaltySec: profile?.uTurnPenaltySec ?? DEFAULT_TRUCK_PROFILE.uTurnPenaltySec,
    leftTurnPenaltySec: profile?.leftTurnPenaltySec ?? DEFAULT_TRUCK_PROFILE.leftTurnPenaltySec,
    rightTurnPenaltySec: profile?.rightTurnPenaltySec ?? DEFAULT_TRUCK_PROFILE.rightTurnPenaltySec,
    drivingSide: profile?.drivingSide ?? DEFAULT_TRUCK_PROFILE.drivingSide,
  };
}

/**
 * Whether the truck may drive a way with these tags under `profile`.
 * Requires a `highway` class with a profile speed; rejects `area=yes`, excluded `service`
 * values, `oneway=reversible`, forbidding `hgv`/`motor_vehicle`/`vehicle`/`access` (most
 * specific tag present wins) and `maxweight`/`maxheight`/`maxwidth` below the profile's truck
 * dimensions (when set).
 */
export function isDrivableWay(tags: OsmTags, profile: TruckProfile = DEFAULT_TRUCK_PROFILE): boolean {
  const highway = tags['highway'];
  if (highway === undefined || !(highway in profile.speedsKmh)) return false;
  if (tags['area'] === 'yes') return false;
  if (tags['oneway'] === 'reversible') return false;
  const service = tags['service'];
  if (highway === 'service' && service !== undefined && profile.excludedServiceValues.includes(service)) {
    return false;
  }
  const access = tags['hgv'] ?? tags['motor_vehicle'] ?? tags['vehicle'] ?? tags['access'];
  if (access !== undefined && profile.excludedAccessValues.includes(access)) return false;
  const truck = profile.truck ?? DEFAULT_TRUCK_PROFILE.truck;
  if (exceeds(truck.weightT, parseLimit(tags['maxweight'], 'weight'))) return false;
  if (exceeds(truck.heightM, parseLimit(tags['maxheight'], 'length'))) return false;
  if (exceeds(truck.widthM, parseLimit(tags['maxwidth'], 'length'))) return false;
  return true;
}

const exceeds = (value: number | null, limit: number | null): boolean => value !== null && limit !== null && value > limit;

/**
 * Parses an OSM `maxweight` (tonnes; `kg`, `lbs`, `st` suffixes) or `maxheight`/`maxwidth`
 * (metres; `'` and `"` feet/inches) value. Returns null for missing, `none`, `default` or
 * unparsable values (treated as no limit).
 */
export function parseLimit(value: string | undefined, kind: 'weight' | 'length'): number | null {
  if (value === undefined) return null;
  const s = value.trim().toLowerCase();
  const feet = /^(\d+(?:\.\d+)?)'(?:\s*(\d+(?:\.\d+)?)")?$/.exec(s);
  if (kind === 'length' && feet?.[1] !== undefined) {
    return Number.parseFloat(feet[1]) * 0.3048 + (feet[2] !== undefined ? Number.parseFloat(feet[2]) * 0.0254 : 0);
  }
  const m = /^(\d+(?:[.,]\d+)?)\s*([a-z]*)$/.exec(s);
  if (m?.[1] === undefined) return null;
  const v = Number.parseFloat(m[1].replace(',', '.'));
  const unit = m[2] ?? '';
  if (kind === 'weight') {
    if (unit === '' || unit === 't') return v;
    if (unit === 'kg') return v / 1000;
    if (unit === 'lbs' || unit === 'lb') return v * 0.000453592;
    if (unit === 'st') return v * 0.907185;
    return null;
  }
  if (unit === '' || unit === 'm') return v;
  if (unit === 'cm') return v / 100;
  if (unit === 'ft') return v * 0.3048;
  return null;
}

/**
 * Driving direction allowed on a way relative to its node order:
 * 1 = forward only, -1 = backward only, 0 = both.
 * `oneway=yes|1|true` → 1, `oneway=-1|reverse` → -1, `oneway=no|0|false` → 0; otherwise
 * `junction=roundabout|circular` and `highway=motorway` imply 1.
 */
export function onewayDirection(tags: OsmTags): -1 | 0 | 1 {
  const o = tags['oneway'];
  if (o === 'yes' || o === '1' || o === 'true') return 1;
  if (o === '-1' || o === 'reverse') return -1;
  if (o === 'no' || o === '0' || o === 'false') return 0;
  const junction = tags['junction'];
  if (junction === 'roundabout' || junction === 'circular') return 1;
  if (tags['highway'] === 'motorway') return 1;
  return 0;
}

const ZONE_SPEEDS_KMH: Record<string, number> = {
  'fr:urban': 50,
  'fr:rural': 80,
  'fr:zone30': 30,
  'fr:motorway': 130,
  'fr:walk': 6,
  'fr:living_street': 20,
  walk: 6,
  living_street: 20,
};

/**
 * Parses an OSM `maxspeed` value to km/h: numbers, `mph` suffixes, French zone codes
 * (`FR:urban`…), `a;b` lists (smallest). Returns null for missing or unknown values.
 */
export function parseMaxspeedKmh(value: string | undefined): number | null {
  if (value === undefined) return null;
  let best: number | null = null;
  for (const part of value.split(';')) {
    const s = part.trim().toLowerCase();
    let v: number | null = ZONE_SPEEDS_KMH[s] ?? null;
    if (v === null) {
      const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph)?$/.exec(s);
      if (m?.[1] !== undefined) {
        v = Number.parseFloat(m[1]) * (m[2] === 'mph' ? 1.609344 : 1);
      }
    }
    if (v !== null && v > 0 && (best === null || v < best)) best = v;
  }
  return best;
}

/** Truck speed on a drivable way, km/h: class speed capped by `maxspeed`, at least 1. */
function waySpeedKmh(tags: OsmTags, profile: TruckProfile): number {
  const base = profile.speedsKmh[tags['highway'] ?? ''] ?? 1;
  const cap = parseMaxspeedKmh(tags['maxspeed']);
  return Math.max(1, cap === null ? base : Math.min(base, cap));
}

/** Growable typed-array helper for the build. */
class F64Builder {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

class I32Builder {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Strongly connected components with an iterative Tarjan (no recursion, safe on big graphs).
 * Returns the component id of each node and the component count.
 */
function stronglyConnectedComponents(
  nodeCount: number,
  outStart: Int32Array,
  outEdges: Int32Array,
  edgeTo: Int32Array,
): { componentOf: Int32Array; componentCount: number } {
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const stack = new Int32Array(nodeCount);
  const callNode = new Int32Array(nodeCount);
  const callPos = new Int32Array(nodeCount);
  const componentOf = new Int32Array(nodeCount).fill(-1);
  let sp = 0;
  let csp = 0;
  let nextIndex = 0;
  let componentCount = 0;
  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = nextIndex++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callPos[csp] = outStart[root] as number;
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1] as number;
      const pos = callPos[csp - 1] as number;
      if (pos < (outStart[v + 1] as number)) {
        callPos[csp - 1] = pos + 1;
        const w = edgeTo[outEdges[pos] as number] as number;
        if (index[w] === -1) {
          index[w] = low[w] = nextIndex++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callPos[csp] = outStart[w] as number;
          csp++;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
          low[v] = index[w] as number;
        }
      } else {
        csp--;
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack[--sp] as number;
            onStack[w] = 0;
            componentOf[w] = componentCount;
          } while (w !== v);
          componentCount++;
        }
        if (csp > 0) {
          const u = callNode[csp - 1] as number;
          if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
        }
      }
    }
  }
  return { componentOf, componentCount };
}

/**
 * Builds the directed road graph a garbage truck can drive from an OSM extract.
 *
 * Drivable ways (see {@link isDrivableWay}) are split at junction nodes (nodes shared by
 * several drivable ways, or used twice by one) and at way ends into segments; each segment
 * gives one or two directed edges depending on {@link onewayDirection}. Ways leaving the
 * extract are cut where their nodes are missing. Lengths are haversine metres along the OSM
 * geometry, durations use the profile speed capped by `maxspeed`.
 *
 * @param osm parsed extract
 * @param profile overrides of {@link DEFAULT_TRUCK_PROFILE}
 */
export function buildRoadNetwork(osm: OsmData, profile?: Partial<TruckProfile>): RoadNetwork {
  const prof = resolveTruckProfile(profile);
  const nodeById = new Map<number, OsmNode>();
  for (const nd of osm.nodes) nodeById.set(nd.id, nd);

  // Drivable ways cut into runs of nodes present in the extract.
  const wayIdList: number[] = [];
  const wayNames: (string | null)[] = [];
  const wayHighways: string[] = [];
  const wayRoundabout: number[] = [];
  const waySpeed: number[] = [];
  const wayDir: number[] = [];
  const runs: { way: number; nodes: number[] }[] = [];
  const useCount = new Map<number, number>();
  for (const way of osm.ways) {
    if (!isDrivableWay(way.tags, prof)) continue;
    const wayIdx = wayIdList.length;
    let current: number[] = [];
    const flush = (): void => {
      if (current.length >= 2) runs.push({ way: wayIdx, nodes: current });
      current = [];
    };
    for (const id of way.nodes) {
      if (!nodeById.has(id)) {
        flush();
        continue;
      }
      if (current.length > 0 && current[current.length - 1] === id) continue;
      current.push(id);
    }
    flush();
    wayIdList.push(way.id);
    wayNames.push(way.tags['name'] ?? null);
    wayHighways.push(way.tags['highway'] ?? '');
    wayRoundabout.push(way.tags['junction'] === 'roundabout' || way.tags['junction'] === 'circular' ? 1 : 0);
    waySpeed.push(waySpeedKmh(way.tags, prof));
    wayDir.push(onewayDirection(way.tags));
  }
  for (const run of runs) {
    const ns = run.nodes;
    for (let i = 0; i < ns.length; i++) {
      const id = ns[i] as number;
      // Run ends count twice so they always become graph nodes.
      const inc = i === 0 || i === ns.length - 1 ? 2 : 1;
      useCount.set(id, (useCount.get(id) ?? 0) + inc);
    }
  }

  const graphIdx = new Map<number, number>();
  const nodeOsmIdB = new F64Builder();
  const nodeLngB = new F64Builder();
  const nodeLatB = new F64Builder();
  const graphNodeOf = (id: number): number => {
    let g = graphIdx.get(id);
    if (g === undefined) {
      g = nodeOsmIdB.length;
      graphIdx.set(id, g);
      const nd = nodeById.get(id) as OsmNode;
      nodeOsmIdB.push(id);
      nodeLngB.push(nd.lon);
      nodeLatB.push(nd.lat);
    }
    return g;
  };

  const coordsB = new F64Builder();
  const cumB = new F64Builder();
  const segWayB = new I32Builder();
  const segStartB = new I32Builder();
  const segFromB = new I32Builder();
  const segToB = new I32Builder();
  const segLenB = new F64Builder();
  for (const run of runs) {
    const ns = run.nodes;
    let startNode = graphNodeOf(ns[0] as number);
    let segStartPoint = coordsB.length / 2;
    let cum = 0;
    let prev = nodeById.get(ns[0] as number) as OsmNode;
    segStartB.push(segStartPoint);
    coordsB.push(prev.lon);
    coordsB.push(prev.lat);
    cumB.push(0);
    for (let i = 1; i < ns.length; i++) {
      const id = ns[i] as number;
      const nd = nodeById.get(id) as OsmNode;
      cum += haversineRawM(prev.lon, prev.lat, nd.lon, nd.lat);
      coordsB.push(nd.lon);
      coordsB.push(nd.lat);
      cumB.push(cum);
      prev = nd;
      if ((useCount.get(id) ?? 0) >= 2) {
        const endNode = graphNodeOf(id);
        segWayB.push(run.way);
        segFromB.push(startNode);
        segToB.push(endNode);
        segLenB.push(cum);
        if (i < ns.length - 1) {
          // Next segment starts at this junction: repeat its point.
          startNode = endNode;
          segStartPoint = coordsB.length / 2;
          segStartB.push(segStartPoint);
          coordsB.push(nd.lon);
          coordsB.push(nd.lat);
          cumB.push(0);
          cum = 0;
        }
      }
    }
  }
  const segmentCount = segWayB.length;
  segStartB.push(coordsB.length / 2);

  // Directed edges.
  const edgeFromB = new I32Builder();
  const edgeToB = new I32Builder();
  const edgeSegB = new I32Builder();
  const edgeRevFlag: number[] = [];
  const segmentForwardEdge = new Int32Array(segmentCount).fill(-1);
  const segmentBackwardEdge = new Int32Array(segmentCount).fill(-1);
  for (let s = 0; s < segmentCount; s++) {
    const dir = wayDir[segWayB.data[s] as number] as number;
    const a = segFromB.data[s] as number;
    const b = segToB.data[s] as number;
    if (dir >= 0) {
      segmentForwardEdge[s] = edgeFromB.length;
      edgeFromB.push(a);
      edgeToB.push(b);
      edgeSegB.push(s);
      edgeRevFlag.push(0);
    }
    if (dir <= 0) {
      segmentBackwardEdge[s] = edgeFromB.length;
      edgeFromB.push(b);
      edgeToB.push(a);
      edgeSegB.push(s);
      edgeRevFlag.push(1);
    }
  }
  const edgeCount = edgeFromB.length;
  const edgeFrom = edgeFromB.finish();
  const edgeTo = edgeToB.finish();
  const edgeSegment = edgeSegB.finish();
  const edgeReversed = Uint8Array.from(edgeRevFlag);
  const segmentWay = segWayB.finish();
  const segmentLengthM = segLenB.finish();
  const edgeLengthM = new Float64Array(edgeCount);
  const edgeDurationSec = new Float64Array(edgeCount);
  const edgeReverse = new Int32Array(edgeCount).fill(-1);
  for (let e = 0; e < edgeCount; e++) {
    const s = edgeSegment[e] as number;
    const len = segmentLengthM[s] as number;
    edgeLengthM[e] = len;
    edgeDurationSec[e] = len / ((waySpeed[segmentWay[s] as number] as number) / 3.6);
    edgeReverse[e] = (edgeReversed[e] === 1 ? segmentForwardEdge[s] : segmentBackwardEdge[s]) as number;
  }

  // CSR adjacency (counting sort by source node).
  const nodeCount = nodeOsmIdB.length;
  const outStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    const k = (edgeFrom[e] as number) + 1;
    outStart[k] = (outStart[k] as number) + 1;
  }
  for (let n = 0; n < nodeCount; n++) outStart[n + 1] = (outStart[n + 1] as number) + (outStart[n] as number);
  const fill = outStart.slice(0, nodeCount);
  const outEdges = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const from = edgeFrom[e] as number;
    outEdges[fill[from] as number] = e;
    fill[from] = (fill[from] as number) + 1;
  }

  const { componentOf, componentCount } = stronglyConnectedComponents(nodeCount, outStart, outEdges, edgeTo);
  const componentSize = new Int32Array(componentCount);
  for (let n = 0; n < nodeCount; n++) {
    const c = componentOf[n] as number;
    componentSize[c] = (componentSize[c] as number) + 1;
  }
  let largestComponent = -1;
  for (let c = 0; c < componentCount; c++) {
    if (largestComponent < 0 || (componentSize[c] as number) > (componentSize[largestComponent] as number)) {
      largestComponent = c;
    }
  }

  return {
    profile: prof,
    nodeCount,
    nodeOsmId: nodeOsmIdB.finish(),
    nodeLng: nodeLngB.finish(),
    nodeLat: nodeLatB.finish(),
    edgeCount,
    edgeFrom,
    edgeTo,
    edgeLengthM,
    edgeDurationSec,
    edgeSegment,
    edgeReversed,
    edgeReverse,
    outStart,
    outEdges,
    segmentCount,
    segmentWay,
    segmentCoordStart: segStartB.finish(),
    segmentLengthM,
    segmentForwardEdge,
    segmentBackwardEdge,
    coords: coordsB.finish(),
    coordCumM: cumB.finish(),
    wayIds: Float64Array.from(wayIdList),
    wayNames,
    wayHighways,
    wayRoundabout: Uint8Array.from(wayRoundabout),
    componentOf,
    componentCount,
    componentSize,
    largestComponent,
  };
}

/**
 * Geometry of a segment between fractions `s0` and `s1` of its length (0 = geometry start,
 * 1 = end), in the order s0 → s1 (reversed when `s1 < s0`), endpoints interpolated.
 */
export function segmentSlice(net: RoadNetwork, seg: number, s0: number, s1: number): LngLat[] {
  const start = net.segmentCoordStart[seg] as number;
  const end = (net.segmentCoordStart[seg + 1] as number) - 1;
  const len = net.segmentLengthM[seg] as number;
  const lo = Math.min(s0, s1) * len;
  const hi = Math.max(s0, s1) * len;
  const pointAt = (m: number): LngLat => {
    for (let i = start; i < end; i++) {
      const c1 = net.coordCumM[i + 1] as number;
      if (m <= c1 || i === end - 1) {
        const c0 = net.coordCumM[i] as number;
        const f = c1 > c0 ? Math.min(1, Math.max(0, (m - c0) / (c1 - c0))) : 0;
        const x0 = net.coords[2 * i] as number;
        const y0 = net.coords[2 * i + 1] as number;
        return [x0 + f * ((net.coords[2 * i + 2] as number) - x0), y0 + f * ((net.coords[2 * i + 3] as number) - y0)];
      }
    }
    return [net.coords[2 * start] as number, net.coords[2 * start + 1] as number];
  };
  const out: LngLat[] = [pointAt(lo)];
  for (let i = start + 1; i < end; i++) {
    const c = net.coordCumM[i] as number;
    if (c > lo && c < hi) out.push([net.coords[2 * i] as number, net.coords[2 * i + 1] as number]);
  }
  out.push(pointAt(hi));
  if (s1 < s0) out.reverse();
  return out;
}

/**
 * Describes one directed edge (nodes, length in metres, duration in seconds, way, geometry in
 * driving direction).
 * @throws RangeError when `edgeIdx` is out of range
 */
export function edgeInfo(net: RoadNetwork, edgeIdx: number): RoadEdgeInfo {
  if (!(edgeIdx >= 0 && edgeIdx < net.edgeCount)) throw new RangeError(`edge ${edgeIdx} out of range`);
  const seg = net.edgeSegment[edgeIdx] as number;
  const way = net.segmentWay[seg] as number;
  const start = net.segmentCoordStart[seg] as number;
  const end = net.segmentCoordStart[seg + 1] as number;
  const geometry: LngLat[] = [];
  for (let i = start; i < end; i++) geometry.push([net.coords[2 * i] as number, net.coords[2 * i + 1] as number]);
  if (net.edgeReversed[edgeIdx] === 1) geometry.reverse();
  return {
    from: net.edgeFrom[edgeIdx] as number,
    to: net.edgeTo[edgeIdx] as number,
    lengthM: net.edgeLengthM[edgeIdx] as number,
    durationSec: net.edgeDurationSec[edgeIdx] as number,
    wayId: net.wayIds[way] as number,
    name: net.wayNames[way] ?? null,
    highway: net.wayHighways[way] ?? '',
    geometry,
  };
}
