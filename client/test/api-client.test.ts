import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addMember,
  changePassword,
  createPlan,
  currentCsrfToken,
  getBins,
  getPlan,
  getSession,
  listMembers,
  login,
  logout,
  onUnauthenticated,
  removeMember,
  revokeToken,
  setCsrfToken,
  switchSpace,
  uploadReadingsCsv,
  waitForPlan,
} from '../src/api/api-client.js';
import {
  ApiError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  InvalidInputError,
  InvalidProblemError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnexpectedResponseError,
  parseRetryAfter,
} from '../src/api/api-error.js';
import type { ErrorCode, PlanDto, SessionDto } from '../../server/contract/index.js';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function stubFetch(...responses: (Response | Error)[]): ReturnType<typeof vi.fn> {
  const fetchMock = vi.fn(async () => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected extra fetch');
    if (next instanceof Error) throw next;
    return next;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const PLAN: PlanDto = {
  id: 'p1',
  date: '2026-11-28',
  status: 'running',
  createdAt: '2026-11-28T05:00:00Z',
  error: null,
  notice: null,
  noticeCode: null,
  noticeParams: {},
  dayStatus: null,
  publishedAt: null,
  shortfall: null,
  options: { overtimeMin: 0, selection: 'decisions', horizonRiskPercent: 5 },
  reproducible: false,
  resumed: 0,
  summary: null,
  routes: [],
  unassigned: [],
  forcedBins: [],
};

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onUnauthenticated(null);
});

const SPACE = { id: 'monaco', name: 'Principauté de Monaco', kind: 'commune' as const, communes: ['Monaco'], timeZone: 'Europe/Monaco' };
const SESSION: SessionDto = {
  user: { id: 'u1', username: 'manager@monaco', displayName: 'Gestionnaire (Principauté de Monaco)' },
  space: SPACE,
  role: 'manager',
  vehicleId: null,
  permissions: ['bins:read', 'readings:read', 'readings:write', 'plans:read', 'plans:write'],
  memberships: [{ space: SPACE, role: 'manager' }],
  csrfToken: 'csrf-abc',
  expiresAt: '2026-11-28T18:00:00Z',
};

/** The method, URL and headers of the n-th fetch call. */
function call(fetchMock: ReturnType<typeof vi.fn>, n = 0): { url: string; method: string; headers: Headers; init: RequestInit } {
  const [url, init] = fetchMock.mock.calls[n] as unknown as [string, RequestInit];
  return { url, method: String(init.method), headers: new Headers(init.headers), init };
}

const unauthenticated = (): Response => jsonResponse(401, { error: { code: 'unauthenticated', message: 'sign in first' } });

describe('api error mapping', () => {
  const cases: [ErrorCode, number, new (...args: never[]) => ApiError][] = [
    ['invalid_input', 400, InvalidInputError],
    ['not_found', 404, NotFoundError],
    ['conflict', 409, ConflictError],
    ['invalid_problem', 422, InvalidProblemError],
    ['payload_too_large', 413, PayloadTooLargeError],
    ['internal', 500, InternalServerError],
  ];

  it.each(cases)('maps the %s envelope (HTTP %i) to its ApiError subclass', async (code, status, errorClass) => {
    stubFetch(jsonResponse(status, { error: { code, message: `boom ${code}` } }));
    const error = await getPlan('p1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code, status, message: `boom ${code}` });
  });

  it('keeps every issue of an invalid_input envelope with its path', async () => {
    const issues = [
      { path: 'date', message: 'Invalid ISO date' },
      { path: 'extra', message: 'Unrecognized key' },
    ];
    stubFetch(jsonResponse(400, { error: { code: 'invalid_input', message: '2 problems', issues } }));
    const error = await createPlan('2026-02-30').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as ApiError).issues).toEqual(issues);
  });

  it('reports a non-envelope error body as UnexpectedResponseError with the status', async () => {
    stubFetch(new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await getBins().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as ApiError).status).toBe(502);
  });

  it('reports a network failure as UnexpectedResponseError with status 0', async () => {
    stubFetch(new TypeError('fetch failed'));
    const error = await getBins().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as ApiError).status).toBe(0);
  });

  it('rejects a 200 body that does not match the contract', async () => {
    stubFetch(jsonResponse(200, { type: 'FeatureCollection', features: [{ nope: true }] }));
    await expect(getBins()).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('api requests', () => {
  it('posts the date as JSON to /api/plans', async () => {
    const fetchMock = stubFetch(jsonResponse(202, { id: 'p9', status: 'queued' }));
    await expect(createPlan('2026-11-28')).resolves.toEqual({ id: 'p9', status: 'queued' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/plans');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ date: '2026-11-28' });
  });

  it('polls a plan until it is done, reporting each status, without waiting on the clock', async () => {
    stubFetch(jsonResponse(200, PLAN), jsonResponse(200, PLAN), jsonResponse(200, { ...PLAN, status: 'done' }));
    const statuses: string[] = [];
    const sleep = vi.fn(async () => undefined);
    const plan = await waitForPlan('p1', { sleep, onStatus: (p) => statuses.push(p.status) });
    expect(plan.status).toBe('done');
    expect(statuses).toEqual(['running', 'running', 'done']);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('gives up after maxPolls', async () => {
    stubFetch(jsonResponse(200, PLAN), jsonResponse(200, PLAN));
    await expect(waitForPlan('p1', { maxPolls: 2, sleep: async () => undefined })).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('session and CSRF', () => {
  it('keeps the csrfToken of the login answer and sends it as X-CSRF-Token with every write, never with a read', async () => {
    const fetchMock = stubFetch(
      jsonResponse(200, SESSION),
      jsonResponse(200, []),
      jsonResponse(202, { id: 'p9', status: 'queued' }),
      new Response(null, { status: 204 }),
      new Response(null, { status: 204 }),
      jsonResponse(201, { id: 'u2', username: 'agent', displayName: 'Agent', role: 'analyst', vehicleId: null }),
      new Response(null, { status: 204 }),
      jsonResponse(201, { inserted: 1, duplicates: 0, rejected: [], conflicts: 0, alerts: 0, truncated: false }),
    );
    await expect(login('manager@monaco', 'secret-password')).resolves.toEqual(SESSION);
    expect(currentCsrfToken()).toBe('csrf-abc');
    expect(call(fetchMock, 0).headers.get('x-csrf-token')).toBeNull();
    await listMembers();
    await createPlan('2026-11-28');
    await removeMember('u7');
    await revokeToken('t1');
    await addMember({ username: 'agent', displayName: 'Agent', role: 'analyst', vehicleId: null, password: 'long-enough-1' });
    await changePassword('old-password', 'new-password-1');
    await uploadReadingsCsv(new Blob(['bin_id,measured_at,fill_percent\n'], { type: 'text/csv' }));
    const sent = fetchMock.mock.calls.map((_c, i) => call(fetchMock, i));
    expect(sent.map((c) => [c.method, c.url, c.headers.get('x-csrf-token')])).toEqual([
      ['POST', '/api/session', null],
      ['GET', '/api/users', null],
      ['POST', '/api/plans', 'csrf-abc'],
      ['DELETE', '/api/users/u7', 'csrf-abc'],
      ['DELETE', '/api/tokens/t1', 'csrf-abc'],
      ['POST', '/api/users', 'csrf-abc'],
      ['PUT', '/api/session/password', 'csrf-abc'],
      ['POST', '/api/readings', 'csrf-abc'],
    ]);
    expect(sent[7]?.headers.get('content-type')).toBe('text/csv');
    expect(sent.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('takes the token from GET /api/session and from a space switch, and forgets it at logout', async () => {
    const fetchMock = stubFetch(jsonResponse(200, SESSION), jsonResponse(200, { ...SESSION, csrfToken: 'csrf-2' }), new Response(null, { status: 204 }));
    await getSession();
    expect(currentCsrfToken()).toBe('csrf-abc');
    await switchSpace('riviera');
    expect(call(fetchMock, 1).headers.get('x-csrf-token')).toBe('csrf-abc');
    expect(JSON.parse(String(call(fetchMock, 1).init.body))).toEqual({ spaceId: 'riviera' });
    expect(currentCsrfToken()).toBe('csrf-2');
    await logout();
    expect(call(fetchMock, 2).headers.get('x-csrf-token')).toBe('csrf-2');
    expect(currentCsrfToken()).toBeNull();
  });

  it('calls the unauthenticated handler on any 401 (and forgets the token), then throws UnauthenticatedError', async () => {
    setCsrfToken('csrf-abc');
    const handler = vi.fn();
    onUnauthenticated(handler);
    stubFetch(unauthenticated(), unauthenticated());
    await expect(getBins()).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(currentCsrfToken()).toBeNull();
    await expect(createPlan('2026-11-28')).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(handler).toHaveBeenCalledTimes(2);
  });

  it('does not call the handler for a wrong password, nor for the first "who is signed in?"', async () => {
    const handler = vi.fn();
    onUnauthenticated(handler);
    stubFetch(jsonResponse(401, { error: { code: 'unauthenticated', message: 'wrong username or password' } }), unauthenticated());
    await expect(login('manager@monaco', 'wrong')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(getSession()).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(handler).not.toHaveBeenCalled();
    expect(currentCsrfToken()).toBeNull();
  });

  it('does not call the handler for a 403 (a missing CSRF token or a role that may not)', async () => {
    const handler = vi.fn();
    onUnauthenticated(handler);
    stubFetch(jsonResponse(403, { error: { code: 'forbidden', message: 'missing or wrong X-CSRF-Token header' } }));
    await expect(createPlan('2026-11-28')).rejects.toBeInstanceOf(ForbiddenError);
    expect(handler).not.toHaveBeenCalled();
  });

  it('reads the wait of a 429 from Retry-After', async () => {
    stubFetch(new Response(JSON.stringify({ error: { code: 'too_many_requests', message: 'too many failed logins' } }), { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '900' } }));
    const error = await login('manager@monaco', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as ApiError).retryAfterS).toBe(900);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-28T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:02:30 GMT', now)).toBe(150);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
