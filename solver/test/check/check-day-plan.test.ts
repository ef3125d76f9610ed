/**
 * The day-plan checker on docs/examples/problem-small.json: a hand-computed valid plan, then a
 * table of tampered plans (or problems changed under a finished plan), each next to the exact
 * violation codes it must produce (house style §4 validation tables).
 *
 * `buildRoute` below simulates times from the matrix so the cases read as lists of step ids. It is
 * test code only: the checker shares nothing with it, and the hand-written `HAND_PLAN` pins it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDayPlan, DAY_PLAN_VIOLATION_CODES, type DayPlanViolationCode } from '../../src/check/check-day-plan.js';
import type { PlanJson, PlanRouteJson, PlanStepJson, PlanUnassignedJson } from '../../src/model/plan-json.js';
import { parseProblemJson, type ProblemJson } from '../../src/model/problem-json.js';
import { resolveExplicitMatrix } from '../../src/model/resolve-problem.js';
import { ProblemError } from '../../src/model/errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases edit arbitrary JSON documents
type Doc = Record<string, any>;

const example = (): Doc => JSON.parse(readFileSync('docs/examples/problem-small.json', 'utf8'));
const clone = <T>(x: T): T => structuredClone(x);

/**
 * One route of `problem`'s vehicle, simulated from step ids: the first id is the start (a depot,
 * or `current-position` after a fixed prefix), the last the end depot; `break` takes the
 * vehicle's next break where the truck stands; a disposal-site id unloads; any other id is a bin.
 * Waits for the first window that has not closed yet; never checks anything.
 */
function buildRoute(problem: ProblemJson, ids: readonly string[], opts: { vehicleId?: string; departSec?: number } = {}): PlanRouteJson {
  const vehicle = problem.vehicles.find((v) => v.id === (opts.vehicleId ?? 'BOM-01'))!;
  const prefix = problem.fixedPrefixes.find((f) => f.vehicleId === vehicle.id);
  const m = problem.matrix!;
  const depot = problem.depots.find((d) => d.id === vehicle.startDepotId)!;
  let t = prefix ? prefix.atSec : (opts.departSec ?? Math.max(vehicle.shiftStartSec, depot.openSec));
  let litres = prefix?.loadLitres ?? 0;
  let kg = prefix?.loadKg ?? 0;
  let here = prefix ? prefix.locationIndex! : depot.locationIndex!;
  const steps: PlanStepJson[] = [
    { type: 'start', id: ids[0]!, locationIndex: here, arrivalSec: t, startSec: t, departureSec: t, loadLitres: litres, loadKg: kg, distanceFromPrevM: 0, drivingFromPrevSec: 0 },
  ];
  let nextBreak = 0;
  let route = { distanceM: 0, drivingSec: 0, binCount: 0, disposalTrips: 0, collectedLitres: 0, collectedKg: 0 };
  ids.slice(1).forEach((id, k) => {
    if (id === 'break') {
      const b = vehicle.breaks[nextBreak++]!;
      steps.push({ type: 'break', arrivalSec: t, startSec: t, departureSec: t + b.durationSec, loadLitres: litres, loadKg: kg, distanceFromPrevM: 0, drivingFromPrevSec: 0 });
      t += b.durationSec;
      return;
    }
    const isEnd = k === ids.length - 2;
    const site = problem.disposalSites.find((s) => s.id === id);
    const bin = problem.bins.find((b) => b.id === id);
    const place = isEnd ? problem.depots.find((d) => d.id === id)! : (site ?? bin)!;
    const to = place.locationIndex!;
    const driving = m.durationsSec[here]![to]!;
    const metres = m.distancesM[here]![to]!;
    const arrival = t + driving;
    const windows = isEnd ? [] : (site?.timeWindows ?? bin?.timeWindows ?? []);
    const open = windows.find((w) => w.closeSec >= arrival);
    const start = open ? Math.max(arrival, open.openSec) : arrival;
    let service = 0;
    if (!isEnd && site) {
      service = site.unloadingSec;
      litres = 0;
      kg = 0;
      route.disposalTrips++;
    } else if (!isEnd && bin) {
      service = bin.serviceSec;
      litres += bin.demandLitres;
      kg += bin.demandKg;
      route = { ...route, binCount: route.binCount + 1, collectedLitres: route.collectedLitres + bin.demandLitres, collectedKg: route.collectedKg + bin.demandKg };
    }
    const type = isEnd ? 'end' : site ? 'disposal' : 'bin';
    steps.push({ type, id, locationIndex: to, arrivalSec: arrival, startSec: start, departureSec: start + service, loadLitres: litres, loadKg: kg, distanceFromPrevM: metres, drivingFromPrevSec: driving });
    route.distanceM += metres;
    route.drivingSec += driving;
    t = start + service;
    here = to;
  });
  const workingSec = steps.at(-1)!.arrivalSec - steps[0]!.departureSec;
  const km = route.distanceM / 1000;
  return {
    vehicleId: vehicle.id,
    steps,
    ...route,
    workingSec,
    cost: vehicle.costs.fixed + vehicle.costs.perKm * km + (vehicle.costs.perHour * workingSec) / 3600,
    co2Kg: km * vehicle.co2KgPerKm,
  };
}

/** A plan with its totals summed from `routes`. */
function planOf(routes: PlanRouteJson[], unassigned: PlanUnassignedJson[] = []): PlanJson {
  const sum = (f: (r: PlanRouteJson) => number): number => routes.reduce((s, r) => s + f(r), 0);
  return {
    version: 1,
    routes,
    unassigned,
    totals: {
      distanceM: sum((r) => r.distanceM),
      drivingSec: sum((r) => r.drivingSec),
      workingSec: sum((r) => r.workingSec),
      vehiclesUsed: routes.length,
      binsServed: sum((r) => r.binCount),
      unassigned: unassigned.length,
      cost: sum((r) => r.cost),
      co2Kg: sum((r) => r.co2Kg),
    },
  };
}

/** One truck, two loads: B1, B2, the market (waiting for 08:00), unload; B3, B6, B5, unload; lunch; home. */
const BASE_IDS = ['depot', 'B1', 'B2', 'MARKET', 'transfer', 'B3', 'B6', 'B5', 'transfer', 'break', 'depot'];

const step = (type: PlanStepJson['type'], id: string | undefined, locationIndex: number | undefined, arrivalSec: number, startSec: number, departureSec: number, loadLitres: number, loadKg: number, distanceFromPrevM: number, drivingFromPrevSec: number): PlanStepJson => ({
  type,
  ...(id !== undefined ? { id } : {}),
  ...(locationIndex !== undefined ? { locationIndex } : {}),
  arrivalSec,
  startSec,
  departureSec,
  loadLitres,
  loadKg,
  distanceFromPrevM,
  drivingFromPrevSec,
});

/** The route of BASE_IDS computed by hand from the example's matrix. */
const HAND_PLAN: PlanJson = (() => {
  const km = 54.035;
  const workingSec = 18_116;
  const cost = 1.2 * km + (120 * workingSec) / 3600;
  const co2Kg = 2.5 * km;
  const route: PlanRouteJson = {
    vehicleId: 'BOM-01',
    steps: [
      //    type        id           loc  arrival startSvc depart  litres  kg    metres driving
      step('start', 'depot', 0, 21_600, 21_600, 21_600, 0, 0, 0, 0),
      step('bin', 'B1', 2, 22_019, 22_019, 22_259, 24_000, 2900, 2907, 419),
      step('bin', 'B2', 3, 22_524, 22_524, 22_764, 50_000, 6000, 1838, 265),
      step('bin', 'MARKET', 5, 23_326, 28_800, 29_100, 68_000, 8200, 3900, 562), // waits for the 08:00 window
      step('disposal', 'transfer', 1, 30_424, 30_424, 31_624, 0, 0, 9192, 1324),
      step('bin', 'B3', 4, 32_418, 32_418, 32_658, 22_000, 2600, 5515, 794),
      step('bin', 'B6', 7, 33_452, 33_452, 33_572, 31_000, 3700, 5515, 794),
      step('bin', 'B5', 6, 34_247, 34_247, 34_367, 34_000, 4900, 4687, 675),
      step('disposal', 'transfer', 1, 35_966, 35_966, 37_166, 0, 0, 11_107, 1599),
      step('break', undefined, undefined, 37_166, 37_166, 38_366, 0, 0, 0, 0), // in [36000, 39600]
      step('end', 'depot', 0, 39_716, 39_716, 39_716, 0, 0, 9374, 1350),
    ],
    distanceM: 54_035,
    drivingSec: 7782,
    workingSec,
    binCount: 6,
    disposalTrips: 2,
    collectedLitres: 102_000,
    collectedKg: 13_100,
    cost,
    co2Kg,
  };
  return {
    version: 1,
    routes: [route],
    unassigned: [],
    totals: { distanceM: 54_035, drivingSec: 7782, workingSec, vehiclesUsed: 1, binsServed: 6, unassigned: 0, cost, co2Kg },
  };
})();

const PREFIX = { vehicleId: 'BOM-01', doneBinIds: ['B1'], locationIndex: 2, atSec: 22_259, loadLitres: 24_000, loadKg: 2900 };

const codesOf = (problem: ProblemJson, plan: PlanJson): DayPlanViolationCode[] =>
  checkDayPlan(resolveExplicitMatrix(problem), plan).map((v) => v.code);

describe('resolveExplicitMatrix', () => {
  it('flattens the matrix row-major and maps every id to its location index', () => {
    const r = resolveExplicitMatrix(parseProblemJson(example()));
    expect(r.matrix.size).toBe(8);
    expect(r.matrix.durations[5 * 8 + 1]).toBe(1324);
    expect(r.matrix.distances[6 * 8 + 1]).toBe(11_107);
    expect([...r.loc.bins]).toEqual([['B1', 2], ['B2', 3], ['B3', 4], ['MARKET', 5], ['B5', 6], ['B6', 7]]);
    expect([...r.loc.depots]).toEqual([['depot', 0]]);
    expect([...r.loc.disposalSites]).toEqual([['transfer', 1]]);
    expect(r.loc.prefixes.size).toBe(0);
  });

  it('maps a fixed prefix to its current position by vehicle id', () => {
    const doc = example();
    doc.fixedPrefixes = [PREFIX];
    expect([...resolveExplicitMatrix(parseProblemJson(doc)).loc.prefixes]).toEqual([['BOM-01', 2]]);
  });

  it('throws a ProblemError listing every issue for a problem without a usable matrix', () => {
    const problem = parseProblemJson(example());
    const { matrix: _matrix, ...noMatrix } = problem;
    expect(() => resolveExplicitMatrix(noMatrix)).toThrow(ProblemError);
    const broken = clone(problem);
    broken.bins[0]!.locationIndex = 8;
    broken.depots[0]!.locationIndex = undefined;
    try {
      resolveExplicitMatrix(broken);
      expect.unreachable();
    } catch (e) {
      expect((e as ProblemError).issues).toEqual([
        { path: 'depots[0].locationIndex', message: 'must be an integer in [0, 7], got undefined' },
        { path: 'bins[0].locationIndex', message: 'must be an integer in [0, 7], got 8' },
      ]);
    }
  });
});

describe('checkDayPlan', () => {
  const problem = parseProblemJson(example());

  it('accepts the hand-computed plan of the small example', () => {
    expect(checkDayPlan(resolveExplicitMatrix(problem), HAND_PLAN)).toEqual([]);
  });

  it('builds the hand-computed plan from its step ids (the test helper is pinned)', () => {
    expect(planOf([buildRoute(problem, BASE_IDS)])).toEqual(HAND_PLAN);
  });

  it('lists each violation code once', () => {
    expect(new Set(DAY_PLAN_VIOLATION_CODES).size).toBe(DAY_PLAN_VIOLATION_CODES.length);
  });

  it('reports each violation with a message carrying the numbers and ids', () => {
    const doc = example();
    doc.vehicles[0].shiftEndSec = 39_000;
    expect(checkDayPlan(resolveExplicitMatrix(parseProblemJson(doc)), HAND_PLAN)).toEqual([
      {
        code: 'shift_exceeded',
        message: '"BOM-01" is back at 39716 s, after 39000 s (shift ends 39000 s, depot "depot" closes 75600 s)',
        vehicleId: 'BOM-01',
      },
    ]);
  });

  interface Case {
    name: string;
    /** Edits the problem before the plan is built (the plan follows the change). */
    edit?: (d: Doc) => void;
    /** Step ids of the one route (default BASE_IDS). */
    ids?: string[];
    departSec?: number;
    unassigned?: PlanUnassignedJson[];
    /** Tampers with the finished plan. */
    tamper?: (p: PlanJson) => void;
    /** Changes the problem under the finished plan. */
    after?: (d: Doc) => void;
    codes: DayPlanViolationCode[];
  }
  const notWorth = (binId: string): PlanUnassignedJson => ({ binId, reason: 'not_worth_collecting', detail: 'prize below detour cost' });
  const withoutBin = (id: string): string[] => BASE_IDS.filter((x) => x !== id);
  const route0 = (p: PlanJson): PlanRouteJson => p.routes[0]!;
  const stepOf = (p: PlanJson, id: string): PlanStepJson => route0(p).steps.find((s) => s.id === id)!;

  const CASES: Case[] = [
    { name: 'the optional bin B6 left out as not worth collecting is valid', ids: withoutBin('B6'), unassigned: [notWorth('B6')], codes: [] },
    { name: 'a route ending before the break window closes may skip the break', ids: withoutBin('break'), codes: [] },
    { name: 'a lock respected in order, whole route, is valid', edit: (d) => (d.locks = [{ vehicleId: 'BOM-01', binIds: ['B1', 'B2', 'MARKET', 'B3', 'B6', 'B5'], wholeRoute: true }]), codes: [] },
    {
      name: 'a route resuming from a fixed prefix is valid',
      edit: (d) => (d.fixedPrefixes = [PREFIX]),
      ids: ['current-position', ...withoutBin('B1').slice(1)],
      codes: [],
    },
    { name: 'a bin in no route and not unassigned is bin_missing', ids: withoutBin('B3'), codes: ['bin_missing'] },
    { name: 'a routed bin also listed as unassigned is bin_duplicated', unassigned: [{ binId: 'B3', reason: 'capacity', detail: 'x' }], codes: ['bin_duplicated'] },
    { name: 'an unassigned id that is not in the problem is unknown_bin', unassigned: [{ binId: 'B99', reason: 'capacity', detail: 'x' }], codes: ['unknown_bin'] },
    { name: 'a mandatory bin unassigned as not worth collecting is mandatory_not_worth', ids: withoutBin('B3'), unassigned: [notWorth('B3')], codes: ['mandatory_not_worth'] },
    {
      name: 'a first load of 90000 L is capacity_exceeded_litres',
      ids: ['depot', 'B1', 'B2', 'B3', 'MARKET', 'transfer', 'B6', 'B5', 'transfer', 'break', 'depot'],
      codes: ['capacity_exceeded_litres'],
    },
    { name: 'a first load of 8200 kg on an 8000 kg truck is capacity_exceeded_kg', after: (d) => (d.vehicles[0].capacityKg = 8000), codes: ['capacity_exceeded_kg'] },
    { name: 'the market served before its window opens is time_window_violated', after: (d) => (d.bins[3].timeWindows = [{ openSec: 30_000, closeSec: 36_000 }]), codes: ['time_window_violated'] },
    { name: 'unloading after the site closes is disposal_window_violated', after: (d) => (d.disposalSites[0].timeWindows = [{ openSec: 18_000, closeSec: 35_000 }]), codes: ['disposal_window_violated'] },
    {
      name: 'a route ending after the break window without a break is break_missing',
      ids: withoutBin('break'),
      departSec: 28_200,
      codes: ['break_missing'],
    },
    {
      name: 'a break taken before its window opens is break_misplaced',
      ids: ['depot', 'B1', 'B2', 'MARKET', 'break', 'transfer', 'B3', 'B6', 'B5', 'transfer', 'depot'],
      codes: ['break_misplaced'],
    },
    { name: 'a break shorter than the vehicle break is break_misplaced', tamper: (p) => void (route0(p).steps[9]!.departureSec -= 60), codes: ['break_misplaced', 'time_mismatch'] },
    { name: 'biowaste unloaded at a residual-only site is disposal_stream_refused', after: (d) => (d.disposalSites[0].streams = ['residual']), codes: ['disposal_stream_refused'] },
    { name: 'a biowaste bin on a residual-only truck is wrong_stream', after: (d) => (d.vehicles[0].streams = ['residual']), codes: ['wrong_stream'] },
    { name: 'a route without its last disposal is not_empty_at_end', ids: ['depot', 'B1', 'B2', 'MARKET', 'transfer', 'B3', 'B6', 'B5', 'depot'], codes: ['not_empty_at_end'] },
    { name: 'locked bins served out of the lock order are lock_violated', edit: (d) => (d.locks = [{ vehicleId: 'BOM-01', binIds: ['B2', 'B1'] }]), codes: ['lock_violated'] },
    {
      name: 'a whole-route lock with a bin served outside it is lock_violated',
      edit: (d) => (d.locks = [{ vehicleId: 'BOM-01', binIds: ['B1', 'B2', 'MARKET', 'B3', 'B5'], wholeRoute: true }]),
      codes: ['lock_violated'],
    },
    {
      name: 'a locked bin left unassigned is lock_violated',
      edit: (d) => (d.locks = [{ vehicleId: 'BOM-01', binIds: ['B6'] }]),
      ids: withoutBin('B6'),
      unassigned: [notWorth('B6')],
      codes: ['lock_violated'],
    },
    {
      name: 'a bin of the fixed prefix routed again is prefix_violated',
      edit: (d) => (d.fixedPrefixes = [PREFIX]),
      ids: ['current-position', 'B2', 'MARKET', 'transfer', 'B1', 'B3', 'B6', 'B5', 'transfer', 'break', 'depot'],
      codes: ['prefix_violated'],
    },
    {
      name: 'a route starting from the depot despite a fixed prefix is prefix_violated',
      edit: (d) => (d.fixedPrefixes = [PREFIX]),
      ids: ['current-position', ...withoutBin('B1').slice(1)],
      tamper: (p) => void (route0(p).steps[0]!.id = 'depot'),
      codes: ['prefix_violated'],
    },
    {
      name: 'a route resuming from another place than the fixed prefix position is prefix_violated',
      edit: (d) => (d.fixedPrefixes = [PREFIX]),
      ids: ['current-position', ...withoutBin('B1').slice(1)],
      tamper: (p) => void (route0(p).steps[0]!.locationIndex = 0),
      codes: ['prefix_violated'],
    },
    { name: 'a vehicle with a fixed prefix but no route is prefix_violated', edit: (d) => (d.fixedPrefixes = [PREFIX]), tamper: (p) => { p.routes = []; p.totals = planOf([], p.unassigned).totals; }, codes: ['prefix_violated', 'bin_missing', 'bin_missing', 'bin_missing', 'bin_missing', 'bin_missing'] },
    { name: 'a route cost off by a cent (totals following) is cost_mismatch', tamper: (p) => { route0(p).cost += 0.01; p.totals.cost += 0.01; }, codes: ['cost_mismatch'] },
    { name: 'a wrong CO2 figure is cost_mismatch', tamper: (p) => { route0(p).co2Kg *= 1.001; p.totals.co2Kg = route0(p).co2Kg; }, codes: ['cost_mismatch'] },
    { name: 'a cost rounded within the relative tolerance is accepted', tamper: (p) => { route0(p).cost *= 1 + 1e-12; p.totals.cost = route0(p).cost; }, codes: [] },
    { name: 'totals that do not sum the routes are totals_mismatch', tamper: (p) => void (p.totals.binsServed = 5), codes: ['totals_mismatch'] },
    { name: 'a wrong route bin count is totals_mismatch', tamper: (p) => { route0(p).binCount = 5; p.totals.binsServed = 5; }, codes: ['totals_mismatch'] },
    { name: 'a return after the shift ends is shift_exceeded', after: (d) => (d.vehicles[0].shiftEndSec = 39_000), codes: ['shift_exceeded'] },
    { name: 'a departure before the shift starts is shift_exceeded', departSec: 21_000, codes: ['shift_exceeded'] },
    { name: 'working longer than maxWorkingSec is working_time_exceeded', after: (d) => (d.vehicles[0].maxWorkingSec = 18_000), codes: ['working_time_exceeded'] },
    { name: 'collecting 13100 kg with a daily capacity of 13000 kg is daily_capacity_exceeded', after: (d) => (d.vehicles[0].dailyCapacityKg = 13_000), codes: ['daily_capacity_exceeded'] },
    { name: 'six bin stops with maxStops 5 is max_stops_exceeded', after: (d) => (d.vehicles[0].maxStops = 5), codes: ['max_stops_exceeded'] },
    { name: 'an arrival that does not follow the matrix is time_mismatch', tamper: (p) => void (stepOf(p, 'MARKET').arrivalSec += 60), codes: ['time_mismatch'] },
    { name: 'a step distance that does not follow the matrix is distance_mismatch', tamper: (p) => void (stepOf(p, 'B3').distanceFromPrevM += 1), codes: ['distance_mismatch'] },
    { name: 'a step at another place than its bin is location_mismatch', tamper: (p) => void (stepOf(p, 'B3').locationIndex = 5), codes: ['location_mismatch'] },
    { name: 'a load that does not follow the demands is load_mismatch', tamper: (p) => void (stepOf(p, 'B2').loadKg += 1), codes: ['load_mismatch'] },
    { name: 'a route of a vehicle not in the problem is unknown_vehicle', tamper: (p) => void (route0(p).vehicleId = 'BOM-99'), codes: ['unknown_vehicle'] },
    {
      name: 'a second route of the same vehicle is vehicle_used_twice',
      tamper: (p) => {
        const empty = buildRoute(problem, ['depot', 'depot']);
        Object.assign(p, planOf([...p.routes, empty], p.unassigned));
      },
      codes: ['vehicle_used_twice'],
    },
    { name: 'an end step that is not the last step is misplaced_step', tamper: (p) => void route0(p).steps.push({ ...route0(p).steps[10]!, distanceFromPrevM: 0, drivingFromPrevSec: 0 }), codes: ['misplaced_step'] },
    { name: 'a route that does not end at the vehicle end depot is not_ending_at_depot', tamper: (p) => void (route0(p).steps[10]!.id = 'transfer'), codes: ['not_ending_at_depot'] },
    { name: 'an unassigned reason outside the list is unknown_reason', ids: withoutBin('B6'), unassigned: [{ binId: 'B6', reason: 'too_far' as 'capacity', detail: 'x' }], codes: ['unknown_reason'] },
  ];

  it.each(CASES)('$name', (c) => {
    const doc = example();
    c.edit?.(doc);
    const built = parseProblemJson(doc);
    const plan = planOf([buildRoute(built, c.ids ?? BASE_IDS, c.departSec !== undefined ? { departSec: c.departSec } : {})], c.unassigned ?? []);
    c.tamper?.(plan);
    c.after?.(doc);
    const codes = codesOf(parseProblemJson(doc), plan);
    expect(codes).toEqual(c.codes);
  });

  it('reports any single changed number in any step', () => {
    const fields = ['arrivalSec', 'startSec', 'departureSec', 'loadLitres', 'loadKg', 'distanceFromPrevM', 'drivingFromPrevSec'] as const;
    const resolved = resolveExplicitMatrix(problem);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: HAND_PLAN.routes[0]!.steps.length - 1 }),
        fc.constantFrom(...fields),
        fc.integer({ min: -600, max: 600 }).filter((d) => d !== 0),
        (i, field, delta) => {
          const plan = clone(HAND_PLAN);
          const s = plan.routes[0]!.steps[i]!;
          s[field] += delta;
          expect(checkDayPlan(resolved, plan)).not.toEqual([]);
        },
      ),
      { seed: 42 },
    );
  });
});
