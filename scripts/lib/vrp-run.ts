/**
 * Shared edge code of `scripts/solve.ts` and `scripts/bench-solver.ts`: argument parsing,
 * instance reading by format, master-solver loading, and the worker-thread fan-out (each thread
 * runs an independent seed; the best solution wins).
 */
import { Worker } from 'node:worker_threads';
import { basename } from 'node:path';
import { parseCvrplib } from '../../solver/src/vrp/io/cvrplib.js';
import { parseSolomon } from '../../solver/src/vrp/io/solomon.js';
import { writeSol, formatCost } from '../../solver/src/vrp/io/sol.js';
import type { VrpInstance } from '../../solver/src/vrp/instance.js';
import { solveHgs, type HgsStats } from '../../solver/src/vrp/hgs.js';
import type { HgsParams } from '../../solver/src/vrp/params.js';
import { loadMaster, type MasterKind } from '../../solver/src/lp/load-master.js';

export interface SolveArgs {
  file: string;
  timeLimitSec?: number;
  iterations?: number;
  seed: number;
  out?: string;
  lp: MasterKind | 'off';
  threads: number;
  params: Partial<HgsParams>;
}

/** Parses CLI flags; throws with a usage message on bad input. */
export function parseSolveArgs(argv: string[]): SolveArgs {
  const usage = 'usage: solve FILE [--time-limit S] [--iterations N] [--seed N] [--out FILE.sol] [--lp highs|jslp|off] [--threads N]';
  const res: SolveArgs = { file: '', seed: 1, lp: 'highs', threads: 1, params: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const next = () => {
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
    else if (a === '--param') {
      const [k, v] = next().split('=');
      (res.params as Record<string, unknown>)[k ?? ''] = v === 'true' ? true : v === 'false' ? false : Number(v);
    } else if (a.startsWith('--')) throw new Error(`unknown flag ${a}\n${usage}`);
    else res.file = a;
  }
  if (res.file === '') throw new Error(usage);
  if (res.timeLimitSec === undefined && res.iterations === undefined) res.timeLimitSec = 10;
  return res;
}

/** Parses an instance text by its extension (`.vrp` CVRPLIB, otherwise Solomon). */
export function readInstance(file: string, text: string): VrpInstance {
  return file.endsWith('.vrp') ? parseCvrplib(text) : parseSolomon(text);
}

/** LP settings used when the master is on. */
export const LP_DEFAULTS: Partial<HgsParams> = { lpEvery: 500, lpTimeLimitSec: 1 };

export interface SolveOutcome {
  routes: number[][];
  cost: number;
  solText: string;
  summary: Record<string, unknown>;
}

interface WorkerResult { routes: number[][]; cost: number; feasible: boolean; stats: HgsStats }

/** Wall clock shared by all threads (ms since the epoch, sub-millisecond resolution). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * Runs one seed in this thread. The time limit counts from `startEpochMs` (when the CLI started
 * the solve), so thread start-up and LP loading are inside the budget.
 */
export async function runSingle(args: SolveArgs, text: string, seed: number, startEpochMs: number = epochNow()): Promise<WorkerResult> {
  const inst = readInstance(args.file, text);
  const master = args.lp === 'off' ? undefined : await loadMaster(args.lp);
  const params = { ...(args.lp === 'off' ? {} : LP_DEFAULTS), ...args.params };
  const res = solveHgs(inst, {
    seed,
    ...(args.iterations !== undefined ? { maxIterations: args.iterations } : {}),
    ...(args.timeLimitSec !== undefined ? { timeLimitMs: Math.max(0, args.timeLimitSec * 1000 - (epochNow() - startEpochMs)), now: epochNow } : {}),
    params,
    ...(master ? { master } : {}),
  });
  return res;
}

/** Solves with `args.threads` worker threads (independent seeds seed, seed+1, ...) and keeps the best. */
export async function runSolve(args: SolveArgs, text: string): Promise<SolveOutcome> {
  const t0 = performance.now();
  const startEpoch = epochNow();
  const inst = readInstance(args.file, text);
  let results: WorkerResult[];
  if (args.threads <= 1) {
    results = [await runSingle(args, text, args.seed, startEpoch)];
  } else {
    results = await Promise.all(
      Array.from({ length: args.threads }, (_, k) =>
        new Promise<WorkerResult>((resolve, reject) => {
          // workers load TypeScript through tsx's ESM loader, registered inside the worker
          const entry = new URL('./vrp-worker.ts', import.meta.url).href;
          const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
          const w = new Worker(boot, { eval: true, workerData: { args, text, seed: args.seed + k, startEpoch } });
          w.once('message', (m: WorkerResult) => resolve(m));
          w.once('error', (e) => reject(new Error(`worker ${k} failed: ${String(e)}`)));
        }),
      ),
    );
  }
  const bestRes = results.reduce((a, b) => ((b.feasible && !a.feasible) || (b.feasible === a.feasible && b.cost < a.cost) ? b : a));
  const timeMs = Math.round(performance.now() - t0);
  const stats = results.map((r) => r.stats);
  return {
    routes: bestRes.routes,
    cost: bestRes.cost,
    solText: writeSol(inst, bestRes.routes, bestRes.cost),
    summary: {
      instance: inst.name || basename(args.file),
      cost: Number(formatCost(inst, bestRes.cost)),
      routes: bestRes.routes.length,
      timeMs,
      seed: args.seed,
      threads: Math.max(1, args.threads),
      feasible: bestRes.feasible,
      lp: args.lp,
      iterations: stats.reduce((s, x) => s + x.iterations, 0),
      lpSolves: stats.reduce((s, x) => s + x.lpSolves, 0),
      lpImprovements: stats.reduce((s, x) => s + x.lpImprovements, 0),
      lpTimeMs: Math.round(stats.reduce((s, x) => s + x.lpTimeMs, 0)),
      decompositionImprovements: stats.reduce((s, x) => s + x.decompositionImprovements, 0),
    },
  };
}
