/**
 * `npm run bench:edit [-- --edits 200 --seed 1 --iterations 60 --reoptimise-iterations 100]`: how
 * fast the server re-evaluates a manager's edit of a plan, and whether re-optimising around locks
 * keeps them (issue #14).
 *
 * The 300-bin sample day (`city-300-2t-1s` of the waste set: 2 trucks, about 150 stops a round) is
 * solved by `solveDay` and stored as a plan of a space of an in-process server (the real app, its
 * compute workers and the sample's streets, listening on 127.0.0.1). Then, signed in as a manager:
 *
 * 1. `--edits` random edits of the largest round (a stop moved within it, moved to the other round,
 *    a stop of the other round moved in, a stop removed), each `POST /api/plans/:id/evaluate`
 *    timed from request to answer (the first call, which builds the plan's matrix in the worker,
 *    is a warm-up and not counted); p50, p95 and max;
 * 2. a sequence of 20 stops of the largest round and one stop of the other locked (stored as a
 *    version), `POST /api/plans/:id/reoptimise`, polled to the end: the proposal must have no
 *    `checkDayPlan` violation and keep every lock (checked here again, bin by bin).
 *
 * Progress goes to stderr; one JSON summary is the last line of stdout, also written to
 * `bench/results/edit-<date>-<commit>.json`. Exit code 1 when the p95 is 100 ms or more or a lock
 * is not kept.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PlanDto } from '../server/contract/index.js';
import type { EvaluatedPlan, PlanEdit, ReoptimiseJob } from '../server/contract/plan-edit.js';
import { rowsOf } from '../server/src/compute/plan-edit.js';
import { MAX_SNAP_M } from '../server/src/compute/plan-pipeline.js';
import { PlansRepository } from '../server/src/db/repositories/plans-repository.js';
import { buildRoadContext } from '../server/src/services/road-context.js';
import { ensureUser, memoryDb, signIn, startApp, TEST_SPACE } from '../server/test/helpers.js';
import { checkDayPlan, parseProblemJson, resolveOnRoads, Rng, solveDay } from '../solver/src/index.js';
import { generateCollectionDay } from './lib/collection-day.js';
import { DAY_ROADS_PBF } from './lib/day-solve.js';
import { readSampleCity } from './lib/sample-files.js';
import { WASTE_SET } from './lib/waste-bench.js';

const { values } = parseArgs({
  options: {
    edits: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    iterations: { type: 'string', default: '60' },
    'reoptimise-iterations': { type: 'string', default: '100' },
  },
});
const EDITS = Number(values.edits);
const SEED = Number(values.seed);
const log = (line: string): void => void process.stderr.write(`[bench:edit] ${line}\n`);
const TARGET_P95_MS = 100;
/** Stops of the round the edits are made on. */
const ROUND_STOPS = 150;

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const round1 = (x: number): number => Math.round(x * 10) / 10;
const binsOf = (plan: PlanDto, vehicleId: string): string[] => plan.routes.find((r) => r.vehicleId === vehicleId)?.stops.filter((s) => s.kind === 'bin').map((s) => s.binId) ?? [];

async function main(): Promise<void> {
  const spec = WASTE_SET.find((s) => s.bins === 300)!;
  const date = '2026-11-30';
  const day = parseProblemJson(
    generateCollectionDay({ ...readSampleCity(), binCount: spec.bins, vehicleCount: spec.vehicles, disposalSites: spec.disposalSites, loadsPerTruck: spec.loadsPerTruck, seed: spec.seed, date }),
  );
  const osm = new Uint8Array(readFileSync(DAY_ROADS_PBF));
  const places = [...day.bins.map((b) => ({ id: b.id, lng: b.location![0], lat: b.location![1] }))];
  const road = buildRoadContext(osm, DAY_ROADS_PBF, places, [], log);
  const t0 = performance.now();
  const { resolved } = resolveOnRoads(day, road.net, MAX_SNAP_M, road.engine);
  const { plan } = solveDay(resolved, { seed: SEED, iterations: Number(values.iterations) });
  const clean = checkDayPlan(resolved, plan);
  if (clean.length > 0) throw new Error(`the solved day has ${clean.length} violations: ${clean[0]!.message}`);
  log(`${spec.name}: solved in ${Math.round(performance.now() - t0)} ms, rounds of ${plan.routes.map((r) => r.binCount).join(' and ')} bins, ${plan.unassigned.length} left out`);

  const db = memoryDb();
  const run = await startApp(db, road, { solveIterations: Number(values.iterations) });
  try {
    await ensureUser(db, 'manager@bench', 'manager', TEST_SPACE);
    const api = await signIn(run.url, 'manager@bench');
    const planId = 'bench-edit-plan';
    const repo = new PlansRepository(db, TEST_SPACE);
    repo.create(planId, date, new Date().toISOString());
    const rows = rowsOf(resolved, plan, { date, timeZone: day.timeZone ?? 'Europe/Paris', vehicles: [], binsSelected: day.bins.length, binsOptional: undefined }, null);
    repo.saveResult(planId, { ...rows, notice: null, noticeCode: null, noticeParams: {}, shortfall: null, problem: JSON.stringify(day) });

    const post = async (path: string, body?: unknown): Promise<Response> =>
      api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const solved = (await (await api(`/api/plans/${planId}`)).json()) as PlanDto;
    const [big0, other0] = [...solved.routes].sort((a, b) => b.binCount - a.binCount);
    if (!big0 || !other0) throw new Error('the solved day has fewer than two rounds');
    // the trucks' shifts hold fewer than 150 stops: the manager adds left-out bins to the largest
    // round until it has 150 (stored as version 1, with the violations that brings)
    const extra = solved.unassigned.filter((u) => u.reason !== 'unreachable').slice(0, Math.max(0, ROUND_STOPS - big0.stops.length));
    const grown = await post(`/api/plans/${planId}/edits`, { baseVersion: 0, edits: extra.map((u) => ({ op: 'add', binId: u.binId, vehicleId: big0.vehicleId })) });
    const grownBody = (await grown.json()) as EvaluatedPlan;
    if (grown.status !== 200) throw new Error(`growing the round answered ${grown.status}: ${JSON.stringify(grownBody).slice(0, 300)}`);
    const base = grownBody.plan;
    const big = base.routes.find((r) => r.vehicleId === big0.vehicleId)!;
    const other = base.routes.find((r) => r.vehicleId === other0.vehicleId)!;
    log(`version 1: ${extra.length} left-out bins added to ${big.vehicleId} (${grownBody.violations.length} violations)`);
    const bigBins = binsOf(base, big.vehicleId);
    const otherBins = binsOf(base, other.vehicleId);
    log(`largest round: ${big.vehicleId}, ${big.stops.length} stops (${bigBins.length} bins); other: ${other.vehicleId}, ${other.stops.length} stops`);

    const rng = new Rng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[rng.nextInt(xs.length)]!;
    const randomEdit = (): PlanEdit => {
      const kind = rng.nextInt(4);
      if (kind === 0) return { op: 'move', binId: pick(bigBins), toVehicleId: big.vehicleId, toIndex: rng.nextInt(big.stops.length) };
      if (kind === 1) return { op: 'move', binId: pick(bigBins), toVehicleId: other.vehicleId, toIndex: rng.nextInt(other.stops.length + 1) };
      if (kind === 2) return { op: 'move', binId: pick(otherBins), toVehicleId: big.vehicleId, toIndex: rng.nextInt(big.stops.length + 1) };
      return { op: 'remove', binId: pick(bigBins) };
    };
    const tw = performance.now();
    const warm = await post(`/api/plans/${planId}/evaluate`, { edits: [randomEdit()] });
    if (warm.status !== 200) throw new Error(`evaluate answered ${warm.status}: ${await warm.text()}`);
    await warm.json();
    log(`warm-up (the plan's matrix built in the worker): ${Math.round(performance.now() - tw)} ms`);

    const ms: number[] = [];
    let withViolations = 0;
    for (let i = 0; i < EDITS; i++) {
      const edit = randomEdit();
      const t = performance.now();
      const res = await post(`/api/plans/${planId}/evaluate`, { edits: [edit] });
      const body = (await res.json()) as EvaluatedPlan;
      ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`evaluate answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      if (body.violations.length > 0) withViolations++;
      if ((i + 1) % 50 === 0) log(`${i + 1} edits evaluated`);
    }
    const sorted = [...ms].sort((a, b) => a - b);
    const evaluate = { edits: EDITS, stopsInRound: big.stops.length, p50Ms: round1(quantile(sorted, 0.5)), p95Ms: round1(quantile(sorted, 0.95)), maxMs: round1(sorted.at(-1)!), withViolations };
    log(`evaluate: p50 ${evaluate.p50Ms} ms, p95 ${evaluate.p95Ms} ms, max ${evaluate.maxMs} ms (${withViolations} of ${EDITS} edits broke a rule)`);


    // locks on the solver's plan (version 0, back by undo), then re-optimise the rest
    const undone = await post(`/api/plans/${planId}/undo`);
    if (undone.status !== 200) throw new Error(`undo answered ${undone.status}`);
    const v0 = ((await undone.json()) as EvaluatedPlan).plan;
    const bigBins0 = binsOf(v0, big0.vehicleId);
    const otherBins0 = binsOf(v0, other0.vehicleId);
    const lockRes = await post(`/api/plans/${planId}/edits`, {
      baseVersion: 0,
      edits: [
        { op: 'lock', vehicleId: big0.vehicleId, binIds: bigBins0.slice(10, 30) },
        { op: 'lock', vehicleId: other0.vehicleId, binIds: [otherBins0[Math.floor(otherBins0.length / 2)]!] },
      ],
    });
    const locked = (await lockRes.json()) as EvaluatedPlan;
    if (lockRes.status !== 200) throw new Error(`storing the locks answered ${lockRes.status}: ${JSON.stringify(locked).slice(0, 300)}`);
    const tr = performance.now();
    const started = await post(`/api/plans/${planId}/reoptimise`, { seed: SEED, iterations: Number(values['reoptimise-iterations']) });
    let job = (await started.json()) as ReoptimiseJob;
    if (started.status !== 202) throw new Error(`reoptimise answered ${started.status}: ${JSON.stringify(job).slice(0, 300)}`);
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 200));
      job = (await (await api(`/api/plans/${planId}/reoptimise/${job.jobId}`)).json()) as ReoptimiseJob;
    }
    const reoptimiseMs = Math.round(performance.now() - tr);
    if (job.status !== 'done' || !job.proposal) throw new Error(`re-optimisation ${job.status}: ${job.error}`);
    const proposal = job.proposal;
    const kept = locked.locks.every((l) => {
      const served = binsOf(proposal.plan, l.vehicleId);
      const inOrder = served.filter((b) => l.binIds.includes(b));
      return inOrder.length === l.binIds.length && inOrder.every((b, k) => b === l.binIds[k]);
    });
    const reoptimise = {
      locks: locked.locks.map((l) => ({ vehicleId: l.vehicleId, bins: l.binIds.length })),
      ms: reoptimiseMs,
      violations: proposal.violations.length,
      locksKept: kept,
      deltaDistanceM: proposal.deltaDistanceM,
      deltaCost: proposal.deltaCost,
      binsRouted: proposal.plan.summary?.binsRouted ?? null,
    };
    log(`re-optimise around ${locked.locks.length} locks: ${reoptimiseMs} ms, ${proposal.violations.length} violations, locks kept: ${kept}, Δ ${proposal.deltaDistanceM} m, Δ ${proposal.deltaCost} EUR`);

    let commit = 'unknown';
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      log('not a git checkout: commit unknown');
    }
    const today = new Date().toISOString().slice(0, 10);
    const summary = {
      bench: 'edit',
      date: today,
      commit,
      cpus: cpus().length,
      day: spec.name,
      bins: day.bins.length,
      evaluate,
      reoptimise,
      targetP95Ms: TARGET_P95_MS,
      ok: evaluate.p95Ms < TARGET_P95_MS && kept && proposal.violations.length === 0,
    };
    mkdirSync('bench/results', { recursive: true });
    const file = join('bench/results', `edit-${today}-${commit}.json`);
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    log(`wrote ${file}`);
    console.log(JSON.stringify(summary));
    if (!summary.ok) process.exitCode = 1;
  } finally {
    await run.close();
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(2);
});
