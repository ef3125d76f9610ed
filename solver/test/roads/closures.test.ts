/**
 * Street closures on the sample extract: a drawn line closes the street under it, routes avoid it,
 * the rebuilt hierarchy agrees with plain Dijkstra on the closed graph, snapping skips closed
 * streets, and an area closes every street inside it.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildRoadNetwork,
  buildRoutingEngine,
  closedEdgesOf,
  closedSegments,
  engineWithout,
  parseOsm,
  routeAlong,
  snapPoints,
  turnMatrix,
  type LngLat,
  type RoadNetwork,
  type RoutingEngine,
  type Snap,
} from '../../src/index.js';

let net: RoadNetwork;
let engine: RoutingEngine;
beforeAll(() => {
  const osm = parseOsm(readFileSync('data/osm/monaco-2016-03-05.osm.pbf'), 'monaco-2016-03-05.osm.pbf');
  net = buildRoadNetwork(osm);
  engine = buildRoutingEngine(net, osm).engine;
});

const snap = (p: LngLat, closed?: ReadonlySet<number>): Snap => {
  const r = snapPoints(net, [p], 150, closed)[0]!;
  if (!r.ok) throw new Error(r.reason);
  return r.snap;
};

/** The geometry of a segment, `[lng, lat]` points. */
function segmentLine(seg: number): LngLat[] {
  const out: LngLat[] = [];
  for (let i = net.segmentCoordStart[seg]!; i < net.segmentCoordStart[seg + 1]!; i++) out.push([net.coords[2 * i]!, net.coords[2 * i + 1]!]);
  return out;
}

const A: LngLat = [7.4246, 43.7384];
const B: LngLat = [7.4206, 43.7312];

describe('street closures', () => {
  it('a line drawn along a street on the route closes it and the route goes around', () => {
    const stops = [{ snap: snap(A) }, { snap: snap(B) }];
    const [leg] = routeAlong(engine, stops);
    const mid = leg!.edgeIdxs[Math.floor(leg!.edgeIdxs.length / 2)]!;
    const seg = net.edgeSegment[mid]!;
    const closed = closedSegments(net, [{ type: 'LineString', coordinates: segmentLine(seg) }]);
    expect(closed.has(seg)).toBe(true);
    // a line closes the streets it runs along and those it touches at its ends, not the district
    expect(closed.size).toBeLessThan(12);
    const without = engineWithout(engine, closed);
    const edges = closedEdgesOf(net, closed);
    const [detour] = routeAlong(without, [{ snap: snap(A, closed) }, { snap: snap(B, closed) }]);
    expect(detour!.edgeIdxs.some((e) => edges[e] === 1)).toBe(false);
    expect(detour!.distanceM).toBeGreaterThan(leg!.distanceM);
  });

  it('the hierarchy rebuilt without the closed streets gives the same matrix as plain Dijkstra', () => {
    const stops = [{ snap: snap(A) }, { snap: snap(B) }];
    const [leg] = routeAlong(engine, stops);
    const seg = net.edgeSegment[leg!.edgeIdxs[1]!]!;
    const closed = closedSegments(net, [{ type: 'LineString', coordinates: segmentLine(seg) }]);
    const without = engineWithout(engine, closed);
    const points: LngLat[] = [A, B, [7.427, 43.7395], [7.4219, 43.7346], [7.4155, 43.7305], [7.4129, 43.7318]];
    const locations = points.map((p) => ({ snap: snap(p, closed) }));
    const ch = turnMatrix(without, locations, { algorithm: 'ch' });
    const dijkstra = turnMatrix(without, locations, { algorithm: 'dijkstra' });
    expect(Array.from(ch.durationsDs)).toEqual(Array.from(dijkstra.durationsDs));
    expect(Array.from(ch.distancesM)).toEqual(Array.from(dijkstra.distancesM));
    const open = turnMatrix(engine, points.map((p) => ({ snap: snap(p) })), { algorithm: 'ch' });
    expect(ch.durationsDs[0 * 6 + 1]!).toBeGreaterThan(open.durationsDs[0 * 6 + 1]!);
  });

  it('a point by a closed street snaps to the nearest open one', () => {
    const before = snap(A);
    const seg = net.edgeSegment[before.edgeIdx]!;
    const closed = new Set([seg]);
    const after = snap(A, closed);
    expect(net.edgeSegment[after.edgeIdx]).not.toBe(seg);
    expect(after.offsetM).toBeGreaterThanOrEqual(before.offsetM);
  });

  it('an area closes every street with a part inside it, and only those', () => {
    const [x, y] = A;
    const d = 0.0015;
    const ring: LngLat[] = [
      [x - d, y - d],
      [x + d, y - d],
      [x + d, y + d],
      [x - d, y + d],
      [x - d, y - d],
    ];
    const closed = closedSegments(net, [{ type: 'Polygon', coordinates: [ring] }]);
    expect(closed.size).toBeGreaterThan(3);
    for (let seg = 0; seg < net.segmentCount; seg++) {
      const inside = segmentLine(seg).some(([lng, lat]) => Math.abs(lng - x) < d && Math.abs(lat - y) < d);
      if (inside) expect(closed.has(seg)).toBe(true);
      const far = segmentLine(seg).every(([lng, lat]) => Math.abs(lng - x) > 2 * d || Math.abs(lat - y) > 2 * d);
      if (far) expect(closed.has(seg)).toBe(false);
    }
    // the point at its centre cannot snap within 100 m any more
    const r = snapPoints(net, [A], 100, closed)[0]!;
    expect(r.ok).toBe(false);
  });
});
