import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, HorizonSchema, PlanCreatedSchema, PlanSchema, type HorizonDto, type PlanDto } from '../../contract/index.js';
import { checkDayPlan } from '../solver.js';
import { binRow, insertRows, memoryDb, risingHistory, siteRow, startApp, TEST_SPACE, vehicleRow, type Running } from '../../test/helpers.js';
import { buildRoadContext } from './road-context.js';

/** A Monday two days after the readings end. */
const DATE = '2026-11-30';
const RISK = 5;


/** Two neighbourhoods of Monaco a kilometre apart (different H3 res-8 cells), three bins each. */
const BINS: [string, number, number, number, number][] = [
  ['W-FULL', 7.4206, 43.7312, 85, 10],
  ['W-HALF', 7.4212, 43.7318, 45, 10],
  ['W-LOW', 7.4215, 43.7309, 10, 2],
  ['E-MAY', 7.4275, 43.746, 38, 9],
  ['E-HALF', 7.4282, 43.7455, 25, 9],
  ['E-LOW', 7.429, 43.7465, 8, 2],
];

let run: Running;
let horizon: HorizonDto;
let plan: PlanDto;
let defaultPlan: PlanDto;

async function createPlan(body: object): Promise<PlanDto> {
  const res = await run.fetch('/api/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  const { id } = PlanCreatedSchema.parse(await res.json());
  await run.app.ctx.queue.idle();
  return PlanSchema.parse(await (await run.fetch(`/api/plans/${id}`)).json());
}

beforeAll(async () => {
  const db = memoryDb();
  const bins = BINS.map(([id, lng, lat]) => binRow({ id, lng, lat }));
  const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, { bins, sites, vehicles: [vehicleRow()], readings: BINS.flatMap(([id, , , end, rate]) => risingHistory(id, end, rate)) });
  const osm = new Uint8Array(readFileSync(new URL('../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites);
  run = await startApp(db, road, { solveIterations: 20 });
  horizon = HorizonSchema.parse(await (await run.fetch(`/api/horizon?date=${DATE}&risk=${RISK}`)).json());
  plan = await createPlan({ date: DATE, selection: 'horizon', horizonRiskPercent: RISK });
  defaultPlan = await createPlan({ date: DATE });
}, 120_000);
afterAll(() => run?.close());

describe("a plan with selection 'horizon'", () => {
  it('must collect exactly the bins the horizon planner takes today, and keeps its options', () => {
    expect(plan.status).toBe('done');
    expect(plan.options).toEqual({ overtimeMin: 0, selection: 'horizon', horizonRiskPercent: RISK });
    const decisions = run.app.ctx.spaces.get(TEST_SPACE).plans.forecast(plan.id);
    const must = decisions.filter((d) => d.decision === 'must').map((d) => d.binId);
    expect(new Set(must)).toEqual(new Set(horizon.today));
    expect(horizon.today).toContain('W-FULL');
    const routed = new Set(plan.routes.flatMap((r) => r.stops.map((s) => s.binId)));
    for (const id of must) expect(routed.has(id), `${id} is must`).toBe(true);
  });

  it('offers the other bins of the areas visited today as optional and leaves the other areas to their planned visit', () => {
    const decisions = new Map(run.app.ctx.spaces.get(TEST_SPACE).plans.forecast(plan.id).map((d) => [d.binId, d.decision]));
    const visited = new Set(horizon.days[0]!.visits.map((v) => `${v.areaId}|${v.stream}`));
    for (const b of horizon.bins) {
      const d = decisions.get(b.binId);
      if (horizon.today.includes(b.binId)) continue;
      if (!visited.has(`${b.areaId}|${b.stream}`)) expect(d, `${b.binId}: area not visited today`).toBe('skip');
      else expect(['may', 'skip']).toContain(d);
    }
    // the east area is not visited today: its bins wait, although the day's decisions offer E-MAY
    const east = horizon.bins.find((b) => b.binId === 'E-MAY')!;
    expect(east.collectDate).not.toBe(DATE);
    expect(decisions.get('E-MAY')).toBe('skip');
    // the west area is visited today for W-FULL: W-HALF, which lasts until the next visit, may come along
    expect(horizon.bins.find((b) => b.binId === 'W-HALF')!.collectDate).not.toBe(DATE);
    expect(decisions.get('W-HALF')).toBe('may');
    const byDefault = new Map(run.app.ctx.spaces.get(TEST_SPACE).plans.forecast(defaultPlan.id).map((d) => [d.binId, d.decision]));
    expect(byDefault.get('E-MAY')).not.toBe('skip');
  });

  it('stores a plan the independent checker accepts against the horizon problem', async () => {
    const svc = run.app.ctx.spaces.get(TEST_SPACE).plans;
    expect(checkDayPlan(svc.resolve(await svc.buildProblem(DATE, { selection: 'horizon', horizonRiskPercent: RISK })), svc.storedDayPlan(plan.id))).toEqual([]);
  });

  it('keeps the day decisions by default', () => {
    expect(defaultPlan.status).toBe('done');
    expect(defaultPlan.options).toMatchObject({ selection: 'decisions' });
  });

  it('answers 400 for an unknown selection or a horizon risk out of range', async () => {
    const res = await run.fetch('/api/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date: DATE, selection: 'sometimes', horizonRiskPercent: 60 }) });
    expect(res.status).toBe(400);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.issues?.map((i) => i.path).sort()).toEqual(['horizonRiskPercent', 'selection']);
  });
});
