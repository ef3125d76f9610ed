/**
 * `solveDay` on one small hand-checked collection day per feature of issue #5: disposal trips and
 * the choice of site, breaks, streams, locks, fixed prefixes, optional bins, each unassigned
 * reason, determinism and the hierarchical objective.
 *
 * Every instance lives on the Manhattan grid of `helpers.ts`: a place at (x, y) km, metres =
 * 1000 × (|dx| + |dy|), seconds = 60 × (|dx| + |dy|); bins of 100 L / 20 kg with 120 s of
 * service; sites unloading in 600 s; vehicle `V` (residual, 10,000 L, 08:00-16:00, depot `D`)
 * costing 1 per km, so under the `weighted` objective a plan costs its length in km. Each case
 * states the arithmetic of its optimum; on 1-4 bins the search must find it exactly, and every
 * plan must pass the independent checker.
 */
import { describe, expect, it } from 'vitest';
import { checkDayPlan, nearestNeighbourDay, PLAN_CURRENT_POSITION_ID } from '../../src/index.js';
import { binsOf, H, reasons, resolveDay, solve, solveClean, stepOf, stops, withUnreachableBin, type DaySpec } from './helpers.js';

describe('solveDay: disposal trips', () => {
  // D (0,0); A (2,0) and B (6,0), 600 L each; capacity 1000 L, so each bin is a load of its own:
  // two disposal visits, one mid-route and one before going home.
  // S1 (2,1) is 1 km from A, the nearest site when the truck is full after A, but 5 km from B;
  // S2 (4,0) is 2 km from A and 2 km from B, 4 km from D.
  //   A, S2, B, S2: D-A 2 + A-S2 2 + S2-B 2 + B-S2 2 + S2-D 4 = 12 km (the optimum)
  //   A, S1, B, S2: 2 + 1 + 5 + 2 + 4 = 14 km (the baseline: nearest site when full, nearest at the end)
  //   A, S1, B, S1: 2 + 1 + 5 + 5 + 3 = 16;  A, S2, B, S1: 2 + 2 + 2 + 5 + 3 = 14
  //   B, S2, A, S1: 6 + 2 + 2 + 1 + 3 = 14;  B, S2, A, S2: 6 + 2 + 2 + 2 + 4 = 16;  B, S1, ...: ≥ 6 + 5 + 1 + 1 + 3 = 16
  // Working time of the optimum: 12 km × 60 s + 2 × 120 s + 2 × 600 s = 2,160 s.
  const spec: DaySpec = {
    at: { D: [0, 0], A: [2, 0], B: [6, 0], S1: [2, 1], S2: [4, 0] },
    disposalSites: [
      { id: 'S1', streams: ['residual'] },
      { id: 'S2', streams: ['residual'] },
    ],
    bins: [
      { id: 'A', demandLitres: 600 },
      { id: 'B', demandLitres: 600 },
    ],
    vehicles: [{ id: 'V', capacityLitres: 1000 }],
  };

  it('unloads mid-route and picks the site that makes the day shortest, not the nearest one when full', () => {
    const resolved = resolveDay(spec);
    const baseline = nearestNeighbourDay(resolved);
    expect(stops(baseline)).toEqual(['A', 'S1', 'B', 'S2']);
    expect(baseline.totals.cost).toBe(14);

    const { plan } = solve(resolved);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    expect(stops(plan)).toEqual(['A', 'S2', 'B', 'S2']);
    expect(plan.totals.distanceM).toBe(12_000);
    expect(plan.totals.cost).toBe(12);
    expect(plan.totals.cost).toBeLessThan(baseline.totals.cost);
    expect(plan.totals.workingSec).toBe(2_160);
    expect(plan.routes[0]?.disposalTrips).toBe(2);
    expect(plan.unassigned).toEqual([]);
  });
});

describe('solveDay: breaks', () => {
  it('takes the break late, after a bin whose window closes early, where the baseline takes it at once and loses the bin', () => {
    // D = S (0,0); W (10,0) open 08:00-08:30; L (10,10) open 10:30-11:00. Break: 1 h, starting
    // 08:00-10:00; the day runs past 10:00 (L), so the break is required.
    // Break first (08:00-09:00) reaches W at 09:10, after it closes: the baseline does that and
    // leaves W out. The search: W at 08:10 (served to 08:12), the break at W or, while waiting,
    // at L (it must start by 10:00, before L starts at 10:30 or later), L, then S and home.
    // W-L 10 km; W-S-L would be 10 + 20 = 30 km, so no unloading in between.
    // D-W 10 + W-L 10 + L-S 20 + S-D 0 = 40 km.
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], W: [10, 0], L: [10, 10] },
      bins: [
        { id: 'W', timeWindows: [{ openSec: 8 * H, closeSec: 8.5 * H }] },
        { id: 'L', timeWindows: [{ openSec: 10.5 * H, closeSec: 11 * H }] },
      ],
      vehicles: [{ id: 'V', breaks: [{ earliestStartSec: 8 * H, latestStartSec: 10 * H, durationSec: H }] }],
    });
    const baseline = nearestNeighbourDay(resolved);
    expect(binsOf(baseline)).toEqual(['L']);

    const plan = solveClean(resolved);
    expect(stops(plan)).toEqual(['W', 'break', 'L', 'S']);
    expect(plan.totals.distanceM).toBe(40_000);
    expect(plan.unassigned).toEqual([]);
    const brk = plan.routes[0]?.steps.find((s) => s.type === 'break');
    const w = stepOf(plan, 'W');
    expect(w?.startSec).toBeGreaterThanOrEqual(8 * H);
    expect(w?.startSec).toBeLessThanOrEqual(8.5 * H);
    expect(brk?.startSec).toBeGreaterThanOrEqual(w?.departureSec ?? Infinity);
    expect(brk?.startSec).toBeLessThanOrEqual(10 * H);
    expect((brk?.departureSec ?? 0) - (brk?.startSec ?? 0)).toBe(H);
  });

  it('takes the break early, before a bin whose window opens after the break\'s latest start', () => {
    // D = S (0,0); W (20,0) open 08:40-08:45. Break: 20 min, starting 08:00-08:20. W cannot be
    // served before 08:40, after the break's latest start, so the break comes first: at D (start
    // by 08:05, to reach W by 08:45) or at W while waiting (arrival 08:20, break 08:20-08:40).
    // D-W 20 + W-S 20 + S-D 0 = 40 km.
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], W: [20, 0] },
      bins: [{ id: 'W', timeWindows: [{ openSec: 8 * H + 40 * 60, closeSec: 8 * H + 45 * 60 }] }],
      vehicles: [{ id: 'V', breaks: [{ earliestStartSec: 8 * H, latestStartSec: 8 * H + 20 * 60, durationSec: 20 * 60 }] }],
    });
    const plan = solveClean(resolved);
    const seq = stops(plan);
    expect(seq.filter((s) => s !== 'break')).toEqual(['W', 'S']);
    expect(seq.indexOf('break')).toBeGreaterThanOrEqual(0);
    expect(seq.indexOf('break')).toBeLessThan(seq.indexOf('W'));
    expect(plan.totals.distanceM).toBe(40_000);
    const brk = plan.routes[0]?.steps.find((s) => s.type === 'break');
    expect(brk?.startSec).toBeGreaterThanOrEqual(8 * H);
    expect(brk?.startSec).toBeLessThanOrEqual(8 * H + 20 * 60);
    const w = stepOf(plan, 'W');
    expect(w?.startSec).toBeGreaterThanOrEqual(8 * H + 40 * 60);
    expect(w?.startSec).toBeLessThanOrEqual(8 * H + 45 * 60);
  });

  it('takes a break that falls due while the truck would wait for the disposal site to open', () => {
    // D = S (0,0), S open 12:00-16:00; A (1,0). Break: 30 min, starting 09:00-09:30. A is served
    // at 08:01-08:03, then the load waits for S until 12:00 (unloaded by 12:10): the day runs past
    // 09:30, so the break is required, and it must be a step before the disposal visit (at D or at
    // A, waiting for 09:00), since unloading ends at 12:10. The baseline goes straight to S and
    // misses it. D-A 1 + A-S 1 = 2 km.
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], A: [1, 0] },
      disposalSites: [{ id: 'S', timeWindows: [{ openSec: 12 * H, closeSec: 16 * H }] }],
      bins: [{ id: 'A' }],
      vehicles: [{ id: 'V', breaks: [{ earliestStartSec: 9 * H, latestStartSec: 9.5 * H, durationSec: 1800 }] }],
    });
    const plan = solveClean(resolved);
    expect(stops(plan).filter((s) => s !== 'break')).toEqual(['A', 'S']);
    const brk = plan.routes[0]?.steps.filter((s) => s.type === 'break') ?? [];
    expect(brk).toHaveLength(1);
    expect(brk[0]?.startSec).toBeGreaterThanOrEqual(9 * H);
    expect(brk[0]?.startSec).toBeLessThanOrEqual(9.5 * H);
    expect(stepOf(plan, 'S')?.startSec).toBeGreaterThanOrEqual(12 * H);
    expect(plan.totals.distanceM).toBe(2_000);
  });

  it('waits for a break whose window is a single instant after the last bin', () => {
    // D = S (0,0); A (1,0). Break: 5 min, starting at exactly 08:10. A is served 08:01-08:03;
    // unloading would end at 08:14, past 08:10, so the break is required and must be a step before
    // the disposal visit: at A, waiting from 08:03 to 08:10 (or at D before leaving).
    // D-A 1 + A-S 1 = 2 km.
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], A: [1, 0] },
      bins: [{ id: 'A' }],
      vehicles: [{ id: 'V', breaks: [{ earliestStartSec: 8 * H + 600, latestStartSec: 8 * H + 600, durationSec: 300 }] }],
    });
    const plan = solveClean(resolved);
    expect(stops(plan).filter((s) => s !== 'break')).toEqual(['A', 'S']);
    const brk = plan.routes[0]?.steps.filter((s) => s.type === 'break') ?? [];
    expect(brk.map((s) => [s.startSec, s.departureSec])).toEqual([[8 * H + 600, 8 * H + 900]]);
    expect(plan.totals.distanceM).toBe(2_000);
  });

  it('does not take a break that is not required when taking it would end the shift late', () => {
    // D = S (0,0); A (10,0); shift 08:00-09:00. Break: 40 min, starting 08:15-10:00.
    // D-A 10 min (A 08:10-08:12), A-S 10 min (08:22), unloading to 08:32, home 08:32: before the
    // break's latest start, so the break is not required; taken anywhere (from 08:15, 40 min) it
    // puts S or home after 09:00. The baseline takes it once unloaded and is back at 09:12.
    // D-A 10 + A-S 10 = 20 km.
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], A: [10, 0] },
      bins: [{ id: 'A' }],
      vehicles: [{ id: 'V', shiftEndSec: 9 * H, breaks: [{ earliestStartSec: 8.25 * H, latestStartSec: 10 * H, durationSec: 2400 }] }],
    });
    const plan = solveClean(resolved);
    expect(stops(plan)).toEqual(['A', 'S']);
    expect(plan.routes[0]?.steps.at(-1)?.arrivalSec).toBeLessThanOrEqual(9 * H);
    expect(plan.totals.distanceM).toBe(20_000);
  });

  it('takes no break when the day ends before the break\'s latest start', () => {
    // D = S (0,0); A (1,0). D-A 1 + A-S 1 = 2 km, back at 08:00 + 60 + 120 + 60 + 600 s = 08:14,
    // before the break's latest start 12:00: the break is not required and would only add time
    // (V pays 10 per hour here).
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], A: [1, 0] },
      bins: [{ id: 'A' }],
      vehicles: [{ id: 'V', costs: { perKm: 1, perHour: 10, fixed: 0 }, breaks: [{ earliestStartSec: 11 * H, latestStartSec: 12 * H, durationSec: 1800 }] }],
    });
    const plan = solveClean(resolved);
    expect(stops(plan)).toEqual(['A', 'S']);
    expect(plan.routes[0]?.steps.at(-1)?.arrivalSec).toBe(8 * H + 840);
  });
});

describe('solveDay: streams', () => {
  it('puts a glass bin only on the glass truck, even when the residual truck drives past it', () => {
    // D = S (0,0); G (1,0) glass, R (5,0) residual. VR carries residual, VG glass.
    // VR: D-R-S 5 + 5 = 10 km; VG: D-G-S 1 + 1 = 2 km; total 12 km.
    // (G on VR's way would make 10 km, but VR does not carry glass.)
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], G: [1, 0], R: [5, 0] },
      bins: [{ id: 'G', stream: 'glass' }, { id: 'R' }],
      vehicles: [
        { id: 'VR', streams: ['residual'] },
        { id: 'VG', streams: ['glass'] },
      ],
    });
    const plan = solveClean(resolved);
    expect(binsOf(plan, 'VG')).toEqual(['G']);
    expect(binsOf(plan, 'VR')).toEqual(['R']);
    expect(plan.totals.cost).toBe(12);
  });

  it('serves two streams in one load on a mixed-stream truck', () => {
    // D = S (0,0), S accepts residual and packaging; R (3,0) residual 400 L, P (3,3) packaging
    // 400 L; V carries both, 1000 L: one load. D-R 3 + R-P 3 + P-S 6 = 12 km (either order).
    // Unloading between them: D-R-S-P-S = 3 + 3 + 6 + 6 = 18 km.
    const resolved = resolveDay({
      at: { D: [0, 0], S: [0, 0], R: [3, 0], P: [3, 3] },
      disposalSites: [{ id: 'S', streams: ['residual', 'packaging'] }],
      bins: [
        { id: 'R', demandLitres: 400 },
        { id: 'P', stream: 'packaging', demandLitres: 400 },
      ],
      vehicles: [{ id: 'V', streams: ['residual', 'packaging'], capacityLitres: 1000 }],
    });
    const plan = solveClean(resolved);
    expect(binsOf(plan).sort()).toEqual(['P', 'R']);
    expect(plan.routes[0]?.disposalTrips).toBe(1);
    expect(plan.totals.cost).toBe(12);
  });

  it('unloads glass at the site that accepts it, not at the nearer residual-only site', () => {
    // D (0,0); G (3,0) glass; SR (3,1) takes residual only, 1 km from G; SG (0,2) takes glass.
    // D-G 3 + G-SG 5 + SG-D 2 = 10 km (SR would make 3 + 1 + 4 = 8 km but refuses glass).
    const resolved = resolveDay({
      at: { D: [0, 0], G: [3, 0], SR: [3, 1], SG: [0, 2] },
      disposalSites: [
        { id: 'SR', streams: ['residual'] },
        { id: 'SG', streams: ['glass'] },
      ],
      bins: [{ id: 'G', stream: 'glass' }],
      vehicles: [{ id: 'V', streams: ['glass'] }],
    });
    const plan = solveClean(resolved);
    expect(stops(plan)).toEqual(['G', 'SG']);
    expect(plan.totals.cost).toBe(10);
  });
});

describe('solveDay: locks', () => {
  it('serves locked bins with the named vehicle in the given order, though another vehicle is closer', () => {
    // V1 from D1 (0,0), V2 from D2 (6,0); S (12,0); L1 (5,0), L2 (10,0), locked to V1 as L2, L1.
    // V1: D1-L2 10 + L2-L1 5 + L1-S 7 + S-D1 12 = 34 km (unloading earlier only adds).
    // Unlocked, V2 would do D2-L1-L2-S-D2 = 1 + 5 + 2 + 6 = 14 km, and V1 in the natural order
    // D1-L1-L2-S-D1 = 5 + 5 + 2 + 12 = 24 km.
    const resolved = resolveDay({
      at: { D1: [0, 0], D2: [6, 0], S: [12, 0], L1: [5, 0], L2: [10, 0] },
      depots: [{ id: 'D1' }, { id: 'D2' }],
      bins: [{ id: 'L1' }, { id: 'L2' }],
      vehicles: [
        { id: 'V1', startDepotId: 'D1', endDepotId: 'D1' },
        { id: 'V2', startDepotId: 'D2', endDepotId: 'D2' },
      ],
      locks: [{ vehicleId: 'V1', binIds: ['L2', 'L1'] }],
    });
    const plan = solveClean(resolved);
    expect(binsOf(plan, 'V1')).toEqual(['L2', 'L1']);
    expect(binsOf(plan, 'V2')).toEqual([]);
    expect(plan.totals.distanceM).toBe(34_000);
  });

  it('serves exactly the bins of a whole-route lock, leaving a bin on its way to another vehicle', () => {
    // V1 from D1 = S1 (0,0), V2 from D2 = S2 (20,0); X (5,0) locked to V1 as its whole route,
    // Y (6,0). V1: D1-X-S1 5 + 5 = 10 km; V2: D2-Y-S2 14 + 14 = 28 km; total 38 km.
    // (V1 taking Y too would make D1-X-Y-S1 = 12 km in all.)
    const resolved = resolveDay({
      at: { D1: [0, 0], S1: [0, 0], D2: [20, 0], S2: [20, 0], X: [5, 0], Y: [6, 0] },
      depots: [{ id: 'D1' }, { id: 'D2' }],
      disposalSites: [{ id: 'S1' }, { id: 'S2' }],
      bins: [{ id: 'X' }, { id: 'Y' }],
      vehicles: [
        { id: 'V1', startDepotId: 'D1', endDepotId: 'D1' },
        { id: 'V2', startDepotId: 'D2', endDepotId: 'D2' },
      ],
      locks: [{ vehicleId: 'V1', binIds: ['X'], wholeRoute: true }],
    });
    const plan = solveClean(resolved);
    expect(binsOf(plan, 'V1')).toEqual(['X']);
    expect(binsOf(plan, 'V2')).toEqual(['Y']);
    expect(plan.totals.cost).toBe(38);
  });
});

describe('solveDay: fixed prefixes', () => {
  // D (0,0), S (2,0). V has already collected A (4,0) and stands there at 10:00 with its 600 L /
  // 120 kg on board; B (4,2) holds 600 L; capacity 1000 L, so V unloads before B and again after.
  // A-S 2 + S-B 4 + B-S 4 + S-D 2 = 12 km. First arrival at S: 10:00 + 120 s.
  const spec: DaySpec = {
    at: { D: [0, 0], S: [2, 0], A: [4, 0], B: [4, 2] },
    bins: [
      { id: 'A', demandLitres: 600 },
      { id: 'B', demandLitres: 600 },
    ],
    vehicles: [{ id: 'V', capacityLitres: 1000 }],
    fixedPrefixes: [{ vehicleId: 'V', doneBinIds: ['A'], at: 'A', atSec: 10 * H, loadLitres: 600, loadKg: 120 }],
  };

  it('resumes from the current position at the given time and load, without serving or listing the done bin', () => {
    const resolved = resolveDay(spec);
    const plan = solveClean(resolved);
    const steps = plan.routes[0]?.steps ?? [];
    expect(steps[0]).toMatchObject({ type: 'start', id: PLAN_CURRENT_POSITION_ID, locationIndex: 2, loadLitres: 600, loadKg: 120 });
    expect(steps[0]?.departureSec).toBeGreaterThanOrEqual(10 * H);
    expect(stops(plan)).toEqual(['S', 'B', 'S']);
    expect(steps[1]?.arrivalSec).toBe((steps[0]?.departureSec ?? 0) + 120);
    expect(plan.totals.distanceM).toBe(12_000);
    expect(plan.routes.flatMap((r) => r.steps).some((s) => s.id === 'A')).toBe(false);
    expect(plan.unassigned).toEqual([]);
  });

  it('brings a truck with a fixed prefix home empty even when no bin is left for it', () => {
    // Only A, already done: A-S 2 + S-D 2 = 4 km.
    const resolved = resolveDay({ ...spec, bins: [{ id: 'A', demandLitres: 600 }] });
    const plan = solveClean(resolved);
    expect(stops(plan)).toEqual(['S']);
    expect(plan.totals.distanceM).toBe(4_000);
    expect(plan.unassigned).toEqual([]);
  });
});

describe('solveDay: optional bins', () => {
  // D = S (0,0); mandatory A (4,0); optional O (4,2). V costs 1 per km and 60 per hour.
  // Without O: D-A-S 4 + 4 = 8 km; 480 s driving + 120 s service + 600 s unloading = 1,200 s
  //   → 8 + 60 × 1,200 / 3,600 = 8 + 20 = 28.
  // With O: D-A-O-S 4 + 2 + 6 = 12 km (D-O-A-S the same); 720 + 2 × 120 + 600 = 1,560 s
  //   → 12 + 26 = 38. The detour costs 38 − 28 = 10.
  const spec = (prize: number): DaySpec => ({
    at: { D: [0, 0], S: [0, 0], A: [4, 0], O: [4, 2] },
    bins: [{ id: 'A' }, { id: 'O', mandatory: false, prize }],
    vehicles: [{ id: 'V', costs: { perKm: 1, perHour: 60, fixed: 0 } }],
  });

  it('takes an optional bin whose prize beats its detour cost (15 > 10)', () => {
    // 38 − 15 = 23 < 28.
    const resolved = resolveDay(spec(15));
    const plan = solveClean(resolved);
    expect(binsOf(plan).sort()).toEqual(['A', 'O']);
    expect(plan.unassigned).toEqual([]);
    expect(plan.totals.distanceM).toBe(12_000);
    expect(plan.totals.cost).toBeCloseTo(38, 9);
  });

  it('leaves out an optional bin whose prize does not pay for its detour (8 < 10) as not_worth_collecting', () => {
    // 38 − 8 = 30 > 28.
    const resolved = resolveDay(spec(8));
    const plan = solveClean(resolved);
    expect(binsOf(plan)).toEqual(['A']);
    expect(reasons(plan)).toEqual({ O: 'not_worth_collecting' });
    expect(plan.totals.cost).toBeCloseTo(28, 9);
  });
});

describe('solveDay: unassigned reasons', () => {
  // D = S (0,0); A (1,0) is served (D-A-S 2 km). V carries residual, 1000 L, 08:00-16:00.
  // Each case adds one bin that cannot or should not be served.
  const base = (extra: DaySpec['bins'][number], at: readonly [number, number] = [2, 0]): DaySpec => ({
    at: { D: [0, 0], S: [0, 0], A: [1, 0], X: at },
    bins: [{ id: 'A' }, extra],
    vehicles: [{ id: 'V', capacityLitres: 1000 }],
  });
  const cases: { reason: string; why: string; spec: DaySpec; cut?: boolean }[] = [
    { reason: 'capacity', why: '5,000 L in a 1,000 L truck', spec: base({ id: 'X', demandLitres: 5000 }) },
    { reason: 'time_window', why: 'open 02:00-03:00, the shift is 08:00-16:00', spec: base({ id: 'X', timeWindows: [{ openSec: 2 * H, closeSec: 3 * H }] }) },
    { reason: 'unreachable', why: 'no path to it in the matrix (as the road engine reports)', spec: base({ id: 'X' }), cut: true },
    { reason: 'no_compatible_vehicle', why: 'glass, and V carries residual only', spec: base({ id: 'X', stream: 'glass' }) },
    // 300 km away: 18,000 s each way, 36,000 s > the 28,800 s shift.
    { reason: 'shift_too_short', why: 'D-X-S takes 2 × 18,000 s > the 8 h shift', spec: base({ id: 'X' }, [300, 0]) },
    // 50 km away: D-A-X-S is 1 + 49 + 50 = 100 km instead of 2 km, a 98 km detour for a prize of 1.
    { reason: 'not_worth_collecting', why: 'optional, prize 1 for a 98 km detour', spec: base({ id: 'X', mandatory: false, prize: 1 }, [50, 0]) },
  ];

  it.each(cases)('reports $reason for a bin that is $why', ({ reason, spec, cut }) => {
    const resolved = cut ? withUnreachableBin(resolveDay(spec), 'X', 'no drivable path to the bin') : resolveDay(spec);
    const plan = solveClean(resolved);
    expect(binsOf(plan)).toEqual(['A']);
    expect(reasons(plan)).toEqual({ X: reason });
    expect(plan.unassigned[0]?.detail).not.toBe('');
    expect(plan.totals.distanceM).toBe(2_000);
  });
});

describe('solveDay: determinism', () => {
  // Twelve bins on a 6 × 6 km grid (no optimum claimed here), two trucks, two sites, a break.
  const spec: DaySpec = {
    at: Object.fromEntries([
      ['D', [0, 0]],
      ['S1', [3, 3]],
      ['S2', [6, 0]],
      ...Array.from({ length: 12 }, (_, i) => [`b${i}`, [(i * 5) % 7, (i * 3) % 6]] as const),
    ]),
    disposalSites: [{ id: 'S1', streams: ['residual', 'paper'] }, { id: 'S2' }],
    bins: Array.from({ length: 12 }, (_, i) => ({
      id: `b${i}`,
      stream: i % 4 === 0 ? 'paper' : 'residual',
      demandLitres: 200 + 100 * (i % 5),
      ...(i % 3 === 0 ? { timeWindows: [{ openSec: 9 * H, closeSec: 11 * H }] } : {}),
      ...(i === 7 ? { mandatory: false, prize: 5 } : {}),
    })),
    vehicles: [
      { id: 'V1', streams: ['residual', 'paper'], capacityLitres: 1500, breaks: [{ earliestStartSec: 10 * H, latestStartSec: 12 * H, durationSec: 1800 }] },
      { id: 'V2', streams: ['residual'], capacityLitres: 1200, costs: { perKm: 1, perHour: 20, fixed: 5 } },
    ],
  };

  it('returns the identical plan for the same seed and iteration budget', () => {
    const resolved = resolveDay(spec);
    const a = solve(resolved, 150, 7);
    const b = solve(resolveDay(spec), 150, 7);
    expect(JSON.stringify(b.plan)).toBe(JSON.stringify(a.plan));
    expect(b.stats).toEqual(a.stats);
    expect(checkDayPlan(resolved, a.plan)).toEqual([]);
  });

  it('returns a checker-clean plan no worse than the baseline for another seed', () => {
    const resolved = resolveDay(spec);
    const { plan, stats } = solve(resolved, 150, 8);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    expect(stats.cost).toBeLessThanOrEqual(stats.baselineCost);
  });
});

describe('solveDay: objectives', () => {
  // V1 from D1 = S1 (0,0), V2 from D2 = S2 (20,0); A (1,0), B (19,0), one load together.
  // One truck: D1-A-B-S1-D1 = 1 + 18 + 19 + 0 = 38 km (or D1-B-A-S1, or V2 mirrored: 38 km);
  //   unloading at S2 after B instead: 1 + 18 + 1 + 20 = 40 km (what the baseline drives).
  //   38 km × 60 s + 2 × 120 s + 600 s = 3,120 s of work (baseline 2,400 + 240 + 600 = 3,240 s).
  // Two trucks: D1-A-S1 2 km and D2-B-S2 2 km: 4 km, 240 + 240 + 2 × 600 = 1,680 s.
  const spec = (objective: 'weighted' | 'hierarchical'): DaySpec => ({
    at: { D1: [0, 0], S1: [0, 0], D2: [20, 0], S2: [20, 0], A: [1, 0], B: [19, 0] },
    depots: [{ id: 'D1' }, { id: 'D2' }],
    disposalSites: [{ id: 'S1' }, { id: 'S2' }],
    bins: [{ id: 'A' }, { id: 'B' }],
    vehicles: [
      { id: 'V1', startDepotId: 'D1', endDepotId: 'D1' },
      { id: 'V2', startDepotId: 'D2', endDepotId: 'D2' },
    ],
    objective,
  });

  it('hierarchical: uses one truck for a longer day rather than two for a shorter one', () => {
    const resolved = resolveDay(spec('hierarchical'));
    expect(nearestNeighbourDay(resolved).totals.workingSec).toBe(3_240);
    const plan = solveClean(resolved);
    expect(plan.totals.vehiclesUsed).toBe(1);
    expect(plan.routes.flatMap((r) => binsOf(plan, r.vehicleId)).sort()).toEqual(['A', 'B']);
    expect(plan.totals.distanceM).toBe(38_000);
    expect(plan.totals.workingSec).toBe(3_120);
  });

  it('weighted (1 per km, no fixed cost): uses both trucks, each serving the bin next to its depot', () => {
    const resolved = resolveDay(spec('weighted'));
    const plan = solveClean(resolved);
    expect(plan.totals.vehiclesUsed).toBe(2);
    expect(binsOf(plan, 'V1')).toEqual(['A']);
    expect(binsOf(plan, 'V2')).toEqual(['B']);
    expect(plan.totals.cost).toBe(4);
  });
});
