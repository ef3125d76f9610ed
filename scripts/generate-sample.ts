/**
 * CLI: generate the bundled sample city into `data/sample/` (or `--out DIR`).
 *
 *   npm run generate:sample -- [--seed 20261127] [--bins 1500] [--weeks 8] [--end 2026-11-27T23:00:00Z] [--out data/sample]
 *
 * Progress goes to stderr; the last line of stdout is a JSON summary. The committed sample is
 * exactly what this command produces with the defaults (a test regenerates it and compares).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { generateSampleCity, SAMPLE_DEFAULTS } from './lib/sample-city.js';

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(SAMPLE_DEFAULTS.seed) },
      bins: { type: 'string', default: String(SAMPLE_DEFAULTS.bins) },
      weeks: { type: 'string', default: String(SAMPLE_DEFAULTS.weeks) },
      end: { type: 'string', default: SAMPLE_DEFAULTS.end },
      out: { type: 'string', default: 'data/sample' },
    },
  });
  const seed = Number(values.seed);
  const binCount = Number(values.bins);
  const weeks = Number(values.weeks);
  const problems: string[] = [];
  if (!Number.isInteger(seed)) problems.push(`--seed must be an integer, got ${values.seed}`);
  if (!Number.isInteger(binCount) || binCount < 1) problems.push(`--bins must be a positive integer, got ${values.bins}`);
  if (!Number.isInteger(weeks) || weeks < 1) problems.push(`--weeks must be a positive integer, got ${values.weeks}`);
  if (Number.isNaN(Date.parse(values.end))) problems.push(`--end must be an ISO instant, got ${values.end}`);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`error: ${p}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const files = generateSampleCity({
    roadsPbf: readFileSync(SAMPLE_DEFAULTS.roads),
    extraWastePbfs: [{ name: SAMPLE_DEFAULTS.extraWaste, bytes: readFileSync(SAMPLE_DEFAULTS.extraWaste) }],
    seed,
    binCount,
    weeks,
    endIso: values.end,
    onProgress: (m) => process.stderr.write(`[generate] ${m}\n`),
  });
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'bins.csv'), files.binsCsv);
  writeFileSync(join(values.out, 'sites.json'), files.sitesJson);
  writeFileSync(join(values.out, 'fleet.json'), files.fleetJson);
  writeFileSync(join(values.out, 'spaces.json'), files.spacesJson);
  writeFileSync(join(values.out, 'meta.json'), files.metaJson);
  writeFileSync(join(values.out, 'collections.csv'), files.collectionsCsv);
  writeFileSync(join(values.out, 'readings.csv.gz'), gzipSync(files.readingsCsv, { level: 9 }));
  process.stderr.write(`[generate] wrote ${values.out}\n`);
  process.stdout.write(`${JSON.stringify({ out: values.out, seed, ...files.stats, ms: Math.round(performance.now() - started) })}\n`);
}

main();
