/**
 * The heavy part of a plan, run in the planning worker thread (see `compute-worker.ts`), never on
 * the server's event loop: the day's problem document from the decisions and the database rows
 * (`buildDayProblem`) → `parseProblemJson` → `resolveOnRoads` on the turn-aware engine →
 * `solveDay` (seeded, iteration budget, the set-partitioning master on HiGHS) → `checkDayPlan` → route geometry on the streets → the rows
 * the server stores (`PlanResult`). Pure functions of their inputs and the road network.
 *
 * A plan whose checker reports violations is a failure, never stored as done. A problem the
 * parser refuses is a bug of this builder (the database schema guarantees valid rows): the plan
 * fails with every problem listed.
 */
import type { MustReasonCode, PlanRoundsEvent, ShortfallDto } from '../../contract/index.js';
import type { BinRow } from '../db/repositories/bins-repository.js';
import type { SiteRow, VehicleRow } from '../db/repositories/fleet-repository.js';
import type { PlanResult, PlanRouteRow, PlanStepRow } from '../db/repositories/plans-repository.js';
import { demandOf } from '../services/loose-density.js';
import { hhmmToSec, localSecToIso } from '../services/local-time.js';
import {
  CURRENT_POSITION_ID,
  checkDayPlan,
  parseProblemJson,
  pathsAlong,
  PlanJsonSchema,
  ProblemError,
  resolveOnRoads,
  snapPoints,
  solveDay,
  type MasterSolver,
  type BinDecision,
  type LngLat,
  type PlanJson,
  type ProblemJson,
  type ResolvedProblem,
  type RoadNetwork,
  type RoutingEngine,
  type PlanStepJson,
  type Snap,
  type SolveDayProgress,
  type Stream,
} from '../solver.js';
import { applyReplan, closedRoads, closureReasons, type PlanClosure, type ReplanSpec } from './day-changes.js';

/** Furthest a bin or site may be from a drivable street, metres. */
export const MAX_SNAP_M = 150;

/** One colour per route, cycled (ColorBrewer Dark2 + Set1, readable on a light basemap). */
export const ROUTE_PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#e41a1c', '#377eb8', '#984ea3'];
/** Colour of depot and disposal markers. */
export const SITE_COLOR = '#333333';

/**
 * Iterations of the day search per plan (`solveDay`). Fixed, never a wall-clock limit by default,
 * so a plan is reproducible from its data and seed. Measured on the sample city's day (267 bins,
 * 6 trucks) on a loaded 2-core machine, 2026-11-28: 200 iterations search in about 3 s; 100 cost
 * about 3 % more; 500 were no cheaper.
 */
export const DEFAULT_SOLVE_ITERATIONS = 200;

const H = 3600;

/**
 * Vehicle costs of the weighted objective, EUR. `perHour`: truck + crew of three, 120 EUR per
 * working hour (domain primer §8 "truck-hour cost", derived in §6). `perKm`: diesel at 80 L/100 km
 * (primer §8) × about 1.5 EUR/L (assumed pump price) = 1.2 EUR/km, the same figures as
 * `npm run generate:day`. The §6 truck-hour already counts about 12 EUR/h of diesel, so the two
 * overlap slightly; kept as in the generator so server plans and benchmark days compare.
 * `fixed`: 0, the fleet is owned and every truck goes out anyway.
 */
export const DAY_COSTS_EUR = { perKm: 1.2, perHour: 120, fixed: 0 } as const;

/**
 * Value of collecting a full `may` bin today, EUR (the objective's unit): the truck-hour cost of a
 * 3-minute detour (120 EUR/h, primer §8). A `may` bin's prize is this × its forecast fill at the
 * plan instant, so the search takes it when the detour costs less than that. Rounded to the cent.
 */
export const MAY_PRIZE_EUR_PER_FULL_BIN = 6;

/**
 * The crew's break (primer §4, §8: a 20-minute uninterrupted break once daily work reaches 6 h).
 * Given to every shift longer than {@link BREAK_AFTER_WORK_SEC}; it starts between 3 h after the
 * shift starts and the 6 h mark.
 */
export const BREAK_DURATION_SEC = 20 * 60;
export const BREAK_AFTER_WORK_SEC = 6 * H;
export const BREAK_EARLIEST_AFTER_START_SEC = 3 * H;

/**
 * Opening hours of the disposal sites (the database has none): 05:00-19:00, primer §4 ("UVE /
 * centres de tri / glass platforms: assumed Mon-Fri ~05:00-19:00"), applied every day. Sites
 * accept every stream (the database does not say otherwise).
 */
export const DISPOSAL_OPEN_SEC = 5 * H;
export const DISPOSAL_CLOSE_SEC = 19 * H;

const ALL_STREAMS: Stream[] = ['residual', 'packaging', 'glass', 'paper', 'biowaste'];

/** The part of a bin's decision a plan uses. */
export type PlanDecision = Pick<BinDecision, 'binId' | 'decision' | 'expectedAtPlanPercent'> & {
  /** The bin's fill rate, %/day (kept since issue #15 for the driver's expected fill at the planned arrival). */
  readonly ratePercentPerDay?: number | null;
  /** Why the decision was forced (a driver reported the bin overflowing, a citizens' report was accepted), if it was. */
  readonly reasonCode?: MustReasonCode | null;
};

/** Everything a plan is computed from (copied to the worker; also what makes it reproducible). */
export interface PlanInput {
  readonly date: string;
  readonly timeZone: string;
  readonly decisions: readonly PlanDecision[];
  readonly bins: readonly BinRow[];
  readonly sites: readonly SiteRow[];
  readonly vehicles: readonly VehicleRow[];
  readonly seed: number;
  readonly iterations: number;
  /** Optional wall-clock cap of the search, ms. */
  readonly timeLimitMs?: number;
  /** Street closures in force on the day (`day-changes.ts`). */
  readonly closures?: readonly PlanClosure[];
  /** A mid-day re-plan: fixed prefixes and truck changes (`day-changes.ts`). */
  readonly replan?: ReplanSpec;
  /** Minutes added to every shift's end (a remedy when the fleet is short). Default 0. */
  readonly overtimeMin?: number;
}

/** The problem document of a date, with what the pipeline needs around it. */
export interface BuiltProblem {
  /** Parsed by `parseProblemJson` (defaults applied). */
  problem: ProblemJson;
  /** `must` + `may` bins offered to the solver. */
  binsSelected: number;
  /** Of those, the `may` bins (optional, with a prize). */
  binsOptional: number;
  /** `must` bins among them. */
  binsMandatory: number;
  depot: SiteRow;
  disposalSites: SiteRow[];
  vehicles: VehicleRow[];
}

/** The data cannot make a plan (no depot, depot unreachable...); the plan fails with this message. */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
}

/** The road network a plan is routed on. */
export interface PlanRoads {
  readonly net: RoadNetwork;
  readonly engine?: RoutingEngine;
  /** Closed street segments: nothing snaps to them (the engine is built without them). */
  readonly closedSegments?: ReadonlySet<number>;
}

/** Problems of a document, one per line-ish, for a plan's error message. */
function listIssues(err: ProblemError): string {
  return err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}

/**
 * Builds and parses the problem document of a date.
 *
 * - bins: `must` → mandatory; `may` → optional with prize {@link MAY_PRIZE_EUR_PER_FULL_BIN} ×
 *   forecast fill; `skip` bins are left out. Demand: forecast fill at the plan instant × container
 *   litres, × the stream's loose density for kilograms (`loose-density.ts`).
 * - vehicles: the fleet with its shift, a {@link BREAK_DURATION_SEC} break when the shift is longer
 *   than {@link BREAK_AFTER_WORK_SEC}, the costs {@link DAY_COSTS_EUR}; start and end at the depot.
 * - the first depot (by id) and every disposal site ({@link DISPOSAL_OPEN_SEC}–{@link DISPOSAL_CLOSE_SEC}).
 * - objective: weighted (EUR).
 * @throws PlanInputError when there is no depot, disposal site or vehicle, or when the document
 *   fails `parseProblemJson` (a bug of this builder: every problem is listed).
 */
export function buildDayProblem(input: Omit<PlanInput, 'seed' | 'iterations' | 'timeLimitMs' | 'closures'>): BuiltProblem {
  const depot = input.sites.find((s) => s.kind === 'depot');
  const disposalSites = input.sites.filter((s) => s.kind === 'disposal');
  if (!depot || disposalSites.length === 0) throw new PlanInputError('no depot or no disposal site in the database');
  const vehicles = [...input.vehicles];
  if (vehicles.length === 0) throw new PlanInputError('no vehicle in the database');

  const decisions = new Map(input.decisions.map((d) => [d.binId, d]));
  const bins: ProblemJson['bins'] = [];
  let binsOptional = 0;
  for (const bin of input.bins) {
    const d = decisions.get(bin.id);
    if (!d || d.decision === 'skip') continue;
    const fillPercent = Math.min(100, Math.max(0, d.expectedAtPlanPercent ?? 100));
    const demand = demandOf(bin.stream, bin.capacityLitres, fillPercent);
    const mandatory = d.decision === 'must';
    if (!mandatory) binsOptional++;
    bins.push({
      id: bin.id,
      location: [bin.lng, bin.lat],
      approach: 'either',
      stream: bin.stream,
      demandLitres: demand.litres,
      demandKg: demand.kg,
      serviceSec: bin.serviceSec,
      mandatory,
      ...(mandatory ? {} : { prize: Math.round(MAY_PRIZE_EUR_PER_FULL_BIN * fillPercent) / 100 }),
    });
  }

  const doc = {
    version: 1,
    name: `plan ${input.date}`,
    date: input.date,
    timeZone: input.timeZone,
    depots: [{ id: depot.id, name: depot.name, location: [depot.lng, depot.lat] }],
    disposalSites: disposalSites.map((s) => ({
      id: s.id,
      name: s.name,
      location: [s.lng, s.lat],
      timeWindows: [{ openSec: DISPOSAL_OPEN_SEC, closeSec: DISPOSAL_CLOSE_SEC }],
      unloadingSec: s.serviceSec,
      streams: ALL_STREAMS,
    })),
    bins,
    vehicles: vehicles.map((v) => {
      const shiftStartSec = hhmmToSec(v.shiftStart);
      const shiftEndSec = hhmmToSec(v.shiftEnd) + 60 * (input.overtimeMin ?? 0);
      const breaks =
        shiftEndSec - shiftStartSec > BREAK_AFTER_WORK_SEC
          ? [{ earliestStartSec: shiftStartSec + BREAK_EARLIEST_AFTER_START_SEC, latestStartSec: shiftStartSec + BREAK_AFTER_WORK_SEC, durationSec: BREAK_DURATION_SEC }]
          : [];
      return {
        id: v.id,
        type: v.type,
        streams: v.streams,
        capacityLitres: v.capacityLitres,
        capacityKg: v.capacityKg,
        shiftStartSec,
        shiftEndSec,
        breaks,
        startDepotId: depot.id,
        endDepotId: depot.id,
        costs: { ...DAY_COSTS_EUR },
        co2KgPerKm: v.co2KgPerKm,
      };
    }),
    objective: { type: 'weighted' },
  };
  let problem: ProblemJson;
  try {
    problem = parseProblemJson(input.replan ? applyReplan(doc, input.replan) : doc);
  } catch (err) {
    if (err instanceof ProblemError) throw new PlanInputError(`the problem built from the database is malformed (a bug of this service, or bad fleet rows): ${listIssues(err)}`);
    throw err;
  }
  return { problem, binsSelected: bins.length, binsOptional, binsMandatory: bins.length - binsOptional, depot, disposalSites, vehicles };
}

/**
 * Places the problem on the road network (the turn-aware engine).
 * @returns the resolved problem and the bins no truck can reach, with the reason.
 * @throws PlanInputError when the depot or a disposal site is off the network or cut off.
 */
export function resolveDayProblem(built: BuiltProblem, roads: PlanRoads): { resolved: ResolvedProblem; unreachable: [string, string][] } {
  try {
    const { resolved } = resolveOnRoads(built.problem, roads.net, MAX_SNAP_M, roads.engine, roads.closedSegments);
    return { resolved, unreachable: [...(resolved.unreachableBins ?? new Map<string, string>())] };
  } catch (err) {
    if (err instanceof ProblemError) throw new PlanInputError(`a site is not on the road network: ${listIssues(err)}`);
    throw err;
  }
}

/** What a progress report says beyond its sentence: the phase, the search's state, its current rounds. */
export interface ProgressDetail {
  readonly phase: 'build' | 'roads' | 'search' | 'check' | 'geometry';
  readonly iteration?: number;
  readonly iterations?: number;
  readonly bestCostEur?: number;
  /** The search's current routes as their stops' coordinates (a few times per plan). */
  readonly rounds?: PlanRoundsEvent['routes'];
}

/** Progress of a plan's pipeline: fraction 0..1, a sentence and its detail. */
export type PipelineProgress = (fraction: number, message: string, detail?: ProgressDetail) => void;

/** How many `rounds` snapshots a search sends at most (one per tenth of its iterations). */
const ROUND_SNAPSHOTS = 10;

/** What the pipeline hands back to the server to store. */
export interface PlanOutcome {
  readonly result: PlanResult;
  /** Bins the travel matrix found cut off, with the reason (for the bins API). */
  readonly unreachable: [string, string][];
  readonly iterations: number;
  readonly lapMs: Record<string, number>;
  /** Whether the search was stopped early (`shouldStop`): the result is its best plan so far. */
  readonly stopped: boolean;
}

/**
 * Runs the whole pipeline of one plan (see the file comment). `roadsOf` gives the road network
 * (built on first use by the worker).
 * @throws PlanInputError with a sentence for the manager when the data cannot make a plan, the
 *   solver's plan is malformed or the checker finds violations.
 */
export function runPlanPipeline(
  input: PlanInput,
  roadsOf: () => PlanRoads,
  progress: PipelineProgress = () => {},
  master?: MasterSolver,
  shouldStop: () => boolean = () => false,
): PlanOutcome {
  const lapMs: Record<string, number> = {};
  let lapStart = performance.now();
  const lap = (what: string): void => {
    const now = performance.now();
    lapMs[what] = Math.round(now - lapStart);
    lapStart = now;
  };
  progress(0.02, 'building the problem', { phase: 'build' });
  const built = buildDayProblem(input);
  lap('build');
  progress(0.05, `placing ${built.problem.bins.length} bins on the streets`, { phase: 'roads' });
  const closed = closedRoads(roadsOf(), input.closures ?? []);
  const roads = closed.roads;
  if (closed.closureOfSegment.size > 0) progress(0.1, `${closed.closureOfSegment.size} street segments closed by ${input.closures?.length ?? 0} closure(s)`, { phase: 'roads' });
  const { resolved, unreachable } = resolveDayProblem(built, roads);
  lap('roads');
  progress(0.2, `solving ${built.problem.bins.length} bins with ${built.problem.vehicles.length} vehicles`, { phase: 'search', iteration: 0, iterations: input.iterations });
  let lastReported = -1;
  let lastSnapshot = -1;
  let stopped = false;
  const binAt = new Map(built.problem.bins.map((b) => [b.id, b.location ?? [0, 0]]));
  const colourOf = new Map(built.vehicles.map((v, k) => [v.id, ROUTE_PALETTE[k % ROUTE_PALETTE.length]!]));
  const { plan: solved, stats } = solveDay(resolved, {
    seed: input.seed,
    iterations: input.iterations,
    ...(master ? { master } : {}),
    ...(input.timeLimitMs !== undefined ? { timeLimitMs: input.timeLimitMs, now: () => performance.now() } : {}),
    shouldStop: () => {
      if (!stopped && shouldStop()) stopped = true;
      return stopped;
    },
    onProgress: (p: SolveDayProgress) => {
      const fraction = input.iterations > 0 ? Math.min(1, p.iteration / input.iterations) : 1;
      if (fraction - lastReported < 0.02) return;
      lastReported = fraction;
      const snapshot = Math.floor(fraction * ROUND_SNAPSHOTS);
      const rounds =
        snapshot > lastSnapshot
          ? p.routes().map((r) => ({ vehicleId: r.vehicleId, color: colourOf.get(r.vehicleId) ?? SITE_COLOR, coordinates: r.binIds.map((id) => [...binAt.get(id)!] as [number, number]) }))
          : undefined;
      if (rounds) lastSnapshot = snapshot;
      progress(0.2 + 0.6 * fraction, `iteration ${p.iteration} of ${input.iterations}, best cost ${p.bestCost.toFixed(2)} EUR`, {
        phase: 'search',
        iteration: p.iteration,
        iterations: input.iterations,
        bestCostEur: Math.round(p.bestCost * 100) / 100,
        ...(rounds ? { rounds } : {}),
      });
    },
  });
  lap('search');
  progress(0.8, 'checking the plan', { phase: 'check' });
  const shape = PlanJsonSchema.safeParse(solved);
  if (!shape.success) throw new PlanInputError(`the solver returned a malformed plan: ${shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const violations = checkDayPlan(resolved, solved);
  if (violations.length > 0) {
    const text = violations.map((v) => `${v.code}: ${v.message}`).join('; ');
    throw new PlanInputError(`checkDayPlan found ${violations.length} violation(s): ${text}`);
  }
  lap('check');
  progress(0.9, 'building route geometry', { phase: 'geometry' });
  const routed = toPlanResult(input, built, solved, roads);
  const locations = new Map<string, readonly [number, number]>(built.problem.bins.map((b) => [b.id, [b.location?.[0] ?? 0, b.location?.[1] ?? 0]]));
  const result = { ...routed, unassigned: closureReasons(routed.unassigned, locations, closed, MAX_SNAP_M) };
  lap('geometry');
  return { result, unreachable, iterations: stats.iterations, lapMs, stopped };
}

/** A plan's notice: a code for the client to translate, its parameters, and the English sentence (kept for older clients). */
export interface PlanNotice {
  readonly code: 'nothing_to_collect' | 'nothing_routed';
  readonly params: Record<string, string | number>;
  readonly text: string;
}

/** What a plan must tell the manager first (nothing to collect, nothing routed), else null. */
export function planNotice(input: Pick<PlanInput, 'date' | 'decisions' | 'bins'>, built: BuiltProblem, solved: PlanJson): PlanNotice | null {
  if (built.binsSelected === 0) {
    const withReading = input.decisions.filter((d) => d.expectedAtPlanPercent !== null).length;
    const without = input.bins.length - withReading;
    return {
      code: 'nothing_to_collect',
      params: { date: input.date, bins: input.bins.length, withoutReading: without },
      text:
        `no bin needs collecting on ${input.date}: none of the ${input.bins.length} bins is forecast full enough` +
        (without > 0 ? ` (${without} have no recent reading to forecast from)` : ''),
    };
  }
  if (solved.routes.length === 0) {
    return {
      code: 'nothing_routed',
      params: { date: input.date, binsSelected: built.binsSelected },
      text: `no route could be made on ${input.date}: all ${built.binsSelected} selected bins are left out (see the reasons)`,
    };
  }
  return null;
}

/** Urgent bins listed in a shortfall, and areas. */
const SHORTFALL_URGENT_BINS = 50;
const SHORTFALL_AREAS = 5;
/** Overtime a shortfall offers as a remedy: the missing hours spread on the fleet, in steps of 30 min, at most 2 h. */
const MAX_OVERTIME_REMEDY_MIN = 120;

/** The stored row of one route: its truck, totals, clock times (local ISO), colour and street line. */
export function routeRow(
  routeId: string,
  k: number,
  route: PlanJson['routes'][number],
  vehicle: { id: string; name: string; streams: readonly string[]; capacityLitres: number; capacityKg: number },
  breakS: number,
  geometry: [number, number][],
  iso: (sec: number) => string,
): PlanRouteRow {
  const first = route.steps[0]!;
  const last = route.steps[route.steps.length - 1]!;
  return {
    routeId,
    routeIdx: k,
    vehicleId: vehicle.id,
    vehicleName: vehicle.name,
    streams: [...vehicle.streams],
    capacityLitres: vehicle.capacityLitres,
    capacityKg: vehicle.capacityKg,
    distanceM: route.distanceM,
    durationS: route.workingSec,
    drivingS: route.drivingSec,
    breakS,
    cost: route.cost,
    co2Kg: route.co2Kg,
    startAt: iso(first.departureSec),
    endAt: iso(last.arrivalSec),
    binCount: route.binCount,
    disposalTrips: route.disposalTrips,
    collectedLitres: route.collectedLitres,
    collectedKg: route.collectedKg,
    color: ROUTE_PALETTE[k % ROUTE_PALETTE.length]!,
    geometry,
  };
}

/** The stored row of one step of a route: where it is, its clock times (local ISO) and the load after it. */
export function stepRow(routeId: string, stepIdx: number, st: PlanStepJson, here: readonly [number, number], iso: (sec: number) => string): PlanStepRow {
  return {
    routeId,
    stepIdx,
    kind: st.type,
    refId: st.type === 'break' ? null : (st.id ?? ''),
    locIdx: st.type === 'break' ? null : (st.locationIndex ?? null),
    lng: here[0],
    lat: here[1],
    arrivalSec: st.arrivalSec,
    startSec: st.startSec,
    departureSec: st.departureSec,
    arrivalAt: iso(st.arrivalSec),
    startAt: iso(st.startSec),
    departureAt: iso(st.departureSec),
    loadAfterLitres: st.loadLitres,
    loadAfterKg: st.loadKg,
    distanceFromPrevM: st.distanceFromPrevM,
    drivingFromPrevSec: st.drivingFromPrevSec,
  };
}

/** A route's line on the streets through its snapped places, repeated points dropped (empty with fewer than two places). */
export function lineAlong(roads: PlanRoads, located: readonly Snap[]): [number, number][] {
  const geometry: [number, number][] = [];
  if (located.length < 2) return geometry;
  for (const leg of pathsAlong(roads.net, [...located], roads.engine)) {
    for (const p of leg) {
      const last = geometry[geometry.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) geometry.push([p[0], p[1]]);
    }
  }
  return geometry;
}

/**
 * The shortfall of a plan that leaves mandatory bins out (see `ShortfallSchema`), else null.
 * Missing truck-hours are estimated as the left-out bins' service time plus the plan's mean
 * driving time per routed bin (each left-out bin costs about what a routed one did).
 */
export function planShortfall(input: Pick<PlanInput, 'decisions' | 'bins'>, built: BuiltProblem, solved: PlanJson): ShortfallDto | null {
  const mandatory = new Set(built.problem.bins.filter((b) => b.mandatory).map((b) => b.id));
  const left = solved.unassigned.filter((u) => mandatory.has(u.binId));
  if (left.length === 0) return null;
  const fillOf = new Map(input.decisions.map((d) => [d.binId, d.expectedAtPlanPercent]));
  const rowOf = new Map(input.bins.map((b) => [b.id, b]));
  const routed = solved.totals.binsServed;
  const drivingPerBin = routed > 0 ? solved.routes.reduce((n, r) => n + r.drivingSec, 0) / routed : 0;
  const missingSec = left.reduce((n, u) => n + (rowOf.get(u.binId)?.serviceSec ?? 0) + drivingPerBin, 0);
  const missingTruckHours = Math.round((missingSec / 3600) * 10) / 10;
  const byCell = new Map<string, number>();
  for (const u of left) {
    const cell = rowOf.get(u.binId)?.h3Cell ?? '';
    byCell.set(cell, (byCell.get(cell) ?? 0) + 1);
  }
  const areas = [...byCell]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, SHORTFALL_AREAS)
    .map(([h3Cell, bins]) => ({ h3Cell, bins }));
  const urgent = left
    .map((u) => {
      const row = rowOf.get(u.binId);
      return {
        binId: u.binId,
        forecastFillPercent: fillOf.get(u.binId) ?? null,
        reason: u.reason,
        h3Cell: row?.h3Cell ?? '',
        lngLat: [row?.lng ?? 0, row?.lat ?? 0] as [number, number],
      };
    })
    .sort((a, b) => (b.forecastFillPercent ?? -1) - (a.forecastFillPercent ?? -1) || a.binId.localeCompare(b.binId));
  const vehicles = Math.max(1, built.vehicles.length);
  const overtimeMin = Math.min(MAX_OVERTIME_REMEDY_MIN, Math.max(30, Math.ceil((missingSec / vehicles / 60) / 30) * 30));
  return {
    code: 'mandatory_left_out',
    mandatoryLeftOut: left.length,
    missingTruckHours,
    areas,
    urgentBins: urgent.slice(0, SHORTFALL_URGENT_BINS),
    remedies: [
      { code: 'overtime', overtimeMin },
      { code: 'extra_vehicle', truckHours: missingTruckHours },
      { code: 'move_to_tomorrow', bins: left.length, alreadyFull: urgent.filter((b) => (b.forecastFillPercent ?? 0) >= 100).length },
    ],
  };
}

function toPlanResult(input: PlanInput, built: BuiltProblem, solved: PlanJson, roads: PlanRoads): PlanResult {
  const vehicleById = new Map(built.vehicles.map((v) => [v.id, v]));
  const binById = new Map(built.problem.bins.map((b) => [b.id, b]));
  const siteById = new Map([built.depot, ...built.disposalSites].map((s) => [s.id, s]));
  const prefixAt = new Map<string, [number, number]>(built.problem.fixedPrefixes.map((f) => [f.vehicleId, [f.location?.[0] ?? built.depot.lng, f.location?.[1] ?? built.depot.lat]]));
  const iso = (sec: number): string => localSecToIso(input.date, sec, input.timeZone);
  const snapCache = new Map<string, Snap>();
  const snapOf = (key: string, at: LngLat): Snap => {
    let snap = snapCache.get(key);
    if (!snap) {
      const r = snapPoints(roads.net, [at], MAX_SNAP_M, roads.closedSegments)[0];
      if (!r || !r.ok) throw new PlanInputError(`${key} of the plan has no snap on the road network`);
      snap = r.snap;
      snapCache.set(key, snap);
    }
    return snap;
  };
  const routes: PlanRouteRow[] = [];
  const steps: PlanStepRow[] = [];
  solved.routes.forEach((route, k) => {
    const routeId = `r${k + 1}`;
    const vehicle = vehicleById.get(route.vehicleId);
    if (!vehicle) throw new Error(`solver returned unknown vehicle '${route.vehicleId}'`);
    const located: Snap[] = [];
    let here: [number, number] = [built.depot.lng, built.depot.lat];
    let breakS = 0;
    route.steps.forEach((st, stepIdx) => {
      if (st.type === 'break') {
        breakS += st.departureSec - st.startSec;
      } else {
        const id = st.id ?? '';
        if (st.type === 'bin') {
          const bin = binById.get(id);
          if (!bin?.location) throw new Error(`solver returned unknown bin '${id}'`);
          here = [bin.location[0], bin.location[1]];
          located.push(snapOf(`bin '${id}'`, here));
        } else if (st.type === 'start' && id === CURRENT_POSITION_ID) {
          const at = prefixAt.get(route.vehicleId);
          if (!at) throw new Error(`solver returned a current position for '${route.vehicleId}', which has no fixed prefix`);
          here = [at[0], at[1]];
          located.push(snapOf(`current position of '${route.vehicleId}'`, here));
        } else {
          const site = siteById.get(id);
          if (!site) throw new Error(`solver returned unknown site '${id}'`);
          here = [site.lng, site.lat];
          located.push(snapOf(`site '${id}'`, here));
        }
      }
      steps.push(stepRow(routeId, stepIdx, st, here, iso));
    });
    const geometry = lineAlong(roads, located);
    if (geometry.length < 2) {
      const a = located[0]?.lngLat ?? [built.depot.lng, built.depot.lat];
      geometry.push([a[0], a[1]], [a[0], a[1]]);
    }
    routes.push(routeRow(routeId, k, route, vehicle, breakS, geometry, iso));
  });
  const notice = planNotice(input, built, solved);
  return {
    summary: {
      distanceM: solved.totals.distanceM,
      durationS: solved.totals.workingSec,
      vehiclesUsed: solved.totals.vehiclesUsed,
      binsSelected: built.binsSelected,
      binsRouted: solved.totals.binsServed,
      co2Kg: Math.round(solved.totals.co2Kg * 10) / 10,
      cost: solved.totals.cost,
      binsOptional: built.binsOptional,
    },
    notice: notice?.text ?? null,
    noticeCode: notice?.code ?? null,
    noticeParams: notice?.params ?? {},
    shortfall: planShortfall(input, built, solved),
    routes,
    steps,
    unassigned: solved.unassigned.map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail })),
    problem: JSON.stringify(built.problem),
  };
}
