import { describe, expect, it } from 'vitest';
import { checkDayPlan, type Kilograms, type Litres, type Seconds, type Stream } from '../../solver/src/index.js';
import {
  BREAK_DURATION_SEC,
  DAY_COSTS_EUR,
  buildDayProblem,
  mayPrize,
  overflowDaysBefore,
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

describe('sensor sweep on a sector cycle (issue #17 frontier settings)', () => {
  it('a 5-working-day cycle is the weekly sector rounds; a 10-day cycle visits each bin at most once in two weeks', () => {
    const world = smallWorld(30);
    const base = { truth: 'anchored' as const, weeks: 2, warmupWeeks: 2, startMs: MONDAY, seed: 3, maxIterations: 10, strategy: 'sensor-rounds' as const, roundsPerWeek: 1 as const, riskPercent: 2 };
    const rounds = simulate(world, base);
    const cycle5 = simulate(world, { ...base, sweepCycleDays: 5 });
    expect(cycle5.days).toEqual(rounds.days);
    const cycle10 = simulate(world, { ...base, sweepCycleDays: 10, mayPercent: 0 });
    // may 0: every bin of the day's sector is at least optional, so each sector is swept on its day
    // only: the 30 bins once each over 10 working days, 1 to 2 of each stream a day, never on a weekend
    let offered = 0;
    for (const d of cycle10.days) {
      const weekday = new Date(`${d.date}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) expect(d.must + d.may).toBe(0);
      else expect(d.must + d.may).toBeGreaterThanOrEqual(2);
      offered += d.must + d.may;
    }
    expect(offered).toBe(30);
    expect(cycle10.collections).toBeLessThanOrEqual(30);
  });

  it('the oracle decides from the truth, and off-round bins come with a prize for the overflow days they would cause', () => {
    const world = smallWorld(30);
    const base = { truth: 'anchored' as const, weeks: 1, warmupWeeks: 2, startMs: MONDAY, seed: 3, maxIterations: 10, strategy: 'sensor-rounds' as const, roundsPerWeek: 1 as const, riskPercent: 2 };
    const oracle = simulate(world, { ...base, oracle: true, mayPercent: 100 });
    // the oracle never offers optional bins with may 100, and it differs from the sensors' choice
    expect(oracle.mayOffered).toBe(0);
    const rescue = simulate(world, { ...base, oracle: true, mayPercent: 100, sweepCycleDays: 10, overflowEurPerDay: 1000 });
    // at 1,000 EUR an overflow day every off-round bin due before its next round is worth a detour
    expect(rescue.mayOffered).toBeGreaterThan(0);
    expect(rescue.mayTaken).toBe(rescue.mayOffered);
  });

  it('overflowDaysBefore counts the days between the expected full instant and the next chance', () => {
    expect(overflowDaysBefore(50, 10, 7)).toBeCloseTo(2, 9);
    expect(overflowDaysBefore(50, 10, 4)).toBe(0);
    expect(overflowDaysBefore(120, 10, 3)).toBe(3);
    expect(overflowDaysBefore(null, 10, 3)).toBe(0);
    expect(overflowDaysBefore(50, 0, 30)).toBe(0);
  });
});
