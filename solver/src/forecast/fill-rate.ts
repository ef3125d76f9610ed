/**
 * Fill-rate estimation from a bin's sensor readings.
 *
 * Readings are irregular (missing ones, noise, isolated outliers) and fall sharply when the bin
 * is emptied. We drop isolated spikes, cut the series at the last collection reset and fit a
 * robust (Theil–Sen) line to what came after it: the slope is the fill rate in percent per day.
 */
import type { Stream } from '../model/types.js';

/** One sensor reading. */
export interface FillReading {
  /** Instant of the measurement, milliseconds since the Unix epoch (UTC). */
  readonly measuredAtMs: number;
  /** Fill level, percent of the container volume (0–100). */
  readonly fillPercent: number;
}

/** A drop larger than this many percentage points between consecutive readings is a collection. */
export const RESET_DROP_PERCENT = 30;
/** Fewer readings than this since the last reset: use the stream's median rate instead. */
export const MIN_READINGS_FOR_RATE = 3;
/** Fallback when a whole stream has no usable estimate, percent per day. */
export const DEFAULT_RATE_PERCENT_PER_DAY = 10;

export const MS_PER_DAY = 86_400_000;

/**
 * Drops isolated outliers: a reading that is more than `jumpPercent` points above both
 * neighbours, or below both, is a sensor glitch (the sample has 2 % uniform outliers), not a
 * collection (after a real collection the next reading stays low).
 * @param readings sorted by time; the first and last readings are kept (one neighbour only).
 */
export function removeSpikes(readings: readonly FillReading[], jumpPercent: number = RESET_DROP_PERCENT): FillReading[] {
  return readings.filter((r, i) => {
    const prev = readings[i - 1];
    const next = readings[i + 1];
    if (!prev || !next) return true;
    const up = r.fillPercent - prev.fillPercent > jumpPercent && r.fillPercent - next.fillPercent > jumpPercent;
    const down = prev.fillPercent - r.fillPercent > jumpPercent && next.fillPercent - r.fillPercent > jumpPercent;
    return !up && !down;
  });
}

/**
 * Indices `i` where reading `i` is lower than reading `i - 1` by more than `dropPercent`
 * points, i.e. where the bin was emptied between the two readings.
 * @param readings sorted by `measuredAtMs` ascending.
 */
export function detectResets(readings: readonly FillReading[], dropPercent: number = RESET_DROP_PERCENT): number[] {
  const resets: number[] = [];
  for (let i = 1; i < readings.length; i++) {
    if (readings[i - 1]!.fillPercent - readings[i]!.fillPercent > dropPercent) resets.push(i);
  }
  return resets;
}

/** The readings since the last collection reset (all of them when there was none). */
export function readingsSinceReset(readings: readonly FillReading[], dropPercent: number = RESET_DROP_PERCENT): readonly FillReading[] {
  const resets = detectResets(readings, dropPercent);
  const last = resets[resets.length - 1];
  return last === undefined ? readings : readings.slice(last);
}

/** A fitted fill line: `fill(t) = levelPercent + ratePercentPerDay × (t − atMs) / day`. */
export interface FillLine {
  /** Fill rate, percent per day, clamped at 0. */
  readonly ratePercentPerDay: number;
  /** Fitted fill at `atMs`, percent. */
  readonly levelPercent: number;
  readonly atMs: number;
}

/**
 * Robust line through one fill cycle (readings since the last reset): Theil–Sen estimator
 * (Theil 1950; Sen 1968), the median of the pairwise slopes, with the intercept as the median
 * residual. Unlike least squares it ignores up to ~29 % of outliers. The slope is clamped at 0
 * (a bin does not empty itself between collections, so a negative slope is noise).
 * @param readings sorted readings of one fill cycle.
 * @returns the line anchored at the last reading's instant, or `null` with fewer than
 *   {@link MIN_READINGS_FOR_RATE} readings or when they all share one instant.
 */
export function fitFillLine(readings: readonly FillReading[]): FillLine | null {
  const n = readings.length;
  if (n < MIN_READINGS_FOR_RATE) return null;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = (readings[j]!.measuredAtMs - readings[i]!.measuredAtMs) / MS_PER_DAY;
      if (dt > 0) slopes.push((readings[j]!.fillPercent - readings[i]!.fillPercent) / dt);
    }
  }
  if (slopes.length === 0) return null;
  const rate = Math.max(0, median(slopes));
  const atMs = readings[n - 1]!.measuredAtMs;
  const level = median(readings.map((r) => r.fillPercent - (rate * (r.measuredAtMs - atMs)) / MS_PER_DAY));
  return { ratePercentPerDay: rate, levelPercent: level, atMs };
}

/**
 * Fill rate of one fill cycle, percent per day (see {@link fitFillLine}).
 * @returns `null` when there are fewer than {@link MIN_READINGS_FOR_RATE} readings.
 */
export function estimateFillRate(readings: readonly FillReading[]): number | null {
  return fitFillLine(readings)?.ratePercentPerDay ?? null;
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Median fill rate per stream over the bins that have their own estimate; streams without
 * any estimate get {@link DEFAULT_RATE_PERCENT_PER_DAY}. Percent per day.
 */
export function streamMedianRates(estimates: readonly { stream: Stream; ratePercentPerDay: number | null }[]): Map<Stream, number> {
  const byStream = new Map<Stream, number[]>();
  for (const e of estimates) {
    if (e.ratePercentPerDay === null) continue;
    const list = byStream.get(e.stream) ?? [];
    list.push(e.ratePercentPerDay);
    byStream.set(e.stream, list);
  }
  const out = new Map<Stream, number>();
  for (const [stream, rates] of byStream) out.set(stream, median(rates));
  return out;
}
