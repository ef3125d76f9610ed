/**
 * CLI: writes a realistic collection day of the sample city in the problem format.
 *
 *   npm run generate:day -- [--bins 1500] [--vehicles 6] [--disposal-sites 1|2] [--loads 2] [--seed 1] [--date 2026-11-30] [--out day.json]
 *
 * Progress on stderr; the last stdout line is a JSON summary. See scripts/lib/collection-day.ts.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseProblemJson } from '../solver/src/index.js';
import { generateCollectionDay } from './lib/collection-day.js';
import { readSampleCity } from './lib/sample-files.js';

const { values } = parseArgs({
  options: {
    bins: { type: 'string', default: '1500' },
    vehicles: { type: 'string', default: '6' },
    'disposal-sites': { type: 'string', default: '2' },
    loads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    date: { type: 'string', default: '2026-11-30' },
    out: { type: 'string', default: 'day.json' },
  },
});
const num = (name: keyof typeof values): number => Number(values[name]);
const problems: string[] = [];
for (const k of ['bins', 'vehicles', 'loads', 'seed'] as const) if (!Number.isInteger(num(k)) || num(k) < 0) problems.push(`--${k} must be a non-negative integer, got '${values[k]}'`);
if (values['disposal-sites'] !== '1' && values['disposal-sites'] !== '2') problems.push(`--disposal-sites must be 1 or 2, got '${values['disposal-sites']}'`);
if (problems.length) {
  for (const p of problems) process.stderr.write(`error: ${p}\n`);
  process.exit(2);
}
const sample = readSampleCity();
const day = generateCollectionDay({
  ...sample,
  binCount: num('bins'),
  vehicleCount: num('vehicles'),
  disposalSites: values['disposal-sites'] === '1' ? 1 : 2,
  loadsPerTruck: num('loads'),
  seed: num('seed'),
  date: String(values.date),
});
parseProblemJson(day);
writeFileSync(String(values.out), `${JSON.stringify(day)}\n`);
process.stderr.write(`[generate:day] wrote ${values.out}\n`);
process.stdout.write(
  `${JSON.stringify({ out: values.out, bins: day.bins.length, mandatory: day.bins.filter((b) => b.mandatory).length, vehicles: day.vehicles.length, disposalSites: day.disposalSites.length, seed: num('seed') })}\n`,
);
