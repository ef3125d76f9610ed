import { describe, expect, it } from 'vitest';
import { checkDayPlan } from '../../src/index.js';
import { Individual } from '../../src/search/individual.js';
import { GENETIC_MAX_BINS, geneticApplies } from '../../src/search/genetic.js';
import { buildDayModel, DISPOSAL, type DayModel } from '../../src/search/model.js';
import { Routes } from '../../src/search/routes.js';
import { splitTour } from '../../src/search/split.js';
import { H, resolveDay, solve, type DaySpec } from './helpers.js';

/** The search over a hand-made day (every bin a neighbour of every other). */
function searchOf(spec: DaySpec): Routes {
  const m = buildDayModel(resolveDay(spec));
  const all = (u: number): Int32Array => Int32Array.from({ length: m.nBins }, (_, i) => i).filter((v) => v !== u);
  return new Routes(m, Array.from({ length: m.nBins }, (_, u) => all(u)));
}

/** A route's node sequence as ids: bins by id, disposal visits as their site's id. */
function named(m: DayModel, seq: readonly number[]): string[] {
  return seq.map((v) => (m.kind[v] === DISPOSAL ? m.sites[m.siteOf[v] ?? 0]?.id ?? '?' : m.bins[v]?.id ?? '?'));
}

const node = (m: DayModel, id: string): number => m.binNode.get(id) ?? -1;

describe('geneticApplies', () => {
  const base: DaySpec = {
    at: { D: [0, 0], S: [2, 1], A: [1, 0], B: [2, 0] },
    bins: [{ id: 'A' }, { id: 'B' }],
    vehicles: [{ id: 'V1' }, { id: 'V2' }],
  };

  it('holds for a fleet of identical vehicles with nothing pinned', () => {
    expect(geneticApplies(buildDayModel(resolveDay(base)))).toBe(true);
  });

  it('does not hold above GENETIC_MAX_BINS bins (ruin and recreate does more there)', () => {
    const n = GENETIC_MAX_BINS + 1;
    const at: Record<string, readonly [number, number]> = { D: [0, 0], S: [2, 1] };
    for (let i = 0; i < n; i++) at[`b${i}`] = [i % 20, Math.floor(i / 20)];
    const big: DaySpec = { at, bins: Array.from({ length: n }, (_, i) => ({ id: `b${i}` })), vehicles: [{ id: 'V1' }, { id: 'V2' }] };
    expect(geneticApplies(buildDayModel(resolveDay(big)))).toBe(false);
    expect(geneticApplies(buildDayModel(resolveDay({ ...big, bins: big.bins.slice(0, GENETIC_MAX_BINS) })))).toBe(true);
  });

  it('does not hold when a vehicle differs, a bin is locked, or a vehicle has a fixed prefix', () => {
    const unlike = { ...base, vehicles: [{ id: 'V1' }, { id: 'V2', capacityLitres: 5000 }] };
    const locked = { ...base, locks: [{ vehicleId: 'V1', binIds: ['A'] }] };
    const prefix: DaySpec = { ...base, fixedPrefixes: [{ vehicleId: 'V1', doneBinIds: ['A'], at: 'A', atSec: 9 * H, loadLitres: 100, loadKg: 20 }] };
    expect(geneticApplies(buildDayModel(resolveDay(unlike)))).toBe(false);
    expect(geneticApplies(buildDayModel(resolveDay(locked)))).toBe(false);
    expect(geneticApplies(buildDayModel(resolveDay(prefix)))).toBe(false);
  });
});

describe('splitTour', () => {
  it('keeps a tour on one truck with an unloading trip where the truck would overflow, when that is shortest', () => {
    // D (0,0); A (1,0), B (2,0), C (3,0), 100 L each; capacity 250 L; site S (2,1).
    //   one route A, B, S, C (then S, D): 1 + 1 + 1 + 2 + 2 + 3 = 10 km
    //   two routes: [A, B] 1 + 1 + 1 + 3 = 6 and [C] 3 + 2 + 3 = 8, 14 km; [A] 1 + 2 + 3 = 6 and [B, C] 2 + 1 + 2 + 3 = 8, 14 km
    const s = searchOf({
      at: { D: [0, 0], S: [2, 1], A: [1, 0], B: [2, 0], C: [3, 0] },
      bins: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      vehicles: [{ id: 'V1', capacityLitres: 250 }, { id: 'V2', capacityLitres: 250 }],
    });
    const m = s.m;
    const routes = splitTour(s, Int32Array.from(['A', 'B', 'C'].map((id) => node(m, id))));
    expect(routes.map((r) => named(m, r))).toEqual([['A', 'B', 'S', 'C'], []]);
    s.load(routes);
    expect(s.totalCost()).toBeCloseTo(10, 9);
  });

  // D (0,0), site S (0,1); A (5,0) any time; C (1,0) must be emptied by 08:02. The tour [A, C] on one truck
  // reaches C at 08:11 (300 s to A, 120 s there, 240 s to C): 540 s late.
  const late: DaySpec = {
    at: { D: [0, 0], S: [0, 1], A: [5, 0], C: [1, 0] },
    bins: [{ id: 'A' }, { id: 'C', timeWindows: [{ openSec: 8 * H, closeSec: 8 * H + 120 }] }],
    vehicles: [{ id: 'V1' }, { id: 'V2' }],
  };

  it('cuts a tour into two routes when one would be late', () => {
    const s = searchOf(late);
    const routes = splitTour(s, Int32Array.from([node(s.m, 'A'), node(s.m, 'C')]));
    expect(routes.map((r) => named(s.m, r))).toEqual([['A'], ['C']]);
  });

  it('with one truck, leaves out the bin that costs more rather than be late (fleet-limited split)', () => {
    // [C] alone: 1 + 2 + 1 = 4 km and A left out; [A] alone: 5 + 6 + 1 = 12 km and C left out;
    // both: 540 s late.
    const s = searchOf({ ...late, vehicles: [{ id: 'V1' }] });
    const routes = splitTour(s, Int32Array.from([node(s.m, 'A'), node(s.m, 'C')]));
    expect(routes.map((r) => named(s.m, r))).toEqual([['C']]);
  });
});

describe('Individual', () => {
  const spec: DaySpec = {
    at: { D: [0, 0], S: [0, 1], A: [1, 0], B: [2, 0], C: [3, 0], E: [0, 3] },
    bins: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'E', mandatory: false, prize: 1 }],
    vehicles: [{ id: 'V1' }, { id: 'V2' }],
  };

  it('reads cost, tour and broken pairs off the search: a reversed route breaks no pair, a reordered one does', () => {
    const s = searchOf(spec);
    const m = s.m;
    const [a, b, c] = ['A', 'B', 'C'].map((id) => node(m, id)) as [number, number, number];
    s.load([[a, b, c], []]);
    const forward = new Individual(s);
    // D-A-B-C-S-D: the route cost the search computes, plus E's prize (1)
    expect(forward.objective).toBeCloseTo((s.rCost[0] ?? 0) + 1, 9);
    expect(forward.feasible).toBe(true);
    expect([...forward.tour]).toEqual([a, b, c, node(m, 'E')]);
    s.load([[], [c, b, a]]);
    expect(forward.brokenPairs(new Individual(s))).toBe(0);
    s.load([[a, c, b], []]);
    // links of D-A-B-C-D: D-A and B-C survive in D-A-C-B-D; A-B and C-D are broken: 2 of 4 bins
    expect(forward.brokenPairs(new Individual(s))).toBeCloseTo(2 / 4, 9);
  });
});

describe('solveDay with the genetic search (identical trucks)', () => {
  // Twenty bins on a grid, three identical trucks of 1,000 L with a break, one site.
  const spec: DaySpec = {
    at: Object.fromEntries([
      ['D', [0, 0]],
      ['S', [4, 4]],
      ...Array.from({ length: 20 }, (_, i) => [`b${i}`, [(i * 7) % 9, (i * 4) % 8]] as const),
    ]),
    bins: Array.from({ length: 20 }, (_, i) => ({
      id: `b${i}`,
      demandLitres: 150 + 50 * (i % 4),
      ...(i % 5 === 0 ? { timeWindows: [{ openSec: 9 * H, closeSec: 10 * H }] } : {}),
      ...(i % 7 === 3 ? { mandatory: false, prize: 4 } : {}),
    })),
    vehicles: ['T1', 'T2', 'T3'].map((id) => ({ id, capacityLitres: 1000, breaks: [{ earliestStartSec: 11 * H, latestStartSec: 12 * H, durationSec: 1800 }] })),
  };

  it('applies, and returns the identical checker-clean plan for the same seed and iterations', () => {
    const resolved = resolveDay(spec);
    expect(geneticApplies(buildDayModel(resolved))).toBe(true);
    const a = solve(resolved, 150, 3);
    const b = solve(resolveDay(spec), 150, 3);
    expect(JSON.stringify(b.plan)).toBe(JSON.stringify(a.plan));
    expect(checkDayPlan(resolved, a.plan)).toEqual([]);
    expect(a.stats.cost).toBeLessThanOrEqual(a.stats.baselineCost);
  });
});
