/**
 * Solomon / Gehring-Homberger VRPTW instances as collection days in the problem format
 * (docs/problem-format.md), so that the rich model can be measured on the benchmark it must not
 * lose quality on (issue #5: "Solomon instances converted to the problem JSON reach the same
 * quality through `solve problem.json` as through the `.txt` path").
 *
 * Units: the engine stores Solomon distances as `floor(10 × euclid)` (DIMACS one-decimal
 * truncation, in tenths) and times scaled by 10 alike. The converted problem uses those integers
 * as they are: one "metre" and one "second" of the JSON are one tenth of a Solomon unit, so the
 * JSON problem is exactly the `.txt` instance in tenths.
 *
 * Also the core of the parity bench (`npm run bench:solver -- --parity`): {@link runParityInstance}
 * solves a file through both paths and checks both results.
 */
import {
  STREAMS,
  checkDayPlan,
  checkVrpSolution,
  parseProblemJson,
  parseSol,
  parseSolomon,
  resolveExplicitMatrix,
  solveDay,
  type PlanJson,
  type ProblemJson,
  type VrpInstance,
} from '../../solver/src/index.js';
import { runSolve, type SolveArgs } from './vrp-run.js';

/**
 * Cost per "km" of every converted vehicle. A route's cost is `perKm × distanceM / 1000`, so with
 * 1000 the plan's `totals.cost` is the distance in tenths (up to floating-point rounding:
 * `Math.round(totals.cost) === totals.distanceM`), and the DIMACS distance is
 * `totals.distanceM / 10` exactly ({@link planDimacsDistance}).
 */
export const SOLOMON_COST_PER_KM = 1000;

/** Id of the one depot of a converted instance. */
export const SOLOMON_DEPOT_ID = 'depot';
/** Id of the one disposal site (at the depot's matrix index). */
export const SOLOMON_SITE_ID = 'depot-site';

/** Longest clock time the problem format accepts (two days), in its seconds. */
const MAX_CLOCK = 2 * 86_400;

/** Bin id of a customer: `c` and its number in the file (`c1` … `c100`). */
export const solomonBinId = (inst: VrpInstance, node: number): string => `c${inst.ids[node] ?? node}`;

/**
 * Converts a parsed Solomon instance (`parseSolomon`) into a problem document with an explicit
 * matrix (index = the engine's node index, depot 0):
 *
 * - `matrix.distancesM` = `matrix.durationsSec` = the engine's `dist` (tenths); bin `serviceSec`
 *   and time windows are the engine's `service`, `ready`, `due` (tenths too);
 * - one depot open over the depot's window; one disposal site at the depot's index, open over the
 *   same window, `unloadingSec` 0, accepting every stream: the format requires a site and a truck
 *   ends the day empty at one, which here costs nothing;
 * - one mandatory `residual` bin per customer with `demandLitres` = `demandKg` = its demand and
 *   one time window (service starts within it, as in Solomon's convention);
 * - `maxVehicles` identical trucks with `capacityLitres` = `capacityKg` = the capacity, shift =
 *   the depot's window, and `dailyCapacityKg` = the capacity too: the site sits at the depot, so
 *   without a daily limit a truck could unload mid-route and start a second trip, which Solomon's
 *   one trip per vehicle forbids;
 * - objective `weighted` with costs `perKm` = {@link SOLOMON_COST_PER_KM}, `perHour` 0,
 *   `fixed` 0: the DIMACS objective (total distance under the fleet limit).
 *
 * Pure.
 * @throws Error for a CVRP instance, an unlimited fleet or a horizon beyond the format's two days.
 */
export function solomonToProblem(inst: VrpInstance): ProblemJson {
  const problems: string[] = [];
  if (inst.kind !== 'vrptw' || inst.costScale !== 10) problems.push(`is ${inst.kind}, not a Solomon VRPTW instance`);
  if (!Number.isFinite(inst.maxVehicles) || inst.maxVehicles < 1) problems.push(`has no finite fleet (${inst.maxVehicles})`);
  const n = inst.nNodes;
  const depotOpen = inst.ready[0] ?? 0;
  const depotClose = inst.due[0] ?? 0;
  if (depotClose > MAX_CLOCK) problems.push(`depot closes at ${depotClose} tenths, beyond the format's ${MAX_CLOCK} s`);
  if (problems.length > 0) throw new Error(`cannot convert ${inst.name}: ${problems.join('; ')}`);

  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(inst.dist.subarray(i * n, (i + 1) * n)));
  const bins: ProblemJson['bins'] = [];
  for (let i = 1; i < n; i++) {
    const demand = inst.demand[i] ?? 0;
    bins.push({
      id: solomonBinId(inst, i),
      locationIndex: i,
      approach: 'either',
      stream: 'residual',
      demandLitres: demand,
      demandKg: demand,
      serviceSec: inst.service[i] ?? 0,
      timeWindows: [{ openSec: inst.ready[i] ?? 0, closeSec: inst.due[i] ?? 0 }],
      mandatory: true,
    });
  }
  const vehicles: ProblemJson['vehicles'] = Array.from({ length: inst.maxVehicles }, (_, k) => ({
    id: `v${k + 1}`,
    streams: ['residual'],
    capacityLitres: inst.capacity,
    capacityKg: inst.capacity,
    dailyCapacityKg: inst.capacity,
    shiftStartSec: depotOpen,
    shiftEndSec: depotClose,
    breaks: [],
    startDepotId: SOLOMON_DEPOT_ID,
    endDepotId: SOLOMON_DEPOT_ID,
    costs: { perKm: SOLOMON_COST_PER_KM, perHour: 0, fixed: 0 },
    co2KgPerKm: 0,
  }));
  return {
    version: 1,
    name: `${inst.name} (Solomon VRPTW in tenths: metres and seconds are 0.1 file units)`,
    depots: [{ id: SOLOMON_DEPOT_ID, locationIndex: 0, openSec: depotOpen, closeSec: depotClose }],
    disposalSites: [
      {
        id: SOLOMON_SITE_ID,
        locationIndex: 0,
        timeWindows: [{ openSec: depotOpen, closeSec: depotClose }],
        unloadingSec: 0,
        streams: [...STREAMS],
      },
    ],
    bins,
    vehicles,
    matrix: { durationsSec: rows, distancesM: rows.map((r) => [...r]) },
    objective: { type: 'weighted' },
    fixedPrefixes: [],
    locks: [],
  };
}

/**
 * The routes of a plan of a converted instance as the engine's node lists (bin steps' matrix
 * indices in driving order, depot and disposal steps left out), for `routesDistance` and
 * `checkVrpSolution`. Routes without bins are dropped.
 */
export function planToSolomonRoutes(plan: PlanJson): number[][] {
  return plan.routes
    .map((r) => r.steps.filter((s) => s.type === 'bin').map((s) => s.locationIndex ?? -1))
    .filter((r) => r.length > 0);
}

/** DIMACS distance (file units, one decimal) of a plan of a converted instance: `totals.distanceM / 10`. */
export function planDimacsDistance(plan: PlanJson): number {
  return plan.totals.distanceM / 10;
}

/** One side of a parity run. */
export interface ParitySide {
  /** DIMACS distance (file units), recomputed by the checker. */
  readonly distance: number;
  readonly vehicles: number;
  readonly unassigned: number;
  readonly timeMs: number;
  readonly iterations: number;
  /** Violations found by the checkers (`checkVrpSolution`, plus `checkDayPlan` for the JSON path). */
  readonly violations: number;
  readonly violationSamples: readonly string[];
}

/** The same instance solved through the `.txt` path and through the problem JSON. */
export interface ParityRow {
  readonly instance: string;
  readonly n: number;
  readonly bks: number;
  readonly bksVehicles: number | null;
  readonly txt: ParitySide;
  readonly json: ParitySide;
  readonly gapTxtPercent: number;
  readonly gapJsonPercent: number;
  /** JSON distance − `.txt` distance (file units); positive = the JSON path is worse. */
  readonly diff: number;
  readonly diffPercent: number;
}

/** Options of {@link runParityInstance}. */
export interface ParityOptions {
  readonly seed: number;
  /** Budget of each path, seconds. */
  readonly timeLimitSec: number;
  /**
   * Iteration cap of each path (HGS iterations, `solveDay` iterations); tests use it for
   * determinism. Absent: both paths run for the time budget.
   */
  readonly iterations?: number;
  readonly lp: SolveArgs['lp'];
  readonly bks: number;
  readonly bksVehicles: number | null;
  readonly log?: (line: string) => void;
}

/**
 * Solves one Solomon file twice with the same seed and budget: the `.txt` with the HGS engine
 * (`runSolve`, as `bench:solver` does), and its {@link solomonToProblem} document (written out
 * as JSON text and read back with `parseProblemJson`, as `solve problem.json` would) with
 * `solveDay`. Both results are checked: the `.txt` solution by `checkVrpSolution`; the day plan by
 * `checkDayPlan` and, mapped back to node lists, by `checkVrpSolution` on the original instance
 * (distances recomputed from the coordinates, which must equal the plan's `distanceM`).
 * @throws Error when the file is not a Solomon instance.
 */
export async function runParityInstance(file: string, text: string, o: ParityOptions): Promise<ParityRow> {
  const inst = parseSolomon(text);
  const n = inst.nNodes - 1;
  const iterations = o.iterations !== undefined ? { iterations: o.iterations } : {};
  const out = await runSolve({ file, seed: o.seed, lp: o.lp, threads: 1, params: {}, timeLimitSec: o.timeLimitSec, ...iterations }, text);
  const back = parseSol(inst, out.solText);
  const txtCheck = checkVrpSolution(inst, back.routes);
  const txtDistance = txtCheck.cost / inst.costScale;
  const txtViolations = [...txtCheck.violations];
  if (Math.abs((back.cost ?? -1) - txtDistance) > 1e-6) txtViolations.push(`.sol cost ${back.cost} differs from the recomputed ${txtDistance}`);
  const txt: ParitySide = {
    distance: txtDistance,
    vehicles: txtCheck.routes,
    unassigned: 0,
    timeMs: Number(out.summary['timeMs']),
    iterations: Number(out.summary['iterations']),
    violations: txtViolations.length,
    violationSamples: txtViolations.slice(0, 5),
  };
  o.log?.(`[parity] ${inst.name} .txt: ${txt.distance} (${txt.vehicles} vehicles, ${txt.timeMs} ms)`);

  const t0 = performance.now();
  const problem = parseProblemJson(JSON.parse(JSON.stringify(solomonToProblem(inst))) as unknown);
  const resolved = resolveExplicitMatrix(problem);
  const start = performance.now();
  // Without --iterations the budget is the time alone, as on the `.txt` path (solveDay's own
  // default iteration count would otherwise stop it early).
  const res = solveDay(resolved, {
    seed: o.seed,
    timeLimitMs: Math.max(0, o.timeLimitSec * 1000 - (start - t0)),
    now: () => performance.now(),
    iterations: o.iterations ?? Number.MAX_SAFE_INTEGER,
  });
  const timeMs = Math.round(performance.now() - t0);
  const dayViolations = checkDayPlan(resolved, res.plan).map((v) => `${v.code}: ${v.message}`);
  const routes = planToSolomonRoutes(res.plan);
  const vrpCheck = checkVrpSolution(inst, routes);
  const vrpViolations = res.plan.unassigned.length > 0 ? [] : [...vrpCheck.violations];
  if (res.plan.unassigned.length === 0 && vrpCheck.cost !== res.plan.totals.distanceM)
    vrpViolations.push(`plan distance ${res.plan.totals.distanceM} tenths differs from the recomputed ${vrpCheck.cost}`);
  const jsonViolations = [...dayViolations, ...vrpViolations];
  const json: ParitySide = {
    distance: planDimacsDistance(res.plan),
    vehicles: routes.length,
    unassigned: res.plan.unassigned.length,
    timeMs,
    iterations: res.stats.iterations,
    violations: jsonViolations.length,
    violationSamples: jsonViolations.slice(0, 5),
  };
  o.log?.(`[parity] ${inst.name} .json: ${json.distance} (${json.vehicles} vehicles, ${json.unassigned} unassigned, ${json.timeMs} ms, ${json.violations} violations)`);
  const gap = (d: number): number => (100 * (d - o.bks)) / o.bks;
  const diff = Math.round((json.distance - txt.distance) * 10) / 10;
  return {
    instance: inst.name,
    n,
    bks: o.bks,
    bksVehicles: o.bksVehicles,
    txt,
    json,
    gapTxtPercent: gap(txt.distance),
    gapJsonPercent: json.unassigned > 0 ? Number.NaN : gap(json.distance),
    diff: json.unassigned > 0 ? Number.NaN : diff,
    diffPercent: json.unassigned > 0 ? Number.NaN : (100 * diff) / txt.distance,
  };
}

/** The quick parity subset (one or two instances per Solomon class). */
export const PARITY_SUBSET = ['C101', 'C201', 'R101', 'R201', 'RC101', 'RC201', 'R112', 'RC208'] as const;

const fmt = (x: number, d: number): string => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** CSV of a parity run, one line per instance. */
export function parityCsv(rows: readonly ParityRow[]): string {
  const header =
    'instance,n,bks,bks_vehicles,txt_distance,txt_gap_percent,txt_vehicles,txt_time_ms,txt_iterations,txt_violations,json_distance,json_gap_percent,json_vehicles,json_unassigned,json_time_ms,json_iterations,json_violations,diff,diff_percent';
  return [
    header,
    ...rows.map((r) =>
      [
        r.instance, r.n, r.bks, r.bksVehicles ?? '',
        r.txt.distance, fmt(r.gapTxtPercent, 3), r.txt.vehicles, r.txt.timeMs, r.txt.iterations, r.txt.violations,
        r.json.distance, fmt(r.gapJsonPercent, 3), r.json.vehicles, r.json.unassigned, r.json.timeMs, r.json.iterations, r.json.violations,
        fmt(r.diff, 1), fmt(r.diffPercent, 3),
      ].join(','),
    ),
  ].join('\n') + '\n';
}

/** Run facts printed at the top of the parity report. */
export interface ParityRunMeta {
  readonly date: string;
  readonly commit: string;
  readonly machine: string;
  readonly seed: number;
  readonly timeLimitSec: number;
  readonly lp: string;
  /** Instances on which a solver threw (no row). */
  readonly failed?: readonly string[];
}

const meanOf = (xs: readonly number[]): number => {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length === 0 ? Number.NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
};

/** Markdown report of a parity run. */
export function parityMarkdown(rows: readonly ParityRow[], meta: ParityRunMeta): string {
  const ok = rows.every((r) => r.txt.violations === 0 && r.json.violations === 0);
  const complete = rows.every((r) => r.json.unassigned === 0);
  return [
    '# Parity: Solomon `.txt` (HGS engine) vs the same instance as problem JSON (`solveDay`)',
    '',
    `- date ${meta.date}, commit ${meta.commit}`,
    `- machine: ${meta.machine}`,
    `- seed ${meta.seed}; ${meta.timeLimitSec} s per instance and path; \`.txt\` LP master: ${meta.lp}; one thread each`,
    '- JSON: `solomonToProblem` (scripts/lib/solomon-problem.ts): matrix = DIMACS distances in tenths, cost = distance; solved by `solveDay`, checked by `checkDayPlan` and, mapped back to routes, by `checkVrpSolution`',
    `- every solution passes the checkers: ${ok ? 'yes' : 'NO'}; every JSON plan serves every customer: ${complete ? 'yes' : 'NO'}`,
    ...(meta.failed && meta.failed.length > 0 ? [`- **FAILED (a solver threw, see the run's stderr): ${meta.failed.join(', ')}**`] : []),
    `- **mean gap: .txt ${fmt(meanOf(rows.map((r) => r.gapTxtPercent)), 3)}%, JSON ${fmt(meanOf(rows.map((r) => r.gapJsonPercent)), 3)}%**; mean JSON − .txt ${fmt(meanOf(rows.map((r) => r.diffPercent)), 3)}%`,
    '',
    '| instance | BKS (veh.) | .txt distance | gap % | veh. | JSON distance | gap % | veh. | unassigned | JSON − .txt | % | time s (.txt / JSON) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.instance} | ${r.bks}${r.bksVehicles !== null ? ` (${r.bksVehicles})` : ''} | ${r.txt.distance} | ${fmt(r.gapTxtPercent, 2)} | ${r.txt.vehicles} | ${r.json.distance} | ${fmt(r.gapJsonPercent, 2)} | ${r.json.vehicles} | ${r.json.unassigned} | ${fmt(r.diff, 1)} | ${fmt(r.diffPercent, 2)} | ${(r.txt.timeMs / 1000).toFixed(1)} / ${(r.json.timeMs / 1000).toFixed(1)} |`,
    ),
    '',
  ].join('\n');
}

/** One-line JSON summary of a parity run. */
export function paritySummary(rows: readonly ParityRow[]): { readonly allChecked: boolean } & Record<string, unknown> {
  const r3 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toFixed(3)) : null);
  return {
    set: 'parity',
    instances: rows.length,
    allChecked: rows.every((r) => r.txt.violations === 0 && r.json.violations === 0),
    allServed: rows.every((r) => r.json.unassigned === 0),
    meanGapTxtPercent: r3(meanOf(rows.map((r) => r.gapTxtPercent))),
    meanGapJsonPercent: r3(meanOf(rows.map((r) => r.gapJsonPercent))),
    meanDiffPercent: r3(meanOf(rows.map((r) => r.diffPercent))),
  };
}
