/**
 * The citizens' map over HTTP (issue #16): the public points (no login, only the allowed fields,
 * the status from the one forecast), residents' reports (every problem in one envelope, photos
 * checked by their first bytes and stripped of metadata, nothing half written, rate-limited per
 * client), their moderation (managers only, within their space), what an accepted report changes
 * (the bin is `must` with the reason `citizen_report` in the decisions and the next plan, until it
 * is collected) and the erasure of the reporter's e-mail and photo when a report is closed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CitizenReportCreatedSchema,
  CitizenReportListSchema,
  CitizenReportSchema,
  PUBLIC_POINT_PROPERTIES,
  PublicPointsSchema,
  PublicSpaceSchema,
  type CitizenReportDto,
} from '../../../contract/citizens.js';
import { RoundTodaySchema } from '../../../contract/driver.js';
import { DecisionListSchema, ErrorEnvelopeSchema, PlanCreatedSchema, PlanSchema } from '../../../contract/index.js';
import { buildRoadContext } from '../../services/road-context.js';
import { pointStatus } from '../../services/public-map-service.js';
import { jpegWithExif, pngWithText } from '../../../test/images.js';
import { binRow, ensureUser, insertRows, memoryDb, monacoBins, NOW, readingRow, signIn, siteRow, startApp, vehicleRow, type Running } from '../../../test/helpers.js';

const DATE = '2026-11-28'; // NOW is 09:00 in Monaco on that day
const [P1, P2, P3, P4, BAC] = monacoBins('C').map(([id, lng, lat], i) => ({ id, lng, lat, i }));
let clock = NOW;
let run: Running;

/** A multipart report from `fields` and an optional photo. */
function form(fields: Record<string, string>, photo?: { bytes: Buffer; type: string; name?: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (photo) f.append('photo', new Blob([photo.bytes], { type: photo.type }), photo.name ?? 'photo.jpg');
  return f;
}
const postReport = (body: FormData, space = 'test'): Promise<Response> => fetch(`${run.url}/api/public/${space}/reports`, { method: 'POST', body });
const reportCount = (): number => run.db.prepare('SELECT COUNT(*) FROM citizen_reports').pluck().get() as number;
const photoCount = (): number => run.db.prepare('SELECT COUNT(*) FROM citizen_report_photos').pluck().get() as number;
const stored = (id: string): { email: string | null; status: string; has_photo: number } =>
  run.db.prepare('SELECT email, status, has_photo FROM citizen_reports WHERE id = ?').get(id) as { email: string | null; status: string; has_photo: number };

/** The reports a manager of the test space lists. */
const list = async (status = 'open'): Promise<CitizenReportDto[]> => CitizenReportListSchema.parse(await (await (await run.as('manager'))(`/api/citizen-reports?status=${status}`)).json()).reports;

/** Sends a valid report and returns its id. */
async function report(pointId: string, over: Record<string, string> = {}, photo?: { bytes: Buffer; type: string }): Promise<string> {
  const res = await postReport(form({ pointId, kind: 'overflowing', email: 'habitant@example.fr', comment: 'La colonne déborde', ...over }, photo));
  expect(res.status, await res.clone().text()).toBe(201);
  return CitizenReportCreatedSchema.parse(await res.json()).id;
}

beforeAll(async () => {
  const db = memoryDb();
  const bins = [
    binRow({ id: P1!.id, lng: P1!.lng, lat: P1!.lat, stream: 'glass', container: 'pav_column', capacityLitres: 4000 }),
    binRow({ id: P2!.id, lng: P2!.lng, lat: P2!.lat, stream: 'packaging', container: 'pav_column', capacityLitres: 4000 }),
    binRow({ id: P3!.id, lng: P3!.lng, lat: P3!.lat, stream: 'residual', container: 'pav_underground', capacityLitres: 5000 }),
    binRow({ id: P4!.id, lng: P4!.lng, lat: P4!.lat, stream: 'glass', container: 'pav_column', capacityLitres: 4000 }),
    binRow({ id: BAC!.id, lng: BAC!.lng, lat: BAC!.lat }), // a bac-660: not a drop-off point
  ];
  const sites = [siteRow(), siteRow({ id: 'quay', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  const fills: Record<string, number[]> = { [P1!.id]: [80, 88, 94, 97], [P2!.id]: [5, 8, 10, 12], [P3!.id]: [20, 22, 25, 27], [P4!.id]: [10, 11, 12, 13], [BAC!.id]: [50, 55, 60, 65] };
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow({ id: 'BOM-01' })],
    readings: bins.flatMap((b) => [0, 6, 12, 18].map((h, k) => readingRow(b.id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, fills[b.id]![k]!))),
  });
  insertRows(db, { bins: [binRow({ id: 'X01', lng: 7.43, lat: 43.74, container: 'pav_column', stream: 'glass' })], sites: [siteRow({ id: 'x-depot' })], vehicles: [vehicleRow({ id: 'X-TRUCK' })] }, 'other');
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  run = await startApp(db, buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites), { solveIterations: 20, reportsPerHour: 1000 }, () => clock);
}, 180_000);
afterAll(() => run?.close());

describe('GET /api/public/:space/points', () => {
  it('lists the drop-off points only, without login, each with exactly id, stream, status, name and address', async () => {
    const res = await fetch(`${run.url}/api/public/test/points`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; features: { type: string; geometry: unknown; properties: Record<string, unknown> }[] };
    expect(Object.keys(body).sort()).toEqual(['features', 'type']);
    for (const f of body.features) {
      expect(Object.keys(f).sort()).toEqual(['geometry', 'properties', 'type']);
      expect(Object.keys(f.properties).sort()).toEqual([...PUBLIC_POINT_PROPERTIES].sort());
    }
    const points = PublicPointsSchema.parse(body);
    expect(points.features.map((f) => f.properties.id).sort()).toEqual([P1!.id, P2!.id, P3!.id, P4!.id]);
    const p1 = points.features.find((f) => f.properties.id === P1!.id)!.properties;
    expect(p1).toMatchObject({ stream: 'glass', name: 'Colonne à verre' });
    expect(p1.address).toMatch(/, Espace test$/);
    expect(points.features.find((f) => f.properties.id === P3!.id)!.properties.name).toBe('Conteneur enterré d’ordures ménagères');
  });

  it('gives each point the coarse status of its forecast in the decisions the plans use', async () => {
    const decisions = DecisionListSchema.parse(await (await run.fetch(`/api/bins/decisions?date=${DATE}`)).json());
    const points = PublicPointsSchema.parse(await (await fetch(`${run.url}/api/public/test/points`)).json());
    for (const f of points.features) {
      const d = decisions.decisions.find((x) => x.binId === f.properties.id)!;
      expect(f.properties.status, f.properties.id).toBe(pointStatus({ expectedAtPlanPercent: d.expectedAtPlanPercent, reasonCode: d.reasonCode ?? undefined }));
    }
    expect(points.features.find((f) => f.properties.id === P1!.id)!.properties.status).toBe('full');
    expect(points.features.find((f) => f.properties.id === P2!.id)!.properties.status).toBe('room');
  });

  it('names the space for the page, and answers 404 JSON for an unknown space', async () => {
    expect(PublicSpaceSchema.parse(await (await fetch(`${run.url}/api/public/test`)).json())).toEqual({ id: 'test', name: 'Espace test' });
    for (const path of ['/api/public/nowhere/points', '/api/public/nowhere']) {
      const res = await fetch(`${run.url}${path}`);
      expect(res.status).toBe(404);
      expect(ErrorEnvelopeSchema.parse(await res.json()).error.code).toBe('not_found');
    }
    const post = await postReport(form({ pointId: P1!.id, kind: 'damaged' }), 'nowhere');
    expect(post.status).toBe(404);
    expect(ErrorEnvelopeSchema.parse(await post.json()).error.code).toBe('not_found');
  });
});

describe('POST /api/public/:space/reports', () => {
  it('stores a report without login, pending, with its e-mail and a PNG photo stripped of its text chunks', async () => {
    const before = reportCount();
    const id = await report(P1!.id, {}, { bytes: pngWithText(), type: 'image/png' });
    expect(reportCount()).toBe(before + 1);
    expect(stored(id)).toMatchObject({ email: 'habitant@example.fr', status: 'pending', has_photo: 1 });
    const photo = await (await run.as('manager'))(`/api/citizen-reports/${id}/photo`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(pngWithText().subarray(0, 8));
    expect(bytes.includes(Buffer.from('tEXt'))).toBe(false);
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
    expect(bytes.includes(Buffer.from('IDAT'))).toBe(true);
  });

  it('keeps a JPEG by its first bytes whatever its declared type, without its EXIF block and comment', async () => {
    const id = await report(P2!.id, { kind: 'damaged' }, { bytes: jpegWithExif(), type: 'application/octet-stream' });
    const photo = await (await run.as('manager'))(`/api/citizen-reports/${id}/photo`);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await photo.arrayBuffer());
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
    expect(bytes.includes(Buffer.from('rue Grimaldi'))).toBe(false);
    expect(bytes.includes(Buffer.from('JFIF'))).toBe(true);
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('refuses a bad report with one envelope naming every problem, and writes nothing', async () => {
    const before = [reportCount(), photoCount()];
    const res = await postReport(
      form({ pointId: BAC!.id, kind: 'stolen', email: 'not-an-email', comment: 'x'.repeat(501) }, { bytes: Buffer.from('GIF89a not a photo we take'), type: 'image/jpeg' }),
    );
    expect(res.status).toBe(400);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues!.map((i) => i.path).sort()).toEqual(['comment', 'email', 'kind', 'photo', 'pointId']);
    expect(body.error.issues!.find((i) => i.path === 'pointId')).toMatchObject({ code: 'unknown_point' });
    expect(body.error.issues!.find((i) => i.path === 'photo')!.message).toContain('JPEG, PNG or WebP');
    expect([reportCount(), photoCount()]).toEqual(before);
  });

  it("refuses a point of another space as unknown, and a body that is not a form", async () => {
    const res = await postReport(form({ pointId: 'X01', kind: 'damaged' }));
    expect(res.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await res.json()).error.issues).toMatchObject([{ path: 'pointId', code: 'unknown_point' }]);
    const json = await fetch(`${run.url}/api/public/test/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pointId: P1!.id, kind: 'damaged' }) });
    expect(json.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await json.json()).error.message).toContain('multipart/form-data');
  });

  it('refuses a photo over 5 MiB with 413, naming it and the other problems, and writes nothing', async () => {
    const before = [reportCount(), photoCount()];
    const big = Buffer.concat([pngWithText(), Buffer.alloc(5 * 1024 * 1024)]);
    const res = await postReport(form({ pointId: P1!.id, kind: 'nope' }, { bytes: big, type: 'image/png' }));
    expect(res.status).toBe(413);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.issues!.map((i) => i.path).sort()).toEqual(['kind', 'photo']);
    expect([reportCount(), photoCount()]).toEqual(before);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the reports one client may send in an hour, per space', async () => {
    const db = memoryDb();
    insertRows(db, { bins: [binRow({ id: 'R1', container: 'pav_column', stream: 'glass' })], sites: [siteRow()], vehicles: [vehicleRow()] }, 'rl');
    const small = await startApp(db, undefined, { reportsPerHour: 2 });
    try {
      const send = (): Promise<Response> => fetch(`${small.url}/api/public/rl/reports`, { method: 'POST', body: form({ pointId: 'R1', kind: 'damaged' }) });
      expect((await send()).status).toBe(201);
      expect((await send()).status).toBe(201);
      const third = await send();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ErrorEnvelopeSchema.parse(await third.json()).error.code).toBe('too_many_requests');
      expect(db.prepare('SELECT COUNT(*) FROM citizen_reports').pluck().get()).toBe(2);
    } finally {
      await small.close();
    }
  });
});

describe('moderation', () => {

  it('shows the pending reports of the space with their e-mail and photo to its managers, and to no analyst, driver or other space', async () => {
    const id = await report(P4!.id, { kind: 'fly_tipping' }, { bytes: pngWithText(), type: 'image/png' });
    const mine = (await list()).find((r) => r.id === id)!;
    expect(mine).toMatchObject({ pointId: P4!.id, stream: 'glass', pointName: 'Colonne à verre', kind: 'fly_tipping', status: 'pending', email: 'habitant@example.fr', photoUrl: `/api/citizen-reports/${id}/photo` });
    expect((await (await run.as('analyst'))('/api/citizen-reports')).status).toBe(403);
    await ensureUser(run.db, 'driver@test', 'driver', 'test', 'BOM-01');
    const driver = await signIn(run.url, 'driver@test');
    expect((await driver('/api/citizen-reports')).status).toBe(403);
    expect((await driver(`/api/citizen-reports/${id}/accept`, { method: 'POST' })).status).toBe(403);
    const other = await run.as('manager', 'other');
    expect(CitizenReportListSchema.parse(await (await other('/api/citizen-reports')).json()).reports).toEqual([]);
    expect((await other(`/api/citizen-reports/${id}/accept`, { method: 'POST' })).status).toBe(404);
    expect((await other(`/api/citizen-reports/${id}/photo`)).status).toBe(404);
    expect(stored(id).status).toBe('pending');
  });

  it('rejects a report: closed, e-mail erased and photo deleted at once; a second decision is a conflict', async () => {
    const id = await report(P4!.id, { kind: 'damaged' }, { bytes: pngWithText(), type: 'image/png' });
    const manager = await run.as('manager');
    const res = await manager(`/api/citizen-reports/${id}/reject`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(CitizenReportSchema.parse(await res.json())).toMatchObject({ status: 'rejected', email: null, photoUrl: null });
    expect(stored(id)).toEqual({ email: null, status: 'rejected', has_photo: 0 });
    expect(run.db.prepare('SELECT COUNT(*) FROM citizen_report_photos WHERE report_id = ?').pluck().get(id)).toBe(0);
    expect((await manager(`/api/citizen-reports/${id}/photo`)).status).toBe(404);
    expect((await manager(`/api/citizen-reports/${id}/accept`, { method: 'POST' })).status).toBe(409);
    expect((await manager(`/api/citizen-reports/${id}/reject`, { method: 'POST' })).status).toBe(409);
  });
});

describe('what an accepted report changes', () => {
  let reportId = '';
  let planId = '';

  it('makes the bin `must` with the reason code citizen_report in the decisions and the next plan', async () => {
    reportId = await report(P2!.id, { kind: 'overflowing' }, { bytes: pngWithText(), type: 'image/png' });
    const before = DecisionListSchema.parse(await (await run.fetch(`/api/bins/decisions?date=${DATE}`)).json()).decisions.find((d) => d.binId === P2!.id)!;
    expect(before.decision).not.toBe('must'); // 12 % full: the forecast alone would not collect it
    const manager = await run.as('manager');
    const res = await manager(`/api/citizen-reports/${reportId}/accept`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(CitizenReportSchema.parse(await res.json())).toMatchObject({ status: 'accepted', email: 'habitant@example.fr' });
    const after = DecisionListSchema.parse(await (await run.fetch(`/api/bins/decisions?date=${DATE}`)).json()).decisions.find((d) => d.binId === P2!.id)!;
    expect(after).toMatchObject({ decision: 'must', reasonCode: 'citizen_report' });
    expect(after.reason).toContain('citizen report');
    const points = PublicPointsSchema.parse(await (await fetch(`${run.url}/api/public/test/points`)).json());
    expect(points.features.find((f) => f.properties.id === P2!.id)!.properties.status).toBe('full');

    const created = await manager('/api/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date: DATE }) });
    planId = PlanCreatedSchema.parse(await created.json()).id;
    await run.app.ctx.queue.idle();
    const plan = PlanSchema.parse(await (await manager(`/api/plans/${planId}`)).json());
    expect(plan.status).toBe('done');
    expect(plan.forcedBins).toContainEqual({ binId: P2!.id, decision: 'must', reasonCode: 'citizen_report' });
    expect(plan.routes.flatMap((r) => r.stops.map((s) => s.binId))).toContain(P2!.id);
  }, 120_000);

  it('closes the report once a driver reports the bin collected: e-mail erased, photo deleted, no longer forced', async () => {
    const manager = await run.as('manager');
    expect((await manager(`/api/plans/${planId}/publish`, { method: 'POST' })).status).toBe(200);
    const driver = await signIn(run.url, 'driver@test');
    const round = RoundTodaySchema.parse(await (await driver('/api/rounds/today')).json());
    const stepIndex = round.route.steps.findIndex((s) => s.kind === 'bin' && s.id === P2!.id);
    expect(stepIndex).toBeGreaterThan(0);
    clock = new Date(NOW.getTime() + 10 * 60_000);
    const res = await driver('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reports: [{ id: crypto.randomUUID(), planId, routeId: round.route.routeId, stepIndex, outcome: 'collected', at: new Date(clock.getTime() - 60_000).toISOString() }] }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(stored(reportId)).toEqual({ email: null, status: 'done', has_photo: 0 });
    expect(run.db.prepare('SELECT COUNT(*) FROM citizen_report_photos WHERE report_id = ?').pluck().get(reportId)).toBe(0);
    const done = (await list('done')).find((r) => r.id === reportId)!;
    expect(done).toMatchObject({ status: 'done', email: null, photoUrl: null });
    expect(done.closedAt).not.toBeNull();
    const after = DecisionListSchema.parse(await (await run.fetch(`/api/bins/decisions?date=${DATE}`)).json()).decisions.find((d) => d.binId === P2!.id)!;
    expect(after.reasonCode ?? null).not.toBe('citizen_report');
  }, 60_000);

  it('closes a report once the manager marks its stop done: e-mail erased, photo deleted', async () => {
    const manager = await run.as('manager');
    const plan = PlanSchema.parse(await (await manager(`/api/plans/${planId}`)).json());
    expect(plan.routes.flatMap((r) => r.stops.map((s) => s.binId))).toContain(P1!.id); // 97 % full: must by the forecast alone
    const id = await report(P1!.id, { kind: 'damaged' }, { bytes: pngWithText(), type: 'image/png' });
    expect((await manager(`/api/citizen-reports/${id}/accept`, { method: 'POST' })).status).toBe(200);
    expect(stored(id)).toMatchObject({ status: 'accepted', email: 'habitant@example.fr', has_photo: 1 });
    clock = new Date(clock.getTime() + 60_000);
    const res = await manager(`/api/plans/${planId}/done-stops/${P1!.id}`, { method: 'PUT' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(stored(id)).toEqual({ email: null, status: 'done', has_photo: 0 });
    expect(photoCount()).toBe(run.db.prepare('SELECT COUNT(*) FROM citizen_reports WHERE has_photo = 1').pluck().get());
  }, 60_000);
});
