import { describe, expect, it } from 'vitest';
import { haversineM } from '../../src/geo/haversine.js';
import type { LngLat } from '../../src/model/types.js';
import {
  buildRoadNetwork,
  drivableSegments,
  edgeInfo,
  isDrivableWay,
  parseMaxspeedKmh,
  roadFeatures,
  shortestPath,
  snapPoints,
  travelMatrix,
  wastePoints,
} from '../../src/roads/index.js';
import type { OsmData, OsmTags, RoadNetwork, Snap } from '../../src/roads/index.js';

// A 1x1 "block" at the equator, 0.001° (~111 m) per side:
//   F(6) --- E(5) --- D(4)
//   |        :        |       ':' = footway B-E (not drivable)
//   A(1) --> B(2) --- C(3)    A->B one-way
// plus an island street I1-I2 north of it, a oneway=-1 way P-Q and a roundabout R1-R2-R3.
const U = 0.001;
const coords: Record<number, LngLat> = {
  1: [0, 0],
  2: [U, 0],
  3: [2 * U, 0],
  4: [2 * U, U],
  5: [U, U],
  6: [0, U],
  11: [0, 3 * U],
  12: [U, 3 * U],
  21: [10 * U, 0],
  22: [11 * U, 0],
  31: [20 * U, 0],
  32: [21 * U, 0],
  33: [20.5 * U, U],
  40: [0.5 * U, 0.5 * U],
};

function way(id: number, nodes: number[], tags: OsmTags) {
  return { id, nodes, tags };
}

const tinyOsm: OsmData = {
  nodes: Object.entries(coords).map(([id, [lon, lat]]) => ({
    id: Number(id),
    lon,
    lat,
    tags: (id === '40' ? { amenity: 'waste_basket' } : {}) as OsmTags,
  })),
  ways: [
    way(101, [1, 2], { highway: 'residential', oneway: 'yes', name: 'Rue A' }),
    way(102, [2, 3], { highway: 'residential', name: 'Rue B' }),
    way(103, [3, 4, 5, 6, 1], { highway: 'residential', name: 'Boucle' }),
    way(104, [2, 5], { highway: 'footway' }),
    way(105, [11, 12], { highway: 'residential', name: 'Île' }),
    way(106, [21, 22], { highway: 'residential', oneway: '-1' }),
    way(107, [31, 32, 33, 31], { highway: 'primary', junction: 'roundabout' }),
    way(108, [4, 5, 6], { amenity: 'recycling' }),
  ],
  relations: [],
};

const u = haversineM([0, 0], [U, 0]);
const speedMs = 25 / 3.6;

function net(): RoadNetwork {
  return buildRoadNetwork(tinyOsm);
}

function snapOk(n: RoadNetwork, p: LngLat): Snap {
  const [r] = snapPoints(n, [p]);
  if (!r?.ok) throw new Error(`snap failed: ${r?.ok === false ? r.reason : 'no result'}`);
  return r.snap;
}

function edgeBetween(n: RoadNetwork, fromOsm: number, toOsm: number): number {
  for (let e = 0; e < n.edgeCount; e++) {
    if (n.nodeOsmId[n.edgeFrom[e] as number] === fromOsm && n.nodeOsmId[n.edgeTo[e] as number] === toOsm) return e;
  }
  return -1;
}

describe('buildRoadNetwork', () => {
  it('keeps junctions and way ends as graph nodes and splits ways into street segments', () => {
    const n = net();
    // 4, 5 and 6 are interior points of the loop (5 is shared only with the footway).
    const ids = Array.from(n.nodeOsmId).sort((a, b) => a - b);
    expect(ids).toEqual([1, 2, 3, 11, 12, 21, 22, 31]);
    const loop = edgeBetween(n, 3, 1);
    expect(loop).toBeGreaterThanOrEqual(0);
    const info = edgeInfo(n, loop);
    expect(info.geometry).toHaveLength(5);
    expect(info.lengthM).toBeCloseTo(4 * u, 6);
    expect(info.durationSec).toBeCloseTo((4 * u) / speedMs, 6);
    expect(info.name).toBe('Boucle');
    expect(info.wayId).toBe(103);
  });

  it('respects one-way streets: A to B is direct, B to A must go around the block', () => {
    const n = net();
    expect(edgeBetween(n, 1, 2)).toBeGreaterThanOrEqual(0);
    expect(edgeBetween(n, 2, 1)).toBe(-1);
    const nearA = snapOk(n, [0.1 * U, 0]);
    const nearB = snapOk(n, [0.9 * U, 0]);
    const ab = shortestPath(n, nearA, nearB);
    expect(ab.distanceM).toBeCloseTo(0.8 * u, 3);
    const ba = shortestPath(n, nearB, nearA);
    expect(ba.distanceM).toBeCloseTo(0.1 * u + u + 4 * u + 0.1 * u, 3);
    expect(ba.coordinates[0]).toEqual(nearB.lngLat);
    expect(ba.coordinates.at(-1)).toEqual(nearA.lngLat);
    expect(ba.coordinates).toContainEqual([2 * U, U]);
  });

  it('excludes footways, so the footway B-E is no shortcut', () => {
    const n = net();
    expect(Array.from(n.nodeOsmId)).not.toContain(5);
    expect(Array.from(n.wayIds)).not.toContain(104);
    expect(isDrivableWay({ highway: 'footway' })).toBe(false);
    expect(isDrivableWay({ highway: 'steps' })).toBe(false);
    expect(isDrivableWay({ highway: 'service', service: 'parking_aisle' })).toBe(false);
    expect(isDrivableWay({ highway: 'service', service: 'alley' })).toBe(true);
    expect(isDrivableWay({ highway: 'residential', access: 'private' })).toBe(false);
    expect(isDrivableWay({ highway: 'residential', access: 'no', motor_vehicle: 'yes' })).toBe(true);
    expect(isDrivableWay({ highway: 'primary_link' })).toBe(true);
  });

  it('drives oneway=-1 ways against their node order only', () => {
    const n = net();
    expect(edgeBetween(n, 22, 21)).toBeGreaterThanOrEqual(0);
    expect(edgeBetween(n, 21, 22)).toBe(-1);
  });

  it('treats roundabouts as one-way in node order', () => {
    const n = net();
    const e = edgeBetween(n, 31, 31);
    expect(e).toBeGreaterThanOrEqual(0);
    expect(n.edgeReverse[e]).toBe(-1);
    expect(edgeInfo(n, e).geometry.map((p) => p[0])).toEqual([20 * U, 21 * U, 20.5 * U, 20 * U]);
    expect(edgeInfo(n, e).durationSec).toBeCloseTo(edgeInfo(n, e).lengthM / (40 / 3.6), 6);
  });

  it('caps class speeds by maxspeed and parses French zone codes', () => {
    expect(parseMaxspeedKmh('30')).toBe(30);
    expect(parseMaxspeedKmh('FR:urban')).toBe(50);
    expect(parseMaxspeedKmh('20 mph')).toBeCloseTo(32.19, 2);
    expect(parseMaxspeedKmh('none')).toBeNull();
    const n = buildRoadNetwork({
      nodes: [
        { id: 1, lon: 0, lat: 0, tags: {} },
        { id: 2, lon: U, lat: 0, tags: {} },
      ],
      ways: [way(1, [1, 2], { highway: 'primary', maxspeed: '20' })],
      relations: [],
    });
    expect(n.edgeDurationSec[0]).toBeCloseTo(u / (20 / 3.6), 6);
  });

  it('finds strongly connected components: the island is its own component', () => {
    const n = net();
    const idx = (osmId: number): number => Array.from(n.nodeOsmId).indexOf(osmId);
    expect(n.componentOf[idx(1)]).toBe(n.componentOf[idx(3)]);
    expect(n.componentOf[idx(11)]).toBe(n.componentOf[idx(12)]);
    expect(n.componentOf[idx(11)]).not.toBe(n.componentOf[idx(1)]);
    expect(n.componentSize[n.largestComponent]).toBe(3);
  });
});

describe('snapPoints', () => {
  it('snaps to the nearest street with the position t along the edge', () => {
    const n = net();
    const s = snapOk(n, [0.25 * U, 0.0001]);
    expect(edgeInfo(n, s.edgeIdx).wayId).toBe(101);
    expect(s.t).toBeCloseTo(0.25, 6);
    expect(s.lngLat[0]).toBeCloseTo(0.25 * U, 9);
    expect(s.lngLat[1]).toBeCloseTo(0, 9);
    expect(s.offsetM).toBeCloseTo(haversineM([0, 0], [0, 0.0001]), 3);
  });

  it('gives t along the whole multi-point segment in driving direction', () => {
    const n = net();
    const s = snapOk(n, [2 * U + 0.00005, 0.5 * U]);
    const info = edgeInfo(n, s.edgeIdx);
    expect(info.wayId).toBe(103);
    const expectedT = info.from === Array.from(n.nodeOsmId).indexOf(3) ? 0.5 / 4 : 1 - 0.5 / 4;
    expect(s.t).toBeCloseTo(expectedT, 6);
  });

  it('reports points too far from any drivable street', () => {
    const n = net();
    const [r] = snapPoints(n, [[0.5 * U, 0.5 * U]], 30);
    expect(r).toEqual({ ok: false, reason: 'no drivable street within 30 m' });
  });
});

describe('travelMatrix', () => {
  it('equals hand-computed distances and durations, respecting one-ways', () => {
    const n = net();
    const p1 = snapOk(n, [0.5 * U, 0.0001]); // middle of one-way A->B
    const p2 = snapOk(n, [1.5 * U, -0.0001]); // middle of two-way B-C
    const p3 = snapOk(n, [2 * U + 0.0001, 0.5 * U]); // middle of C-D on the loop
    const { matrix, unreachable } = travelMatrix(n, [p1, p2, p3]);
    expect(unreachable).toEqual([]);
    const m = (legsU: number): number => Math.round(legsU * u);
    const s = (legsU: number): number => Math.round((legsU * u) / speedMs);
    // p1->p2: 0.5 + 0.5; p1->p3: 0.5 + 1 + 0.5
    // p2->p1: 0.5 (to C) + 4 (loop to A) + 0.5; p2->p3: 0.5 + 0.5
    // p3->p1: 3.5 (rest of the loop to A) + 0.5; p3->p2: 0.5 + 0.5
    const expectedU = [0, 1, 2, 5, 0, 1, 4, 1, 0];
    expect(Array.from(matrix.distances)).toEqual(expectedU.map(m));
    expect(Array.from(matrix.durations)).toEqual(expectedU.map(s));
    expect(matrix.size).toBe(3);
  });

  it('travels directly between two points on the same street in the allowed direction', () => {
    const n = net();
    const a = snapOk(n, [0.2 * U, 0]);
    const b = snapOk(n, [0.7 * U, 0]);
    const { matrix } = travelMatrix(n, [a, b]);
    expect(matrix.distances[1]).toBe(Math.round(0.5 * u));
    expect(matrix.distances[2]).toBe(Math.round((0.3 + 1 + 4 + 0.2) * u));
  });

  it('reports a location on an island street as unreachable, with the reason', () => {
    const n = net();
    const depot = snapOk(n, [1.5 * U, 0]);
    const island = snapOk(n, [0.5 * U, 3 * U]);
    const other = snapOk(n, [0.5 * U, 0]);
    const { matrix, unreachable } = travelMatrix(n, [depot, island, other], 0);
    expect(unreachable).toEqual([
      { index: 1, reason: "street not connected to the depot's road network (isolated component)" },
    ]);
    expect(matrix.durations[0 * 3 + 1]).toBe(Infinity);
    expect(Number.isFinite(matrix.durations[0 * 3 + 2])).toBe(true);
    expect(() => shortestPath(n, depot, island)).toThrow(/no drivable path/);
  });

  it('rejects an anchor index outside the locations', () => {
    const n = net();
    expect(() => travelMatrix(n, [snapOk(n, [0.5 * U, 0])], 3)).toThrow(RangeError);
  });
});

describe('road features and waste points', () => {
  it('lists every highway way with drivable and oneway flags, and each drivable segment once', () => {
    const n = net();
    const fc = roadFeatures(tinyOsm, n);
    expect(fc.features).toHaveLength(7);
    const foot = fc.features.find((f) => f.id === 'way/104');
    expect(foot?.properties).toEqual({ highway: 'footway', name: null, drivable: false, oneway: false });
    expect(fc.features.find((f) => f.id === 'way/107')?.properties.oneway).toBe(true);
    const segs = drivableSegments(n);
    expect(segs).toHaveLength(n.segmentCount);
    expect(segs.find((s) => s.name === 'Boucle')?.lengthM).toBeCloseTo(4 * u, 6);
  });

  it('finds waste nodes and waste ways at the centroid of their nodes', () => {
    const pts = wastePoints(tinyOsm);
    expect(pts.map((p) => p.osmId)).toEqual(['node/40', 'way/108']);
    expect(pts[1]?.lngLat[0]).toBeCloseTo(U, 12);
    expect(pts[1]?.lngLat[1]).toBeCloseTo(U, 12);
    expect(pts[1]?.amenity).toBe('recycling');
  });
});
