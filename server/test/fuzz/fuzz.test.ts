/**
 * Fuzz test over HTTP (issue #11): seeded fast-check runs of generated and mutated requests
 * across every endpoint (`requests.ts`) against the real app on a small Monaco city with a done
 * plan. For every request: an answer comes (no crash, no hang), its status is below 500, an error
 * is the contract's envelope, and a refused request (4xx) leaves the database as it was.
 *
 * `FUZZ_RUNS` sets the number of requests (default 10,000, as CI runs it); `FUZZ_SEED` the seed;
 * `FUZZ_REPORT=file.json` writes the counts by kind and status (`npm run fuzz:server` runs it long).
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, HealthSchema } from '../../contract/index.js';
import type { Db } from '../../src/db/connection.js';
import { buildRoadContext } from '../../src/services/road-context.js';
import { binRow, ensureUser, insertRows, memoryDb, readingRow, signIn, siteRow, startApp, vehicleRow, type Running, TEST_SPACE } from '../helpers.js';
import { fuzzCredentials, fuzzRequests, type FuzzRequest } from './requests.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const POINTS: [string, number, number][] = [
  ['Z1', 7.4246, 43.7384],
  ['Z2', 7.4206, 43.7312],
  ['Z3', 7.427, 43.7395],
  ['Z4', 7.429, 43.742],
];

let run: Running;
let db: Db;
let planId = '';
let admin: { cookie: string; csrf: string };
let driver: { cookie: string; csrf: string };
let tokens: { live: string; revoked: string };

/** What a refused request must leave untouched: readings, latest state, alerts, plans created, people, tokens, spaces, drivers' reports and positions. */
function fingerprint(): string {
  return db
    .prepare(
      `SELECT (SELECT count(*) || ':' || total(fill_percent) || ':' || ifnull(max(measured_at), '') FROM readings) || '|' ||
              (SELECT count(*) || ':' || total(fill_percent) FROM bin_latest) || '|' ||
              (SELECT count(*) || ':' || ifnull(max(raised_at), '') FROM alerts) || '|' ||
              (SELECT count(*) FROM plans) || '|' ||
              (SELECT count(*) || ':' || group_concat(user_id || role || ifnull(vehicle_id, ''), ',') FROM memberships) || '|' ||
              (SELECT count(*) || ':' || group_concat(password_hash, ',') FROM users) || '|' ||
              (SELECT count(*) || ':' || count(revoked_at) FROM api_tokens) || '|' ||
              (SELECT group_concat(name || time_zone || communes, ',') FROM spaces) || '|' ||
              (SELECT count(*) FROM driver_reports) || '|' || (SELECT count(*) FROM truck_positions)`,
    )
    .pluck()
    .get() as string;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends one request with node:http (any method, path, header and body), 30 s at most. */
function send(r: FuzzRequest): Promise<Answer> {
  const url = new URL(run.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, timeout: 30_000, agent: false }, (res) => {
      const contentType = String(res.headers['content-type'] ?? '');
      if (contentType.startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, contentType, body: '' });
        return;
      }
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in 30 s to ${r.method} ${r.path.slice(0, 80)}`)));
    req.on('error', reject);
    if (r.body) req.end(Buffer.from(r.body));
    else req.end();
  });
}

/** A failure report that names the request without printing megabytes of generated body. */
function shortReport(out: fc.RunDetails<[FuzzRequest, { who: string; headers: Record<string, string> }]>): void {
  if (!out.failed) return;
  const [r, cred] = out.counterexample ?? [];
  const body = r?.body ? `${r.body.length} bytes: ${JSON.stringify(Buffer.from(r.body.subarray(0, 200)).toString('latin1'))}` : 'none';
  const what = r ? `${r.kind} as ${cred?.who}: ${r.method} ${r.path.slice(0, 200)}${r.path.length > 200 ? '…' : ''} headers ${JSON.stringify(r.headers)} body ${body}` : 'unknown';
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message.slice(0, 2000) : String(out.errorInstance).slice(0, 2000);
  throw new Error(`fuzz failed after ${out.numRuns} requests (seed ${out.seed}, path ${out.counterexamplePath}): ${what}\n${cause}`);
}

beforeAll(async () => {
  db = memoryDb();
  const bins = POINTS.map(([id, lng, lat]) => binRow({ id, lng, lat }));
  const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow()],
    readings: bins.flatMap((b) => [0, 6, 12, 18].map((h, k) => readingRow(b.id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 70 + 5 * k))),
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco', POINTS.map(([id, lng, lat]) => ({ id, lng, lat })), sites);
  run = await startApp(db, road, { solveIterations: 20 });
  planId = run.app.ctx.spaces.get(TEST_SPACE).plans.create('2026-11-28').id;
  await run.app.ctx.queue.idle();
  await ensureUser(db, 'admin@test', 'admin');
  admin = await signIn(run.url, 'admin@test');
  run.app.ctx.spaces.get(TEST_SPACE).plans.setDayStatus(planId, 'published'); // the driver's reports are checked against a real round
  await ensureUser(db, 'driver@test', 'driver');
  driver = await signIn(run.url, 'driver@test');
  const make = async (scopes: string[]): Promise<{ token: string; id: string }> =>
    (await (await run.fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `fuzz ${scopes.join(' ')}`, scopes }) })).json()) as { token: string; id: string };
  const live = await make(['readings:write', 'bins:read', 'plans:read']);
  const revoked = await make(['readings:write']);
  await run.fetch(`/api/tokens/${revoked.id}`, { method: 'DELETE' });
  tokens = { live: live.token, revoked: revoked.token };
}, 120_000);
afterAll(() => run?.close());

describe('fuzzing every endpoint over HTTP', () => {
  it(`answers ${RUNS} generated and mutated requests without a crash or a 5xx, and changes nothing when it refuses one`, async () => {
    const counts = new Map<string, number>();
    const ids = { bins: POINTS.map((p) => p[0]), plans: () => [planId], routes: ['r1', 'r2'] };
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(fuzzRequests(ids), fuzzCredentials(admin, tokens, driver), async (req, cred) => {
        const r: FuzzRequest = { ...req, headers: { ...cred.headers, ...req.headers } };
        const before = fingerprint();
        const answer = await send(r);
        const key = `${r.kind} ${answer.status}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        expect(answer.status, `${r.method} ${r.path.slice(0, 120)} → ${answer.body.slice(0, 300)}`).toBeLessThan(500);
        if (answer.status >= 400) {
          if (answer.contentType === '') {
            // refused by Node's HTTP parser before the app (a request line or headers too large)
            expect([400, 413, 414, 431]).toContain(answer.status);
          } else if (r.method !== 'HEAD' && r.path.startsWith('/api/')) {
            expect(answer.contentType).toMatch(/^application\/json/);
            ErrorEnvelopeSchema.parse(JSON.parse(answer.body));
          }
          expect(fingerprint(), `refused ${r.kind} changed the database`).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, reporter: shortReport },
    );
    const health = HealthSchema.parse(JSON.parse((await send({ kind: 'health', method: 'GET', path: '/api/health', headers: {} })).body));
    expect(health.pid).toBe(process.pid);
    if (process.env.FUZZ_REPORT) {
      const byStatus: Record<string, number> = {};
      for (const [k, n] of counts) byStatus[k.split(' ')[1]!] = (byStatus[k.split(' ')[1]!] ?? 0) + n;
      writeFileSync(
        process.env.FUZZ_REPORT,
        JSON.stringify({ runs: RUNS, seed: SEED, seconds: Math.round((performance.now() - t0) / 100) / 10, crashes: 0, responses5xx: 0, byStatus, byKindAndStatus: Object.fromEntries([...counts].sort()) }, null, 2) + '\n',
      );
    }
  }, 3_600_000);
});
