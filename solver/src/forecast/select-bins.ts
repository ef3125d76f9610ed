/**
 * Which bins to collect on a date, and why: forecast each bin's fill at the collection instant
 * from its latest reading and fill rate, then select the bins at or above a threshold.
 */
import type { Stream } from '../model/types.js';
import {
  DEFAULT_RATE_PERCENT_PER_DAY,
  MS_PER_DAY,
  fitFillLine,
  readingsSinceReset,
  removeSpikes,
  streamMedianRates,
  type FillReading,
} from './fill-rate.js';

/** A bin and its readings, sorted by time ascending (only readings up to the forecast instant are used). */
export interface BinReadings {
  readonly binId: string;
  readonly stream: Stream;
  readonly readings: readonly FillReading[];
}

/** A last reading further than this from the fitted line is replaced by the fitted level, percent points. */
export const OUTLIER_PERCENT = 20;

/** The default collection threshold, percent. */
export const DEFAULT_THRESHOLD_PERCENT = 70;

/** Forecast and decision for one bin. */
export interface BinSelection {
  readonly binId: string;
  /**
   * Raw forecast fill at the instant, percent (may exceed 100: the bin would overflow);
   * `null` when the bin has no reading.
   */
  readonly forecastFillPercent: number | null;
  /** Fill rate used, percent per day; `null` when the bin has no reading. */
  readonly ratePercentPerDay: number | null;
  /** Whether the rate is the bin's own fit or its stream's median. */
  readonly rateSource: 'bin' | 'stream_median' | null;
  readonly lastFillPercent: number | null;
  readonly lastMeasuredAtMs: number | null;
  readonly selected: boolean;
  /** In words and numbers, e.g. "forecast 82% at 2026-11-28 12:00 (last 61% on 11-27 18:00, +9.5%/day)". */
  readonly reason: string;
}

export interface SelectOptions {
  /** Collect bins whose forecast (capped at 100) is at least this, percent. Default 70. */
  readonly thresholdPercent?: number;
  /** IANA time zone used only to format the reason text. Default `UTC`. */
  readonly timeZone?: string;
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(ms))) out[p.type] = p.value;
  return out;
}

const fmtFull = (ms: number, tz: string): string => {
  const p = parts(ms, tz);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};
const fmtShort = (ms: number, tz: string): string => {
  const p = parts(ms, tz);
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
};
const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Forecasts every bin's fill at `atMs` and selects those at or above the threshold.
 *
 * Per bin: readings after `atMs` and isolated spikes are ignored; the fill rate is the robust
 * (Theil–Sen) slope since the last collection reset (see `fill-rate.ts`), or the median of the
 * stream's own estimates when fewer than 3 readings follow the reset. The forecast starts from
 * the last reading, or from the fitted level when the last reading is > 20 points off the fit. Forecast = last fill + rate × days since the
 * last reading (raw, may exceed 100); the decision compares `min(forecast, 100)` to the
 * threshold. Bins without readings are not selected.
 *
 * Pure: the instant is a parameter, no clock is read.
 * @param atMs forecast instant, milliseconds since the epoch.
 * @returns one entry per input bin, in input order.
 */
export function selectBins(bins: readonly BinReadings[], atMs: number, options: SelectOptions = {}): BinSelection[] {
  const threshold = options.thresholdPercent ?? DEFAULT_THRESHOLD_PERCENT;
  const tz = options.timeZone ?? 'UTC';

  const prepared = bins.map((b) => {
    const usable = removeSpikes(b.readings.filter((r) => r.measuredAtMs <= atMs));
    const line = fitFillLine(readingsSinceReset(usable));
    return { bin: b, usable, line, rate: line?.ratePercentPerDay ?? null };
  });
  const medians = streamMedianRates(prepared.map((p) => ({ stream: p.bin.stream, ratePercentPerDay: p.rate })));

  return prepared.map(({ bin, usable, line, rate }): BinSelection => {
    const lastRaw = usable[usable.length - 1];
    // The last reading anchors the forecast unless the fit shows it is an outlier.
    const last =
      lastRaw && line && Math.abs(lastRaw.fillPercent - line.levelPercent) > OUTLIER_PERCENT
        ? { measuredAtMs: lastRaw.measuredAtMs, fillPercent: Math.min(100, Math.max(0, line.levelPercent)) }
        : lastRaw;
    if (!last) {
      return {
        binId: bin.binId,
        forecastFillPercent: null,
        ratePercentPerDay: null,
        rateSource: null,
        lastFillPercent: null,
        lastMeasuredAtMs: null,
        selected: false,
        reason: `no reading before ${fmtFull(atMs, tz)}: not selected`,
      };
    }
    const rateSource = rate === null ? 'stream_median' : 'bin';
    const usedRate = rate ?? medians.get(bin.stream) ?? DEFAULT_RATE_PERCENT_PER_DAY;
    const forecast = last.fillPercent + (usedRate * (atMs - last.measuredAtMs)) / MS_PER_DAY;
    const selected = Math.min(forecast, 100) >= threshold;
    const rateText = `${usedRate >= 0 ? '+' : ''}${round1(usedRate)}%/day${rateSource === 'stream_median' ? ` (${bin.stream} median)` : ''}`;
    const reason =
      `forecast ${Math.round(forecast)}% at ${fmtFull(atMs, tz)} ` +
      `(last ${Math.round(last.fillPercent)}% on ${fmtShort(last.measuredAtMs, tz)}, ${rateText})` +
      (selected ? ` >= ${threshold}%: collect` : ` < ${threshold}%: wait`);
    return {
      binId: bin.binId,
      forecastFillPercent: round1(forecast),
      ratePercentPerDay: round1(usedRate),
      rateSource,
      lastFillPercent: last.fillPercent,
      lastMeasuredAtMs: last.measuredAtMs,
      selected,
      reason,
    };
  });
}
