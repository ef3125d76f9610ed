/**
 * Replay of real collection events: for each bin and each collection after its second, predict
 * the fill just before it from what was known when the bin was last emptied, and compare with
 * what the sensor reported. Pure (events in, figures out).
 *
 * Methods (all capped at the sensor's 100 % ceiling, all on the same events):
 * - `model`: pooled fill-by-gap curve refitted daily on the intervals closed before that day
 *   (fitIntervalModel) plus the bin's offset from its own history up to its last collection,
 *   shrunk towards 0 (predictFillFromEvents);
 * - `lastRate`: the bin's last interval rate (fill / calendar days) × days to the next collection;
 * - `streamMean`: the pooled rate of all bins (Σ fill / Σ calendar days of intervals closed before
 *   that day) × days;
 * - `persistence`: the last observed fill carried forward. The data hold one observation per
 *   collection (the fill just before it, the bin emptied after), so "the last reading" is the fill
 *   before the previous collection: the bin is expected to reach the same fill again.
 *
 * Overflow onset (7-day horizon): for every replayed interval of at most 7 days, the model says
 * "full by then" when its probability of reading at least `onsetFullPercent` at the collection
 * (fullProbabilityFromEvents) is at least `onsetProbability`; it "was" when the sensor read it.
 * `onsetInSampleBound` scores the same intervals with each (bin, half-day gap) cell's share of full
 * readings over the whole data, answers included: the ceiling of any method that knows only the
 * bin and the gap.
 */
import {
  fitIntervalModel,
  fullProbabilityFromEvents,
  lastIntervalRate,
  predictFillFromEvents,
  CEILING_PERCENT,
  type CollectionEvent,
  type IntervalModel,
} from '../../solver/src/index.js';

const DAY_MS = 86_400_000;

/** What the backtest reports: events replayed, MAE of the model and of both baselines (points). */
export interface BacktestFigures {
  readonly events: number;
  readonly bins: number;
  readonly maeModel: number;
  readonly maeLastRate: number;
  readonly maeStreamMean: number;
  /** MAE of persistence (the previous collection's fill carried forward). */
  readonly maePersistence: number;
  /** Overflow onset at the 7-day horizon: share of "full by then" forecasts that were, and of the full ones that were forecast. */
  readonly onsetPrecision: number;
  readonly onsetRecall: number;
  /** The fill counted as full by the onset figures, percent of the sensor's scale. */
  readonly onsetFullPercent: number;
  /** Intervals of at most 7 days (onset set), and how many of them read full. */
  readonly onsetIntervals: number;
  readonly onsetFullIntervals: number;
  /**
   * What the events allow any forecaster on onset: an in-sample bound that looks at the answers.
   * Each onset interval is scored with the share of full readings among ALL the intervals of the
   * same bin and half-day gap (its own outcome included), "full by then" from each threshold. No
   * forecaster can know that share beforehand, so precision and recall above this line are out
   * of reach of any method that uses only the bin and the gap.
   */
  readonly onsetInSampleBound: readonly { threshold: number; precision: number; recall: number }[];
  /** MAE reduction of the model versus each baseline, percent of the baseline's MAE. */
  readonly improvementVsLastRatePercent: number;
  readonly improvementVsStreamMeanPercent: number;
  /** Mean signed error (prediction − observed), points. */
  readonly biasModel: number;
  /** MAE by days since the last collection: [<1, 1-2, 2-4, ≥4]. */
  readonly maeByGap: readonly { gap: string; events: number; model: number; lastRate: number; streamMean: number; persistence: number }[];
  /** The pooled fill-by-gap curve at the end of the data, percent per gap bucket. */
  readonly curvePercent: readonly number[];
}

/** Tunables of the replay. */
export interface BacktestOptions {
  /** Shrinkage strength of the bin offset, intervals. */
  readonly priorCount?: number;
  /** Fill counted as full by the onset figures, percent. Default 100 (the sensor's ceiling). */
  readonly onsetFullPercent?: number;
  /** Probability of full from which the model says "full by then". Default 0.5. */
  readonly onsetProbability?: number;
  readonly onProgress?: (message: string) => void;
}

/** Runs the replay (see the file comment). `events` per bin id, any order. */
export function runBacktest(input: ReadonlyMap<string, readonly CollectionEvent[]>, options: BacktestOptions = {}): BacktestFigures {
  const events = new Map([...input].map(([k, v]) => [k, [...v].sort((a, b) => a.atMs - b.atMs)]));
  let first = Infinity;
  let last = -Infinity;
  for (const list of events.values()) for (const e of list) {
    first = Math.min(first, e.atMs);
    last = Math.max(last, e.atMs);
  }
  const models = new Map<number, { model: IntervalModel; calendarPooled: number }>();
  const modelOfDay = (dayStart: number): { model: IntervalModel; calendarPooled: number } => {
    const hit = models.get(dayStart);
    if (hit) return hit;
    const model = fitIntervalModel(events, dayStart, { priorCount: options.priorCount });
    let f = 0;
    let d = 0;
    for (const list of events.values()) for (let i = 1; i < list.length; i++) {
      if (list[i]!.atMs > dayStart) break;
      f += list[i]!.fillBeforePercent;
      d += (list[i]!.atMs - list[i - 1]!.atMs) / DAY_MS;
    }
    const out = { model, calendarPooled: d > 0 ? f / d : model.pooledRatePercentPerDay };
    models.set(dayStart, out);
    options.onProgress?.(`model refitted for ${new Date(dayStart).toISOString().slice(0, 10)}`);
    return out;
  };

  const gaps = [
    { gap: '<1d', lo: 0, hi: 1 },
    { gap: '1-2d', lo: 1, hi: 2 },
    { gap: '2-4d', lo: 2, hi: 4 },
    { gap: '>=4d', lo: 4, hi: Infinity },
  ].map((g) => ({ ...g, n: 0, m: 0, l: 0, s: 0, p: 0 }));
  const fullAt = options.onsetFullPercent ?? CEILING_PERCENT;
  const pFull = options.onsetProbability ?? 0.5;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let onsetN = 0;
  /** Onset intervals per (bin, half-day gap): full count and count, and each interval's key and outcome. */
  const cells = new Map<string, { full: number; n: number }>();
  const onsetItems: { key: string; was: boolean }[] = [];
  let errPersist = 0;
  let n = 0;
  let errModel = 0;
  let errLast = 0;
  let errStream = 0;
  let bias = 0;
  const warmup = first + 7 * DAY_MS;
  for (const [binId, list] of events) {
    for (let i = 2; i < list.length; i++) {
      const prev = list[i - 1]!;
      const target = list[i]!;
      if (prev.atMs < warmup || target.atMs <= prev.atMs) continue;
      const history = list.slice(0, i);
      const dayStart = prev.atMs - (prev.atMs % DAY_MS);
      const { model, calendarPooled } = modelOfDay(dayStart);
      const days = (target.atMs - prev.atMs) / DAY_MS;
      const cap = (x: number): number => Math.min(CEILING_PERCENT, Math.max(0, x));
      const pModel = predictFillFromEvents(model, history, target.atMs);
      const pLast = cap((lastIntervalRate(history) ?? calendarPooled) * days);
      const pStream = cap(calendarPooled * days);
      const obs = target.fillBeforePercent;
      const pPersist = prev.fillBeforePercent;
      if (days <= 7) {
        onsetN++;
        const said = fullProbabilityFromEvents(model, history, target.atMs, fullAt) >= pFull;
        const was = obs >= fullAt;
        const key = `${binId}\u0000${Math.min(14, Math.floor(days * 2))}`;
        const cell = cells.get(key) ?? { full: 0, n: 0 };
        cell.full += was ? 1 : 0;
        cell.n++;
        cells.set(key, cell);
        onsetItems.push({ key, was });
        if (said && was) tp++;
        else if (said) fp++;
        else if (was) fn++;
      }
      n++;
      errPersist += Math.abs(pPersist - obs);
      errModel += Math.abs(pModel - obs);
      errLast += Math.abs(pLast - obs);
      errStream += Math.abs(pStream - obs);
      bias += pModel - obs;
      const g = gaps.find((x) => days >= x.lo && days < x.hi)!;
      g.n++;
      g.m += Math.abs(pModel - obs);
      g.l += Math.abs(pLast - obs);
      g.s += Math.abs(pStream - obs);
      g.p += Math.abs(pPersist - obs);
    }
  }
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  const maeModel = errModel / n;
  const maeLastRate = errLast / n;
  const maeStreamMean = errStream / n;
  const finalModel = fitIntervalModel(events, last, { priorCount: options.priorCount });
  return {
    events: n,
    bins: events.size,
    maeModel: r2(maeModel),
    maeLastRate: r2(maeLastRate),
    maeStreamMean: r2(maeStreamMean),
    maePersistence: r2(errPersist / n),
    onsetPrecision: r2(tp / Math.max(1, tp + fp)),
    onsetRecall: r2(tp / Math.max(1, tp + fn)),
    onsetFullPercent: fullAt,
    onsetIntervals: onsetN,
    onsetFullIntervals: tp + fn,
    onsetInSampleBound: [0.3, 0.4, 0.5, 0.6].map((threshold) => {
      let btp = 0;
      let bfp = 0;
      let bfn = 0;
      for (const it of onsetItems) {
        const c = cells.get(it.key)!;
        const said = c.full / c.n >= threshold;
        if (said && it.was) btp++;
        else if (said) bfp++;
        else if (it.was) bfn++;
      }
      return { threshold, precision: r2(btp / Math.max(1, btp + bfp)), recall: r2(btp / Math.max(1, btp + bfn)) };
    }),
    improvementVsLastRatePercent: r2((100 * (maeLastRate - maeModel)) / maeLastRate),
    improvementVsStreamMeanPercent: r2((100 * (maeStreamMean - maeModel)) / maeStreamMean),
    biasModel: r2(bias / n),
    maeByGap: gaps.map((g) => ({ gap: g.gap, events: g.n, model: r2(g.m / Math.max(1, g.n)), lastRate: r2(g.l / Math.max(1, g.n)), streamMean: r2(g.s / Math.max(1, g.n)), persistence: r2(g.p / Math.max(1, g.n)) })),
    curvePercent: finalModel.curvePercent,
  };
}
