import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanCreatedSchema, PlanSchema, type PlanDto } from '../../contract/index.js';
import { checkDayPlan } from '../solver.js';
import { binRow, insertRows, memoryDb, noRoadContext, readingRow, siteRow, startApp, vehicleRow, type Running, TEST_SPACE } from '../../test/helpers.js';
import { BREAK_DURATION_SEC, MAY_PRIZE_EUR_PER_FULL_BIN } from '../compute/plan-pipeline.js';
import { buildRoadContext } from './road-context.js';

const DATE = '2026-11-28';

/** Readings every 6 h over 4 days up to 2026-11-27T18:00Z, ending at `end` %, rising 10 %/day. */
function history(id: string, end: number): ReturnType<typeof readingRow>[] {
  const out = [];
  for (let k = 0; k <= 16; k++) {
    const t = Date.parse('2026-11-27T18:00:00Z') - (16 - k) * 6 * 3_600_000;
    out.push(readingRow(id, new Date(t).toISOString(), Math.max(0, end - (10 * (16 - k)) / 4)));
  }
  return out;
}

/**
 * Underground columns emptied by crane (30 min each with the crane set-up): enough work that the
 * truck's day runs past 12:00 Monaco, the latest start of its break (06:00 + 6 h).
 */
const COLUMNS: [string, number, number][] = [
  ['PAV01', 7.4206, 43.7312],
  ['PAV02', 7.427, 43.7395],
  ['PAV03', 7.429, 43.742],
  ['PAV04', 7.4275, 43.746],
  ['PAV05', 7.434, 43.748],
  ['PAV06', 7.418, 43.733],
  ['PAV07', 7.4155, 43.7375],
  ['PAV08', 7.423, 43.733],
  ['PAV09', 7.421, 43.736],
  ['PAV10', 7.425, 43.739],
  ['PAV11', 7.42, 43.734],
];

let run: Running;
let plan: PlanDto;

beforeAll(async () => {
  const db = memoryDb();
  const bins = [
    binRow({ id: 'MUST', lng: 7.4246, lat: 43.7384 }),
    binRow({ id: 'MAY-NEAR', lng: 7.4248, lat: 43.7385 }),
    binRow({ id: 'MAY-FAR', lng: 7.4275, lat: 43.746 }),
    binRow({ id: 'MAY-GLASS', lng: 7.4247, lat: 43.7384, stream: 'glass' }),
    binRow({ id: 'SKIP', lng: 7.4249, lat: 43.7386 }),
    ...COLUMNS.map(([id, lng, lat]) => binRow({ id, lng, lat, container: 'pav-5000', capacityLitres: 5000, serviceSec: 1800 })),
  ];
  const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow()],
    readings: [
      ...history('MUST', 85),
      ...history('MAY-NEAR', 55),
      ...history('MAY-FAR', 55),
      ...history('MAY-GLASS', 55),
      ...history('SKIP', 10),
      ...COLUMNS.flatMap(([id]) => history(id, 85)),
    ],
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites);
  run = await startApp(db, road, { solveIterations: 10 });
  const created = PlanCreatedSchema.parse(await (await run.fetch(`/api/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date: DATE }) })).json());
  await run.app.ctx.queue.idle();
  plan = PlanSchema.parse(await (await run.fetch(`/api/plans/${created.id}`)).json());
});
afterAll(() => run?.close());

describe('plan problem built from must / may decisions', () => {
  it('makes must bins mandatory, may bins optional with a prize in EUR, and leaves skip bins out', async () => {
    const decisions = (await (await run.fetch(`/api/bins/decisions?date=${DATE}`)).json()) as { decisions: { binId: string; decision: string; expectedAtPlanPercent: number }[] };
    const byId = new Map(decisions.decisions.map((d) => [d.binId, d]));
    expect(Object.fromEntries(['MUST', 'MAY-NEAR', 'MAY-FAR', 'MAY-GLASS', 'SKIP'].map((id) => [id, byId.get(id)!.decision]))).toEqual({
      MUST: 'must',
      'MAY-NEAR': 'may',
      'MAY-FAR': 'may',
      'MAY-GLASS': 'may',
      SKIP: 'skip',
    });
    const built = await run.app.ctx.spaces.get(TEST_SPACE).plans.buildProblem(DATE);
    const bins = new Map(built.problem.bins.map((b) => [b.id, b]));
    expect(bins.has('SKIP')).toBe(false);
    expect(bins.get('MUST')).toMatchObject({ mandatory: true });
    expect(bins.get('MUST')!.prize).toBeUndefined();
    for (const id of ['MAY-NEAR', 'MAY-FAR', 'MAY-GLASS']) {
      const fill = byId.get(id)!.expectedAtPlanPercent;
      expect(bins.get(id)).toMatchObject({ mandatory: false, prize: Math.round(MAY_PRIZE_EUR_PER_FULL_BIN * fill) / 100 });
    }
    expect(built.binsSelected).toBe(bins.size);
    expect(built.binsOptional).toBe(3);
    expect(built.problem.objective).toEqual({ type: 'weighted' });
    expect(built.problem.vehicles[0]!.breaks).toEqual([{ earliestStartSec: 9 * 3600, latestStartSec: 12 * 3600, durationSec: BREAK_DURATION_SEC }]);
  });

  it('reports a may bin the search does not take as an optional bin left out, never as a failure', () => {
    expect(plan.status).toBe('done');
    expect(plan.summary!.binsOptional).toBe(3);
    const routed = new Set(plan.routes.flatMap((r) => r.stops.map((s) => s.binId)));
    for (const id of ['MAY-NEAR', 'MAY-FAR', 'MAY-GLASS']) {
      if (routed.has(id)) continue;
      expect(plan.unassigned.find((u) => u.binId === id)).toMatchObject({ reason: 'not_worth_collecting' });
    }
    expect(plan.unassigned.find((u) => u.binId === 'MUST')).toBeUndefined();
  });
});

describe('breaks', () => {
  it('takes the crew break within its window when the day runs past its latest start', () => {
    const route = plan.routes[0]!;
    const breaks = route.steps.filter((s) => s.kind === 'break');
    expect(route.end > '2026-11-28T11:00:00.000Z').toBe(true); // the day runs past 12:00 Monaco
    expect(breaks).toHaveLength(1);
    const b = breaks[0]!;
    // Window 09:00-12:00 Monaco (UTC+1 in November).
    expect(b.start >= '2026-11-28T08:00:00.000Z' && b.start <= '2026-11-28T11:00:00.000Z').toBe(true);
    expect(Date.parse(b.departure) - Date.parse(b.start)).toBe(BREAK_DURATION_SEC * 1000);
    expect(route.breakS).toBe(BREAK_DURATION_SEC);
    expect(plan.summary!.breakS).toBe(BREAK_DURATION_SEC);
  });

  it('stores the plan so that checkDayPlan accepts it, break included', async () => {
    const svc = run.app.ctx.spaces.get(TEST_SPACE).plans;
    expect(checkDayPlan(svc.resolve(await svc.buildProblem(DATE)), svc.storedDayPlan(plan.id))).toEqual([]);
  });
});

describe('a problem the parser refuses', () => {
  it('fails the plan with every problem listed, and stores no route', async () => {
    const db = memoryDb();
    insertRows(db, {
      bins: [binRow({ id: 'X1' })],
      sites: [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })],
      vehicles: [vehicleRow({ shiftStart: '13:00', shiftEnd: '06:00' })],
      readings: history('X1', 90),
    });
    const bad = await startApp(db, noRoadContext(), { solveIterations: 1 });
    try {
      const { id } = bad.app.ctx.spaces.get(TEST_SPACE).plans.create(DATE);
      await bad.app.ctx.queue.idle();
      const stored = PlanSchema.parse(await (await bad.fetch(`/api/plans/${id}`)).json());
      expect(stored.status).toBe('failed');
      expect(stored.error).toMatch(/^PlanInputError: the problem built from the database is malformed .*vehicles\[0\]\.shiftEndSec: shift ends \(21600\) before or when it starts \(46800\)/);
      expect(stored.routes).toEqual([]);
      expect(stored.summary).toBeNull();
    } finally {
      await bad.close();
    }
  });
});
