/**
 * CLI: solve one CVRPLIB `.vrp` or Solomon `.txt` instance with the HGS engine.
 *
 *   npx tsx scripts/solve.ts FILE [--time-limit S] [--iterations N] [--seed N] [--out FILE.sol]
 *                                 [--lp highs|jslp|off] [--threads 1|2] [--quiet]
 *
 * Writes the CVRPLIB `.sol` form when --out is given and prints one JSON summary line last:
 * {"instance","cost","routes","timeMs","seed","threads",...}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runSolve, parseSolveArgs } from './lib/vrp-run.js';

const args = parseSolveArgs(process.argv.slice(2));
const text = readFileSync(args.file, 'utf8');
const out = await runSolve(args, text);
if (args.out !== undefined) writeFileSync(args.out, out.solText);
process.stdout.write(JSON.stringify(out.summary) + '\n');
