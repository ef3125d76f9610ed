/**
 * The rolling-horizon planner's view of a bin ({@link BinForecast}: fill now, rate, and their
 * spread) read from the product's one forecast, a {@link BinDecision} of `decideBins`. Shared by
 * the server's horizon service and the simulator's horizon strategy so both feed the planner the
 * same numbers.
 */
import type { Stream } from '../model/types.js';
import type { BinDecision } from '../forecast/decide-bins.js';
import type { BinForecast } from './plan-horizon.js';

/** The fields of a decision the planner reads. */
export type ForecastFields = Pick<BinDecision, 'expectedAtPlanPercent' | 'expectedAtNextPercent' | 'upperAtNextPercent' | 'ratePercentPerDay' | 'rateSdPercentPerDay' | 'saturated'>;

/**
 * A bin's planner forecast from its decision, or `null` without readings. `zSpread` is the normal
 * quantile of the risk the decision was computed at (its upper bound at the next chance lies
 * `zSpread` standard deviations above the mean); the fill spread is what remains of that once the
 * rate's spread is taken out, at least 3 points. A saturated sensor (readings at its ceiling)
 * counts as at least full. Missing rates fall back to the stream's median (`streamMedianRate`),
 * with half of it as spread.
 */
export function forecastFromDecision(d: ForecastFields, zSpread: number, streamMedianRate: number): BinForecast | null {
  if (d.expectedAtPlanPercent === null) return null;
  const rateSd = d.rateSdPercentPerDay ?? 0.5 * streamMedianRate;
  const sdNext = ((d.upperAtNextPercent ?? 0) - (d.expectedAtNextPercent ?? 0)) / zSpread;
  return {
    fillPercent: d.saturated ? Math.max(100, d.expectedAtPlanPercent) : d.expectedAtPlanPercent,
    fillSdPercent: Math.sqrt(Math.max(9, sdNext * sdNext - rateSd * rateSd)),
    ratePercentPerDay: d.ratePercentPerDay ?? streamMedianRate,
    rateSdPercentPerDay: rateSd,
  };
}

/**
 * Median forecast rate of each stream, percent per day, over the decisions that have one;
 * `fallback` for a stream with none. `streamOf(k)` gives the stream of decision `k` (undefined:
 * left out).
 */
export function medianRateByStream(decisions: readonly Pick<BinDecision, 'ratePercentPerDay'>[], streamOf: (k: number) => Stream | undefined, fallback: number): Map<Stream, number> {
  const rates = new Map<Stream, number[]>();
  decisions.forEach((d, k) => {
    const s = streamOf(k);
    if (s === undefined || d.ratePercentPerDay === null) return;
    const list = rates.get(s);
    if (list) list.push(d.ratePercentPerDay);
    else rates.set(s, [d.ratePercentPerDay]);
  });
  const out = new Map<Stream, number>();
  for (const [s, list] of rates) {
    list.sort((a, b) => a - b);
    out.set(s, list[Math.floor(list.length / 2)] ?? fallback);
  }
  return out;
}
