import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '../../src/model/types.js';
import {
  buildContractionHierarchy,
  buildRoadNetwork,
  buildRoutingEngine,
  buildTurnGraph,
  deserializeCh,
  GARBAGE_TRUCK_26T,
  instructionText,
  modifierOf,
  routeSteps,
  isDrivableWay,
  locationStates,
  parseLimit,
  resolveTruckProfile,
  RoadDataError,
  routeAlong,
  serializeCh,
  snapPoints,
  stateRowsOf,
  turnMatrix,
} from '../../src/roads/index.js';
import type { OsmData, OsmRelation, OsmTags, RoadNetwork, RouteLocation, RoutingEngine, Snap, TruckProfile } from '../../src/roads/index.js';

// A 3 x 3 grid at the equator, 0.001° (~111 m, 111 m after rounding) between neighbours:
//
//   1 --- 2 --- 3
//   |     |     |
//   4 --- 5 --- 6 --- 10   (6-10: dead end "Impasse")
//   |     |     |
//   7 --- 8 --- 9          island 20-21 far away
//
// Every street is its own two-way residential way named "Rue a-b" (way id in WAYS).
const U = 0.001;
const coords: Record<number, LngLat> = {
  1: [0, 2 * U],
  2: [U, 2 * U],
  3: [2 * U, 2 * U],
  4: [0, U],
  5: [U, U],
  6: [2 * U, U],
  10: [3 * U, U],
  7: [0, 0],
  8: [U, 0],
  9: [2 * U, 0],
  20: [10 * U, 10 * U],
  21: [11 * U, 10 * U],
};
const WAYS: [number, number[]][] = [
  [1, [1, 2]],
  [2, [2, 3]],
  [3, [4, 5]],
  [4, [5, 6]],
  [5, [7, 8]],
  [6, [8, 9]],
  [7, [1, 4]],
  [8, [4, 7]],
  [9, [2, 5]],
  [10, [5, 8]],
  [11, [3, 6]],
  [12, [6, 9]],
  [13, [6, 10]],
  [14, [20, 21]],
];

function gridOsm(extraTags: Record<number, OsmTags> = {}, relations: OsmRelation[] = []): OsmData {
  return {
    nodes: Object.entries(coords).map(([id, [lon, lat]]) => ({ id: Number(id), lon, lat, tags: {} })),
    ways: WAYS.map(([id, nodes]) => ({
      id,
      nodes,
      tags: { highway: 'residential', name: id === 13 ? 'Impasse' : `Rue ${nodes.join('-')}`, ...(extraTags[id] ?? {}) },
    })),
    relations,
  };
}

function restriction(id: number, value: string, from: number, via: number, to: number): OsmRelation {
  return {
    id,
    tags: { type: 'restriction', restriction: value },
    members: [
      { type: 'way', ref: from, role: 'from' },
      { type: 'node', ref: via, role: 'via' },
      { type: 'way', ref: to, role: 'to' },
    ],
  };
}

function engineFor(osm: OsmData, profile?: Partial<TruckProfile>): RoutingEngine {
  return buildRoutingEngine(buildRoadNetwork(osm, profile), osm).engine;
}

/** Directed edge of way `wayId` following (dir 1) or against (dir -1) its node order. */
function edgeOf(net: RoadNetwork, wayId: number, dir: 1 | -1 = 1): number {
  for (let e = 0; e < net.edgeCount; e++) {
    const way = net.segmentWay[net.edgeSegment[e]!]!;
    if (net.wayIds[way] === wayId && (net.edgeReversed[e] === 1) === (dir === -1)) return e;
  }
  throw new Error(`no edge for way ${wayId} dir ${dir}`);
}

function at(net: RoadNetwork, wayId: number, t: number, side?: 'left' | 'right', dir: 1 | -1 = 1): Snap {
  const e = edgeOf(net, wayId, dir);
  const a = net.edgeFrom[e]!;
  const b = net.edgeTo[e]!;
  const lngLat: LngLat = [net.nodeLng[a]! + t * (net.nodeLng[b]! - net.nodeLng[a]!), net.nodeLat[a]! + t * (net.nodeLat[b]! - net.nodeLat[a]!)];
  return { edgeIdx: e, t, lngLat, offsetM: 5, ...(side ? { side } : {}) };
}

/** Both algorithms, asserting they agree exactly; returns the CH result. */
function matrix(engine: RoutingEngine, locs: RouteLocation[]) {
  const ch = turnMatrix(engine, locs, { algorithm: 'ch', states: true });
  const dj = turnMatrix(engine, locs, { algorithm: 'dijkstra', states: true });
  expect(Array.from(ch.durationsDs)).toEqual(Array.from(dj.durationsDs));
  expect(Array.from(ch.distancesM)).toEqual(Array.from(dj.distancesM));
  expect(Array.from(ch.stateDurationsDs!)).toEqual(Array.from(dj.stateDurationsDs!));
  return ch;
}

const osmNodeOf = (net: RoadNetwork, n: number): number => net.nodeOsmId[n]!;

describe('turn restrictions (via node and via way)', () => {
  // A: eastbound on one-way 4→5, halfway. B: halfway along 2-5.
  const oneWay45 = { 3: { oneway: 'yes' } };

  it('turns left from 4-5 onto 5-2 directly when nothing forbids it (111 m)', () => {
    const engine = engineFor(gridOsm(oneWay45));
    const m = matrix(engine, [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 9, 0.5) }]);
    expect(m.distancesM[1]).toBe(111);
  });

  it('no_left_turn from 4-5 to 2-5 at node 5 forces the detour 5-6-3-2 (444 m)', () => {
    const osm = gridOsm(oneWay45, [restriction(900, 'no_left_turn', 3, 5, 9)]);
    const engine = engineFor(osm);
    expect(engine.graph.restrictions.applied).toBe(1);
    const m = matrix(engine, [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 9, 0.5) }]);
    expect(m.distancesM[1]).toBe(444);
    const [leg] = routeAlong(engine, [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 9, 0.5) }]);
    const nodes = leg!.edgeIdxs.map((e) => osmNodeOf(engine.net, engine.net.edgeTo[e]!));
    expect(nodes).toEqual([5, 6, 3, 2, 5]);
  });

  it('only_straight_on from 4-5 to 5-6 at node 5 forbids the right turn onto 5-8', () => {
    const osm = gridOsm(oneWay45, [restriction(901, 'only_straight_on', 3, 5, 4)]);
    const engine = engineFor(osm);
    // C: halfway along 5-8. Allowed: 5→6→9→8 then north to C = 55 + 3 × 111 + 56.
    const m = matrix(engine, [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 10, 0.5) }]);
    expect(m.distancesM[1]).toBe(55 + 3 * 111 + 56);
  });

  const viaWay = (id: number, value: string, from: number, via: number, to: number): OsmRelation => ({
    id,
    tags: { type: 'restriction', restriction: value },
    members: [
      { type: 'way', ref: from, role: 'from' },
      { type: 'way', ref: via, role: 'via' },
      { type: 'way', ref: to, role: 'to' },
    ],
  });

  it('no_left_turn via way 5-6 forbids 4→5→6 then left onto 6-3, but not the same turn coming from 8', () => {
    const engine = engineFor(gridOsm(oneWay45, [viaWay(910, 'no_left_turn', 3, 4, 11)]));
    expect(engine.graph.restrictions).toMatchObject({ applied: 1, viaWay: 1, skipped: [] });
    expect(engine.graph.nodeCount).toBe(engine.net.edgeCount + 1);
    const target = { snap: at(engine.net, 11, 0.5) };
    const m = matrix(engine, [{ snap: at(engine.net, 3, 0.5) }, target]);
    // Without the relation: 55 + 111 + 56 = 222; with it, round by 5-2-3: 55 + 111 + 111 + 56.
    expect(m.distancesM[1]).toBe(333);
    const [leg] = routeAlong(engine, [{ snap: at(engine.net, 3, 0.5) }, target]);
    expect(leg!.edgeIdxs.map((e) => osmNodeOf(engine.net, engine.net.edgeTo[e]!))).toEqual([5, 2, 3, 6]);
    // Northbound on 8→5 (kerb on the right going north), the truck may go 5→6→3.
    const fromSouth = matrix(engine, [{ snap: at(engine.net, 10, 0.5, 'right', -1), approach: 'kerb' }, target]);
    expect(fromSouth.distancesM[1]).toBe(55 + 111 + 56);
  });

  it('only_straight_on via way 5-6 onto the Impasse sends 4→5→6 traffic round by 8-9 instead of turning onto 6-9', () => {
    const engine = engineFor(gridOsm(oneWay45, [viaWay(911, 'only_straight_on', 3, 4, 13)]));
    const m = matrix(engine, [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 12, 0.5) }]);
    expect(m.distancesM[1]).toBe(55 + 111 + 111 + 56);
  });

  it('skips a via-way relation whose ways do not join, saying why', () => {
    const graph = buildTurnGraph(buildRoadNetwork(gridOsm()), { relations: [viaWay(912, 'no_left_turn', 3, 6, 11)] });
    expect(graph.restrictions).toMatchObject({ applied: 0, viaWay: 0, skipped: [{ relationId: 912, reason: 'via ways do not join the from and to ways' }] });
  });

  it('ignores restrictions with except=hgv for the truck', () => {
    const r = restriction(903, 'no_left_turn', 3, 5, 9);
    const graph = buildTurnGraph(buildRoadNetwork(gridOsm()), { relations: [{ ...r, tags: { ...r.tags, except: 'hgv' } }] });
    expect(graph.restrictions.applied).toBe(0);
    expect(graph.restrictions.forbiddenTurns).toBe(0);
  });
});

describe('one-way streets', () => {
  it('oneway=-1 gives a single state against the way order, whatever the approach', () => {
    const engine = engineFor(gridOsm({ 5: { oneway: '-1' } }));
    const net = engine.net;
    const snap = at(net, 5, 0.5, 'left', -1);
    for (const approach of ['either', 'kerb'] as const) {
      const { states } = locationStates(engine.graph, [{ snap, approach }]);
      expect(states).toHaveLength(1);
      expect(osmNodeOf(net, net.edgeFrom[states[0]!.edgeIdx]!)).toBe(8);
    }
  });

  it('never drives a one-way street against its direction', () => {
    const engine = engineFor(gridOsm({ 3: { oneway: 'yes' } }));
    // From halfway 4→5 to a quarter along it (behind): must go round a block, never backwards.
    const m = matrix(engine, [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 3, 0.25) }]);
    expect(m.distancesM[1]).toBe(55 + 111 + 111 + 111 + 28);
  });
});

describe('U-turns', () => {
  // P: on 4-5, served eastbound (kerb on the right going east). Q: on 4-5 at t=0.25, served westbound.
  const stops = (net: RoadNetwork): RouteLocation[] => [
    { snap: at(net, 3, 0.5, 'right'), approach: 'kerb' },
    { snap: at(net, 3, 0.25, 'left'), approach: 'kerb' },
  ];

  it('are forbidden at ordinary junctions by default: the truck loops round the block 5-6-3-2-5', () => {
    const engine = engineFor(gridOsm());
    const m = matrix(engine, stops(engine.net));
    // 55 to node 5, 4 × 111 round the block, then 83 back west to Q.
    expect(m.distancesM[1]).toBe(55 + 4 * 111 + 83);
  });

  it('cost the U-turn penalty when the profile allows them everywhere', () => {
    const engine = engineFor(gridOsm(), { uTurns: 'always', uTurnPenaltySec: 30 });
    const m = matrix(engine, stops(engine.net));
    expect(m.distancesM[1]).toBe(55 + 83);
    const plain = engine.graph.edgeDurDs;
    const e = edgeOf(engine.net, 3);
    expect(m.durationsDs[1]).toBe(plain[e]! - Math.round(0.5 * plain[e]!) + 300 + Math.round(0.75 * plain[e]!));
  });

  it('are allowed at a dead end (the Impasse), with the penalty', () => {
    const engine = engineFor(gridOsm());
    // D: eastbound on the Impasse halfway; E: westbound on it a quarter from node 6.
    const locs: RouteLocation[] = [
      { snap: at(engine.net, 13, 0.5, 'right'), approach: 'kerb' },
      { snap: at(engine.net, 13, 0.25, 'left'), approach: 'kerb' },
    ];
    const m = matrix(engine, locs);
    expect(m.distancesM[1]).toBe(55 + 83);
    const legs = routeAlong(engine, locs);
    expect(legs[0]!.turnDs).toEqual([300]);
  });

  it('are never allowed with uTurns "never", even at a dead end', () => {
    const engine = engineFor(gridOsm(), { uTurns: 'never' });
    const locs: RouteLocation[] = [
      { snap: at(engine.net, 13, 0.5, 'right'), approach: 'kerb' },
      { snap: at(engine.net, 13, 0.25, 'left'), approach: 'kerb' },
    ];
    expect(matrix(engine, locs).distancesM[1]).toBe(Infinity);
  });
});

describe('kerb-side approach', () => {
  it('snapping keeps the side of the street the point lies on', () => {
    const net = buildRoadNetwork(gridOsm());
    const [north, south] = snapPoints(net, [
      [0.5 * U, U + 0.00005],
      [0.5 * U, U - 0.00005],
    ]);
    expect(north).toMatchObject({ ok: true, snap: { edgeIdx: edgeOf(net, 3), side: 'left' } });
    expect(south).toMatchObject({ ok: true, snap: { edgeIdx: edgeOf(net, 3), side: 'right' } });
  });

  it('serves a kerb bin on the north side of an east-west street only westbound (right-hand traffic)', () => {
    const engine = engineFor(gridOsm());
    const net = engine.net;
    const snap = at(net, 3, 0.5, 'left');
    expect(locationStates(engine.graph, [{ snap, approach: 'either' }]).states).toHaveLength(2);
    const { states } = locationStates(engine.graph, [{ snap, approach: 'kerb' }]);
    expect(states.map((s) => s.edgeIdx)).toEqual([edgeOf(net, 3, -1)]);
  });

  it('gives the solver one state row per allowed direction, and the location matrix is the best over them', () => {
    const engine = engineFor(gridOsm());
    const locs: RouteLocation[] = [
      { snap: at(engine.net, 7, 0.5) },
      { snap: at(engine.net, 3, 0.5, 'left'), approach: 'kerb' },
      { snap: at(engine.net, 12, 0.5, 'left'), approach: 'either' },
    ];
    const m = matrix(engine, locs);
    expect(stateRowsOf(m.states, 0)).toHaveLength(2);
    expect(stateRowsOf(m.states, 1)).toHaveLength(1);
    const n = m.states.states.length;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (i === j) continue;
        const best = Math.min(...stateRowsOf(m.states, i).flatMap((a) => stateRowsOf(m.states, j).map((b) => m.stateDurationsDs![a * n + b]!)));
        expect(m.durationsDs[i * 3 + j]).toBe(best);
      }
    }
    expect(() => stateRowsOf(m.states, 3)).toThrow(RangeError);
  });

  it('uses the other direction when the profile drives on the left', () => {
    const engine = engineFor(gridOsm(), { drivingSide: 'left' });
    const { states } = locationStates(engine.graph, [{ snap: at(engine.net, 3, 0.5, 'left'), approach: 'kerb' }]);
    expect(states.map((s) => s.edgeIdx)).toEqual([edgeOf(engine.net, 3, 1)]);
  });

  it('a kerb bin costs more to reach than the same bin with either approach when the direction is wrong', () => {
    const engine = engineFor(gridOsm());
    // Depot halfway along 1-4 (west side); bin on the north side of 4-5.
    const depot = { snap: at(engine.net, 7, 0.5) };
    const either = matrix(engine, [depot, { snap: at(engine.net, 3, 0.5, 'left'), approach: 'either' }]);
    const kerb = matrix(engine, [depot, { snap: at(engine.net, 3, 0.5, 'left'), approach: 'kerb' }]);
    expect(either.distancesM[1]).toBe(55 + 56);
    expect(kerb.distancesM[1]).toBe(56 + 111 + 111 + 55);
    // Served westbound: the route goes 1-2-5 and arrives along 5→4.
    const [leg] = routeAlong(engine, [depot, { snap: at(engine.net, 3, 0.5, 'left'), approach: 'kerb' }]);
    expect(leg!.edgeIdxs.at(-1)).toBe(edgeOf(engine.net, 3, -1));
  });

  it('on a one-way street the travel direction serves the bin whatever its side', () => {
    const engine = engineFor(gridOsm({ 3: { oneway: 'yes' } }));
    const { states } = locationStates(engine.graph, [{ snap: at(engine.net, 3, 0.5, 'left'), approach: 'kerb' }]);
    expect(states.map((s) => s.edgeIdx)).toEqual([edgeOf(engine.net, 3, 1)]);
  });
});

describe('unreachable locations', () => {
  it('reports a bin on an island street with its reason, never routing it', () => {
    const engine = engineFor(gridOsm());
    const m = matrix(engine, [{ snap: at(engine.net, 1, 0.5) }, { snap: at(engine.net, 14, 0.5) }, { snap: at(engine.net, 4, 0.5) }]);
    expect(m.unreachable).toEqual([{ index: 1, reason: "street not connected to the depot's road network (isolated component)" }]);
    expect(m.durationsDs[1]).toBe(Infinity);
    expect(() => routeAlong(engine, [{ snap: at(engine.net, 1, 0.5) }, { snap: at(engine.net, 14, 0.5) }])).toThrow(/no drivable path to stop 1/);
  });

  it('reports a kerb bin that turn rules keep from the depot', () => {
    // Depot on the Impasse; with uTurns "never" nothing can come back out of the dead end.
    const engine = engineFor(gridOsm(), { uTurns: 'never' });
    const m = matrix(engine, [{ snap: at(engine.net, 13, 0.5, 'right'), approach: 'kerb' }, { snap: at(engine.net, 1, 0.5) }]);
    expect(m.unreachable).toEqual([{ index: 1, reason: 'one-way streets, turn restrictions or the no-U-turn rule prevent coming from the depot' }]);
  });
});

describe('contraction hierarchy', () => {
  it('gives exactly the plain Dijkstra durations and distances between all states', () => {
    const engine = engineFor(gridOsm({ 3: { oneway: 'yes' } }, [restriction(900, 'no_left_turn', 3, 5, 9)]));
    const locs: RouteLocation[] = [];
    for (const [w] of WAYS) for (const t of [0.1, 0.5, 0.9]) locs.push({ snap: at(engine.net, w, t, t < 0.5 ? 'left' : 'right'), approach: t === 0.5 ? 'kerb' : 'either' });
    const m = matrix(engine, locs);
    expect(m.states.states.length).toBeGreaterThan(locs.length);
  });

  it('survives a serialise → deserialise round trip', () => {
    const osm = gridOsm();
    const net = buildRoadNetwork(osm);
    const graph = buildTurnGraph(net, osm);
    const ch = buildContractionHierarchy(graph);
    const bytes = serializeCh(ch);
    expect(deserializeCh(bytes, graph)).toEqual(ch);
    const again = buildRoutingEngine(net, osm, bytes);
    expect(again.fromCache).toBe(true);
  });

  it('rejects truncated, corrupt or foreign cache bytes with a RoadDataError naming the source', () => {
    const osm = gridOsm();
    const graph = buildTurnGraph(buildRoadNetwork(osm), osm);
    const bytes = serializeCh(buildContractionHierarchy(graph));
    expect(() => deserializeCh(bytes.subarray(0, bytes.length - 3), graph, 'ch.bin')).toThrow(new RoadDataError('ch.bin', 'truncated or corrupt (wrong length)'));
    const flipped = bytes.slice();
    flipped[0] = 0;
    expect(() => deserializeCh(flipped, graph, 'ch.bin')).toThrow(/ch.bin: not a contraction hierarchy/);
    const other = buildTurnGraph(buildRoadNetwork(osm, { uTurns: 'always' }), osm);
    expect(() => deserializeCh(bytes, other, 'ch.bin')).toThrow(/built from another road graph or profile/);
    const rebuilt = buildRoutingEngine(buildRoadNetwork(osm, { uTurns: 'always' }), osm, bytes);
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.cacheError).toMatch(/another road graph/);
  });
});

describe('truck profile', () => {
  it('documents the defaults and the 26 t profile exactly (TRUCK_PROFILE.md)', () => {
    const md = readFileSync('solver/src/roads/TRUCK_PROFILE.md', 'utf8');
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as unknown);
    expect(blocks[0]).toEqual(resolveTruckProfile());
    expect(blocks[1]).toEqual(GARBAGE_TRUCK_26T);
  });

  it('parses weight and size limits with units', () => {
    expect(parseLimit('7.5', 'weight')).toBe(7.5);
    expect(parseLimit('3500 kg', 'weight')).toBe(3.5);
    expect(parseLimit('3.2 m', 'length')).toBe(3.2);
    expect(parseLimit('12\'6"', 'length')).toBeCloseTo(3.81, 2);
    expect(parseLimit('none', 'length')).toBeNull();
  });

  it('keeps a 26 t truck out of maxweight 3.5, hgv=no and destination-only streets, but not the default profile', () => {
    const resolved = { ...buildRoadNetwork(gridOsm(), GARBAGE_TRUCK_26T).profile };
    for (const tags of [{ maxweight: '3.5' }, { hgv: 'no' }, { access: 'destination' }, { maxheight: '3' }, { maxwidth: '2.2' }] as Record<string, string>[]) {
      expect(isDrivableWay({ highway: 'residential', ...tags }, resolved)).toBe(false);
    }
    expect(isDrivableWay({ highway: 'residential', maxweight: '32' }, resolved)).toBe(true);
    expect(isDrivableWay({ highway: 'residential', hgv: 'no' })).toBe(false);
    expect(isDrivableWay({ highway: 'residential', maxweight: '3.5' })).toBe(true);
  });
});

describe('route steps on the grid', () => {
  it('names the maneuvers of a known drive: east on Rue 4-5, left onto Rue 2-5, arrive on the right', () => {
    const engine = engineFor(gridOsm({ 3: { oneway: 'yes' } }));
    // B on 2-5 halfway, on the east side: seen driving north (5→2, against the way order) it is on the right.
    const stops: RouteLocation[] = [{ snap: at(engine.net, 3, 0.5) }, { snap: at(engine.net, 9, 0.5, 'left') }];
    const [steps] = routeSteps(engine, stops, routeAlong(engine, stops));
    expect(steps!.map((s) => [s.maneuver.type, s.maneuver.modifier ?? null, s.name, s.distance])).toEqual([
      ['depart', null, 'Rue 4-5', 55],
      ['turn', 'left', 'Rue 2-5', 56],
      ['arrive', 'right', 'Rue 2-5', 0],
    ]);
    expect(steps!.map((s) => instructionText(s, 'en'))).toEqual([
      'Head east on Rue 4-5',
      'Turn left onto Rue 2-5',
      'You have arrived at your destination, on the right',
    ]);
    expect(steps!.map((s) => instructionText(s, 'fr'))).toEqual([
      'Se diriger vers l’est sur la rue 4-5',
      'Tourner à gauche sur la rue 2-5',
      'Vous êtes arrivé à votre destination, sur la droite',
    ]);
  });

  it('classifies turn angles into OSRM modifiers', () => {
    expect([0, 30, -30, 90, -90, 150, -150].map(modifierOf)).toEqual(['straight', 'slight right', 'slight left', 'right', 'left', 'sharp right', 'sharp left']);
  });
});
