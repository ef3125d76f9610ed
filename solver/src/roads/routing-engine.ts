import type { LngLat } from '../model/types.js';
import { buildContractionHierarchy, ChBatchQuery, ChQuery, deserializeCh, type ContractionHierarchy } from './contraction-hierarchy.js';
import type { OsmData } from './parse-osm.js';
import { RoadDataError } from './road-data-error.js';
import { segmentSlice, type RoadNetwork } from './road-network.js';
import type { Snap } from './snap.js';
import type { UnreachableLocation } from './travel-matrix.js';
import { buildTurnGraph, KEY_SCALE, keyDs, keyM, type TurnGraph } from './turn-graph.js';
import { TurnSearch } from './turn-search.js';

/**
 * Everything needed for turn-aware routing on one network: the edge-based graph (turn
 * restrictions, U-turn rule) and its contraction hierarchy.
 */
export interface RoutingEngine {
  readonly net: RoadNetwork;
  readonly graph: TurnGraph;
  readonly ch: ContractionHierarchy;
}

/**
 * Builds the turn graph and its contraction hierarchy, or reuses cached hierarchy bytes.
 *
 * @param net road network (its profile gives the turn rules)
 * @param osm the extract `net` was built from, for turn-restriction relations
 * @param cachedCh bytes from `serializeCh` (e.g. a cache file), used when they match the graph
 * @returns the engine and whether the cache was used; `cacheError` says why cached bytes were
 *   rejected (the hierarchy is then rebuilt)
 */
export function buildRoutingEngine(
  net: RoadNetwork,
  osm?: Pick<OsmData, 'relations'>,
  cachedCh?: Uint8Array,
): { engine: RoutingEngine; fromCache: boolean; cacheError: string | null } {
  const graph = buildTurnGraph(net, osm);
  let cacheError: string | null = null;
  if (cachedCh !== undefined) {
    try {
      return { engine: { net, graph, ch: deserializeCh(cachedCh, graph) }, fromCache: true, cacheError };
    } catch (err) {
      if (!(err instanceof RoadDataError)) throw err;
      cacheError = err.message;
    }
  }
  return { engine: { net, graph, ch: buildContractionHierarchy(graph) }, fromCache: false, cacheError };
}

/** Sources per PHAST sweep in {@link turnMatrix}. */
const MATRIX_LANES = 8; // = ChBatchQuery.lanes

/** How a bin must be approached: `"kerb"` only with the bin on the driving side (right in France). */
export type Approach = 'either' | 'kerb';

/** A stop of a route or a matrix location: a snapped point and its approach rule. */
export interface RouteLocation {
  readonly snap: Snap;
  /** Default `"either"`. */
  readonly approach?: Approach;
}

/**
 * One way of being at a location: driving along directed edge `edgeIdx`, at fraction `frac`
 * of it. `offsetKey` / `restKey` are the packed (deciseconds, metres) costs of the edge
 * before / after the point (see `KEY_SCALE`).
 */
export interface LocationState {
  readonly locIdx: number;
  readonly edgeIdx: number;
  readonly frac: number;
  readonly offsetKey: number;
  readonly restKey: number;
}

/** The states of every location: location `i` owns `states[stateStart[i] .. stateStart[i + 1] - 1]`. */
export interface LocationStates {
  readonly states: readonly LocationState[];
  readonly stateStart: Int32Array;
}

/**
 * Approach states of each location. On a two-way street a location has two states (one per
 * driving direction) unless it is a kerb bin, which keeps only the direction that puts the
 * original point on the profile's driving side (`snap.side`). On a one-way street the single
 * travel direction is the only state, whatever the approach. A kerb location whose snap has no
 * side (on the centre line, or made by hand) keeps both states.
 *
 * @throws RangeError for a snap whose edge is not in the network
 */
export function locationStates(graph: TurnGraph, locations: readonly RouteLocation[]): LocationStates {
  const net = graph.net;
  const states: LocationState[] = [];
  const stateStart = new Int32Array(locations.length + 1);
  locations.forEach((loc, i) => {
    stateStart[i] = states.length;
    const e = loc.snap.edgeIdx;
    if (!(Number.isInteger(e) && e >= 0 && e < net.edgeCount)) throw new RangeError(`snap edge ${e} is not in the road network`);
    const t = Math.min(1, Math.max(0, loc.snap.t));
    const rev = net.edgeReverse[e] as number;
    const dirs: { edge: number; frac: number; side: 'left' | 'right' | undefined }[] = [{ edge: e, frac: t, side: loc.snap.side }];
    if (rev >= 0) {
      const other = loc.snap.side === undefined ? undefined : loc.snap.side === 'left' ? 'right' : 'left';
      dirs.push({ edge: rev, frac: 1 - t, side: other });
    }
    const kerb = loc.approach === 'kerb' && dirs.length === 2 && loc.snap.side !== undefined;
    dirs.sort((a, b) => a.edge - b.edge);
    for (const d of dirs) {
      if (kerb && d.side !== net.profile.drivingSide) continue;
      const durDs = graph.edgeDurDs[d.edge] as number;
      const lenM = graph.edgeLenM[d.edge] as number;
      const offDs = Math.round(d.frac * durDs);
      const offM = Math.round(d.frac * lenM);
      states.push({
        locIdx: i,
        edgeIdx: d.edge,
        frac: d.frac,
        offsetKey: offDs * KEY_SCALE + offM,
        restKey: (durDs - offDs) * KEY_SCALE + (lenM - offM),
      });
    }
  });
  stateStart[locations.length] = states.length;
  return { states, stateStart };
}

/**
 * Rows (and columns) of location `locIdx` in a state matrix (`stateDurationsDs`): one per
 * allowed approach direction. A solver that picks directions uses them; one that keeps a
 * single row per location uses the location matrix (best over these states).
 * @throws RangeError when `locIdx` is out of range
 */
export function stateRowsOf(states: LocationStates, locIdx: number): number[] {
  if (!(Number.isInteger(locIdx) && locIdx >= 0 && locIdx + 1 < states.stateStart.length)) throw new RangeError(`location ${locIdx} out of range`);
  const rows: number[] = [];
  for (let s = states.stateStart[locIdx] as number; s < (states.stateStart[locIdx + 1] as number); s++) rows.push(s);
  return rows;
}

/** Options of {@link turnMatrix}. */
export interface TurnMatrixOptions {
  /** Index of the depot among the locations (unreachability is judged against it). Default 0. */
  readonly anchorIdx?: number;
  /** `"ch"` (default, contraction hierarchy + PHAST sweep) or `"dijkstra"` (plain reference). */
  readonly algorithm?: 'ch' | 'dijkstra';
  /** Also return the state-to-state matrix (for solvers that choose the approach direction). */
  readonly states?: boolean;
}

/** Output of {@link turnMatrix}. */
export interface TurnMatrixResult {
  /** Number of locations. */
  readonly size: number;
  /**
   * Location-to-location values, row-major (`from * size + to`): the best over the states of
   * both ends, i.e. the truck may leave a stop in either allowed direction. Whole deciseconds
   * and whole metres; Infinity when there is no path; diagonal 0.
   */
  readonly durationsDs: Float64Array;
  readonly distancesM: Float64Array;
  readonly states: LocationStates;
  /** State-to-state values (`from * stateCount + to`), when asked for. */
  readonly stateDurationsDs?: Float64Array;
  readonly stateDistancesM?: Float64Array;
  /** Locations that cannot go to and come back from the anchor, with the reason. */
  readonly unreachable: UnreachableLocation[];
}

interface Searcher {
  reset(): void;
  seed(node: number, key: number): void;
  run(): void;
  get(node: number): number;
  /** Labels array and the slot of each turn-graph node in it, valid after `run`. */
  labels(): Float64Array;
  slotOf(node: number): number;
}

/** Seeds a search with the ways out of a state: every allowed turn at the end of its edge. */
function seedState(graph: TurnGraph, s: LocationState, seed: (node: number, key: number) => void): void {
  for (let a = graph.arcStart[s.edgeIdx] as number; a < (graph.arcStart[s.edgeIdx + 1] as number); a++) {
    seed(graph.arcTo[a] as number, s.restKey + (graph.arcWeight[a] as number));
  }
}

/** Key from state `a` to state `b` after a search seeded from `a` (Infinity when none). */
/** Best label of road edge `e` over its search nodes (the edge itself and its via-way copies). */
function edgeLabel(graph: TurnGraph, get: (node: number) => number, e: number): number {
  let best = get(e);
  for (let c = graph.copyStart[e] as number; c < (graph.copyStart[e + 1] as number); c++) {
    const k = get(graph.copyNodes[c] as number);
    if (k < best) best = k;
  }
  return best;
}

/** Copies the best label over each edge's via-way copies into the edge's own slot (lane-interleaved labels). */
function foldCopies(graph: TurnGraph, labels: Float64Array, slotOf: (node: number) => number, lanes: number): void {
  const n = graph.net.edgeCount;
  for (let x = n; x < graph.nodeCount; x++) {
    const from = slotOf(x);
    const to = slotOf(graph.nodeEdge[x] as number);
    for (let k = 0; k < lanes; k++) {
      if ((labels[from + k] as number) < (labels[to + k] as number)) labels[to + k] = labels[from + k] as number;
    }
  }
}

function arrivalKey(graph: TurnGraph, search: Pick<Searcher, 'get'>, a: LocationState, b: LocationState): number {
  let best = edgeLabel(graph, (x) => search.get(x), b.edgeIdx) - b.restKey;
  if (!(best >= 0)) best = Infinity;
  if (a.edgeIdx === b.edgeIdx && b.frac >= a.frac) {
    const direct = b.offsetKey - a.offsetKey;
    if (direct < best) best = direct;
  }
  return best;
}

function searcherFor(engine: RoutingEngine, algorithm: 'ch' | 'dijkstra', targets: readonly LocationState[]): Searcher {
  if (algorithm === 'ch') {
    const q = new ChQuery(engine.ch);
    const idOf = engine.ch.idOf;
    return {
      reset: () => q.reset(),
      seed: (node, key) => q.seed(node, key),
      run: () => q.run(),
      get: (node) => q.get(node),
      labels: () => q.dist,
      slotOf: (node) => idOf[node] as number,
    };
  }
  const ts = new TurnSearch(engine.graph);
  const n = engine.graph.nodeCount;
  const labels = new Float64Array(n);
  const touched = new Int32Array(targets.map((t) => t.edgeIdx));
  return {
    reset: () => {
      ts.reset();
      for (const t of targets) ts.addTarget(t.edgeIdx);
    },
    seed: (node, key) => ts.seed(node, key),
    run: () => {
      ts.run();
      for (let i = 0; i < touched.length; i++) {
        const e = touched[i] as number;
        labels[e] = edgeLabel(engine.graph, (x) => ts.get(x), e);
      }
    },
    get: (node) => ts.get(node),
    labels: () => labels,
    slotOf: (node) => node,
  };
}

/**
 * Row `i` of the location matrices after a search from its states `s0 .. s1 - 1`: for each
 * location, the best arrival over its states (including the direct drive along a shared edge).
 */
function fillRow(
  labels: Float64Array,
  lane: number,
  tSlot: Int32Array,
  tRest: Float64Array,
  tEdge: Int32Array,
  tFrac: Float64Array,
  tOffset: Float64Array,
  edgeMark: Int32Array,
  stateStart: Int32Array,
  i: number,
  size: number,
  durationsDs: Float64Array,
  distancesM: Float64Array,
): void {
  const s0 = stateStart[i] as number;
  const s1 = stateStart[i + 1] as number;
  const mark = i + 1;
  for (let a = s0; a < s1; a++) edgeMark[tEdge[a] as number] = mark;
  const row = i * size;
  const scale = KEY_SCALE;
  let b = 0;
  for (let j = 0; j < size; j++) {
    const b1 = stateStart[j + 1] as number;
    let best = Infinity;
    for (; b < b1; b++) {
      let k = (labels[(tSlot[b] as number) + lane] as number) - (tRest[b] as number);
      if (edgeMark[tEdge[b] as number] === mark) {
        for (let a = s0; a < s1; a++) {
          if (tEdge[a] === tEdge[b] && (tFrac[b] as number) >= (tFrac[a] as number)) {
            const direct = (tOffset[b] as number) - (tOffset[a] as number);
            if (direct < k) k = direct;
          }
        }
      }
      if (k < best) best = k;
    }
    if (j === i) continue;
    if (best === Infinity) {
      durationsDs[row + j] = Infinity;
      distancesM[row + j] = Infinity;
    } else {
      const ds = Math.floor(best / scale);
      durationsDs[row + j] = ds;
      distancesM[row + j] = best - ds * scale;
    }
  }
}

/**
 * Rows `i0 .. i0 + active - 1` of the location matrices after a batched PHAST sweep (labels
 * interleaved by 8 lanes, `tSlot` already multiplied by 8; lanes past `active` are ignored):
 * each state's arrays are read once for the whole batch, the lane loop unrolled.
 */
function fillBatch(
  labels: Float64Array,
  active: number,
  i0: number,
  tSlot: Int32Array,
  tRest: Float64Array,
  tEdge: Int32Array,
  tFrac: Float64Array,
  tOffset: Float64Array,
  edgeMark: Int32Array,
  stateStart: Int32Array,
  size: number,
  durationsDs: Float64Array,
  distancesM: Float64Array,
  best: Float64Array,
): void {
  const mark = i0 + 1;
  for (let a = stateStart[i0] as number; a < (stateStart[i0 + active] as number); a++) edgeMark[tEdge[a] as number] = mark;
  const scale = KEY_SCALE;
  let b = 0;
  for (let j = 0; j < size; j++) {
    const b1 = stateStart[j + 1] as number;
    let m0 = Infinity;
    let m1 = Infinity;
    let m2 = Infinity;
    let m3 = Infinity;
    let m4 = Infinity;
    let m5 = Infinity;
    let m6 = Infinity;
    let m7 = Infinity;
    for (; b < b1; b++) {
      const base = tSlot[b] as number;
      const rest = tRest[b] as number;
      let v = (labels[base] as number) - rest;
      if (v < m0) m0 = v;
      v = (labels[base + 1] as number) - rest;
      if (v < m1) m1 = v;
      v = (labels[base + 2] as number) - rest;
      if (v < m2) m2 = v;
      v = (labels[base + 3] as number) - rest;
      if (v < m3) m3 = v;
      v = (labels[base + 4] as number) - rest;
      if (v < m4) m4 = v;
      v = (labels[base + 5] as number) - rest;
      if (v < m5) m5 = v;
      v = (labels[base + 6] as number) - rest;
      if (v < m6) m6 = v;
      v = (labels[base + 7] as number) - rest;
      if (v < m7) m7 = v;
      const eb = tEdge[b] as number;
      if (edgeMark[eb] === mark) {
        best[0] = m0;
        best[1] = m1;
        best[2] = m2;
        best[3] = m3;
        best[4] = m4;
        best[5] = m5;
        best[6] = m6;
        best[7] = m7;
        for (let k = 0; k < active; k++) {
          for (let a = stateStart[i0 + k] as number; a < (stateStart[i0 + k + 1] as number); a++) {
            if (tEdge[a] === eb && (tFrac[b] as number) >= (tFrac[a] as number)) {
              const direct = (tOffset[b] as number) - (tOffset[a] as number);
              if (direct < (best[k] as number)) best[k] = direct;
            }
          }
        }
        m0 = best[0] as number;
        m1 = best[1] as number;
        m2 = best[2] as number;
        m3 = best[3] as number;
        m4 = best[4] as number;
        m5 = best[5] as number;
        m6 = best[6] as number;
        m7 = best[7] as number;
      }
    }
    best[0] = m0;
    best[1] = m1;
    best[2] = m2;
    best[3] = m3;
    best[4] = m4;
    best[5] = m5;
    best[6] = m6;
    best[7] = m7;
    for (let k = 0; k < active; k++) {
      const i = i0 + k;
      if (i === j) continue;
      const v = best[k] as number;
      const at = i * size + j;
      if (v === Infinity) {
        durationsDs[at] = Infinity;
        distancesM[at] = Infinity;
      } else {
        const ds = Math.floor(v / scale);
        durationsDs[at] = ds;
        distancesM[at] = v - ds * scale;
      }
    }
  }
}

/**
 * Duration and distance matrix between locations on the edge-based graph, so turn
 * restrictions, the U-turn rule and kerb-side approach hold.
 *
 * From a location state the truck drives to the end of its edge then turns; it arrives at a
 * state after driving the start of that state's edge; two states on the same directed edge
 * also connect directly when the second lies ahead. Costs are lexicographic (duration, then
 * distance) in whole deciseconds and metres, so `"ch"` and `"dijkstra"` give identical
 * results. One search per location (seeded from all its states); with `states: true` one per
 * state as well.
 *
 * @throws RangeError when `anchorIdx` is out of range or a snap is not on the network
 */
export function turnMatrix(engine: RoutingEngine, locations: readonly RouteLocation[], options: TurnMatrixOptions = {}): TurnMatrixResult {
  const graph = engine.graph;
  const size = locations.length;
  const anchorIdx = options.anchorIdx ?? 0;
  if (size > 0 && !(Number.isInteger(anchorIdx) && anchorIdx >= 0 && anchorIdx < size)) {
    throw new RangeError(`anchorIdx ${anchorIdx} is not a location index (0..${size - 1})`);
  }
  const st = locationStates(graph, locations);
  const { states, stateStart } = st;
  const search = searcherFor(engine, options.algorithm ?? 'ch', states);
  const durationsDs = new Float64Array(size * size);
  const distancesM = new Float64Array(size * size);
  const seed = (node: number, key: number): void => search.seed(node, key);
  const tEdge = Int32Array.from(states.map((s) => s.edgeIdx));
  const tRest = Float64Array.from(states.map((s) => s.restKey));
  const tOffset = Float64Array.from(states.map((s) => s.offsetKey));
  const tFrac = Float64Array.from(states.map((s) => s.frac));
  const edgeMark = new Int32Array(graph.nodeCount);
  const algorithm = options.algorithm ?? 'ch';
  if (algorithm === 'ch') {
    const batch = new ChBatchQuery(engine.ch);
    const best = new Float64Array(MATRIX_LANES);
    const tSlot = Int32Array.from(states.map((x) => (engine.ch.idOf[x.edgeIdx] as number) * MATRIX_LANES));
    for (let i0 = 0; i0 < size; i0 += MATRIX_LANES) {
      const active = Math.min(MATRIX_LANES, size - i0);
      batch.run(active, (lane, seedFn) => {
        for (let s = stateStart[i0 + lane] as number; s < (stateStart[i0 + lane + 1] as number); s++) seedState(graph, states[s] as LocationState, seedFn);
      });
      if (graph.nodeCount > graph.net.edgeCount) foldCopies(graph, batch.dist, (x) => (engine.ch.idOf[x] as number) * MATRIX_LANES, active);
      fillBatch(batch.dist, active, i0, tSlot, tRest, tEdge, tFrac, tOffset, edgeMark, stateStart, size, durationsDs, distancesM, best);
    }
  } else {
    const tSlot = Int32Array.from(states.map((x) => search.slotOf(x.edgeIdx)));
    for (let i = 0; i < size; i++) {
      search.reset();
      for (let s = stateStart[i] as number; s < (stateStart[i + 1] as number); s++) seedState(graph, states[s] as LocationState, seed);
      search.run();
      fillRow(search.labels(), 0, tSlot, tRest, tEdge, tFrac, tOffset, edgeMark, stateStart, i, size, durationsDs, distancesM);
    }
  }
  let stateDurationsDs: Float64Array | undefined;
  let stateDistancesM: Float64Array | undefined;
  if (options.states === true) {
    const n = states.length;
    stateDurationsDs = new Float64Array(n * n);
    stateDistancesM = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      const sa = states[a] as LocationState;
      search.reset();
      seedState(graph, sa, seed);
      search.run();
      for (let b = 0; b < n; b++) {
        const sb = states[b] as LocationState;
        const k = sb.locIdx === sa.locIdx ? (b === a ? 0 : arrivalKey(graph, search, sa, sb)) : arrivalKey(graph, search, sa, sb);
        stateDurationsDs[a * n + b] = k === Infinity ? Infinity : keyDs(k);
        stateDistancesM[a * n + b] = k === Infinity ? Infinity : keyM(k);
      }
    }
  }
  const unreachable = unreachableLocations(engine, locations, st, durationsDs, anchorIdx);
  return {
    size,
    durationsDs,
    distancesM,
    states: st,
    ...(stateDurationsDs ? { stateDurationsDs, stateDistancesM } : {}),
    unreachable,
  };
}

function unreachableLocations(
  engine: RoutingEngine,
  locations: readonly RouteLocation[],
  st: LocationStates,
  durationsDs: Float64Array,
  anchorIdx: number,
): UnreachableLocation[] {
  const size = locations.length;
  const out: UnreachableLocation[] = [];
  if (size === 0) return out;
  const net = engine.net;
  const compsOf = (i: number): Set<number> => {
    const e = (locations[i] as RouteLocation).snap.edgeIdx;
    return new Set([net.componentOf[net.edgeFrom[e] as number] as number, net.componentOf[net.edgeTo[e] as number] as number]);
  };
  const anchorComps = compsOf(anchorIdx);
  for (let i = 0; i < size; i++) {
    if (i === anchorIdx) continue;
    const out1 = durationsDs[i * size + anchorIdx] as number;
    const back = durationsDs[anchorIdx * size + i] as number;
    if (Number.isFinite(out1) && Number.isFinite(back)) continue;
    const shared = [...compsOf(i)].some((c) => anchorComps.has(c));
    const kerb = locations[i]?.approach === 'kerb' && (st.stateStart[i + 1] as number) - (st.stateStart[i] as number) === 1;
    const which = !Number.isFinite(out1) && !Number.isFinite(back) ? 'reaching or leaving' : Number.isFinite(back) ? 'returning to' : 'coming from';
    const reason = shared
      ? `one-way streets, turn restrictions or the no-U-turn rule prevent ${which} the depot${kerb ? ' on the kerb side' : ''}`
      : "street not connected to the depot's road network (isolated component)";
    out.push({ index: i, reason });
  }
  return out;
}

/** A leg of a route on the edge-based graph. */
export interface RouteLeg {
  /** LineString from the first stop's snapped point to the second's, along the streets. */
  readonly coordinates: LngLat[];
  /** Whole metres and whole deciseconds (same rules as {@link turnMatrix}). */
  readonly distanceM: number;
  readonly durationDs: number;
  /** Directed edges driven in order (the first and last ones partly). */
  readonly edgeIdxs: number[];
  /** Fractions driven of the first and last edge: from `startFrac` on the first, up to `endFrac` on the last. */
  readonly startFrac: number;
  readonly endFrac: number;
  /** Turn penalty per transition between consecutive edges, deciseconds. */
  readonly turnDs: number[];
  /** States used at both ends. */
  readonly from: LocationState;
  readonly to: LocationState;
}

/** Runs a plain search from state `a` with parents, for path recovery. */
function pathBetween(graph: TurnGraph, ts: TurnSearch, a: LocationState, b: LocationState): { key: number; nodes: number[] } | null {
  ts.reset();
  seedState(graph, a, (node, key) => ts.seed(node, key, -2 - a.edgeIdx));
  ts.addTarget(b.edgeIdx);
  ts.run();
  let end = b.edgeIdx;
  for (let c = graph.copyStart[b.edgeIdx] as number; c < (graph.copyStart[b.edgeIdx + 1] as number); c++) {
    const x = graph.copyNodes[c] as number;
    if (ts.get(x) < ts.get(end)) end = x;
  }
  const viaGraph = ts.get(end) - b.restKey;
  const direct = a.edgeIdx === b.edgeIdx && b.frac >= a.frac ? b.offsetKey - a.offsetKey : Infinity;
  if (direct <= viaGraph) return direct === Infinity ? null : { key: direct, nodes: [a.edgeIdx] };
  if (!(viaGraph >= 0)) return null;
  const nodes: number[] = [end];
  let x = end;
  for (let guard = 0; guard <= graph.nodeCount; guard++) {
    const p = ts.parent[x] as number;
    if (p < 0) {
      nodes.push(-2 - p);
      break;
    }
    nodes.push(p);
    x = p;
  }
  nodes.reverse();
  return { key: viaGraph, nodes };
}

function turnBetween(graph: TurnGraph, e: number, f: number): number {
  for (let a = graph.arcStart[e] as number; a < (graph.arcStart[e + 1] as number); a++) {
    if (graph.arcTo[a] === f) return graph.arcTurnDs[a] as number;
  }
  return 0;
}

/**
 * The fastest consistent drive through ordered stops: the truck leaves each stop in the
 * direction it arrived (no turning around mid-street), and kerb stops are approached with the
 * bin on the driving side. The approach direction at every stop is chosen by dynamic
 * programming over the location states, so the total is optimal under these rules.
 *
 * @returns `stops.length - 1` legs
 * @throws Error when some leg has no drivable path (naming the stop); RangeError for a bad snap
 */
export function routeAlong(engine: RoutingEngine, stops: readonly RouteLocation[]): RouteLeg[] {
  const graph = engine.graph;
  const net = engine.net;
  if (stops.length < 2) return [];
  const { states, stateStart } = locationStates(graph, stops);
  const ts = new TurnSearch(graph);
  const cost = new Float64Array(states.length).fill(Infinity);
  const back = new Int32Array(states.length).fill(-1);
  for (let s = stateStart[0] as number; s < (stateStart[1] as number); s++) cost[s] = 0;
  for (let k = 0; k + 1 < stops.length; k++) {
    for (let a = stateStart[k] as number; a < (stateStart[k + 1] as number); a++) {
      if (cost[a] === Infinity) continue;
      const sa = states[a] as LocationState;
      ts.reset();
      seedState(graph, sa, (node, key) => ts.seed(node, key));
      ts.run();
      for (let b = stateStart[k + 1] as number; b < (stateStart[k + 2] as number); b++) {
        const key = arrivalKey(graph, ts, sa, states[b] as LocationState);
        const c = (cost[a] as number) + key;
        if (c < (cost[b] as number)) {
          cost[b] = c;
          back[b] = a;
        }
      }
    }
    let any = false;
    for (let b = stateStart[k + 1] as number; b < (stateStart[k + 2] as number); b++) if (cost[b] !== Infinity) any = true;
    if (!any) throw new Error(`no drivable path to stop ${k + 1} from stop ${k} (one-way streets, turn restrictions, U-turn rule or kerb side)`);
  }
  let end = -1;
  const last = stops.length - 1;
  for (let b = stateStart[last] as number; b < (stateStart[last + 1] as number); b++) {
    if (end < 0 || (cost[b] as number) < (cost[end] as number)) end = b;
  }
  const chosen: number[] = [end];
  for (let k = last; k > 0; k--) chosen.push(back[chosen[chosen.length - 1] as number] as number);
  chosen.reverse();
  const legs: RouteLeg[] = [];
  for (let k = 0; k < last; k++) {
    const a = states[chosen[k] as number] as LocationState;
    const b = states[chosen[k + 1] as number] as LocationState;
    const path = pathBetween(graph, ts, a, b);
    if (!path) throw new Error(`no drivable path to stop ${k + 1} from stop ${k}`);
    const coordinates: LngLat[] = [(stops[k] as RouteLocation).snap.lngLat];
    const sliceOf = (e: number, f0: number, f1: number): LngLat[] => {
      const seg = net.edgeSegment[e] as number;
      const rev = net.edgeReversed[e] === 1;
      return segmentSlice(net, seg, rev ? 1 - f0 : f0, rev ? 1 - f1 : f1);
    };
    const pathEdges = path.nodes.map((x) => graph.nodeEdge[x] as number);
    pathEdges.forEach((e, idx) => {
      const f0 = idx === 0 ? a.frac : 0;
      const f1 = idx === pathEdges.length - 1 ? b.frac : 1;
      for (const p of sliceOf(e, f0, f1)) {
        const prev = coordinates[coordinates.length - 1] as LngLat;
        if (prev[0] !== p[0] || prev[1] !== p[1]) coordinates.push(p);
      }
    });
    const endPt = (stops[k + 1] as RouteLocation).snap.lngLat;
    const prev = coordinates[coordinates.length - 1] as LngLat;
    if (prev[0] !== endPt[0] || prev[1] !== endPt[1] || coordinates.length === 1) coordinates.push(endPt);
    const turnDs: number[] = [];
    for (let i = 0; i + 1 < path.nodes.length; i++) turnDs.push(turnBetween(graph, path.nodes[i] as number, path.nodes[i + 1] as number));
    legs.push({
      coordinates,
      distanceM: keyM(path.key),
      durationDs: keyDs(path.key),
      edgeIdxs: pathEdges,
      startFrac: a.frac,
      endFrac: b.frac,
      turnDs,
      from: a,
      to: b,
    });
  }
  return legs;
}

/**
 * Drop-in for {@link travelMatrix} on the turn-aware engine: the same result shape (whole
 * metres, whole seconds rounded once from deciseconds with `Math.round`, Infinity when there is
 * no path, unreachable locations with reasons), with turn restrictions, the U-turn rule and
 * each location's approach (kerb bins only with the bin on the driving side). One row per
 * location: the best over its approach states.
 *
 * @throws RangeError when `anchorIdx` is out of range or a snap is not on the network
 */
export function turnTravelMatrix(
  engine: RoutingEngine,
  locations: readonly RouteLocation[],
  anchorIdx = 0,
): { matrix: { size: number; distances: Float64Array; durations: Float64Array }; unreachable: UnreachableLocation[] } {
  const r = turnMatrix(engine, locations, { anchorIdx });
  const durations = new Float64Array(r.durationsDs.length);
  for (let k = 0; k < durations.length; k++) {
    const ds = r.durationsDs[k] as number;
    durations[k] = ds === Infinity ? Infinity : Math.round(ds / 10);
  }
  return { matrix: { size: r.size, distances: r.distancesM, durations }, unreachable: r.unreachable };
}
