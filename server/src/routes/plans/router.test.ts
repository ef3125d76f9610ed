import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, PlanCreatedSchema, PlanGeoJsonSchema, PlanListSchema, PlanSchema, RouteInstructionsSchema, type PlanDto } from '../../../contract/index.js';
import { buildRoadContext } from '../../services/road-context.js';
import { checkDayPlan, type Stream } from '../../solver.js';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, type Running, TEST_SPACE } from '../../../test/helpers.js';

const DATE = '2026-11-28';
/** Points on Monaco streets (and one at sea, which cannot be snapped). */
const FULL: [string, number, number, Stream][] = [
  ['M01', 7.4246, 43.7384, 'residual'],
  ['M02', 7.4206, 43.7312, 'residual'],
  ['M03', 7.4270, 43.7395, 'packaging'],
  ['M04', 7.4290, 43.7420, 'residual'],
  ['M05', 7.4275, 43.7460, 'glass'],
  ['M06', 7.4340, 43.7480, 'paper'],
  ['M07', 7.4180, 43.7330, 'biowaste'],
  ['M08', 7.4155, 43.7375, 'residual'],
  ['M09', 7.4230, 43.7330, 'packaging'],
  ['M10', 7.4210, 43.7360, 'residual'],
  ['SEA', 7.4300, 43.7250, 'residual'],
];
const LOW: [string, number, number, Stream][] = [
  ['L01', 7.4250, 43.7390, 'residual'],
  ['L02', 7.4200, 43.7340, 'glass'],
];

let run: Running;

beforeAll(async () => {
  const db = memoryDb();
  const bins = [...FULL, ...LOW].map(([id, lng, lat, stream]) => binRow({ id, lng, lat, stream }));
  const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai de transfert', lng: 7.4190, lat: 43.7320, serviceSec: 1200 })];
  const readings = [
    ...FULL.flatMap(([id]) => [0, 6, 12, 18].map((h, k) => readingRow(id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 60 + 5 * k))),
    ...LOW.flatMap(([id]) => [0, 6, 12, 18].map((h, k) => readingRow(id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 10 + k))),
  ];
  insertRows(db, {
    bins,
    sites,
    vehicles: [
      vehicleRow({ id: 'BOM-01', streams: ['residual', 'packaging'] }),
      vehicleRow({ id: 'BOM-02', name: 'Grue', type: 'crane', streams: ['glass', 'paper', 'biowaste'], co2KgPerKm: 1.8 }),
    ],
    readings,
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco-2016-03-05.osm.pbf', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites);
  run = await startApp(db, road, { solveIterations: 50 });
});
afterAll(() => run?.close());

async function createPlan(date: string): Promise<string> {
  const res = await run.fetch(`/api/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date }) });
  expect(res.status).toBe(202);
  const body = PlanCreatedSchema.parse(await res.json());
  expect(body.status).toBe('queued');
  return body.id;
}

async function waitForPlan(id: string): Promise<PlanDto> {
  for (let i = 0; i < 600; i++) {
    const res = await run.fetch(`/api/plans/${id}`);
    expect(res.status).toBe(200);
    const plan = PlanSchema.parse(await res.json());
    if (plan.status === 'done' || plan.status === 'failed') return plan;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`plan ${id} did not finish`);
}

describe('plans', () => {
  let plan: PlanDto;

  beforeAll(async () => {
    plan = await waitForPlan(await createPlan(DATE));
  });

  it('solves a queued plan: every selected bin is routed once or unassigned, and unreachable bins say why', () => {
    expect(plan.error).toBeNull();
    expect(plan.status).toBe('done');
    const routed = plan.routes.flatMap((r) => r.stops.filter((s) => s.kind === 'bin').map((s) => s.binId));
    const unassigned = plan.unassigned.map((u) => u.binId);
    expect([...routed, ...unassigned].sort()).toEqual(FULL.map(([id]) => id).sort());
    expect(plan.unassigned.find((u) => u.binId === 'SEA')).toMatchObject({ reason: 'unreachable' });
    expect(plan.summary).toMatchObject({ binsSelected: FULL.length, binsRouted: routed.length, vehiclesUsed: plan.routes.length });
    for (const r of plan.routes) {
      expect(r.stops.map((s) => s.seq)).toEqual(r.stops.map((_, i) => i + 1));
      expect(r.stops[r.stops.length - 1]!.kind).toBe('disposal');
      expect(r.start >= '2026-11-28T05:00:00.000Z').toBe(true); // 06:00 Monaco
      expect(r.end <= '2026-11-28T12:00:00.000Z').toBe(true); // 13:00 Monaco
      expect(r.binCount).toBe(r.stops.filter((s) => s.kind === 'bin').length);
    }
    const co2 = plan.routes.reduce((s, r) => s + (r.distanceM / 1000) * (r.vehicleId === 'BOM-01' ? 2.5 : 1.8), 0);
    expect(plan.summary!.co2Kg).toBeCloseTo(co2, 1);
  });

  it('stores a plan that passes checkDayPlan when re-checked from the stored rows', async () => {
    const svc = run.app.ctx.spaces.get(TEST_SPACE).plans;
    const resolved = svc.resolve(await svc.buildProblem(DATE));
    const stored = svc.storedDayPlan(plan.id);
    expect(stored.routes.length).toBe(plan.routes.length);
    expect(checkDayPlan(resolved, stored)).toEqual([]);
  });

  it('unloads at the disposal site before going home whenever a truck carries load', () => {
    expect(plan.routes.length).toBeGreaterThan(0);
    for (const r of plan.routes) {
      expect(r.steps[0]!.kind).toBe('depot');
      expect(r.steps.at(-1)!.kind).toBe('depot');
      expect(r.steps.at(-1)!.loadAfterL).toBe(0);
      const lastLoaded = r.steps.findLastIndex((s) => s.loadAfterL > 0);
      if (lastLoaded < 0) continue;
      const disposal = r.steps.findIndex((s, i) => i > lastLoaded && s.kind === 'disposal');
      expect(disposal).toBeGreaterThan(lastLoaded);
      expect(r.steps[disposal]!.id).toBe('disposal-test');
      expect(r.steps[disposal]!.loadAfterL).toBe(0);
    }
    expect(plan.summary!.disposalTrips).toBe(plan.routes.reduce((n, r) => n + r.disposalTrips, 0));
    expect(plan.summary!.disposalTrips).toBeGreaterThan(0);
  });

  it('lists every step of a route with the stop numbers of its stops, and the day figures', () => {
    for (const r of plan.routes) {
      const numbered = r.steps.filter((s) => s.kind === 'bin' || s.kind === 'disposal');
      expect(numbered.map((s) => [s.id, s.seq])).toEqual(r.stops.map((s) => [s.binId, s.seq]));
      expect(r.steps.filter((s) => s.kind === 'depot' || s.kind === 'break').every((s) => s.seq === null)).toBe(true);
      expect(r.drivingS).toBeGreaterThan(0);
      expect(r.drivingS!).toBeLessThanOrEqual(r.durationS);
      expect(r.cost).toBeGreaterThan(0);
      for (const s of r.steps) expect(s.start >= s.arrival && s.departure >= s.start).toBe(true);
    }
    expect(plan.summary!.cost).toBeCloseTo(plan.routes.reduce((n, r) => n + r.cost!, 0), 6);
  });

  it('returns GeoJSON with one street LineString per route, numbered stops and the sites', async () => {
    const res = await run.fetch(`/api/plans/${plan.id}?format=geojson`);
    expect(res.status).toBe(200);
    const gj = PlanGeoJsonSchema.parse(await res.json());
    const lines = gj.features.filter((f) => f.geometry.type === 'LineString');
    expect(lines.length).toBe(plan.routes.length);
    for (const l of lines) expect(l.geometry.coordinates.length).toBeGreaterThan(2);
    expect(new Set(lines.map((l) => l.properties.color)).size).toBe(lines.length);
    const stops = gj.features.filter((f) => f.properties.kind === 'stop');
    expect(stops.length).toBe(plan.summary!.binsRouted);
    const visits = gj.features.flatMap((f) => (f.properties.kind === 'disposal_visit' ? [f.properties] : []));
    expect(visits.length).toBe(plan.summary!.disposalTrips);
    for (const v of visits) {
      const route = plan.routes.find((r) => r.routeId === v.routeId)!;
      expect(route.stops.find((s) => s.seq === v.seq)).toMatchObject({ kind: 'disposal', binId: 'disposal-test' });
    }
    expect(gj.features.filter((f) => f.properties.kind === 'depot' || f.properties.kind === 'disposal').length).toBe(2);
  });

  it('gives turn-by-turn instructions of a route in French and English, leg by leg', async () => {
    const route = plan.routes[0]!;
    const get = async (lang: string) => {
      const res = await run.fetch(`/api/plans/${plan.id}/routes/${route.routeId}/instructions?lang=${lang}`);
      expect(res.status).toBe(200);
      return RouteInstructionsSchema.parse(await res.json());
    };
    const fr = await get('fr');
    const en = await get('en');
    // Depot → each stop → depot: one leg per consecutive pair of stored steps.
    expect(fr.legs.length).toBe(route.stops.length + 1);
    expect(fr.legs[0]!.from.kind).toBe('start');
    expect(fr.legs.at(-1)!.to.kind).toBe('end');
    expect(fr.distanceM).toBe(fr.legs.reduce((n, l) => n + l.distanceM, 0));
    for (const leg of fr.legs) {
      expect(leg.steps[0]!.type).toBe('depart');
      expect(leg.steps.at(-1)!.type).toBe('arrive');
      expect(leg.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      for (const st of leg.steps) if (st.type !== 'depart' && st.type !== 'arrive') expect(st.modifier).not.toBeNull();
    }
    expect(fr.legs[0]!.steps[0]!.instruction).toMatch(/^Se diriger vers/);
    expect(en.legs[0]!.steps[0]!.instruction).toMatch(/^Head /);
    expect(en.legs.map((l) => l.steps.length)).toEqual(fr.legs.map((l) => l.steps.length));
    expect(fr.legs.flatMap((l) => l.steps.map((st) => st.instruction)).some((t) => /^(Tourner|Prendre le giratoire|Continuer)/.test(t))).toBe(true);
  });

  it('answers 400 for an unknown language and 404 for an unknown route or plan', async () => {
    const bad = await run.fetch(`/api/plans/${plan.id}/routes/${plan.routes[0]!.routeId}/instructions?lang=de`);
    expect(bad.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await bad.json()).error.issues).toMatchObject([{ path: 'lang', message: 'must be one of fr, en' }]);
    const noRoute = await run.fetch(`/api/plans/${plan.id}/routes/r99/instructions`);
    expect(noRoute.status).toBe(404);
    expect(ErrorEnvelopeSchema.parse(await noRoute.json()).error).toEqual({ code: 'not_found', message: `unknown route 'r99' in plan '${plan.id}'` });
    const noPlan = await run.fetch(`/api/plans/nope/routes/r1/instructions?lang=en`);
    expect(noPlan.status).toBe(404);
  });

  it('lists plans of a date, latest first', async () => {
    const second = await createPlan(DATE);
    await waitForPlan(second);
    const res = await run.fetch(`/api/plans?date=${DATE}`);
    const list = PlanListSchema.parse(await res.json());
    expect(list.map((p) => p.id)).toEqual([second, plan.id]);
    const other = PlanListSchema.parse(await (await run.fetch(`/api/plans?date=2026-11-29`)).json());
    expect(other).toEqual([]);
  });

  it('streams the end of a finished plan as a Server-Sent Event', async () => {
    const res = await run.fetch(`/api/plans/${plan.id}/events`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(await res.text()).toBe(`event: done\ndata: ${JSON.stringify({ id: plan.id, status: 'done', error: null })}\n\n`);
  });

  it('streams progress events (and snapshots of the current rounds) of a new plan and ends with done', async () => {
    const id = await createPlan(DATE);
    const res = await run.fetch(`/api/plans/${id}/events`);
    const text = await res.text();
    const events = text.trim().split('\n\n').map((block) => {
      const [ev, data] = block.split('\n');
      return { event: ev!.replace('event: ', ''), data: JSON.parse(data!.replace('data: ', '')) as Record<string, unknown> };
    });
    expect(events[events.length - 1]).toEqual({ event: 'done', data: { id, status: 'done', error: null } });
    for (const e of events.slice(0, -1)) {
      expect(['progress', 'rounds']).toContain(e.event);
      if (e.event === 'rounds') continue;
      expect(e.data.fraction).toBeGreaterThanOrEqual(0);
      expect(e.data.fraction).toBeLessThanOrEqual(1);
    }
    expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThan(1);
  });

  it('answers 404 for an unknown plan', async () => {
    for (const path of ['/api/plans/nope', '/api/plans/nope?format=geojson', '/api/plans/nope/events']) {
      const res = await run.fetch(`${path}`);
      expect(res.status).toBe(404);
      expect(ErrorEnvelopeSchema.parse(await res.json())).toEqual({ error: { code: 'not_found', message: "unknown plan 'nope'" } });
    }
  });

  it.each([
    [{ date: '2026-02-30' }, 'date', 'must be a date YYYY-MM-DD'],
    [{ date: '28/11/2026' }, 'date', 'must be a date YYYY-MM-DD'],
    [{}, 'date', 'must be a date YYYY-MM-DD'],
  ])('rejects POST /api/plans %j with 400 at path %s', async (body, path, message) => {
    const before = (await (await run.fetch(`/api/plans`)).json()) as unknown[];
    const res = await run.fetch(`/api/plans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const env = ErrorEnvelopeSchema.parse(await res.json());
    expect(env.error.code).toBe('invalid_input');
    expect(env.error.issues?.map((i) => [i.path, i.message])).toEqual([[path, message]]);
    expect(((await (await run.fetch(`/api/plans`)).json()) as unknown[]).length).toBe(before.length);
  });

  it('rejects a bad query with 400', async () => {
    const res = await run.fetch(`/api/plans/${plan.id}?format=xml`);
    expect(res.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await res.json()).error.issues?.[0]?.path).toBe('format');
    const list = await run.fetch(`/api/plans?date=yesterday`);
    expect(list.status).toBe(400);
  });
});
