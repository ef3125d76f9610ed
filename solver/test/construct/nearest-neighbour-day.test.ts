/**
 * The nearest-neighbour baseline always yields checker-clean day plans: on the documented example
 * and on random valid problems with windows, breaks, several disposal sites, streams, optional
 * bins, locks and fixed prefixes.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDayPlan, nearestNeighbourDay, parseProblemJson, resolveExplicitMatrix, STREAMS, type ProblemJson } from '../../src/index.js';

const example = (): ProblemJson => parseProblemJson(JSON.parse(readFileSync('docs/examples/problem-small.json', 'utf8')));

describe('nearest-neighbour baseline', () => {
  it('serves the example with two loads and the market bin in its window, and skips a break the short day does not need', () => {
    const resolved = resolveExplicitMatrix(example());
    const plan = nearestNeighbourDay(resolved);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    const steps = plan.routes[0]?.steps ?? [];
    expect(steps.filter((s) => s.type === 'disposal').length).toBeGreaterThanOrEqual(2);
    const end = steps[steps.length - 1];
    expect(end?.arrivalSec).toBeLessThan(36_000);
    expect(steps.filter((s) => s.type === 'break')).toHaveLength(0);
    const market = steps.find((s) => s.id === 'MARKET');
    expect(market?.startSec).toBeGreaterThanOrEqual(28_800);
    expect(plan.unassigned).toEqual([{ binId: 'B6', reason: 'not_worth_collecting', detail: expect.any(String) }]);
  });

  it('takes the break in its window when the day runs past it, waiting for the window if needed', () => {
    const p = example();
    const doc: ProblemJson = { ...p, vehicles: [{ ...p.vehicles[0]!, breaks: [{ earliestStartSec: 25_200, latestStartSec: 27_000, durationSec: 1_200 }] }] };
    const resolved = resolveExplicitMatrix(doc);
    const plan = nearestNeighbourDay(resolved);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    const brk = plan.routes[0]?.steps.filter((s) => s.type === 'break') ?? [];
    expect(brk).toHaveLength(1);
    expect(brk[0]?.startSec).toBeGreaterThanOrEqual(25_200);
    expect(brk[0]?.startSec).toBeLessThanOrEqual(27_000);
  });

  it('keeps a locked order and resumes from a fixed prefix', () => {
    const p = example();
    const doc: ProblemJson = {
      ...p,
      locks: [{ vehicleId: 'BOM-01', binIds: ['B3', 'B1'], wholeRoute: false }],
      fixedPrefixes: [{ vehicleId: 'BOM-01', doneBinIds: ['B2'], locationIndex: 3, atSec: 24_000, loadLitres: 26_000, loadKg: 3_100 }],
    };
    const resolved = resolveExplicitMatrix(doc);
    const plan = nearestNeighbourDay(resolved);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    const ids = plan.routes[0]?.steps.filter((s) => s.type === 'bin').map((s) => s.id) ?? [];
    expect(ids.indexOf('B3')).toBeLessThan(ids.indexOf('B1'));
    expect(ids).not.toContain('B2');
  });

  it('reports a bin too big for every truck as capacity and a glass bin without a glass truck as no_compatible_vehicle', () => {
    const p = example();
    const doc: ProblemJson = {
      ...p,
      bins: [...p.bins.slice(0, 5), { ...p.bins[0]!, id: 'HUGE', demandLitres: 500_000 }, { ...p.bins[1]!, id: 'GLASS', stream: 'glass' }],
    };
    const resolved = resolveExplicitMatrix(doc);
    const plan = nearestNeighbourDay(resolved);
    expect(checkDayPlan(resolved, plan)).toEqual([]);
    expect(plan.unassigned.find((u) => u.binId === 'HUGE')?.reason).toBe('capacity');
    expect(plan.unassigned.find((u) => u.binId === 'GLASS')?.reason).toBe('no_compatible_vehicle');
  });

  it('yields checker-clean plans on random valid problems', () => {
    const H = 3600;
    const arb = fc.record({
      points: fc.array(fc.tuple(fc.integer({ min: 0, max: 8000 }), fc.integer({ min: 0, max: 8000 })), { minLength: 3, maxLength: 30 }),
      seedStreams: fc.array(fc.constantFrom(...STREAMS), { minLength: 30, maxLength: 30 }),
      demands: fc.array(fc.integer({ min: 50, max: 6000 }), { minLength: 30, maxLength: 30 }),
      windows: fc.array(fc.option(fc.integer({ min: 6, max: 12 }), { nil: undefined }), { minLength: 30, maxLength: 30 }),
      optional: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
      vehicles: fc.integer({ min: 1, max: 3 }),
      capacity: fc.integer({ min: 6000, max: 20000 }),
      siteCloses: fc.integer({ min: 10, max: 20 }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const pts = [[0, 0] as const, [4000, 4000] as const, [7000, 1000] as const, ...a.points];
        const size = pts.length;
        const dist = pts.map((p) => pts.map((q) => Math.round(Math.hypot(p[0] - q[0], p[1] - q[1]) * 1.3)));
        const dur = dist.map((row) => row.map((d) => Math.round(d / 7)));
        const doc = parseProblemJson({
          version: 1,
          depots: [{ id: 'D', locationIndex: 0 }],
          disposalSites: [
            { id: 'S1', locationIndex: 1, unloadingSec: 900, streams: ['residual', 'biowaste'], timeWindows: [{ openSec: 5 * H, closeSec: a.siteCloses * H }] },
            { id: 'S2', locationIndex: 2, unloadingSec: 600, streams: ['glass', 'paper', 'packaging', 'residual'] },
          ],
          bins: a.points.map((_, i) => ({
            id: `b${i}`,
            locationIndex: i + 3,
            stream: a.seedStreams[i],
            demandLitres: a.demands[i],
            demandKg: Math.round((a.demands[i] ?? 0) * 0.2),
            serviceSec: 60,
            ...(a.windows[i] !== undefined ? { timeWindows: [{ openSec: (a.windows[i] as number) * H, closeSec: ((a.windows[i] as number) + 2) * H }] } : {}),
            mandatory: !a.optional[i],
            ...(a.optional[i] ? { prize: 10 } : {}),
          })),
          vehicles: Array.from({ length: a.vehicles }, (_, v) => ({
            id: `v${v}`,
            streams: v === 0 ? ['residual', 'biowaste'] : ['glass', 'paper', 'packaging', 'residual'],
            capacityLitres: a.capacity,
            capacityKg: 3000,
            shiftStartSec: 6 * H,
            shiftEndSec: 13 * H,
            breaks: [{ earliestStartSec: 9 * H, latestStartSec: 11 * H, durationSec: 1200 }],
            startDepotId: 'D',
            endDepotId: 'D',
            costs: { perKm: 1, perHour: 100, fixed: 10 },
            co2KgPerKm: 2.5,
          })),
          matrix: { durationsSec: dur, distancesM: dist },
        });
        expect(size).toBe(doc.bins.length + 3);
        const resolved = resolveExplicitMatrix(doc);
        const plan = nearestNeighbourDay(resolved);
        expect(checkDayPlan(resolved, plan)).toEqual([]);
      }),
      { numRuns: 200, seed: 20261128 },
    );
  });
});
