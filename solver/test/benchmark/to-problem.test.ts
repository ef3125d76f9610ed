import { describe, expect, it } from 'vitest';
import {
  BENCHMARK_COST_PER_KM,
  HIERARCHICAL_VEHICLE_COST,
  benchmarkToProblem,
  checkDayPlan,
  checkVrpSolution,
  nearestNeighbourDay,
  parseCvrplib,
  parseProblemJson,
  parseSolomon,
  planToRoutes,
  resolveExplicitMatrix,
  routesDistance,
  solveDay,
} from '../../src/index.js';
import { CVRP, TINY_TW } from './instances.js';

/** A converted document written out and read back, as `npm run solve -- problem.json` reads it. */
const reread = (doc: unknown) => parseProblemJson(JSON.parse(JSON.stringify(doc)) as unknown);

describe('benchmarkToProblem: Solomon, distance objective (DIMACS tenths)', () => {
  const inst = parseSolomon(TINY_TW);
  const problem = reread(benchmarkToProblem(inst));

  it('writes a document parseProblemJson accepts, with one bin per customer and the file fleet', () => {
    expect(problem.bins.map((b) => b.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(problem.vehicles).toHaveLength(3);
    expect(problem.depots).toEqual([{ id: 'depot', locationIndex: 0, location: [0, 0], openSec: 0, closeSec: 2000 }]);
    // the coordinates, depot at [0, 0], scaled by the largest offset (8): directions kept
    expect(problem.bins.map((b) => b.location)).toEqual([[0.375, 0.5], [0.75, 1], [-0.375, 0.5], [0.125, 0.125]]);
    expect(problem.disposalSites[0]).toMatchObject({ locationIndex: 0, unloadingSec: 0, timeWindows: [{ openSec: 0, closeSec: 2000 }] });
    expect(problem.objective).toEqual({ type: 'weighted' });
  });

  it("keeps the instance's integers in tenths: matrix = dist, windows and service times x 10", () => {
    expect(problem.matrix?.distancesM[0]).toEqual([0, 50, 100, 50, 14]);
    expect(problem.matrix?.durationsSec).toEqual(problem.matrix?.distancesM);
    for (let i = 0; i < inst.nNodes; i++) for (let j = 0; j < inst.nNodes; j++) expect(problem.matrix?.distancesM[i]?.[j]).toBe(inst.dist[i * inst.nNodes + j]);
    expect(problem.bins[3]).toMatchObject({ demandLitres: 5, demandKg: 5, serviceSec: 20, timeWindows: [{ openSec: 200, closeSec: 600 }], stream: 'residual', mandatory: true });
    expect(problem.vehicles[0]).toMatchObject({ capacityLitres: 20, capacityKg: 20, dailyCapacityKg: 20, shiftStartSec: 0, shiftEndSec: 2000, costs: { perKm: BENCHMARK_COST_PER_KM, perHour: 0, fixed: 0 } });
  });

  it('gives plans whose distance, cost and routes the benchmark checker confirms', () => {
    const resolved = resolveExplicitMatrix(problem);
    for (const plan of [nearestNeighbourDay(resolved), solveDay(resolved, { seed: 1, iterations: 50 }).plan]) {
      expect(checkDayPlan(resolved, plan)).toEqual([]);
      expect(plan.unassigned).toEqual([]);
      const routes = planToRoutes(plan);
      expect(plan.totals.distanceM).toBe(routesDistance(inst, routes));
      expect(Math.round(plan.totals.cost)).toBe(plan.totals.distanceM);
      const check = checkVrpSolution(inst, routes);
      expect(check.violations).toEqual([]);
      expect(check.cost).toBe(plan.totals.distanceM);
    }
  });

  it('allows one load per truck, as Solomon does, although the site sits at the depot', () => {
    const plan = nearestNeighbourDay(resolveExplicitMatrix(problem));
    for (const r of plan.routes) {
      expect(r.collectedKg).toBeLessThanOrEqual(20);
      expect(r.disposalTrips).toBe(1);
    }
  });
});

describe('benchmarkToProblem: Solomon, hierarchical objective', () => {
  const inst = parseSolomon(TINY_TW);
  const problem = reread(benchmarkToProblem(inst, 'hierarchical'));

  it('scales the file by 50, rounds every travel time up (a plan feasible on it is feasible on the real distances) and charges each vehicle more than any distance', () => {
    expect(problem.objective).toEqual({ type: 'weighted' });
    expect(problem.vehicles[0]?.costs).toEqual({ perKm: BENCHMARK_COST_PER_KM, perHour: 0, fixed: HIERARCHICAL_VEHICLE_COST });
    // customer 4 at (1, 1): sqrt(2) = 1.41421... → 70.71... → 71
    expect(problem.matrix?.durationsSec[0]?.[4]).toBe(71);
    expect(problem.bins[3]).toMatchObject({ serviceSec: 100, timeWindows: [{ openSec: 1000, closeSec: 3000 }] });
    const resolved = resolveExplicitMatrix(problem);
    const { plan } = solveDay(resolved, { seed: 1, iterations: 50 });
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    expect(checkVrpSolution(inst, planToRoutes(plan), { realDistances: true }).violations).toEqual([]);
    // 35 units of demand on trucks of 20: two trucks, which the search finds
    expect(plan.totals.vehiclesUsed).toBe(2);
  });
});

describe('benchmarkToProblem: CVRPLIB', () => {
  const inst = parseCvrplib(CVRP);
  const problem = reread(benchmarkToProblem(inst));

  it('has no time at all, HGS-CVRP\'s fleet and the EUC_2D distances; plans cost their distance', () => {
    expect(problem.vehicles).toHaveLength(Math.ceil((1.3 * 15) / 10) + 3);
    expect(problem.matrix?.durationsSec.flat().every((t) => t === 0)).toBe(true);
    expect(problem.bins.every((b) => b.serviceSec === 0 && b.timeWindows === undefined)).toBe(true);
    const resolved = resolveExplicitMatrix(problem);
    const { plan } = solveDay(resolved, { seed: 1, iterations: 30 });
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    const check = checkVrpSolution(inst, planToRoutes(plan));
    expect(check.violations).toEqual([]);
    expect(check.cost).toBe(plan.totals.distanceM);
    // customers 1 + 2 (4 + 5) and 3 (6): D→1→2→D = 5 + 3 + 5, D→3→D = 1 + 1
    expect(plan.totals.distanceM).toBe(15);
  });
});
