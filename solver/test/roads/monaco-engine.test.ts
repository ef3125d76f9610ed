import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LngLat } from '../../src/model/types.js';
import { Rng } from '../../src/model/rng.js';
import {
  buildRoadNetwork,
  buildRoutingEngine,
  instructionText,
  parseOsm,
  pathsAlong,
  routeAlong,
  routeSteps,
  snapPoints,
  travelMatrix,
  turnMatrix,
  turnTravelMatrix,
} from '../../src/roads/index.js';
import type { RouteLocation, RoutingEngine, Snap } from '../../src/roads/index.js';

const FILE = 'data/osm/monaco-2016-03-05.osm.pbf';
const GOLDEN = 'solver/test/roads/fixtures/monaco-instructions.json';
/** Depot of the sample city, then two sample bins (bins.csv rows 300 and 900). */
const DEPOT: LngLat = [7.41555, 43.72905];

let engine: RoutingEngine;
let binPoints: LngLat[];

beforeAll(() => {
  const osm = parseOsm(new Uint8Array(readFileSync(FILE)), FILE);
  engine = buildRoutingEngine(buildRoadNetwork(osm), osm).engine;
  const rows = readFileSync('data/sample/bins.csv', 'utf8').trim().split('\n').slice(1);
  binPoints = rows.map((r) => {
    const f = r.split(',');
    return [Number(f[1]), Number(f[2])] as LngLat;
  });
});

function snapAll(points: LngLat[]): Snap[] {
  return snapPoints(engine.net, points, 150).map((r) => {
    if (!r.ok) throw new Error(r.reason);
    return r.snap;
  });
}

describe('turn engine on the Monaco extract', () => {
  it('applies all 27 via-node turn restrictions of the extract (there are no via-way ones)', () => {
    expect(engine.graph.restrictions).toMatchObject({ applied: 27, viaWay: 0, skipped: [] });
  });

  it('matrices from the contraction hierarchy equal plain Dijkstra exactly on 150 sample bins', () => {
    const rng = new Rng(7);
    const picks = Array.from({ length: 150 }, () => binPoints[rng.nextInt(binPoints.length)]!);
    const snaps = snapPoints(engine.net, [DEPOT, ...picks], 150).flatMap((r) => (r.ok ? [r.snap] : []));
    const locs: RouteLocation[] = snaps.map((snap, i) => ({ snap, approach: i % 3 === 0 ? 'kerb' : 'either' }));
    const ch = turnMatrix(engine, locs, { algorithm: 'ch' });
    const dj = turnMatrix(engine, locs, { algorithm: 'dijkstra' });
    expect(Array.from(ch.durationsDs)).toEqual(Array.from(dj.durationsDs));
    expect(Array.from(ch.distancesM)).toEqual(Array.from(dj.distancesM));
    expect(ch.unreachable).toEqual(dj.unreachable);
  });

  it('turnTravelMatrix reports the same unreachable bins as the node-based travelMatrix on the sample city', () => {
    const snaps = snapPoints(engine.net, [DEPOT, ...binPoints], 150).flatMap((r) => (r.ok ? [r.snap] : []));
    const plain = travelMatrix(engine.net, snaps, 0);
    const turn = turnTravelMatrix(engine, snaps.map((snap) => ({ snap })), 0);
    expect(turn.unreachable.map((u) => u.index)).toEqual(plain.unreachable.map((u) => u.index));
    expect(turn.unreachable.length).toBeGreaterThan(0);
    const isolated = (r: string): boolean => r.startsWith('street not connected');
    expect(turn.unreachable.map((u) => isolated(u.reason))).toEqual(plain.unreachable.map((u) => isolated(u.reason)));
    // Turn rules only ever lengthen trips (up to per-edge rounding of durations).
    let longer = 0;
    for (let k = 0; k < 200 * snaps.length; k += 7) {
      if (!Number.isFinite(plain.matrix.durations[k]!)) continue;
      expect(turn.matrix.durations[k]!).toBeGreaterThanOrEqual(plain.matrix.durations[k]! - 3);
      if (turn.matrix.durations[k]! > plain.matrix.durations[k]! + 3) longer++;
    }
    expect(longer).toBeGreaterThan(0);
  });

  it('travelMatrix and pathsAlong switch to the turn engine when given one', () => {
    const snaps = snapAll([DEPOT, binPoints[300]!, binPoints[900]!]);
    const viaEngine = travelMatrix(engine.net, snaps, 0, engine);
    expect(viaEngine).toEqual(turnTravelMatrix(engine, snaps.map((snap) => ({ snap })), 0));
    const legs = pathsAlong(engine.net, snaps, engine);
    expect(legs).toEqual(routeAlong(engine, snaps.map((snap) => ({ snap }))).map((l) => l.coordinates));
    expect(legs[0]![0]).toEqual(snaps[0]!.lngLat);
  });

  it('legs of a route add up to the matrix values when the stops allow either approach', () => {
    const stops: RouteLocation[] = snapAll([DEPOT, binPoints[300]!]).map((snap) => ({ snap }));
    const m = turnMatrix(engine, stops);
    const [leg] = routeAlong(engine, stops);
    expect(leg!.durationDs).toBe(m.durationsDs[1]);
    expect(leg!.distanceM).toBe(m.distancesM[1]);
  });
});

describe('turn-by-turn instructions (golden)', () => {
  it('describes depot → two kerb-side bins → depot in French and English', () => {
    const stops: RouteLocation[] = snapAll([DEPOT, binPoints[300]!, binPoints[900]!, DEPOT]).map((snap, i) => ({
      snap,
      approach: i === 0 || i === 3 ? 'either' : 'kerb',
    }));
    const legs = routeAlong(engine, stops);
    const steps = routeSteps(engine, stops, legs);
    const actual = steps.map((legSteps, legIdx) => ({
      distanceM: legs[legIdx]!.distanceM,
      durationDs: legs[legIdx]!.durationDs,
      steps: legSteps.map((s) => ({
        type: s.maneuver.type,
        modifier: s.maneuver.modifier ?? null,
        name: s.name,
        distance: s.distance,
        duration: s.duration,
        fr: instructionText(s, 'fr', legIdx, steps.length),
        en: instructionText(s, 'en', legIdx, steps.length),
      })),
    }));
    // Steps add up to their leg.
    steps.forEach((legSteps, i) => {
      expect(legSteps.reduce((n, s) => n + s.distance, 0)).toBe(legs[i]!.distanceM);
      expect(legSteps.reduce((n, s) => n + s.duration * 10, 0)).toBeCloseTo(legs[i]!.durationDs, 6);
      for (const s of legSteps) if (s.maneuver.type !== 'depart' && s.maneuver.type !== 'arrive') expect(s.maneuver.modifier).toBeDefined();
    });
    if (process.env['UPDATE'] === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('refuses an unknown language with a RangeError', () => {
    const stops: RouteLocation[] = snapAll([DEPOT, binPoints[300]!]).map((snap) => ({ snap }));
    const [first] = routeSteps(engine, stops, routeAlong(engine, stops))[0]!;
    expect(() => instructionText(first!, 'xx')).toThrow(RangeError);
  });
});
