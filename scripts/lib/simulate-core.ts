/**
 * Strategy simulator core: day by day on the sample city with ground-truth filling
 * ({@link FillTruth}), plan with a strategy, route the day with the full day solver `solveDay`
 * (issue #5) on the real road matrix, check the plan with `checkDayPlan`, drive it (bins are
 * emptied at their service start time), and count.
 *
 * Strategies:
 * - `fixed-weekly`: every bin once a week; the bins of each stream are cut into five sectors by
 *   longitude (west to east), one per weekday Mon–Fri, so each day's rounds stay compact;
 * - `fixed-twice-weekly`: the same sectors, each visited twice a week (see {@link secondRoundDay});
 * - `fixed-schedule`: the sample generator's schedule (residual Mon+Thu, packaging Wed, biowaste
 *   Tue+Fri, glass Tue and paper Thu every other week, per-bin week phase);
 * - `fixed-every-10-days` / `fixed-fortnightly` / `fixed-mix`: every bin once per 7 / 10 working
 *   days (per stream for the mix, {@link fixedCycleDays}), each stream cut into that many
 *   longitude sectors, one per working day;
 * - `sensor` (issue #17): the rolling-horizon area planner (`horizon-strategy.ts`, `planHorizon`):
 *   forecasts from the readings, faulty sensors flagged and given a safe fallback, areas (H3
 *   cells) visited on the day their fastest bin requires and only the bins that would not last
 *   until the area's next planned visit taken, at {@link SimOptions.riskPercent} (default
 *   {@link DEFAULT_HORIZON_RISK_PERCENT} %). All its bins are mandatory;
 * - `sensor-rounds` (the `sensor` of issue #6): `decideBins` on the noisy readings only (4/day, σ 3, 2 % outliers, 3 % lost), never
 *   on the truth. With `roundsPerWeek` 0 it chooses freely every working day (next chance = next
 *   working day); with 1 (or 2) it keeps the weekly sector rounds of `fixed-weekly` (plus a second
 *   round two working days later) and skips the bins that will not overflow before their next
 *   round, at the chosen risk. `must` bins are mandatory; `may` bins are passed to the solver as
 *   OPTIONAL bins with a prize (the server's rule, {@link MAY_PRIZE_EUR_PER_FULL_BIN} × forecast
 *   fill), so the search takes one when the prize beats its detour. With
 *   {@link SimOptions.sweepCycleDays} the rounds follow a sector cycle of that many working days
 *   (the "sensor sweep" settings of the frontier: the cyclic fixed schedules' sectors, each bin
 *   skipped while it will last until its sector's next turn, a bin whose sensor looks faulty, by
 *   the forecast's `sensorFault` or the horizon strategy's `looksFaulty`, taken at every turn); with
 *   {@link SimOptions.overflowEurPerDay} bins off today's round that would overflow before their
 *   next one are offered as optional, priced at the overflow days they would cause; with
 *   {@link SimOptions.oracle} the decisions read the truth (a bound, not a strategy).
 *
 * Fixed strategies make every chosen bin mandatory. The ground truth is `truthful` by default
 * (faulty sensors, events, unreported collections: `fill-truth.ts`).
 *
 * Routing: each day is one problem document ({@link buildDayProblem}: explicit integer matrix of
 * depot, disposal site and the day's bins; the fleet with the server's costs and break;
 * `objective: weighted`), solved by the solver's one engine, `solveDay` (fixed iteration budget,
 * no time limit: deterministic); the run throws if `checkDayPlan` reports any violation. (The
 * tables of the v1 router, before issue #5, stay in bench/results/ as data; that router is gone.)
 *
 * The ground truth's stream fill rates follow {@link SimOptions.truth} (`anchored`: observed fill
 * at weekly collection; `primer-defaults`: the sample generator's rates; see `fill-truth.ts`).
 * All strategies start from the same state after a warm-up under the generator's schedule (the
 * sensor strategy thus has history), use the same solver seed and iteration budget, and give the
 * solver the true fill at plan time (capped at 100 %) as the load (what the truck will lift).
 * Pure: no clock, no file access; the seed and start instant are parameters.
 */
import {
  cellOf,
  checkDayPlan,
  decideBins,
  medianRateByStream,
  parseProblemJson,
  resolveExplicitMatrix,
  solveDay,
  Rng,
  type BinDecision,
  type DecisionInput,
  type PlanJson,
  type ProblemJson,
  type ResolvedProblem,
  type FillReading,
  type MasterSolver,
  type Kilograms,
  type Litres,
  type Seconds,
  type Stream,
  type TravelMatrix,
} from '../../solver/src/index.js';
import { FIXED_SCHEDULE } from './sample-city.js';
import { HorizonStrategy, looksFaulty } from './horizon-strategy.js';
import { FillTruth, unit, type TruthCalibration, type TruthRealism } from './fill-truth.js';

const DAY_MS = 86_400_000;

/** Loose density per stream, kg/L (domain primer §8; the server's `loose-density.ts` uses the same). */
const DENSITY: Record<Stream, number> = { residual: 0.12, packaging: 0.025, glass: 0.3, paper: 0.2, biowaste: 0.4 };

const ALL_STREAMS: readonly Stream[] = ['residual', 'packaging', 'glass', 'paper', 'biowaste'];

/**
 * Day-problem constants, the same as the server's daily plan (server/src/services/plan-service.ts,
 * `DAY_COSTS_EUR`, `MAY_PRIZE_EUR_PER_FULL_BIN`, `BREAK_*`), copied because scripts may not import
 * the server: costs in EUR, perKm 1.2 (80 L/100 km × ~1.5 EUR/L), perHour 120 (truck + crew, primer
 * §8), fixed 0 (owned fleet).
 */
export const DAY_COSTS_EUR = { perKm: 1.2, perHour: 120, fixed: 0 } as const;
/** Prize of a `may` bin, EUR per full bin: × the forecast fill at plan time (plan-service.ts). */
export const MAY_PRIZE_EUR_PER_FULL_BIN = 6;
/**
 * The crew's break as the server gives it (plan-service.ts `BREAK_DURATION_SEC`,
 * `BREAK_AFTER_WORK_SEC`, `BREAK_EARLIEST_AFTER_START_SEC`; primer §4, §8: 20 minutes once daily
 * work reaches 6 h): every shift longer than 6 h gets a 20-minute break starting between 3 h after
 * the shift start and the 6 h mark.
 */
export const BREAK_DURATION_SEC = 20 * 60;
export const BREAK_AFTER_WORK_SEC = 6 * 3600;
export const BREAK_EARLIEST_AFTER_START_SEC = 3 * 3600;
/** Default risk of the `sensor` (horizon) strategy, percent. */
export const DEFAULT_HORIZON_RISK_PERCENT = 5;
/** Default `solveDay` iterations per simulated day (fixed: no wall-clock limit, so runs are reproducible). */
export const DEFAULT_SIM_ITERATIONS = 300;

/** How bins are chosen each day (see the file comment). */
export type StrategyName = 'fixed-weekly' | 'fixed-twice-weekly' | 'fixed-every-10-days' | 'fixed-fortnightly' | 'fixed-mix' | 'fixed-schedule' | 'sensor' | 'sensor-rounds';
/** The strategies `all` runs (the twice-weekly schedule is run on request). */
export const STRATEGIES: readonly StrategyName[] = ['fixed-weekly', 'fixed-schedule', 'sensor'];
/** Every strategy, for the frontier. */
export const ALL_STRATEGIES: readonly StrategyName[] = ['fixed-twice-weekly', 'fixed-weekly', 'fixed-every-10-days', 'fixed-fortnightly', 'fixed-mix', 'fixed-schedule', 'sensor', 'sensor-rounds'];

/**
 * Working days between two visits of a bin under the cyclic fixed strategies: `fixed-weekly` 5,
 * `fixed-every-10-days` 7 (ten calendar days), `fixed-fortnightly` 10, and `fixed-mix` per stream
 * (residual and biowaste weekly, packaging every 10 days, glass and paper fortnightly).
 */
export function fixedCycleDays(strategy: StrategyName, stream: Stream): number | null {
  if (strategy === 'fixed-every-10-days') return 7;
  if (strategy === 'fixed-fortnightly') return 10;
  if (strategy === 'fixed-mix') return stream === 'residual' || stream === 'biowaste' ? 5 : stream === 'packaging' ? 7 : 10;
  return null;
}

/** Per bin, its sector of an N-working-day cycle: each stream cut into N longitude sectors, west to east. */
export function cycleSectors(bins: readonly SimBin[], cycle: (b: SimBin) => number): number[] {
  const sector = new Array<number>(bins.length).fill(0);
  const byStream = new Map<Stream, number[]>();
  bins.forEach((b, i) => byStream.set(b.stream, [...(byStream.get(b.stream) ?? []), i]));
  for (const idx of byStream.values()) {
    idx.sort((a, b) => bins[a]!.lng - bins[b]!.lng);
    idx.forEach((i, k) => (sector[i] = Math.floor((cycle(bins[i]!) * k) / idx.length)));
  }
  return sector;
}

/** The second round day of a sector (1–5 = Mon–Fri): two working days later (Mon+Wed, Tue+Thu, Wed+Fri, Thu+Mon, Fri+Tue). */
export function secondRoundDay(sector: number): number {
  return ((sector + 1) % 5) + 1;
}

/** A bin as the simulator needs it (capacity in litres, stop time in seconds, longitude for sectors). */
export interface SimBin {
  readonly binId: string;
  readonly stream: Stream;
  readonly capacityLitres: number;
  readonly serviceSec: number;
  readonly lng: number;
  /** Latitude, for the sensor strategy's H3 areas (without it, areas are longitude strips). */
  readonly lat?: number;
}

/** A truck of the fleet: streams, capacities, shift (seconds since local midnight) and CO2 factor, kg per km. */
export interface SimVehicle {
  readonly vehicleId: string;
  readonly capacityLitres: Litres;
  readonly capacityKg: Kilograms;
  readonly streams: readonly Stream[];
  readonly shiftStartSec: Seconds;
  readonly shiftEndSec: Seconds;
  readonly co2KgPerKm: number;
}

/** The city: bins, fleet and the full road matrix (location 0 depot, 1 disposal, 2 + i bin i). */
export interface SimWorld {
  readonly bins: readonly SimBin[];
  readonly vehicles: readonly SimVehicle[];
  readonly matrix: TravelMatrix;
  /** Bin indices with no road path to/from the depot (never routed). */
  readonly unreachableBins: ReadonlySet<number>;
  readonly disposalServiceSec: number;
  /** Local midnight of the shifts minus UTC midnight, seconds (Europe/Monaco in winter: 3600). */
  readonly utcOffsetSec: number;
}

/** Parameters of one simulated strategy run. */
export interface SimOptions {
  readonly strategy: StrategyName;
  readonly weeks: number;
  /** Weeks under the generator's schedule before counting (also the sensor history). Default 3. */
  readonly warmupWeeks?: number;
  /** UTC midnight of the first counted day; must be a Monday. */
  readonly startMs: number;
  /** Seed of the truth (same for every strategy) and of the solver. */
  readonly seed: number;
  /** Calibration of the ground-truth fill rates (see `TruthCalibration` in fill-truth.ts). */
  readonly truth: TruthCalibration;
  /** Realism of the ground truth (faulty sensors, events, unreported collections; fill-truth.ts). Default `truthful`. */
  readonly realism?: TruthRealism;
  /** Solver budget per day: `solveDay` iterations. */
  readonly maxIterations: number;
  /** Set-partitioning back-end of `solveDay` (as the server's plans use); absent: no master step. */
  readonly master?: MasterSolver;
  /** Sensor strategy: overflow risk that makes a bin `must`, percent. Default 10. */
  readonly riskPercent?: number;
  /** Sensor strategy: expected fill at the next chance that makes a bin `may`, percent. Default 70. */
  readonly mayPercent?: number;
  /** Sensor strategy: UTC weekdays the trucks run (0 = Sunday). Default Mon–Fri. */
  readonly workDays?: readonly number[];
  /**
   * Sensor strategy: 0 = free choice every working day (next chance = next working day);
   * 1 = keep the weekly sector rounds of `fixed-weekly` and use the sensors to skip bins that
   * will not overflow before their next round; 2 = the same with a second round per sector two
   * working days later (Mon+Wed, Tue+Thu, Wed+Fri, Thu+Mon, Fri+Tue). Default 0.
   */
  readonly roundsPerWeek?: 0 | 1 | 2;
  /**
   * Sensor strategy with rounds: overflow probability by the next working day that triggers an
   * off-round pick-up, percent. Default: no off-round pick-ups.
   */
  readonly emergencyRiskPercent?: number;
  /**
   * Sensor strategy with `roundsPerWeek` 1: the sector cycle in working days (5 = weekly sectors,
   * 7 = every ten calendar days, 10 = fortnightly; each stream cut into that many longitude
   * sectors, as the cyclic fixed schedules). Default 5.
   */
  readonly sweepCycleDays?: number;
  /**
   * Sensor strategy with rounds: value of an overflow bin-day avoided, EUR. A bin off today's round
   * whose forecast overflows before its next round is offered to the day's solver as optional, with
   * a prize of this × the overflow days its next round would come too late for (expected fill at
   * plan time and rate); the solver takes it when the detour costs less. Default: none offered.
   */
  readonly overflowEurPerDay?: number;
  /**
   * Sensor strategy with rounds: decide from the ground truth instead of the readings (true fill
   * and true base rate, a bound on what any forecaster could do on the same rounds). Default false.
   */
  readonly oracle?: boolean;
  /** `sensor` (horizon planner): planned working days. Default 7. */
  readonly horizonDays?: number;
  /** `sensor`: fill that counts as full for the planner, percent. Default 95. */
  readonly fullPercent?: number;
  /** `sensor`: H3 resolution of the areas. Default {@link HORIZON_H3_RESOLUTION}. */
  readonly h3Resolution?: number;
  /** `sensor`: keep areas on a home weekday (see horizon-strategy.ts). Default true. */
  readonly phased?: boolean;
  /** `sensor`: the weekdays areas may have as home day. Default: the work days. */
  readonly homeDays?: readonly number[];
  /** `sensor`: areas one trip serves, for the area visit cost (horizon-strategy.ts). */
  readonly areasPerTrip?: number;
  readonly onProgress?: (message: string) => void;
}

/** One simulated day, chart-ready. */
export interface SimDay {
  readonly date: string;
  readonly km: number;
  readonly truckHours: number;
  readonly collections: number;
  readonly meanFillAtCollection: number | null;
  readonly overflowBinDays: number;
  readonly unassigned: number;
  readonly must: number;
  /** `may` bins offered to the solver (optional, with a prize). */
  readonly may: number;
  /** Of those, the ones collected. */
  readonly mayTaken: number;
}

/** Totals of one strategy over the counted weeks (km, hours, collections, overflow, CO2) and its days. */
export interface SimResult {
  readonly strategy: StrategyName;
  readonly truth: TruthCalibration;
  readonly weeks: number;
  readonly km: number;
  readonly truckHours: number;
  readonly collections: number;
  /** Mean true fill just before each collection, percent (capped at 100 like collections.csv). */
  readonly meanFillAtCollection: number;
  readonly overflowBinDays: number;
  /** Of those, the bin-days of bins whose sensor was faulty then (the truth's own record; no strategy reads it). */
  readonly overflowBinDaysFaultySensor: number;
  readonly co2Kg: number;
  /** km × per-km + truck-hours × per-hour of {@link DAY_COSTS_EUR}, EUR. */
  readonly costEur: number;
  /** `sensor`: bin-days whose sensor looked faulty (fallback forecast used), summed over working days. */
  readonly faultyFlaggedBinDays: number;
  /** Mandatory bins left unassigned by the solver (shift or capacity), summed over days. */
  readonly unassigned: number;
  /** Optional (`may`) bins offered / collected, summed over days. */
  readonly mayOffered: number;
  readonly mayTaken: number;
  readonly days: readonly SimDay[];
}

/** Per-bin weekday (1–5) of the weekly schedule: five longitude sectors per stream. */
export function weeklySectors(bins: readonly SimBin[]): number[] {
  const day = new Array<number>(bins.length).fill(1);
  const byStream = new Map<Stream, number[]>();
  bins.forEach((b, i) => byStream.set(b.stream, [...(byStream.get(b.stream) ?? []), i]));
  for (const idx of byStream.values()) {
    idx.sort((a, b) => bins[a]!.lng - bins[b]!.lng);
    idx.forEach((i, k) => (day[i] = 1 + Math.floor((5 * k) / idx.length)));
  }
  return day;
}

/** A bin offered to the day's solver: world index, true fill at plan time (the load) and, for an optional bin, its prize. */
export interface DayBin {
  readonly i: number;
  readonly fillPercent: number;
  /** EUR; present = optional (`may`) bin, absent = mandatory. */
  readonly prize?: number;
}

/** Litres and kilograms a bin holds at `fillPercent` (capped to 0–100 %), as the server's `demandOf`. */
function demandOf(bin: SimBin, fillPercent: number): { litres: number; kg: number } {
  const litres = Math.round((Math.min(100, Math.max(0, fillPercent)) / 100) * bin.capacityLitres);
  return { litres, kg: Math.round(litres * DENSITY[bin.stream]) };
}

/** Prize of a `may` bin, EUR, from its forecast fill at plan time (plan-service.ts rule, rounded to the cent). */
export function mayPrize(forecastFillPercent: number | null): number {
  const fill = Math.min(100, Math.max(0, forecastFillPercent ?? 100));
  return Math.round(MAY_PRIZE_EUR_PER_FULL_BIN * fill) / 100;
}

/**
 * The day's problem document on an explicit integer matrix: location 0 the depot, 1 the disposal
 * site (its unloading time, every stream, open from the earliest shift start to the latest shift
 * end), 2 + k the k-th of `dayBins` (sub-matrix of the world's road matrix, rounded to whole metres
 * and seconds); the fleet with its streams, capacities, shift, CO2 factor, {@link DAY_COSTS_EUR}
 * and the server's break; `objective: weighted`. Parsed and resolved.
 * @throws ProblemError when the document is malformed (a bug of this builder), Error when a
 *   matrix entry is not finite.
 */
export function buildDayProblem(world: SimWorld, dayBins: readonly DayBin[], name: string): ResolvedProblem {
  const locs = [0, 1, ...dayBins.map((b) => 2 + b.i)];
  const size = world.matrix.size;
  const row = (table: ArrayLike<number>, a: number): number[] =>
    locs.map((b) => {
      const v = table[a * size + b]!;
      if (!Number.isFinite(v)) throw new Error(`${name}: no road path between matrix locations ${a} and ${b}`);
      return Math.round(v);
    });
  const shiftStart = Math.min(...world.vehicles.map((v) => v.shiftStartSec));
  const shiftEnd = Math.max(...world.vehicles.map((v) => v.shiftEndSec));
  const doc = {
    version: 1,
    name,
    depots: [{ id: 'depot', locationIndex: 0 }],
    disposalSites: [
      {
        id: 'disposal',
        locationIndex: 1,
        timeWindows: [{ openSec: shiftStart, closeSec: shiftEnd }],
        unloadingSec: Math.round(world.disposalServiceSec),
        streams: [...ALL_STREAMS],
      },
    ],
    bins: dayBins.map((d, k) => {
      const b = world.bins[d.i]!;
      const demand = demandOf(b, d.fillPercent);
      return {
        id: b.binId,
        locationIndex: 2 + k,
        stream: b.stream,
        demandLitres: demand.litres,
        demandKg: demand.kg,
        serviceSec: Math.round(b.serviceSec),
        mandatory: d.prize === undefined,
        ...(d.prize === undefined ? {} : { prize: d.prize }),
      };
    }),
    vehicles: world.vehicles.map((v) => ({
      id: v.vehicleId,
      streams: [...v.streams],
      capacityLitres: v.capacityLitres,
      capacityKg: v.capacityKg,
      shiftStartSec: v.shiftStartSec,
      shiftEndSec: v.shiftEndSec,
      // As plan-service.ts buildProblem: a break only for shifts longer than 6 h.
      breaks:
        v.shiftEndSec - v.shiftStartSec > BREAK_AFTER_WORK_SEC
          ? [{ earliestStartSec: v.shiftStartSec + BREAK_EARLIEST_AFTER_START_SEC, latestStartSec: v.shiftStartSec + BREAK_AFTER_WORK_SEC, durationSec: BREAK_DURATION_SEC }]
          : [],
      startDepotId: 'depot',
      endDepotId: 'depot',
      costs: { ...DAY_COSTS_EUR },
      co2KgPerKm: v.co2KgPerKm,
    })),
    matrix: { durationsSec: locs.map((a) => row(world.matrix.durations, a)), distancesM: locs.map((a) => row(world.matrix.distances, a)) },
    objective: { type: 'weighted' },
  };
  return resolveExplicitMatrix(parseProblemJson(doc));
}

/** A routed day as the simulator drives it. */
interface RoutedDay {
  readonly km: number;
  readonly hours: number;
  readonly co2Kg: number;
  /** Collections: world bin index and the clock of its service start, seconds since local midnight. */
  readonly stops: readonly { readonly i: number; readonly atSec: number }[];
  /** Mandatory bins left out. */
  readonly unassigned: number;
}

/**
 * Routes a day with `solveDay` and checks the plan.
 * @throws Error listing the violations when `checkDayPlan` finds any.
 */
export function routeWithSolveDay(world: SimWorld, dayBins: readonly DayBin[], name: string, seed: number, iterations: number, master?: MasterSolver): RoutedDay & { plan: PlanJson; problem: ProblemJson } {
  const resolved = buildDayProblem(world, dayBins, name);
  const { plan } = solveDay(resolved, { seed, iterations, ...(master ? { master } : {}) });
  const violations = checkDayPlan(resolved, plan);
  if (violations.length > 0) {
    const list = violations.slice(0, 10).map((v) => `${v.code}: ${v.message}`).join('; ');
    throw new Error(`${name}: checkDayPlan found ${violations.length} violation(s): ${list}`);
  }
  const index = new Map(dayBins.map((d) => [world.bins[d.i]!.binId, d.i]));
  const mandatory = new Set(dayBins.filter((d) => d.prize === undefined).map((d) => world.bins[d.i]!.binId));
  let km = 0;
  let hours = 0;
  let co2Kg = 0;
  const stops: { i: number; atSec: number }[] = [];
  for (const route of plan.routes) {
    km += route.distanceM / 1000;
    hours += route.workingSec / 3600;
    co2Kg += route.co2Kg;
    for (const st of route.steps) if (st.type === 'bin') stops.push({ i: index.get(st.id ?? '')!, atSec: st.startSec });
  }
  return { km, hours, co2Kg, stops, unassigned: plan.unassigned.filter((u) => mandatory.has(u.binId)).length, plan, problem: resolved.problem };
}

/**
 * Overflow days before the next chance, `days` ahead: the days between the instant the expected
 * fill reaches 100 % (from `fillPercent` at `ratePercentPerDay`) and the next chance. 0 without a
 * forecast.
 */
export function overflowDaysBefore(fillPercent: number | null, ratePercentPerDay: number | null, days: number): number {
  if (fillPercent === null || ratePercentPerDay === null || days <= 0) return 0;
  if (fillPercent >= 100) return days;
  if (ratePercentPerDay <= 0) return 0;
  return Math.max(0, days - (100 - fillPercent) / ratePercentPerDay);
}

/** Weekly mean of the truth's weekday × daytime multipliers above the base rate (weekday pattern average, 7.3 / 7). */
const ORACLE_RATE_FACTOR = 7.3 / 7;

/**
 * Decisions from the ground truth (`--oracle`): the true fill now and the true base rate (× the
 * weekday pattern's mean), no spread. `must` when the fill at the next chance reaches 100 %,
 * `may` from `mayPercent`. A bound on what a perfect forecaster could do with the same rounds;
 * never a strategy the product can run (it reads the truth).
 */
function oracleDecisions(truth: FillTruth, n: number, planAtMs: number, nextChance: (i: number) => number, mayPercent: number): Pick<BinDecision, 'decision' | 'expectedAtPlanPercent' | 'ratePercentPerDay' | 'overflowProbability'>[] {
  const out: Pick<BinDecision, 'decision' | 'expectedAtPlanPercent' | 'ratePercentPerDay' | 'overflowProbability'>[] = [];
  for (let i = 0; i < n; i++) {
    const rate = truth.baseRate[i]! * ORACLE_RATE_FACTOR;
    const atPlan = truth.fill[i]! + (rate * (planAtMs - truth.nowMs)) / DAY_MS;
    const atNext = atPlan + (rate * (nextChance(i) - planAtMs)) / DAY_MS;
    out.push({ decision: atNext >= 100 ? 'must' : atNext >= mayPercent ? 'may' : 'skip', expectedAtPlanPercent: atPlan, ratePercentPerDay: rate, overflowProbability: atNext >= 100 ? 1 : 0 });
  }
  return out;
}

/** What the ground truth allows any strategy: how fast the bins fill, and how fast areas' fastest bins fill. */
export interface TruthStats {
  readonly seed: number;
  readonly bins: number;
  /** Median days from empty to full at the true mean rate. */
  readonly medianDaysToFull: number;
  /** Share of bins full in under 7 days (they overflow under any weekly round) and under 14 (they need one at least weekly). */
  readonly shareUnder7Days: number;
  readonly shareUnder14Days: number;
  /** Areas (H3 cell × stream) at `h3Resolution`, those whose every bin lasts `slowDays`, and how many bins those hold. */
  readonly h3Resolution: number;
  readonly areas: number;
  readonly slowDays: number;
  readonly areasAllSlow: number;
  readonly binsInSlowAreas: number;
  /** Areas with at least one bin full in under 14 days (a visit at least weekly). */
  readonly areasWithBinUnder14Days: number;
}

/**
 * Fill-time statistics of the truth at `seed` (the true base rate × the weekday pattern's mean):
 * the share of bins that need a visit at least weekly, and whether areas "whose bins all last
 * twelve days" exist. Reads the truth: an analysis, never a strategy.
 */
export function truthStats(world: SimWorld, seed: number, truthKind: TruthCalibration, h3Resolution = 8, slowDays = 12): TruthStats {
  const truth = new FillTruth(
    world.bins.map((b) => b.stream),
    seed,
    0,
    truthKind,
    'truthful',
  );
  const days = world.bins.map((_, i) => 100 / (truth.baseRate[i]! * ORACLE_RATE_FACTOR));
  const areas = new Map<string, number[]>();
  world.bins.forEach((b, i) => {
    const key = `${b.stream}:${b.lat === undefined ? Math.round(b.lng * 200) : cellOf([b.lng, b.lat], h3Resolution)}`;
    const list = areas.get(key);
    if (list) list.push(days[i]!);
    else areas.set(key, [days[i]!]);
  });
  const groups = [...areas.values()];
  const slow = groups.filter((g) => Math.min(...g) >= slowDays);
  const sorted = [...days].sort((a, b) => a - b);
  const share = (x: number): number => Math.round((1000 * days.filter((d) => d < x).length) / days.length) / 1000;
  return {
    seed,
    bins: days.length,
    medianDaysToFull: Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10,
    shareUnder7Days: share(7),
    shareUnder14Days: share(14),
    h3Resolution,
    areas: groups.length,
    slowDays,
    areasAllSlow: slow.length,
    binsInSlowAreas: slow.reduce((a, g) => a + g.length, 0),
    areasWithBinUnder14Days: groups.filter((g) => Math.min(...g) < 14).length,
  };
}

/** Runs one strategy (see the file comment). */
export function simulate(world: SimWorld, options: SimOptions): SimResult {
  const log = options.onProgress ?? ((): void => undefined);
  const n = world.bins.length;
  const warmup = options.warmupWeeks ?? 3;
  const t0 = options.startMs - warmup * 7 * DAY_MS;
  if (new Date(options.startMs).getUTCDay() !== 1 || options.startMs % DAY_MS !== 0) throw new RangeError('startMs must be a Monday 00:00 UTC');
  const truth = new FillTruth(
    world.bins.map((b) => b.stream),
    options.seed,
    t0,
    options.truth,
    options.realism ?? 'truthful',
  );
  const phaseRng = new Rng(options.seed ^ 0x5eed);
  const phase = world.bins.map(() => (unit(phaseRng) < 0.5 ? 0 : 1));
  const sectors = weeklySectors(world.bins);
  const history: FillReading[][] = world.bins.map(() => []);
  const workDays = new Set(options.workDays ?? [1, 2, 3, 4, 5]);
  /** The strategy's own last emptying of each bin (warm-up rounds included), epoch ms. */
  const lastEmptiedMs: number[] = world.bins.map(() => t0);
  const cyclic = fixedCycleDays(options.strategy, 'residual') !== null;
  const cycle = world.bins.map((b) => fixedCycleDays(options.strategy, b.stream) ?? 1);
  const cycleSector = cycleSectors(world.bins, (b) => fixedCycleDays(options.strategy, b.stream) ?? 1);
  let workDayIndex = 0;
  let faultyFlagged = 0;
  const sweepCycle = options.sweepCycleDays ?? 5;
  if (!Number.isInteger(sweepCycle) || sweepCycle < 1 || sweepCycle > 20) throw new RangeError(`sweepCycleDays must be an integer 1-20, got ${sweepCycle}`);
  /** Sensor rounds on a sector cycle other than the weekdays: each bin's sector of the cycle. */
  const sweep = options.strategy === 'sensor-rounds' && options.roundsPerWeek === 1 && options.sweepCycleDays !== undefined ? cycleSectors(world.bins, () => sweepCycle) : null;
  const horizon =
    options.strategy === 'sensor'
      ? new HorizonStrategy(world, {
          riskPercent: options.riskPercent ?? DEFAULT_HORIZON_RISK_PERCENT,
          horizonDays: options.horizonDays ?? 7,
          fullPercent: options.fullPercent ?? 95,
          workDays,
          costs: DAY_COSTS_EUR,
          seed: options.seed,
          ...(options.h3Resolution === undefined ? {} : { h3Resolution: options.h3Resolution }),
          ...(options.phased === undefined ? {} : { phased: options.phased }),
          ...(options.homeDays === undefined ? {} : { homeDays: options.homeDays }),
          ...(options.areasPerTrip === undefined ? {} : { areasPerTrip: options.areasPerTrip }),
        })
      : null;
  const addReadings = (rs: readonly { measuredAtMs: number; fillPercent: number }[][]): void => {
    rs.forEach((list, i) => {
      if (list.length > 0) history[i]!.push(...list);
    });
  };
  const scheduled = (i: number, dayMs: number): boolean => {
    const sched = FIXED_SCHEDULE[world.bins[i]!.stream];
    const d = new Date(dayMs).getUTCDay();
    if (!sched.days.includes(d)) return false;
    return !sched.everyOtherWeek || (Math.floor(dayMs / (7 * DAY_MS)) + phase[i]!) % 2 === 0;
  };

  // Warm-up: the generator's schedule, emptied at 08:00 UTC, not counted.
  for (let day = t0; day < options.startMs; day += DAY_MS) {
    addReadings(truth.advance(day + 8 * 3_600_000));
    for (let i = 0; i < n; i++) {
      if (!scheduled(i, day)) continue;
      truth.empty(i);
      lastEmptiedMs[i] = day + 8 * 3_600_000;
    }
  }
  addReadings(truth.advance(options.startMs));
  truth.resetCounters(options.startMs);

  const days: SimDay[] = [];
  let km = 0;
  let hours = 0;
  let co2 = 0;
  let collections = 0;
  let fillSum = 0;
  let unassignedTotal = 0;
  let mayOffered = 0;
  let mayTakenTotal = 0;
  const endMs = options.startMs + options.weeks * 7 * DAY_MS;
  const planHourMs = 9 * 3_600_000;

  for (let day = options.startMs; day < endMs; day += DAY_MS) {
    const overflowBefore = truth.overflowBinDays;
    const shiftStartMs = day + Math.min(...world.vehicles.map((v) => v.shiftStartSec)) * 1000 - world.utcOffsetSec * 1000;
    addReadings(truth.advance(shiftStartMs));
    const weekday = new Date(day).getUTCDay();
    let chosen: number[] = [];
    let mustCount = 0;
    let mayCount = 0;
    /** Prize of each optional (`may`) bin of the day, by world index. */
    const prizes = new Map<number, number>();
    if (options.strategy === 'fixed-weekly') {
      if (weekday >= 1 && weekday <= 5) chosen = world.bins.map((_, i) => i).filter((i) => sectors[i] === weekday);
    } else if (options.strategy === 'fixed-twice-weekly') {
      if (weekday >= 1 && weekday <= 5) chosen = world.bins.map((_, i) => i).filter((i) => sectors[i] === weekday || secondRoundDay(sectors[i]!) === weekday);
    } else if (options.strategy === 'fixed-schedule') {
      chosen = world.bins.map((_, i) => i).filter((i) => scheduled(i, day));
    } else if (cyclic) {
      if (weekday >= 1 && weekday <= 5) chosen = world.bins.map((_, i) => i).filter((i) => workDayIndex % cycle[i]! === cycleSector[i]);
    } else if (horizon && workDays.has(weekday)) {
      const windowFrom = day - 21 * DAY_MS;
      for (const h of history) {
        const cut = h.findIndex((r) => r.measuredAtMs >= windowFrom);
        if (cut > 0) h.splice(0, cut);
      }
      const choice = horizon.decide(day, day + planHourMs, history, lastEmptiedMs);
      chosen = choice.chosen;
      mustCount = chosen.length;
      faultyFlagged += choice.faulty;
    } else if (options.strategy === 'sensor-rounds' && workDays.has(weekday)) {
      let nextWorkDay = day + DAY_MS;
      while (!workDays.has(new Date(nextWorkDay).getUTCDay())) nextWorkDay += DAY_MS;
      const windowFrom = day - 21 * DAY_MS;
      for (const h of history) {
        const cut = h.findIndex((r) => r.measuredAtMs >= windowFrom);
        if (cut > 0) h.splice(0, cut);
      }
      const rounds = options.roundsPerWeek ?? 0;
      const roundDays = (i: number): number[] => (rounds === 0 ? [] : rounds === 1 ? [sectors[i]!] : [sectors[i]!, secondRoundDay(sectors[i]!)]);
      const onRound = (i: number): boolean =>
        rounds === 0 || (sweep ? workDayIndex % sweepCycle === sweep[i] : roundDays(i).includes(weekday));
      /** The bin's next round after today (sector cycle or weekdays), plan instant. */
      const nextRound = (i: number): number => {
        let next = day + DAY_MS;
        if (sweep) {
          let k = workDayIndex;
          for (; ; next += DAY_MS) {
            const wd = new Date(next).getUTCDay();
            if (wd < 1 || wd > 5) continue;
            k++;
            if (k % sweepCycle === sweep[i]) break;
          }
        } else while (!roundDays(i).includes(new Date(next).getUTCDay())) next += DAY_MS;
        return next + planHourMs;
      };
      // Next chance: with sector rounds, the bin's next round day (off-round bins too when a prize
      // for overflow is set); otherwise (and for off-round emergencies) the next working day.
      const nextChance = (i: number): number => {
        if (rounds === 0) return nextWorkDay + planHourMs;
        if (!onRound(i) && options.overflowEurPerDay === undefined) return nextWorkDay + planHourMs;
        return nextRound(i);
      };
      const inputs: DecisionInput[] = world.bins.map((b, i) => ({ binId: b.binId, stream: b.stream, readings: history[i]! }));
      const index = new Map(world.bins.map((b, i) => [b.binId, i]));
      const planAt = day + planHourMs;
      const decisions = options.oracle
        ? oracleDecisions(truth, world.bins.length, planAt, nextChance, options.mayPercent ?? 70)
        : decideBins(inputs, planAt, (b) => nextChance(index.get(b.binId)!), {
            riskPercent: options.riskPercent ?? 10,
            mayPercent: options.mayPercent ?? 70,
            timeZone: 'UTC',
          });
      /** Median forecast rate per stream (the slow-sensor test of `looksFaulty`). */
      const streamMedian = sweep !== null && !options.oracle ? medianRateByStream(decisions, (k) => world.bins[k]!.stream, 0) : new Map<Stream, number>();
      const must: number[] = [];
      const may: number[] = [];
      const emergency = options.emergencyRiskPercent === undefined ? Infinity : options.emergencyRiskPercent / 100;
      decisions.forEach((d, i) => {
        if (world.unreachableBins.has(i)) return;
        if (!onRound(i) && options.overflowEurPerDay !== undefined) {
          // Off-round: optional, worth the overflow days its next round comes too late for.
          const late = overflowDaysBefore(d.expectedAtPlanPercent, d.ratePercentPerDay, (nextChance(i) - planAt) / DAY_MS);
          if (late > 0) prizes.set(i, Math.round(options.overflowEurPerDay * late * 100) / 100);
          return;
        }
        // On a sweep, a bin whose sensor looks faulty is taken at every turn of its sector (as the
        // fixed schedule would): its forecast cannot be trusted to skip it.
        const untrusted =
          sweep !== null && !options.oracle && (('sensorFault' in d && d.sensorFault !== null) || looksFaulty(history[i]!, planAt, d.ratePercentPerDay, streamMedian.get(world.bins[i]!.stream) ?? 0));
        const urgent = onRound(i) ? d.decision === 'must' || untrusted : d.decision === 'must' && (d.overflowProbability ?? 0) >= emergency;
        if (urgent) must.push(i);
        else if (d.decision === 'may' && onRound(i)) may.push(i);
      });
      mustCount = must.length;
      // `may` bins are optional with the server's prize (forecast fill at plan time).
      for (const i of may) prizes.set(i, mayPrize(decisions[i]!.expectedAtPlanPercent));
      const rescue = [...prizes.keys()].filter((i) => !may.includes(i));
      mayCount = may.length + rescue.length;
      chosen = [...must, ...may, ...rescue];
    }
    chosen = chosen.filter((i) => !world.unreachableBins.has(i));

    let dayKm = 0;
    let dayHours = 0;
    let dayCollections = 0;
    let dayFill = 0;
    let dayUnassigned = 0;
    let dayMayTaken = 0;
    if (chosen.length > 0) {
      const dayBins: DayBin[] = chosen.map((i) => {
        const prize = prizes.get(i);
        return { i, fillPercent: truth.fill[i]!, ...(prize === undefined ? {} : { prize }) };
      });
      const date = new Date(day).toISOString().slice(0, 10);
      const routed = routeWithSolveDay(world, dayBins, `${options.strategy} ${date}`, options.seed, options.maxIterations, options.master);
      dayKm = routed.km;
      dayHours = routed.hours;
      co2 += routed.co2Kg;
      dayUnassigned = routed.unassigned;
      const events = routed.stops.map((st) => ({ atMs: day + (st.atSec - world.utcOffsetSec) * 1000, i: st.i }));
      events.sort((a, b) => a.atMs - b.atMs || a.i - b.i);
      for (const ev of events) {
        if (ev.atMs > truth.nowMs) addReadings(truth.advance(ev.atMs));
        const before = truth.empty(ev.i);
        lastEmptiedMs[ev.i] = ev.atMs;
        dayFill += Math.min(100, before);
        dayCollections++;
        if (prizes.has(ev.i)) dayMayTaken++;
      }
    }
    addReadings(truth.advance(day + DAY_MS));
    if (weekday >= 1 && weekday <= 5) workDayIndex++;
    km += dayKm;
    hours += dayHours;
    collections += dayCollections;
    fillSum += dayFill;
    unassignedTotal += dayUnassigned;
    mayOffered += mayCount;
    mayTakenTotal += dayMayTaken;
    const row: SimDay = {
      date: new Date(day).toISOString().slice(0, 10),
      km: Math.round(dayKm * 10) / 10,
      truckHours: Math.round(dayHours * 100) / 100,
      collections: dayCollections,
      meanFillAtCollection: dayCollections > 0 ? Math.round((dayFill / dayCollections) * 10) / 10 : null,
      overflowBinDays: truth.overflowBinDays - overflowBefore,
      unassigned: dayUnassigned,
      must: mustCount,
      may: mayCount,
      mayTaken: dayMayTaken,
    };
    days.push(row);
    log(`${options.strategy} ${row.date}: ${row.collections} collections, ${row.km} km, ${row.overflowBinDays} overflowing bins${options.strategy === 'sensor-rounds' ? `, must ${mustCount} may ${mayCount} (taken ${dayMayTaken})` : ''}${dayUnassigned > 0 ? `, ${dayUnassigned} unassigned` : ''}`);
  }
  return {
    strategy: options.strategy,
    truth: options.truth,
    weeks: options.weeks,
    km: Math.round(km * 10) / 10,
    truckHours: Math.round(hours * 10) / 10,
    collections,
    meanFillAtCollection: collections > 0 ? Math.round((fillSum / collections) * 10) / 10 : 0,
    overflowBinDays: truth.overflowBinDays,
    overflowBinDaysFaultySensor: truth.overflowBinDaysFaulty,
    co2Kg: Math.round(co2),
    costEur: Math.round(km * DAY_COSTS_EUR.perKm + hours * DAY_COSTS_EUR.perHour),
    faultyFlaggedBinDays: faultyFlagged,
    unassigned: unassignedTotal,
    mayOffered,
    mayTaken: mayTakenTotal,
    days,
  };
}
