import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanSchema, type PlanDto } from '../../../contract/index.js';
import { EvaluatedPlanSchema, PlanEditStateSchema, ReoptimiseJobSchema, type EvaluatedPlan, type PlanEdit, type ReoptimiseJob } from '../../../contract/plan-edit.js';
import { rebuildRound, withLocks } from '../../compute/plan-edit.js';
import { buildRoadContext } from '../../services/road-context.js';
import { checkDayPlan, type ResolvedProblem, type Stream } from '../../solver.js';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, type Running, TEST_SPACE } from '../../../test/helpers.js';

const DATE = '2026-11-28';
/** Points on Monaco streets. */
const BINS: [string, number, number, Stream][] = [
  ['M01', 7.4246, 43.7384, 'residual'],
  ['M02', 7.4206, 43.7312, 'residual'],
  ['M03', 7.427, 43.7395, 'residual'],
  ['M04', 7.429, 43.742, 'residual'],
  ['M05', 7.4275, 43.746, 'residual'],
  ['M06', 7.434, 43.748, 'residual'],
  ['M07', 7.418, 43.733, 'residual'],
  ['M08', 7.4155, 43.7375, 'residual'],
  ['M09', 7.423, 43.733, 'residual'],
  ['M10', 7.421, 43.736, 'residual'],
];

let run: Running;
let planId = '';
let original: PlanDto;
let resolved: ResolvedProblem;

const json = { 'content-type': 'application/json' };
const post = async (path: string, body?: unknown): Promise<Response> =>
  (await run.as('manager'))(path, { method: 'POST', headers: json, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
const get = async (path: string): Promise<Response> => (await run.as('manager'))(path);

async function evaluated(res: Response, status = 200): Promise<EvaluatedPlan> {
  const body = (await res.json()) as unknown;
  expect(res.status, JSON.stringify(body).slice(0, 400)).toBe(status);
  return EvaluatedPlanSchema.parse(body);
}

/** Bin ids of each vehicle's round, in order. */
const rounds = (plan: PlanDto): Record<string, string[]> =>
  Object.fromEntries(plan.routes.map((r) => [r.vehicleId, r.stops.filter((s) => s.kind === 'bin').map((s) => s.binId)]));

/** The stored rows of the plan, re-checked on this thread against its problem with the locks in force. */
async function recheck(): Promise<unknown[]> {
  const state = PlanEditStateSchema.parse(await (await get(`/api/plans/${planId}/edits`)).json());
  return checkDayPlan(withLocks(resolved, state.locks), run.app.ctx.spaces.get(TEST_SPACE).plans.storedDayPlan(planId)).map((v) => ({ ...v }));
}

beforeAll(async () => {
  const db = memoryDb();
  const bins = BINS.map(([id, lng, lat, stream]) => binRow({ id, lng, lat, stream }));
  const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai de transfert', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow({ id: 'BOM-01' }), vehicleRow({ id: 'BOM-02', name: 'BOM 19 t' }), vehicleRow({ id: 'GRUE', name: 'Grue', type: 'crane', streams: ['glass'] })],
    readings: BINS.flatMap(([id]) => [0, 6, 12, 18].map((h, k) => readingRow(id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 60 + 5 * k))),
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco-2016-03-05.osm.pbf', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites);
  run = await startApp(db, road, { solveIterations: 30 });
  const svc = run.app.ctx.spaces.get(TEST_SPACE).plans;
  planId = svc.create(DATE).id;
  await run.app.ctx.queue.idle();
  original = PlanSchema.parse(await (await get(`/api/plans/${planId}`)).json());
  expect(original.status).toBe('done');
  resolved = svc.resolve(await svc.buildProblem(DATE));
}, 120_000);
afterAll(() => run?.close());

describe('plan edits', () => {
  it('evaluates a move without storing it: the stop changes round, times and loads follow, and the answer is what the checker says', async () => {
    const from = original.routes[0]!;
    const bin = from.stops.find((s) => s.kind === 'bin')!.binId;
    const other = original.routes.find((r) => r.vehicleId !== from.vehicleId)?.vehicleId ?? (from.vehicleId === 'BOM-01' ? 'BOM-02' : 'BOM-01');
    const out = await evaluated(await post(`/api/plans/${planId}/evaluate`, { edits: [{ op: 'move', binId: bin, toVehicleId: other, toIndex: 0 }] }));
    expect(out.stored).toBe(false);
    expect(out.version).toBe(0);
    expect(out.violations).toEqual([]);
    const after = rounds(out.plan);
    expect(after[other]![0]).toBe(bin);
    expect(after[from.vehicleId] ?? []).not.toContain(bin);
    const moved = out.plan.routes.find((r) => r.vehicleId === other)!;
    expect(moved.stops[0]!.loadAfterL).toBeGreaterThan(0);
    expect(moved.distanceM).toBeGreaterThan(0);
    const shortened = out.plan.routes.find((r) => r.vehicleId === from.vehicleId);
    if (shortened) expect(shortened.stops.map((s) => s.arrival)).not.toEqual(from.stops.map((s) => s.arrival));
    // nothing stored
    expect(PlanSchema.parse(await (await get(`/api/plans/${planId}`)).json()).routes).toEqual(original.routes);
  });

  it('reports a bin moved onto a truck of another stream as a violation of that bin, and never repairs it', async () => {
    const bin = original.routes[0]!.stops.find((s) => s.kind === 'bin')!.binId;
    const out = await evaluated(await post(`/api/plans/${planId}/evaluate`, { edits: [{ op: 'move', binId: bin, toVehicleId: 'GRUE', toIndex: 0 }] }));
    expect(rounds(out.plan)['GRUE']).toEqual([bin]);
    expect(out.violations).toContainEqual(expect.objectContaining({ code: 'wrong_stream', vehicleId: 'GRUE', binId: bin }));
  });

  it('swaps two rounds between their trucks', async () => {
    const a = original.routes[0]!.vehicleId;
    const b = a === 'BOM-01' ? 'BOM-02' : 'BOM-01';
    const out = await evaluated(await post(`/api/plans/${planId}/evaluate`, { edits: [{ op: 'swapVehicles', vehicleA: a, vehicleB: b }] }));
    expect(rounds(out.plan)[b]).toEqual(rounds(original)[a]);
    expect(rounds(out.plan)[a] ?? []).toEqual(rounds(original)[b] ?? []);
    expect(out.violations).toEqual([]);
  });

  it('refuses edits naming unknown bins or vehicles, each with its path, and stores nothing', async () => {
    const res = await post(`/api/plans/${planId}/edits`, { baseVersion: 0, edits: [{ op: 'remove', binId: 'NOPE' }, { op: 'swapVehicles', vehicleA: 'BOM-01', vehicleB: 'TRUCK-X' }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues.map((i) => i.path)).toEqual(['edits[0].binId', 'edits[1].vehicleB']);
    expect(PlanEditStateSchema.parse(await (await get(`/api/plans/${planId}/edits`)).json())).toMatchObject({ version: 0, latestVersion: 0, canUndo: false });
  });

  it('stores edits as versions the checker saw, refuses a stale base version, and undoes and redoes them', async () => {
    const route = original.routes[0]!;
    const bins = route.stops.filter((s) => s.kind === 'bin').map((s) => s.binId);
    const edits: PlanEdit[] = [
      { op: 'remove', binId: bins[0]! },
      { op: 'move', binId: bins[1]!, toVehicleId: route.vehicleId, toIndex: 99 },
    ];
    const v1 = await evaluated(await post(`/api/plans/${planId}/edits`, { baseVersion: 0, edits }));
    expect(v1).toMatchObject({ stored: true, version: 1, latestVersion: 1, canUndo: true, canRedo: false });
    expect(v1.plan.unassigned).toContainEqual(expect.objectContaining({ binId: bins[0], reason: 'removed_by_manager' }));
    expect(rounds(v1.plan)[route.vehicleId]!.at(-1)).toBe(bins[1]);
    const shown = PlanSchema.parse(await (await get(`/api/plans/${planId}`)).json());
    expect(shown.routes).toEqual(v1.plan.routes);
    expect(await recheck()).toEqual(v1.violations);

    const stale = await post(`/api/plans/${planId}/edits`, { baseVersion: 0, edits: [{ op: 'lockRoute', vehicleId: route.vehicleId }] });
    expect(stale.status).toBe(409);

    const undone = await evaluated(await post(`/api/plans/${planId}/undo`));
    expect(undone).toMatchObject({ version: 0, latestVersion: 1, canUndo: false, canRedo: true });
    expect(rounds(undone.plan)).toEqual(rounds(original));
    expect(PlanSchema.parse(await (await get(`/api/plans/${planId}`)).json()).routes.map((r) => r.stops)).toEqual(original.routes.map((r) => r.stops));
    expect((await post(`/api/plans/${planId}/undo`)).status).toBe(409);

    const redone = await evaluated(await post(`/api/plans/${planId}/redo`));
    expect(redone).toMatchObject({ version: 1, canRedo: false });
    expect(rounds(redone.plan)).toEqual(rounds(v1.plan));
    await evaluated(await post(`/api/plans/${planId}/undo`));
  });

  it('shows the new version after an undo and another edit that takes its number (no stale cached plan)', async () => {
    const state = PlanEditStateSchema.parse(await (await get(`/api/plans/${planId}/edits`)).json());
    const route = original.routes[0]!;
    const [first, second] = rounds(original)[route.vehicleId]!;
    const a = await evaluated(await post(`/api/plans/${planId}/edits`, { baseVersion: state.version, edits: [{ op: 'remove', binId: first! }] }));
    expect(PlanSchema.parse(await (await get(`/api/plans/${planId}`)).json()).unassigned.map((u) => u.binId)).toContain(first);
    await evaluated(await post(`/api/plans/${planId}/undo`));
    const b = await evaluated(await post(`/api/plans/${planId}/edits`, { baseVersion: state.version, edits: [{ op: 'remove', binId: second! }] }));
    expect(b.version).toBe(a.version);
    const shown = PlanSchema.parse(await (await get(`/api/plans/${planId}`)).json());
    expect(shown.unassigned.map((u) => u.binId)).toContain(second);
    expect(shown.unassigned.map((u) => u.binId)).not.toContain(first);
    await evaluated(await post(`/api/plans/${planId}/undo`));
  });

  it('reports a locked round broken by a later edit as lock_violated', async () => {
    const state = PlanEditStateSchema.parse(await (await get(`/api/plans/${planId}/edits`)).json());
    const route = original.routes[0]!;
    const bin = route.stops.find((s) => s.kind === 'bin')!.binId;
    const out = await evaluated(
      await post(`/api/plans/${planId}/edits`, { baseVersion: state.version, edits: [{ op: 'lockRoute', vehicleId: route.vehicleId }, { op: 'remove', binId: bin }] }),
    );
    expect(out.locks).toEqual([{ vehicleId: route.vehicleId, binIds: rounds(original)[route.vehicleId], wholeRoute: true }]);
    expect(out.violations).toContainEqual(expect.objectContaining({ code: 'lock_violated' }));
    expect(await recheck()).toEqual(out.violations);
    expect(out.canRedo).toBe(false); // the redo branch left by the undo is gone
    await evaluated(await post(`/api/plans/${planId}/undo`));
  });

  it('re-optimises the rest around the locks: the proposal keeps every lock, passes the checker and says what changes; accepting stores it', async () => {
    const state = PlanEditStateSchema.parse(await (await get(`/api/plans/${planId}/edits`)).json());
    const route = original.routes[0]!;
    const bins = route.stops.filter((s) => s.kind === 'bin').map((s) => s.binId);
    // an odd order, locked as a sequence, and one bin removed
    const locked = [bins[2]!, bins[0]!];
    const v = await evaluated(
      await post(`/api/plans/${planId}/edits`, {
        baseVersion: state.version,
        edits: [{ op: 'lock', vehicleId: 'BOM-02', binIds: locked }, { op: 'remove', binId: bins[1]! }],
      }),
    );
    expect(v.violations.map((x) => x.code)).toContain('lock_violated');
    const started = await post(`/api/plans/${planId}/reoptimise`, { seed: 3, iterations: 20 });
    expect(started.status).toBe(202);
    let job = ReoptimiseJobSchema.parse(await started.json());
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = ReoptimiseJobSchema.parse(await (await get(`/api/plans/${planId}/reoptimise/${job.jobId}`)).json());
    }
    expect(job.error).toBeNull();
    const proposal = (job as ReoptimiseJob).proposal!;
    expect(proposal.violations).toEqual([]);
    const r2 = rounds(proposal.plan)['BOM-02']!;
    expect(r2.filter((b) => locked.includes(b))).toEqual(locked);
    expect(proposal.plan.unassigned).toContainEqual(expect.objectContaining({ binId: bins[1], reason: 'removed_by_manager' }));
    expect(proposal.deltaDistanceM).toBe(proposal.plan.summary!.distanceM - v.plan.summary!.distanceM);
    // not stored until accepted
    expect(PlanEditStateSchema.parse(await (await get(`/api/plans/${planId}/edits`)).json()).version).toBe(v.version);
    const accepted = await evaluated(await post(`/api/plans/${planId}/reoptimise/${job.jobId}/accept`));
    expect(accepted).toMatchObject({ version: v.version + 1, violations: [] });
    expect(rounds(accepted.plan)).toEqual(rounds(proposal.plan));
    expect(await recheck()).toEqual([]);
  });

  it('gives a rebuilt round the crew’s break only when its day runs past the break’s latest start, as the checker requires', async () => {
    const route = original.routes[0]!;
    const vehicle = resolved.problem.vehicles.find((v) => v.id === route.vehicleId)!;
    const items = route.stops.map((s) => ({ type: s.kind, id: s.binId }));
    const start = vehicle.shiftStartSec;
    const breaksOf = (r: ReturnType<typeof rebuildRound>): number => r.steps.filter((st) => st.type === 'break').length;
    // the break may start 1 minute into the shift, and is owed only past the 6-hour mark: this short round owes none
    const early = { ...vehicle, breaks: [{ earliestStartSec: start + 60, latestStartSec: start + 6 * 3600, durationSec: 1200 }] };
    const short = rebuildRound(resolved, early, items);
    expect(short.steps.at(-1)!.arrivalSec).toBeLessThan(start + 6 * 3600);
    expect(breaksOf(short)).toBe(0);
    // owed once the day runs past the latest start: taken, and the day ends later by it
    const owed = { ...vehicle, breaks: [{ earliestStartSec: start + 60, latestStartSec: start + 120, durationSec: 1200 }] };
    const long = rebuildRound(resolved, owed, items);
    expect(breaksOf(long)).toBe(1);
    expect(long.steps.at(-1)!.arrivalSec).toBeGreaterThan(short.steps.at(-1)!.arrivalSec);
  });

  it('answers 404 for a plan of another space and 403 to an analyst', async () => {
    const analyst = await run.as('analyst');
    const res = await analyst(`/api/plans/${planId}/evaluate`, { method: 'POST', headers: json, body: JSON.stringify({ edits: [{ op: 'remove', binId: 'M01' }] }) });
    expect(res.status).toBe(403);
    const other = await run.as('manager', 'elsewhere');
    expect((await other(`/api/plans/${planId}/edits`)).status).toBe(404);
  });
});
