import { describe, expect, it } from 'vitest';
import { checkDayPlan, nearestNeighbourDay, resolveExplicitMatrix, solveDay } from '../../solver/src/index.js';
import { generateFleetDay, plannedRoutes } from './fleet-day.js';

const OPTIONS = { trucks: 4, extraTrucks: 3, binsPerTruck: 20, loads: 2 } as const;

describe('collection days built around a known fleet', () => {
  it('are feasible with the known fleet, which is the smallest by daily tonnage, and deterministic', () => {
    for (const seed of [1, 2]) {
      const { problem, clusters } = generateFleetDay({ ...OPTIONS, seed, objective: 'hierarchical' });
      const resolved = resolveExplicitMatrix(problem);
      const planned = plannedRoutes(resolved, clusters);
      expect(checkDayPlan(resolved, planned)).toEqual([]);
      expect(planned.totals.vehiclesUsed).toBe(OPTIONS.trucks);
      expect(planned.totals.binsServed).toBe(OPTIONS.trucks * OPTIONS.binsPerTruck);
      const daily = problem.vehicles[0]?.dailyCapacityKg ?? Infinity;
      const tonnage = problem.bins.reduce((s, b) => s + b.demandKg, 0);
      expect(tonnage).toBeGreaterThan((OPTIONS.trucks - 1) * daily);
      expect(problem.vehicles).toHaveLength(OPTIONS.trucks + OPTIONS.extraTrucks);
      expect(generateFleetDay({ ...OPTIONS, seed, objective: 'hierarchical' })).toEqual({ problem, clusters });
    }
  });

  for (const objective of ['hierarchical', 'weighted'] as const) {
    it(`lead the engine to the known fleet (${objective}), where the nearest-neighbour start uses more trucks`, () => {
      const starts: number[] = [];
      for (const seed of [1, 3]) {
        const resolved = resolveExplicitMatrix(generateFleetDay({ ...OPTIONS, seed, objective }).problem);
        starts.push(nearestNeighbourDay(resolved).totals.vehiclesUsed);
        const { plan, stats } = solveDay(resolved, { seed: 1, iterations: 60 });
        expect(checkDayPlan(resolved, plan)).toEqual([]);
        expect(plan.unassigned).toEqual([]);
        expect(plan.totals.vehiclesUsed).toBe(OPTIONS.trucks);
        expect(stats.routesEliminated).toBe(stats.startVehicles - OPTIONS.trucks);
      }
      expect(Math.max(...starts)).toBeGreaterThan(OPTIONS.trucks);
    });
  }
});
