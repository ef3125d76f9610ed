/**
 * The simulator's `sensor` strategy (issue #17): each working day, forecast every bin from its
 * readings (`decideBins` of the solver, which never sees the truth), flag sensors that look faulty
 * and give those a safe fallback forecast, then ask the rolling-horizon planner (`planHorizon`)
 * which areas to visit over the next H working days and which bins to take; today's bins are
 * routed by the caller with `solveDay`.
 *
 * Areas are H3 cells ({@link HORIZON_H3_RESOLUTION}); an area's visit cost is estimated on the road
 * matrix: its share of a depot → area → disposal round trip ({@link AREAS_PER_TRIP} areas a trip)
 * plus the drive from the nearest other area of the same stream and back, at the day costs'
 * per-km and per-hour prices. A bin's stop time is its service time plus the drive from its
 * nearest neighbour of the same stream and area.
 *
 * Faulty-sensor detection (from the readings and the strategy's own collections only): silent
 * (no reading for {@link SILENT_HOURS} h), stuck (the last day's readings all equal), noisy
 * (median jump between successive readings over {@link NOISY_JUMP_PERCENT}), or reading slow (a
 * rate under {@link SLOW_SHARE} of its stream's median, the signature of a sensor drifting down).
 * Fallback: fill = days since the strategy last emptied the bin × the stream's median rate, with a
 * spread of {@link FALLBACK_RATE_CV} of it, so such bins are visited about every 8 days.
 */
import { type AreaCost, cellOf, decideBins, forecastFromDecision, homeWeekdaysWestToEast, medianRateByStream, vehicleTypesByStreams, normalQuantile, planHorizon, type BinForecast, type FillReading, type HorizonBin, type HorizonDay, type HorizonPlan, type HorizonVehicleType } from '../../solver/src/index.js';
import type { SimWorld } from './simulate-core.js';

const DAY_MS = 86_400_000;
/** H3 resolution of the areas (res 8: ≈ 0.74 km², about 60 bins of all streams in the sample city). */
export const HORIZON_H3_RESOLUTION = 8;
/** Areas one trip serves on average: the share of the depot and disposal legs an area visit carries. */
export const AREAS_PER_TRIP = 6;
export const SILENT_HOURS = 36;
export const NOISY_JUMP_PERCENT = 8;
export const SLOW_SHARE = 0.35;
export const FALLBACK_RATE_CV = 0.45;
/** Risk of `decideBins` used only to read the spread of its forecast (the planner applies its own risk). */
const SPREAD_RISK_PERCENT = 10;

/** Options of the horizon strategy. */
export interface HorizonStrategyOptions {
  readonly riskPercent: number;
  readonly horizonDays: number;
  readonly fullPercent: number;
  readonly workDays: ReadonlySet<number>;
  readonly costs: { readonly perKm: number; readonly perHour: number };
  readonly seed: number;
  readonly h3Resolution?: number;
  /**
   * Keep each area on a home weekday: areas sorted west to east by their medoid and cut into one
   * group per working day (by bin count), as the weekly sectors; visits off that day only when a
   * bin cannot wait. Default true.
   */
  readonly phased?: boolean;
  /** Weekdays that serve as home days (default: every working day); fewer home days, fewer truck-days. */
  readonly homeDays?: readonly number[];
  /** Areas one trip serves, for the visit cost. Default {@link AREAS_PER_TRIP}. */
  readonly areasPerTrip?: number;
}

/** What the strategy decided for a day: the bins to take (world indices) and the plan behind them. */
export interface HorizonDayChoice {
  readonly chosen: number[];
  readonly faulty: number;
  readonly plan: HorizonPlan;
}

/** Stateless per day apart from the world's static area data, built once. */
export class HorizonStrategy {
  private readonly areaOf: string[];
  private readonly areaCosts: AreaCost[];
  private readonly stopHours: number[];
  private readonly stopCostEur: number;
  private readonly vehicleTypes: HorizonVehicleType[];

  constructor(
    private readonly world: SimWorld,
    private readonly options: HorizonStrategyOptions,
  ) {
    const res = options.h3Resolution ?? HORIZON_H3_RESOLUTION;
    const bins = world.bins;
    this.areaOf = bins.map((b) => (b.lat === undefined ? `lng:${Math.round(b.lng * 200)}` : cellOf([b.lng, b.lat], res)));
    const size = world.matrix.size;
    const dist = (a: number, b: number): number => world.matrix.distances[a * size + b]!;
    const dur = (a: number, b: number): number => world.matrix.durations[a * size + b]!;
    // Medoid of each area (all streams): the bin with the least summed distance to the others.
    const members = new Map<string, number[]>();
    this.areaOf.forEach((a, i) => {
      if (world.unreachableBins.has(i)) return;
      members.set(a, [...(members.get(a) ?? []), i]);
    });
    const medoid = new Map<string, number>();
    for (const [a, list] of members) {
      let best = list[0]!;
      let bestSum = Infinity;
      for (const i of list) {
        let sum = 0;
        for (const j of list) sum += dist(2 + i, 2 + j) + dist(2 + j, 2 + i);
        if (sum < bestSum) [best, bestSum] = [i, sum];
      }
      medoid.set(a, best);
    }
    const price = (m: number, s: number): number => (m / 1000) * options.costs.perKm + (s / 3600) * options.costs.perHour;
    const homeDay =
      (options.phased ?? true)
        ? homeWeekdaysWestToEast(
            [...medoid].map(([areaId, m]) => ({ areaId, lng: bins[m]!.lng, bins: members.get(areaId)!.length })),
            [...(options.homeDays ?? options.workDays)],
          )
        : new Map<string, number>();
    this.areaCosts = [...medoid].map(([areaId, m]) => {
      const trip = dist(0, 2 + m) + dist(2 + m, 1);
      const tripSec = dur(0, 2 + m) + dur(2 + m, 1);
      let near = Infinity;
      let nearSec = 0;
      for (const [other, o] of medoid) {
        if (other === areaId) continue;
        const d = dist(2 + o, 2 + m) + dist(2 + m, 2 + o);
        if (d < near) [near, nearSec] = [d, dur(2 + o, 2 + m) + dur(2 + m, 2 + o)];
      }
      if (!Number.isFinite(near)) [near, nearSec] = [0, 0];
      const perTrip = options.areasPerTrip ?? AREAS_PER_TRIP;
      const metres = trip / perTrip + near;
      const sec = tripSec / perTrip + nearSec;
      const home = homeDay.get(areaId);
      return { areaId, visitCostEur: price(metres, sec), visitHours: sec / 3600, ...(home === undefined ? {} : { homeWeekdays: [home] }) };
    });
    // Stop time: service + drive from the nearest bin of the same stream and area.
    let stopCost = 0;
    this.stopHours = bins.map((b, i) => {
      let best = Infinity;
      let bestM = 0;
      for (const j of members.get(this.areaOf[i]!) ?? []) {
        if (j === i || bins[j]!.stream !== b.stream) continue;
        const s = dur(2 + j, 2 + i);
        if (s < best) [best, bestM] = [s, dist(2 + j, 2 + i)];
      }
      if (!Number.isFinite(best)) [best, bestM] = [120, 500];
      stopCost += price(bestM, best + b.serviceSec);
      return (best + b.serviceSec) / 3600;
    });
    this.stopCostEur = stopCost / Math.max(1, bins.length);
    this.vehicleTypes = vehicleTypesByStreams(world.vehicles.map((v) => ({ streams: v.streams, shiftHours: (v.shiftEndSec - v.shiftStartSec) / 3600 })));
  }

  /** The next working days from `dayMs` (UTC midnight), today first, as the planner's days. */
  private workingDays(dayMs: number, count: number): HorizonDay[] {
    const out: HorizonDay[] = [];
    for (let d = dayMs; out.length < count; d += DAY_MS) {
      if (!this.options.workDays.has(new Date(d).getUTCDay())) continue;
      out.push({ offsetDays: (d - dayMs) / DAY_MS, label: new Date(d).toUTCString().slice(0, 11), weekday: new Date(d).getUTCDay() });
    }
    return out;
  }

  /**
   * Today's bins: forecasts from `history` (readings per bin, sorted) at `planAtMs`, with the
   * strategy's own last collection per bin (`lastEmptiedMs`) for the fallback of faulty sensors.
   */
  decide(dayMs: number, planAtMs: number, history: readonly (readonly FillReading[])[], lastEmptiedMs: readonly number[]): HorizonDayChoice {
    const bins = this.world.bins;
    const decisions = decideBins(
      bins.map((b, i) => ({ binId: b.binId, stream: b.stream, readings: history[i]! })),
      planAtMs,
      planAtMs + DAY_MS,
      { riskPercent: SPREAD_RISK_PERCENT, mayPercent: 100, timeZone: 'UTC' },
    );
    const zSpread = normalQuantile(1 - SPREAD_RISK_PERCENT / 100);
    const medians = medianRateByStream(decisions, (k) => bins[k]!.stream, 5);
    let faulty = 0;
    const horizonBins: HorizonBin[] = [];
    const index: number[] = [];
    bins.forEach((b, i) => {
      if (this.world.unreachableBins.has(i)) return;
      const d = decisions[i]!;
      const median = medians.get(b.stream) ?? 5;
      let forecast: BinForecast | null = looksFaulty(history[i]!, planAtMs, d.ratePercentPerDay, median) ? null : forecastFromDecision(d, zSpread, median);
      if (!forecast) {
        faulty++;
        const since = Math.max(0, (planAtMs - lastEmptiedMs[i]!) / DAY_MS);
        forecast = { fillPercent: 2 + since * median, fillSdPercent: FALLBACK_RATE_CV * median * since, ratePercentPerDay: median, rateSdPercentPerDay: FALLBACK_RATE_CV * median };
      }
      index.push(i);
      horizonBins.push({ binId: b.binId, areaId: this.areaOf[i]!, stream: b.stream, capacityLitres: b.capacityLitres, stopHours: this.stopHours[i]!, forecast });
    });
    const days = this.workingDays(dayMs, 2 * this.options.horizonDays + 1);
    const plan = planHorizon({
      bins: horizonBins,
      areas: this.areaCosts,
      vehicleTypes: this.vehicleTypes,
      days,
      horizonDays: this.options.horizonDays,
      riskPercent: this.options.riskPercent,
      fullPercent: this.options.fullPercent,
      stopCostEur: this.stopCostEur,
      seed: this.options.seed,
    });
    const today = new Set(plan.today);
    const chosen = index.filter((i) => today.has(bins[i]!.binId));
    return { chosen, faulty, plan };
  }
}

/** Whether a bin's recent readings look like a faulty sensor (see the file comment). */
export function looksFaulty(readings: readonly FillReading[], atMs: number, rate: number | null, streamMedian: number): boolean {
  const last = readings.at(-1);
  if (!last || atMs - last.measuredAtMs > SILENT_HOURS * 3_600_000) return true;
  const recent = readings.filter((r) => r.measuredAtMs > atMs - 3 * DAY_MS);
  const lastDay = recent.filter((r) => r.measuredAtMs > atMs - DAY_MS);
  if (lastDay.length >= 3 && lastDay[0]!.fillPercent < 97 && lastDay.every((r) => r.fillPercent === lastDay[0]!.fillPercent)) return true;
  if (recent.length >= 6) {
    const jumps = recent.slice(1).map((r, k) => Math.abs(r.fillPercent - recent[k]!.fillPercent));
    jumps.sort((a, b) => a - b);
    if (jumps[Math.floor(jumps.length / 2)]! > NOISY_JUMP_PERCENT) return true;
  }
  return rate !== null && rate < SLOW_SHARE * streamMedian;
}
