import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, HorizonSchema, type HorizonDto } from '../../../contract/index.js';
import { seedFromData } from '../../db/seed.js';
import { normalQuantile } from '../../solver.js';
import { nextDate, DEFAULT_DECISION_RISK_PERCENT } from '../../services/decision-service.js';
import { forecastsOf, HORIZON_FULL_PERCENT } from '../../services/horizon-service.js';
import { memoryDb, NOW, startApp, type ApiFetch, type Running } from '../../../test/helpers.js';

/** A Monday after the sample's readings (shifted to end within the week before NOW). */
const DATE = '2026-11-30';
const SPACE = 'monaco';
let run: Running;
let api: ApiFetch;

beforeAll(async () => {
  const db = memoryDb();
  await seedFromData(db, { dataDir: fileURLToPath(new URL('../../../../data/', import.meta.url)), now: NOW });
  run = await startApp(db);
  api = await run.as('analyst', SPACE);
}, 120_000);
afterAll(() => run.close());

async function horizon(risk: number): Promise<HorizonDto> {
  const res = await api(`/api/horizon?date=${DATE}&risk=${risk}`);
  expect(res.status).toBe(200);
  return HorizonSchema.parse(await res.json());
}

const dayOffset = (date: string): number => (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${DATE}T00:00:00Z`)) / 86_400_000;

describe('GET /api/horizon on the sample city', () => {
  it('plans the coming working days, Monday to Friday, with every planned area outlined and every bin explained', async () => {
    const h = await horizon(5);
    expect(h.days.map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08']);
    const cells = new Set(h.cells.map((c) => c.areaId));
    const binArea = new Map(h.bins.map((b) => [b.binId, b.areaId]));
    expect(h.bins.length).toBeGreaterThan(100);
    for (const d of h.days) {
      for (const v of d.visits) {
        expect(cells.has(v.areaId)).toBe(true);
        expect(v.binIds.length).toBeGreaterThan(0);
        for (const id of v.binIds) expect(binArea.get(id)).toBe(v.areaId);
      }
    }
    for (const c of h.cells) expect(c.boundary[0]).toEqual(c.boundary.at(-1));
    // today's bins are exactly the bins of today's visits
    expect(new Set(h.today)).toEqual(new Set(h.days[0]!.visits.flatMap((v) => v.binIds)));
    expect(h.today.length).toBeGreaterThan(0);
    for (const b of h.bins) {
      if (h.today.includes(b.binId)) expect(b.reason).toMatch(/^area visited today; reaches \d+ % \(95 % bound\) before its next visit on \w+ \d\d\/\d\d/);
      else expect(b.reason).toMatch(/^area (next visited|visited )/);
    }
    // each area's next visit is its first visit date
    for (const a of h.areas) expect(a.nextVisitDate).toBe(a.visitDates[0] ?? null);
  });

  it('takes today every bin whose forecast upper bound reaches full before its area’s next visit', async () => {
    const risk = 5;
    const h = await horizon(risk);
    const space = run.app.ctx.spaces.get(SPACE);
    const set = await space.decisions.decide(DATE, nextDate(DATE), DEFAULT_DECISION_RISK_PERCENT);
    const forecasts = forecastsOf(set, new Map(h.bins.map((b) => [b.binId, b.stream])));
    const z = normalQuantile(1 - risk / 100);
    const visits = new Map(h.areas.map((a) => [`${a.areaId}|${a.stream}`, a.visitDates]));
    const lastDay = h.days.at(-1)!.date;
    const today = new Set(h.today);
    let checked = 0;
    for (const b of h.bins) {
      if (today.has(b.binId)) continue;
      const next = visits.get(`${b.areaId}|${b.stream}`)!.find((d) => d > DATE) ?? lastDay;
      const f = forecasts.get(b.binId)!;
      const t = dayOffset(next);
      const upper = f.fillPercent + f.ratePercentPerDay * t + z * Math.sqrt(f.fillSdPercent ** 2 + (f.rateSdPercentPerDay * t) ** 2);
      expect(upper, `${b.binId} not taken today but reaches ${upper.toFixed(1)} % by ${next}`).toBeLessThan(HORIZON_FULL_PERCENT);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('takes at least as many bins today at a risk of 1 % as at 30 %', async () => {
    const careful = await horizon(1);
    const bold = await horizon(30);
    expect(careful.today.length).toBeGreaterThanOrEqual(bold.today.length);
    expect(careful.riskPercent).toBe(1);
  });

  it('answers 400 naming every problem for a bad date and a risk out of range', async () => {
    const res = await api('/api/horizon?date=2026-02-30&risk=41');
    expect(res.status).toBe(400);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues?.map((i) => i.path).sort()).toEqual(['date', 'risk']);
    expect(body.error.issues?.find((i) => i.path === 'risk')?.message).toBe('must be at most 40');
    const low = await api('/api/horizon?risk=0');
    expect(low.status).toBe(400);
  });
});
