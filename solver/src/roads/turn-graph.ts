import type { OsmData } from './parse-osm.js';
import type { RoadNetwork } from './road-network.js';

/**
 * Path costs are lexicographic (duration, distance) packed in one exact float64 integer:
 * `key = deciseconds * KEY_SCALE + metres`. Every search minimises the key, so Dijkstra and the
 * contraction hierarchy agree exactly on both duration and distance, and ties are broken by
 * distance. Exact while metres < 2^24 (16,777 km) and deciseconds < 2^29 (62 days).
 */
export const KEY_SCALE = 16_777_216;

/** Deciseconds of a packed key. */
export const keyDs = (key: number): number => Math.floor(key / KEY_SCALE);
/** Metres of a packed key. */
export const keyM = (key: number): number => key - Math.floor(key / KEY_SCALE) * KEY_SCALE;

/** What happened to the turn-restriction relations of the extract. */
export interface TurnRestrictionReport {
  /** Relations turned into forbidden turns. */
  readonly applied: number;
  /** Relations not applied, with the reason (via way, unknown member, exception for hgv...). */
  readonly skipped: readonly { readonly relationId: number; readonly reason: string }[];
  /** Applied relations whose via members are ways. */
  readonly viaWay: number;
  /** Forbidden (from edge, to edge) turns produced by the applied relations. */
  readonly forbiddenTurns: number;
}

/**
 * Edge-based search graph: search node `e < net.edgeCount` is directed road edge `e` of the
 * network, an arc `e → f` is an allowed turn at the node between them. The label of a search
 * node is the cost of having driven the whole edge; an arc costs the turn penalty plus the
 * full next edge. Arcs are in CSR form (`arcStart[x] .. arcStart[x + 1] - 1`).
 *
 * Via-way restrictions add *copies* of the via edges (search nodes `>= net.edgeCount`, road
 * edge `nodeEdge[x]`): a truck that came from the restriction's `from` way drives the copies,
 * which lack the forbidden turn. A road edge is reached when any of its search nodes is.
 */
export interface TurnGraph {
  readonly net: RoadNetwork;
  /** `net.edgeCount` plus the via-way copies. */
  readonly nodeCount: number;
  /** Road edge of each search node (identity below `net.edgeCount`). */
  readonly nodeEdge: Int32Array;
  /** Copies of road edge `e`: `copyNodes[copyStart[e] .. copyStart[e + 1] - 1]`. */
  readonly copyStart: Int32Array;
  readonly copyNodes: Int32Array;
  /** Edge duration, whole deciseconds (`Math.round(durationSec * 10)`). */
  readonly edgeDurDs: Int32Array;
  /** Edge length, whole metres (`Math.round`). */
  readonly edgeLenM: Int32Array;
  /** Compass bearing (degrees, 0 = north, clockwise) leaving the edge's from node. */
  readonly edgeBearingStart: Float64Array;
  /** Compass bearing arriving at the edge's to node. */
  readonly edgeBearingEnd: Float64Array;
  readonly arcStart: Int32Array;
  readonly arcTo: Int32Array;
  /** Packed key (see {@link KEY_SCALE}) of the turn plus the whole target edge. */
  readonly arcWeight: Float64Array;
  /** Turn penalty alone, deciseconds. */
  readonly arcTurnDs: Int32Array;
  readonly restrictions: TurnRestrictionReport;
  /** FNV-1a hash of the arcs and weights, to match a cached hierarchy to its graph. */
  readonly fingerprint: number;
}

const RAD = Math.PI / 180;

function bearing(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dx = (lng2 - lng1) * Math.cos(((lat1 + lat2) / 2) * RAD);
  const dy = lat2 - lat1;
  const b = Math.atan2(dx, dy) / RAD;
  return b < 0 ? b + 360 : b;
}

/** Bearings at both ends of a segment's geometry (in geometry order), skipping repeated points. */
function segmentBearings(net: RoadNetwork, seg: number): [number, number] {
  const start = net.segmentCoordStart[seg] as number;
  const end = (net.segmentCoordStart[seg + 1] as number) - 1;
  const c = net.coords;
  let i = start + 1;
  while (i < end && c[2 * i] === c[2 * start] && c[2 * i + 1] === c[2 * start + 1]) i++;
  const first = bearing(c[2 * start] as number, c[2 * start + 1] as number, c[2 * i] as number, c[2 * i + 1] as number);
  let j = end - 1;
  while (j > start && c[2 * j] === c[2 * end] && c[2 * j + 1] === c[2 * end + 1]) j--;
  const last = bearing(c[2 * j] as number, c[2 * j + 1] as number, c[2 * end] as number, c[2 * end + 1] as number);
  return [first, last];
}

/** Signed turn angle from bearing `a` to bearing `b`, degrees in (-180, 180]; positive = right. */
export function turnAngle(a: number, b: number): number {
  let d = b - a;
  while (d > 180) d -= 360;
  while (d <= -180) d += 360;
  return d;
}

/** Restriction value that applies to a truck, or null (with the reason) when none does. */
function restrictionValue(tags: Readonly<Record<string, string>>): string | { skip: string } {
  const type = tags['type'];
  if (type !== 'restriction' && type !== 'restriction:hgv') return { skip: `not a turn restriction (type=${type})` };
  const except = (tags['except'] ?? '').split(';').map((s) => s.trim());
  if (except.includes('hgv') || except.includes('goods')) return { skip: 'except=hgv: does not apply to trucks' };
  const v = tags['restriction:hgv'] ?? tags['restriction'] ?? tags['restriction:motor_vehicle'];
  if (v === undefined) return { skip: 'no restriction tag for trucks' };
  if (!v.startsWith('no_') && !v.startsWith('only_')) return { skip: `unknown restriction value "${v}"` };
  return v;
}

/**
 * Road-edge sequences of a via-way restriction: a `from` edge entering the via chain, the
 * edges along each via way in order, then the chain's end node, where `toEdges` leave.
 * Returns a reason string when the members do not form such a chain on the network.
 */
function viaWayPaths(
  net: RoadNetwork,
  fromIds: readonly number[],
  viaIds: readonly number[],
  toIds: readonly number[],
  wayIdx: ReadonlyMap<number, number>,
): { paths: number[][]; toEdges: number[] } | string {
  const ways = (ids: readonly number[]): number[] | null => {
    const out = ids.map((id) => wayIdx.get(id));
    return out.every((w) => w !== undefined) ? (out as number[]) : null;
  };
  const from = ways(fromIds);
  const via = ways(viaIds);
  const to = ways(toIds);
  if (!from || !via || !to || from.length === 0 || to.length === 0) return 'from, via or to way not on the drivable network';
  const wayOf = (e: number): number => net.segmentWay[net.edgeSegment[e] as number] as number;
  const edgesOfWay = (w: number): number[] => {
    const out: number[] = [];
    for (let e = 0; e < net.edgeCount; e++) if (wayOf(e) === w) out.push(e);
    return out;
  };
  const fromWays = new Set(from);
  const toWays = new Set(to);
  /** Every walk along way `w` from node `start` without reusing a segment (each prefix is a candidate end). */
  const walk = (w: number, start: number): { edges: number[]; end: number }[] => {
    const results: { edges: number[]; end: number }[] = [];
    const wayEdges = edgesOfWay(w);
    const step = (node: number, edges: number[], seen: ReadonlySet<number>): void => {
      if (edges.length > 0) results.push({ edges, end: node });
      for (const e of wayEdges) {
        const seg = net.edgeSegment[e] as number;
        if (net.edgeFrom[e] !== node || seen.has(seg)) continue;
        step(net.edgeTo[e] as number, [...edges, e], new Set([...seen, seg]));
      }
    };
    step(start, [], new Set());
    return results;
  };
  const paths: number[][] = [];
  const toEdges = new Set<number>();
  // Every from edge entering a node of the first via way.
  for (let f = 0; f < net.edgeCount; f++) {
    if (!fromWays.has(wayOf(f))) continue;
    let chains: { edges: number[]; end: number }[] = [{ edges: [f], end: net.edgeTo[f] as number }];
    for (const w of via) {
      const next: { edges: number[]; end: number }[] = [];
      for (const c of chains) for (const r of walk(w, c.end)) next.push({ edges: [...c.edges, ...r.edges], end: r.end });
      chains = next;
    }
    for (const c of chains) {
      let leaves = false;
      for (let k = net.outStart[c.end] as number; k < (net.outStart[c.end + 1] as number); k++) {
        const t = net.outEdges[k] as number;
        if (toWays.has(wayOf(t))) {
          toEdges.add(t);
          leaves = true;
        }
      }
      if (leaves) paths.push(c.edges);
    }
  }
  if (paths.length === 0) return 'via ways do not join the from and to ways';
  return { paths, toEdges: [...toEdges] };
}

function fnv(h: number, v: number): number {
  return Math.imul(h ^ (v | 0), 16777619) >>> 0;
}

/**
 * Builds the edge-based (turn) graph of a road network.
 *
 * - Turn restrictions: `type=restriction` (and `restriction:hgv`) relations. Via node: `no_*`
 *   forbids turning from the `from` way's edges entering the via node onto the `to` way's
 *   edges leaving it; `only_*` forbids every other turn from those edges. Via way(s): the via
 *   edges are copied for trucks entering them from the `from` way, and the copies lose the
 *   forbidden last turn onto the `to` way (`no_*`) or every other last turn (`only_*`); turns
 *   off the via ways before their end stay allowed. `except=hgv` relations are skipped.
 * - U-turns (turning from edge u→v onto v→u of the same street) follow `profile.uTurns`:
 *   by default only at dead ends (v has a single neighbouring street, e.g. a cul-de-sac or an
 *   extract cut), with `profile.uTurnPenaltySec`.
 * - Other turns sharper than 45° cost `leftTurnPenaltySec` / `rightTurnPenaltySec`.
 *
 * Durations are whole deciseconds and lengths whole metres per edge (rounded once here).
 *
 * @param net road network (its profile gives the turn rules)
 * @param osm the extract `net` was built from, for its restriction relations (omit for none)
 */
export function buildTurnGraph(net: RoadNetwork, osm?: Pick<OsmData, 'relations'>): TurnGraph {
  const n = net.edgeCount;
  const prof = net.profile;
  const edgeDurDs = new Int32Array(n);
  const edgeLenM = new Int32Array(n);
  const edgeBearingStart = new Float64Array(n);
  const edgeBearingEnd = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    edgeDurDs[e] = Math.round((net.edgeDurationSec[e] as number) * 10);
    edgeLenM[e] = Math.round(net.edgeLengthM[e] as number);
    const [first, last] = segmentBearings(net, net.edgeSegment[e] as number);
    if (net.edgeReversed[e] === 1) {
      edgeBearingStart[e] = (last + 180) % 360;
      edgeBearingEnd[e] = (first + 180) % 360;
    } else {
      edgeBearingStart[e] = first;
      edgeBearingEnd[e] = last;
    }
  }

  // Streets meeting at each node (a loop counts twice).
  const degree = new Int32Array(net.nodeCount);
  for (let s = 0; s < net.segmentCount; s++) {
    const f = net.segmentForwardEdge[s] as number;
    const e = f >= 0 ? f : (net.segmentBackwardEdge[s] as number);
    const a = net.edgeFrom[e] as number;
    const b = net.edgeTo[e] as number;
    degree[a] = (degree[a] as number) + 1;
    degree[b] = (degree[b] as number) + 1;
  }

  // Turn restrictions → forbidden (from edge, to edge) pairs.
  const forbidden = new Set<number>();
  const skipped: { relationId: number; reason: string }[] = [];
  let applied = 0;
  let viaWay = 0;
  const viaWayRels: { id: number; value: string; from: number[]; via: number[]; to: number[] }[] = [];
  const nodeIdx = new Map<number, number>();
  for (let i = 0; i < net.nodeCount; i++) nodeIdx.set(net.nodeOsmId[i] as number, i);
  const wayIdx = new Map<number, number>();
  for (let i = 0; i < net.wayIds.length; i++) wayIdx.set(net.wayIds[i] as number, i);
  const wayOf = (e: number): number => net.segmentWay[net.edgeSegment[e] as number] as number;
  for (const rel of osm?.relations ?? []) {
    if (rel.tags['type'] !== 'restriction' && rel.tags['type'] !== 'restriction:hgv') continue;
    const value = restrictionValue(rel.tags);
    if (typeof value !== 'string') {
      skipped.push({ relationId: rel.id, reason: value.skip });
      continue;
    }
    const vias = rel.members.filter((m) => m.role === 'via');
    const froms = rel.members.filter((m) => m.role === 'from' && m.type === 'way');
    const tos = rel.members.filter((m) => m.role === 'to' && m.type === 'way');
    if (vias.length >= 1 && vias.every((m) => m.type === 'way')) {
      viaWayRels.push({ id: rel.id, value, from: froms.map((m) => m.ref), via: vias.map((m) => m.ref), to: tos.map((m) => m.ref) });
      continue;
    }
    const via = vias[0];
    if (vias.length !== 1 || via?.type !== 'node' || froms.length === 0 || tos.length === 0) {
      skipped.push({ relationId: rel.id, reason: 'needs one via node, a from way and a to way' });
      continue;
    }
    const v = nodeIdx.get(via.ref);
    const fromWays = new Set(froms.map((m) => wayIdx.get(m.ref)).filter((w) => w !== undefined));
    const toWays = new Set(tos.map((m) => wayIdx.get(m.ref)).filter((w) => w !== undefined));
    if (v === undefined || fromWays.size === 0 || toWays.size === 0) {
      skipped.push({ relationId: rel.id, reason: 'via node or ways not on the drivable network' });
      continue;
    }
    const inEdges: number[] = [];
    for (let e = 0; e < n; e++) if (net.edgeTo[e] === v && fromWays.has(wayOf(e))) inEdges.push(e);
    const outAll: number[] = [];
    for (let k = net.outStart[v] as number; k < (net.outStart[v + 1] as number); k++) outAll.push(net.outEdges[k] as number);
    const isOnly = value.startsWith('only_');
    for (const f of inEdges) {
      for (const t of outAll) {
        const listed = toWays.has(wayOf(t));
        if (isOnly ? !listed : listed) {
          forbidden.add(f * n + t);
        }
      }
    }
    if (inEdges.length === 0) {
      skipped.push({ relationId: rel.id, reason: 'no drivable from edge enters the via node' });
      continue;
    }
    applied++;
  }

  const uPenalty = Math.round(prof.uTurnPenaltySec * 10);
  const leftPenalty = Math.round(prof.leftTurnPenaltySec * 10);
  const rightPenalty = Math.round(prof.rightTurnPenaltySec * 10);
  /** Outgoing turns per search node: [target node, turn penalty ds]. */
  const adj: [number, number][][] = [];
  const nodeEdgeList: number[] = [];
  for (let e = 0; e < n; e++) {
    nodeEdgeList.push(e);
    const out: [number, number][] = [];
    adj.push(out);
    const v = net.edgeTo[e] as number;
    for (let k = net.outStart[v] as number; k < (net.outStart[v + 1] as number); k++) {
      const f = net.outEdges[k] as number;
      if (forbidden.has(e * n + f)) continue;
      let penalty = 0;
      if (f === net.edgeReverse[e]) {
        if (prof.uTurns === 'never' || (prof.uTurns === 'dead-ends' && degree[v] !== 1)) continue;
        penalty = uPenalty;
      } else {
        const angle = turnAngle(edgeBearingEnd[e] as number, edgeBearingStart[f] as number);
        if (angle > 45) penalty = rightPenalty;
        else if (angle < -45) penalty = leftPenalty;
      }
      out.push([f, penalty]);
    }
  }

  // Via-way restrictions: copy the via edges for trucks coming from the `from` way.
  for (const r of viaWayRels) {
    const paths = viaWayPaths(net, r.from, r.via, r.to, wayIdx);
    if (typeof paths === 'string') {
      skipped.push({ relationId: r.id, reason: paths });
      continue;
    }
    const isOnly = r.value.startsWith('only_');
    const toEdges = new Set(paths.toEdges);
    for (const path of paths.paths) {
      // Resolve the path on the current graph (earlier restrictions may have redirected it).
      const nodes: number[] = [path[0] as number];
      let ok = true;
      for (let i = 1; i < path.length && ok; i++) {
        const next = (adj[nodes[i - 1] as number] as [number, number][]).find(([x]) => nodeEdgeList[x] === path[i]);
        if (next === undefined) ok = false;
        else nodes.push(next[0]);
      }
      if (!ok) continue;
      let prevCopy = nodes[0] as number;
      for (let i = 1; i < nodes.length; i++) {
        const orig = nodes[i] as number;
        const copy = nodeEdgeList.length;
        nodeEdgeList.push(nodeEdgeList[orig] as number);
        let out = (adj[orig] as [number, number][]).map((a): [number, number] => [a[0], a[1]]);
        if (i === nodes.length - 1) {
          out = out.filter(([x]) => (isOnly ? toEdges.has(nodeEdgeList[x] as number) : !toEdges.has(nodeEdgeList[x] as number)));
        }
        adj.push(out);
        const inArc = (adj[prevCopy] as [number, number][]).find(([x]) => x === orig) as [number, number];
        inArc[0] = copy;
        prevCopy = copy;
      }
    }
    viaWay++;
    applied++;
  }

  const nodeCount = nodeEdgeList.length;
  const arcStart = new Int32Array(nodeCount + 1);
  const to: number[] = [];
  const weight: number[] = [];
  const turn: number[] = [];
  for (let x = 0; x < nodeCount; x++) {
    arcStart[x] = to.length;
    for (const [y, penalty] of adj[x] as [number, number][]) {
      const f = nodeEdgeList[y] as number;
      to.push(y);
      turn.push(penalty);
      weight.push((penalty + (edgeDurDs[f] as number)) * KEY_SCALE + (edgeLenM[f] as number));
    }
  }
  arcStart[nodeCount] = to.length;
  const arcTo = Int32Array.from(to);
  const arcWeight = Float64Array.from(weight);
  const nodeEdge = Int32Array.from(nodeEdgeList);
  const copyStart = new Int32Array(n + 1);
  for (let x = n; x < nodeCount; x++) copyStart[(nodeEdge[x] as number) + 1] = (copyStart[(nodeEdge[x] as number) + 1] as number) + 1;
  for (let e = 0; e < n; e++) copyStart[e + 1] = (copyStart[e + 1] as number) + (copyStart[e] as number);
  const copyNodes = new Int32Array(nodeCount - n);
  const fillPos = copyStart.slice(0, n);
  for (let x = n; x < nodeCount; x++) {
    const e = nodeEdge[x] as number;
    copyNodes[fillPos[e] as number] = x;
    fillPos[e] = (fillPos[e] as number) + 1;
  }
  let h = 2166136261;
  h = fnv(h, nodeCount);
  for (let x = 0; x < nodeCount; x++) h = fnv(h, nodeEdge[x] as number);
  for (let i = 0; i < arcTo.length; i++) {
    h = fnv(h, arcTo[i] as number);
    const w = arcWeight[i] as number;
    h = fnv(h, Math.floor(w / 4294967296));
    h = fnv(h, w % 4294967296);
  }
  for (let x = 0; x <= nodeCount; x++) h = fnv(h, arcStart[x] as number);
  return {
    net,
    nodeCount,
    nodeEdge,
    copyStart,
    copyNodes,
    edgeDurDs,
    edgeLenM,
    edgeBearingStart,
    edgeBearingEnd,
    arcStart,
    arcTo,
    arcWeight,
    arcTurnDs: Int32Array.from(turn),
    restrictions: { applied, skipped, viaWay, forbiddenTurns: forbidden.size },
    fingerprint: h,
  };
}
