/**
 * `npm run backtest -- FILE [--prior-count N] [--no-sample] [--sample-step-days N]`: two replays.
 * 1. Real collection events (the Edinburgh 2016 CSV by default, data/edinburgh/): the mean
 *    absolute error of the fill forecast at each next collection against three baselines
 *    (last rate, stream mean, persistence), and overflow-onset precision/recall at 7 days
 *    (scripts/lib/backtest-core.ts).
 * 2. The sample city's sensor series (data/sample/readings.csv.gz, collections.csv as the truth):
 *    the fill model against persistence, last rate and stream mean at horizons 1..7 days, on bins
 *    not yet full (scripts/lib/readings-backtest.ts).
 * 3. The same on seeded daily series of large containers (scripts/lib/daily-series.ts: one reading
 *    a day, slow fills, dumps, unreported collections, overflow clipped at 100).
 * Progress on stderr; writes bench/results/backtest-<name>.json (with the data's licence) and
 * bench/results/backtest-sample-readings.json and backtest-daily-large-containers.json, and prints one JSON line last: the Edinburgh
 * figures {events, maeModel, maeLastRate, maeStreamMean, maePersistence, onsetPrecision,
 * onsetRecall, ...} plus `sample` and `daily` (MAE per method, day-1 MAE, onset of the model).
 * Rows that cannot be read go to the report's `rejected` list with their line number and reason.
 */
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse';
import type { CollectionEvent, FillReading } from '../solver/src/index.js';
import { runBacktest } from './lib/backtest-core.js';
import { generateDailySeries } from './lib/daily-series.js';
import { runReadingsBacktest, type SeriesBin } from './lib/readings-backtest.js';
import { readSampleCity } from './lib/sample-files.js';
import { zonedToUtcMs } from './lib/zoned-time.js';

/** Probability of reading full from which the event model says "full by then" (see backtest-core.ts). */
const ONSET_PROBABILITY = 0.3;
const DEFAULT_FILE = 'data/edinburgh/edinburgh_litter_bin_collections_2016.csv';
const LICENCE =
  'Contains public sector information licensed under the Open Government Licence v3.0. Source: City of Edinburgh Council, litter bin sensor data (2016).';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+(\.\d+)?$/.test(a)) ?? DEFAULT_FILE;
  const priorIdx = args.indexOf('--prior-count');
  const priorCount = priorIdx >= 0 ? Number(args[priorIdx + 1]) : undefined;
  const events = new Map<string, CollectionEvent[]>();
  const rejected: { line: number; reason: string }[] = [];
  const seen = new Set<string>();
  let rows = 0;
  let duplicates = 0;
  const records = createReadStream(resolve(file)).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, info: true }));
  let checkedHeader = false;
  for await (const { record, info } of records as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    if (!checkedHeader) {
      for (const col of ['site', 'collected_at_europe_london', 'fill_level_before_pct']) {
        if (!(col in record)) throw new Error(`${file}: missing column '${col}'`);
      }
      checkedHeader = true;
    }
    rows++;
    const lineNo = info.lines;
    const get = (col: string): string => record[col] ?? '';
    const site = get('site');
    const fill = Number(get('fill_level_before_pct'));
    let atMs: number;
    try {
      atMs = zonedToUtcMs(get('collected_at_europe_london'), 'Europe/London');
    } catch (err) {
      rejected.push({ line: lineNo, reason: (err as Error).message });
      continue;
    }
    if (site === '') rejected.push({ line: lineNo, reason: 'empty site' });
    else if (!Number.isFinite(fill) || fill < 0 || fill > 100) rejected.push({ line: lineNo, reason: `fill_level_before_pct not in 0..100: '${get('fill_level_before_pct')}'` });
    else {
      const key = `${site}@${atMs}`;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      const list = events.get(site) ?? [];
      list.push({ atMs, fillBeforePercent: fill });
      events.set(site, list);
    }
  }
  process.stderr.write(`[backtest] ${rows} rows, ${events.size} bins, ${rejected.length} rejected, ${duplicates} duplicates\n`);
  const t0 = performance.now();
  const figures = runBacktest(events, { priorCount, onsetProbability: ONSET_PROBABILITY });
  process.stderr.write(`\n[backtest] done in ${Math.round(performance.now() - t0)} ms\n`);
  const report = {
    file,
    generatedAt: new Date().toISOString(),
    licence: file.includes('edinburgh') ? LICENCE : 'see the data file README',
    options: { priorCount: priorCount ?? 'default' },
    rows,
    duplicates,
    rejected,
    ...figures,
  };
  mkdirSync('bench/results', { recursive: true });
  const out = `bench/results/backtest-${basename(file).replace(/\.csv$/, '')}${priorCount === undefined ? '' : `-prior${priorCount}`}.json`;
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`[backtest] report written to ${out}\n`);
  const { curvePercent: _curve, maeByGap: _gaps, ...line } = figures;
  let sample: Record<string, unknown> | undefined;
  if (!args.includes('--no-sample')) {
    const stepIdx = args.indexOf('--sample-step-days');
    const stepDays = stepIdx >= 0 ? Number(args[stepIdx + 1]) : 1;
    const bins = readSampleSeries('data/sample');
    process.stderr.write(`[backtest] sample: ${bins.length} bins, ${bins.reduce((s, b) => s + b.readings.length, 0)} readings\n`);
    const t1 = performance.now();
    const f = runReadingsBacktest(bins, { stepDays, onProgress: (m) => process.stderr.write(`\r[backtest] sample ${m}`) });
    process.stderr.write(`\n[backtest] sample done in ${Math.round(performance.now() - t1)} ms\n`);
    const sampleOut = 'bench/results/backtest-sample-readings.json';
    writeFileSync(
      sampleOut,
      `${JSON.stringify({ file: 'data/sample/readings.csv.gz', generatedAt: new Date().toISOString(), licence: 'synthetic readings (data/sample/README.md)', options: { stepDays }, ...f }, null, 2)}\n`,
    );
    process.stderr.write(`[backtest] sample report written to ${sampleOut}\n`);
    sample = {
      maeModel: f.mae.model,
      maePersistence: f.mae.persistence,
      maeLastRate: f.mae.lastRate,
      maeStreamMean: f.mae.streamMean,
      maeDay1Model: f.maeByHorizon[0]!.model,
      maeDay1Persistence: f.maeByHorizon[0]!.persistence,
      onsetPrecision: f.onset.model.precision,
      onsetRecall: f.onset.model.recall,
      report: sampleOut,
    };
  }
  // Third set: seeded daily series of large containers (scripts/lib/daily-series.ts), an outside evaluator's kind of data.
  const daily = runReadingsBacktest(generateDailySeries({ bins: 60, days: 120, seed: 17, daysToFullMedian: 30, noiseSd: 5 }), { windowHours: 12, warmupDays: 21 });
  const dailyOut = 'bench/results/backtest-daily-large-containers.json';
  writeFileSync(dailyOut, `${JSON.stringify({ generator: 'scripts/lib/daily-series.ts', options: { bins: 60, days: 120, seed: 17, daysToFullMedian: 30, noiseSd: 5 }, ...daily }, null, 2)}\n`);
  const dailyLine = {
    maeModel: daily.mae.model,
    maePersistence: daily.mae.persistence,
    maeLastRate: daily.mae.lastRate,
    maeStreamMean: daily.mae.streamMean,
    maeDay1Model: daily.maeByHorizon[0]!.model,
    maeDay1Persistence: daily.maeByHorizon[0]!.persistence,
    onsetPrecision: daily.onset.model.precision,
    onsetRecall: daily.onset.model.recall,
    report: dailyOut,
  };
  process.stdout.write(`${JSON.stringify({ ...line, report: out, ...(sample ? { sample } : {}), daily: dailyLine })}\n`);
}

/** The sample city's bins with their readings and the truth of their collections. */
function readSampleSeries(dir: string): SeriesBin[] {
  const { bins } = readSampleCity(dir);
  const readings = new Map<string, FillReading[]>();
  const lines = gunzipSync(readFileSync(`${dir}/readings.csv.gz`)).toString('utf8').trim().split('\n');
  lines.slice(1).forEach((line, i) => {
    const [binId, at, fill] = line.split(',');
    const atMs = Date.parse(at ?? '');
    const f = Number(fill);
    if (!binId || !Number.isFinite(atMs) || !Number.isFinite(f)) throw new Error(`${dir}/readings.csv.gz:${i + 2}: malformed row '${line}'`);
    const list = readings.get(binId) ?? [];
    list.push({ measuredAtMs: atMs, fillPercent: f });
    readings.set(binId, list);
  });
  const collections = new Map<string, { atMs: number; full: boolean }[]>();
  readFileSync(`${dir}/collections.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .forEach((line, i) => {
      const [binId, at, fill] = line.split(',');
      const atMs = Date.parse(at ?? '');
      if (!binId || !Number.isFinite(atMs) || !Number.isFinite(Number(fill))) throw new Error(`${dir}/collections.csv:${i + 2}: malformed row '${line}'`);
      const list = collections.get(binId) ?? [];
      list.push({ atMs, full: Number(fill) >= 100 });
      collections.set(binId, list);
    });
  return bins.map((b) => ({
    binId: b.binId,
    stream: b.stream,
    groups: [`container:${b.container}`],
    readings: (readings.get(b.binId) ?? []).sort((x, y) => x.measuredAtMs - y.measuredAtMs),
    collections: (collections.get(b.binId) ?? []).sort((x, y) => x.atMs - y.atMs),
  }));
}

main().catch((err: unknown) => {
  process.stderr.write(`[backtest] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
