import { describe, expect, it } from 'vitest';
import { benchmarkToProblem, parseCvrplib, parseProblemJson, resolveExplicitMatrix } from '../../src/index.js';
import { linkedRoutes, overlappingSectors } from '../../src/search/local-search.js';
import { buildDayModel } from '../../src/search/model.js';
import { neighbourLists } from '../../src/search/neighbours.js';
import { Routes } from '../../src/search/routes.js';

/** Customers around a depot at the origin: name and coordinates (file units). */
const PLACES: readonly (readonly [string, number, number])[] = [
  ['a1', 10, 0], // 0°
  ['a2', 10, 5], // 26.6°
  ['b1', 10, 3], // 16.7°
  ['b2', 5, 10], // 63.4°
  ['c1', -10, 1], // 174.3°
  ['c2', -10, -1], // 185.7°
  ['e1', 10, -1], // 354.3°
  ['e2', 10, 1], // 5.7°
];

const file = [
  'NAME : sectors', 'TYPE : CVRP', `DIMENSION : ${PLACES.length + 1}`, 'EDGE_WEIGHT_TYPE : EUC_2D', 'CAPACITY : 100',
  'NODE_COORD_SECTION', '1 0 0', ...PLACES.map(([, x, y], i) => `${i + 2} ${x} ${y}`),
  'DEMAND_SECTION', '1 0', ...PLACES.map((_, i) => `${i + 2} 1`),
  'DEPOT_SECTION', '1', '-1', 'EOF', '',
].join('\n');

const problem = parseProblemJson(JSON.parse(JSON.stringify(benchmarkToProblem(parseCvrplib(file)))) as unknown);
const model = buildDayModel(resolveExplicitMatrix(problem));
/** Model node of the customer named `name` (bins are numbered c1, c2, … in file order). */
const node = (name: string): number => model.binNode.get(`c${PLACES.findIndex(([n]) => n === name) + 1}`) ?? -1;

describe('polar sectors for SWAP*', () => {
  it("reads each bin's direction from the depot, in 1/65,536 of a turn", () => {
    const deg = (name: string): number => ((model.angle?.[node(name)] ?? NaN) * 360) / 65536;
    expect(deg('a1')).toBeCloseTo(0, 1);
    expect(deg('a2')).toBeCloseTo(26.57, 1);
    expect(deg('b2')).toBeCloseTo(63.43, 1);
    expect(deg('c2')).toBeCloseTo(185.71, 1);
    expect(deg('e1')).toBeCloseTo(354.29, 1);
  });

  it('has no angles on a bare matrix (no place has a location)', () => {
    const bare = JSON.parse(JSON.stringify(benchmarkToProblem(parseCvrplib(file)))) as { bins: { location?: unknown }[]; depots: { location?: unknown }[]; disposalSites: { location?: unknown }[] };
    for (const list of [bare.bins, bare.depots, bare.disposalSites]) for (const item of list) delete item.location;
    expect(buildDayModel(resolveExplicitMatrix(parseProblemJson(bare))).angle).toBeNull();
  });

  it('pairs the routes whose sectors overlap, across 0° too, and only those', () => {
    const s = new Routes(model, neighbourLists(model));
    const routes = [['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2'], ['e1', 'e2']].map((r) => r.map(node));
    while (routes.length < model.nRoutes) routes.push([]);
    s.load(routes);
    const near = overlappingSectors(s, model.angle as Int32Array);
    const R = model.nRoutes;
    const pair = (r1: number, r2: number): number => near[r1 * R + r2] ?? 0;
    expect(pair(0, 1)).toBe(1); // A [0°, 26.6°] and B [16.7°, 63.4°]
    expect(pair(0, 3)).toBe(1); // E [354.3°, 5.7°] wraps round 0° into A
    expect(pair(0, 2)).toBe(0);
    expect(pair(1, 2)).toBe(0);
    expect(pair(1, 3)).toBe(0);
    expect(pair(2, 3)).toBe(0);
    // the neighbour links (the test on a bare matrix) pair more: here every route holds neighbours of the others
    expect(linkedRoutes(s)[0 * R + 2]).toBe(1);
  });

  it('pairs an empty route with nothing', () => {
    const s = new Routes(model, neighbourLists(model));
    // e1 and e2 stay in the pool: the fourth truck has no bin
    s.load([['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2'], []].map((r) => r.map(node)));
    const near = overlappingSectors(s, model.angle as Int32Array);
    const R = model.nRoutes;
    for (let q = 0; q < R - 1; q++) expect(near[q * R + R - 1]).toBe(0);
    expect(near[0 * R + 1]).toBe(1);
  });
});
