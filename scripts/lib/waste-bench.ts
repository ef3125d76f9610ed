/**
 * Core of the waste set of `npm run bench:solver -- --waste` (issue #5): realistic sample-city
 * collection days (scripts/lib/collection-day.ts) routed on the sample extract's turn-aware road
 * engine, solved by the nearest-neighbour baseline (`nearestNeighbourDay`: rounds to the nearest
 * bin, to the nearest open disposal site when full) and by the day search (`solveDay`), both
 * checked by the independent `checkDayPlan`. A benchmark, never run by `npm test` (its test runs
 * one tiny day with a tiny budget).
 */
import { readFileSync } from 'node:fs';
import {
  PLAN_UNASSIGNED_REASONS,
  buildRoadNetwork,
  buildRoutingEngine,
  checkDayPlan,
  nearestNeighbourDay,
  parseOsm,
  parseProblemJson,
  resolveOnRoads,
  solveDay,
  type MasterSolver,
  type PlanJson,
  type ResolvedProblem,
} from '../../solver/src/index.js';
import { generateCollectionDay } from './collection-day.js';
import { DAY_ROADS_PBF } from './day-solve.js';
import { readSampleCity } from './sample-files.js';

/** One generated day of the waste set. */
export interface WasteInstanceSpec {
  readonly name: string;
  readonly bins: number;
  readonly vehicles: number;
  readonly disposalSites: 1 | 2;
  /** Loads per truck the generator sizes capacities for. */
  readonly loadsPerTruck: number;
  readonly seed: number;
}

/**
 * The waste set: a small, a medium and a large day of the sample city. Every generated day has
 * the generator's lunch break, market-street and school time windows, kerb-side and optional bins.
 */
export const WASTE_SET: readonly WasteInstanceSpec[] = [
  { name: 'city-300-2t-1s', bins: 300, vehicles: 2, disposalSites: 1, loadsPerTruck: 2, seed: 1 },
  { name: 'city-800-4t-2s', bins: 800, vehicles: 4, disposalSites: 2, loadsPerTruck: 2, seed: 2 },
  { name: 'city-1500-6t-2s', bins: 1500, vehicles: 6, disposalSites: 2, loadsPerTruck: 2, seed: 3 },
];

/** The road engine the days are routed on, built once per run. */
export interface WasteRoads {
  readonly net: ReturnType<typeof buildRoadNetwork>;
  readonly engine: ReturnType<typeof buildRoutingEngine>['engine'];
}

/** Builds the sample extract's road network and turn-aware engine (as `solve problem.json` does). */
export function loadWasteRoads(pbf: string = DAY_ROADS_PBF): WasteRoads {
  const osm = parseOsm(readFileSync(pbf), pbf);
  const net = buildRoadNetwork(osm);
  return { net, engine: buildRoutingEngine(net, osm).engine };
}

/** Figures of one plan. */
export interface WastePlanFigures {
  /** Objective cost in the problem's currency (EUR for the sample city). */
  readonly cost: number;
  /** Prizes of the optional bins served (same currency). */
  readonly prizes: number;
  /** `cost − prizes`: what the weighted objective minimises when optional bins are taken. */
  readonly net: number;
  readonly vehicles: number;
  readonly km: number;
  /** Working hours (start departure to end arrival, summed over routes). */
  readonly hours: number;
  readonly served: number;
  readonly unassigned: number;
  /** Mandatory bins left out (optional bins may be skipped as `not_worth_collecting`). */
  readonly mandatoryUnassigned: number;
  /** Unassigned count per reason (reasons with none left out). */
  readonly unassignedByReason: Readonly<Record<string, number>>;
  readonly disposalTrips: number;
  readonly timeMs: number;
  /** `checkDayPlan` violations (0 for a valid plan). */
  readonly violations: number;
  /** First violations, `code: message`, for the log. */
  readonly violationSamples: readonly string[];
}

/** One instance of the waste set: baseline, search and the search's gain over the baseline. */
export interface WasteRow {
  readonly instance: string;
  readonly bins: number;
  readonly mandatoryBins: number;
  readonly vehiclesAvailable: number;
  readonly disposalSites: number;
  readonly unreachable: number;
  /** Generation plus road resolution, ms. */
  readonly resolveMs: number;
  readonly baseline: WastePlanFigures;
  /** Search figures; `usedBaseline`: `solveDay` returned the baseline plan (it found nothing better). */
  readonly search: WastePlanFigures & { readonly iterations: number; readonly usedBaseline: boolean };
  /** 100 × (baseline − search) / baseline; positive = the search is better. */
  readonly gainCostPercent: number;
  readonly gainKmPercent: number;
  /** Gain on `net` (cost − prizes of optional bins served), relative to the baseline's cost. */
  readonly gainNetPercent: number;
}

/** Options of {@link runWasteInstance}. */
export interface WasteRunOptions {
  readonly seed: number;
  /** Budget of `solveDay`, ms. */
  readonly timeLimitMs: number;
  /** Iteration cap of `solveDay`; absent: none, the time budget alone stops the search. */
  readonly iterations?: number;
  /** Set-partitioning back-end (`loadMaster`); absent: no master step. */
  readonly master?: MasterSolver;
  readonly log?: (line: string) => void;
}

function figures(resolved: ResolvedProblem, plan: PlanJson, timeMs: number): WastePlanFigures {
  const violations = checkDayPlan(resolved, plan);
  const mandatory = new Set(resolved.problem.bins.filter((b) => b.mandatory).map((b) => b.id));
  const prizeOf = new Map(resolved.problem.bins.map((b) => [b.id, b.prize ?? 0]));
  let prizes = 0;
  for (const r of plan.routes) for (const s of r.steps) if (s.type === 'bin' && s.id !== undefined) prizes += prizeOf.get(s.id) ?? 0;
  const byReason: Record<string, number> = {};
  for (const u of plan.unassigned) byReason[u.reason] = (byReason[u.reason] ?? 0) + 1;
  return {
    cost: plan.totals.cost,
    prizes,
    net: plan.totals.cost - prizes,
    vehicles: plan.totals.vehiclesUsed,
    km: plan.totals.distanceM / 1000,
    hours: plan.totals.workingSec / 3600,
    served: plan.totals.binsServed,
    unassigned: plan.unassigned.length,
    mandatoryUnassigned: plan.unassigned.filter((u) => mandatory.has(u.binId)).length,
    unassignedByReason: byReason,
    disposalTrips: plan.routes.reduce((s, r) => s + r.disposalTrips, 0),
    timeMs: Math.round(timeMs),
    violations: violations.length,
    violationSamples: violations.slice(0, 5).map((v) => `${v.code}: ${v.message}`),
  };
}

const gain = (base: number, x: number): number => (base > 0 ? (100 * (base - x)) / base : 0);

/**
 * Generates, resolves on the roads, solves (baseline, then search) and checks one day.
 * @throws Error when the generated day fails `parseProblemJson` (a generator bug).
 */
export function runWasteInstance(spec: WasteInstanceSpec, roads: WasteRoads, o: WasteRunOptions): WasteRow {
  const log = o.log ?? (() => undefined);
  const t0 = performance.now();
  const day = parseProblemJson(
    generateCollectionDay({
      ...readSampleCity(),
      binCount: spec.bins,
      vehicleCount: spec.vehicles,
      disposalSites: spec.disposalSites,
      loadsPerTruck: spec.loadsPerTruck,
      seed: spec.seed,
      date: '2026-11-30',
    }),
  );
  const { resolved, unreachableBins } = resolveOnRoads(day, roads.net, 100, roads.engine);
  const resolveMs = performance.now() - t0;
  log(`[waste] ${spec.name}: ${day.bins.length} bins resolved on the roads in ${Math.round(resolveMs)} ms (${unreachableBins.size} unreachable)`);

  const tb = performance.now();
  const basePlan = nearestNeighbourDay(resolved);
  const baseline = figures(resolved, basePlan, performance.now() - tb);
  log(`[waste] ${spec.name}: baseline cost ${baseline.cost.toFixed(2)}, ${baseline.km.toFixed(1)} km, ${baseline.served} served, ${baseline.violations} violations`);

  const ts = performance.now();
  let lastLog = ts;
  const res = solveDay(resolved, {
    seed: o.seed,
    ...(o.master ? { master: o.master } : {}),
    timeLimitMs: o.timeLimitMs,
    now: () => performance.now(),
    // Without an iteration cap the budget is the time alone (solveDay's default count would stop it early).
    iterations: o.iterations ?? Number.MAX_SAFE_INTEGER,
    onProgress: (p) => {
      const t = performance.now();
      if (t - lastLog < 5_000) return;
      lastLog = t;
      log(`[waste] ${spec.name}: iteration ${p.iteration}, best ${p.bestCost.toFixed(2)}, ${Math.round(p.elapsedMs)} ms`);
    },
  });
  const usedBaseline = (res.stats as { readonly usedBaseline?: boolean }).usedBaseline === true;
  const search = { ...figures(resolved, res.plan, performance.now() - ts), iterations: res.stats.iterations, usedBaseline };
  log(`[waste] ${spec.name}: search cost ${search.cost.toFixed(2)}, ${search.km.toFixed(1)} km, ${search.served} served, ${search.iterations} iterations, ${search.violations} violations`);
  return {
    instance: spec.name,
    bins: day.bins.length,
    mandatoryBins: day.bins.filter((b) => b.mandatory).length,
    vehiclesAvailable: day.vehicles.length,
    disposalSites: day.disposalSites.length,
    unreachable: unreachableBins.size,
    resolveMs: Math.round(resolveMs),
    baseline,
    search,
    gainCostPercent: gain(baseline.cost, search.cost),
    gainKmPercent: gain(baseline.km, search.km),
    gainNetPercent: baseline.cost > 0 ? (100 * (baseline.net - search.net)) / baseline.cost : 0,
  };
}

const reasons = (r: Readonly<Record<string, number>>): string =>
  PLAN_UNASSIGNED_REASONS.filter((k) => (r[k] ?? 0) > 0)
    .map((k) => `${k}=${r[k]}`)
    .join(';');

/** CSV of the waste set: one line per instance and solver (`baseline`, `search`). */
export function wasteCsv(rows: readonly WasteRow[]): string {
  const header =
    'instance,bins,mandatory_bins,vehicles_available,disposal_sites,solver,cost,prizes,net,vehicles,km,hours,served,unassigned,mandatory_unassigned,unassigned_by_reason,disposal_trips,time_ms,iterations,used_baseline,violations,gain_cost_percent,gain_km_percent,gain_net_percent';
  const line = (r: WasteRow, solver: 'baseline' | 'search'): string => {
    const f = solver === 'baseline' ? r.baseline : r.search;
    return [
      r.instance, r.bins, r.mandatoryBins, r.vehiclesAvailable, r.disposalSites, solver,
      f.cost.toFixed(2), f.prizes.toFixed(2), f.net.toFixed(2), f.vehicles, f.km.toFixed(3), f.hours.toFixed(3), f.served, f.unassigned, f.mandatoryUnassigned, reasons(f.unassignedByReason),
      f.disposalTrips, f.timeMs, solver === 'search' ? r.search.iterations : '', solver === 'search' ? r.search.usedBaseline : '', f.violations,
      solver === 'search' ? r.gainCostPercent.toFixed(3) : '', solver === 'search' ? r.gainKmPercent.toFixed(3) : '', solver === 'search' ? r.gainNetPercent.toFixed(3) : '',
    ].join(',');
  };
  return [header, ...rows.flatMap((r) => [line(r, 'baseline'), line(r, 'search')])].join('\n') + '\n';
}

/** Run facts printed at the top of the Markdown report. */
export interface WasteRunMeta {
  readonly date: string;
  readonly commit: string;
  readonly machine: string;
  readonly seed: number;
  readonly timeLimitSec: number;
  readonly solver: string;
  /** Instances on which a solver threw (no row). */
  readonly failed?: readonly string[];
}

/** Markdown report of the waste set. */
export function wasteMarkdown(rows: readonly WasteRow[], meta: WasteRunMeta): string {
  const ok = rows.every((r) => r.baseline.violations === 0 && r.search.violations === 0);
  const cell = (f: WastePlanFigures): string[] => [
    f.cost.toFixed(2), f.prizes.toFixed(2), String(f.vehicles), f.km.toFixed(1), f.hours.toFixed(1), String(f.served),
    `${f.unassigned}${f.mandatoryUnassigned > 0 ? ` (${f.mandatoryUnassigned} mandatory)` : ''}`, reasons(f.unassignedByReason).replaceAll(';', ', ') || '-', (f.timeMs / 1000).toFixed(1),
  ];
  return [
    '# Waste set: sample-city collection days',
    '',
    `- date ${meta.date}, commit ${meta.commit}`,
    `- machine: ${meta.machine}`,
    `- search: ${meta.solver}; seed ${meta.seed}; budget ${meta.timeLimitSec} s per day`,
    '- baseline: nearest-neighbour rounds (`nearestNeighbourDay`), to the nearest open disposal site when full',
    '- days generated by scripts/lib/collection-day.ts (lunch break, market/school windows, kerb and optional bins), routed on the sample extract (turn-aware)',
    `- every plan passes \`checkDayPlan\`: ${ok ? 'yes' : 'NO'}`,
    ...(meta.failed && meta.failed.length > 0 ? [`- **FAILED (a solver threw, see the run's stderr): ${meta.failed.join(', ')}**`] : []),
    '- cost in EUR (1.2/km + 120/h of working time); gain = 100 × (baseline − search) / baseline; optional bins may be left out as not_worth_collecting, so gain net % also credits the prizes of the optional bins served: 100 × (baseline net − search net) / baseline cost, net = cost − prizes',
    '',
    '| instance | bins (mandatory) | trucks | solver | cost | prizes | vehicles | km | hours | served | unassigned | by reason | time s | gain cost % | gain km % | gain net % |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|',
    ...rows.flatMap((r) => [
      `| ${r.instance} | ${r.bins} (${r.mandatoryBins}) | ${r.vehiclesAvailable} | baseline | ${cell(r.baseline).join(' | ')} | | | |`,
      `| | | | search (${r.search.iterations} it.${r.search.usedBaseline ? ', kept the baseline' : ''}) | ${cell(r.search).join(' | ')} | ${r.gainCostPercent.toFixed(2)} | ${r.gainKmPercent.toFixed(2)} | ${r.gainNetPercent.toFixed(2)} |`,
    ]),
    '',
  ].join('\n');
}

/** One-line JSON summary of a waste run (the last stdout line of the CLI). */
export function wasteSummary(rows: readonly WasteRow[]): { readonly allChecked: boolean } & Record<string, unknown> {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    set: 'waste',
    instances: rows.length,
    allChecked: rows.every((r) => r.baseline.violations === 0 && r.search.violations === 0),
    meanGainCostPercent: Number(mean(rows.map((r) => r.gainCostPercent)).toFixed(3)),
    meanGainKmPercent: Number(mean(rows.map((r) => r.gainKmPercent)).toFixed(3)),
    meanGainNetPercent: Number(mean(rows.map((r) => r.gainNetPercent)).toFixed(3)),
    rows: rows.map((r) => ({
      instance: r.instance,
      baselineCost: Number(r.baseline.cost.toFixed(2)),
      searchCost: Number(r.search.cost.toFixed(2)),
      baselineKm: Number(r.baseline.km.toFixed(1)),
      searchKm: Number(r.search.km.toFixed(1)),
      served: r.search.served,
      unassigned: r.search.unassigned,
      mandatoryUnassigned: r.search.mandatoryUnassigned,
      gainCostPercent: Number(r.gainCostPercent.toFixed(2)),
      gainKmPercent: Number(r.gainKmPercent.toFixed(2)),
      gainNetPercent: Number(r.gainNetPercent.toFixed(2)),
      violations: r.baseline.violations + r.search.violations,
    })),
  };
}
