/**
 * Access matrix (issue #13), built from the route table: every endpoint is called by nobody, by
 * each role of space A, by a token of A with the permission the route needs and by one without
 * it, and by an admin and a driver of space B; each gets 401, 403 or success exactly as the route's
 * access rule says. A route in the table without a sample request here, or a route in Express that
 * is not in the table, fails the test. Then every route is tried by space B's admin with space A's
 * ids: 404 (or B's own data), nothing of A read, nothing of A changed; and B's driver can neither
 * read nor report on A's round (issue #15).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, TOKEN_SCOPES, type Permission, type Role } from '../contract/index.js';
import type { Db } from '../src/db/connection.js';
import { TokensRepository } from '../src/db/repositories/tokens-repository.js';
import { PlanEditsRepository } from '../src/db/repositories/plan-edits-repository.js';
import { PlansRepository } from '../src/db/repositories/plans-repository.js';
import { ClosuresRepository } from '../src/db/repositories/closures-repository.js';
import { CitizenReportsRepository } from '../src/db/repositories/citizen-reports-repository.js';
import { ReplansRepository } from '../src/db/repositories/replans-repository.js';
import { UsersRepository } from '../src/db/repositories/users-repository.js';
import { hashPassword } from '../src/auth/passwords.js';
import type { ApiRoute } from '../src/http/api.js';
import { buildRoadContext } from '../src/services/road-context.js';
import { pngWithText } from './images.js';
import { binRow, ensureUser, insertRows, memoryDb, readingRow, signIn, siteRow, startApp, TEST_PASSWORD, vehicleRow, type Running } from './helpers.js';

const A = 'alpha';
const B = 'beta';
const POINTS: Record<string, [string, number, number][]> = {
  [A]: [
    ['A1', 7.4246, 43.7384],
    ['A2', 7.4206, 43.7312],
    ['A3', 7.427, 43.7395],
  ],
  [B]: [
    ['B1', 7.429, 43.742],
    ['B2', 7.4275, 43.746],
  ],
};
const SITES: Record<string, ReturnType<typeof siteRow>[]> = {
  [A]: [siteRow({ id: 'a-depot' }), siteRow({ id: 'a-quay', kind: 'disposal', name: 'Quai A', lng: 7.419, lat: 43.732, serviceSec: 1200 })],
  [B]: [siteRow({ id: 'b-depot' }), siteRow({ id: 'b-quay', kind: 'disposal', name: 'Quai B', lng: 7.419, lat: 43.732, serviceSec: 1200 })],
};

/** Someone calling the API. */
interface Caller {
  name: string;
  /** Permissions it holds (none for nobody), and whether it is a person (sessions) or a token. */
  permissions: ReadonlySet<Permission>;
  kind: 'anonymous' | 'user' | 'token';
  space: string | null;
  headers: () => Promise<Record<string, string>>;
  /** A new session (for routes that end or change it); `headers()` then gives a new one too. */
  fresh?: () => Promise<Record<string, string>>;
}

/** A request that succeeds for a caller allowed to make it, built fresh for each call. */
interface Sample {
  path: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses meaning success. Default 200. */
  ok?: number[];
  /** Give the caller a new session first (the route ends or changes its session). */
  freshSession?: boolean;
  /** What a caller of space B gets with space A's ids in the body (ids in the path: 404). */
  otherSpace?: number[];
  /** A multipart body (sent as is, instead of `body` as JSON). */
  form?: () => FormData;
}

let run: Running;
let db: Db;
let planA = '';
let seq = 0;
const uid = (): string => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Sample requests of every route, with space A's ids. */
function samples(caller: Caller): Record<string, () => Promise<Sample> | Sample> {
  const json = { 'content-type': 'application/json' };
  return {
    'GET /api/health': () => ({ path: '/api/health' }),
    'POST /api/session': () => ({ path: '/api/session', method: 'POST', headers: json, body: { username: 'login@alpha', password: TEST_PASSWORD } }),
    'GET /api/session': () => ({ path: '/api/session' }),
    'DELETE /api/session': () => ({ path: '/api/session', method: 'DELETE', ok: [204], freshSession: true }),
    'PUT /api/session/space': () => ({ path: '/api/session/space', method: 'PUT', headers: json, body: { spaceId: caller.space }, freshSession: true }),
    'PUT /api/session/password': () => ({ path: '/api/session/password', method: 'PUT', headers: json, body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD.toUpperCase() }, ok: [204], freshSession: true }),
    'GET /api/space': () => ({ path: '/api/space' }),
    'PATCH /api/space': () => ({ path: '/api/space', method: 'PATCH', headers: json, body: { name: `Espace ${caller.space}`, communes: [], timeZone: 'Europe/Monaco' } }),
    'GET /api/users': () => ({ path: '/api/users' }),
    'POST /api/users': () => ({ path: '/api/users', method: 'POST', headers: json, body: { username: `new-${uid()}`, displayName: 'Nouveau', role: 'analyst', vehicleId: null, password: TEST_PASSWORD }, ok: [201] }),
    'PATCH /api/users/:userId': async () => ({ path: `/api/users/${await ensureUser(db, 'target@alpha', 'analyst', A)}`, method: 'PATCH', headers: json, body: { role: 'analyst', vehicleId: null } }),
    'DELETE /api/users/:userId': async () => ({ path: `/api/users/${await ensureUser(db, `leaving-${uid()}@alpha`, 'analyst', A)}`, method: 'DELETE', ok: [204] }),
    'GET /api/tokens': () => ({ path: '/api/tokens' }),
    'POST /api/tokens': () => ({ path: '/api/tokens', method: 'POST', headers: json, body: { name: 'passerelle', scopes: ['readings:write'] }, ok: [201] }),
    'DELETE /api/tokens/:tokenId': () => {
      const id = randomUUID();
      new TokensRepository(db).insert({ id, spaceId: A, name: 'old', scopes: ['bins:read'], tokenHash: `h-${id}`, prefix: 'clt_x', createdBy: null, createdAt: '2026-11-01T00:00:00Z' });
      return { path: `/api/tokens/${id}`, method: 'DELETE', ok: [204] };
    },
    'GET /api/audit': () => ({ path: '/api/audit' }),
    'GET /api/bins': () => ({ path: '/api/bins' }),
    'GET /api/bins/decisions': () => ({ path: '/api/bins/decisions?date=2026-11-28' }),
    'GET /api/bins/:binId/decision': () => ({ path: '/api/bins/A1/decision?date=2026-11-28' }),
    'GET /api/horizon': () => ({ path: '/api/horizon?date=2026-11-30&risk=5' }),
    'GET /api/cells': () => ({ path: '/api/cells' }),
    'POST /api/readings': () => ({
      path: '/api/readings',
      method: 'POST',
      headers: json,
      body: [{ binId: 'A1', measuredAt: new Date(Date.parse('2026-11-27T00:00:00Z') + seq++ * 1000).toISOString(), fillPercent: 42 }],
      ok: [201],
      otherSpace: [400], // A1 is an unknown bin in B
    }),
    'GET /api/alerts': () => ({ path: '/api/alerts' }),
    'POST /api/plans': () => ({ path: '/api/plans', method: 'POST', headers: json, body: { date: '2026-11-29' }, ok: [202] }),
    'GET /api/plans': () => ({ path: '/api/plans' }),
    'GET /api/plans/:planId': () => ({ path: `/api/plans/${planA}` }),
    'POST /api/plans/:planId/cancel': () => {
      // a queued plan nobody runs (straight into the table), so it is still cancellable when asked
      const id = randomUUID();
      new PlansRepository(db, A).create(id, '2026-11-30', '2026-11-28T07:00:00Z');
      return { path: `/api/plans/${id}/cancel`, method: 'POST' };
    },
    'GET /api/plans/:planId/routes/:routeId/instructions': () => ({ path: `/api/plans/${planA}/routes/r1/instructions?lang=fr` }),
    'GET /api/plans/:planId/events': () => ({ path: `/api/plans/${planA}/events` }),
    'POST /api/plans/:planId/replan': async () => {
      // the plans the cancel sample left queued (nobody runs them) would fill A's queue
      await run.app.ctx.queue.idle();
      db.prepare(`UPDATE plans SET status = 'cancelled' WHERE space_id = ? AND status = 'queued'`).run(A);
      return { path: `/api/plans/${planA}/replan`, method: 'POST', headers: json, body: { at: '09:00' }, ok: [202] };
    },
    'GET /api/plans/:planId/done-stops': () => ({ path: `/api/plans/${planA}/done-stops` }),
    'PUT /api/plans/:planId/done-stops/:binId': () => ({ path: `/api/plans/${planA}/done-stops/${servedBinA()}`, method: 'PUT' }),
    'DELETE /api/plans/:planId/done-stops/:binId': () => {
      new ReplansRepository(db, A).markDone(planA, servedBinA(), '2026-11-28T08:00:00Z');
      return { path: `/api/plans/${planA}/done-stops/${servedBinA()}`, method: 'DELETE' };
    },
    'GET /api/closures': () => ({ path: '/api/closures?date=2026-11-28' }),
    'POST /api/closures': () => ({ path: '/api/closures', method: 'POST', headers: json, body: CLOSURE_BODY, ok: [201] }),
    'GET /api/closures/:closureId': () => ({ path: `/api/closures/${closureOfA()}` }),
    'PUT /api/closures/:closureId': () => ({ path: `/api/closures/${closureOfA()}`, method: 'PUT', headers: json, body: { ...CLOSURE_BODY, label: 'Marché' } }),
    'DELETE /api/closures/:closureId': () => ({ path: `/api/closures/${closureOfA()}`, method: 'DELETE', ok: [204] }),
    'GET /api/plans/:planId/edits': () => ({ path: `/api/plans/${planA}/edits` }),
    'POST /api/plans/:planId/evaluate': () => ({ path: `/api/plans/${planA}/evaluate`, method: 'POST', headers: json, body: { edits: [{ op: 'lockRoute', vehicleId: `${A}-truck` }] } }),
    'POST /api/plans/:planId/edits': () => ({
      path: `/api/plans/${planA}/edits`,
      method: 'POST',
      headers: json,
      body: { baseVersion: new PlanEditsRepository(db, A).head(planA), edits: [{ op: 'lockRoute', vehicleId: `${A}-truck` }] },
    }),
    'POST /api/plans/:planId/undo': async () => {
      await editA();
      return { path: `/api/plans/${planA}/undo`, method: 'POST' };
    },
    'POST /api/plans/:planId/redo': async () => {
      await editA();
      await run.app.ctx.spaces.get(A).edits.undo(planA);
      return { path: `/api/plans/${planA}/redo`, method: 'POST' };
    },
    // 429 while the job of the caller before is still running: allowed all the same
    'POST /api/plans/:planId/reoptimise': () => ({ path: `/api/plans/${planA}/reoptimise`, method: 'POST', headers: json, body: { iterations: 5 }, ok: [202, 429] }),
    'GET /api/plans/:planId/reoptimise/:jobId': async () => ({ path: `/api/plans/${planA}/reoptimise/${await reoptimisedA()}` }),
    'POST /api/plans/:planId/reoptimise/:jobId/accept': async () => ({ path: `/api/plans/${planA}/reoptimise/${await reoptimisedA()}/accept`, method: 'POST' }),
    'GET /api/plans/:planId/routes/:routeId': () => ({ path: `/api/plans/${planA}/routes/r1?format=gpx` }),
    'GET /api/plans/:planId/summary': () => ({ path: `/api/plans/${planA}/summary?format=csv` }),
    'GET /api/plans/:planId/forecast': () => ({ path: `/api/plans/${planA}/forecast` }),
    'POST /api/plans/:planId/publish': () => ({ path: `/api/plans/${storedPlan('draft')}/publish`, method: 'POST' }),
    'POST /api/plans/:planId/day-status': () => ({ path: `/api/plans/${storedPlan('published')}/day-status`, method: 'POST', headers: json, body: { dayStatus: 'in_progress' } }),
    'POST /api/plans/:planId/reproduce': () => {
      // the plans the cancel sample left queued for callers it refused count against the queue bound
      db.prepare(`UPDATE plans SET status = 'cancelled' WHERE space_id = ? AND status = 'queued' AND date = '2026-11-30'`).run(A);
      return { path: `/api/plans/${planA}/reproduce`, method: 'POST', ok: [202] };
    },
    'GET /api/round': () => ({ path: '/api/round?date=2026-11-28', otherSpace: [404] }), // B publishes no plan
    'GET /api/rounds/today': () => ({ path: '/api/rounds/today?lang=fr', otherSpace: [404] }), // B publishes no plan
    // a new report of the same step at the same instant each time: a correction of the previous one
    'POST /api/reports': () => ({ path: '/api/reports', method: 'POST', headers: json, body: { reports: [reportOfA()] }, otherSpace: [400] }), // A's plan is an unknown plan in B
    'POST /api/positions': () => ({ path: '/api/positions', method: 'POST', headers: json, body: { positions: [{ lng: 7.42, lat: 43.73, at: '2026-11-28T07:55:00Z' }] } }),
    'GET /api/plans/:planId/progress': () => ({ path: `/api/plans/${planA}/progress` }),
    'GET /api/roads': () => ({ path: '/api/roads' }),
    'GET /api/sites': () => ({ path: '/api/sites' }),
    'GET /api/vehicles': () => ({ path: '/api/vehicles' }),
    'GET /api/inventory': () => ({ path: '/api/inventory' }),
    ...inventorySamples(caller),
    // the analyst's desk (issue #16): reads of the caller's space; A1 is an unknown bin in B
    'GET /api/desk/bins/:binId/history': () => ({ path: '/api/desk/bins/A1/history?from=2026-11-01&to=2026-11-28' }),
    'GET /api/desk/daily': () => ({ path: '/api/desk/daily?from=2026-11-01&to=2026-11-28&format=csv&sep=;' }),
    'GET /api/desk/breakdown': () => ({ path: '/api/desk/breakdown?by=weekday_stream' }),
    'GET /api/desk/cells': () => ({ path: '/api/desk/cells?resolution=9' }),
    'GET /api/desk/rounds': () => ({ path: '/api/desk/rounds' }),
    'GET /api/desk/fill-at-collection': () => ({ path: '/api/desk/fill-at-collection' }),
    'GET /api/desk/compare': () => ({ path: '/api/desk/compare?from=2026-11-01&to=2026-11-14&otherFrom=2026-11-15&otherTo=2026-11-28' }),
    'GET /api/desk/strategies': () => ({ path: '/api/desk/strategies' }),
    'GET /api/desk/opendata': () => ({ path: '/api/desk/opendata' }),
    'PUT /api/desk/opendata': () => ({ path: '/api/desk/opendata', method: 'PUT', headers: json, body: { published: true } }),
    // public routes: A publishes its open data, so anyone (B's people too) reads it; unpublished access is tested in routes/opendata
    'GET /api/opendata/:space/bins.geojson': () => {
      db.prepare('UPDATE spaces SET open_data_public = 1 WHERE id = ?').run(A);
      return { path: `/api/opendata/${A}/bins.geojson`, otherSpace: [200] };
    },
    'GET /api/opendata/:space/bins.csv': () => {
      db.prepare('UPDATE spaces SET open_data_public = 1 WHERE id = ?').run(A);
      return { path: `/api/opendata/${A}/bins.csv?sep=;`, otherSpace: [200] };
    },
    // the citizens' map is public (A's public points are anyone's, B's callers included)
    'GET /api/public/:space': () => ({ path: `/api/public/${A}`, otherSpace: [200] }),
    'GET /api/public/:space/points': () => ({ path: `/api/public/${A}/points`, otherSpace: [200] }),
    'POST /api/public/:space/reports': () => ({ path: `/api/public/${A}/reports`, method: 'POST', form: () => reportForm('A2'), ok: [201], otherSpace: [201] }),
    'GET /api/citizen-reports': () => ({ path: '/api/citizen-reports', otherSpace: [200] }), // B's own (none of A's)
    'POST /api/citizen-reports/:reportId/accept': () => ({ path: `/api/citizen-reports/${citizenReportOfA()}/accept`, method: 'POST' }),
    'POST /api/citizen-reports/:reportId/reject': () => ({ path: `/api/citizen-reports/${citizenReportOfA()}/reject`, method: 'POST' }),
    'GET /api/citizen-reports/:reportId/photo': () => ({ path: `/api/citizen-reports/${citizenReportOfA(true)}/photo` }),
    'GET /api/openapi.json': () => ({ path: '/api/openapi.json' }),
    'GET /api/docs': () => ({ path: '/api/docs' }),
    'GET /api/docs/start.js': () => ({ path: '/api/docs/start.js' }),
  };
}

/** Sample requests of the inventory routes: new `tmp-` items, A's own values for changes, items made for the purpose for retiring, a preview for imports (nothing written). */
function inventorySamples(caller: Caller): Record<string, () => Sample> {
  const json = { 'content-type': 'application/json' };
  const items = {
    bins: (id: string) => ({ id, lng: 7.4246, lat: 43.7384, stream: 'residual', container: 'bac-660', capacityLitres: 660, serviceSec: 60, osmRef: null }),
    sites: (id: string) => ({ id, kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 }),
    vehicles: (id: string) => ({ id, name: 'BOM', type: 'bom26', streams: ['residual'], capacityLitres: 80000, capacityKg: 11000, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 }),
  };
  const out: Record<string, () => Sample> = {};
  for (const kind of ['bins', 'sites', 'vehicles'] as const) {
    const aId = kind === 'bins' ? 'A1' : kind === 'sites' ? 'a-quay' : `${A}-truck`;
    out[`POST /api/inventory/${kind}`] = () => {
      const id = `tmp-${uid()}`;
      return { path: `/api/inventory/${kind}`, method: 'POST', headers: json, body: items[kind](id), ok: [201] };
    };
    out[`PUT /api/inventory/${kind}/:id`] = () => {
      const current = kind === 'bins' ? items.bins('A1') : kind === 'sites' ? SITES[A]![1]! : { ...items.vehicles(aId), name: 'BOM 26 t', streams: ['residual', 'packaging', 'glass', 'paper', 'biowaste'] };
      return { path: `/api/inventory/${kind}/${aId}`, method: 'PUT', headers: json, body: current };
    };
    out[`DELETE /api/inventory/${kind}/:id`] = () => {
      const id = `tmp-${uid()}`;
      if (kind === 'bins') insertRows(db, { bins: [binRow({ id })] }, A);
      else if (kind === 'sites') insertRows(db, { sites: [siteRow({ id, kind: 'disposal' })] }, A);
      else insertRows(db, { vehicles: [vehicleRow({ id })] }, A);
      return { path: `/api/inventory/${kind}/${id}`, method: 'DELETE', ok: [204] };
    };
    out[`POST /api/inventory/${kind}/import`] = () => ({
      path: `/api/inventory/${kind}/import?dryRun=true`,
      method: 'POST',
      headers: json,
      body: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [7.42, 43.73] }, properties: items[kind](`tmp-${uid()}`) }] },
    });
  }
  void caller;
  return out;
}

const CLOSURE_BODY = {
  label: 'Travaux',
  geometry: { type: 'LineString', coordinates: [[7.4246, 43.7384], [7.425, 43.7388]] },
  validFrom: '2026-11-28T06:00',
  validTo: '2026-11-28T18:00',
};

/** A resident's report form on point `pointId`. */
function reportForm(pointId: string): FormData {
  const f = new FormData();
  f.append('pointId', pointId);
  f.append('kind', 'overflowing');
  f.append('email', 'habitant@example.fr');
  return f;
}

/** A pending citizens' report on A's drop-off point A2 (with a photo when asked), straight into the table. */
function citizenReportOfA(photo = false): string {
  const id = randomUUID();
  new CitizenReportsRepository(db, A).insert({
    id,
    binId: 'A2',
    kind: 'overflowing',
    comment: null,
    email: 'habitant@example.fr',
    photo: photo ? { type: 'image/png', bytes: pngWithText() } : null,
    createdAt: '2026-11-28T07:00:00Z',
  });
  return id;
}

/** A closure of space A, straight into the table. */
function closureOfA(): string {
  const id = randomUUID();
  new ClosuresRepository(db, A).insert({ id, label: 'Travaux', kind: 'street', geometry: CLOSURE_BODY.geometry as never, validFrom: '2026-11-28T06:00', validTo: '2026-11-28T18:00', createdAt: '2026-11-28T07:00:00Z' });
  return id;
}

/** A solved plan of space A straight into the table, at a given step of its day (no routes: enough to move it on). */
function storedPlan(dayStatus: 'draft' | 'published'): string {
  const id = randomUUID();
  new PlansRepository(db, A).create(id, '2026-11-30', '2026-11-28T07:00:00Z');
  db.prepare(`UPDATE plans SET status = 'done', day_status = ? WHERE id = ?`).run(dayStatus, id);
  return id;
}

/** A report (new id) of the first bin of the truck of A's round in plan A, as its driver makes it. */
function reportOfA(): { id: string; planId: string; routeId: string; stepIndex: number; outcome: 'collected'; at: string } {
  const repo = new PlansRepository(db, A);
  const route = repo.routes(planA).find((r) => r.vehicleId === `${A}-truck`)!;
  const steps = repo
    .steps(planA)
    .filter((s) => s.routeId === route.routeId)
    .sort((a, b) => a.stepIdx - b.stepIdx);
  return { id: randomUUID(), planId: planA, routeId: route.routeId, stepIndex: steps.findIndex((s) => s.kind === 'bin'), outcome: 'collected', at: '2026-11-28T07:50:00Z' };
}

/** A bin a route of plan A serves. */
function servedBinA(): string {
  const step = new PlansRepository(db, A).steps(planA).find((s) => s.kind === 'bin');
  if (!step?.refId) throw new Error('plan A serves no bin');
  return step.refId;
}

/** Stores an edit of plan A (so there is something to undo). */
async function editA(): Promise<void> {
  const edits = run.app.ctx.spaces.get(A).edits;
  await edits.store(planA, edits.editState(planA).version, [{ op: 'lockRoute', vehicleId: `${A}-truck` }], null);
}

/** A finished re-optimisation of plan A from its current version (waits for any running one first). @returns its job id. */
async function reoptimisedA(): Promise<string> {
  const edits = run.app.ctx.spaces.get(A).edits;
  for (;;) {
    try {
      let job = edits.reoptimise(planA, 1, 5);
      while (job.status === 'running') {
        await new Promise((r) => setTimeout(r, 20));
        job = edits.job(planA, job.jobId);
      }
      return job.jobId;
    } catch (err) {
      if ((err as { code?: string }).code !== 'too_many_requests') throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const keyOf = (r: ApiRoute): string => `${r.method.toUpperCase()} ${r.path}`;

/** What a caller must get from a route: 401, 403 or success. */
function expected(r: ApiRoute, c: Caller): 'ok' | 401 | 403 {
  const a = r.access;
  if ('public' in a) return 'ok';
  if (c.kind === 'anonymous') return 401;
  if ('session' in a) return c.kind === 'user' ? 'ok' : 401;
  if ('signedIn' in a) return 'ok';
  return c.permissions.has(a.permission) ? 'ok' : 403;
}

let callers: Caller[] = [];

async function send(c: Caller, s: Sample): Promise<{ status: number; text: string }> {
  const auth = s.freshSession && c.fresh ? await c.fresh() : await c.headers();
  const res = await fetch(`${run.url}${s.path}`, {
    method: s.method ?? 'GET',
    headers: { ...auth, ...(s.headers ?? {}) },
    ...(s.form ? { body: s.form() } : s.body !== undefined ? { body: JSON.stringify(s.body) } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  const text = res.headers.get('content-type')?.startsWith('text/event-stream') ? (await res.body?.cancel(), '') : await res.text();
  return { status: res.status, text };
}

beforeAll(async () => {
  db = memoryDb();
  const osm = new Uint8Array(readFileSync(new URL('../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  for (const space of [A, B]) {
    // A2 is a drop-off point (a glass column) residents may report on (the inventory samples rewrite A1)
    const bins = POINTS[space]!.map(([id, lng, lat]) => binRow({ id, lng, lat, ...(id === 'A2' ? { container: 'pav_column', stream: 'glass' as const } : {}) }));
    insertRows(
      db,
      {
        bins,
        sites: SITES[space],
        vehicles: [vehicleRow({ id: `${space}-truck` })],
        readings: bins.flatMap((b) => [0, 6, 12, 18].map((h, k) => readingRow(b.id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 70 + 5 * k))),
      },
      space,
    );
  }
  const all = [...POINTS[A]!, ...POINTS[B]!].map(([id, lng, lat]) => ({ id, lng, lat }));
  const road = buildRoadContext(osm, 'monaco', all, [...SITES[A]!, ...SITES[B]!]);
  run = await startApp(db, road, { solveIterations: 10, reportsPerHour: 1000 });
  planA = run.app.ctx.spaces.get(A).plans.create('2026-11-28').id;
  await run.app.ctx.queue.idle();
  run.app.ctx.spaces.get(A).plans.setDayStatus(planA, 'published'); // the driver's round of that day
  await ensureUser(db, 'login@alpha', 'analyst', A);

  const hash = await hashPassword(TEST_PASSWORD);
  const userCaller = async (role: Role, space: string): Promise<Caller> => {
    const username = `${role}@${space}`;
    const id = await ensureUser(db, username, role, space);
    let main = await signIn(run.url, username);
    let fresh = false;
    return {
      name: `${role} of ${space}`,
      permissions: new Set(ROLE_PERMISSIONS[role]),
      kind: 'user',
      space,
      headers: async () => {
        if (fresh) {
          // the last sample ended or changed a session (a password change ends the others): start again
          new UsersRepository(db).setPassword(id, hash, '2026-11-28T00:00:00Z');
          main = await signIn(run.url, username);
          fresh = false;
        }
        return { cookie: main.cookie, 'x-csrf-token': main.csrf };
      },
      fresh: async () => {
        new UsersRepository(db).setPassword(id, hash, '2026-11-28T00:00:00Z');
        const s = await signIn(run.url, username);
        fresh = true;
        return { cookie: s.cookie, 'x-csrf-token': s.csrf };
      },
    };
  };
  const admin = await signIn(run.url, (await ensureUser(db, 'admin@alpha', 'admin', A), 'admin@alpha'));
  const tokenCaller = async (scopes: Permission[], name: string): Promise<Caller> => {
    const res = await fetch(`${run.url}/api/tokens`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ name, scopes }),
    });
    const { token } = (await res.json()) as { token: string };
    return { name, permissions: new Set(scopes), kind: 'token', space: A, headers: async () => ({ authorization: `Bearer ${token}` }) };
  };
  callers = [
    { name: 'nobody', permissions: new Set(), kind: 'anonymous', space: null, headers: async () => ({}) },
    await userCaller('admin', A),
    await userCaller('manager', A),
    await userCaller('analyst', A),
    await userCaller('driver', A),
    ...(await Promise.all(TOKEN_SCOPES.map((scope) => tokenCaller([scope], `token ${scope}`)))),
    await userCaller('admin', B),
    await userCaller('driver', B),
  ];
}, 180_000);
afterAll(() => run?.close());

describe('access matrix', () => {
  it('has a sample request for every route of the table, and Express serves no /api route outside the table', () => {
    const table = run.app.ctx.routes.map(keyOf).sort();
    const known = Object.keys(samples(callers[0]!)).sort();
    expect(table.filter((k) => !known.includes(k)), 'routes without a sample here (add one with its access expectations)').toEqual([]);
    expect(known.filter((k) => !table.includes(k)), 'samples of routes that no longer exist').toEqual([]);
    const served: string[] = [];
    const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]): void => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) served.push(`${m.toUpperCase()} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
      }
    };
    walk((run.app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
    expect(served.filter((k) => k.includes('/api')).sort()).toEqual(table);
  });

  it('answers every route for every caller exactly as its access rule says (401, 403 or success)', async () => {
    const wrong: string[] = [];
    for (const r of run.app.ctx.routes) {
      for (const c of callers) {
        const s = await samples(c)[keyOf(r)]!();
        const got = await send(c, s);
        const want = expected(r, c);
        const success = c.space === B ? (s.otherSpace ?? (/:\w+/.test(r.path) ? [404] : (s.ok ?? [200]))) : (s.ok ?? [200]);
        const ok = want === 'ok' ? success.includes(got.status) : got.status === want;
        if (!ok) wrong.push(`${keyOf(r)} as ${c.name}: got ${got.status}, want ${want === 'ok' ? success.join('/') : want} — ${got.text.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});

describe('spaces', () => {
  /** What space A holds: a change by B's admin must leave it as it was. */
  const fingerprintA = (): string =>
    db
      .prepare(
        `SELECT (SELECT count(*) || ':' || total(fill_percent) FROM readings WHERE bin_id IN (SELECT id FROM bins WHERE space_id = @a)) || '|' ||
                (SELECT group_concat(id || status, ',') FROM (SELECT id, status FROM plans WHERE space_id = @a ORDER BY id)) || '|' ||
                (SELECT group_concat(user_id || role, ',') FROM (SELECT user_id, role FROM memberships WHERE space_id = @a ORDER BY user_id)) || '|' ||
                (SELECT count(*) || ':' || count(revoked_at) FROM api_tokens WHERE space_id = @a) || '|' ||
                (SELECT name || time_zone FROM spaces WHERE id = @a) || '|' ||
                (SELECT count(*) || ':' || coalesce(group_concat(id || status || coalesce(email, '-'), ','), '') FROM (SELECT id, status, email FROM citizen_reports WHERE space_id = @a ORDER BY id))`,
      )
      .pluck()
      .get({ a: A }) as string;

  it("gives B's admin nothing of space A: every route with A's ids answers 404 or B's own data, reads none of A's ids and changes nothing of A", async () => {
    const b = callers.find((c) => c.space === B)!;
    const aIds = [...POINTS[A]!.map((p) => p[0]), 'a-depot', 'a-quay', `${A}-truck`, planA];
    const leaks: string[] = [];
    for (const r of run.app.ctx.routes) {
      if ('public' in r.access) continue;
      const s = await samples(b)[keyOf(r)]!();
      const before = fingerprintA();
      const got = await send(b, s);
      if (/:\w+/.test(r.path) && got.status !== 404) leaks.push(`${keyOf(r)}: ${got.status} (want 404)`);
      for (const id of aIds) if (got.text.includes(`"${id}"`)) leaks.push(`${keyOf(r)}: answered A's id ${id}`);
      if (fingerprintA() !== before) leaks.push(`${keyOf(r)}: changed space A`);
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it("gives a driver of B neither A's round nor a report on it: A's plan is an unknown plan, nothing is written", async () => {
    const driverB = callers.find((c) => c.space === B && c.name.startsWith('driver'))!;
    const reportsOfA = (): number => db.prepare('SELECT COUNT(*) FROM driver_reports WHERE space_id = ?').pluck().get(A) as number;
    const before = reportsOfA();
    const res = await send(driverB, { path: '/api/reports', method: 'POST', headers: { 'content-type': 'application/json' }, body: { reports: [reportOfA()] } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.issues).toMatchObject([{ path: 'reports[0].planId', code: 'unknown_plan' }]);
    expect(reportsOfA()).toBe(before);
    const round = await send(driverB, { path: '/api/rounds/today' });
    expect(round.status).toBe(404);
    expect(round.text).not.toContain(planA);
  });

  it("refuses readings for another space's bins as unknown bins, and a token of A reads A only", async () => {
    const b = callers.find((c) => c.space === B)!;
    const res = await send(b, { path: '/api/readings', method: 'POST', headers: { 'content-type': 'application/json' }, body: [{ binId: 'A1', measuredAt: '2026-11-27T03:00:00Z', fillPercent: 10 }] });
    expect(res.status).toBe(400);
    expect(res.text).toContain("unknown bin 'A1'");
    const token = callers.find((c) => c.name === 'token bins:read')!;
    const bins = JSON.parse((await send(token, { path: '/api/bins' })).text) as { features: { id: string }[] };
    // (tmp-* bins are the ones the inventory samples added to A for callers that may not retire them)
    expect(bins.features.map((f) => f.id).filter((id) => !id.startsWith('tmp-')).sort()).toEqual(['A1', 'A2', 'A3']);
  });
});
