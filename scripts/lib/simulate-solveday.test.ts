import { describe, expect, it } from 'vitest';
import { checkDayPlan, type Kilograms, type Litres, type Seconds, type Stream } from '../../solver/src/index.js';
import {
  BREAK_DURATION_SEC,
  DAY_COSTS_EUR,
  buildDayProblem,
  mayPrize,
  routeWithSolveDay,
  simulate,
  type SimBin,
  type SimVehicle,
  type SimWorld,
} from './simulate-core.js';

const MONDAY = Date.UTC(2026, 9, 5);

/**
 * A small grid city: `n` bins on a 100 m grid (30 km/h), residual and packaging alternating, depot
 * and disposal site at the corner; `far` extra bins 15 km away. Two trucks: a 7-h residual shift
 * (gets the break) and a 6-h packaging shift (does not).
 */
function smallWorld(n: number, far = 0): SimWorld {
  const streams: Stream[] = Array.from({ length: n + far }, (_, i) => (i % 2 === 0 ? 'residual' : 'packaging'));
  const bins: SimBin[] = streams.map((stream, i) => ({ binId: `B${i}`, stream, capacityLitres: 660, serviceSec: 30, lng: 7.4 + (i % 6) * 0.001 }));
  const xy: [number, number][] = [[0, 0], [50, 0], ...bins.map((_, i): [number, number] => (i < n ? [(i % 6) * 100, Math.floor(i / 6) * 100] : [15_000 + i, 0]))];
  const size = xy.length;
  const distances = new Float64Array(size * size);
  const durations = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b < size; b++) {
      const d = Math.abs(xy[a]![0] - xy[b]![0]) + Math.abs(xy[a]![1] - xy[b]![1]);
      distances[a * size + b] = d + 0.4; // not whole metres: the builder rounds
      durations[a * size + b] = d / 8.33;
    }
  }
  const truck = (vehicleId: string, stream: Stream, start: number, end: number, co2KgPerKm: number): SimVehicle => ({
    vehicleId,
    streams: [stream],
    capacityLitres: 20_000 as Litres,
    capacityKg: 5_000 as Kilograms,
    shiftStartSec: start as Seconds,
    shiftEndSec: end as Seconds,
    co2KgPerKm,
  });
  const vehicles = [truck('T-res', 'residual', 6 * 3600, 13 * 3600, 2.5), truck('T-pack', 'packaging', 7 * 3600, 13 * 3600, 0.5)];
  return { bins, vehicles, matrix: { size, distances, durations }, unreachableBins: new Set(), disposalServiceSec: 600, utcOffsetSec: 3600 };
}

describe('buildDayProblem (the simulated day in the problem format)', () => {
  it('uses an integer sub-matrix, the server costs and break, optional bins with a prize, and the weighted objective', () => {
    const world = smallWorld(12);
    const resolved = buildDayProblem(world, [{ i: 3, fillPercent: 50 }, { i: 7, fillPercent: 130, prize: mayPrize(80) }], 'test day');
    const p = resolved.problem;
    expect(p.objective.type).toBe('weighted');
    expect(p.matrix?.distancesM.length).toBe(4);
    expect(p.matrix?.distancesM.flat().every(Number.isInteger)).toBe(true);
    expect(p.matrix?.distancesM[2]?.[3]).toBe(Math.round(world.matrix.distances[(2 + 3) * world.matrix.size + 2 + 7]!));
    expect(p.disposalSites[0]).toMatchObject({ locationIndex: 1, unloadingSec: 600, timeWindows: [{ openSec: 6 * 3600, closeSec: 13 * 3600 }] });
    expect(p.disposalSites[0]?.streams).toHaveLength(5);
    const [b3, b7] = p.bins;
    expect(b3).toMatchObject({ id: 'B3', mandatory: true, demandLitres: 330, demandKg: Math.round(330 * 0.025) });
    expect(b3?.prize).toBeUndefined();
    // true fill above 100 % is capped for the load; the prize follows the forecast (6 EUR × 80 %)
    expect(b7).toMatchObject({ id: 'B7', mandatory: false, prize: 4.8, demandLitres: 660 });
    const [res, pack] = p.vehicles;
    expect(res?.costs).toEqual(DAY_COSTS_EUR);
    expect(res?.co2KgPerKm).toBe(2.5);
    expect(res?.breaks).toEqual([{ earliestStartSec: 9 * 3600, latestStartSec: 12 * 3600, durationSec: BREAK_DURATION_SEC }]);
    expect(pack?.breaks).toEqual([]); // a 6-h shift is not longer than 6 h
    expect(mayPrize(null)).toBe(6);
  });
});

describe('routeWithSolveDay', () => {
  it('returns a checker-clean plan that leaves a far optional bin out and takes the near mandatory ones', () => {
    const world = smallWorld(12, 1);
    const dayBins = [...Array.from({ length: 12 }, (_, i) => ({ i, fillPercent: 60 })), { i: 12, fillPercent: 90, prize: mayPrize(90) }];
    const routed = routeWithSolveDay(world, dayBins, 'far optional', 1, 50);
    expect(checkDayPlan(buildDayProblem(world, dayBins, 'far optional'), routed.plan)).toEqual([]);
    expect(routed.plan.unassigned).toEqual([expect.objectContaining({ binId: 'B12', reason: 'not_worth_collecting' })]);
    expect(routed.unassigned).toBe(0);
    expect(routed.stops.map((s) => s.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(routed.km).toBeCloseTo(routed.plan.totals.distanceM / 1000, 6);
    expect(routed.co2Kg).toBeCloseTo(routed.plan.totals.co2Kg, 6);
    // each stop is driven at its service start
    const starts = new Map(routed.plan.routes.flatMap((r) => r.steps.filter((s) => s.type === 'bin').map((s) => [s.id, s.startSec] as const)));
    for (const s of routed.stops) expect(s.atSec).toBe(starts.get(`B${s.i}`));
  });

  it('takes an optional bin that sits on the way', () => {
    const world = smallWorld(12);
    const dayBins = Array.from({ length: 12 }, (_, i) => ({ i, fillPercent: 60, ...(i === 4 ? { prize: mayPrize(90) } : {}) }));
    const routed = routeWithSolveDay(world, dayBins, 'near optional', 1, 50);
    expect(routed.plan.unassigned).toEqual([]);
    expect(routed.stops.some((s) => s.i === 4)).toBe(true);
  });
});

describe('simulate() with solveDay', () => {
  it('runs a week of the sensor strategy on a small city (every plan checker-clean, may bins optional) and the weekly schedule collects every bin', () => {
    const world = smallWorld(30, 2);
    const base = { truth: 'anchored' as const, weeks: 1, warmupWeeks: 2, startMs: MONDAY, seed: 2, maxIterations: 30 };
    // simulate() throws when checkDayPlan reports a violation on any day
    const sensor = simulate(world, { ...base, strategy: 'sensor-rounds', roundsPerWeek: 0, riskPercent: 10, mayPercent: 30 });
    expect(sensor.days).toHaveLength(7);
    expect(sensor.mayOffered).toBeGreaterThan(0);
    expect(sensor.mayTaken).toBeLessThanOrEqual(sensor.mayOffered);
    expect(sensor.days.reduce((a, d) => a + d.mayTaken, 0)).toBe(sensor.mayTaken);
    expect(sensor.unassigned).toBe(0);
    const weekly = simulate(world, { ...base, strategy: 'fixed-weekly' });
    expect(weekly.collections).toBe(32);
    expect(weekly.mayOffered).toBe(0);
    expect(weekly.co2Kg).toBeGreaterThan(0);
  });
});
