/**
 * Measures HiGHS against javascript-lp-solver on the same set-partitioning master problems:
 * route pools collected from short HGS runs on benchmark instances. Not a test.
 *
 *   npx tsx solver/bench/lp-backends.ts FILE... [--iterations N] [--time-cap S]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseCvrplib } from '../src/vrp/io/cvrplib.js';
import { parseSolomon } from '../src/vrp/io/solomon.js';
import { solveHgs } from '../src/vrp/hgs.js';
import type { MasterProblem, MasterSolver } from '../src/lp/master.js';
import { createHighsMaster } from '../src/lp/highs-master.js';
import { JsLpMaster } from '../src/lp/jslp-master.js';

const argv = process.argv.slice(2);
const files: string[] = [];
let iterations = 1000;
let cap = 10;
let poolSize = 20000;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i] ?? '';
  if (a === '--iterations') iterations = Number(argv[++i]);
  else if (a === '--time-cap') cap = Number(argv[++i]);
  else if (a === '--pool') poolSize = Number(argv[++i]);
  else files.push(a);
}
mkdirSync('bench/results', { recursive: true });
const out = `bench/results/${new Date().toISOString().slice(0, 10)}-lp-backends.md`;
const highs = await createHighsMaster();
const jslp = new JsLpMaster();
const lines: string[] = [
  '# Set-partitioning master: HiGHS vs javascript-lp-solver',
  '',
  `Machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${new Date().toISOString()}. Time cap per solve ${cap} s.`,
  `Pools: routes of feasible offspring of an HGS run of ${iterations} iterations (seed 1), at most ${poolSize} most recent columns.`,
  '',
  '| instance | columns | rows | HiGHS status | HiGHS obj | HiGHS ms | jslp status | jslp obj | jslp ms |',
  '|---|---:|---:|---|---:|---:|---|---:|---:|',
];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const inst = file.endsWith('.vrp') ? parseCvrplib(text) : parseSolomon(text);
  // capture the master problem the engine builds, by wrapping a recording solver
  let captured: MasterProblem | null = null;
  const recorder: MasterSolver = { name: 'record', solve: (p) => { captured = p; return { status: 'none', chosen: [], objective: 0 }; } };
  solveHgs(inst, { seed: 1, maxIterations: iterations, params: { lpEvery: iterations, lpPoolSize: poolSize }, master: recorder });
  const problem = captured as MasterProblem | null;
  if (problem === null) continue;
  const run = (m: MasterSolver) => {
    const t = performance.now();
    const r = m.solve(problem, cap);
    return { r, ms: Math.round(performance.now() - t) };
  };
  const h = run(highs);
  const j = run(jslp);
  const fmt = (x: number) => (x / inst.costScale).toString();
  const line = `| ${inst.name} | ${problem.columns.length} | ${inst.nNodes - 1 + (Number.isFinite(problem.maxRoutes) ? 1 : 0)} | ${h.r.status} | ${h.r.status === 'none' ? '-' : fmt(h.r.objective)} | ${h.ms} | ${j.r.status} | ${j.r.status === 'none' ? '-' : fmt(j.r.objective)} | ${j.ms} |`;
  lines.push(line);
  process.stdout.write(line + '\n');
  writeFileSync(out, lines.join('\n') + '\n');
}
process.stdout.write(`wrote ${out}\n`);
