/**
 * CLI: converts a CVRPLIB `.vrp` or Solomon / Gehring-Homberger `.txt` file into the problem
 * format (`benchmarkToProblem`), so it can be solved by `npm run solve -- problem.json` like any
 * collection day (metres and seconds of the document are the instance's units: EUC_2D distances
 * for CVRPLIB, tenths for Solomon under the DIMACS convention, 1/50 under the hierarchical one).
 *
 *   npx tsx scripts/solomon-to-problem.ts C101.txt [--out C101.json] [--objective distance|hierarchical]
 *
 * Without --out the document goes next to the input (`C101.json`). The last stdout line is a JSON
 * summary; a file that is not a benchmark instance exits 2 with the reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchmarkToProblem, parseProblemJson, type BenchmarkObjective } from '../solver/src/index.js';
import { readInstance } from './lib/benchmark-run.js';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' }, objective: { type: 'string', default: 'distance' } }, allowPositionals: true });
const input = positionals[0];
const objective = values.objective as BenchmarkObjective;
if (input === undefined || positionals.length > 1 || !['distance', 'hierarchical'].includes(objective)) {
  process.stderr.write('usage: solomon-to-problem FILE.txt|FILE.vrp [--out FILE.json] [--objective distance|hierarchical]\n');
  process.exit(2);
}
const out = values.out ?? input.replace(/\.(txt|vrp)$/i, '') + '.json';
let problem: ReturnType<typeof benchmarkToProblem>;
try {
  problem = parseProblemJson(benchmarkToProblem(readInstance(input, readFileSync(input, 'utf8')), objective));
} catch (e) {
  process.stderr.write(`${input}: ${(e as Error).message}\n`);
  process.exit(2);
}
writeFileSync(out, `${JSON.stringify(problem)}\n`);
process.stderr.write(`[solomon-to-problem] wrote ${out}\n`);
process.stdout.write(`${JSON.stringify({ out, bins: problem.bins.length, vehicles: problem.vehicles.length, matrixSize: problem.matrix?.distancesM.length ?? 0 })}\n`);
