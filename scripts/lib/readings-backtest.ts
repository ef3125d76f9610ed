/**
 * Replay of sensor time series (the sample city's readings: 4 a day, noise, outliers, lost
 * readings, sensors down), as an outside evaluator would run it. Pure (series in, figures out).
 *
 * For each forecast origin (every `stepDays` at `originHourUtc`, after `warmupDays`) and each bin
 * whose last reading by then is below `notFullBelowPercent` ("not yet full"), every method
 * forecasts the fill at horizons 1..7 days from readings up to the origin only. The observation
 * at horizon h is the reading closest to origin + h days (within ± `windowHours`), and the forecast
 * is made for that reading's instant, capped to 0..100 like the sensor. A pair with a collection
 * (the truth of collections.csv, which the methods never see) between the last reading before the
 * origin and the observation is left out: the methods forecast the fill, not the schedule.
 *
 * Methods:
 * - `model`: the solver's fill model as the server uses it (fitBinModels, then forecastFill);
 * - `persistence`: the last reading carried forward;
 * - `lastRate`: the last reading plus the bin's last observed rate (from the reading closest to a
 *   day before the last one, within ± 6 h; 0 when the fill fell; the stream rate without one);
 * - `streamMean`: the last reading plus the stream's mean rate (Σ increments / Σ hours of the
 *   stream's consecutive readings at most 36 h apart over the 14 days before the origin, leaving
 *   out changes of more than 25 points either way: collections and outliers).
 *
 * Overflow onset: from each origin to the end of the window (origin + 7 days, or the next
 * collection if earlier), a method says "full by then" when its forecast at the end reaches 100 %;
 * the bin "was" full when a collection in the window found it at 100 % or more (collections.csv),
 * or two consecutive readings in the window were at 97 % or more.
 */
import { fitBinModels, forecastFill, MS_PER_DAY, type DecisionInput, type FillReading, type Stream } from '../../solver/src/index.js';

/** One bin of the replay: its readings (sorted by time) and the truth of its collections. */
export interface SeriesBin {
  readonly binId: string;
  readonly stream: Stream;
  readonly readings: readonly FillReading[];
  /** Group keys for the model's priors, most specific first (e.g. `container:bac_660`). */
  readonly groups?: readonly string[];
  /** Collections (truth, never shown to the methods): instant and whether the fill was at 100 % or more. */
  readonly collections: readonly { atMs: number; full: boolean }[];
}

export interface ReadingsBacktestOptions {
  readonly warmupDays?: number;
  readonly stepDays?: number;
  readonly originHourUtc?: number;
  readonly notFullBelowPercent?: number;
  readonly windowHours?: number;
  readonly onProgress?: (message: string) => void;
}

export const METHODS = ['model', 'persistence', 'lastRate', 'streamMean'] as const;
export type Method = (typeof METHODS)[number];

/** MAE per horizon and overall (points), onset precision/recall per method. */
export interface ReadingsBacktestFigures {
  readonly origins: number;
  readonly bins: number;
  /** Forecast–observation pairs per horizon (1..7 days). */
  readonly pairsByHorizon: readonly number[];
  readonly mae: Readonly<Record<Method, number>>;
  readonly maeByHorizon: readonly ({ horizonDays: number; pairs: number } & Readonly<Record<Method, number>>)[];
  /** Mean signed error of the model (forecast − observation), points. */
  readonly biasModel: number;
  /**
   * Share of observations inside the model's central 80 % interval for a reading (mean ± 1.2816 sd,
   * sd² = the fill's variance + the bin's reading noise²; a reading clipped at 100 is inside when
   * the upper bound reaches 100), per horizon: 0.8 when calibrated.
   */
  readonly coverage80ByHorizon: readonly number[];
  readonly onset: Readonly<Record<Method, { precision: number; recall: number }>>;
  readonly onsetWindows: number;
  readonly onsetFullWindows: number;
}

const H = 3_600_000;

function closest(rs: readonly FillReading[], atMs: number, within: number): FillReading | null {
  let lo = 0;
  let hi = rs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rs[mid]!.measuredAtMs < atMs) lo = mid + 1;
    else hi = mid;
  }
  let best: FillReading | null = null;
  for (const r of [rs[lo - 1], rs[lo]]) {
    if (r && Math.abs(r.measuredAtMs - atMs) <= within && (!best || Math.abs(r.measuredAtMs - atMs) < Math.abs(best.measuredAtMs - atMs))) best = r;
  }
  return best;
}

/** Index of the last reading at or before `atMs`, −1 without one. */
function lastIndex(rs: readonly FillReading[], atMs: number): number {
  let lo = 0;
  let hi = rs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rs[mid]!.measuredAtMs <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Runs the replay (see the file comment). */
export function runReadingsBacktest(bins: readonly SeriesBin[], options: ReadingsBacktestOptions = {}): ReadingsBacktestFigures {
  const warmup = (options.warmupDays ?? 14) * MS_PER_DAY;
  const step = (options.stepDays ?? 1) * MS_PER_DAY;
  const notFull = options.notFullBelowPercent ?? 95;
  const within = (options.windowHours ?? 3) * H;
  let first = Infinity;
  let last = -Infinity;
  for (const b of bins) {
    if (b.readings.length === 0) continue;
    first = Math.min(first, b.readings[0]!.measuredAtMs);
    last = Math.max(last, b.readings[b.readings.length - 1]!.measuredAtMs);
  }
  const inputs: DecisionInput[] = bins.map((b) => ({ binId: b.binId, stream: b.stream, readings: b.readings, groups: b.groups ?? [] }));
  const sums = Array.from({ length: 7 }, () => ({ n: 0, model: 0, persistence: 0, lastRate: 0, streamMean: 0 }));
  let bias = 0;
  const inside = new Array<number>(7).fill(0);
  const onsetCounts = Object.fromEntries(METHODS.map((m) => [m, { tp: 0, fp: 0, fn: 0 }])) as Record<Method, { tp: number; fp: number; fn: number }>;
  let onsetWindows = 0;
  let onsetFull = 0;
  let origins = 0;
  const cap = (x: number): number => Math.min(100, Math.max(0, x));
  const startDay = Math.floor((first + warmup) / MS_PER_DAY) * MS_PER_DAY;
  for (let day = startDay; day + 7 * MS_PER_DAY <= last; day += step) {
    const origin = day + (options.originHourUtc ?? 13) * H;
    origins++;
    const models = fitBinModels(inputs, origin);
    // Stream mean rates over the 14 days before the origin.
    const inc = new Map<Stream, { fill: number; hours: number }>();
    for (const b of bins) {
      const rs = b.readings;
      const s = inc.get(b.stream) ?? { fill: 0, hours: 0 };
      for (let i = Math.max(1, lastIndex(rs, origin - 14 * MS_PER_DAY)); i < rs.length && rs[i]!.measuredAtMs <= origin; i++) {
        const dt = rs[i]!.measuredAtMs - rs[i - 1]!.measuredAtMs;
        const d = rs[i]!.fillPercent - rs[i - 1]!.fillPercent;
        if (dt <= 0 || dt > 36 * H || Math.abs(d) > 25) continue;
        s.fill += d;
        s.hours += dt / H;
      }
      inc.set(b.stream, s);
    }
    const streamRate = (s: Stream): number => {
      const x = inc.get(s);
      return x && x.hours > 0 ? Math.max(0, (24 * x.fill) / x.hours) : 0;
    };
    bins.forEach((b, bi) => {
      const rs = b.readings;
      const li = lastIndex(rs, origin);
      const model = models[bi];
      if (li < 0 || !model) return;
      const lastR = rs[li]!;
      if (lastR.fillPercent >= notFull) return;
      const ref = closest(rs.slice(0, li), lastR.measuredAtMs - MS_PER_DAY, 6 * H);
      const sRate = streamRate(b.stream);
      const lRate = ref ? Math.max(0, (lastR.fillPercent - ref.fillPercent) / ((lastR.measuredAtMs - ref.measuredAtMs) / MS_PER_DAY)) : sRate;
      const predict = (t: number): Record<Method, number> => {
        const days = (t - lastR.measuredAtMs) / MS_PER_DAY;
        return {
          model: forecastFill(model, t).meanPercent,
          persistence: lastR.fillPercent,
          lastRate: lastR.fillPercent + lRate * days,
          streamMean: lastR.fillPercent + sRate * days,
        };
      };
      const nextCollection = b.collections.find((c) => c.atMs > lastR.measuredAtMs);
      for (let h = 1; h <= 7; h++) {
        const obs = closest(rs, origin + h * MS_PER_DAY, within);
        if (!obs || obs.measuredAtMs <= origin) continue;
        if (nextCollection && nextCollection.atMs <= obs.measuredAtMs) continue;
        const p = predict(obs.measuredAtMs);
        const s = sums[h - 1]!;
        s.n++;
        for (const m of METHODS) s[m] += Math.abs(cap(p[m]) - obs.fillPercent);
        bias += cap(p.model) - obs.fillPercent;
        // The observation is a reading: its noise adds to the fill's spread.
        const f = forecastFill(model, obs.measuredAtMs);
        const sd = Math.hypot(f.sdPercent, model.readingSdPercent);
        const lo = f.meanPercent - 1.2816 * sd;
        const hi = f.meanPercent + 1.2816 * sd;
        if (obs.fillPercent >= 100 ? hi >= 100 : obs.fillPercent >= lo && obs.fillPercent <= hi) inside[h - 1]!++;
      }
      // Onset: the window ends 7 days on, or at the next collection.
      const end = Math.min(origin + 7 * MS_PER_DAY, nextCollection?.atMs ?? Infinity);
      if (end <= origin) return;
      let was = nextCollection !== undefined && nextCollection.atMs <= end && nextCollection.full;
      for (let i = li + 2; !was && i < rs.length && rs[i]!.measuredAtMs <= end; i++) {
        if (rs[i]!.fillPercent >= 97 && rs[i - 1]!.fillPercent >= 97 && rs[i - 1]!.measuredAtMs > origin) was = true;
      }
      onsetWindows++;
      if (was) onsetFull++;
      const p = predict(end);
      for (const m of METHODS) {
        const said = p[m] >= 100;
        const c = onsetCounts[m];
        if (said && was) c.tp++;
        else if (said) c.fp++;
        else if (was) c.fn++;
      }
    });
    options.onProgress?.(`origin ${new Date(origin).toISOString().slice(0, 10)}`);
  }
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  const total = sums.reduce((a, s) => a + s.n, 0);
  const mae = Object.fromEntries(METHODS.map((m) => [m, r2(sums.reduce((a, s) => a + s[m], 0) / Math.max(1, total))])) as Record<Method, number>;
  return {
    origins,
    bins: bins.length,
    pairsByHorizon: sums.map((s) => s.n),
    mae,
    maeByHorizon: sums.map((s, i) => ({
      horizonDays: i + 1,
      pairs: s.n,
      ...(Object.fromEntries(METHODS.map((m) => [m, r2(s[m] / Math.max(1, s.n))])) as Record<Method, number>),
    })),
    biasModel: r2(bias / Math.max(1, total)),
    coverage80ByHorizon: sums.map((x, i) => r2(inside[i]! / Math.max(1, x.n))),
    onset: Object.fromEntries(
      METHODS.map((m) => {
        const c = onsetCounts[m];
        return [m, { precision: r2(c.tp / Math.max(1, c.tp + c.fp)), recall: r2(c.tp / Math.max(1, c.tp + c.fn)) }];
      }),
    ) as Record<Method, { precision: number; recall: number }>,
    onsetWindows,
    onsetFullWindows: onsetFull,
  };
}
