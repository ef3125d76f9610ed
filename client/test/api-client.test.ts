import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPlan, getBins, getPlan, waitForPlan } from '../src/api/api-client.js';
import {
  ApiError,
  ConflictError,
  InternalServerError,
  InvalidInputError,
  InvalidProblemError,
  NotFoundError,
  PayloadTooLargeError,
  UnexpectedResponseError,
} from '../src/api/api-error.js';
import type { ErrorCode, PlanDto } from '../../server/contract/index.js';

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
  resumed: 0,
  summary: null,
  routes: [],
  unassigned: [],
};

afterEach(() => {
  vi.unstubAllGlobals();
});

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
