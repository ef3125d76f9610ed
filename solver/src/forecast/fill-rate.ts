/**
 * Fill-rate estimation from a bin's sensor readings.
 *
 * Readings are irregular (missing ones, noise) and fall sharply when the bin is emptied.
 * We cut the series at the last collection reset and fit a least-squares line to what came
 * after it: the slope is the fill rate in percent per day.
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

/**
 * Least-squares slope of fill against time, percent per day, clamped at 0 (a bin does not
 * empty itself between collections, so a negative slope is noise).
 * @param readings sorted readings of one fill cycle (since the last reset).
 * @returns the rate, or `null` when there are fewer than {@link MIN_READINGS_FOR_RATE}
 *   readings or they all share one instant.
 */
export function estimateFillRate(readings: readonly FillReading[]): number | null {
  const n = readings.length;
  if (n < MIN_READINGS_FOR_RATE) return null;
  const t0 = readings[0]!.measuredAtMs;
  let sx = 0;
  let sy = 0;
  for (const r of readings) {
    sx += (r.measuredAtMs - t0) / MS_PER_DAY;
    sy += r.fillPercent;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (const r of readings) {
    const dx = (r.measuredAtMs - t0) / MS_PER_DAY - mx;
    sxy += dx * (r.fillPercent - my);
    sxx += dx * dx;
  }
  if (sxx === 0) return null;
  return Math.max(0, sxy / sxx);
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
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
