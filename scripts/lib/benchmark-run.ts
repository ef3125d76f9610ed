/**
 * Edge code of `npm run solve -- FILE.vrp|FILE.txt` and `npm run bench:solver`: reads a CVRPLIB or
 * Solomon file, converts it to the problem format (`benchmarkToProblem`), solves it with the
 * engine that plans collection days (`solveDay`, with the set-partitioning master loaded here),
 * maps the plan back to routes, and checks it twice: `checkDayPlan` on the document and
 * `checkVrpSolution` on the file's coordinates. With `--threads N`, N worker threads run
 * independent seeds and the best plan wins.
 */
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import {
  benchmarkToProblem,
  checkDayPlan,
  checkVrpSolution,
  formatCost,
  loadMaster,
  parseCvrplib,
  parseProblemJson,
  parseSolomon,
  planToRoutes,
  resolveExplicitMatrix,
  solveDay,
  writeSol,
  type BenchmarkObjective,
  type ImproveSettings,
  type MasterKind,
  type VrpInstance,
} from '../../solver/src/index.js';

/** Settings of one benchmark solve. */
export interface SolveArgs {
  file: string;
  timeLimitSec?: number;
  iterations?: number;
  seed: number;
  out?: string;
  lp: MasterKind | 'off';
  threads: number;
  objective: BenchmarkObjective;
  /** Overrides of the engine's improvement settings (`--param key=value`). */
  params: Partial<Record<keyof ImproveSettings, number | string | boolean>>;
}

/** Parses CLI flags; throws with a usage message on bad input. */
export function parseSolveArgs(argv: string[]): SolveArgs {
  const usage = 'usage: solve FILE.vrp|FILE.txt [--time-limit S] [--iterations N] [--seed N] [--out FILE.sol] [--lp highs|jslp|off] [--threads N] [--objective distance|hierarchical]';
  const res: SolveArgs = { file: '', seed: 1, lp: 'highs', threads: 1, objective: 'distance', params: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${usage}`);
      return v;
    };
    if (a === '--time-limit') res.timeLimitSec = Number(next());
    else if (a === '--iterations') res.iterations = Number(next());
    else if (a === '--seed') res.seed = Number(next());
    else if (a === '--out') res.out = next();
    else if (a === '--lp') res.lp = next() as SolveArgs['lp'];
    else if (a === '--threads') res.threads = Number(next());
    else if (a === '--objective') res.objective = next() as BenchmarkObjective;
    else if (a === '--param') {
      const [k, v] = next().split('=');
      res.params[(k ?? '') as keyof ImproveSettings] = v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) ? Number(v) : (v ?? '');
    } else if (a.startsWith('--')) throw new Error(`unknown flag ${a}\n${usage}`);
    else res.file = a;
  }
  if (res.file === '') throw new Error(usage);
  if (!['highs', 'jslp', 'off'].includes(res.lp)) throw new Error(`--lp must be highs, jslp or off\n${usage}`);
  if (!['distance', 'hierarchical'].includes(res.objective)) throw new Error(`--objective must be distance or hierarchical\n${usage}`);
  if (res.timeLimitSec === undefined && res.iterations === undefined) res.timeLimitSec = 10;
  return res;
}

/** Parses an instance text by its extension (`.vrp` CVRPLIB, otherwise Solomon). */
export function readInstance(file: string, text: string): VrpInstance {
  return file.endsWith('.vrp') ? parseCvrplib(text) : parseSolomon(text);
}

/** What one seed produced (plain data: it crosses worker threads). */
export interface SeedResult {
  readonly routes: number[][];
  /** Distance recomputed by `checkVrpSolution` (internal units), vehicles used, violations of both checkers. */
  readonly cost: number;
  readonly vehicles: number;
  readonly unassigned: number;
  readonly violations: string[];
  readonly iterations: number;
  readonly lpSolves: number;
  readonly lpImprovements: number;
  readonly lpTimeMs: number;
  readonly routesEliminated: number;
  readonly startVehicles: number;
}

/** Wall clock shared by all threads (ms since the epoch, sub-millisecond resolution). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Solves one seed in this thread. The time limit counts from `startEpochMs` (when the CLI started
 * the solve), so thread start-up, conversion and LP loading are inside the budget.
 */
export async function runSingle(args: SolveArgs, text: string, seed: number, startEpochMs: number = epochNow()): Promise<SeedResult> {
  const inst = readInstance(args.file, text);
  const resolved = resolveExplicitMatrix(parseProblemJson(benchmarkToProblem(inst, args.objective)));
  const master = args.lp === 'off' ? undefined : await loadMaster(args.lp);
  const timed = args.timeLimitSec !== undefined;
  const res = solveDay(resolved, {
    seed,
    iterations: args.iterations ?? Number.MAX_SAFE_INTEGER,
    ...(timed ? { timeLimitMs: Math.max(0, (args.timeLimitSec ?? 0) * 1000 - (epochNow() - startEpochMs)), now: epochNow } : {}),
    ...(master ? { master } : {}),
    settings: args.params as Partial<ImproveSettings>,
  });
  const routes = planToRoutes(res.plan);
  const check = checkVrpSolution(inst, routes, { realDistances: args.objective === 'hierarchical' });
  const violations = [...checkDayPlan(resolved, res.plan).map((v) => `${v.code}: ${v.message}`), ...check.violations];
  if (args.objective === 'distance' && check.cost !== res.plan.totals.distanceM) violations.push(`plan distance ${res.plan.totals.distanceM} differs from the recomputed ${check.cost}`);
  return {
    routes,
    cost: check.cost,
    vehicles: check.routes,
    unassigned: res.plan.unassigned.length,
    violations,
    iterations: res.stats.iterations,
    lpSolves: res.stats.master.solves,
    lpImprovements: res.stats.master.improvements,
    lpTimeMs: Math.round(res.stats.master.timeMs),
    routesEliminated: res.stats.routesEliminated,
    startVehicles: res.stats.startVehicles,
  };
}

/** The outcome of {@link runSolve}: the best seed's routes, its `.sol` text, and a JSON summary. */
export interface SolveOutcome {
  readonly best: SeedResult;
  readonly solText: string;
  readonly summary: Record<string, unknown>;
}

/** Better: feasible and served first, then fewer vehicles under the hierarchical objective, then shorter. */
function better(a: SeedResult, b: SeedResult, objective: BenchmarkObjective): boolean {
  const ok = (r: SeedResult): number => (r.violations.length === 0 && r.unassigned === 0 ? 0 : 1);
  if (ok(a) !== ok(b)) return ok(a) < ok(b);
  if (objective === 'hierarchical' && a.vehicles !== b.vehicles) return a.vehicles < b.vehicles;
  return a.cost < b.cost;
}

/** Solves with `args.threads` worker threads (independent seeds seed, seed+1, ...) and keeps the best. */
export async function runSolve(args: SolveArgs, text: string): Promise<SolveOutcome> {
  const t0 = performance.now();
  const startEpoch = epochNow();
  const inst = readInstance(args.file, text);
  let results: SeedResult[];
  if (args.threads <= 1) {
    results = [await runSingle(args, text, args.seed, startEpoch)];
  } else {
    results = await Promise.all(
      Array.from({ length: args.threads }, (_, k) =>
        new Promise<SeedResult>((resolve, reject) => {
          // workers load TypeScript through tsx's ESM loader, registered inside the worker
          const entry = new URL('./benchmark-worker.ts', import.meta.url).href;
          const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
          const w = new Worker(boot, { eval: true, workerData: { args, text, seed: args.seed + k, startEpoch } });
          w.once('message', (m: SeedResult) => resolve(m));
          w.once('error', (e) => reject(new Error(`worker ${k} failed: ${String(e)}`)));
        }),
      ),
    );
  }
  const best = results.reduce((a, b) => (better(b, a, args.objective) ? b : a));
  const timeMs = Math.round(performance.now() - t0);
  return {
    best,
    solText: writeSol(inst, best.routes, best.cost),
    summary: {
      instance: inst.name || basename(args.file),
      objective: args.objective,
      cost: Number(args.objective === 'distance' ? formatCost(inst, best.cost) : (best.cost / inst.costScale).toFixed(2)),
      routes: best.vehicles,
      feasible: best.violations.length === 0 && best.unassigned === 0,
      timeMs,
      seed: args.seed,
      threads: Math.max(1, args.threads),
      lp: args.lp,
      iterations: results.reduce((s, r) => s + r.iterations, 0),
      lpSolves: results.reduce((s, r) => s + r.lpSolves, 0),
      lpImprovements: results.reduce((s, r) => s + r.lpImprovements, 0),
      lpTimeMs: results.reduce((s, r) => s + r.lpTimeMs, 0),
      startVehicles: best.startVehicles,
      routesEliminated: best.routesEliminated,
    },
  };
}
