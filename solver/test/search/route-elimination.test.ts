import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/model/rng.js';
import { Budget } from '../../src/search/budget.js';
import { eliminateRoutes, eliminationApplies } from '../../src/search/route-elimination.js';
import { buildDayModel } from '../../src/search/model.js';
import { neighbourLists } from '../../src/search/neighbours.js';
import { Routes } from '../../src/search/routes.js';
import { resolveDay } from './helpers.js';

/** Six bins on a ring, three trucks each serving two; trucks take `perTruck` bins (100 L, 100 kg each: one load a day) and cost 100 a day. */
function ring(perTruck: number): Routes {
  const at: Record<string, readonly [number, number]> = { D: [0, 0], S: [0, 0] };
  const pts: [number, number][] = [[2, 0], [2, 2], [0, 2], [-2, 2], [-2, 0], [-2, -2]];
  pts.forEach((p, i) => (at[`b${i}`] = p));
  const m = buildDayModel(
    resolveDay({
      at,
      disposalSites: [{ id: 'S', unloadingSec: 0 }],
      bins: pts.map((_, i) => ({ id: `b${i}`, demandKg: 100 })),
      vehicles: ['T1', 'T2', 'T3'].map((id) => ({ id, capacityLitres: 100 * perTruck, capacityKg: 100 * perTruck, dailyCapacityKg: 100 * perTruck, costs: { perKm: 1, perHour: 0, fixed: 100 } })),
    }),
  );
  const s = new Routes(m, neighbourLists(m));
  s.load([[0, 1], [2, 3], [4, 5]]);
  return s;
}

const used = (s: Routes): number => Array.from({ length: s.m.nRoutes }, (_, r) => r).filter((r) => (s.rSize[r] ?? 0) > 0).length;

describe('route elimination', () => {
  it('applies when vehicles cost something', () => {
    expect(eliminationApplies(ring(3))).toBe(true);
  });

  it('takes a truck out when two can carry the day, and leaves the day feasible and cheaper', () => {
    const s = ring(3);
    const before = s.totalCost();
    const stats = eliminateRoutes(s, new Rng(1), new Budget(500));
    expect(stats.removed).toBe(1);
    expect(used(s)).toBe(2);
    expect(s.isFeasible()).toBe(true);
    expect(s.totalCost()).toBeLessThan(before - 99);
    expect(s.routes().flat().filter((v) => v < s.m.nBins).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...s.disabled]).toEqual([0, 0, 0]);
  });

  it('keeps every truck when the loads need them all', () => {
    const s = ring(2);
    const before = s.routes();
    const stats = eliminateRoutes(s, new Rng(1), new Budget(500));
    expect(stats.removed).toBe(0);
    expect(s.routes()).toEqual(before);
  });
});
