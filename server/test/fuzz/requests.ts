/**
 * Generated and mutated HTTP requests across every endpoint of the API, for the fuzz test:
 * valid requests, valid requests with one thing broken (a byte flipped, a body cut short, a
 * field of the wrong type, an extreme date, odd Unicode), wrong content types and encodings,
 * corrupt and truncated gzip, huge lines, deep JSON, random bytes and random paths.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';

/** One request to send. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** What the generator meant to exercise (for the report). */
  kind: string;
}

/**
 * Who sends a request: the signed-in admin (cookie and CSRF token), the admin without the CSRF
 * token or with a wrong one, nobody, a forged cookie, a gateway token, a revoked or made-up token.
 */
export function fuzzCredentials(
  admin: { cookie: string; csrf: string },
  tokens: { live: string; revoked: string },
  driver?: { cookie: string; csrf: string },
): fc.Arbitrary<{ who: string; headers: Record<string, string> }> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant({ who: 'admin', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } }) },
    ...(driver ? [{ weight: 3, arbitrary: fc.constant({ who: 'driver', headers: { cookie: driver.cookie, 'x-csrf-token': driver.csrf } }) }] : []),
    { weight: 1, arbitrary: fc.constant({ who: 'admin-no-csrf', headers: { cookie: admin.cookie } }) },
    { weight: 1, arbitrary: fc.constant({ who: 'admin-bad-csrf', headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' } }) },
    { weight: 1, arbitrary: fc.constant({ who: 'anonymous', headers: {} }) },
    { weight: 1, arbitrary: fc.constant({ who: 'forged-cookie', headers: { cookie: 'collecte_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }) },
    { weight: 2, arbitrary: fc.constant({ who: 'token', headers: { authorization: `Bearer ${tokens.live}` } }) },
    { weight: 1, arbitrary: fc.constant({ who: 'revoked-token', headers: { authorization: `Bearer ${tokens.revoked}` } }) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer clt_forged', 'bearer x y').map((a) => ({ who: 'bad-authorization', headers: { authorization: a } })) },
  );
}

/** Ids the requests use: real ones (from the fixture) and made-up ones. */
export interface FuzzIds {
  bins: readonly string[];
  plans: () => readonly string[];
  routes: readonly string[];
}

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800', // lone surrogate
  '\u202Eevil', // right-to-left override
  'B\u200B0001', // zero-width space
  '💥🗑️',
  'ÉÈÊ çà',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  "'; DROP TABLE readings; --",
  '<script>alert(1)</script>',
  'x'.repeat(300),
  'a'.repeat(70_000),
];

const EXTREME_INSTANTS = [
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '2000-01-01T00:00:00Z',
  '2026-11-28T08:04:59Z',
  '2026-11-28T08:05:01Z',
  '2026-02-30T10:00:00Z',
  '2026-11-27T25:61:00Z',
  '2026-11-27T06:00:00',
  '2026-11-27T06:00:00+14:00',
  '2026-11-27T06:00:00.123456789Z',
  'yesterday',
  '1732690800',
];

const ODD_NUMBERS: unknown[] = [0, -0, 100, 100.0001, 150, 150.0001, -1, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER, '50', '0x10', '1e2', null, true, [], {}, 'NaN', 'Infinity'];

const oddString = fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const instant = fc.oneof(fc.constantFrom(...EXTREME_INSTANTS), fc.date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()));
const oddValue: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...ODD_NUMBERS), oddString, fc.double(), fc.integer());

/** A byte string with one of a few mutations applied: truncate, flip bytes, insert junk, repeat. */
function mutate(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.constant(bytes),
    fc.nat({ max: Math.max(0, bytes.length - 1) }).map((n) => bytes.subarray(0, n)),
    fc.array(fc.tuple(fc.nat({ max: Math.max(0, bytes.length - 1) }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
      const out = Uint8Array.from(bytes);
      for (const [i, v] of flips) if (i < out.length) out[i] = v;
      return out;
    }),
    fc.tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([i, junk]) => Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(i)])),
  );
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** Percent-encodes every byte of the UTF-8 form but the unreserved ones (a lone surrogate becomes U+FFFD). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** A reading as JSON batches carry it, mostly valid, sometimes with one odd field. */
function reading(ids: FuzzIds): fc.Arbitrary<Record<string, unknown>> {
  const good = fc.record({
    binId: fc.constantFrom(...ids.bins),
    measuredAt: fc.date({ min: new Date('2026-10-01'), max: new Date('2026-11-28T08:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
    fillPercent: fc.double({ min: 0, max: 150, noNaN: true }),
  });
  return fc.oneof(
    { weight: 3, arbitrary: good },
    { weight: 1, arbitrary: fc.tuple(good, fc.constantFrom('binId', 'measuredAt', 'fillPercent', 'extra'), fc.oneof(oddValue, instant)).map(([r, k, v]) => ({ ...r, [k]: v })) },
    { weight: 1, arbitrary: fc.tuple(good, fc.constantFrom('binId', 'measuredAt', 'fillPercent')).map(([r, k]) => Object.fromEntries(Object.entries(r).filter(([x]) => x !== k))) },
  );
}

/** A FIWARE WasteContainer entity in key-values, normalized or NGSI-LD form, with odd parts. */
function entity(ids: FuzzIds): fc.Arbitrary<unknown> {
  const id = fc.oneof(fc.constantFrom(...ids.bins).map((b) => `urn:ngsi-ld:WasteContainer:${b}`), fc.constantFrom(...ids.bins), oddString);
  const level = fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), oddValue);
  const time = fc.oneof(instant, oddValue);
  return fc.oneof(
    fc.record({ id, type: fc.constantFrom('WasteContainer', 'Vehicle', 'wastecontainer'), fillingLevel: level, dateModified: time, status: fc.oneof(fc.constantFrom('ok', 'burning', 'dropped', 'lidOpen'), oddString) }, { requiredKeys: ['id'] }),
    fc.record({ id, type: fc.constant('WasteContainer'), fillingLevel: fc.record({ type: fc.constant('Property'), value: level, observedAt: time }) }),
    fc.record({ id, type: fc.constant('WasteContainer'), fillingLevel: fc.record({ type: fc.constant('Number'), value: level, metadata: fc.record({ timestamp: fc.record({ type: fc.constant('DateTime'), value: time }) }) }) }),
    fc.record({ id, type: fc.constant('WasteContainer'), fillingLevel: level, timeInstant: fc.record({ type: fc.constant('Property'), value: fc.record({ '@type': fc.constant('DateTime'), '@value': time }) }) }),
    oddValue,
  );
}

/** A CSV upload body (before any gzip), mostly valid rows with odd ones. */
function csv(ids: FuzzIds): fc.Arbitrary<string> {
  const row = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ids.bins), instant, fc.double({ min: 0, max: 160, noNaN: true })).map(([b, t, f]) => `${b},${t},${f}`) },
    { weight: 1, arbitrary: fc.tuple(oddString, oddString, fc.constantFrom('0x10', '1e2', '64,5', '"12"', '', '-3', '99.')).map(([a, b, c]) => `${a},${b},${c}`) },
    { weight: 1, arbitrary: oddString },
  );
  const header = fc.constantFrom('bin_id,measured_at,fill_percent', 'fillPercent,binId,measuredAt', '\uFEFFbin_id;measured_at;fill_percent', 'bin,when,fill', '', '"bin_id","measured_at","fill_percent"');
  return fc.tuple(header, fc.array(row, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r')).map(([h, rows, eol]) => [h, ...rows].join(eol));
}

/** JSON nested `depth` levels deep. */
const deepJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** The request generator (see the file comment). */
export function fuzzRequests(ids: FuzzIds): fc.Arbitrary<FuzzRequest> {
  const plan = fc.oneof(fc.constant(null), oddString).map((odd) => (odd === null ? (ids.plans()[0] ?? 'no-plan') : pct(odd)));
  const anyPlanId = fc.oneof(plan, fc.uuid(), oddString.map((s) => pct(s)));
  const query = (pairs: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> =>
    fc.record(pairs, { requiredKeys: [] }).map((q) => {
      const s = new URLSearchParams(q as Record<string, string>).toString();
      return s ? `?${s}` : '';
    });
  const date = fc.oneof(fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), instant, oddString);
  const json = (kind: string, method: string, path: string, body: fc.Arbitrary<unknown>): fc.Arbitrary<FuzzRequest> =>
    body.chain((b) => mutate(utf8(JSON.stringify(b) ?? 'null')).map((bytes) => ({ kind, method, path, headers: { 'content-type': 'application/json' }, body: bytes })));

  const gets: fc.Arbitrary<FuzzRequest> = fc.oneof(
    fc.constantFrom('/api/bins', '/api/cells', '/api/roads', '/api/sites', '/api/health', '/api/plans', '/api/alerts', '/api/readings/alerts', '/api/session', '/api/space', '/api/users', '/api/tokens', '/api/audit', '/api/openapi.json', '/api/docs').map((path) => ({ kind: 'get', method: 'GET', path, headers: {} })),
    query({ date, next: date, riskPercent: fc.oneof(fc.double().map(String), oddString) }).map((q) => ({ kind: 'decisions', method: 'GET', path: `/api/bins/decisions${q}`, headers: {} })),
    fc.tuple(fc.oneof(fc.constantFrom(...ids.bins), oddString.map((s) => pct(s))), query({ date })).map(([b, q]) => ({ kind: 'decision', method: 'GET', path: `/api/bins/${b}/decision${q}`, headers: {} })),
    query({ since: instant, limit: fc.oneof(fc.integer().map(String), oddString) }).map((q) => ({ kind: 'alerts', method: 'GET', path: `/api/alerts${q}`, headers: {} })),
    query({ date }).map((q) => ({ kind: 'plan-list', method: 'GET', path: `/api/plans${q}`, headers: {} })),
    fc.tuple(anyPlanId, query({ format: fc.oneof(fc.constantFrom('json', 'geojson'), oddString) })).map(([p, q]) => ({ kind: 'plan', method: 'GET', path: `/api/plans/${p}${q}`, headers: {} })),
    fc.tuple(anyPlanId, fc.oneof(fc.constantFrom(...ids.routes), oddString.map((s) => pct(s))), query({ lang: fc.oneof(fc.constantFrom('fr', 'en'), oddString) })).map(([p, r, q]) => ({
      kind: 'instructions',
      method: 'GET',
      path: `/api/plans/${p}/routes/${r}/instructions${q}`,
      headers: {},
    })),
    anyPlanId.map((p) => ({ kind: 'events', method: 'GET', path: `/api/plans/${p}/events`, headers: {} })),
    anyPlanId.map((p) => ({ kind: 'progress', method: 'GET', path: `/api/plans/${p}/progress`, headers: {} })),
    query({ lang: fc.oneof(fc.constantFrom('fr', 'en'), oddString) }).map((q) => ({ kind: 'round-today', method: 'GET', path: `/api/rounds/today${q}`, headers: {} })),
    fc.tuple(fc.constantFrom('/api/bins', '/api/plans', '/api/health'), fc.constantFrom('"abc"', '*', 'W/"x"', '"' + 'e'.repeat(500) + '"')).map(([path, etag]) => ({ kind: 'if-none-match', method: 'GET', path, headers: { 'if-none-match': etag } })),
  );

  const readings: fc.Arbitrary<FuzzRequest> = fc.oneof(
    json('readings-json', 'POST', '/api/readings', fc.array(reading(ids), { minLength: 0, maxLength: 20 })),
    json('readings-ngsi', 'POST', '/api/readings', fc.oneof(fc.array(entity(ids), { maxLength: 10 }), entity(ids), fc.record({ subscriptionId: fc.string(), data: fc.array(entity(ids), { maxLength: 10 }) }))),
    fc.tuple(fc.oneof(fc.array(entity(ids), { maxLength: 10 }), fc.record({ data: fc.array(entity(ids), { maxLength: 5 }) }))).chain(([b]) =>
      mutate(utf8(JSON.stringify(b))).map((body) => ({ kind: 'readings-ld', method: 'POST', path: '/api/readings', headers: { 'content-type': 'application/ld+json' }, body })),
    ),
    csv(ids).chain((text) => mutate(utf8(text)).map((body) => ({ kind: 'csv', method: 'POST', path: '/api/readings', headers: { 'content-type': 'text/csv' }, body }))),
    csv(ids).chain((text) =>
      mutate(gzipSync(utf8(text))).map((body) => ({ kind: 'csv-gzip', method: 'POST', path: '/api/readings', headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' }, body })),
    ),
    fc.tuple(fc.integer({ min: 5_000, max: 600_000 }), fc.boolean()).map(([n, newline]) => ({
      kind: 'csv-huge-line',
      method: 'POST',
      path: '/api/readings',
      headers: { 'content-type': 'text/csv' },
      body: utf8(`bin_id,measured_at,fill_percent\n${ids.bins[0]},2026-11-27T06:00:00Z,${'7'.repeat(n)}${newline ? '\n' : ''}`),
    })),
    fc.integer({ min: 1, max: 200_000 }).map((depth) => ({ kind: 'deep-json', method: 'POST', path: '/api/readings', headers: { 'content-type': 'application/json' }, body: utf8(deepJson(depth)) })),
    fc.integer({ min: 1, max: 100_000 }).map((depth) => ({ kind: 'deep-ld-json', method: 'POST', path: '/api/readings', headers: { 'content-type': 'application/ld+json' }, body: utf8(deepJson(depth)) })),
    fc.tuple(
      fc.constantFrom('application/json', 'text/csv', 'application/ld+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '', 'garbage/x;;=="'),
      fc.constantFrom('', 'gzip', 'deflate', 'br', 'identity', 'gzip, gzip', 'x-unknown'),
      fc.uint8Array({ maxLength: 2_000 }),
    ).map(([type, encoding, body]) => ({
      kind: 'random-bytes',
      method: 'POST',
      path: '/api/readings',
      headers: { ...(type ? { 'content-type': type } : {}), ...(encoding ? { 'content-encoding': encoding } : {}) },
      body,
    })),
  );

  const accounts: fc.Arbitrary<FuzzRequest> = fc.oneof(
    json('login', 'POST', '/api/session', fc.oneof(fc.record({ username: fc.oneof(fc.constantFrom('admin@test', 'nobody'), oddString), password: fc.oneof(oddString, fc.string()) }), oddValue)),
    json('switch-space', 'PUT', '/api/session/space', fc.oneof(fc.record({ spaceId: fc.oneof(fc.constantFrom('test', 'other', 'monaco'), oddString) }), oddValue)),
    json(
      'member-add',
      'POST',
      '/api/users',
      fc.oneof(
        fc.record({ username: oddString, displayName: oddString, role: fc.oneof(fc.constantFrom('admin', 'manager', 'driver', 'analyst'), oddString), vehicleId: fc.oneof(fc.constant(null), oddString), password: oddString }, { requiredKeys: [] }),
        oddValue,
      ),
    ),
    fc.tuple(fc.oneof(fc.uuid(), oddString.map((x) => pct(x))), fc.constantFrom('PATCH', 'DELETE')).chain(([id, method]) =>
      json('member-change', method, `/api/users/${id}`, fc.oneof(fc.record({ role: fc.oneof(fc.constantFrom('admin', 'analyst'), oddString), vehicleId: fc.constant(null) }), oddValue)),
    ),
    json('token-create', 'POST', '/api/tokens', fc.oneof(fc.record({ name: oddString, scopes: fc.array(fc.oneof(fc.constantFrom('readings:write', 'bins:read', 'users:admin'), oddString), { maxLength: 4 }) }), oddValue)),
    fc.oneof(fc.uuid(), oddString.map((x) => pct(x))).map((id) => ({ kind: 'token-revoke', method: 'DELETE', path: `/api/tokens/${id}`, headers: {} })),
    json('space-update', 'PATCH', '/api/space', fc.oneof(fc.record({ name: oddString, communes: fc.array(oddString, { maxLength: 3 }), timeZone: fc.oneof(fc.constantFrom('Europe/Paris', 'Mars/Olympus'), oddString) }), oddValue)),
  );

  const plans: fc.Arbitrary<FuzzRequest> = fc.oneof(
    json('plan-create', 'POST', '/api/plans', fc.oneof(fc.record({ date }), oddValue, fc.record({ date: oddValue }))),
    anyPlanId.map((p) => ({ kind: 'plan-cancel', method: 'POST', path: `/api/plans/${p}/cancel`, headers: {} })),
    anyPlanId.chain((planId) =>
      json(
        'reports',
        'POST',
        '/api/reports',
        fc.oneof(fc.record({ reports: fc.array(fc.record({ id: fc.uuid(), planId: fc.constant(planId), routeId: fc.constantFrom(...ids.routes), stepIndex: fc.integer({ min: -1, max: 30 }), outcome: fc.constantFrom('collected', 'not_collected', 'disposal_done', 'break_done'), at: instant }), { maxLength: 3 }) }), oddValue),
      ),
    ),
  );

  const strange: fc.Arbitrary<FuzzRequest> = fc.oneof(
    fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), oddString).map(([method, s]) => ({
      kind: 'random-path',
      method,
      path: `/api/${pct(s)}`,
      headers: {},
    })),
    fc.constantFrom('/api/bins/..%2f..%2fetc/passwd', '/api/%', '/api/bins/%E0%A4%A', '/api//plans', '/api/plans/' + 'p'.repeat(5000), '/%2e%2e/%2e%2e/server/src/app.ts').map((path) => ({
      kind: 'weird-path',
      method: 'GET',
      path,
      headers: {},
    })),
    fc.constantFrom('PUT', 'DELETE', 'PATCH').chain((method) =>
      fc.constantFrom('/api/bins', '/api/readings', '/api/plans', '/api/health').map((path) => ({ kind: 'wrong-method', method, path, headers: { 'content-type': 'application/json' }, body: utf8('{}') })),
    ),
  );

  return fc.oneof({ weight: 3, arbitrary: gets }, { weight: 5, arbitrary: readings }, { weight: 2, arbitrary: plans }, { weight: 2, arbitrary: accounts }, { weight: 1, arbitrary: strange });
}
