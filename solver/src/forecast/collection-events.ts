/**
 * Fill forecasting from collection events only ("fill level just before each collection", the
 * bin emptied to 0 each time), as exported by sensor vendors such as Enevo (Edinburgh 2016).
 *
 * Each interval between two collections is one observation: the fill `f` reached after `g`
 * days. Real data do not follow "empty to 0, then linear": in Edinburgh a bin collected again
 * after 6 hours already reads 65 % (bags left, compaction, sensor offset), and 83 % after 3 days.
 * So the model is a pooled curve `c(g)` (the median fill per gap bucket, made non-decreasing)
 * plus a per-bin offset: the mean of the bin's past residuals `f − c(g)`, shrunk towards 0 with
 * `priorCount` pseudo-intervals (empirical-Bayes shrinkage, Efron & Morris 1975), so a bin
 * with little history forecasts near the curve. Medians because the error measure is absolute.
 *
 * Pure: no clock.
 */
import { MS_PER_DAY } from './readings.js';

/** One collection: the instant and the fill just before it, percent (0–100, 100 may mean "at least"). */
export interface CollectionEvent {
  readonly atMs: number;
  readonly fillBeforePercent: number;
}

/** Gap bucket edges, days (the last bucket is open). */
export const GAP_EDGES_DAYS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7] as const;
/** Default shrinkage strength of the bin offset, in intervals. */
export const INTERVAL_PRIOR_COUNT = 4;
/** Fill at or above this is the sensor's ceiling. */
export const CEILING_PERCENT = 100;

/** Pooled fill-by-gap curve fitted on past intervals. */
export interface IntervalModel {
  /** Median fill per bucket of {@link GAP_EDGES_DAYS}, percent, non-decreasing. */
  readonly curvePercent: readonly number[];
  /** Pooled Σ fill / Σ days of the intervals, percent per day (the "stream mean" rate). */
  readonly pooledRatePercentPerDay: number;
  readonly priorCount: number;
  readonly intervals: number;
  /** Sorted fills per bucket (a bucket with fewer than 5 takes its lower neighbour's): the spread around the curve. */
  readonly bucketFillsPercent: readonly (readonly number[])[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function bucketOf(gapDays: number): number {
  let k = 0;
  while (k + 1 < GAP_EDGES_DAYS.length && gapDays >= GAP_EDGES_DAYS[k + 1]!) k++;
  return k;
}

/**
 * Fits the pooled curve on every interval that ends at or before `untilMs`. Empty buckets take
 * their lower neighbour's value (50 % when there is none).
 * @param events per bin id, sorted by time.
 */
export function fitIntervalModel(events: ReadonlyMap<string, readonly CollectionEvent[]>, untilMs: number, options: { priorCount?: number } = {}): IntervalModel {
  const byBucket: number[][] = GAP_EDGES_DAYS.map(() => []);
  let sumF = 0;
  let sumD = 0;
  let n = 0;
  for (const list of events.values()) {
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1]!;
      const b = list[i]!;
      if (b.atMs > untilMs) break;
      const g = (b.atMs - a.atMs) / MS_PER_DAY;
      if (g <= 0) continue;
      byBucket[bucketOf(g)]!.push(b.fillBeforePercent);
      sumF += b.fillBeforePercent;
      sumD += g;
      n++;
    }
  }
  const curve: number[] = [];
  const spreads: number[][] = [];
  let prev: number | undefined;
  let prevValues: number[] = [];
  for (const values of byBucket) {
    const m = values.length >= 5 ? median(values) : (prev ?? 50);
    prev = prev === undefined ? m : Math.max(prev, m);
    curve.push(prev);
    if (values.length >= 5) prevValues = [...values].sort((a, b) => a - b);
    spreads.push(prevValues);
  }
  return {
    curvePercent: curve,
    pooledRatePercentPerDay: sumD > 0 ? sumF / sumD : 10,
    priorCount: options.priorCount ?? INTERVAL_PRIOR_COUNT,
    intervals: n,
    bucketFillsPercent: spreads,
  };
}

/** The bin's shrunk offset from the curve, points: Σ residuals / (intervals + priorCount). */
export function binOffset(model: IntervalModel, history: readonly CollectionEvent[]): number {
  let sum = 0;
  let k = 0;
  for (let i = 1; i < history.length; i++) {
    const g = (history[i]!.atMs - history[i - 1]!.atMs) / MS_PER_DAY;
    if (g <= 0) continue;
    sum += history[i]!.fillBeforePercent - model.curvePercent[bucketOf(g)]!;
    k++;
  }
  return sum / (k + model.priorCount);
}

/**
 * Expected sensor fill of a bin at `atMs`, percent, given its collection history (the last event
 * is the latest emptying): curve at the gap + the bin's shrunk offset, within 0..100.
 * @throws RangeError when the history is empty.
 */
export function predictFillFromEvents(model: IntervalModel, history: readonly CollectionEvent[], atMs: number): number {
  const last = history[history.length - 1];
  if (!last) throw new RangeError('no collection in the history');
  const g = Math.max(0, (atMs - last.atMs) / MS_PER_DAY);
  return Math.min(CEILING_PERCENT, Math.max(0, model.curvePercent[bucketOf(g)]! + binOffset(model, history)));
}

/**
 * Probability that the sensor reads at least `fullPercent` at `atMs`: the share of the pooled
 * fills of that gap bucket that, moved by the bin's offset, reach it (empirical, no shape assumed).
 * @throws RangeError when the history is empty.
 */
export function fullProbabilityFromEvents(model: IntervalModel, history: readonly CollectionEvent[], atMs: number, fullPercent: number = CEILING_PERCENT): number {
  const last = history[history.length - 1];
  if (!last) throw new RangeError('no collection in the history');
  const values = model.bucketFillsPercent[bucketOf(Math.max(0, (atMs - last.atMs) / MS_PER_DAY))] ?? [];
  if (values.length === 0) return predictFillFromEvents(model, history, atMs) >= fullPercent ? 1 : 0;
  const offset = binOffset(model, history);
  // A reading at the ceiling stays "at least full" whatever the offset.
  return values.filter((v) => v >= CEILING_PERCENT || v + offset >= fullPercent).length / values.length;
}

/** Rate of the last interval of a bin, percent per calendar day (the "last observed rate" baseline); `null` without one. */
export function lastIntervalRate(events: readonly CollectionEvent[]): number | null {
  const n = events.length;
  if (n < 2) return null;
  const dt = (events[n - 1]!.atMs - events[n - 2]!.atMs) / MS_PER_DAY;
  return dt > 0 ? events[n - 1]!.fillBeforePercent / dt : null;
}
