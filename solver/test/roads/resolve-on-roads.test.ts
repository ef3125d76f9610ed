/**
 * A problem with [lng, lat] places resolves onto the sample extract: bins cut off from the depot
 * are reported with the road engine's reason, and the baseline's plan on it is checker-clean.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildRoadNetwork,
  buildRoutingEngine,
  checkDayPlan,
  nearestNeighbourDay,
  parseOsm,
  parseProblemJson,
  ProblemError,
  resolveOnRoads,
  type ProblemJson,
  type RoadNetwork,
} from '../../src/index.js';

let net: RoadNetwork;
beforeAll(() => {
  net = buildRoadNetwork(parseOsm(readFileSync('data/osm/monaco-2016-03-05.osm.pbf'), 'monaco-2016-03-05.osm.pbf'));
});

const H = 3600;
function day(bins: { id: string; location: [number, number] }[]): ProblemJson {
  return parseProblemJson({
    version: 1,
    depots: [{ id: 'depot', location: [7.41555, 43.72905] }],
    disposalSites: [{ id: 'site', location: [7.40505, 43.7279], unloadingSec: 1200, streams: ['residual'] }],
    bins: bins.map((b) => ({ ...b, stream: 'residual', demandLitres: 500, demandKg: 60, serviceSec: 30 })),
    vehicles: [{ id: 'v', streams: ['residual'], capacityLitres: 1200, capacityKg: 2000, shiftStartSec: 6 * H, shiftEndSec: 13 * H, startDepotId: 'depot', endDepotId: 'depot' }],
  });
}

describe('resolveOnRoads', () => {
  it('routes bins on Monaco streets with disposal trips and reports a bin in the sea as unreachable', () => {
    const doc = day([
      { id: 'casino', location: [7.4275, 43.7395] },
      { id: 'port', location: [7.4219, 43.7346] },
      { id: 'fontvieille', location: [7.4182, 43.7290] },
      { id: 'sea', location: [7.44, 43.72] },
    ]);
    const { resolved, unreachableBins } = resolveOnRoads(doc, net);
    expect([...unreachableBins.keys()]).toEqual(['sea']);
    const plan = nearestNeighbourDay(resolved);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    expect(plan.unassigned).toEqual([{ binId: 'sea', reason: 'unreachable', detail: expect.stringMatching(/no drivable street/) }]);
    expect(plan.routes[0]?.disposalTrips).toBe(2);
  });

  it('refuses a depot far from every street, naming its path', () => {
    const doc = day([{ id: 'casino', location: [7.4275, 43.7395] }]);
    const broken: ProblemJson = { ...doc, depots: [{ ...doc.depots[0]!, location: [7.45, 43.70] }] };
    expect(() => resolveOnRoads(broken, net)).toThrow(ProblemError);
    try {
      resolveOnRoads(broken, net);
    } catch (e) {
      expect((e as ProblemError).issues.map((i) => i.path)).toEqual(['depots[0].location']);
    }
  });
});

describe('resolveOnRoads with kerb-side bins', () => {
  it('serves a kerb bin only with the bin on the driving side: never quicker than "either", slower for some', () => {
    const osm = parseOsm(readFileSync('data/osm/monaco-2016-03-05.osm.pbf'), 'monaco-2016-03-05.osm.pbf');
    const { engine } = buildRoutingEngine(net, osm);
    const rows = readFileSync('data/sample/bins.csv', 'utf8').trim().split('\n').slice(1, 61);
    const header = readFileSync('data/sample/bins.csv', 'utf8').split('\n')[0]!.split(',');
    const lng = header.indexOf('lng');
    const lat = header.indexOf('lat');
    const bins = rows.map((r, i) => {
      const f = r.split(',');
      return { id: `b${i}`, location: [Number(f[lng]), Number(f[lat])] as [number, number] };
    });
    const either = resolveOnRoads(day(bins), net, 100, engine).resolved;
    const kerbDoc = day(bins);
    const kerb = resolveOnRoads({ ...kerbDoc, bins: kerbDoc.bins.map((b) => ({ ...b, approach: 'kerb' as const })) }, net, 100, engine).resolved;
    const n = either.matrix.size;
    expect(kerb.matrix.size).toBe(n);
    let slower = 0;
    for (let k = 0; k < n * n; k++) {
      const e = either.matrix.durations[k] ?? 0;
      const c = kerb.matrix.durations[k] ?? 0;
      expect(c).toBeGreaterThanOrEqual(e);
      if (c > e) slower++;
    }
    expect(slower).toBeGreaterThan(0);
  });
});
