/**
 * The analyst's desk over HTTP (issue #16): every aggregate computed from known readings,
 * collections and plan days of two weeks; CSV exports (comma and `;` with decimal commas); bad
 * input answered with one envelope naming each problem; roles (drivers refused) and spaces (a
 * space's desk never shows another's bins); open data readable by the space's readers, and by
 * anyone once published, with no field beyond the documented columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema } from '../../../contract/index.js';
import {
  BinHistorySchema,
  BreakdownSchema,
  CellStatsSchema,
  DailySeriesSchema,
  FillAtCollectionSchema,
  OPEN_DATA_COLUMNS,
  OpenDataCollectionSchema,
  OpenDataPropertiesSchema,
  PeriodComparisonSchema,
  RoundDaysSchema,
  StrategyComparisonSchema,
} from '../../../contract/desk.js';
import { HistoryRepository } from '../../db/repositories/history-repository.js';
import { binRow, insertRows, memoryDb, readingRow, startApp, vehicleRow, type Running } from '../../../test/helpers.js';

const A = 'test';
const B = 'other';
const FROM = '2026-11-16'; // a Monday
const TO = '2026-11-29'; // a Sunday
const Q = `from=${FROM}&to=${TO}`;
let run: Running;

/** Local date + days. */
const day = (k: number): string => new Date(Date.parse(`${FROM}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const db = memoryDb();
  // space A: R1 residual (fills 10 % a day from 0, readings at 11:00 UTC = 12:00 local), G1 glass
  // (always 100 %: overflowing every day), P1 packaging without readings
  const readings = [];
  for (let k = 0; k < 14; k++) {
    readings.push(readingRow('R1', `${day(k)}T11:00:00.000Z`, 10 * (k % 7)));
    readings.push(readingRow('G1', `${day(k)}T11:00:00.000Z`, 100));
  }
  // a reading at 23:30 UTC on the last day is the next local day (Monaco is UTC+1): outside the period
  readings.push(readingRow('R1', `${TO}T23:30:00.000Z`, 99));
  insertRows(db, {
    bins: [binRow({ id: 'R1', stream: 'residual' }), binRow({ id: 'G1', stream: 'glass', lng: 7.4206, lat: 43.7312 }), binRow({ id: 'P1', stream: 'packaging', lng: 7.427, lat: 43.7395 })],
    vehicles: [vehicleRow({ id: 'BOM-A' })],
    readings,
  }, A);
  insertRows(db, { bins: [binRow({ id: 'X1', stream: 'residual', lng: 7.43, lat: 43.75 })], vehicles: [vehicleRow({ id: 'BOM-B' })], readings: [readingRow('X1', `${day(3)}T11:00:00.000Z`, 55)] }, B);
  const h = new HistoryRepository(db, A);
  h.insertCollections([
    { binId: 'R1', collectedAt: `${day(6)}T09:00:00.000Z`, day: day(6), fillBeforePercent: 60, overflowed: false, source: 'sample' },
    { binId: 'R1', collectedAt: `${day(13)}T09:00:00.000Z`, day: day(13), fillBeforePercent: 35, overflowed: false, source: 'sample' },
    { binId: 'G1', collectedAt: `${day(8)}T09:00:00.000Z`, day: day(8), fillBeforePercent: 100, overflowed: true, source: 'sample' },
    // X1 is space B's: not stored in A
    { binId: 'X1', collectedAt: `${day(8)}T09:00:00.000Z`, day: day(8), fillBeforePercent: 50, overflowed: false, source: 'sample' },
  ]);
  h.setCommunes([{ binId: 'R1', commune: 'Monaco' }, { binId: 'G1', commune: 'Monaco' }, { binId: 'P1', commune: 'Fontvieille' }]);
  h.insertPlanDays([
    { day: day(6), routes: 1, km: 12.5, truckHours: 3.25, costEur: 405, co2Kg: 31.25, binsPlanned: 1, binsCollected: 1, source: 'sample' },
    { day: day(8), routes: 2, km: 20, truckHours: 4, costEur: 504, co2Kg: 50, binsPlanned: 2, binsCollected: 1, source: 'sample' },
  ]);
  run = await startApp(db);
});
afterAll(() => run?.close());

async function get<T>(path: string, schema: { parse(x: unknown): T }, role: 'analyst' | 'manager' = 'analyst'): Promise<T> {
  const res = await (await run.as(role, A))(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return schema.parse(await res.json());
}

describe('desk aggregates', () => {
  it('gives a bin its readings and collections of the period, in local days', async () => {
    const h = await get(`/api/desk/bins/R1/history?${Q}`, BinHistorySchema);
    expect(h.readings).toHaveLength(14); // the 23:30 UTC reading of the last day is already the next local day
    expect(h.collections.map((c) => c.fillBeforePercent)).toEqual([60, 35]);
    expect(h.period).toEqual({ from: FROM, to: TO, timeZone: 'Europe/Monaco' });
  });

  it('sums readings, mean fill, collections and overflow bin-days per day for the space and for a selection', async () => {
    const all = await get(`/api/desk/daily?${Q}`, DailySeriesSchema);
    expect(all.days).toHaveLength(14);
    expect(all.binCount).toBe(3);
    expect(all.days[0]).toEqual({ date: FROM, readings: 2, meanFillPercent: 50, collections: 0, overflowBinDays: 1 });
    expect(all.days[8]).toMatchObject({ date: day(8), collections: 1, overflowBinDays: 1 });
    const residual = await get(`/api/desk/daily?${Q}&stream=residual`, DailySeriesSchema);
    expect(residual.binCount).toBe(1);
    expect(residual.days.map((d) => d.meanFillPercent)).toEqual([0, 10, 20, 30, 40, 50, 60, 0, 10, 20, 30, 40, 50, 60]);
    const byIds = await get(`/api/desk/daily?${Q}&bins=G1`, DailySeriesSchema);
    expect(byIds.days.every((d) => d.overflowBinDays === 1 && d.meanFillPercent === 100)).toBe(true);
  });

  it('breaks the period down by stream, commune, weekday and weekday with stream', async () => {
    const stream = await get(`/api/desk/breakdown?${Q}&by=stream`, BreakdownSchema);
    expect(stream.rows.map((r) => [r.key, r.readings, r.meanFillPercent, r.collections, r.overflowBinDays])).toEqual([
      ['glass', 14, 100, 1, 14],
      ['residual', 14, 30, 2, 0],
    ]);
    const commune = await get(`/api/desk/breakdown?${Q}&by=commune`, BreakdownSchema);
    expect(commune.rows.map((r) => [r.commune, r.binCount])).toEqual([['Monaco', 2]]);
    const weekday = await get(`/api/desk/breakdown?${Q}&by=weekday_stream`, BreakdownSchema);
    expect(weekday.rows.find((r) => r.weekday === 7 && r.stream === 'residual')).toMatchObject({ readings: 2, meanFillPercent: 60, collections: 2 });
    expect(weekday.rows).toHaveLength(14);
  });

  it('aggregates bins into H3 hexagons of resolution 7 to 9 with their polygons', async () => {
    for (const res of [7, 8, 9]) {
      const c = await get(`/api/desk/cells?${Q}&resolution=${res}`, CellStatsSchema);
      expect(c.resolution).toBe(res);
      expect(c.features.reduce((s, f) => s + f.properties.binCount, 0)).toBe(3);
      expect(c.features.reduce((s, f) => s + f.properties.overflowBinDays, 0)).toBe(14);
      for (const f of c.features) expect(f.geometry.coordinates[0]!.length).toBeGreaterThanOrEqual(7);
    }
  });

  it("gives each day's plan km, hours, cost and CO2 beside its collections and overflow", async () => {
    const r = await get(`/api/desk/rounds?${Q}`, RoundDaysSchema);
    expect(r.days).toHaveLength(14);
    expect(r.days[6]).toEqual({ date: day(6), source: 'sample', routes: 1, km: 12.5, truckHours: 3.25, costEur: 405, co2Kg: 31.3, binsPlanned: 1, binsCollected: 1, collections: 1, overflowBinDays: 1 });
    expect(r.days[0]).toMatchObject({ source: null, km: 0 });
  });

  it('counts collections by fill class and stream, with the share made under half full', async () => {
    const f = await get(`/api/desk/fill-at-collection?${Q}`, FillAtCollectionSchema);
    expect(f.rows.filter((r) => r.collections > 0)).toEqual([
      { fillClass: '30-40', stream: 'residual', collections: 1 },
      { fillClass: '60-70', stream: 'residual', collections: 1 },
      { fillClass: 'overflow', stream: 'glass', collections: 1 },
    ]);
    expect(f.streams.find((s) => s.stream === 'residual')).toEqual({ stream: 'residual', collections: 2, meanFillPercent: 47.5, underHalfPercent: 50 });
  });

  it('compares two periods and lists simulated strategies', async () => {
    const c = await get(`/api/desk/compare?from=${FROM}&to=${day(6)}&otherFrom=${day(7)}&otherTo=${TO}`, PeriodComparisonSchema);
    expect(c.periods.map((p) => [p.days, p.km, p.collections, p.co2Kg])).toEqual([
      [7, 12.5, 1, 31],
      [7, 20, 2, 50],
    ]);
    const s = await get('/api/desk/strategies', StrategyComparisonSchema);
    expect(s.strategies.map((x) => x.label)).toEqual(['fixed-weekly', 'sensor']);
    expect(s.strategies[0]!.km).toBeGreaterThan(0);
  });
});

describe('desk exports', () => {
  it('exports a chart as CSV with a header and one row per day, and with ; and decimal commas for French spreadsheets', async () => {
    const api = await run.as('analyst', A);
    const comma = await api(`/api/desk/daily?${Q}&stream=residual&format=csv`);
    expect(comma.headers.get('content-type')).toContain('text/csv');
    const lines = (await comma.text()).trim().split('\r\n');
    expect(lines[0]).toBe('date,readings,mean_fill_percent,collections,overflow_bin_days');
    expect(lines).toHaveLength(15);
    const semi = await api(`/api/desk/rounds?${Q}&format=csv&sep=;`);
    const bytes = new Uint8Array(await semi.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a UTF-8 byte-order mark, for Excel
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('date;source;routes;km;truck_hours;cost_eur;co2_kg')).toBe(true);
    expect(text).toContain(`${day(6)};sample;1;12,5;3,25;405;31,3;1;1;1;1`);
  });
});

describe('desk input and access', () => {
  it('answers bad input with one envelope naming each problem', async () => {
    const api = await run.as('analyst', A);
    const res = await api('/api/desk/cells?resolution=6&from=2026-13-01&format=xml&sep=tab');
    expect(res.status).toBe(400);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues!.map((i) => i.path).sort()).toEqual(['format', 'from', 'resolution', 'sep']);
    const cmp = ErrorEnvelopeSchema.parse(await (await api(`/api/desk/compare?from=${TO}&to=${FROM}&otherFrom=${FROM}&otherTo=2028-01-01`)).json());
    expect(cmp.error.issues!.map((i) => i.path)).toEqual(['from', 'otherTo']);
    const missing = ErrorEnvelopeSchema.parse(await (await api('/api/desk/breakdown')).json());
    expect(missing.error.issues!.map((i) => i.path)).toEqual(['by']);
    expect(JSON.stringify(missing)).not.toMatch(/at .*\.ts|SELECT/);
  });

  it('refuses drivers, and lets managers read', async () => {
    const driver = await run.as('driver', A);
    expect((await driver(`/api/desk/daily?${Q}`)).status).toBe(403);
    expect((await driver(`/api/opendata/${A}/bins.csv`)).status).toBe(403);
    await get(`/api/desk/daily?${Q}`, DailySeriesSchema, 'manager');
  });

  it("never crosses a space: another space's bin is unknown, and its aggregates hold its own bins only", async () => {
    const b = await run.as('analyst', B);
    expect((await b(`/api/desk/bins/R1/history?${Q}`)).status).toBe(404);
    const daily = DailySeriesSchema.parse(await (await b(`/api/desk/daily?${Q}`)).json());
    expect(daily.binCount).toBe(1);
    expect(daily.days.reduce((s, d) => s + d.collections, 0)).toBe(0);
    expect(daily.days[3]!.meanFillPercent).toBe(55);
    const a = DailySeriesSchema.parse(await (await (await run.as('analyst', A))(`/api/desk/daily?${Q}&bins=X1`)).json());
    expect(a.binCount).toBe(0);
  });
});

describe('open data', () => {
  it('is readable by the space readers only until the space publishes it, then by anyone', async () => {
    expect((await fetch(`${run.url}/api/opendata/${A}/bins.geojson`)).status).toBe(401);
    expect((await (await run.as('analyst', B))(`/api/opendata/${A}/bins.geojson`)).status).toBe(403);
    expect((await fetch(`${run.url}/api/opendata/nowhere/bins.csv`)).status).toBe(404);
    const analyst = await run.as('analyst', A);
    expect((await analyst(`/api/opendata/${A}/bins.geojson`)).status).toBe(200);
    // an analyst may not publish; a manager may
    expect((await analyst('/api/desk/opendata', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ published: true }) })).status).toBe(403);
    const manager = await run.as('manager', A);
    const bad = await manager('/api/desk/opendata', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ published: 'yes' }) });
    expect(ErrorEnvelopeSchema.parse(await bad.json()).error.issues!.map((i) => i.path)).toEqual(['published']);
    const ok = await manager('/api/desk/opendata', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ published: true }) });
    expect(await ok.json()).toEqual({ published: true, geojsonUrl: `/api/opendata/${A}/bins.geojson`, csvUrl: `/api/opendata/${A}/bins.csv` });
    const geo = OpenDataCollectionSchema.parse(await (await fetch(`${run.url}/api/opendata/${A}/bins.geojson`)).json());
    expect(geo.features).toHaveLength(3);
    for (const f of geo.features) expect(Object.keys(f.properties).sort()).toEqual(Object.keys(OpenDataPropertiesSchema.shape).sort());
    const g1 = geo.features.find((f) => f.properties.id === 'G1')!;
    // the last 8 weeks up to today (NOW is 2026-11-28: the 29th is not counted yet)
    expect(g1.properties).toMatchObject({ stream: 'glass', period_end: '2026-11-28', readings: 13, mean_fill_percent: 100, overflow_days: 13, collections: 1, commune: 'Monaco' });
    const csv = (await (await fetch(`${run.url}/api/opendata/${A}/bins.csv?sep=;`)).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[0]!.split(';')).toEqual([...OPEN_DATA_COLUMNS]);
    expect(csv).toHaveLength(4);
    expect(csv.join('\n')).not.toMatch(/BOM-A|driver|vehicle/);
    await manager('/api/desk/opendata', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ published: false }) });
    expect((await fetch(`${run.url}/api/opendata/${A}/bins.csv`)).status).toBe(401);
  });
});

describe('desk freshness', () => {
  it('counts a reading sent after an answer (its aggregates are not served stale)', async () => {
    const before = await get(`/api/desk/daily?${Q}&bins=P1`, DailySeriesSchema);
    expect(before.days[2]!.readings).toBe(0);
    const manager = await run.as('manager', A);
    const res = await manager('/api/readings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ binId: 'P1', measuredAt: `${day(2)}T10:00:00Z`, fillPercent: 42 }]) });
    expect(res.status).toBe(201);
    const after = await get(`/api/desk/daily?${Q}&bins=P1`, DailySeriesSchema);
    expect(after.days[2]).toMatchObject({ readings: 1, meanFillPercent: 42 });
  });

  it("takes a day's figures from the plan it ran on (the latest published one) and the drivers' collected reports as collections", async () => {
    const db = run.db;
    const summary = (km: number): string => JSON.stringify({ distanceM: km * 1000, durationS: 3 * 3600, vehiclesUsed: 1, binsSelected: 2, binsRouted: 2, co2Kg: km * 2.5, disposalTrips: 1, breakS: 0, cost: 99, binsOptional: 0 });
    const plan = db.prepare(`INSERT INTO plans (id, space_id, date, status, created_at, summary, day_status) VALUES (?, ?, ?, 'done', ?, ?, ?)`);
    plan.run('p-old', A, day(8), '2026-11-24T05:00:00Z', summary(10), 'published');
    plan.run('p-run', A, day(8), '2026-11-24T06:00:00Z', summary(30), 'in_progress');
    plan.run('p-draft', A, day(8), '2026-11-24T07:00:00Z', summary(99), 'draft'); // never published: not the day's plan
    const report = db.prepare(
      `INSERT INTO driver_reports (id, space_id, plan_id, route_id, step_idx, bin_id, outcome, reason, fill_percent, at, received_at, by_name)
       VALUES (?, ?, 'p-run', 'r1', ?, ?, ?, ?, ?, ?, ?, 'Chauffeur')`,
    );
    report.run('d1', A, 1, 'P1', 'collected', null, 80, `${day(8)}T07:10:00.000Z`, `${day(8)}T07:10:01.000Z`);
    report.run('d2', A, 2, 'R1', 'collected', null, 55, `${day(8)}T07:20:00.000Z`, `${day(8)}T07:20:01.000Z`);
    report.run('d3', A, 2, 'R1', 'not_collected', 'access_blocked', null, `${day(8)}T07:25:00.000Z`, `${day(8)}T07:25:01.000Z`); // corrects d2
    run.app.ctx.spaces.get(A).data.bump(); // as the driver service does after storing reports
    const r = await get(`/api/desk/rounds?${Q}`, RoundDaysSchema);
    expect(r.days[8]).toMatchObject({ source: 'plan', km: 30, truckHours: 3, costEur: 99, co2Kg: 75, binsPlanned: 2, binsCollected: 2, collections: 2 });
    expect(r.days[6]).toMatchObject({ source: 'sample', km: 12.5 });
    const h = await get(`/api/desk/bins/P1/history?${Q}`, BinHistorySchema);
    expect(h.collections).toEqual([{ collectedAt: `${day(8)}T07:10:00.000Z`, fillBeforePercent: 80, overflowed: null, source: 'driver' }]);
    expect((await get(`/api/desk/bins/R1/history?${Q}`, BinHistorySchema)).collections.map((c) => c.source)).toEqual(['sample', 'sample']);
  });
});
