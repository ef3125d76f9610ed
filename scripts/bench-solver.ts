/**
 * Benchmark of the HGS engine on CVRPLIB / Solomon instances (not a test).
 *
 *   npx tsx scripts/bench-solver.ts --set DIR|FILE... [--time-limit S|auto] [--iterations N]
 *       [--seeds K] [--lp highs|jslp|off] [--threads N] [--tag NAME] [--param key=value]
 *
 * `--time-limit auto` gives 10 s to instances with n <= 300 and 30 s above (issue 4). Each
 * solution is written as `.sol` text, parsed back and checked by the independent checker
 * (cost recomputed from coordinates, capacity, time windows, fleet). Writes
 * bench/results/<date>-<sha>-<tag>.csv and .md with the machine, threads and mean gap.
 */
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname, basename, resolve } from 'node:path';
import { cpus } from 'node:os';
import { execSync } from 'node:child_process';
import { parseSol } from '../solver/src/vrp/io/sol.js';
import { checkVrpSolution } from '../solver/src/vrp/check.js';
import { readInstance, runSolve, type SolveArgs } from './lib/vrp-run.js';

const argv = process.argv.slice(2);
const sets: string[] = [];
let timeLimit: string | undefined;
let iterations: number | undefined;
let seeds = 1;
let lp: SolveArgs['lp'] = 'highs';
let threads = 1;
let tag = 'bench';
const params: Record<string, number | boolean> = {};
for (let i = 0; i < argv.length; i++) {
  const a = argv[i] ?? '';
  const next = () => argv[++i] ?? '';
  if (a === '--set') { while (argv[i + 1] !== undefined && !(argv[i + 1] ?? '').startsWith('--')) sets.push(next()); }
  else if (a === '--time-limit') timeLimit = next();
  else if (a === '--iterations') iterations = Number(next());
  else if (a === '--seeds') seeds = Number(next());
  else if (a === '--lp') lp = next() as SolveArgs['lp'];
  else if (a === '--threads') threads = Number(next());
  else if (a === '--tag') tag = next();
  else if (a === '--param') { const [k, v] = next().split('='); params[k ?? ''] = v === 'true' ? true : v === 'false' ? false : Number(v); }
  else throw new Error(`unknown argument ${a}`);
}
if (sets.length === 0) throw new Error('usage: bench-solver --set DIR|FILE... [--time-limit S|auto] [--seeds K] [--lp highs|jslp|off] [--threads N]');

const files: string[] = [];
for (const s of sets) {
  if (statSync(s).isDirectory()) {
    for (const f of readdirSync(s).sort()) if (f.endsWith('.vrp') || f.endsWith('.txt')) files.push(join(s, f));
  } else files.push(s);
}

/** BKS from the bks.csv next to (or one level above) the instance folder. */
function bksOf(file: string, name: string): { bks: number; vehicles: number | null } | null {
  for (const dir of [dirname(file), dirname(dirname(file))]) {
    const csv = join(dir, 'bks.csv');
    if (!existsSync(csv)) continue;
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    const cols = (header ?? '').split(',');
    const row = rows.map((r) => r.split(',')).find((r) => r[0] === name);
    if (row === undefined) continue;
    const get = (c: string) => row[cols.indexOf(c)] ?? '';
    if (cols.includes('dimacs_bks_distance')) return { bks: Number(get('dimacs_bks_distance')), vehicles: Number(get('dimacs_bks_vehicles')) };
    return { bks: Number(get('bks')), vehicles: null };
  }
  return null;
}

let sha = 'unknown';
try {
  sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  const dirty = execSync('git status --porcelain -- solver/src/vrp solver/src/lp scripts/bench-solver.ts scripts/lib', { encoding: 'utf8' }).trim();
  if (dirty !== '') sha += '-dirty';
} catch (e) {
  sha = `unknown (${(e as Error).message.split('\n')[0]})`;
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}`;
interface Row { instance: string; n: number; bks: number; cost: number; gap: number; routes: number; bksRoutes: number | null; maxVehicles: number; timeMs: number; seed: number; feasible: boolean; iterations: number; lpSolves: number; lpImprovements: number; lpTimeMs: number }
const rows: Row[] = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const inst = readInstance(file, text);
  const n = inst.nNodes - 1;
  const tl = timeLimit === 'auto' ? (n <= 300 ? 10 : 30) : timeLimit !== undefined ? Number(timeLimit) : undefined;
  const ref = bksOf(file, inst.name || basename(file).replace(/\.(vrp|txt)$/, ''));
  for (let k = 0; k < seeds; k++) {
    const args: SolveArgs = { file, seed: k + 1, lp, threads, params, ...(tl !== undefined ? { timeLimitSec: tl } : {}), ...(iterations !== undefined ? { iterations } : {}) };
    const out = await runSolve(args, text);
    const back = parseSol(inst, out.solText);
    const check = checkVrpSolution(inst, back.routes);
    const cost = check.cost / inst.costScale;
    const feasible = check.violations.length === 0 && Math.abs((back.cost ?? -1) - cost) < 1e-6;
    if (!feasible) process.stderr.write(`CHECK FAILED ${inst.name} seed ${k + 1}: ${check.violations.slice(0, 5).join('; ')} (sol cost ${back.cost}, recomputed ${cost})\n`);
    const bks = ref?.bks ?? NaN;
    const s = out.summary as Record<string, number>;
    const row: Row = {
      instance: inst.name, n, bks, cost, gap: (100 * (cost - bks)) / bks, routes: check.routes, bksRoutes: ref?.vehicles ?? null,
      maxVehicles: inst.maxVehicles, timeMs: Number(s['timeMs']), seed: k + 1, feasible,
      iterations: Number(s['iterations']), lpSolves: Number(s['lpSolves']), lpImprovements: Number(s['lpImprovements']), lpTimeMs: Number(s['lpTimeMs']),
    };
    rows.push(row);
    process.stderr.write(`${row.instance}\tn=${n}\tbks=${bks}\tcost=${cost}\tgap=${row.gap.toFixed(2)}%\troutes=${row.routes}${row.bksRoutes !== null ? `/${row.bksRoutes}` : ''}\t${row.timeMs}ms\tit=${row.iterations}\tlp=${row.lpImprovements}/${row.lpSolves}\t${feasible ? 'ok' : 'INFEASIBLE'}\n`);
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const meanGap = mean(rows.map((r) => r.gap));
const allOk = rows.every((r) => r.feasible);
const date = new Date().toISOString().slice(0, 10);
mkdirSync('bench/results', { recursive: true });
const base = resolve('bench/results', `${date}-${sha.split(' ')[0]}-${tag}`);
const header = 'instance,n,bks,cost,gap_percent,routes,bks_routes,max_vehicles,time_ms,seed,feasible,iterations,lp_solves,lp_improvements,lp_time_ms';
writeFileSync(`${base}.csv`, [header, ...rows.map((r) => [r.instance, r.n, r.bks, r.cost, r.gap.toFixed(3), r.routes, r.bksRoutes ?? '', Number.isFinite(r.maxVehicles) ? r.maxVehicles : '', r.timeMs, r.seed, r.feasible, r.iterations, r.lpSolves, r.lpImprovements, r.lpTimeMs].join(','))].join('\n') + '\n');
const md = [
  `# Solver benchmark ${tag}`,
  '',
  `- date ${new Date().toISOString()}, commit ${sha}`,
  `- machine: ${machine}`,
  `- threads per instance: ${threads} (${threads > 1 ? `${threads} worker_threads running independent seeds, best kept` : 'main thread only'})`,
  `- time limit: ${timeLimit ?? 'none'}${iterations !== undefined ? `, iterations ${iterations}` : ''}; seeds ${seeds}; LP master: ${lp}; params ${JSON.stringify(params)}`,
  `- all solutions pass the independent checker: ${allOk ? 'yes' : 'NO'}`,
  `- **mean gap ${meanGap.toFixed(3)}%**, max gap ${Math.max(...rows.map((r) => r.gap)).toFixed(3)}%`,
  '',
  '| instance | n | BKS | cost | gap % | routes (BKS) | time s | iterations | LP improved/solves |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.instance} | ${r.n} | ${r.bks} | ${r.cost} | ${r.gap.toFixed(2)} | ${r.routes}${r.bksRoutes !== null ? ` (${r.bksRoutes})` : ''} | ${(r.timeMs / 1000).toFixed(1)} | ${r.iterations} | ${r.lpImprovements}/${r.lpSolves} |`),
  '',
].join('\n');
writeFileSync(`${base}.md`, md);
process.stderr.write(`mean gap ${meanGap.toFixed(3)}% over ${rows.length} runs; all feasible: ${allOk}; threads ${threads}; wrote ${base}.csv and .md\n`);
process.stdout.write(
  `${JSON.stringify({ tag, runs: rows.length, meanGapPercent: Number(meanGap.toFixed(3)), maxGapPercent: Number(Math.max(...rows.map((r) => r.gap)).toFixed(3)), allFeasible: allOk, threads, csv: `${base}.csv`, md: `${base}.md` })}\n`,
);
if (!allOk) process.exitCode = 1;
