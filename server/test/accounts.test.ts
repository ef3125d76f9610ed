/**
 * People, sessions and tokens over HTTP: brute force is refused without locking the real user out,
 * sessions need their CSRF token for writes and end at logout and after a password change, tokens
 * are shown once and refused once revoked, the audit trail records it all, and the OpenAPI document
 * describes exactly the routes the server serves.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditListSchema, CreatedTokenSchema, ErrorEnvelopeSchema, SessionSchema, TokenListSchema } from '../contract/index.js';
import { FAILS_PER_USER_AND_IP, USER_AND_IP_BLOCK_S } from '../src/auth/login-limiter.js';
import { openApiPath } from '../src/http/openapi.js';
import { AuditLog } from '../src/auth/audit-log.js';
import { binRow, ensureUser, insertRows, memoryDb, signIn, startApp, TEST_PASSWORD, TEST_SPACE, vehicleRow, type Running } from './helpers.js';

let run: Running;

beforeAll(async () => {
  const db = memoryDb();
  insertRows(db, { bins: [binRow({ id: 'K1' })], vehicles: [vehicleRow()] });
  run = await startApp(db);
  for (const role of ['admin', 'manager', 'analyst'] as const) await ensureUser(db, `${role}@test`, role);
  await ensureUser(db, 'victim@test', 'manager');
  await ensureUser(db, 'both@test', 'analyst');
  await ensureUser(db, 'both@test', 'manager', 'other');
});
afterAll(() => run?.close());

/** POST /api/session from a given loopback address (127.0.0.x), as a second client would. */
function loginFrom(localAddress: string, username: string, password: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  const url = new URL(run.url);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/api/session', method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('brute force on the login', () => {
  it('refuses 100 wrong passwords in a row after the first few, and the real user still gets in (another address at once, this one after the cooldown)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 100; i++) {
        const r = await loginFrom('127.0.0.1', 'victim@test', `guess-${i}`);
        statuses.push(r.status);
        retryAfter ??= r.retryAfter;
      }
      expect(statuses.slice(0, FAILS_PER_USER_AND_IP)).toEqual(Array(FAILS_PER_USER_AND_IP).fill(401));
      expect(statuses.slice(FAILS_PER_USER_AND_IP)).toEqual(Array(100 - FAILS_PER_USER_AND_IP).fill(429));
      expect(Number(retryAfter)).toBeGreaterThan(USER_AND_IP_BLOCK_S - 60);
      // the right password from the attacked address is refused too while the block lasts (no guess gets checked)
      expect((await loginFrom('127.0.0.1', 'victim@test', TEST_PASSWORD)).status).toBe(429);
      // the real user from another address is not locked out
      expect((await loginFrom('127.0.0.2', 'victim@test', TEST_PASSWORD)).status).toBe(200);
      // and from the same address after the cooldown
      vi.setSystemTime(Date.now() + (USER_AND_IP_BLOCK_S + 60) * 1000);
      expect((await loginFrom('127.0.0.1', 'victim@test', TEST_PASSWORD)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    const audit = AuditListSchema.parse(await (await run.fetch('/api/audit?limit=5000')).json());
    expect(audit.filter((e) => e.action === 'login' && e.actorName === 'victim@test').length).toBeGreaterThanOrEqual(2);
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const unknown = ErrorEnvelopeSchema.parse(JSON.parse((await loginFrom('127.0.0.3', 'nobody@test', 'whatever-it-is')).body));
    const wrong = ErrorEnvelopeSchema.parse(JSON.parse((await loginFrom('127.0.0.3', 'analyst@test', 'whatever-it-is')).body));
    expect(unknown).toEqual(wrong);
    expect(wrong.error).toEqual({ code: 'unauthenticated', message: 'wrong username or password' });
  });
});

describe('sessions', () => {
  it('sets an httpOnly SameSite cookie, needs the CSRF token for writes, switches space, and ends at logout', async () => {
    const res = await fetch(`${run.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'both@test', password: TEST_PASSWORD }) });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^collecte_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const session = SessionSchema.parse(await res.json());
    expect(session.memberships.map((m) => [m.space.id, m.role])).toEqual([
      ['other', 'manager'],
      [TEST_SPACE, 'analyst'],
    ]);
    const cookie = setCookie.split(';')[0]!;
    const write = (headers: Record<string, string>) => fetch(`${run.url}/api/plans`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ date: '2026-11-29' }) });
    expect((await write({})).status).toBe(403);
    expect((await write({ 'x-csrf-token': 'forged' })).status).toBe(403);
    // in 'other' the user is a manager: the write passes (202)
    const switched = await fetch(`${run.url}/api/session/space`, {
      method: 'PUT',
      headers: { cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ spaceId: 'other' }),
    });
    expect(SessionSchema.parse(await switched.json())).toMatchObject({ role: 'manager', space: { id: 'other' } });
    expect((await write({ 'x-csrf-token': session.csrfToken })).status).toBe(202);
    const out = await fetch(`${run.url}/api/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': session.csrfToken } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/collecte_session=;.*Max-Age=0/i);
    expect((await fetch(`${run.url}/api/session`, { headers: { cookie } })).status).toBe(401);
  });

  it('changes a password only with the current one, and ends the other sessions', async () => {
    await ensureUser(run.db, 'changer@test', 'analyst');
    const first = await signIn(run.url, 'changer@test');
    const second = await signIn(run.url, 'changer@test');
    const bad = await first('/api/session/password', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'not it at all', newPassword: 'a new long password' }) });
    expect(bad.status).toBe(400);
    const ok = await first('/api/session/password', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'a new long password' }) });
    expect(ok.status).toBe(204);
    expect((await first('/api/session')).status).toBe(200);
    expect((await second('/api/session')).status).toBe(401);
    expect((await loginFrom('127.0.0.4', 'changer@test', 'a new long password')).status).toBe(200);
  });
});

describe('machine tokens', () => {
  it('shows a token once, lets a gateway post readings with it (no CSRF token needed), and refuses it once revoked', async () => {
    const created = CreatedTokenSchema.parse(
      await (await run.fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'LoRaWAN gateway', scopes: ['readings:write'] }) })).json(),
    );
    expect(created.token).toMatch(/^clt_[\w-]{40,}$/);
    const listed = TokenListSchema.parse(await (await run.fetch('/api/tokens')).json());
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed.find((t) => t.id === created.id)).toMatchObject({ name: 'LoRaWAN gateway', prefix: created.token.slice(0, 10), revokedAt: null });
    const post = (body: string, type: string) => fetch(`${run.url}/api/readings`, { method: 'POST', headers: { authorization: `Bearer ${created.token}`, 'content-type': type }, body });
    expect((await post(JSON.stringify([{ binId: 'K1', measuredAt: '2026-11-27T10:00:00Z', fillPercent: 12 }]), 'application/json')).status).toBe(201);
    expect((await post('bin_id,measured_at,fill_percent\nK1,2026-11-27T11:00:00Z,13\n', 'text/csv')).status).toBe(201);
    expect((await post(JSON.stringify({ id: 'K1', type: 'WasteContainer', fillingLevel: 0.14, dateModified: '2026-11-27T12:00:00Z' }), 'application/json')).status).toBe(201);
    // the scope is readings:write only
    expect((await fetch(`${run.url}/api/bins`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(403);
    expect((await run.fetch(`/api/tokens/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    const refused = await post(JSON.stringify([{ binId: 'K1', measuredAt: '2026-11-27T13:00:00Z', fillPercent: 15 }]), 'application/json');
    expect(refused.status).toBe(401);
    expect(ErrorEnvelopeSchema.parse(await refused.json()).error.message).toBe('the bearer token is unknown or revoked');
    const audit = AuditListSchema.parse(await (await run.fetch('/api/audit')).json());
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['token.create', 'token.revoke', 'readings.import']));
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });
});

describe('OpenAPI', () => {
  it('documents exactly the routes the server serves, each with its access rule, and serves a browsable page', async () => {
    const doc = (await (await fetch(`${run.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { security: unknown[]; 'x-permission': string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const served: string[] = [];
    const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]): void => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) served.push(`${m.toUpperCase()} ${openApiPath(layer.route.path)}`);
        else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack);
      }
    };
    walk((run.app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack);
    expect(served.filter((k) => k.includes('/api')).sort()).toEqual(documented);
    expect(doc.paths['/api/plans']!['post']!['x-permission']).toBe('plans:write');
    expect(doc.paths['/api/health']!['get']!.security).toEqual([]);
    const page = await fetch(`${run.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script: the CSP forbids it
    for (const src of [...html.matchAll(/(?:src|href)="(\/api\/docs[^"]+)"/g)].map((m) => m[1]!)) expect((await fetch(`${run.url}${src}`)).status).toBe(200);
  });
});

describe('audit retention', () => {
  it('deletes the events older than the retention and keeps the rest', () => {
    const db = memoryDb();
    insertRows(db, {});
    let now = new Date('2026-01-01T00:00:00Z');
    const log = new AuditLog(db, () => now, 30);
    log.record({ kind: 'system' }, TEST_SPACE, 'old event');
    now = new Date('2026-01-25T00:00:00Z');
    log.record({ kind: 'system' }, TEST_SPACE, 'recent event');
    now = new Date('2026-02-10T00:00:00Z'); // 40 days after the first, 16 after the second
    expect(log.purge()).toBe(1);
    expect(log.list(TEST_SPACE, '2000', 10).map((e) => e.action)).toEqual(['recent event']);
  });
});

describe('memberships', () => {
  it('opens the space a person last worked in, and gives an existing account a role in another space without its name or password', async () => {
    await ensureUser(run.db, 'roamer@test', 'analyst');
    const admin = await run.as('admin');
    // an existing username: no display name or password needed
    const added = await admin('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'roamer@test', role: 'manager', vehicleId: null }) });
    expect(added.status).toBe(409); // already a member here
    const otherAdmin = await run.as('admin', 'elsewhere');
    const elsewhere = await otherAdmin('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'roamer@test', role: 'manager', vehicleId: null }) });
    expect(elsewhere.status).toBe(201);
    const fresh = await otherAdmin('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'brand-new', role: 'analyst', vehicleId: null }) });
    expect(fresh.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await fresh.json()).error.issues?.map((i) => i.path)).toEqual(['displayName', 'password']);
    const roamer = await signIn(run.url, 'roamer@test');
    const first = SessionSchema.parse(await (await roamer('/api/session')).json());
    await roamer('/api/session/space', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spaceId: first.space.id === 'elsewhere' ? TEST_SPACE : 'elsewhere' }) });
    const again = SessionSchema.parse(await (await (await signIn(run.url, 'roamer@test'))('/api/session')).json());
    expect(again.space.id).not.toBe(first.space.id);
  });
});
