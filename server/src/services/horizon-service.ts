/**
 * The rolling-horizon plan of a space (issue #17, item 2): from the one forecast of the product
 * (the decision set of the date, {@link DecisionService}), which areas each vehicle type visits on
 * which of the coming working days, which bins each visit takes, and why (`planHorizon` of the
 * solver). Day 0's bins are what a plan made with `selection: 'horizon'` must collect.
 *
 * Inputs, as the simulator's `sensor` strategy builds them (scripts/lib/horizon-strategy.ts), with
 * what the server has instead of the simulator's road matrix:
 * - areas: H3 cells at {@link HORIZON_H3_RESOLUTION};
 * - a bin's forecast: the decision's expected fill at the plan instant, its rate and their spreads
 *   (the spread of the fill is read back from the decision's `upperAtNextPercent`, a bound at the
 *   set's risk one day ahead). A bin with no reading gets {@link NO_READING_DAYS} days of its
 *   stream's median rate, with a wide spread ({@link FALLBACK_RATE_CV}); a bin forced `must` (a
 *   driver's or an accepted citizen's report) counts as full now, so its area is visited today.
 *   Faulty sensors are already handled by the forecast (`sensorFault`: group rate from a safe level);
 * - an area's visit cost: its share of a depot → area → nearest disposal site round trip
 *   ({@link AREAS_PER_TRIP} areas a trip) plus the drive from the nearest other area and back, on
 *   great-circle distances × {@link DETOUR_FACTOR} at {@link URBAN_SPEED_KMH}, priced at the plans'
 *   day costs (`DAY_COSTS_EUR`, per km and per hour). A bin's stop time is its service time plus
 *   the drive from its nearest neighbour of the same stream and area, estimated the same way;
 * - home weekdays: areas sorted west to east and cut into one group per working day (by bin
 *   count), as weekly sectors, so each day's rounds stay compact (off-phase visits only when a bin
 *   cannot wait);
 * - vehicle types: the fleet grouped by the streams it carries (count, longest shift);
 * - days: the date (day 0), then the working days Monday to Friday after it.
 *
 * `planHorizon` takes 4-6 ms on the sample city (Monaco, 314 bins; measured with `planMs` on the
 * shared 2-core machine), under the ~30 ms that would call for a worker, so it runs on the event loop; the forecast it reads runs in the compute worker. Plans are memoised per
 * (date, risk) and the decision set's data version.
 */
import { cellBoundary, cellOf, forecastFromDecision, haversineM, homeWeekdaysWestToEast, medianRateByStream, normalQuantile, planHorizon, vehicleTypesByStreams, type AreaCost, type BinForecast, type HorizonBin, type HorizonDay, type HorizonPlan, type Stream } from '../solver.js';
import type { HorizonDto } from '../../contract/index.js';
import { DAY_COSTS_EUR } from '../compute/plan-pipeline.js';
import type { BinRow, BinsRepository } from '../db/repositories/bins-repository.js';
import type { FleetRepository } from '../db/repositories/fleet-repository.js';
import { DEFAULT_DECISION_RISK_PERCENT, nextDate, type DecisionService, type DecisionSet, type ForecastDecision, type Freshness } from './decision-service.js';
import { ConflictError } from '../errors.js';
import { hhmmToSec } from './local-time.js';

/** H3 resolution of the areas (res 8: ≈ 0.74 km², as the simulator's strategy). */
export const HORIZON_H3_RESOLUTION = 8;
/** Planned working days. */
export const HORIZON_DAYS = 7;
/** Fill that counts as full, percent. */
export const HORIZON_FULL_PERCENT = 95;
/** Areas one trip serves on average: the share of the depot and disposal legs an area visit carries. */
export const AREAS_PER_TRIP = 6;
/** Road distance over great-circle distance in a town (streets are not straight lines). */
export const DETOUR_FACTOR = 1.4;
/** Mean speed of a collection truck between areas and stops, km/h. */
export const URBAN_SPEED_KMH = 18;
/** Days of fill a bin with no reading is taken to hold (a weekly round's worth). */
export const NO_READING_DAYS = 7;
/** Spread of the fallback forecast, as a share of its mean. */
export const FALLBACK_RATE_CV = 0.45;
/** Monday to Friday. */
const WORK_DAYS: ReadonlySet<number> = new Set([1, 2, 3, 4, 5]);
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const DAY_MS = 86_400_000;
/** Plans kept in memory. */
const MAX_CACHED = 16;

/** A horizon plan with the dates of its days and the data version it was computed from. */
export interface HorizonResult {
  readonly date: string;
  readonly riskPercent: number;
  readonly version: number;
  /** Date of each of the planner's days (day index → `YYYY-MM-DD`). */
  readonly dates: readonly string[];
  readonly plan: HorizonPlan;
  /** Area (H3 cell) of each bin planned. */
  readonly areaOf: ReadonlyMap<string, string>;
  readonly streamOf: ReadonlyMap<string, Stream>;
  /** How long `planHorizon` took, ms. */
  readonly planMs: number;
}

/** Calendar arithmetic on ISO dates (UTC). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The planner's days from `date` (day 0) and the working days after it, `count` in all. */
export function horizonDays(date: string, count: number): { days: HorizonDay[]; dates: string[] } {
  const days: HorizonDay[] = [];
  const dates: string[] = [];
  for (let k = 0; days.length < count; k++) {
    const d = addDays(date, k);
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (k > 0 && !WORK_DAYS.has(weekday)) continue;
    days.push({ offsetDays: k, label: `${WEEKDAY_NAMES[weekday]} ${d.slice(8, 10)}/${d.slice(5, 7)}`, weekday });
    dates.push(d);
  }
  return { days, dates };
}

/** Truck time and cost of driving `m` great-circle metres. */
function drive(m: number): { metres: number; sec: number } {
  const metres = m * DETOUR_FACTOR;
  return { metres, sec: metres / ((URBAN_SPEED_KMH * 1000) / 3600) };
}
const price = (metres: number, sec: number): number => (metres / 1000) * DAY_COSTS_EUR.perKm + (sec / 3600) * DAY_COSTS_EUR.perHour;

/** Area costs, stop hours and the stop cost of a space's bins (see the file comment). */
export function areaModel(
  bins: readonly BinRow[],
  depot: readonly [number, number],
  disposals: readonly (readonly [number, number])[],
): { areaOf: Map<string, string>; areas: AreaCost[]; stopHours: Map<string, number>; stopCostEur: number } {
  const areaOf = new Map(bins.map((b) => [b.id, cellOf([b.lng, b.lat], HORIZON_H3_RESOLUTION)]));
  const members = new Map<string, BinRow[]>();
  for (const b of bins) {
    const a = areaOf.get(b.id)!;
    members.set(a, [...(members.get(a) ?? []), b]);
  }
  const centre = new Map<string, [number, number]>();
  for (const [a, list] of members) centre.set(a, [list.reduce((s, b) => s + b.lng, 0) / list.length, list.reduce((s, b) => s + b.lat, 0) / list.length]);
  const home = homeWeekdaysWestToEast(
    [...centre].map(([areaId, c]) => ({ areaId, lng: c[0], bins: members.get(areaId)!.length })),
    [...WORK_DAYS],
  );
  const areas: AreaCost[] = [...centre].map(([areaId, c]) => {
    const toDisposal = Math.min(...disposals.map((d) => haversineM(c, [d[0], d[1]])));
    const trip = drive(haversineM([depot[0], depot[1]], c) + toDisposal);
    let near = Infinity;
    for (const [other, o] of centre) if (other !== areaId) near = Math.min(near, 2 * haversineM(o, c));
    const hop = drive(Number.isFinite(near) ? near : 0);
    const metres = trip.metres / AREAS_PER_TRIP + hop.metres;
    const sec = trip.sec / AREAS_PER_TRIP + hop.sec;
    return { areaId, visitCostEur: price(metres, sec), visitHours: sec / 3600, homeWeekdays: [home.get(areaId)!] };
  });
  const stopHours = new Map<string, number>();
  let stopCost = 0;
  for (const b of bins) {
    let best = Infinity;
    for (const o of members.get(areaOf.get(b.id)!)!) if (o !== b && o.stream === b.stream) best = Math.min(best, haversineM([o.lng, o.lat], [b.lng, b.lat]));
    const hop = Number.isFinite(best) ? drive(best) : { metres: 500, sec: 120 };
    stopHours.set(b.id, (hop.sec + b.serviceSec) / 3600);
    stopCost += price(hop.metres, hop.sec + b.serviceSec);
  }
  return { areaOf, areas, stopHours, stopCostEur: stopCost / Math.max(1, bins.length) };
}

/** The planner's forecast of each bin from the decision set (see the file comment). */
export function forecastsOf(set: DecisionSet, streamOf: ReadonlyMap<string, Stream>): Map<string, BinForecast> {
  const zSpread = normalQuantile(1 - set.riskPercent / 100);
  const medians = medianRateByStream(set.decisions, (k) => streamOf.get(set.decisions[k]!.binId), 5);
  const out = new Map<string, BinForecast>();
  for (const d of set.decisions) {
    const s = streamOf.get(d.binId);
    if (!s) continue;
    const m = medians.get(s) ?? 5;
    let f: BinForecast = forecastFromDecision(d, zSpread, m) ?? {
      fillPercent: NO_READING_DAYS * m,
      fillSdPercent: FALLBACK_RATE_CV * NO_READING_DAYS * m,
      ratePercentPerDay: m,
      rateSdPercentPerDay: FALLBACK_RATE_CV * m,
    };
    // a report forces the bin in today whatever the forecast
    if (d.reasonCode) f = { ...f, fillPercent: Math.max(100, f.fillPercent) };
    out.set(d.binId, f);
  }
  return out;
}

/** Computes and memoises a space's horizon plans (see the file comment). */
export class HorizonService {
  private readonly entries = new Map<string, HorizonResult>();

  constructor(
    private readonly bins: BinsRepository,
    private readonly fleet: FleetRepository,
    private readonly decisions: DecisionService,
    private readonly seed: number = 1,
  ) {}

  /**
   * The horizon plan from `date` at `riskPercent` (from the decision set of `date` at the default
   * decision risk, `freshness` as {@link DecisionService.decide} says).
   * @throws RangeError for a risk outside (0, 50); ConflictError when the space has no depot or disposal site.
   */
  async plan(date: string, riskPercent: number, freshness: Freshness = 'read'): Promise<HorizonResult> {
    return this.fromSet(await this.decisions.decide(date, nextDate(date), DEFAULT_DECISION_RISK_PERCENT, freshness), riskPercent);
  }

  /** The horizon plan of a decision set (memoised per date, risk and the set's data version). */
  fromSet(set: DecisionSet, riskPercent: number): HorizonResult {
    const key = `${set.date}|${riskPercent}`;
    const hit = this.entries.get(key);
    if (hit && hit.version === set.version) return hit;
    const result = this.compute(set, riskPercent);
    this.entries.delete(key);
    if (this.entries.size >= MAX_CACHED) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, result);
    return result;
  }

  private compute(set: DecisionSet, riskPercent: number): HorizonResult {
    const rows = this.bins.all();
    const sites = this.fleet.sites();
    const depot = sites.find((s) => s.kind === 'depot');
    const disposals = sites.filter((s) => s.kind === 'disposal');
    if (!depot || disposals.length === 0) throw new ConflictError('no depot or no disposal site in this space: the horizon cannot be planned');
    const streamOf = new Map(rows.map((b) => [b.id, b.stream]));
    const model = areaModel(rows, [depot.lng, depot.lat], disposals.map((d) => [d.lng, d.lat] as const));
    const forecasts = forecastsOf(set, streamOf);
    const hbins: HorizonBin[] = [];
    for (const b of rows) {
      const f = forecasts.get(b.id);
      if (!f) continue;
      hbins.push({ binId: b.id, areaId: model.areaOf.get(b.id)!, stream: b.stream, capacityLitres: b.capacityLitres, stopHours: model.stopHours.get(b.id)!, forecast: f });
    }
    const vehicleTypes = vehicleTypesByStreams(this.fleet.vehicles().map((v) => ({ streams: v.streams, shiftHours: (hhmmToSec(v.shiftEnd) - hhmmToSec(v.shiftStart)) / 3600 })));
    const { days, dates } = horizonDays(set.date, 2 * HORIZON_DAYS + 1);
    const t0 = performance.now();
    const plan = planHorizon({
      bins: hbins,
      areas: model.areas,
      vehicleTypes,
      days,
      horizonDays: HORIZON_DAYS,
      riskPercent,
      fullPercent: HORIZON_FULL_PERCENT,
      stopCostEur: model.stopCostEur,
      seed: this.seed,
    });
    const planMs = performance.now() - t0;
    return { date: set.date, riskPercent, version: set.version, dates, plan, areaOf: model.areaOf, streamOf, planMs };
  }
}

/** A horizon plan as the API's DTO. */
export function toHorizonDto(r: HorizonResult): HorizonDto {
  const { plan, dates } = r;
  const areaIds = [...new Set(plan.areas.map((a) => a.areaId))];
  return {
    date: r.date,
    riskPercent: r.riskPercent,
    fullPercent: HORIZON_FULL_PERCENT,
    h3Resolution: HORIZON_H3_RESOLUTION,
    days: plan.days.map((d, i) => ({
      date: dates[i]!,
      label: d.label,
      visits: d.visits.map((v) => ({ areaId: v.areaId, stream: v.stream, vehicleTypeId: v.vehicleTypeId, binIds: [...v.binIds], hours: v.hours, costEur: v.costEur })),
      hoursByType: { ...d.hoursByType },
      overHours: { ...d.overHours },
    })),
    areas: plan.areas.map((a) => {
      const visitDates = [...a.visitDays].sort((x, y) => x - y).map((k) => dates[k]!);
      return { areaId: a.areaId, stream: a.stream, visitDates, nextVisitDate: visitDates[0] ?? null, reason: a.reason };
    }),
    cells: areaIds.map((areaId) => {
      return { areaId, boundary: cellBoundary(areaId).map(([lng, lat]) => [lng, lat] as [number, number]) };
    }),
    bins: plan.bins.map((b) => ({
      binId: b.binId,
      areaId: r.areaOf.get(b.binId)!,
      stream: r.streamOf.get(b.binId)!,
      collectDate: b.collectDay === null ? null : dates[b.collectDay]!,
      reason: b.reason,
    })),
    today: [...plan.today],
  };
}

/**
 * The decisions a plan made with `selection: 'horizon'` uses (issue #17): `must` for the bins the
 * horizon takes today and the bins a report forces in (`reasonCode`); the other bins of today's
 * visited areas (same stream) keep the `may` rule (a `must` or `may` of the forecast becomes `may`,
 * optional with its prize); every other bin is `skip`, left for its area's planned visit. Each
 * reason starts with the horizon's.
 */
export function horizonSelection(set: DecisionSet, horizon: HorizonResult): DecisionSet {
  const today = new Set(horizon.plan.today);
  const visited = new Set((horizon.plan.days[0]?.visits ?? []).map((v) => `${v.areaId}|${v.stream}`));
  const why = new Map(horizon.plan.bins.map((b) => [b.binId, b.reason]));
  const decisions = set.decisions.map((d): ForecastDecision => {
    if (d.reasonCode) return d;
    const reason = `horizon: ${why.get(d.binId) ?? 'not planned'}; ${d.reason}`;
    if (today.has(d.binId)) return { ...d, decision: 'must', reason };
    const unit = `${horizon.areaOf.get(d.binId)}|${horizon.streamOf.get(d.binId)}`;
    if (visited.has(unit) && d.decision !== 'skip') return { ...d, decision: 'may', reason };
    return { ...d, decision: 'skip', reason };
  });
  return { ...set, decisions };
}
