/**
 * Issue #14, plans as jobs and their outputs, over HTTP on a small Monaco day: the Server-Sent
 * Events of a running plan (phase, best cost, elapsed time, current rounds), a cancelled plan
 * keeping its best plan so far (checker-clean), publishing and what drivers see, reproducing a
 * plan from its stored inputs, every export format's content, and the shortfall of a plan that
 * leaves mandatory bins out.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DayStatusChangedSchema,
  DriverRoundSchema,
  PlanCreatedSchema,
  PlanExportSummarySchema,
  PlanForecastSchema,
  PlanGeoJsonSchema,
  PlanProgressEventSchema,
  PlanRoundsEventSchema,
  PlanRouteSchema,
  PlanSchema,
  type PlanDto,
} from '../../../contract/index.js';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, TEST_SPACE, type Running } from '../../../test/helpers.js';
import { buildDayProblem, resolveDayProblem, type PlanInput } from '../../compute/plan-pipeline.js';
import type { Db } from '../../db/connection.js';
import { PlansRepository } from '../../db/repositories/plans-repository.js';
import { buildRoadContext, type RoadContext } from '../../services/road-context.js';
import { checkDayPlan } from '../../solver.js';

const DATE = '2026-11-28';
const POINTS: [string, number, number][] = [
  ['K1', 7.4246, 43.7384],
  ['K2', 7.4206, 43.7312],
  ['K3', 7.427, 43.7395],
  ['K4', 7.429, 43.742],
  ['K5', 7.4275, 43.746],
  ['K6', 7.4215, 43.7335],
];
const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
let road: RoadContext;

/** A small Monaco day: six bins forecast full (fills rising to `top` %), the given trucks. */
function cityDb(vehicles = [vehicleRow(), vehicleRow({ id: 'BOM-02', name: 'BOM 19 t' })], top = 85): Db {
  const db = memoryDb();
  const bins = POINTS.map(([id, lng, lat]) => binRow({ id, lng, lat }));
  insertRows(db, {
    bins,
    sites,
    vehicles,
    readings: bins.flatMap((b, i) => [0, 6, 12, 18].map((h, k) => readingRow(b.id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, top - 15 + 5 * k - i))),
  });
  return db;
}

beforeAll(() => {
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  road = buildRoadContext(osm, 'monaco-2016-03-05.osm.pbf', POINTS.map(([id, lng, lat]) => ({ id, lng, lat })), sites);
});

const json = { 'content-type': 'application/json' };
const postPlan = async (run: Running, body: Record<string, unknown>): Promise<string> => {
  const res = await run.fetch('/api/plans', { method: 'POST', headers: json, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return PlanCreatedSchema.parse(await res.json()).id;
};
const getPlan = async (run: Running, id: string): Promise<PlanDto> => PlanSchema.parse(await (await run.fetch(`/api/plans/${id}`)).json());
async function until(run: Running, id: string, statuses: string[]): Promise<PlanDto> {
  for (let i = 0; i < 2400; i++) {
    const plan = await getPlan(run, id);
    if (statuses.includes(plan.status)) return plan;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`plan ${id} never reached ${statuses.join('/')}`);
}

/** Server-Sent Events of a stream, read until `done` (or `stopWhen` says so). */
async function readEvents(res: Response, stopWhen: (events: { event: string; data: unknown }[]) => boolean = () => false): Promise<{ event: string; data: unknown }[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      events.push({ event, data: data === undefined ? null : JSON.parse(data) });
    }
    if (events.some((e) => e.event === 'done') || stopWhen(events)) {
      await reader.cancel();
      break;
    }
  }
  return events;
}

/** A small XML well-formedness check: every tag closes in order, one root, attributes quoted. */
function xmlElements(text: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const out: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const open: { name: string; attrs: Record<string, string>; text: string }[] = [];
  let roots = 0;
  const re = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(body)) !== null) {
    consumed = re.lastIndex;
    if (m[5] !== undefined) {
      if (stack.length === 0 && m[5].trim() !== '') throw new Error('text outside the root element');
      for (const e of open) e.text += m[5];
      continue;
    }
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
      open.pop();
      continue;
    }
    if (stack.length === 0) roots++;
    const attrs = Object.fromEntries([...(attrText ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    const el = { name: name!, attrs, text: '' };
    out.push(el);
    if (!selfClosing) {
      stack.push(name!);
      open.push(el);
    }
  }
  if (consumed !== body.length) throw new Error(`not XML at offset ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length > 0 || roots !== 1) throw new Error(`unclosed ${stack.join(', ')} or ${roots} roots`);
  return out;
}

describe('a plan as a job: events, cancel, reproduce, publish, exports', () => {
  let run: Running;
  let planId = '';
  let plan: PlanDto;
  beforeAll(async () => {
    run = await startApp(cityDb(), road, { solveIterations: 60 });
    planId = await postPlan(run, { date: DATE });
    plan = await until(run, planId, ['done', 'failed']);
  }, 120_000);
  afterAll(() => run?.close());

  it('finishes as a draft with stored inputs and no shortfall when the fleet suffices', () => {
    expect(plan.status).toBe('done');
    expect(plan.dayStatus).toBe('draft');
    expect(plan.reproducible).toBe(true);
    expect(plan.shortfall).toBeNull();
    expect(plan.routes.reduce((n, r) => n + r.binCount, 0)).toBe(POINTS.length);
  });

  it('gives the forecast the plan used for each bin, the one its problem was built from', async () => {
    const res = await run.fetch(`/api/plans/${planId}/forecast`);
    const body = PlanForecastSchema.parse(await res.json());
    const input = new PlansRepository(run.db, TEST_SPACE).inputs(planId) as PlanInput;
    expect(body.bins).toEqual(input.decisions.map((d) => ({ binId: d.binId, decision: d.decision, forecastFillPercent: d.expectedAtPlanPercent })));
    expect(body.bins.filter((b) => b.decision !== 'skip').map((b) => b.binId).sort()).toEqual(POINTS.map((p) => p[0]).sort());
    for (const b of body.bins) expect(b.forecastFillPercent).toBeGreaterThan(0);
  });

  it('reproduces a plan from its stored inputs: the same routes, stop for stop', async () => {
    const res = await run.fetch(`/api/plans/${planId}/reproduce`, { method: 'POST' });
    expect(res.status).toBe(202);
    const copy = await until(run, PlanCreatedSchema.parse(await res.json()).id, ['done', 'failed']);
    expect(copy.status).toBe('done');
    const shape = (p: PlanDto): unknown => p.routes.map((r) => [r.vehicleId, r.stops.map((s) => [s.binId, s.arrival])]);
    expect(shape(copy)).toEqual(shape(plan));
    expect(copy.summary?.cost).toBe(plan.summary?.cost);
    // a plan that never stored its inputs cannot be
    new PlansRepository(run.db, TEST_SPACE).create('old-plan', DATE, '2026-11-28T06:00:00Z');
    expect((await run.fetch('/api/plans/old-plan/reproduce', { method: 'POST' })).status).toBe(409);
  }, 120_000);

  it('exports the plan as GPX 1.1: one track per round on the streets, its bins as waypoints in order', async () => {
    const res = await run.fetch(`/api/plans/${planId}?format=gpx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/gpx\+xml/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=plan-${DATE}-${planId.slice(0, 8)}.gpx`);
    const els = xmlElements(await res.text());
    expect(els[0]?.name).toBe('gpx');
    expect(els[0]?.attrs).toMatchObject({ version: '1.1', xmlns: 'http://www.topografix.com/GPX/1/1' });
    const trks = els.filter((e) => e.name === 'trk');
    expect(trks.length).toBe(plan.routes.length);
    expect(els.filter((e) => e.name === 'trkpt').length).toBeGreaterThan(plan.routes.length * 2);
    const names = els.filter((e) => e.name === 'name').map((e) => e.text);
    const wptNames = names.filter((n) => /^r\d+-\d+ /.test(n));
    const expected = plan.routes.flatMap((r) => r.stops.filter((s) => s.kind === 'bin').map((s, k) => `${r.routeId}-${k + 1} ${s.binId}`));
    expect(wptNames).toEqual(expected);
    const wpts = els.filter((e) => e.name === 'wpt');
    expect(wpts.length).toBe(expected.length);
    for (const w of wpts) {
      expect(Number(w.attrs.lat)).toBeCloseTo(43.73, 1);
      expect(Number(w.attrs.lon)).toBeCloseTo(7.42, 1);
    }
  });

  it('exports the plan as CSV, one row per bin stop with round, sequence, bin id, address, arrival time and stream', async () => {
    const res = await run.fetch(`/api/plans/${planId}?format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=plan-${DATE}-${planId.slice(0, 8)}.csv`);
    const text = await res.text();
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual(['round', 'sequence', 'bin_id', 'address', 'arrival_time', 'stream']);
    const expected = plan.routes.flatMap((r) => r.stops.filter((s) => s.kind === 'bin').map((s, k) => [r.routeId, String(k + 1), s.binId, s.arrival, 'residual']));
    expect(rows.map((r) => [r.round, r.sequence, r.bin_id, r.arrival_time, r.stream])).toEqual(expected);
    for (const r of rows) expect(r.address).toMatch(/^43\.\d{5}, 7\.\d{5}$/);
  });

  it('gives one round as JSON, GeoJSON, GPX and CSV, and 404 for an unknown round', async () => {
    const r1 = plan.routes[0]!;
    const route = PlanRouteSchema.parse(await (await run.fetch(`/api/plans/${planId}/routes/${r1.routeId}`)).json());
    expect(route).toEqual(r1);
    const geo = PlanGeoJsonSchema.parse(await (await run.fetch(`/api/plans/${planId}/routes/${r1.routeId}?format=geojson`)).json());
    expect(new Set(geo.features.map((f) => f.properties.routeId))).toEqual(new Set([r1.routeId]));
    expect(geo.features.filter((f) => f.properties.kind === 'route').length).toBe(1);
    const gpx = xmlElements(await (await run.fetch(`/api/plans/${planId}/routes/${r1.routeId}?format=gpx`)).text());
    expect(gpx.filter((e) => e.name === 'trk').length).toBe(1);
    expect(gpx.filter((e) => e.name === 'wpt').length).toBe(r1.binCount);
    const csv = await run.fetch(`/api/plans/${planId}/routes/${r1.routeId}?format=csv`);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename=plan-${DATE}-${planId.slice(0, 8)}-${r1.routeId}.csv`);
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.bin_id)).toEqual(r1.stops.filter((s) => s.kind === 'bin').map((s) => s.binId));
    expect((await run.fetch(`/api/plans/${planId}/routes/r99?format=csv`)).status).toBe(404);
  });

  it('sums the plan per round (JSON and CSV) with the stored km, time, loads, trips and CO2', async () => {
    const summary = PlanExportSummarySchema.parse(await (await run.fetch(`/api/plans/${planId}/summary`)).json());
    expect(summary.rounds.map((r) => r.routeId)).toEqual(plan.routes.map((r) => r.routeId));
    plan.routes.forEach((r, k) => {
      const s = summary.rounds[k]!;
      expect(s.distanceKm).toBe(Math.round(r.distanceM / 100) / 10);
      expect(s.bins).toBe(r.binCount);
      expect(s.disposalTrips).toBe(r.disposalTrips);
      expect(s.collectedLitres).toBe(r.collectedLitres);
      expect(s.co2Kg).toBeCloseTo(2.5 * (r.distanceM / 1000), 0);
    });
    expect(summary.totals.bins).toBe(POINTS.length);
    const rows = parse(await (await run.fetch(`/api/plans/${planId}/summary?format=csv`)).text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.round)).toEqual([...plan.routes.map((r) => r.routeId), 'total']);
    expect(Number(rows.at(-1)!.bins)).toBe(POINTS.length);
  });

  it('shows drivers published plans only, and moves a plan forward through its day, never back', async () => {
    const driver = await run.as('driver');
    expect((await driver(`/api/round?date=${DATE}`)).status).toBe(404); // a draft never reaches drivers
    expect((await driver(`/api/plans/${planId}`)).status).toBe(403);
    expect((await run.fetch(`/api/plans/${planId}/day-status`, { method: 'POST', headers: json, body: JSON.stringify({ dayStatus: 'in_progress' }) })).status).toBe(409);
    const published = DayStatusChangedSchema.parse(await (await run.fetch(`/api/plans/${planId}/publish`, { method: 'POST' })).json());
    expect(published.dayStatus).toBe('published');
    expect(published.publishedAt).toBe('2026-11-28T08:00:00.000Z');
    expect((await run.fetch(`/api/plans/${planId}/publish`, { method: 'POST' })).status).toBe(409);
    const round = DriverRoundSchema.parse(await (await driver(`/api/round?date=${DATE}`)).json());
    expect(round.planId).toBe(planId);
    expect(round.route).toEqual(plan.routes.find((r) => r.vehicleId === 'BOM-01'));
    expect((await getPlan(run, planId)).dayStatus).toBe('published');
    for (const to of ['in_progress', 'done'] as const) {
      const res = await run.fetch(`/api/plans/${planId}/day-status`, { method: 'POST', headers: json, body: JSON.stringify({ dayStatus: to }) });
      expect(DayStatusChangedSchema.parse(await res.json()).dayStatus).toBe(to);
    }
    expect((await run.fetch(`/api/plans/${planId}/day-status`, { method: 'POST', headers: json, body: JSON.stringify({ dayStatus: 'published' }) })).status).toBe(409);
    expect((await driver(`/api/round?date=${DATE}`)).status).toBe(200); // a done day stays readable
  });
});

describe('a running plan: its events, and cancelling it', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startApp(cityDb(), road, { solveIterations: 400_000 });
  });
  afterAll(() => run?.close());

  it('streams phase, elapsed time, iteration and best cost, and the current rounds; cancelled, it keeps its best plan so far, checker-clean', async () => {
    const id = await postPlan(run, { date: DATE });
    const stream = await run.fetch(`/api/plans/${id}/events`);
    // read until the search has sent a rounds snapshot and a few progress reports
    const events = await readEvents(stream, (evs) => evs.some((e) => e.event === 'rounds') && evs.filter((e) => (e.data as { phase?: string } | null)?.phase === 'search').length >= 3);
    const progress = events.filter((e) => e.event === 'progress').map((e) => PlanProgressEventSchema.parse(e.data));
    const searching = progress.filter((p) => p.phase === 'search' && p.iteration !== undefined && p.iteration > 0);
    expect(searching.length).toBeGreaterThan(0);
    for (const p of searching) {
      expect(p.iterations).toBe(400_000);
      expect(p.bestCostEur).toBeGreaterThan(0);
      expect(p.elapsedS).toBeGreaterThanOrEqual(0);
    }
    const rounds = events.filter((e) => e.event === 'rounds').map((e) => PlanRoundsEventSchema.parse(e.data));
    expect(rounds[0]!.routes.flatMap((r) => r.coordinates).length).toBe(POINTS.length);
    for (const r of rounds[0]!.routes) expect(['BOM-01', 'BOM-02']).toContain(r.vehicleId);

    const done = run.fetch(`/api/plans/${id}/events`).then((r) => readEvents(r));
    expect((await run.fetch(`/api/plans/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    const last = (await done).at(-1)!;
    expect(last.event).toBe('done');
    expect(last.data).toMatchObject({ id, status: 'cancelled' });
    const kept = await getPlan(run, id);
    expect(kept.status).toBe('cancelled');
    expect(kept.dayStatus).toBe('draft');
    expect(kept.routes.reduce((n, r) => n + r.binCount, 0)).toBe(POINTS.length);
    // the kept plan passes the checker against the problem of its stored inputs
    const plans = run.app.ctx.spaces.get(TEST_SPACE).plans;
    const input = new PlansRepository(run.db, TEST_SPACE).inputs(id) as PlanInput;
    const { resolved } = resolveDayProblem(buildDayProblem(input), road);
    expect(checkDayPlan(resolved, plans.storedDayPlan(id))).toEqual([]);
  }, 180_000);
});

describe('when the fleet is short', () => {
  let run: Running;
  beforeAll(async () => {
    // one truck with a 40-minute shift: it cannot serve six full bins (with a disposal trip)
    run = await startApp(cityDb([vehicleRow({ shiftStart: '06:00', shiftEnd: '06:40' })], 110), road, { solveIterations: 40 });
  });
  afterAll(() => run?.close());

  it('says first how many mandatory bins are left out, the missing truck-hours, the areas and the most urgent bins, and re-plans with overtime', async () => {
    const plan = await until(run, await postPlan(run, { date: DATE }), ['done', 'failed']);
    expect(plan.status).toBe('done');
    const s = plan.shortfall!;
    expect(s).not.toBeNull();
    expect(s.code).toBe('mandatory_left_out');
    const left = plan.unassigned.map((u) => u.binId);
    expect(s.mandatoryLeftOut).toBe(left.length);
    expect(s.mandatoryLeftOut).toBeGreaterThan(0);
    expect(s.missingTruckHours).toBeGreaterThan(0);
    expect(s.areas.reduce((n, a) => n + a.bins, 0)).toBe(s.mandatoryLeftOut);
    expect(s.urgentBins.map((b) => b.binId).sort()).toEqual([...left].sort());
    const fills = s.urgentBins.map((b) => b.forecastFillPercent ?? -1);
    expect(fills).toEqual([...fills].sort((a, b) => b - a));
    expect(s.remedies.map((r) => r.code)).toEqual(['overtime', 'extra_vehicle', 'move_to_tomorrow']);
    const overtime = s.remedies.find((r) => r.code === 'overtime')!;

    const more = await until(run, await postPlan(run, { date: DATE, overtimeMin: 'overtimeMin' in overtime ? overtime.overtimeMin : 0 }), ['done', 'failed']);
    expect(more.options.overtimeMin).toBeGreaterThan(0);
    expect(more.unassigned.length).toBeLessThan(plan.unassigned.length);
  }, 180_000);
});
