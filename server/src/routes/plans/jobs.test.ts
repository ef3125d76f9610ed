import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, PlanCancelledSchema, PlanCreatedSchema, PlanSchema, type PlanDto } from '../../../contract/index.js';
import { buildRoadContext, type RoadContext } from '../../services/road-context.js';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, type Running, TEST_SPACE } from '../../../test/helpers.js';
import type { Db } from '../../db/connection.js';

const DATE = '2026-11-28';
const POINTS: [string, number, number][] = [
  ['J1', 7.4246, 43.7384],
  ['J2', 7.4206, 43.7312],
  ['J3', 7.427, 43.7395],
  ['J4', 7.429, 43.742],
  ['J5', 7.4275, 43.746],
];
const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
let road: RoadContext;

/** A small Monaco day (5 full bins, one truck) in a fresh database. */
function cityDb(): Db {
  const db = memoryDb();
  const bins = POINTS.map(([id, lng, lat]) => binRow({ id, lng, lat }));
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow()],
    readings: bins.flatMap((b) => [0, 6, 12, 18].map((h, k) => readingRow(b.id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 70 + 5 * k))),
  });
  return db;
}

beforeAll(() => {
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  road = buildRoadContext(osm, 'monaco-2016-03-05.osm.pbf', POINTS.map(([id, lng, lat]) => ({ id, lng, lat })), sites);
});

const postPlan = (run: Running, date: string): Promise<Response> =>
  run.fetch(`/api/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date }) });
const getPlan = async (run: Running, id: string): Promise<PlanDto> => PlanSchema.parse(await (await run.fetch(`/api/plans/${id}`)).json());

async function until(run: Running, id: string, statuses: string[]): Promise<PlanDto> {
  for (let i = 0; i < 1200; i++) {
    const plan = await getPlan(run, id);
    if (statuses.includes(plan.status)) return plan;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`plan ${id} never reached ${statuses.join('/')}`);
}

describe('plans as bounded, cancellable, resumable jobs', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startApp(cityDb(), road, { solveIterations: 200_000 });
  });
  afterAll(() => run?.close());

  it('refuses dates outside the documented window with the window in the message, and creates nothing', async () => {
    for (const date of ['0001-01-01', '9999-12-31', '2026-12-13', '2025-11-26']) {
      const res = await postPlan(run, date);
      expect(res.status).toBe(400);
      const body = ErrorEnvelopeSchema.parse(await res.json());
      expect(body.error.issues).toEqual([{ path: 'date', code: 'out_of_window', message: 'must be from 2025-11-27 to 2026-12-12 (366 days back, 14 ahead)' }]);
    }
    expect(run.app.ctx.spaces.get(TEST_SPACE).plans.list()).toEqual([]);
  });

  it('queues at most 4 plans and answers 429 with Retry-After beyond, then cancels queued and running plans', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => postPlan(run, DATE)));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 202, 202, 202, 429, 429]);
    const refused = answers.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(5);
    expect(ErrorEnvelopeSchema.parse(await refused.json()).error.code).toBe('too_many_requests');
    const ids = await Promise.all(answers.filter((r) => r.status === 202).map(async (r) => PlanCreatedSchema.parse(await r.json()).id));

    // The first is running (200,000 iterations: it would run for minutes); cancel it and the queued ones.
    const first = await until(run, ids[0]!, ['running']);
    expect(first.status).toBe('running');
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ids) {
      const res = await run.fetch(`/api/plans/${id}/cancel`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(PlanCancelledSchema.parse(await res.json())).toEqual({ id, status: 'cancelled' });
    }
    for (const id of ids) expect((await until(run, id, ['cancelled', 'done', 'failed'])).status).toBe('cancelled');
    const again = await run.fetch(`/api/plans/${ids[0]}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await run.fetch(`/api/plans/nope/cancel`, { method: 'POST' })).status).toBe(404);
    expect(run.app.ctx.spaces.get(TEST_SPACE).plans.pending()).toEqual({ queued: 0, running: 0, max: 4 });
    // the planning thread stopped to cancel the running plan is replaced on the next task
    const legs = await run.app.ctx.planner.run({ kind: 'instructions', stops: [{ ref: 'a', lngLat: [7.4246, 43.7384] }, { ref: 'b', lngLat: [7.4206, 43.7312] }] });
    expect('legs' in legs && legs.legs.length).toBe(1);
  });
});

describe('after a restart and on an empty day', () => {
  it('resumes the plans a stopped server left queued or running, and says when there is nothing to collect', async () => {
    const db = cityDb();
    db.exec(`INSERT INTO plans (id, space_id, date, status, created_at) VALUES ('left-running', 'test', '${DATE}', 'running', '2026-11-28T06:00:00Z'),
      ('left-queued', 'test', '${DATE}', 'queued', '2026-11-28T06:01:00Z')`);
    const run = await startApp(db, road, { solveIterations: 30 });
    try {
      expect(run.app.ctx.spaces.resumeInterrupted()).toBe(2);
      for (const id of ['left-running', 'left-queued']) {
        const plan = await until(run, id, ['done', 'failed']);
        expect(plan.status).toBe('done');
        expect(plan.resumed).toBe(1);
        expect(plan.routes.length).toBe(1);
      }
      const res = await postPlan(run, '2026-02-02'); // no reading in the 21 days before
      const empty = await until(run, PlanCreatedSchema.parse(await res.json()).id, ['done', 'failed']);
      expect(empty.status).toBe('done');
      expect(empty.routes).toEqual([]);
      expect(empty.notice).toBe('no bin needs collecting on 2026-02-02: none of the 5 bins is forecast full enough (5 have no recent reading to forecast from)');
    } finally {
      await run.close();
    }
  });
});
