import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LngLat } from '../../src/model/types.js';
import {
  buildRoadNetwork,
  drivableSegments,
  parseOsm,
  pathsAlong,
  RoadDataError,
  roadFeatures,
  snapPoints,
  travelMatrix,
  wastePoints,
} from '../../src/roads/index.js';
import type { OsmData, RoadNetwork, Snap } from '../../src/roads/index.js';

const FILE = 'data/osm/monaco-2016-03-05.osm.pbf';
const bytes = new Uint8Array(readFileSync(FILE));

describe('parseOsm on bad data', () => {
  it('throws a RoadDataError naming the file when the file is truncated', () => {
    for (const len of [3, 100, 1000, Math.floor(bytes.length / 2), bytes.length - 1]) {
      let caught: unknown;
      try {
        parseOsm(bytes.slice(0, len), 'monaco-2016-03-05.osm.pbf');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(RoadDataError);
      const err = caught as RoadDataError;
      expect(err.sourceName).toBe('monaco-2016-03-05.osm.pbf');
      expect(err.message).toBe('monaco-2016-03-05.osm.pbf: not a valid OSM PBF file (unexpected end of data)');
    }
  });

  it('throws a RoadDataError for bytes that are not a PBF file at all', () => {
    const junk = Uint8Array.from('<?xml version="1.0"?><osm></osm>', (c) => c.charCodeAt(0));
    expect(() => parseOsm(junk, 'map.osm')).toThrow(RoadDataError);
    expect(() => parseOsm(junk, 'map.osm')).toThrow(/^map\.osm: not a valid OSM PBF file/);
    expect(() => parseOsm(new Uint8Array(0), 'empty.pbf')).toThrow('empty.pbf: not a valid OSM PBF file (empty file)');
  });

  it('throws a RoadDataError when a compressed block is corrupt', () => {
    const corrupt = bytes.slice();
    for (let i = 2000; i < 6000; i++) corrupt[i] = (corrupt[i] as number) ^ 0x5a;
    expect(() => parseOsm(corrupt, 'bad.osm.pbf')).toThrow(RoadDataError);
  });
});

describe('the Monaco 2016 extract', () => {
  let osm: OsmData;
  let net: RoadNetwork;
  beforeAll(() => {
    osm = parseOsm(bytes, FILE);
    net = buildRoadNetwork(osm);
  });

  it('parses without personal metadata and builds a road graph of street segments', () => {
    expect(osm.nodes.length).toBeGreaterThan(150_000);
    const first = osm.nodes[0] as object;
    expect(Object.keys(first).sort()).toEqual(['id', 'lat', 'lon', 'tags']);
    expect(Object.keys(osm.ways[0] as object).sort()).toEqual(['id', 'nodes', 'tags']);
    // Graph nodes are junctions and ends only; the geometry keeps every OSM point.
    expect(net.nodeCount).toBeGreaterThan(1_500);
    expect(net.coords.length / 2).toBeGreaterThan(5_000);
    expect(net.edgeCount).toBeGreaterThan(net.segmentCount);
    expect(net.componentSize[net.largestComponent]).toBeGreaterThan(0.8 * net.nodeCount);
  });

  it('snaps the OSM waste points or explains why not', () => {
    const pts = wastePoints(osm);
    expect(pts).toHaveLength(5);
    const results = snapPoints(
      net,
      pts.map((p) => p.lngLat),
    );
    for (const r of results) {
      if (r.ok) expect(r.snap.offsetM).toBeLessThanOrEqual(100);
      else expect(r.reason).toBe('no drivable street within 100 m');
    }
    expect(results.some((r) => r.ok)).toBe(true);
  });

  it('gives finite shortest-path matrices obeying the triangle inequality in the main component', () => {
    const main = drivableSegments(net).filter(
      (s) =>
        net.componentOf[net.edgeFrom[s.edgeIdx] as number] === net.largestComponent &&
        net.componentOf[net.edgeTo[s.edgeIdx] as number] === net.largestComponent,
    );
    let seed = 42;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const points: LngLat[] = [];
    for (let i = 0; i < 50; i++) {
      const seg = main[Math.floor(rnd() * main.length)];
      const c = seg?.coordinates[Math.floor((seg.coordinates.length - 1) / 2)];
      if (c) points.push([c[0] + 0.00003, c[1] + 0.00002]);
    }
    const snaps: Snap[] = snapPoints(net, points).flatMap((r) => (r.ok ? [r.snap] : []));
    expect(snaps.length).toBeGreaterThan(45);
    const { matrix, unreachable } = travelMatrix(net, snaps, 0);
    const n = matrix.size;
    const d = (i: number, j: number): number => matrix.durations[i * n + j] as number;
    for (const u of unreachable) expect(u.reason).toMatch(/depot/);
    const ok = Array.from({ length: n }, (_, i) => i).filter((i) => !unreachable.some((u) => u.index === i));
    expect(ok.length).toBeGreaterThan(45);
    for (const i of ok) {
      expect(d(i, i)).toBe(0);
      for (const j of ok) {
        expect(Number.isFinite(d(i, j))).toBe(true);
        expect(Number.isInteger(d(i, j))).toBe(true);
        expect(Number.isInteger(matrix.distances[i * n + j])).toBe(true);
      }
    }
    // Shortest paths: going through b is never faster than going directly (+1 s for rounding).
    const violations: string[] = [];
    for (const a of ok) {
      for (const b of ok) {
        for (const c of ok) if (d(a, c) > d(a, b) + d(b, c) + 1) violations.push(`${a}->${b}->${c}`);
      }
    }
    expect(violations).toEqual([]);

    const route = ok.map((i) => snaps[i] as Snap);
    const legs = pathsAlong(net, route);
    expect(legs).toHaveLength(route.length - 1);
    legs.forEach((leg, k) => {
      expect(leg[0]).toEqual(route[k]?.lngLat);
      expect(leg.at(-1)).toEqual(route[k + 1]?.lngLat);
    });
  });

  it('draws every highway way for the basemap with 6-decimal coordinates', () => {
    const fc = roadFeatures(osm, net);
    expect(fc.features.length).toBeGreaterThan(2_800);
    expect(fc.features.some((f) => !f.properties.drivable && f.properties.highway === 'footway')).toBe(true);
    for (const f of fc.features.slice(0, 200)) {
      for (const [lng, lat] of f.geometry.coordinates) {
        expect(Math.round(lng * 1e6) / 1e6).toBe(lng);
        expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
      }
    }
  });
});
