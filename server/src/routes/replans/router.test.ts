/**
 * Mid-day re-plans over HTTP: stops reported done stay done and out of the new routes, each truck
 * resumes from its last done stop at the re-plan time, a truck unavailable from 11:00 does nothing
 * after 11:00, a truck unavailable already takes no new stop and its bins move or are left out
 * with the reason `vehicle_unavailable`; every new plan is checked by checkDayPlan (it is stored
 * as done only when the checker finds nothing).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, PlanCreatedSchema, PlanDoneStopsSchema, PlanSchema, ReplanCreatedSchema, type PlanDto } from '../../../contract/index.js';
import { buildRoadContext } from '../../services/road-context.js';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, type Running, monacoBins } from '../../../test/helpers.js';

const DATE = '2026-11-28';
const BINS = monacoBins('M');
const json = { 'content-type': 'application/json' };
let run: Running;
let source: PlanDto;

beforeAll(async () => {
  const db = memoryDb();
  const bins = BINS.map(([id, lng, lat]) => binRow({ id, lng, lat, serviceSec: 2700 }));
  const sites = [siteRow(), siteRow({ id: 'quay', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow({ id: 'BOM-01', capacityLitres: 3000 }), vehicleRow({ id: 'BOM-02', name: 'BOM 2', capacityLitres: 3000 })],
    readings: BINS.flatMap(([id]) => [0, 6, 12, 18].map((h, k) => readingRow(id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 70 + 5 * k))),
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  run = await startApp(db, buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites), { solveIterations: 30 });
  const res = await run.fetch('/api/plans', { method: 'POST', headers: json, body: JSON.stringify({ date: DATE }) });
  source = await finished(PlanCreatedSchema.parse(await res.json()).id);
  expect(source.routes.length).toBe(2);
}, 120_000);
afterAll(() => run?.close());

async function finished(id: string): Promise<PlanDto> {
  await run.app.ctx.queue.idle();
  const p = PlanSchema.parse(await (await run.fetch(`/api/plans/${id}`)).json());
  expect(p.error).toBeNull();
  expect(p.status).toBe('done');
  return p;
}

async function replan(planId: string, body: unknown): Promise<PlanDto> {
  const res = await run.fetch(`/api/plans/${planId}/replan`, { method: 'POST', headers: json, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  const created = ReplanCreatedSchema.parse(await res.json());
  expect(created.sourcePlanId).toBe(planId);
  return finished(created.id);
}

const binsOf = (p: PlanDto): string[] => p.routes.flatMap((r) => r.stops.filter((s) => s.kind === 'bin').map((s) => s.binId));
/** 11:00 in Monaco on the plan's day (UTC+1 in November). */
const ELEVEN = '2026-11-28T10:00:00.000Z';
const NINE = '2026-11-28T08:00:00.000Z';

describe('re-plans', () => {
  it('keeps the stops reported done, resumes from the last one at the re-plan time, and stops a truck at 11:00 when it becomes unavailable', async () => {
    const r1 = source.routes[0]!;
    const r2 = source.routes[1]!;
    const done = r1.stops.filter((s) => s.kind === 'bin').slice(0, 2).map((s) => s.binId);
    for (const binId of done) expect((await run.fetch(`/api/plans/${source.id}/done-stops/${binId}`, { method: 'PUT' })).status).toBe(200);
    const reported = PlanDoneStopsSchema.parse(await (await run.fetch(`/api/plans/${source.id}/done-stops`)).json());
    expect(reported.done.map((d) => d.binId)).toEqual(done);

    const next = await replan(source.id, { at: '09:00', unavailable: [{ vehicleId: r2.vehicleId, from: '11:00' }] });
    expect(next.notice).toContain('re-plan from 09:00');
    // the same notice as a code the client translates, with its parameters
    expect([next.noticeCode, next.noticeParams]).toEqual(['replanned_unavailable', { at: '09:00', kept: 2, unavailable: `${r2.vehicleId} (11:00)` }]);
    // done bins are done: in no route and not left out; the new plan carries them with their truck
    for (const id of done) {
      expect(binsOf(next)).not.toContain(id);
      expect(next.unassigned.map((u) => u.binId)).not.toContain(id);
    }
    const carried = PlanDoneStopsSchema.parse(await (await run.fetch(`/api/plans/${next.id}/done-stops`)).json());
    expect(carried.done.map((d) => [d.binId, d.vehicleId])).toEqual(done.map((id) => [id, r1.vehicleId]));
    expect(carried.replanOf).toEqual({ sourcePlanId: source.id, at: '09:00', unavailable: [{ vehicleId: r2.vehicleId, from: '11:00' }], assumeDoneBeforeAt: false });
    // the truck with done stops resumes where it stood, not before 09:00
    const again = next.routes.find((r) => r.vehicleId === r1.vehicleId)!;
    expect(again.steps[0]).toMatchObject({ kind: 'depot', id: 'current-position' });
    expect(again.steps[0]!.departure >= NINE).toBe(true);
    const stoppedAt = r1.steps.find((s) => s.id === done[1])!.lngLat;
    expect(again.steps[0]!.lngLat).toEqual(stoppedAt);
    // the unavailable truck does nothing after 11:00
    const late = next.routes.find((r) => r.vehicleId === r2.vehicleId);
    expect(late).toBeDefined();
    for (const s of late!.steps) expect(s.departure <= ELEVEN && s.arrival <= ELEVEN).toBe(true);
    // every bin of the day is still somewhere: done, routed or left out with a reason
    const before = [...binsOf(source), ...source.unassigned.map((u) => u.binId)].sort();
    expect([...done, ...binsOf(next), ...next.unassigned.map((u) => u.binId)].sort()).toEqual(before);
    // the summary counts the rest of the day
    expect(next.summary!.binsSelected).toBe(binsOf(next).length + next.unassigned.length);
  }, 120_000);

  it('gives a truck unavailable before the re-plan time no new stop, and names its bins left out vehicle_unavailable', async () => {
    const next = await replan(source.id, { at: '09:00', unavailable: source.routes.map((r) => ({ vehicleId: r.vehicleId, from: '08:30' })) });
    // both trucks stopped: only the one with done stops goes home from where it stood, with no new bin
    expect(binsOf(next)).toEqual([]);
    const done = new Set(PlanDoneStopsSchema.parse(await (await run.fetch(`/api/plans/${next.id}/done-stops`)).json()).done.map((d) => d.binId));
    const left = binsOf(source).filter((id) => !done.has(id));
    expect(left.length).toBeGreaterThan(0);
    for (const id of left) expect(next.unassigned.find((u) => u.binId === id)).toMatchObject({ reason: 'vehicle_unavailable' });
    expect(next.unassigned.find((u) => u.binId === left[0])!.detail).toContain('unavailable from 08:30');
  }, 120_000);

  it('counts the stops planned before the re-plan time as done when asked', async () => {
    const next = await replan(source.id, { at: '10:30', assumeDoneBeforeAt: true });
    const planned = source.routes.flatMap((r) => r.stops.filter((s) => s.kind === 'bin' && s.departure <= '2026-11-28T09:30:00.000Z').map((s) => s.binId));
    const done = PlanDoneStopsSchema.parse(await (await run.fetch(`/api/plans/${next.id}/done-stops`)).json()).done.map((d) => d.binId);
    expect(new Set(done)).toEqual(new Set(planned));
    for (const r of next.routes) expect(r.steps[0]!.departure >= '2026-11-28T09:30:00.000Z').toBe(true);
  }, 120_000);

  it('refuses an unknown truck, a bad time, a plan that is not done, and a done report for a bin the plan does not serve', async () => {
    const bad = await run.fetch(`/api/plans/${source.id}/replan`, { method: 'POST', headers: json, body: JSON.stringify({ at: '25:00', unavailable: [{ vehicleId: 'NOPE', from: '11:00' }] }) });
    expect(bad.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await bad.json()).error.issues!.map((i) => i.path)).toEqual(['at']);
    const unknown = await run.fetch(`/api/plans/${source.id}/replan`, { method: 'POST', headers: json, body: JSON.stringify({ at: '10:00', unavailable: [{ vehicleId: 'NOPE', from: '11:00' }] }) });
    expect(unknown.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await unknown.json()).error.issues).toEqual([{ path: 'unavailable[0].vehicleId', message: "unknown vehicle 'NOPE'", code: 'unknown_vehicle' }]);
    const id = 'queued-plan';
    run.db.prepare(`INSERT INTO plans (id, space_id, date, status, created_at) VALUES (?, 'test', ?, 'failed', '2026-11-28T07:00:00Z')`).run(id, DATE);
    const notDone = await run.fetch(`/api/plans/${id}/replan`, { method: 'POST', headers: json, body: JSON.stringify({ at: '10:00' }) });
    expect(notDone.status).toBe(409);
    expect((await run.fetch(`/api/plans/${source.id}/done-stops/NOT-A-BIN`, { method: 'PUT' })).status).toBe(404);
    expect((await run.fetch(`/api/plans/${source.id}/done-stops/NOT-A-BIN`, { method: 'DELETE' })).status).toBe(404);
  });
});
