import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportInput } from '../../server/contract/driver.js';
import { getPlanProgress, postReports, roundTodayUrl, setCsrfToken } from '../src/api/api-client.js';
import { ConflictError, InvalidInputError, UnauthenticatedError, UnexpectedResponseError } from '../src/api/api-error.js';
import { setLanguage } from '../src/i18n/index.js';
import { classifySendError, refusalText } from '../src/views/driver-page.js';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const REPORT: ReportInput = { id: '6f1c1a5e-0b7e-4d53-9a55-3f0f1e2d9c11', planId: 'P1', routeId: 'R1', stepIndex: 1, outcome: 'collected', at: '2026-12-03T08:00:00.000Z' };

afterEach(() => {
  setLanguage('fr');
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('the driver’s calls', () => {
  it('posts the queued reports with the CSRF token and reads which were duplicates', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { results: [{ id: REPORT.id, status: 'duplicate' }] }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-1');
    const result = await postReports([REPORT]);
    expect(result.results).toEqual([{ id: REPORT.id, status: 'duplicate' }]);
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/reports');
    expect(new Headers(init.headers).get('x-csrf-token')).toBe('token-1');
    expect(JSON.parse(String(init.body))).toEqual({ reports: [REPORT] });
  });

  it('asks for the round in the dashboard’s language and refuses a progress answer that breaks the contract', async () => {
    expect(roundTodayUrl('en')).toBe('/api/rounds/today?lang=en');
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(200, { planId: 'P1', routes: 'nope' })));
    await expect(getPlanProgress('P1')).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('how the report queue treats a failed send', () => {
  it('retries without an answer, a 5xx or a 429; gives up on refused content; waits for a new sign-in on a 401', () => {
    expect(classifySendError(new UnexpectedResponseError('unexpected_response', 0, 'Network error'))).toEqual({ kind: 'retry' });
    expect(classifySendError(new UnexpectedResponseError('unexpected_response', 503, 'down'))).toEqual({ kind: 'retry' });
    expect(classifySendError(new InvalidInputError('invalid_input', 400, '1 problem'))).toMatchObject({ kind: 'refused', code: 'invalid_input' });
    expect(classifySendError(new ConflictError('conflict', 409, 'same id, other content'))).toMatchObject({ kind: 'refused', code: 'conflict' });
    expect(classifySendError(new UnauthenticatedError('unauthenticated', 401, 'signed out'))).toEqual({ kind: 'unauthenticated' });
  });
});

describe('why a report was refused, in the driver’s words', () => {
  it('says each stable issue code of the batch once, and falls back to the error text otherwise', () => {
    const error = new InvalidInputError('invalid_input', 400, '3 problems', [
      { path: 'reports[0].at', message: 'in the future', code: 'in_future' },
      { path: 'reports[1].at', message: 'in the future', code: 'in_future' },
      { path: 'reports[1].stepIndex', message: 'no such step', code: 'unknown_step' },
    ]);
    expect(refusalText(error)).toBe('l’heure de la tablette est en avance ; étape inconnue');
    setLanguage('en');
    expect(refusalText(error)).toBe('the tablet’s clock is ahead ; unknown step');
    setLanguage('fr');
    expect(refusalText(new InvalidInputError('invalid_input', 400, '1 problem', [{ path: 'reports[0].id', message: 'must be a UUID', code: 'invalid_format' }]))).toMatch(/^Certaines valeurs sont invalides\./);
    expect(classifySendError(new ConflictError('conflict', 409, 'other content', [{ path: 'reports[0].id', message: 'x', code: 'conflict' }]))).toEqual({ kind: 'refused', code: 'conflict', message: 'ce rapport a déjà été envoyé avec un autre contenu' });
  });
});
