import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, SiteListSchema } from '../contract/index.js';
import { insertRows, memoryDb, siteRow, startApp, type Running, TEST_SPACE } from './helpers.js';

let run: Running;

beforeAll(async () => {
  const db = memoryDb();
  insertRows(db, { sites: [siteRow(), siteRow({ id: 'disposal-uirum', kind: 'disposal', name: 'UIRUM', lng: 7.4199, lat: 43.7325, serviceSec: 1200 })] });
  run = await startApp(db);
  // A route that fails with an internal error mentioning SQL and a path.
  run.app.ctx.spaces.get(TEST_SPACE).plans.get = () => {
    throw new Error('SQLITE_ERROR near "SELEC": /work/main/server/src/db/x.ts');
  };
});
afterAll(() => run.close());

describe('API errors', () => {
  it('answers an unknown /api path with a 404 envelope', async () => {
    const res = await run.fetch(`/api/nope?x=1`);
    expect(res.status).toBe(404);
    expect(ErrorEnvelopeSchema.parse(await res.json())).toEqual({ error: { code: 'not_found', message: 'no route GET /api/nope' } });
  });

  it('answers a 500 without stack, SQL or paths', async () => {
    const res = await run.fetch(`/api/plans/abc`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(text).not.toMatch(/SQL|\/work|at /);
  });

  it('lists the depot and disposal sites', async () => {
    const res = await run.fetch(`/api/sites`);
    expect(SiteListSchema.parse(await res.json())).toEqual([
      { id: 'depot-fontvieille', kind: 'depot', name: 'Dépôt Fontvieille', lngLat: [7.4155, 43.7305] },
      { id: 'disposal-uirum', kind: 'disposal', name: 'UIRUM', lngLat: [7.4199, 43.7325] },
    ]);
  });

  it('serves roads with an ETag and answers 304 when it matches', async () => {
    const res = await run.fetch(`/api/roads`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(res.headers.get('cache-control')).toContain('max-age');
    expect(((await res.json()) as { type: string }).type).toBe('FeatureCollection');
    const again = await run.fetch(`/api/roads`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});
