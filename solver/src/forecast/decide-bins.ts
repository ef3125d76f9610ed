/**
 * Which bins to collect on a plan date, with the reason in words and numbers:
 * - `must`: at the chosen risk level the bin overflows before the next chance to collect it;
 * - `may`: worth taking if a route passes near (expected fill at the next chance ≥ `mayPercent`);
 * - `skip`: neither.
 *
 * Rates come from {@link fitBinModel}: a weekday × 6-hour profile per stream, each bin's own
 * cycles, shrunk towards the first of its groups that has enough bins (e.g. its H3 cell, its
 * container type, then its stream).
 *
 * Pure: instants are parameters, no clock.
 */
import type { Stream } from '../model/types.js';
import type { SensorFault } from './sensor-health.js';
import { DEFAULT_RATE_PERCENT_PER_DAY, type FillReading } from './readings.js';
import {
  FLAT_PROFILE,
  estimateProfile,
  fitBinModel,
  forecastFill,
  groupPriors,
  ownRate,
  timeToFull,
  type BinFillModel,
  type RatePrior,
  type RateProfile,
  type RateSource,
} from './fill-model.js';

/** Default risk: a bin is `must` when its overflow probability before the next chance is at least 10 %. */
export const DEFAULT_RISK_PERCENT = 10;
/** Default `may` threshold: expected fill at the next chance, percent. */
export const DEFAULT_MAY_PERCENT = 70;

/** A bin, its readings (sorted by time) and the groups it may borrow strength from, most specific first. */
export interface DecisionInput {
  readonly binId: string;
  readonly stream: Stream;
  readonly readings: readonly FillReading[];
  /** Group keys, most specific first, e.g. `['cell:891f…', 'container:bac_660']`; the stream is always appended. */
  readonly groups?: readonly string[];
  /** Reported collection instants (epoch ms), if any; unreported ones are detected from the readings. */
  readonly collectedAtMs?: readonly number[];
}

export type Decision = 'must' | 'may' | 'skip';

/** The decision for one bin, with the numbers behind it. */
export interface BinDecision {
  readonly binId: string;
  readonly decision: Decision;
  /** E.g. "must: 104% expected by Thu 14:00 (next chance), fills 11.2%/day; full by Wed 18:00". */
  readonly reason: string;
  /** Expected fill at the plan instant, percent (may exceed 100); `null` without readings. */
  readonly expectedAtPlanPercent: number | null;
  /** Expected fill at the next chance, percent; `null` without readings. */
  readonly expectedAtNextPercent: number | null;
  /** Upper risk bound of the fill at the next chance (quantile 1 − risk), percent. */
  readonly upperAtNextPercent: number | null;
  /** Probability that the bin has overflowed by the next chance, 0..1. */
  readonly overflowProbability: number | null;
  /** Mean fill rate, percent per day (weekly average). */
  readonly ratePercentPerDay: number | null;
  readonly rateSdPercentPerDay: number | null;
  readonly rateSource: RateSource | null;
  /** Instant the expected fill reaches 100 %, epoch ms; `null` when beyond 60 days or no readings. */
  readonly fullAtMs: number | null;
  readonly lastFillPercent: number | null;
  readonly lastMeasuredAtMs: number | null;
  /** The latest readings are at the sensor's ceiling: the bin may already be overflowing. */
  readonly saturated: boolean;
  /** P(full by the plan instant + k days), k = 1..{@link FULL_DAYS_AHEAD} ({@link fullByDayProbabilities}); empty without readings. */
  readonly fullByDayProbability: readonly number[];
  /** A faulty sensor (silent, stuck, noisy, drifting): the forecast fell back to the group rate; `null` when healthy or without readings. */
  readonly sensorFault: SensorFault | null;
  readonly nextChanceMs: number;
}

export interface DecideOptions {
  /** Overflow probability that makes a bin `must`, percent (0 < risk < 50). Default {@link DEFAULT_RISK_PERCENT}. */
  readonly riskPercent?: number;
  /** Expected fill at the next chance from which a bin is `may`, percent. Default {@link DEFAULT_MAY_PERCENT}. */
  readonly mayPercent?: number;
  /** IANA time zone of the reason texts. Default `UTC`. */
  readonly timeZone?: string;
  /** Per-stream profiles to use instead of estimating them from these readings. */
  readonly profiles?: ReadonlyMap<Stream, RateProfile>;
  /** Fallback prior when no group has enough bins, percent per day. Default {@link DEFAULT_RATE_PERCENT_PER_DAY}. */
  readonly defaultRatePercentPerDay?: number;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Standard normal quantile by bisection on {@link normalCdf} (p in (0, 1)). */
export function normalQuantile(p: number): number {
  let lo = -10;
  let hi = 10;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Days covered by {@link BinDecision.fullByDayProbability}. */
export const FULL_DAYS_AHEAD = 7;

/**
 * The day a bin reaches full, as a distribution: the probability that it is full (fill ≥
 * `fullPercent`) by `fromMs` + k days, k = 1..`days`, from the forecast's normal spread; made
 * non-decreasing (a bin full by day k is full by day k + 1: no collection is assumed in between).
 * P(full on day k) is the difference of consecutive entries.
 */
export function fullByDayProbabilities(model: BinFillModel, fromMs: number, days: number = FULL_DAYS_AHEAD, fullPercent = 100): number[] {
  const out: number[] = [];
  let best = 0;
  for (let k = 1; k <= days; k++) {
    const f = forecastFill(model, fromMs + k * 86_400_000);
    best = Math.max(best, normalCdf((f.meanPercent - fullPercent) / Math.max(f.sdPercent, 1e-9)));
    out.push(Math.round(best * 1000) / 1000);
  }
  return out;
}

/** One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using one. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function fmt(ms: number, timeZone: string): string {
  const p: Record<string, string> = {};
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    FORMATTERS.set(timeZone, f);
  }
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return `${p.weekday} ${p.day}/${p.month} ${p.hour}:${p.minute}`;
}
const r0 = (x: number): number => Math.round(x);
const r1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * The fill model of every bin at `atMs` (the one forecast behind decisions, maps and plans):
 * per-stream profiles estimated from these readings (unless given), each bin's own rate, group
 * priors from the first of its groups with enough bins, then {@link fitBinModel}.
 * @returns one model per input bin, in input order; `null` for a bin without a reading by `atMs`.
 */
export function fitBinModels(
  bins: readonly DecisionInput[],
  atMs: number,
  options: Pick<DecideOptions, 'profiles' | 'defaultRatePercentPerDay'> = {},
): (BinFillModel | null)[] {
  const profiles = new Map<Stream, RateProfile>(options.profiles ?? []);
  const byStream = new Map<Stream, FillReading[][]>();
  for (const b of bins) {
    const list = byStream.get(b.stream) ?? [];
    list.push(b.readings.filter((r) => r.measuredAtMs <= atMs) as FillReading[]);
    byStream.set(b.stream, list);
  }
  for (const [stream, series] of byStream) if (!profiles.has(stream)) profiles.set(stream, estimateProfile(series));

  // Every bin of the batch is the last group: a small fleet borrows from its other bins before the fixed default.
  const keysOf = (b: DecisionInput): string[] => [...(b.groups ?? []), `stream:${b.stream}`, 'all bins'];
  const own = bins.map((b) => ownRate(b.readings, atMs, profiles.get(b.stream) ?? FLAT_PROFILE));
  const estimates: { group: string; ratePercentPerDay: number }[] = [];
  bins.forEach((b, i) => {
    const r = own[i];
    if (r === null || r === undefined) return;
    for (const key of keysOf(b)) estimates.push({ group: key, ratePercentPerDay: r });
  });
  const priors = groupPriors(estimates);
  const fallbackRate = options.defaultRatePercentPerDay ?? DEFAULT_RATE_PERCENT_PER_DAY;
  const fallback: RatePrior = { ratePercentPerDay: fallbackRate, rateVar: (0.5 * fallbackRate) ** 2, label: 'default' };
  return bins.map((b) => {
    const prior = keysOf(b).map((k) => priors.get(k)).find((p) => p !== undefined) ?? fallback;
    return fitBinModel(b.readings, atMs, prior, profiles.get(b.stream) ?? FLAT_PROFILE, { collectedAtMs: b.collectedAtMs ?? [] });
  });
}

/**
 * Decides `must` / `may` / `skip` for every bin for a collection at `planAtMs`, knowing the
 * next chance to collect it is `nextChance` (one instant for all bins, or per bin).
 *
 * `must` when the bin is expected at ≥ 100 % at the plan instant or its overflow probability
 * by the next chance is ≥ risk (i.e. the (1 − risk) quantile of its forecast reaches 100 %);
 * `may` when the expected fill at the next chance is ≥ `mayPercent`; otherwise `skip`. Bins
 * without readings are `skip` (said so in the reason).
 * @returns one decision per input bin, in input order.
 * @throws RangeError when `riskPercent` is not in (0, 50) or `nextChance` is before `planAtMs`.
 */
export function decideBins(
  bins: readonly DecisionInput[],
  planAtMs: number,
  nextChance: number | ((bin: DecisionInput) => number),
  options: DecideOptions = {},
): BinDecision[] {
  const risk = options.riskPercent ?? DEFAULT_RISK_PERCENT;
  if (!(risk > 0 && risk < 50)) throw new RangeError(`riskPercent must be in (0, 50), got ${risk}`);
  const z = normalQuantile(1 - risk / 100);
  const mayPercent = options.mayPercent ?? DEFAULT_MAY_PERCENT;
  const tz = options.timeZone ?? 'UTC';

  const models = fitBinModels(bins, planAtMs, options);

  return bins.map((b, i): BinDecision => {
    const next = typeof nextChance === 'function' ? nextChance(b) : nextChance;
    if (next < planAtMs) throw new RangeError(`next chance for bin '${b.binId}' is before the plan instant`);
    const model = models[i]!;
    if (!model) {
      return {
        binId: b.binId,
        decision: 'skip',
        reason: `skip: no reading before ${fmt(planAtMs, tz)}`,
        expectedAtPlanPercent: null,
        expectedAtNextPercent: null,
        upperAtNextPercent: null,
        overflowProbability: null,
        ratePercentPerDay: null,
        rateSdPercentPerDay: null,
        rateSource: null,
        fullAtMs: null,
        lastFillPercent: null,
        lastMeasuredAtMs: null,
        saturated: false,
        fullByDayProbability: [],
        sensorFault: null,
        nextChanceMs: next,
      };
    }
    const atPlan = forecastFill(model, planAtMs);
    const atNext = forecastFill(model, next);
    const upper = atNext.meanPercent + z * atNext.sdPercent;
    const pOverflow = 1 - normalCdf((100 - atNext.meanPercent) / Math.max(atNext.sdPercent, 1e-9));
    const fullAt = timeToFull(model, planAtMs);
    const lastReading = b.readings.filter((r) => r.measuredAtMs <= planAtMs).at(-1)!;
    const decision: Decision =
      atPlan.meanPercent >= 100 || model.saturated || upper >= 100 ? 'must' : atNext.meanPercent >= mayPercent ? 'may' : 'skip';
    const rateText =
      `fills ${r1(model.ratePercentPerDay)}%/day ±${r1(model.rateSdPercentPerDay)}` +
      (model.rateSource === 'bin' ? '' : model.rateSource === 'group' ? ` (${model.priorLabel})` : ` (shrunk to ${model.priorLabel}, ${r0(model.ownWeight * 100)}% own)`);
    const fullText = fullAt === null ? 'not full within 60 days' : fullAt <= planAtMs ? 'full now' : `full by ${fmt(fullAt, tz)}`;
    const nextText = `${r0(atNext.meanPercent)}% expected by ${fmt(next, tz)} (next chance; ${r0(100 - risk)}% bound ${r0(upper)}%)`;
    let why: string;
    if (decision === 'must') {
      why = model.saturated
        ? `must: sensor at its ceiling (${r0(lastReading.fillPercent)}%), may already overflow; ${nextText}`
        : atPlan.meanPercent >= 100
          ? `must: ${r0(atPlan.meanPercent)}% expected at ${fmt(planAtMs, tz)}, already overflowing`
          : `must: ${nextText}, overflow risk ${r0(pOverflow * 100)}% ≥ ${risk}%`;
    } else if (decision === 'may') {
      why = `may: ${nextText} ≥ ${mayPercent}%, overflow risk ${r0(pOverflow * 100)}%`;
    } else {
      why = `skip: ${r0(atPlan.meanPercent)}% now, ${nextText} < ${mayPercent}%`;
    }
    const faultText = model.sensorFault === null ? '' : `; sensor ${model.sensorFault}: ${model.sensorFaultReason}`;
    return {
      binId: b.binId,
      decision,
      reason: `${why}; ${rateText}; ${fullText}${faultText}`,
      expectedAtPlanPercent: r1(atPlan.meanPercent),
      expectedAtNextPercent: r1(atNext.meanPercent),
      upperAtNextPercent: r1(upper),
      overflowProbability: Math.round(pOverflow * 1000) / 1000,
      ratePercentPerDay: r1(model.ratePercentPerDay),
      rateSdPercentPerDay: r1(model.rateSdPercentPerDay),
      rateSource: model.rateSource,
      fullAtMs: fullAt,
      lastFillPercent: lastReading.fillPercent,
      lastMeasuredAtMs: lastReading.measuredAtMs,
      saturated: model.saturated,
      fullByDayProbability: fullByDayProbabilities(model, planAtMs),
      sensorFault: model.sensorFault,
      nextChanceMs: next,
    };
  });
}
