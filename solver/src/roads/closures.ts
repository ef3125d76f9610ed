/**
 * Street closures and no-go areas (roadworks, market day): which street segments a drawn shape
 * closes, and a routing engine without them.
 *
 * A closed street is drawn as a line: it is buffered by a few metres (the drawing is never exactly
 * on the centre line) and every segment the buffer touches is closed. An area is a polygon: every
 * segment with any part inside it is closed. A closed segment is closed in both directions. The
 * engine without them keeps the same search nodes (so states and snaps stay valid) and drops every
 * turn into a closed edge; its contraction hierarchy is rebuilt for the changed graph.
 */
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { LngLat } from '../model/types.js';
import { buildContractionHierarchy } from './contraction-hierarchy.js';
import type { RoadNetwork } from './road-network.js';
import type { RoutingEngine } from './routing-engine.js';
import { KEY_SCALE, type TurnGraph } from './turn-graph.js';

/** A drawn closure: a closed street (line) or a no-go area (polygon), `[lng, lat]` coordinates. */
export type ClosureShape =
  | { readonly type: 'LineString'; readonly coordinates: readonly LngLat[] }
  | { readonly type: 'MultiLineString'; readonly coordinates: readonly (readonly LngLat[])[] }
  | { readonly type: 'Polygon'; readonly coordinates: readonly (readonly LngLat[])[] };

/** Half-width of the band a drawn street line closes, metres. */
export const CLOSURE_LINE_BUFFER_M = 8;

type Bbox = [number, number, number, number];

function bboxOverlap(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The area a shape closes, as a turf polygon feature (a line is buffered by `bufferM`). */
export function closureArea(shape: ClosureShape, bufferM = CLOSURE_LINE_BUFFER_M): Feature<Polygon | MultiPolygon> {
  if (shape.type === 'Polygon') return turf.polygon(shape.coordinates.map((ring) => ring.map((p) => [p[0], p[1]])));
  const line: Feature<LineString | MultiLineString> =
    shape.type === 'LineString' ? turf.lineString(shape.coordinates.map((p) => [p[0], p[1]])) : turf.multiLineString(shape.coordinates.map((l) => l.map((p) => [p[0], p[1]])));
  const area = turf.buffer(line, bufferM, { units: 'meters' });
  if (!area) throw new RangeError('the closure line could not be buffered');
  return area;
}

/**
 * Street segments (`net` segment indices) closed by the shapes: every segment whose geometry
 * intersects a shape's area ({@link closureArea}).
 * @throws RangeError for a shape turf refuses (too few points, an unclosed ring)
 */
export function closedSegments(net: RoadNetwork, shapes: readonly ClosureShape[], bufferM = CLOSURE_LINE_BUFFER_M): Set<number> {
  const out = new Set<number>();
  const areas = shapes.map((s) => {
    const area = closureArea(s, bufferM);
    return { area, bbox: turf.bbox(area) as Bbox };
  });
  if (areas.length === 0) return out;
  const c = net.coords;
  for (let seg = 0; seg < net.segmentCount; seg++) {
    const start = net.segmentCoordStart[seg] as number;
    const end = net.segmentCoordStart[seg + 1] as number;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = start; i < end; i++) {
      const x = c[2 * i] as number;
      const y = c[2 * i + 1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const box: Bbox = [minX, minY, maxX, maxY];
    let line: Feature<LineString> | null = null;
    for (const { area, bbox } of areas) {
      if (!bboxOverlap(box, bbox)) continue;
      if (!line) {
        const pts: [number, number][] = [];
        for (let i = start; i < end; i++) pts.push([c[2 * i] as number, c[2 * i + 1] as number]);
        if (pts.length < 2) pts.push([pts[0]![0], pts[0]![1]]);
        line = turf.lineString(pts);
      }
      if (turf.booleanIntersects(line, area)) {
        out.add(seg);
        break;
      }
    }
  }
  return out;
}

/** Directed edges of the closed segments (both directions). */
export function closedEdgesOf(net: RoadNetwork, segments: ReadonlySet<number>): Uint8Array {
  const closed = new Uint8Array(net.edgeCount);
  for (const seg of segments) {
    const f = net.segmentForwardEdge[seg] as number;
    const b = net.segmentBackwardEdge[seg] as number;
    if (f >= 0) closed[f] = 1;
    if (b >= 0) closed[b] = 1;
  }
  return closed;
}

/**
 * The turn graph without the closed edges: the same search nodes, every arc into (or out of) a
 * search node of a closed edge removed. A street that now leads only into closed ones gets a
 * U-turn at its end (the truck turns around before the barrier, as at a dead end, with the
 * profile's U-turn penalty). Its fingerprint changes, so a cached hierarchy of the full graph
 * never matches it.
 */
export function turnGraphWithout(graph: TurnGraph, closedEdges: Uint8Array): TurnGraph {
  const isClosed = (x: number): boolean => closedEdges[graph.nodeEdge[x] as number] === 1;
  const net = graph.net;
  const uTurnDs = Math.round(net.profile.uTurnPenaltySec * 10);
  const arcStart = new Int32Array(graph.nodeCount + 1);
  const to: number[] = [];
  const weight: number[] = [];
  const turnDs: number[] = [];
  for (let x = 0; x < graph.nodeCount; x++) {
    arcStart[x] = to.length;
    if (isClosed(x)) continue;
    const first = to.length;
    let lostSome = false;
    for (let a = graph.arcStart[x] as number; a < (graph.arcStart[x + 1] as number); a++) {
      const y = graph.arcTo[a] as number;
      if (isClosed(y)) {
        lostSome = true;
        continue;
      }
      to.push(y);
      weight.push(graph.arcWeight[a] as number);
      turnDs.push(graph.arcTurnDs[a] as number);
    }
    const rev = net.edgeReverse[graph.nodeEdge[x] as number] as number;
    if (lostSome && to.length === first && rev >= 0 && closedEdges[rev] !== 1) {
      to.push(rev);
      weight.push((uTurnDs + (graph.edgeDurDs[rev] as number)) * KEY_SCALE + (graph.edgeLenM[rev] as number));
      turnDs.push(uTurnDs);
    }
  }
  arcStart[graph.nodeCount] = to.length;
  let h = (graph.fingerprint ^ 0x9e3779b9) >>> 0;
  for (let e = 0; e < closedEdges.length; e++) if (closedEdges[e] === 1) h = Math.imul(h ^ e, 16_777_619) >>> 0;
  return {
    ...graph,
    arcStart,
    arcTo: Int32Array.from(to),
    arcWeight: Float64Array.from(weight),
    arcTurnDs: Int32Array.from(turnDs),
    fingerprint: h,
  };
}

/**
 * A routing engine on which the closed segments cannot be driven: the graph of
 * {@link turnGraphWithout} and a contraction hierarchy built for it (about a second on the
 * sample city's extract). With no closed segment, the engine itself.
 */
export function engineWithout(engine: RoutingEngine, segments: ReadonlySet<number>): RoutingEngine {
  if (segments.size === 0) return engine;
  const graph = turnGraphWithout(engine.graph, closedEdgesOf(engine.net, segments));
  return { net: engine.net, graph, ch: buildContractionHierarchy(graph) };
}
