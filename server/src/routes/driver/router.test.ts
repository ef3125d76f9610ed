/**
 * The driver's tablet over HTTP (issue #15): the round of today from the last published plan with
 * its step details and French instructions; reports stored once (a replay is a duplicate), every
 * bad report refused by path with nothing written; corrections within 10 minutes; positions kept
 * during the shift only and shown to the space's managers; the manager's progress; and what
 * reports change: the forecast of a collected bin, `must` for a bin reported overflowing, the
 * done stops of the re-plan.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanProgressSchema, PositionBatchResultSchema, REPORT_ISSUE_CODES, ReportBatchResultSchema, RoundTodaySchema, type ReportInput, type RoundTodayDto } from '../../../contract/driver.js';
import { DecisionListSchema, ErrorEnvelopeSchema, PlanCreatedSchema, PlanDoneStopsSchema, PlanSchema, ReplanCreatedSchema } from '../../../contract/index.js';
import { DriverRepository } from '../../db/repositories/driver-repository.js';
import { buildRoadContext } from '../../services/road-context.js';
import { binRow, ensureUser, insertRows, memoryDb, NOW, readingRow, signIn, siteRow, startApp, vehicleRow, type ApiFetch, type Running, monacoBins } from '../../../test/helpers.js';

const DATE = '2026-11-28'; // NOW is 09:00 in Monaco on that day
// ten bins of 45 minutes each: more than one 7-hour shift, so both trucks get a round
const BINS = monacoBins('D');
const json = { 'content-type': 'application/json' };
let run: Running;
let planId = '';
let driver: ApiFetch;
let driver2: ApiFetch;
let round: RoundTodayDto;

/** The i-th bin step of the driver's round: its step index and bin id. */
const binStep = (i: number): { stepIndex: number; binId: string } => {
  const steps = round.route.steps.map((s, stepIndex) => ({ s, stepIndex })).filter(({ s }) => s.kind === 'bin');
  const hit = steps[i];
  if (!hit) throw new Error(`the round has no bin step ${i}`);
  return { stepIndex: hit.stepIndex, binId: hit.s.id! };
};
const stepOfKind = (kind: string): number => round.route.steps.findIndex((s) => s.kind === kind);

/** A valid report of step `stepIndex` (collected at 08:50 local unless told). */
const report = (over: Partial<ReportInput> & { stepIndex: number }): ReportInput => ({
  id: randomUUID(),
  planId,
  routeId: round.route.routeId,
  outcome: 'collected',
  at: '2026-11-28T07:50:00.000Z',
  ...over,
});
const post = (api: ApiFetch, path: string, body: unknown): Promise<Response> => api(path, { method: 'POST', headers: json, body: JSON.stringify(body) });
const count = (): number => run.db.prepare('SELECT COUNT(*) FROM driver_reports').pluck().get() as number;

beforeAll(async () => {
  const db = memoryDb();
  const bins = BINS.map(([id, lng, lat]) => binRow({ id, lng, lat, serviceSec: 2700 }));
  const sites = [siteRow(), siteRow({ id: 'quay', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow({ id: 'BOM-01', capacityLitres: 2000 }), vehicleRow({ id: 'BOM-02', name: 'BOM 2', capacityLitres: 2000 })],
    readings: BINS.flatMap(([id]) => [0, 6, 12, 18].map((h, k) => readingRow(id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 70 + 5 * k))),
  });
  insertRows(db, { bins: [binRow({ id: 'X01', lng: 7.43, lat: 43.74 })], sites: [siteRow({ id: 'x-depot' })], vehicles: [vehicleRow({ id: 'X-TRUCK' })] }, 'other');
  db.prepare(`UPDATE bins SET access_notes = 'Portail code 1234' WHERE id = 'D01'`).run();
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  run = await startApp(db, buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites), { solveIterations: 20 });
  const res = await run.fetch('/api/plans', { method: 'POST', headers: json, body: JSON.stringify({ date: DATE }) });
  planId = PlanCreatedSchema.parse(await res.json()).id;
  await run.app.ctx.queue.idle();
  await ensureUser(db, 'driver1@test', 'driver', 'test', 'BOM-01');
  await ensureUser(db, 'driver2@test', 'driver', 'test', 'BOM-02');
  driver = await signIn(run.url, 'driver1@test');
  driver2 = await signIn(run.url, 'driver2@test');
}, 180_000);
afterAll(() => run?.close());

describe('GET /api/rounds/today', () => {
  it('answers 404 with a clear message while no plan of today is published', async () => {
    const res = await driver('/api/rounds/today');
    expect(res.status).toBe(404);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('no plan of today (2026-11-28) is published');
  });

  it("gives the driver's round of the published plan with details per step, French instructions and the server's time", async () => {
    expect((await run.fetch(`/api/plans/${planId}/publish`, { method: 'POST' })).status).toBe(200);
    const res = await driver('/api/rounds/today?lang=fr');
    expect(res.status).toBe(200);
    round = RoundTodaySchema.parse(await res.json());
    expect(round.planId).toBe(planId);
    expect(round.date).toBe(DATE);
    expect(round.route.vehicleId).toBe('BOM-01');
    expect(round.details).toHaveLength(round.route.steps.length);
    expect(round.route.stops.filter((s) => s.kind === 'bin').length).toBeGreaterThanOrEqual(3);
    round.details.forEach((d, i) => {
      expect(d.stepIndex).toBe(i);
      expect(d.kind).toBe(round.route.steps[i]!.kind);
    });
    const bin = round.details.find((d) => d.kind === 'bin')!;
    expect(bin.address).toMatch(/\w/);
    expect(bin.stream).toBe('residual');
    expect(bin.volumeL).toBe(660);
    expect(bin.expectedFillPercent).toBeGreaterThan(50);
    for (const d of round.details.filter((x) => x.kind !== 'break')) expect(d.address, `address of ${d.id}`).toMatch(/^[A-Z][\p{L} '’.-]+$/u);
    expect(round.details.find((d) => d.kind === 'disposal')).toMatchObject({ id: 'quay', label: 'Quai', expectedFillPercent: null });
        const depot = round.details[0]!;
    expect(depot).toMatchObject({ kind: 'depot', id: 'depot-fontvieille', label: 'Dépôt Fontvieille', stream: null });
    expect(round.instructions.lang).toBe('fr');
    expect(round.instructions.legs.length).toBeGreaterThan(0);
    expect(round.instructions.legs[0]!.steps[0]!.instruction).toMatch(/[A-Za-zé]/);
    expect(round.reports).toEqual([]);
    expect(round.serverTime).toBe(NOW.toISOString());
  });

  it('shows the access notes of a bin', async () => {
    const all = round.details.filter((d) => d.kind === 'bin');
    for (const d of all) expect(d.accessNotes).toBe(d.id === 'D01' ? 'Portail code 1234' : null);
  });

  it('answers 404 to a driver whose truck has no round in the published plan', async () => {
    const db = run.db;
    insertRows(db, { vehicles: [vehicleRow({ id: 'BOM-09' })] });
    await ensureUser(db, 'driver9@test', 'driver', 'test', 'BOM-09');
    const res = await (await signIn(run.url, 'driver9@test'))('/api/rounds/today');
    expect(res.status).toBe(404);
    expect(ErrorEnvelopeSchema.parse(await res.json()).error.message).toContain("no round for vehicle 'BOM-09'");
  });
});

describe('POST /api/reports', () => {
  it('stores a report once (the first one starts the day of the plan): a replay of the same id and content is a duplicate', async () => {
    const r = report({ stepIndex: binStep(0).stepIndex, fillPercent: 80, position: { lng: 7.42, lat: 43.73, accuracyM: 8 } });
    const first = await post(driver, '/api/reports', { reports: [r] });
    expect(first.status).toBe(200);
    expect(ReportBatchResultSchema.parse(await first.json()).results).toEqual([{ id: r.id, status: 'created' }]);
    const before = count();
    const again = await post(driver, '/api/reports', { reports: [r, r] });
    expect(again.status).toBe(200);
    expect(ReportBatchResultSchema.parse(await again.json()).results).toEqual([
      { id: r.id, status: 'duplicate' },
      { id: r.id, status: 'duplicate' },
    ]);
    expect(count()).toBe(before);
    const after = RoundTodaySchema.parse(await (await driver('/api/rounds/today')).json());
    expect(after.reports.filter((s) => s.id === r.id)).toMatchObject([{ outcome: 'collected', fillPercent: 80, by: 'driver1@test', corrects: null }]);
    expect(after.dayStatus).toBe('in_progress'); // the first report starts the plan's day
  });

  it('refuses a duplicate id with other content (409 conflict) and writes nothing', async () => {
    const r = report({ stepIndex: binStep(1).stepIndex });
    expect((await post(driver, '/api/reports', { reports: [r] })).status).toBe(200);
    const before = count();
    const res = await post(driver, '/api/reports', { reports: [report({ stepIndex: binStep(2).stepIndex }), { ...r, fillPercent: 50 }] });
    expect(res.status).toBe(409);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('conflict');
    expect(body.error.issues).toEqual([{ path: 'reports[1].id', message: expect.stringContaining('other content'), code: 'conflict' }]);
    expect(count()).toBe(before);
  });

  it('refuses every bad report by path and reason, and writes nothing of the batch', async () => {
    const bin = binStep(2).stepIndex;
    const disposal = stepOfKind('disposal');
    const brk = stepOfKind('break');
    const ok = report({ stepIndex: bin });
    const other = RoundTodaySchema.parse(await (await driver2('/api/rounds/today')).json());
    const draft = randomUUID();
    run.db.prepare(`INSERT INTO plans (id, date, status, created_at, space_id, day_status) VALUES (?, ?, 'done', ?, 'test', 'draft')`).run(draft, DATE, NOW.toISOString());
    const bad: [ReportInput, string, string][] = [
      [report({ stepIndex: bin, planId: 'no-such-plan' }), 'planId', 'unknown_plan'],
      [report({ stepIndex: bin, planId: draft }), 'planId', 'not_published'],
      [report({ stepIndex: bin, routeId: 'r99' }), 'routeId', 'unknown_route'],
      [report({ stepIndex: 999 }), 'stepIndex', 'unknown_step'],
      [report({ stepIndex: 0 }), 'outcome', 'outcome_mismatch'],
      [report({ stepIndex: bin, outcome: 'disposal_done' }), 'outcome', 'outcome_mismatch'],
      [report({ stepIndex: bin, outcome: 'not_collected' }), 'reason', 'reason_required'],
      [report({ stepIndex: bin, outcome: 'not_collected', reason: 'other' }), 'note', 'note_required'],
      [report({ stepIndex: bin, reason: 'damaged' }), 'reason', 'reason_unexpected'],
      [report({ stepIndex: bin, at: '2026-11-28T08:03:00.000Z' }), 'at', 'in_future'],
      [report({ stepIndex: bin, at: '2026-11-27T10:00:00.000Z' }), 'at', 'wrong_date'],
      [report({ stepIndex: 1, routeId: other.route.routeId }), 'routeId', 'other_round'],
      ...(disposal >= 0 ? ([[report({ stepIndex: disposal }), 'outcome', 'outcome_mismatch']] as [ReportInput, string, string][]) : []),
      ...(brk >= 0 ? ([[report({ stepIndex: brk, outcome: 'collected' }), 'outcome', 'outcome_mismatch']] as [ReportInput, string, string][]) : []),
    ];
    const before = count();
    for (const [r, field, code] of bad) {
      const res = await post(driver, '/api/reports', { reports: [ok, r] });
      expect(res.status, `${field} ${code}`).toBe(400);
      const body = ErrorEnvelopeSchema.parse(await res.json());
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toContain('nothing was stored');
      expect(body.error.issues, `${field} ${code}`).toEqual([{ path: `reports[1].${field}`, message: expect.any(String), code }]);
    }
    // every code of the contract but conflict and already_reported (tested apart)
    expect([...new Set(bad.map(([, , code]) => code)), 'conflict', 'already_reported'].sort()).toEqual([...REPORT_ISSUE_CODES].sort());
    const all = await post(driver, '/api/reports', { reports: bad.map(([r]) => r) });
    expect(ErrorEnvelopeSchema.parse(await all.json()).error.issues).toHaveLength(bad.length);
    expect(count()).toBe(before);
  });

  it('refuses a malformed batch at the edge, naming each field', async () => {
    const res = await post(driver, '/api/reports', { reports: [{ id: 'not-a-uuid', planId, routeId: 'r1', stepIndex: -1, outcome: 'lost', at: 'yesterday' }] });
    expect(res.status).toBe(400);
    const paths = ErrorEnvelopeSchema.parse(await res.json()).error.issues!.map((i) => i.path).sort();
    expect(paths).toEqual(['reports[0].at', 'reports[0].id', 'reports[0].outcome', 'reports[0].stepIndex']);
  });

  it('takes a disposal visit and the break with their own outcomes, a weighbridge ticket included', async () => {
    const disposal = stepOfKind('disposal');
    const brk = stepOfKind('break');
    const batch = [
      ...(disposal >= 0 ? [report({ stepIndex: disposal, outcome: 'disposal_done', weightKg: 1840 })] : []),
      ...(brk >= 0 ? [report({ stepIndex: brk, outcome: 'break_done' })] : []),
    ];
    expect(disposal).toBeGreaterThan(0); // two trucks of 2,000 L for 6,600 L of bins: each unloads on the way
    const res = await post(driver, '/api/reports', { reports: batch });
    expect(res.status).toBe(200);
    expect(ReportBatchResultSchema.parse(await res.json()).results.every((r) => r.status === 'created')).toBe(true);
  });

  it('takes a correction within 10 minutes (corrects set) and refuses a report of an already reported step after them', async () => {
    const { stepIndex } = binStep(2); // the bad reports above wrote nothing on it
    const first = report({ stepIndex, at: '2026-11-28T07:40:00.000Z' });
    const fix = report({ stepIndex, at: '2026-11-28T07:45:00.000Z', outcome: 'not_collected', reason: 'bin_not_out' });
    expect((await post(driver, '/api/reports', { reports: [fix, first] })).status).toBe(200);
    const stored = RoundTodaySchema.parse(await (await driver('/api/rounds/today')).json()).reports.filter((r) => r.stepIndex === stepIndex);
    expect(stored.map((r) => [r.id, r.corrects])).toEqual([
      [first.id, null],
      [fix.id, first.id],
    ]);
    const late = await post(driver, '/api/reports', { reports: [report({ stepIndex, at: '2026-11-28T07:59:00.000Z' })] });
    expect(late.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await late.json()).error.issues).toEqual([
      { path: 'reports[0].stepIndex', message: expect.stringContaining('already reported at 08:45'), code: 'already_reported' },
    ]);
  });

  it("keeps two tablets' reports of one step side by side: the latest by time is the step's status", async () => {
    const { stepIndex } = binStep(1); // reported collected at 08:50 above
    const fromA = report({ stepIndex, at: '2026-11-28T07:53:00.000Z', outcome: 'not_collected', reason: 'access_blocked' });
    const fromB = report({ stepIndex, at: '2026-11-28T07:51:00.000Z' });
    expect((await post(driver, '/api/reports', { reports: [fromA] })).status).toBe(200);
    expect((await post(driver2, '/api/reports', { reports: [fromB] })).status).toBe(400); // not driver 2's round
    expect((await post(driver, '/api/reports', { reports: [fromB] })).status).toBe(200);
    const stored = RoundTodaySchema.parse(await (await driver('/api/rounds/today')).json()).reports.filter((r) => r.stepIndex === stepIndex);
    expect(stored.map((r) => r.id)).toEqual([stored[0]!.id, fromB.id, fromA.id]);
    const progress = PlanProgressSchema.parse(await (await (await run.as('manager'))(`/api/plans/${planId}/progress`)).json());
    expect(progress.reports.find((r) => r.stepIndex === stepIndex && r.routeId === round.route.routeId)?.id).toBe(fromA.id);
  });

  it("refuses a plan of another space as an unknown plan, and a manager's or analyst's report (403)", async () => {
    const otherPlan = randomUUID();
    run.db.prepare(`INSERT INTO plans (id, date, status, created_at, space_id, day_status) VALUES (?, ?, 'done', ?, 'other', 'published')`).run(otherPlan, DATE, NOW.toISOString());
    const res = await post(driver, '/api/reports', { reports: [report({ stepIndex: 1, planId: otherPlan })] });
    expect(res.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await res.json()).error.issues![0]).toMatchObject({ path: 'reports[0].planId', code: 'unknown_plan' });
    for (const role of ['manager', 'analyst'] as const) {
      expect((await post(await run.as(role), '/api/reports', { reports: [report({ stepIndex: 1 })] })).status).toBe(403);
    }
  });
});

describe('positions and progress', () => {
  it("stores positions inside the driver's shift only and counts the others", async () => {
    const start = Date.parse(round.route.start);
    const end = Date.parse(round.route.end);
    const at = (ms: number): string => new Date(ms).toISOString();
    const res = await post(driver, '/api/positions', {
      positions: [
        { lng: 7.42, lat: 43.73, at: at(start - 20 * 60_000) },
        { lng: 7.421, lat: 43.731, accuracyM: 12, at: at(Math.min(start + 60_000, NOW.getTime())) },
        { lng: 7.42, lat: 43.73, at: at(start - 45 * 60_000) },
        { lng: 7.42, lat: 43.73, at: '2026-11-27T09:00:00.000Z' },
        { lng: 7.42, lat: 43.73, at: at(end + 61 * 60_000) },
      ],
    });
    expect(res.status).toBe(200);
    expect(PositionBatchResultSchema.parse(await res.json())).toEqual({ stored: 2, outsideShift: 3 });
    const stored = new DriverRepository(run.db, 'test').positions();
    expect(stored.map((p) => p.vehicleId)).toEqual(['BOM-01', 'BOM-01']);
  });

  it('gives the manager each round’s progress, the not-collected stops and the last position; analysts and drivers get 403', async () => {
    const res = await (await run.as('manager'))(`/api/plans/${planId}/progress`);
    expect(res.status).toBe(200);
    const p = PlanProgressSchema.parse(await res.json());
    const mine = p.routes.find((r) => r.routeId === round.route.routeId)!;
    expect(mine.binsTotal).toBe(round.route.stops.filter((s) => s.kind === 'bin').length);
    expect(mine.collected + mine.notCollected + mine.pending).toBe(mine.binsTotal);
    expect(mine.collected).toBe(1);
    expect(mine.notCollected).toBe(2);
    expect(mine.lastReportAt).not.toBeNull();
    expect(typeof mine.lateMin).toBe('number');
    expect(mine.lastPosition).toMatchObject({ lngLat: [7.421, 43.731] });
    const other = p.routes.find((r) => r.routeId !== round.route.routeId);
    if (other) expect(other).toMatchObject({ collected: 0, notCollected: 0, lastReportAt: null, lateMin: null, lastPosition: null });
    expect(p.notCollected).toContainEqual(expect.objectContaining({ routeId: round.route.routeId, binId: binStep(2).binId, reason: 'bin_not_out', by: 'driver1@test' }));
    expect(p.notCollected).toContainEqual(expect.objectContaining({ binId: binStep(1).binId, reason: 'access_blocked' }));
    // each step once, corrections applied
    const keys = p.reports.map((r) => `${r.routeId}|${r.stepIndex}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect((await (await run.as('analyst'))(`/api/plans/${planId}/progress`)).status).toBe(403);
    expect((await driver(`/api/plans/${planId}/progress`)).status).toBe(403);
    expect((await (await run.as('manager', 'other'))(`/api/plans/${planId}/progress`)).status).toBe(404);
  });
});

describe('what reports change', () => {
  const decisionOf = async (binId: string) => {
    const list = DecisionListSchema.parse(await (await run.fetch('/api/bins/decisions?date=2026-11-29')).json());
    return list.decisions.find((d) => d.binId === binId)!;
  };

  it("resets a collected bin's fill in the forecast", async () => {
    const unreported = BINS.map(([id]) => id).find((id) => !round.route.stops.some((s) => s.binId === id)) ?? null;
    const { binId } = binStep(0); // reported collected at 08:50
    const collected = await decisionOf(binId);
    expect(collected.expectedAtPlanPercent!).toBeLessThan(60);
    if (unreported) expect((await decisionOf(unreported)).expectedAtPlanPercent!).toBeGreaterThan(90);
  });

  it('makes a bin reported overflowing `must` with the reason code until it is collected', async () => {
    const { stepIndex, binId } = binStep(0); // collected at 08:50: corrected within 10 minutes
    const over = report({ stepIndex, at: '2026-11-28T07:52:00.000Z', outcome: 'not_collected', reason: 'overflowing' });
    expect((await post(driver, '/api/reports', { reports: [over] })).status).toBe(200);
    const must = await decisionOf(binId);
    expect(must).toMatchObject({ decision: 'must', reasonCode: 'driver_report_overflowing' });
    expect(must.reason).toContain('reported overflowing');
    const collectedAgain = report({ stepIndex, at: '2026-11-28T07:55:00.000Z' });
    expect((await post(driver, '/api/reports', { reports: [collectedAgain] })).status).toBe(200);
    const after = await decisionOf(binId);
    expect(after.reasonCode).toBeUndefined();
    expect(after.expectedAtPlanPercent!).toBeLessThan(60);
  });

  it('counts the bins reported collected as done stops of the plan (the re-plan starts from them)', async () => {
    const done = PlanDoneStopsSchema.parse(await (await run.fetch(`/api/plans/${planId}/done-stops`)).json());
    expect(done.done.map((d) => d.binId)).toContain(binStep(0).binId);
    expect(done.done.map((d) => d.binId)).not.toContain(binStep(2).binId);
    expect(done.done.map((d) => d.binId)).not.toContain(binStep(1).binId);
    const undo = await run.fetch(`/api/plans/${planId}/done-stops/${binStep(0).binId}`, { method: 'DELETE' });
    expect(undo.status).toBe(409);
    expect(ErrorEnvelopeSchema.parse(await undo.json()).error.message).toContain("done by a driver's report");
  });

  it('re-plans the rest of the day from the reports: the bin reported collected is a done stop of its truck in the new plan', async () => {
    const res = await run.fetch(`/api/plans/${planId}/replan`, { method: 'POST', headers: json, body: JSON.stringify({ at: '09:00' }) });
    expect(res.status).toBe(202);
    const { id } = ReplanCreatedSchema.parse(await res.json());
    await run.app.ctx.queue.idle();
    const next = PlanSchema.parse(await (await run.fetch(`/api/plans/${id}`)).json());
    expect(next.status).toBe('done');
    const carried = PlanDoneStopsSchema.parse(await (await run.fetch(`/api/plans/${id}/done-stops`)).json()).done;
    expect(carried).toContainEqual(expect.objectContaining({ binId: binStep(0).binId, vehicleId: 'BOM-01' }));
    expect(carried.map((d) => d.binId)).not.toContain(binStep(2).binId);
  }, 120_000);
});

describe('OpenAPI', () => {
  it('documents the four driver endpoints with their access rules and request bodies', async () => {
    type Op = { 'x-permission'?: string; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } };
    const doc = (await (await run.fetch('/api/openapi.json')).json()) as { paths: Record<string, Record<string, Op>> };
    expect(doc.paths['/api/rounds/today']?.get?.['x-permission']).toBe('round:read');
    expect(doc.paths['/api/reports']?.post?.['x-permission']).toBe('round:report');
    expect(doc.paths['/api/positions']?.post?.['x-permission']).toBe('round:report');
    expect(doc.paths['/api/plans/{planId}/progress']?.get?.['x-permission']).toBe('plans:write');
    expect(Object.keys(doc.paths['/api/reports']!.post!.requestBody!.content['application/json']!.schema.properties!)).toEqual(['reports']);
  });
});
