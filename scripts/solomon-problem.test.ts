import { describe, expect, it } from 'vitest';
import { checkDayPlan, checkVrpSolution, nearestNeighbourDay, parseCvrplib, parseProblemJson, parseSolomon, resolveExplicitMatrix, solveDay } from '../solver/src/index.js';
import { routesDistance } from '../solver/src/vrp/instance.js';
import {
  SOLOMON_COST_PER_KM,
  parityCsv,
  parityMarkdown,
  paritySummary,
  planDimacsDistance,
  planToSolomonRoutes,
  runParityInstance,
  solomonToProblem,
} from './lib/solomon-problem.js';

/** Depot at the origin, four customers; capacity 20 makes two trucks necessary. */
const TINY = `TINY

VEHICLE
NUMBER     CAPACITY
  3         20

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0        200          0
    1      3         4         10          0        100          5
    2      6         8         10          0        150          5
    3     -3         4         10          0        100          5
    4      1         1          5         20         60          2
`;

const inst = parseSolomon(TINY);
/** The converted problem written out and read back, as `solve problem.json` reads it. */
const problem = parseProblemJson(JSON.parse(JSON.stringify(solomonToProblem(inst))) as unknown);

describe('solomonToProblem', () => {
  it('writes a document parseProblemJson accepts, with one bin per customer and the file fleet', () => {
    expect(problem.bins.map((b) => b.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(problem.vehicles).toHaveLength(3);
    expect(problem.depots).toEqual([{ id: 'depot', locationIndex: 0, openSec: 0, closeSec: 2000 }]);
    expect(problem.disposalSites[0]).toMatchObject({ locationIndex: 0, unloadingSec: 0, timeWindows: [{ openSec: 0, closeSec: 2000 }] });
    expect(problem.objective).toEqual({ type: 'weighted' });
  });

  it('keeps the engine\'s integers in tenths: matrix = dist, windows and service times x 10', () => {
    expect(problem.matrix?.distancesM[0]).toEqual([0, 50, 100, 50, 14]);
    expect(problem.matrix?.durationsSec).toEqual(problem.matrix?.distancesM);
    for (let i = 0; i < inst.nNodes; i++) for (let j = 0; j < inst.nNodes; j++) expect(problem.matrix?.distancesM[i]?.[j]).toBe(inst.dist[i * inst.nNodes + j]);
    expect(problem.bins[3]).toMatchObject({ demandLitres: 5, demandKg: 5, serviceSec: 20, timeWindows: [{ openSec: 200, closeSec: 600 }], stream: 'residual', mandatory: true });
    expect(problem.vehicles[0]).toMatchObject({ capacityLitres: 20, capacityKg: 20, dailyCapacityKg: 20, shiftStartSec: 0, shiftEndSec: 2000, costs: { perKm: SOLOMON_COST_PER_KM, perHour: 0, fixed: 0 } });
  });

  it('gives plans whose distance is routesDistance of the same routes and whose cost is that distance in tenths', () => {
    const resolved = resolveExplicitMatrix(problem);
    for (const plan of [nearestNeighbourDay(resolved), solveDay(resolved, { seed: 1, iterations: 50 }).plan]) {
      expect(checkDayPlan(resolved, plan)).toEqual([]);
      expect(plan.unassigned).toEqual([]);
      const routes = planToSolomonRoutes(plan);
      expect(plan.totals.distanceM).toBe(routesDistance(inst, routes));
      expect(planDimacsDistance(plan)).toBe(routesDistance(inst, routes) / 10);
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

  it('refuses a CVRP instance', () => {
    const cvrp = parseCvrplib('NAME : t\nTYPE : CVRP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\nDEMAND_SECTION\n1 0\n2 5\nDEPOT_SECTION\n1\n-1\nEOF\n');
    expect(() => solomonToProblem(cvrp)).toThrow(/not a Solomon VRPTW instance/);
  });
});

describe('parity run', () => {
  it('solves the .txt and the converted JSON, checks both and reports their distances', async () => {
    const row = await runParityInstance('tiny.txt', TINY, { seed: 1, timeLimitSec: 30, iterations: 50, lp: 'off', bks: 30.8, bksVehicles: 2 });
    expect(row).toMatchObject({ instance: 'TINY', n: 4, bks: 30.8, bksVehicles: 2 });
    expect(row.txt.violations).toBe(0);
    expect(row.json.violations).toBe(0);
    expect(row.json.unassigned).toBe(0);
    expect(row.diff).toBeCloseTo(row.json.distance - row.txt.distance, 6);
    expect(Number.isFinite(row.gapTxtPercent) && Number.isFinite(row.gapJsonPercent)).toBe(true);
    expect(parityCsv([row]).split('\n')[1]).toMatch(/^TINY,4,30.8,2,/);
    expect(parityMarkdown([row], { date: 'd', commit: 'c', machine: 'm', seed: 1, timeLimitSec: 1, lp: 'off' })).toContain('| TINY |');
    expect(paritySummary([row])).toMatchObject({ set: 'parity', instances: 1, allChecked: true, allServed: true });
  });
});
