/**
 * The street of a place for the driver's tablet: its own street's name, or the nearest named one
 * along the graph when its own piece has none (a service road), on the bundled Monaco extract.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoadNetwork, edgeInfo, parseOsm, type RoadNetwork, type SnapResult } from '../solver.js';
import { MAX_NAME_SEARCH_M, nearestStreetName } from './street-names.js';

let net: RoadNetwork;
const snapOn = (edgeIdx: number, t = 0.5): SnapResult => ({ ok: true, snap: { edgeIdx, t, lngLat: [0, 0], offsetM: 3 } });

beforeAll(() => {
  net = buildRoadNetwork(parseOsm(new Uint8Array(readFileSync(new URL('../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url))), 'monaco'));
});

describe('nearestStreetName', () => {
  it("names a place on a named street by that street's name", () => {
    const named = [...Array(net.edgeCount).keys()].find((e) => edgeInfo(net, e).name !== null)!;
    expect(nearestStreetName(net, snapOn(named))).toBe(edgeInfo(net, named).name);
  });

  it('names a place on an unnamed piece by the nearest named street reachable from it', () => {
    const unnamed = [...Array(net.edgeCount).keys()].filter((e) => edgeInfo(net, e).name === null);
    expect(unnamed.length).toBeGreaterThan(0);
    // an unnamed piece whose end meets a named street directly
    const e = unnamed.find((u) => {
      const to = net.edgeTo[u]!;
      for (let i = net.outStart[to]!; i < net.outStart[to + 1]!; i++) if (edgeInfo(net, net.outEdges[i]!).name !== null) return edgeInfo(net, u).lengthM < MAX_NAME_SEARCH_M;
      return false;
    })!;
    const to = net.edgeTo[e]!;
    const around = new Set<string>();
    for (const node of [to, net.edgeFrom[e]!]) for (let i = net.outStart[node]!; i < net.outStart[node + 1]!; i++) around.add(edgeInfo(net, net.outEdges[i]!).name ?? '');
    const name = nearestStreetName(net, snapOn(e, 0.99));
    expect(name).not.toBeNull();
    expect(around).toContain(name);
  });

  it('says nothing without a snap or a network', () => {
    expect(nearestStreetName(net, { ok: false, reason: 'too far from any street' })).toBeNull();
    expect(nearestStreetName(net, undefined)).toBeNull();
    expect(nearestStreetName(null, snapOn(0))).toBeNull();
  });
});
