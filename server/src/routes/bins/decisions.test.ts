import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinDecisionSchema, DecisionListSchema, ErrorEnvelopeSchema } from '../../../contract/index.js';
import { binRow, insertRows, memoryDb, NOW, risingHistory, startApp, type Running } from '../../../test/helpers.js';

let run: Running;


beforeAll(async () => {
  const db = memoryDb();
  const peers = Array.from({ length: 6 }, (_, i) => `P${i}`);
  insertRows(db, {
    bins: [...['FULL', 'HALF', 'LOW', 'NONE'], ...peers].map((id) => binRow({ id })),
    readings: [...risingHistory('FULL', 85, 10), ...risingHistory('HALF', 50, 10), ...risingHistory('LOW', 20, 4), ...peers.flatMap((p) => risingHistory(p, 40, 10))],
  });
  run = await startApp(db);
});
afterAll(() => run.close());

describe('GET /api/bins/decisions', () => {
  it('says must, may or skip for every bin with the reason in words and numbers', async () => {
    const res = await run.fetch(`/api/bins/decisions?date=2026-11-28&next=2026-11-30`);
    expect(res.status).toBe(200);
    const body = DecisionListSchema.parse(await res.json());
    const by = new Map(body.decisions.map((d) => [d.binId, d]));
    expect(by.get('FULL')!.decision).toBe('must');
    expect(by.get('FULL')!.reason).toMatch(/^must: \d+% expected by Mon 30\/11 12:00 \(next chance; 90% bound \d+%\)/);
    expect(by.get('FULL')!.nextChanceAt).toBe('2026-11-30T11:00:00.000Z');
    expect(by.get('HALF')!.decision).toBe('may');
    expect(by.get('LOW')!.decision).toBe('skip');
    // 4 days at 4 %/day, pulled towards its H3 cell's 10 %/day.
    expect(by.get('LOW')!.reason).toMatch(/fills [4-8]\.\d%\/day ±[\d.]+ \(shrunk to cell:89[0-9a-f]+ median, \d+% own\)/);
    expect(by.get('NONE')).toMatchObject({ decision: 'skip', reason: 'skip: no reading before Sat 28/11 12:00', lastFillPercent: null });
    expect(body.counts.must + body.counts.may + body.counts.skip).toBe(10);
  });

  it('defaults the next chance to the day after and gives one bin on its own path', async () => {
    const res = await run.fetch(`/api/bins/HALF/decision?date=2026-11-28`);
    expect(res.status).toBe(200);
    const d = BinDecisionSchema.parse(await res.json());
    expect(d.nextChanceAt).toBe('2026-11-29T11:00:00.000Z');
    expect(d.decision).toBe('skip');
  });

  it('decides for today (the app clock, Europe/Monaco) when no date is given', async () => {
    const dated = await (await run.fetch(`/api/bins/HALF/decision?date=${NOW.toISOString().slice(0, 10)}`)).json();
    const res = await run.fetch(`/api/bins/HALF/decision`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(dated);
  });

  it('answers 400 for a bad date, a next date before the date or a risk outside (0, 50), and 404 for an unknown bin', async () => {
    const bad = await run.fetch(`/api/bins/decisions?date=tomorrow&riskPercent=60`);
    expect(bad.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await bad.json()).error.issues?.map((i) => i.path)).toEqual(['date', 'riskPercent']);
    const before = await run.fetch(`/api/bins/decisions?date=2026-11-28&next=2026-11-27`);
    expect(before.status).toBe(400);
    const missing = await run.fetch(`/api/bins/NOPE/decision?date=2026-11-28`);
    expect(missing.status).toBe(404);
  });
});
