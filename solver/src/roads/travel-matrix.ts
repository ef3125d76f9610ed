import type { LngLat, TravelMatrix } from '../model/types.js';
import { DijkstraWorkspace } from './dijkstra-workspace.js';
import { segmentSlice, type RoadNetwork } from './road-network.js';
import type { Approach, RoutingEngine } from './routing-engine.js';
import { routeAlong, turnTravelMatrix } from './routing-engine.js';
import type { Snap } from './snap.js';

/** A location that cannot make the round trip to the anchor (depot). */
export interface UnreachableLocation {
  /** Index of the location in the snaps given to {@link travelMatrix}. */
  readonly index: number;
  readonly reason: string;
}

/** Output of {@link travelMatrix}. */
export interface TravelMatrixResult {
  /**
   * Whole metres / whole seconds, row-major (`from * size + to`), Float64Array.
   * Rows and columns of unreachable locations may hold `Infinity`; the caller removes them.
   */
  readonly matrix: TravelMatrix;
  readonly unreachable: UnreachableLocation[];
}

/** A drivable path between two snapped locations. */
export interface RoadPath {
  /** LineString from `from.lngLat` to `to.lngLat` along the streets. */
  readonly coordinates: LngLat[];
  /** Metres (unrounded). */
  readonly distanceM: number;
  /** Seconds (unrounded). */
  readonly durationSec: number;
  /** Directed edges used in order, including the partly driven first and last ones. */
  readonly edgeIdxs: number[];
}

/** A snap expressed on its undirected segment. */
interface Loc {
  readonly seg: number;
  /** Fraction along the segment geometry. */
  readonly s: number;
  readonly fwd: number;
  readonly bwd: number;
  readonly lenM: number;
  readonly fwdDurSec: number;
  readonly bwdDurSec: number;
  /** Graph node at the geometry start / end. */
  readonly a: number;
  readonly b: number;
}

const workspaceCache = new WeakMap<RoadNetwork, DijkstraWorkspace>();

function workspaceFor(net: RoadNetwork): DijkstraWorkspace {
  let ws = workspaceCache.get(net);
  if (!ws) {
    ws = new DijkstraWorkspace(net);
    workspaceCache.set(net, ws);
  }
  return ws;
}

function toLoc(net: RoadNetwork, snap: Snap): Loc {
  const e = snap.edgeIdx;
  if (!(e >= 0 && e < net.edgeCount)) throw new RangeError(`snap edge ${e} is not in the road network`);
  const seg = net.edgeSegment[e] as number;
  const reversed = net.edgeReversed[e] === 1;
  const t = Math.min(1, Math.max(0, snap.t));
  const fwd = net.segmentForwardEdge[seg] as number;
  const bwd = net.segmentBackwardEdge[seg] as number;
  return {
    seg,
    s: reversed ? 1 - t : t,
    fwd,
    bwd,
    lenM: net.segmentLengthM[seg] as number,
    fwdDurSec: fwd >= 0 ? (net.edgeDurationSec[fwd] as number) : Infinity,
    bwdDurSec: bwd >= 0 ? (net.edgeDurationSec[bwd] as number) : Infinity,
    a: (reversed ? net.edgeTo[e] : net.edgeFrom[e]) as number,
    b: (reversed ? net.edgeFrom[e] : net.edgeTo[e]) as number,
  };
}

/** Seeds a search with the ways out of a location (toward b forward, toward a backward). */
function seedDeparture(ws: DijkstraWorkspace, l: Loc): void {
  if (l.fwd >= 0) ws.seed(l.b, (1 - l.s) * l.fwdDurSec, (1 - l.s) * l.lenM);
  if (l.bwd >= 0) ws.seed(l.a, l.s * l.bwdDurSec, l.s * l.lenM);
}

function addArrivalTargets(ws: DijkstraWorkspace, l: Loc): void {
  if (l.fwd >= 0) ws.addTarget(l.a);
  if (l.bwd >= 0) ws.addTarget(l.b);
}

/** Best arrival at `to` after a search from `from`: [durSec, distM, kind]. */
type Arrival = [number, number, 'direct' | 'fwd' | 'bwd' | 'none'];

function bestArrival(ws: DijkstraWorkspace, from: Loc, to: Loc): Arrival {
  let best: Arrival = [Infinity, Infinity, 'none'];
  if (from.seg === to.seg) {
    if (to.fwd >= 0 && to.s >= from.s) {
      best = [(to.s - from.s) * to.fwdDurSec, (to.s - from.s) * to.lenM, 'direct'];
    } else if (to.bwd >= 0 && to.s <= from.s) {
      best = [(from.s - to.s) * to.bwdDurSec, (from.s - to.s) * to.lenM, 'direct'];
    }
  }
  if (to.fwd >= 0) {
    const d = ws.dur(to.a) + to.s * to.fwdDurSec;
    if (d < best[0]) best = [d, (ws.distM[to.a] as number) + to.s * to.lenM, 'fwd'];
  }
  if (to.bwd >= 0) {
    const d = ws.dur(to.b) + (1 - to.s) * to.bwdDurSec;
    if (d < best[0]) best = [d, (ws.distM[to.b] as number) + (1 - to.s) * to.lenM, 'bwd'];
  }
  return best;
}

/**
 * Shortest-duration travel matrix between snapped locations, on the directed road graph.
 *
 * From a snap on edge u→v at `t` a truck may leave toward v over the rest of the edge, or
 * toward u when the street is two-way; it arrives likewise from either end, and two points on
 * the same street travel directly when the direction allows. One Dijkstra (binary heap,
 * typed arrays, early stop once every arrival node is settled) runs per source; it optimises
 * duration and records the distance of the chosen path. Values are rounded once with
 * `Math.round` to whole metres and seconds; the diagonal is 0.
 *
 * Location i is reported unreachable when it cannot both go to and come back from the anchor
 * location (the depot); its row and column may then contain `Infinity`.
 *
 * @param net road network
 * @param snaps locations (e.g. from {@link snapPoints})
 * @param anchorIdx index of the depot among `snaps`
 * @param engine when given (built on `net`), the matrix comes from the turn-aware engine
 *   instead ({@link turnTravelMatrix}: turn restrictions, U-turn rule)
 * @param approaches per location, for the engine: `kerb` keeps only the direction with the point
 *   on the driving side (default `either`); ignored without an engine
 * @throws RangeError when `anchorIdx` is out of range or a snap's edge is not in `net`
 */
export function travelMatrix(net: RoadNetwork, snaps: readonly Snap[], anchorIdx = 0, engine?: RoutingEngine, approaches?: readonly Approach[]): TravelMatrixResult {
  if (engine !== undefined) return turnTravelMatrix(engine, snaps.map((snap, i) => ({ snap, approach: approaches?.[i] ?? 'either' })), anchorIdx);
  const size = snaps.length;
  if (size > 0 && !(Number.isInteger(anchorIdx) && anchorIdx >= 0 && anchorIdx < size)) {
    throw new RangeError(`anchorIdx ${anchorIdx} is not a location index (0..${size - 1})`);
  }
  const locs = snaps.map((s) => toLoc(net, s));
  const durations = new Float64Array(size * size);
  const distances = new Float64Array(size * size);
  const ws = workspaceFor(net);
  for (let i = 0; i < size; i++) {
    const from = locs[i] as Loc;
    ws.reset();
    seedDeparture(ws, from);
    for (const l of locs) addArrivalTargets(ws, l);
    ws.run();
    for (let j = 0; j < size; j++) {
      const k = i * size + j;
      if (i === j) continue;
      const [d, m] = bestArrival(ws, from, locs[j] as Loc);
      durations[k] = Number.isFinite(d) ? Math.round(d) : Infinity;
      distances[k] = Number.isFinite(d) ? Math.round(m) : Infinity;
    }
  }
  const unreachable: UnreachableLocation[] = [];
  if (size > 0) {
    const anchor = locs[anchorIdx] as Loc;
    const anchorComponents = new Set([net.componentOf[anchor.a], net.componentOf[anchor.b]]);
    for (let i = 0; i < size; i++) {
      if (i === anchorIdx) continue;
      const out = durations[i * size + anchorIdx] as number;
      const back = durations[anchorIdx * size + i] as number;
      if (Number.isFinite(out) && Number.isFinite(back)) continue;
      const l = locs[i] as Loc;
      const shared = anchorComponents.has(net.componentOf[l.a]) || anchorComponents.has(net.componentOf[l.b]);
      const reason = shared
        ? `one-way streets prevent ${Number.isFinite(back) ? 'returning to' : 'coming from'} the depot`
        : "street not connected to the depot's road network (isolated component)";
      unreachable.push({ index: i, reason });
    }
  }
  return { matrix: { size, distances, durations }, unreachable };
}

function pushAll(out: LngLat[], pts: readonly LngLat[]): void {
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
}

function pathWith(ws: DijkstraWorkspace, from: Snap, to: Snap, fromLoc: Loc, toLoc2: Loc): RoadPath {
  const net = ws.net;
  ws.reset();
  seedDeparture(ws, fromLoc);
  addArrivalTargets(ws, toLoc2);
  ws.run();
  const [durationSec, distanceM, kind] = bestArrival(ws, fromLoc, toLoc2);
  if (kind === 'none') {
    throw new Error('no drivable path between the two locations (one-way streets or disconnected network)');
  }
  const coordinates: LngLat[] = [from.lngLat];
  if (kind === 'direct') {
    pushAll(coordinates, segmentSlice(net, fromLoc.seg, fromLoc.s, toLoc2.s));
    const edge = toLoc2.s >= fromLoc.s && toLoc2.fwd >= 0 ? toLoc2.fwd : toLoc2.bwd;
    coordinates.push(to.lngLat);
    return { coordinates: dedupe(coordinates), distanceM, durationSec, edgeIdxs: [edge] };
  }
  const arrivalNode = kind === 'fwd' ? toLoc2.a : toLoc2.b;
  const middle: number[] = [];
  let n = arrivalNode;
  for (let guard = 0; guard <= net.nodeCount; guard++) {
    const e = ws.parentEdge[n] as number;
    if (e < 0) break;
    middle.push(e);
    n = net.edgeFrom[e] as number;
  }
  middle.reverse();
  const root = n;
  const viaFwd =
    fromLoc.fwd >= 0 &&
    root === fromLoc.b &&
    (fromLoc.bwd < 0 || root !== fromLoc.a || (1 - fromLoc.s) * fromLoc.fwdDurSec <= fromLoc.s * fromLoc.bwdDurSec);
  const edgeIdxs: number[] = [viaFwd ? fromLoc.fwd : fromLoc.bwd];
  pushAll(coordinates, segmentSlice(net, fromLoc.seg, fromLoc.s, viaFwd ? 1 : 0));
  for (const e of middle) {
    edgeIdxs.push(e);
    const seg = net.edgeSegment[e] as number;
    pushAll(coordinates, net.edgeReversed[e] === 1 ? segmentSlice(net, seg, 1, 0) : segmentSlice(net, seg, 0, 1));
  }
  edgeIdxs.push(kind === 'fwd' ? toLoc2.fwd : toLoc2.bwd);
  pushAll(coordinates, segmentSlice(net, toLoc2.seg, kind === 'fwd' ? 0 : 1, toLoc2.s));
  coordinates.push(to.lngLat);
  return { coordinates: dedupe(coordinates), distanceM, durationSec, edgeIdxs };
}

function dedupe(coords: LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  pushAll(out, coords);
  if (out.length === 1) out.push(out[0] as LngLat);
  return out;
}

/**
 * Fastest drivable path between two snapped locations, for drawing a route on the streets.
 * Same travel rules as {@link travelMatrix}; distance and duration are unrounded.
 *
 * @returns a LineString starting at `from.lngLat` and ending at `to.lngLat` (at least two
 *   points), metres, seconds and the directed edges used
 * @throws Error when no drivable path exists; RangeError for a snap not on `net`
 */
export function shortestPath(net: RoadNetwork, from: Snap, to: Snap): RoadPath {
  return pathWith(workspaceFor(net), from, to, toLoc(net, from), toLoc(net, to));
}

/**
 * Street geometries of the legs between consecutive snaps of a route (`snaps.length - 1`
 * LineStrings), reusing one search workspace.
 * @param engine when given (built on `net`), legs follow the turn-aware engine instead
 *   ({@link routeAlong}: turn restrictions, no U-turn mid-street, leave a stop the way it was reached)
 * @throws Error when a leg has no drivable path
 */
export function pathsAlong(net: RoadNetwork, snaps: readonly Snap[], engine?: RoutingEngine): LngLat[][] {
  if (engine !== undefined) return routeAlong(engine, snaps.map((snap) => ({ snap }))).map((leg) => leg.coordinates);
  const ws = workspaceFor(net);
  const locs = snaps.map((s) => toLoc(net, s));
  const legs: LngLat[][] = [];
  for (let i = 0; i + 1 < snaps.length; i++) {
    legs.push(pathWith(ws, snaps[i] as Snap, snaps[i + 1] as Snap, locs[i] as Loc, locs[i + 1] as Loc).coordinates);
  }
  return legs;
}
