/**
 * CLI: solve one CVRPLIB `.vrp` or Solomon `.txt` instance with the HGS engine, or a collection
 * day in the product's problem format (`.json`, see docs/problem-format.md).
 *
 *   npm run solve -- FILE [--time-limit S] [--iterations N] [--seed N] [--out FILE.sol]
 *                         [--lp highs|jslp|off] [--threads 1|2] [--quiet]
 *   npm run solve -- problem.json [--out plan.json] [--time-limit S] [--iterations N] [--seed N]
 *
 * Writes the CVRPLIB `.sol` form (or the plan JSON) when --out is given and prints one JSON
 * summary line last: {"instance","cost","routes","timeMs","seed","threads",...}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ProblemError } from '../solver/src/index.js';
import { solveDayFile } from './lib/day-solve.js';
import { runSolve, parseSolveArgs } from './lib/vrp-run.js';

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
  const timeLimit = flag('--time-limit');
  const iterations = flag('--iterations');
  let solved: ReturnType<typeof solveDayFile>;
  try {
    solved = solveDayFile(argv[0], (line) => process.stderr.write(`${line}\n`), {
      seed: flag('--seed') ?? 1,
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
process.stdout.write(JSON.stringify(out.summary) + '\n');
