/**
 * CLI: solves a collection day in the product's problem format (`.json`, see
 * docs/problem-format.md), or a CVRPLIB `.vrp` / Solomon `.txt` instance converted to that format,
 * with the one engine (`solveDay`, set-partitioning master on HiGHS unless `--lp off`).
 *
 *   npm run solve -- problem.json [--out plan.json] [--time-limit S] [--iterations N] [--seed N] [--lp highs|jslp|off]
 *   npm run solve -- FILE.vrp|FILE.txt [--time-limit S] [--iterations N] [--seed N] [--out FILE.sol]
 *                    [--lp highs|jslp|off] [--threads N] [--objective distance|hierarchical]
 *
 * Writes the plan JSON (or the CVRPLIB `.sol` form) when --out is given, and prints one JSON
 * summary line last. Every plan is checked (`checkDayPlan`; benchmark routes also by
 * `checkVrpSolution` on the file's coordinates); a plan that fails exits 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ProblemError, type MasterKind } from '../solver/src/index.js';
import { solveDayFile } from './lib/day-solve.js';
import { parseSolveArgs, runSolve } from './lib/benchmark-run.js';

const argv = process.argv.slice(2);
if (argv[0]?.endsWith('.json')) {
  const outIdx = argv.indexOf('--out');
  const outFile = outIdx >= 0 ? argv[outIdx + 1] : undefined;
  const flag = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v < 0) {
      process.stderr.write(`${name} needs a non-negative number, got '${argv[i + 1] ?? ''}'\n`);
      process.exit(2);
    }
    return v;
  };
  const lpIdx = argv.indexOf('--lp');
  const lp = (lpIdx >= 0 ? argv[lpIdx + 1] : 'highs') as MasterKind | 'off';
  if (!['highs', 'jslp', 'off'].includes(lp)) {
    process.stderr.write(`--lp must be highs, jslp or off, got '${lp}'\n`);
    process.exit(2);
  }
  const timeLimit = flag('--time-limit');
  const iterations = flag('--iterations');
  let solved: Awaited<ReturnType<typeof solveDayFile>>;
  try {
    solved = await solveDayFile(argv[0], (line) => process.stderr.write(`${line}\n`), {
      seed: flag('--seed') ?? 1,
      lp,
      ...(iterations !== undefined ? { iterations } : {}),
      ...(timeLimit !== undefined || iterations === undefined ? { timeLimitMs: 1000 * (timeLimit ?? 30) } : {}),
    });
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    process.stderr.write(`${argv[0]}: ${e.issues.length} problem(s)\n`);
    for (const i of e.issues) process.stderr.write(`  ${i.path}: ${i.message}\n`);
    process.exit(2);
  }
  const { plan, summary } = solved;
  if (outFile !== undefined) writeFileSync(outFile, `${JSON.stringify(plan, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
}
const args = parseSolveArgs(argv);
const text = readFileSync(args.file, 'utf8');
const out = await runSolve(args, text);
if (args.out !== undefined) writeFileSync(args.out, out.solText);
for (const v of out.best.violations.slice(0, 5)) process.stderr.write(`CHECK FAILED: ${v}\n`);
process.stdout.write(JSON.stringify(out.summary) + '\n');
if (out.best.violations.length > 0) process.exitCode = 1;
