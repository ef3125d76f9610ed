/**
 * CLI: converts a Solomon / Gehring-Homberger VRPTW `.txt` file into the problem format, so it can
 * be solved by `npm run solve -- problem.json` (see scripts/lib/solomon-problem.ts for the units:
 * metres and seconds of the document are tenths of the file's units; the plan's `distanceM / 10`
 * is the DIMACS distance).
 *
 *   npx tsx scripts/solomon-to-problem.ts C101.txt [--out C101.json]
 *
 * Without --out the document goes next to the input (`C101.json`). The last stdout line is a JSON
 * summary; a file that is not a Solomon instance exits 2 with the reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseProblemJson, parseSolomon } from '../solver/src/index.js';
import { solomonToProblem } from './lib/solomon-problem.js';

const { values, positionals } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: true });
const input = positionals[0];
if (input === undefined || positionals.length > 1) {
  process.stderr.write('usage: solomon-to-problem FILE.txt [--out FILE.json]\n');
  process.exit(2);
}
const out = values.out ?? input.replace(/\.txt$/i, '') + '.json';
let problem: ReturnType<typeof solomonToProblem>;
try {
  problem = parseProblemJson(solomonToProblem(parseSolomon(readFileSync(input, 'utf8'))));
} catch (e) {
  process.stderr.write(`${input}: ${(e as Error).message}\n`);
  process.exit(2);
}
writeFileSync(out, `${JSON.stringify(problem)}\n`);
process.stderr.write(`[solomon-to-problem] wrote ${out}\n`);
process.stdout.write(`${JSON.stringify({ out, bins: problem.bins.length, vehicles: problem.vehicles.length, matrixSize: problem.matrix?.distancesM.length ?? 0 })}\n`);
