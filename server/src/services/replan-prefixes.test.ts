/**
 * The fixed prefixes of a re-plan from stored rows: done bins, position, clock and load of each
 * truck; trucks unavailable from a time; and what the worker does with them (`applyReplan`).
 */
import { describe, expect, it } from 'vitest';
import { applyReplan, type DayDoc } from '../compute/day-changes.js';
import type { PlanRouteRow, PlanStepRow } from '../db/repositories/plans-repository.js';
import { vehicleRow } from '../../test/helpers.js';
import { replanSpec, REPLAN_MIN_WORK_SEC } from './replan-prefixes.js';

const H = 3600;
const DEPOT: [number, number] = [7.4155, 43.7305];

function step(routeId: string, stepIdx: number, kind: PlanStepRow['kind'], refId: string | null, departureSec: number, litres: number, lng = 7.42 + stepIdx / 1000): PlanStepRow {
  const iso = new Date(Date.UTC(2026, 10, 28, 0, 0, departureSec - H)).toISOString();
  return {
    routeId, stepIdx, kind, refId, locIdx: null, lng, lat: 43.73, arrivalSec: departureSec - 60, startSec: departureSec - 60, departureSec,
    arrivalAt: iso, startAt: iso, departureAt: iso, loadAfterLitres: litres, loadAfterKg: litres / 10, distanceFromPrevM: 100, drivingFromPrevSec: 30,
  };
}

const route = (routeId: string, vehicleId: string): PlanRouteRow => ({ routeId, vehicleId } as PlanRouteRow);

// r1 (BOM-01): depot 06:00, a 07:00 (100 L), b 08:00 (+200), quay 09:00 (0), c 10:00 (+50), d 11:00 (+70), depot
const R1 = [
  step('r1', 0, 'start', 'depot', 6 * H, 0),
  step('r1', 1, 'bin', 'a', 7 * H, 100),
  step('r1', 2, 'bin', 'b', 8 * H, 300),
  step('r1', 3, 'disposal', 'quay', 9 * H, 0),
  step('r1', 4, 'bin', 'c', 10 * H, 50),
  step('r1', 5, 'bin', 'd', 11 * H, 120),
  step('r1', 6, 'end', 'depot', 12 * H, 0),
];
// r2 (BOM-02): depot, e 07:30, f 09:30, depot
const R2 = [step('r2', 0, 'start', 'depot', 6 * H, 0), step('r2', 1, 'bin', 'e', 7.5 * H, 80), step('r2', 2, 'bin', 'f', 9.5 * H, 160), step('r2', 3, 'end', 'depot', 11 * H, 0)];
const ROUTES = [route('r1', 'BOM-01'), route('r2', 'BOM-02')];
const FLEET = [vehicleRow({ id: 'BOM-01' }), vehicleRow({ id: 'BOM-02' }), vehicleRow({ id: 'BOM-03' })];
const done = (...ids: string[]) => ids.map((binId) => ({ binId, vehicleId: null, doneAt: '2026-11-28T09:00:00Z' }));

describe('replanSpec', () => {
  it('resumes each truck from its last done stop, with the load of the done bins since its last unloading', () => {
    const spec = replanSpec(ROUTES, [...R1, ...R2], done('a', 'b', 'c'), FLEET, DEPOT, { atSec: 10.5 * H, unavailable: new Map(), assumeDoneBeforeAt: false });
    const p1 = spec.prefixes.find((p) => p.vehicleId === 'BOM-01')!;
    expect(p1.doneBinIds).toEqual(['a', 'b', 'c']);
    expect(p1.location).toEqual([R1[4]!.lng, R1[4]!.lat]);
    expect(p1.atSec).toBe(10.5 * H);
    expect(p1).toMatchObject({ loadLitres: 50, loadKg: 5 }); // unloaded at the quay, then c
    // BOM-02 reported nothing: it resumes where its route stood (the depot), at the re-plan time
    expect(spec.prefixes.find((p) => p.vehicleId === 'BOM-02')).toMatchObject({ doneBinIds: [], atSec: 10.5 * H, loadLitres: 0 });
    expect([...spec.keepBinIds].sort()).toEqual(['d', 'e', 'f']);
    expect(spec.carried.map((c) => [c.binId, c.vehicleId])).toEqual([['a', 'BOM-01'], ['b', 'BOM-01'], ['c', 'BOM-01']]);
    expect(spec.changes).toEqual([]);
  });

  it('skips a bin not reported done in the load, and counts the planned stops as done when asked', () => {
    const skipped = replanSpec(ROUTES, [...R1, ...R2], done('a', 'c'), FLEET, DEPOT, { atSec: 10.5 * H, unavailable: new Map(), assumeDoneBeforeAt: false });
    expect(skipped.prefixes[0]).toMatchObject({ doneBinIds: ['a', 'c'], loadLitres: 50 });
    expect(skipped.keepBinIds).toContain('b');
    const assumed = replanSpec(ROUTES, [...R1, ...R2], [], FLEET, DEPOT, { atSec: 9.75 * H, unavailable: new Map(), assumeDoneBeforeAt: true });
    expect(assumed.prefixes.find((p) => p.vehicleId === 'BOM-01')).toMatchObject({ doneBinIds: ['a', 'b'], loadLitres: 0, atSec: 9.75 * H });
    expect(assumed.prefixes.find((p) => p.vehicleId === 'BOM-02')).toMatchObject({ doneBinIds: ['e', 'f'], loadLitres: 160, atSec: 9.75 * H });
  });

  it('brings a truck unavailable later home by then, and gives one unavailable now no new stop', () => {
    const spec = replanSpec(ROUTES, [...R1, ...R2], done('a'), FLEET, DEPOT, {
      atSec: 9 * H,
      unavailable: new Map([['BOM-01', 9 * H + REPLAN_MIN_WORK_SEC - 60], ['BOM-02', 11 * H], ['BOM-03', 8 * H]]),
      assumeDoneBeforeAt: false,
    });
    expect(spec.changes).toEqual([
      { vehicleId: 'BOM-01', noNewStops: true },
      { vehicleId: 'BOM-02', shiftEndSec: 11 * H },
      { vehicleId: 'BOM-03', noNewStops: true, atDepot: true },
    ]);
    expect(spec.unavailableBins.filter((u) => u.vehicleId === 'BOM-01').map((u) => u.binId)).toEqual(['b', 'c', 'd']);
    expect(spec.unavailableBins.filter((u) => u.vehicleId === 'BOM-02').map((u) => u.binId)).toEqual(['e', 'f']);
  });

  it('carries over the done bins of an earlier re-plan before the newly done ones, from its current position', () => {
    const resumed = [
      step('r1', 0, 'start', 'current-position', 9 * H, 300),
      step('r1', 1, 'bin', 'c', 10 * H, 350),
      step('r1', 2, 'end', 'depot', 11 * H, 0),
    ];
    const carried = [{ binId: 'a', vehicleId: 'BOM-01', doneAt: 'x' }, { binId: 'b', vehicleId: 'BOM-01', doneAt: 'y' }];
    const spec = replanSpec([route('r1', 'BOM-01')], resumed, [...carried, ...done('c')], FLEET.slice(0, 1), DEPOT, { atSec: 10.25 * H, unavailable: new Map(), assumeDoneBeforeAt: false });
    expect(spec.prefixes[0]).toMatchObject({ doneBinIds: ['a', 'b', 'c'], loadLitres: 350, atSec: 10.25 * H });
  });
});

describe('applyReplan', () => {
  const doc: DayDoc = {
    bins: [{ id: 'a', demandKg: 40 }, { id: 'b', demandKg: 30 }],
    vehicles: [
      { id: 'BOM-01', shiftStartSec: 6 * H, shiftEndSec: 13 * H, breaks: [{ durationSec: 1200 }] },
      { id: 'BOM-02', shiftStartSec: 6 * H, shiftEndSec: 13 * H, breaks: [{ durationSec: 1200 }] },
    ],
  };

  it('sets the prefixes, moves shift ends, and limits a stopped truck to what it has done', () => {
    const out = applyReplan(doc, {
      atSec: 9 * H,
      prefixes: [
        { vehicleId: 'BOM-01', doneBinIds: ['a', 'b'], location: [7.42, 43.73], atSec: 9 * H, loadLitres: 10, loadKg: 70 },
        { vehicleId: 'BOM-02', doneBinIds: [], location: DEPOT, atSec: 9 * H, loadLitres: 0, loadKg: 0 },
      ],
      changes: [{ vehicleId: 'BOM-01', noNewStops: true }, { vehicleId: 'BOM-02', shiftEndSec: 11 * H }],
    });
    expect(out.vehicles[0]).toMatchObject({ maxStops: 2, dailyCapacityKg: 70, shiftEndSec: 13 * H });
    expect(out.vehicles[1]).toMatchObject({ shiftEndSec: 11 * H });
    expect(out.fixedPrefixes).toHaveLength(2);
    const atDepot = applyReplan(doc, { atSec: 9 * H, prefixes: [{ vehicleId: 'BOM-02', doneBinIds: [], location: DEPOT, atSec: 9 * H, loadLitres: 0, loadKg: 0 }], changes: [{ vehicleId: 'BOM-02', noNewStops: true, atDepot: true }] });
    expect(atDepot.fixedPrefixes).toEqual([]);
    expect(atDepot.vehicles[1]).toMatchObject({ dailyCapacityKg: 1 });
    expect(atDepot.vehicles[1]!.maxStops).toBeUndefined();
  });
});
