/**
 * `solveDay`'s cooperative stop (a cancelled job keeps its best plan so far) and the current
 * routes its progress reports carry (the dashboard draws them while the search runs).
 */
import { describe, expect, it } from 'vitest';
import { checkDayPlan, solveDay, type SolveDayProgress } from '../../src/index.js';
import { resolveDay, type DaySpec } from './helpers.js';

// Twelve bins on a line and a ring, two trucks: enough for a search of a few hundred iterations.
const spec: DaySpec = {
  at: Object.fromEntries([['D', [0, 0]], ['S', [0, 1]], ...Array.from({ length: 12 }, (_, i) => [`B${i}`, [(i % 6) + 1, i < 6 ? 1 : -2]])]) as DaySpec['at'],
  bins: Array.from({ length: 12 }, (_, i) => ({ id: `B${i}` })),
  vehicles: [{ id: 'V' }, { id: 'W' }],
};

describe('solveDay: stopping early and the routes of progress reports', () => {
  it('stops at the first progress report once asked to, and returns a checker-clean plan that serves every bin', () => {
    const resolved = resolveDay(spec);
    let reports = 0;
    let stop = false;
    const { plan, stats } = solveDay(resolved, {
      seed: 1,
      iterations: 5000,
      shouldStop: () => stop,
      onProgress: () => {
        reports++;
        if (reports === 2) stop = true;
      },
    });
    expect(stats.iterations).toBeLessThan(5000);
    expect(reports).toBe(2);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    expect(plan.routes.flatMap((r) => r.steps.filter((s) => s.type === 'bin').map((s) => s.id)).sort()).toEqual(spec.bins.map((b) => b.id).sort());
  });

  it('reports the current routes as bin ids per vehicle, each bin once', () => {
    const resolved = resolveDay(spec);
    const seen: ReturnType<SolveDayProgress['routes']>[] = [];
    solveDay(resolved, { seed: 1, iterations: 40, onProgress: (p) => seen.push(p.routes()) });
    expect(seen.length).toBeGreaterThan(0);
    for (const routes of seen) {
      expect(routes.flatMap((r) => r.binIds).sort()).toEqual(spec.bins.map((b) => b.id).sort());
      for (const r of routes) expect(['V', 'W']).toContain(r.vehicleId);
    }
  });
});
