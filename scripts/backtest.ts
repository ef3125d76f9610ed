/**
 * `npm run backtest -- FILE [--prior-count N]`: replays real collection events (the
 * Edinburgh 2016 CSV by default, data/edinburgh/) and reports the mean absolute error of the fill
 * forecast at each next collection against two baselines (see scripts/lib/backtest-core.ts).
 * Progress on stderr; writes bench/results/backtest-<name>-<date>.json (with the data's licence)
 * and prints one JSON line last: {events, maeModel, maeLastRate, maeStreamMean, ...}.
 * Rows that cannot be read go to the report's `rejected` list with their line number and reason.
 */
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse } from 'csv-parse';
import type { CollectionEvent } from '../solver/src/index.js';
import { runBacktest } from './lib/backtest-core.js';
import { zonedToUtcMs } from './lib/zoned-time.js';

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
  const figures = runBacktest(events, { priorCount });
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
  process.stdout.write(`${JSON.stringify({ ...line, report: out })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[backtest] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
