/**
 * CPU cost of the engine per iteration, for a machine too loaded for wall-clock budgets (not a
 * test). Each instance is converted to the problem format and solved by `solveDay` with a fixed
 * iteration budget and no clock, so the plan depends only on the seed; the process's own CPU time
 * (`process.cpuUsage`, user + system) is read around the solve and at every progress report.
 *
 *   npx tsx scripts/bench-cpu.ts FILE.vrp|FILE.txt... [--iterations N] [--seed N]
 *       [--lp highs|jslp|off] [--warm N] [--tag NAME]
 *
 * Per instance: total CPU of the solve, CPU per iteration after the first `--warm` iterations
 * (default 100: the genetic search's first population), the plan's cost (recomputed by
 * `checkVrpSolution`) and its gap to the best-known value of the `bks.csv` beside the file, and
 * whether both checkers accept it. Defaults: 1,000 iterations, seed 1, no LP master (the master's
 * branch and bound is not the local search). Prints a Markdown table and, last, a JSON line; with
 * `--tag` also writes bench/results/<date>-<sha>-cpu-<tag>.md.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { benchmarkToProblem, checkDayPlan, checkVrpSolution, loadMaster, parseProblemJson, planToRoutes, resolveExplicitMatrix, solveDay, type MasterKind } from '../solver/src/index.js';
import { readInstance } from './lib/benchmark-run.js';

const argv = process.argv.slice(2);
const files: string[] = [];
let iterations = 1000;
let seed = 1;
let warm = 100;
let lp: MasterKind | 'off' = 'off';
let tag: string | undefined;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i] ?? '';
  const next = (): string => {
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    return v;
  };
  if (a === '--iterations') iterations = Number(next());
  else if (a === '--seed') seed = Number(next());
  else if (a === '--warm') warm = Number(next());
  else if (a === '--lp') lp = next() as MasterKind | 'off';
  else if (a === '--tag') tag = next();
  else if (a === '--help') {
    process.stdout.write('usage: bench-cpu FILE... [--iterations N] [--seed N] [--lp highs|jslp|off] [--warm N] [--tag NAME]\n');
    process.exit(0);
  } else if (a.startsWith('--')) throw new Error(`unknown flag ${a}`);
  else files.push(a);
}
if (files.length === 0) throw new Error('usage: bench-cpu FILE... [--iterations N] [--seed N] [--lp highs|jslp|off] [--warm N] [--tag NAME]');
if (!(iterations > warm)) throw new Error('--iterations must exceed --warm');

/** CPU milliseconds of this process so far (user + system). */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Best-known distance from the bks.csv next to (or one level above) the file. */
function bksOf(file: string, name: string): number {
  for (const dir of [dirname(file), dirname(dirname(file))]) {
    const csv = join(dir, 'bks.csv');
    if (!existsSync(csv)) continue;
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    const cols = (header ?? '').split(',');
    const row = rows.map((r) => r.split(',')).find((r) => r[0] === name);
    if (!row) continue;
    const col = cols.includes('dimacs_bks_distance') ? 'dimacs_bks_distance' : 'bks';
    return Number(row[cols.indexOf(col)]);
  }
  return NaN;
}

interface Row { instance: string; n: number; cpuMs: number; perIt: number; iterations: number; cost: number; gap: number; ok: boolean }

const master = lp === 'off' ? undefined : await loadMaster(lp);
const rows: Row[] = [];
for (const file of files) {
  const inst = readInstance(file, readFileSync(file, 'utf8'));
  const name = inst.name || basename(file).replace(/\.(vrp|txt)$/, '');
  const resolved = resolveExplicitMatrix(parseProblemJson(benchmarkToProblem(inst, 'distance')));
  let warmAt = NaN;
  let warmIt = 0;
  let lastAt = NaN;
  let lastIt = 0;
  const c0 = cpuMs();
  const res = solveDay(resolved, {
    seed,
    iterations,
    ...(master ? { master } : {}),
    onProgress: (p) => {
      if (Number.isNaN(warmAt) && p.iteration >= warm) {
        warmAt = cpuMs();
        warmIt = p.iteration;
      }
      lastAt = cpuMs();
      lastIt = p.iteration;
    },
  });
  const total = cpuMs() - c0;
  const check = checkVrpSolution(inst, planToRoutes(res.plan));
  const ok = check.violations.length === 0 && checkDayPlan(resolved, res.plan).length === 0 && res.plan.unassigned.length === 0;
  const cost = check.cost / inst.costScale;
  const bks = bksOf(file, name);
  const row: Row = { instance: name, n: inst.nNodes - 1, cpuMs: total, perIt: (lastAt - warmAt) / (lastIt - warmIt), iterations: res.stats.iterations, cost, gap: (100 * (cost - bks)) / bks, ok };
  rows.push(row);
  process.stderr.write(`${name}\tcpu=${total.toFixed(0)}ms\tper-it=${row.perIt.toFixed(2)}ms\tit=${row.iterations}\tcost=${cost}\tgap=${row.gap.toFixed(3)}%\t${ok ? 'ok' : 'CHECK FAILED'}\n`);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
let sha = 'unknown';
try {
  sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  if (execSync('git status --porcelain -- solver/src', { encoding: 'utf8' }).trim() !== '') sha += '-dirty';
} catch (e) {
  sha = `unknown (${(e as Error).message.split('\n')[0]})`;
}
const md = [
  `# CPU per iteration, ${sha}`,
  '',
  `- ${new Date().toISOString()}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  `- solveDay, ${iterations} iterations (no clock), seed ${seed}, LP master ${lp}; CPU = process user + system time; per iteration after the first ${warm}`,
  `- mean gap ${mean(rows.map((r) => r.gap)).toFixed(3)} %, all checker-clean: ${rows.every((r) => r.ok) ? 'yes' : 'no'}`,
  '',
  '| instance | n | CPU s | CPU ms / iteration | iterations | cost | gap % | checkers |',
  '|---|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.instance} | ${r.n} | ${(r.cpuMs / 1000).toFixed(1)} | ${r.perIt.toFixed(2)} | ${r.iterations} | ${r.cost} | ${r.gap.toFixed(3)} | ${r.ok ? 'clean' : 'FAILED'} |`),
  '',
].join('\n');
process.stdout.write(md + '\n');
if (tag !== undefined) {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${new Date().toISOString().slice(0, 10)}-${sha}-cpu-${tag}.md`, md);
}
process.stdout.write(JSON.stringify({ sha, iterations, seed, lp, meanGap: mean(rows.map((r) => r.gap)), rows }) + '\n');
if (!rows.every((r) => r.ok)) process.exitCode = 1;
