import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinCollectionSchema, CellCollectionSchema, DecisionListSchema, ErrorEnvelopeSchema, HealthSchema } from '../contract/index.js';
import { binRow, insertRows, memoryDb, readingRow, signIn, siteRow, startApp, type Running, TEST_SPACE } from './helpers.js';

let run: Running;

beforeAll(async () => {
  const db = memoryDb();
  const bins = ['F1', 'F2', 'F3'].map((id) => binRow({ id }));
  const readings = bins.flatMap((b, i) => [0, 6, 12, 18].map((h) => readingRow(b.id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 20 + 15 * i + h)));
  insertRows(db, { bins, sites: [siteRow()], readings });
  run = await startApp(db);
});
afterAll(() => run.close());

/** A raw HTTP GET with any `Host` header (fetch does not let a caller set it). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(run.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('front door', () => {
  it('refuses a Host it does not answer for (DNS rebinding) with 421, and answers its loopback names', async () => {
    const evil = await getWithHost('/api/health', 'rebind.attacker.example:3000');
    expect(evil.status).toBe(421);
    expect(ErrorEnvelopeSchema.parse(JSON.parse(evil.body)).error).toEqual({ code: 'host_not_allowed', message: "this server does not answer for the host 'rebind.attacker.example:3000'" });
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:8080']) expect((await getWithHost('/api/health', host)).status).toBe(200);
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const res = await run.fetch(`/api/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers unknown /api paths with a JSON 404 whatever the method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await run.fetch(`/api/no/such/thing`, { method });
      expect(res.status).toBe(404);
      expect(ErrorEnvelopeSchema.parse(await res.json()).error).toEqual({ code: 'not_found', message: `no route ${method} /api/no/such/thing` });
    }
  });

  it('answers /api/health with the process and the plan queue', async () => {
    const res = await run.fetch(`/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const health = HealthSchema.parse(await res.json());
    expect(health).toMatchObject({ status: 'ok', pid: process.pid, plans: { queued: 0, running: 0, max: 4 } });
  });

  it('serves the bins gzip-compressed with an ETag, answers 304 to it and changes it when a reading arrives', async () => {
    const res = await run.fetch(`/api/bins`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(BinCollectionSchema.parse(await res.json()).features).toHaveLength(3);
    const same = await run.fetch(`/api/bins`, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    const post = await run.fetch(`/api/readings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ binId: 'F1', measuredAt: '2026-11-28T07:00:00Z', fillPercent: 77 }]),
    });
    expect(post.status).toBe(201);
    const changed = await run.fetch(`/api/bins`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    const f1 = BinCollectionSchema.parse(await changed.json()).features.find((f) => f.id === 'F1')!;
    expect(f1.properties).toMatchObject({ fillPercent: 77, measuredAt: '2026-11-28T07:00:00.000Z' });
  });

  it('compresses what a client that cannot read gzip gets in plain JSON only when it asks for it', async () => {
    const { cookie } = await signIn(run.url, 'admin@test');
    const plain = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const url = new URL(`${run.url}/api/bins`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { 'accept-encoding': 'identity', cookie } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(parts) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(plain.encoding).toBeUndefined();
    expect(BinCollectionSchema.parse(JSON.parse(plain.body.toString('utf8'))).features).toHaveLength(3);
    expect(() => gunzipSync(plain.body)).toThrow();
  });
});

describe('one forecast', () => {
  it('shows on the map, for every bin, the forecast its collection decision was made from', async () => {
    // the map serves today's latest decision set and refreshes it in the background after new
    // readings: wait for the data of the previous test to be in it
    await run.app.ctx.spaces.get(TEST_SPACE).decisions.decide('2026-11-28');
    const bins = BinCollectionSchema.parse(await (await run.fetch(`/api/bins`)).json());
    const decisions = DecisionListSchema.parse(await (await run.fetch(`/api/bins/decisions?date=2026-11-28`)).json());
    const byId = new Map(decisions.decisions.map((d) => [d.binId, d.expectedAtPlanPercent]));
    expect(bins.features.length).toBe(decisions.decisions.length);
    for (const f of bins.features) {
      expect(f.properties.forecastFillPercent).not.toBeNull();
      expect(f.properties.forecastFillPercent).toBe(byId.get(f.properties.id));
    }
    const cells = CellCollectionSchema.parse(await (await run.fetch(`/api/cells`)).json());
    for (const c of cells.features) {
      const inCell = bins.features.filter((f) => f.properties.h3Cell === c.properties.h3Cell).map((f) => f.properties.forecastFillPercent!);
      expect(c.properties.meanForecastPercent).toBeCloseTo(inCell.reduce((a, b) => a + b, 0) / inCell.length, 1);
    }
  });
});
