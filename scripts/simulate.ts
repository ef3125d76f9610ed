/**
 * `npm run simulate -- --weeks 8 --strategy fixed|fixed-twice-weekly|fixed-every-10-days|fixed-fortnightly|fixed-mix|fixed-schedule|sensor|sensor-rounds|all|frontier
 * [--truth anchored|primer-defaults] [--seed N] [--iterations N] [--risk P | --risks P,P] [--may P]
 * [--horizon H] [--full P] [--h3 R] [--phased off] [--home-days 2,4]
 * [--work-days 1,2,3,4,5] [--rounds 0|1|2] [--emergency-risk P] [--lp highs|jslp|off]
 * [--cycle D] [--overflow-eur E] [--oracle] [--label TEXT]`
 * `npm run simulate -- --truth-stats [--seeds 1,2,3]`: what the truth allows any strategy (share of
 * bins full in under 7 and 14 days, H3 areas whose every bin lasts 12 days), one JSON line.
 * `npm run simulate -- --merge a.jsonl,b.jsonl --out bench/results/<name>`: the frontier files
 * (CSV, JSON, SVG) from the stdout lines of runs made in parallel processes.
 *
 * `sensor` is the rolling-horizon area planner (issue #17, scripts/lib/horizon-strategy.ts);
 * `sensor-rounds` the sensor strategy of issue #6 (weekly sector rounds, skip bins; `--cycle D` puts
 * the rounds on a sector cycle of D working days, the "sensor sweep"). `frontier` runs the fixed
 * schedules, the horizon planner at risks 1, 5 and 20 % and the sensor sweep at cycles 3, 4, 5, 6, 7
 * and 10 working days (FRONTIER_SWEEPS), and writes
 * bench/results/simulate-<truth>-frontier-solveday-i<N>-s<seed>-<weeks>w.{csv,json,svg}.
 *
 * Runs the strategy simulator (scripts/lib/simulate-core.ts) on the sample city (data/sample/:
 * bins, depot and disposal site, fleet) with the real road network (data/osm/) and the full day
 * solver `solveDay` (each day's plan checked with `checkDayPlan`; `may` bins optional with a
 * prize). `fixed` is the weekly fixed schedule (each bin once a week), `fixed-twice-weekly` the same
 * sectors twice a week, `fixed-schedule` the
 * generator's schedule, `all` runs the three; a comma-separated list runs those given. `--truth` picks the ground-truth calibration
 * (scripts/lib/fill-truth.ts `TruthCalibration`): `anchored` (default; stream fill rates set so a
 * weekly round finds bins at the primer's observed 50–58 % mean fill) or `primer-defaults` (the
 * sample generator's days to full, the behaviour before the option existed).
 * Progress goes to stderr; the per-day rows of every strategy go to
 * bench/results/simulate-<truth>-<strategy>[-rounds<R>-risk<P>[-may<P>][-em<P>]]-solveday-i<N>-s<seed>-<weeks>w.csv and, with several
 * strategies, a summary CSV bench/results/simulate-<truth>-summary-solveday-i<N>-s<seed>-<weeks>w.csv (N:
 * `solveDay` iterations a day; files without the tag are the v1 router's older runs); stdout gets one JSON
 * line per strategy, the last one last (with `all`, the sensor line carries the comparison with
 * the weekly schedule).
 * Sensor defaults: `--rounds 1 --risk 2` (weekly sector rounds, skip a bin when its overflow risk
 * before its next round is under 2 %), `--may 70` (`may` bins optional, prize 6 EUR × forecast fill),
 * Mon–Fri; `--rounds 0 --risk 10` is the free daily choice. Solver: seed 1, `solveDay` with 300
 * iterations per day (no time limit), set-partitioning master on HiGHS (`--lp`), as the server's plans.
 * CO2: each vehicle's `co2KgPerKm` from fleet.json (2.5 kg/km for diesel collection trucks: primer
 * §8, 80 L/100 km × 3.17 kgCO2e/L).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { buildRoadNetwork, loadMaster, parseOsm, type MasterKind, type Stream } from '../solver/src/index.js';
import { parse } from 'csv-parse/sync';
import { SAMPLE_DEFAULTS } from './lib/sample-city.js';
import { simVehicles, worldMatrix, type FleetEntry } from './lib/sim-world.js';
import { compareFrontiers, frontierSvg, type FrontierPoint } from './lib/frontier-svg.js';
import { TRUTH_CALIBRATIONS, type TruthCalibration } from './lib/fill-truth.js';
import { ALL_STRATEGIES, DEFAULT_HORIZON_RISK_PERCENT, DEFAULT_SIM_ITERATIONS, STRATEGIES, simulate, truthStats, type SimBin, type SimResult, type SimWorld, type StrategyName } from './lib/simulate-core.js';

const START = '2026-10-05T00:00:00Z'; // a Monday; the simulated calendar (Oct-Nov) matches the sample's.
/** `--strategy frontier`: the fixed schedules run, and the sensor risks (percent). */
const FRONTIER_FIXED: readonly string[] = ['fixed-twice-weekly', 'fixed-weekly', 'fixed-every-10-days', 'fixed-fortnightly', 'fixed-mix'];
const FRONTIER_RISKS: readonly number[] = [1, 5, 20];
/**
 * `--strategy frontier`: the sensor sweep settings (`sensor-rounds` on a sector cycle of that many
 * working days, at that risk), one beside each fixed schedule's overflow level.
 */
const FRONTIER_SWEEPS: readonly { cycle: number; risk: number; may?: number }[] = [
  { cycle: 3, risk: 1 },
  { cycle: 4, risk: 10, may: 90 },
  { cycle: 5, risk: 2 },
  { cycle: 6, risk: 2 },
  { cycle: 7, risk: 2 },
  { cycle: 10, risk: 2 },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function num(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`--${name} must be a number, got '${v}'`);
  return x;
}


/** Loads the sample city and the road matrix of depot, disposal and every bin. */
function loadWorld(log: (m: string) => void): SimWorld {
  const rows = parse(readFileSync('data/sample/bins.csv', 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const col = (r: Record<string, string>, name: string): string => {
    const v = r[name];
    if (v === undefined) throw new Error(`data/sample/bins.csv: missing column '${name}'`);
    return v;
  };
  const bins: (SimBin & { lat: number })[] = rows.map((r) => ({
    binId: col(r, 'bin_id'),
    stream: col(r, 'stream') as Stream,
    capacityLitres: Number(col(r, 'capacity_litres')),
    serviceSec: Number(col(r, 'service_sec')),
    lng: Number(col(r, 'lng')),
    lat: Number(col(r, 'lat')),
  }));
  const sites = JSON.parse(readFileSync('data/sample/sites.json', 'utf8')) as { id: string; kind: string; lng: number; lat: number; serviceSec: number }[];
  const depot = sites.find((s) => s.kind === 'depot');
  const disposal = sites.find((s) => s.kind === 'disposal');
  if (!depot || !disposal) throw new Error('data/sample/sites.json: no depot or disposal site');
  const fleet = JSON.parse(readFileSync('data/sample/fleet.json', 'utf8')) as FleetEntry[];
  let t = performance.now();
  const net = buildRoadNetwork(parseOsm(readFileSync(SAMPLE_DEFAULTS.roads), SAMPLE_DEFAULTS.roads));
  const { matrix, unreachableBins } = worldMatrix(net, [depot.lng, depot.lat], [disposal.lng, disposal.lat], bins, 'sample city');
  log(`[simulate] road network, ${bins.length + 2} snaps and matrix in ${Math.round(performance.now() - t)} ms (${unreachableBins.size} bins unreachable, never routed)`);
  t = performance.now();
  const vehicles = simVehicles(fleet);
  return { bins, vehicles, matrix, unreachableBins, disposalServiceSec: disposal.serviceSec, utcOffsetSec: 3600 };
}

function summaryLine(r: SimResult): Record<string, unknown> {
  return {
    strategy: r.strategy,
    truth: r.truth,
    weeks: r.weeks,
    km: r.km,
    truckHours: r.truckHours,
    collections: r.collections,
    meanFillAtCollection: r.meanFillAtCollection,
    overflowBinDays: r.overflowBinDays,
    overflowBinDaysFaultySensor: r.overflowBinDaysFaultySensor,
    co2Kg: r.co2Kg,
    costEur: r.costEur,
    faultyFlaggedBinDays: r.faultyFlaggedBinDays,
    unassigned: r.unassigned,
    mayOffered: r.mayOffered,
    mayTaken: r.mayTaken,
  };
}

/** Writes the frontier files from the JSON lines of earlier runs (`--merge`). */
function merge(files: readonly string[], out: string): void {
  const lines = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => l.trim().startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown> & { label?: string; strategy: string; km: number; overflowBinDays: number })
      .map((l): Record<string, unknown> & { label: string; strategy: string; km: number; overflowBinDays: number } => ({ ...l, label: l.label ?? l.strategy })),
  );
  const cols = ['label', 'strategy', 'km', 'truckHours', 'collections', 'meanFillAtCollection', 'overflowBinDays', 'co2Kg', 'costEur', 'unassigned'];
  writeFileSync(`${out}.csv`, `${cols.join(',')}\n${lines.map((l) => cols.map((c) => String(l[c] ?? '')).join(',')).join('\n')}\n`);
  const points: FrontierPoint[] = lines.map((l) => ({ label: l.label, family: l.strategy.startsWith('sensor') ? 'sensor' : 'fixed', km: l.km, overflowBinDays: l.overflowBinDays }));
  const comparison = compareFrontiers(points);
  writeFileSync(`${out}.json`, `${JSON.stringify({ runs: lines, comparison }, null, 2)}\n`);
  for (const c of comparison) {
    process.stderr.write(`[simulate] ${c.fixed} (${c.overflowBinDays} overflow bin-days, ${c.fixedKm} km): best sensor at no more overflow ${c.bestSensor ?? 'none'}${c.bestSensorKm === null ? '' : ` ${c.bestSensorKm} km`}; sensor line there ${c.sensorFrontierKm ?? '-'} km -> ${c.dominated ? 'dominated' : c.belowOnLine ? 'below on the line' : 'NOT below'}\n`);
  }
  writeFileSync(`${out}.svg`, frontierSvg(points, 'Strategies: km against overflow bin-days'));
  process.stderr.write(`[simulate] merged ${lines.length} runs into ${out}.csv / .json / .svg\n`);
}

async function main(): Promise<void> {
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const toMerge = arg('merge');
  if (toMerge !== undefined) {
    const out = arg('out');
    if (!out) throw new Error('--merge needs --out <path without extension>');
    merge(toMerge.split(','), out);
    return;
  }
  if (process.argv.includes('--truth-stats')) {
    // What the truth allows any strategy (bench/results/simulate-report.md, issue #17).
    const truthKind = (arg('truth') ?? TRUTH_CALIBRATIONS[0]) as TruthCalibration;
    const world = loadWorld(log);
    const seeds = (arg('seeds') ?? arg('seed') ?? '1').split(',').map(Number);
    const stats = seeds.map((seed) => truthStats(world, seed, truthKind));
    for (const st of stats) log(`[simulate] truth seed ${st.seed}: median ${st.medianDaysToFull} days to full; ${Math.round(st.shareUnder14Days * 100)} % of bins full in under 14 days; ${st.areasAllSlow} of ${st.areas} areas have every bin lasting ${st.slowDays} days (${st.binsInSlowAreas} bins)`);
    process.stdout.write(`${JSON.stringify({ truth: truthKind, stats })}\n`);
    return;
  }
  const weeks = num('weeks', 8);
  const which = arg('strategy') ?? 'all';
  const all: readonly string[] = ALL_STRATEGIES;
  const names: StrategyName[] = [];
  for (const w of which.split(',')) {
    const add: readonly string[] =
      w === 'all' ? STRATEGIES : w === 'frontier' ? FRONTIER_FIXED.concat(['sensor']) : w === 'fixed' ? ['fixed-weekly'] : all.includes(w) ? [w] : [];
    if (add.length === 0) throw new Error(`--strategy must be fixed, frontier, all, or one of ${ALL_STRATEGIES.join(', ')} (or a comma-separated list), got '${w}'`);
    for (const x of add) if (!names.includes(x as StrategyName)) names.push(x as StrategyName);
  }
  // The sensor strategy at each risk of --risks (frontier default: several), else at --risk.
  const risks = arg('risks')?.split(',').map(Number) ?? (which.split(',').includes('frontier') ? FRONTIER_RISKS : [num('risk', DEFAULT_HORIZON_RISK_PERCENT)]);
  const runs: { strategy: StrategyName; risk: number; cycle?: number; may?: number }[] = [];
  for (const strategy of names) {
    if (strategy === 'sensor') for (const risk of risks) runs.push({ strategy, risk });
    else runs.push({ strategy, risk: num('risk', 2) });
  }
  if (which.split(',').includes('frontier')) for (const { cycle, risk, may } of FRONTIER_SWEEPS) runs.push({ strategy: 'sensor-rounds', risk, cycle, ...(may === undefined ? {} : { may }) });
  const truth = (arg('truth') ?? TRUTH_CALIBRATIONS[0]) as TruthCalibration;
  if (!TRUTH_CALIBRATIONS.includes(truth)) throw new Error(`--truth must be ${TRUTH_CALIBRATIONS.join(' or ')}, got '${truth}'`);
  const workDays = arg('work-days')?.split(',').map(Number);
  for (const gone of ['router', 'near']) if (arg(gone) !== undefined) throw new Error(`--${gone} is gone: every day is routed by solveDay, may bins optional with a prize`);
  const lp = (arg('lp') ?? 'highs') as MasterKind | 'off';
  if (!['highs', 'jslp', 'off'].includes(lp)) throw new Error(`--lp must be highs, jslp or off, got '${lp}'`);
  const master = lp === 'off' ? undefined : await loadMaster(lp);
  const options = {
    weeks,
    ...(master ? { master } : {}),
    truth,
    startMs: Date.parse(START),
    seed: num('seed', 1),
    maxIterations: num('iterations', DEFAULT_SIM_ITERATIONS),
    riskPercent: num('risk', 2),
    horizonDays: num('horizon', 7),
    fullPercent: num('full', 95),
    ...(arg('h3') === undefined ? {} : { h3Resolution: num('h3', 8) }),
    ...(arg('phased') === undefined ? {} : { phased: arg('phased') !== 'off' }),
    ...(arg('areas-per-trip') === undefined ? {} : { areasPerTrip: num('areas-per-trip', 6) }),
    ...(arg('home-days') === undefined ? {} : { homeDays: arg('home-days')!.split(',').map(Number) }),
    mayPercent: num('may', 70),
    ...(workDays ? { workDays } : {}),
    roundsPerWeek: num('rounds', 1) as 0 | 1 | 2,
    ...(arg('emergency-risk') !== undefined ? { emergencyRiskPercent: num('emergency-risk', 50) } : {}),
    ...(arg('cycle') !== undefined ? { sweepCycleDays: num('cycle', 5) } : {}),
    ...(arg('overflow-eur') !== undefined ? { overflowEurPerDay: num('overflow-eur', 10) } : {}),
    ...(process.argv.includes('--oracle') ? { oracle: true } : {}),
  };
  const world = loadWorld(log);
  const results: SimResult[] = [];
  mkdirSync('bench/results', { recursive: true });
  const routerTag = `-solveday-i${options.maxIterations}`;
  const suffix = `s${options.seed}-${weeks}w`;
  log(`[simulate] truth ${truth}, seed ${options.seed}, ${weeks} weeks, solveDay (${options.maxIterations} iterations a day)`);
  const labels: string[] = [];
  const runOptions: (typeof options & { sweepCycleDays?: number })[] = [];
  for (const { strategy, risk, cycle, may } of runs) {
    const t = performance.now();
    const opts = { ...options, ...(cycle === undefined ? {} : { roundsPerWeek: 1 as const, sweepCycleDays: cycle }), ...(may === undefined ? {} : { mayPercent: may }) };
    runOptions.push(opts);
    const r = simulate(world, { ...opts, riskPercent: risk, strategy, onProgress: (m) => log(`[simulate] ${m}`) });
    log(`[simulate] ${strategy}${strategy === 'sensor' ? ` risk ${risk} %` : ''} done in ${Math.round((performance.now() - t) / 1000)} s`);
    results.push(r);
    labels.push(
      runs.length === 1 && arg('label') !== undefined
        ? arg('label')!
        : strategy === 'sensor'
          ? `sensor risk ${risk} %`
          : strategy === 'sensor-rounds' && opts.sweepCycleDays !== undefined
            ? `sensor sweep ${opts.sweepCycleDays} d risk ${risk} %${opts.mayPercent === 70 ? '' : ` may ${opts.mayPercent} %`}${opts.oracle ? ' (oracle)' : ''}`
            : strategy,
    );
    const csv = [
      `strategy,date,km,truck_hours,collections,mean_fill_at_collection_percent,overflow_bin_days,unassigned,must,may,may_taken`,
      ...r.days.map((d) => [strategy, d.date, d.km, d.truckHours, d.collections, d.meanFillAtCollection ?? '', d.overflowBinDays, d.unassigned, d.must, d.may, d.mayTaken].join(',')),
    ];
    const tag =
      strategy === 'sensor'
        ? `sensor-h${options.horizonDays}-risk${risk}${options.h3Resolution === undefined ? '' : `-r${options.h3Resolution}`}${options.phased === false ? '-unphased' : ''}${options.homeDays === undefined ? '' : `-home${options.homeDays.join('')}`}${options.areasPerTrip === undefined ? '' : `-apt${options.areasPerTrip}`}${options.fullPercent === 95 ? '' : `-full${options.fullPercent}`}`
        : strategy === 'sensor-rounds'
          ? `sensor-rounds${opts.roundsPerWeek}-risk${risk}${opts.mayPercent === 70 ? '' : `-may${opts.mayPercent}`}${opts.emergencyRiskPercent === undefined ? '' : `-em${opts.emergencyRiskPercent}`}${opts.sweepCycleDays === undefined ? '' : `-cycle${opts.sweepCycleDays}`}${opts.overflowEurPerDay === undefined ? '' : `-ovf${opts.overflowEurPerDay}`}${opts.oracle ? '-oracle' : ''}`
          : strategy;
    writeFileSync(`bench/results/simulate-${truth}-${tag}${routerTag}-${suffix}.csv`, `${csv.join('\n')}\n`);
  }
  const summary = [
    `strategy,label,truth,weeks,km,truck_hours,collections,mean_fill_at_collection_percent,overflow_bin_days,co2_kg,cost_eur,unassigned,may_offered,may_taken`,
    ...results.map((r, k) => [r.strategy, labels[k], r.truth, r.weeks, r.km, r.truckHours, r.collections, r.meanFillAtCollection, r.overflowBinDays, r.co2Kg, r.costEur, r.unassigned, r.mayOffered, r.mayTaken].join(',')),
  ];
  if (runs.length > 1) {
    const base = `bench/results/simulate-${truth}-${which.includes('frontier') ? 'frontier' : 'summary'}${routerTag}-${suffix}`;
    writeFileSync(`${base}.csv`, `${summary.join('\n')}\n`);
    const points: FrontierPoint[] = results.map((r, k) => ({ label: labels[k]!, family: r.strategy.startsWith('sensor') ? 'sensor' : 'fixed', km: r.km, overflowBinDays: r.overflowBinDays }));
    writeFileSync(`${base}.json`, `${JSON.stringify({ truth, seed: options.seed, weeks, maxIterations: options.maxIterations, runs: results.map((r, k) => ({ label: labels[k], ...summaryLine(r) })), comparison: compareFrontiers(points) }, null, 2)}\n`);
    writeFileSync(`${base}.svg`, frontierSvg(points, `Strategies, ${weeks} weeks, seed ${options.seed}: km against overflow bin-days`));
    log(`[simulate] frontier: ${base}.csv / .json / .svg`);
  }
  const weekly = results.find((r) => r.strategy === 'fixed-weekly');
  // The default sensor run (default risk, else the first) prints last.
  const order = results.map((_, k) => k);
  const main = runs.findIndex((x) => x.strategy === 'sensor' && x.risk === DEFAULT_HORIZON_RISK_PERCENT);
  if (main >= 0) order.push(...order.splice(main, 1));
  for (const k of order) {
    const r = results[k]!;
    const risk = runs[k]!.risk;
    const o = runOptions[k]!;
    const line: Record<string, unknown> = { label: labels[k], ...summaryLine(r) };
    if (weekly && r !== weekly) {
      line.kmReductionVsFixedWeeklyPercent = Math.round((1000 * (weekly.km - r.km)) / weekly.km) / 10;
      line.truckHoursReductionVsFixedWeeklyPercent = Math.round((1000 * (weekly.truckHours - r.truckHours)) / weekly.truckHours) / 10;
      line.overflowBinDaysFixedWeekly = weekly.overflowBinDays;
    }
    line.options = { seed: options.seed, maxIterations: options.maxIterations, lp, ...(r.strategy === 'sensor' ? { label: labels[k], riskPercent: risk, horizonDays: options.horizonDays, fullPercent: options.fullPercent, h3Resolution: options.h3Resolution ?? 8, phased: options.phased ?? true, homeDays: options.homeDays ?? null, areasPerTrip: options.areasPerTrip ?? 6 } : r.strategy === 'sensor-rounds' ? { riskPercent: risk, mayPercent: o.mayPercent, workDays: o.workDays ?? [1, 2, 3, 4, 5], roundsPerWeek: o.roundsPerWeek, emergencyRiskPercent: o.emergencyRiskPercent ?? null, sweepCycleDays: o.sweepCycleDays ?? null, overflowEurPerDay: o.overflowEurPerDay ?? null, oracle: o.oracle ?? false } : {}) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(`[simulate] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
