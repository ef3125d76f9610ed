/**
 * A seeded set of daily sensor series of large containers, for the forecast backtest's second
 * evaluation (scripts/lib/readings-backtest.ts): what an outside evaluator's real data look like,
 * with the difficulties the sample city's 4-a-day series lack or soften.
 *
 * - One reading a day at a random hour (a few a week lost), Gaussian noise σ = 3 points, 2 %
 *   outliers (uniform 0-100), readings clipped at 100 while the true fill keeps rising (overflow).
 * - Slow, heterogeneous bins: days from empty to full log-normal, median 12 days (σ 0.6), a
 *   weekday pattern (weekends ×1.3), day-to-day deposits varying ±40 % (log-normal), and dumps
 *   (3 % of days, 10-30 points at once: the fill is not a straight line within a cycle).
 * - Collections never reported to the methods: half the bins are emptied when an operator sees
 *   them at 80 % or more on a round (every 2-4 days), the others on a fixed 7 or 14-day schedule
 *   whatever the fill; emptied to 0-8 %. Collections are the truth only (`collections`).
 * - 10 % of sensors read no higher than a ceiling of 80-95 % (bag bridging, a badly mounted sensor).
 * - Optionally (`faultyShare`) faulty sensors: stuck, silent, noisy, drifting.
 */
import { MS_PER_DAY, Rng, type FillReading, type SensorFault } from '../../solver/src/index.js';
import type { SeriesBin } from './readings-backtest.js';

export interface DailySeriesOptions {
  readonly bins?: number;
  readonly days?: number;
  readonly seed?: number;
  /** First day, epoch ms (midnight UTC). */
  readonly startMs?: number;
  /** Median days from empty to full. Default 12. */
  readonly daysToFullMedian?: number;
  /** Reading noise, points. Default 3. */
  readonly noiseSd?: number;
  /** Chance per day of a dump (bulky waste, a shop's bags): 10-30 points at once. Default 0.03. */
  readonly dumpsPerDay?: number;
  /**
   * Share of faulty sensors (issue #17: 15 %), default 0. Each turns faulty on a day after the
   * first 20: stuck (repeats the reading of that day), silent (no reading for 3-10 days), noisy
   * (σ 25 points) or drifting (+1 point a day). Drawn from a second generator, so the healthy
   * bins' series do not change with the share.
   */
  readonly faultyShare?: number;
}

/** A generated bin: a backtest series, its sensor fault if any, and its true fill at each reading. */
export interface GeneratedSeries extends SeriesBin {
  readonly fault: { readonly kind: SensorFault; readonly fromMs: number; readonly toMs: number } | null;
  /** True fill (percent, uncapped) at each reading's instant, same order as `readings`. */
  readonly trueFillPercent: readonly number[];
}

/** Generates the set (see the file comment). */
export function generateDailySeries(options: DailySeriesOptions = {}): GeneratedSeries[] {
  const rng = new Rng(options.seed ?? 17);
  const faultRng = new Rng((options.seed ?? 17) + 1_000_003);
  const fu = (): number => (faultRng.nextU32() + 0.5) / 4_294_967_296;
  const KINDS: readonly SensorFault[] = ['stuck', 'silent', 'noisy', 'drifting'];
  const u = (): number => (rng.nextU32() + 0.5) / 4_294_967_296;
  const normal = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const days = options.days ?? 120;
  const start = options.startMs ?? Date.UTC(2026, 0, 5);
  const out: GeneratedSeries[] = [];
  for (let b = 0; b < (options.bins ?? 60); b++) {
    const faulty = fu() < (options.faultyShare ?? 0);
    const kind = KINDS[faultRng.nextInt(KINDS.length)]!;
    const faultDay = 20 + faultRng.nextInt(Math.max(1, days - 40));
    const faultEndDay = kind === 'silent' ? faultDay + 3 + faultRng.nextInt(8) : days;
    const fault = faulty ? { kind, fromMs: start + faultDay * MS_PER_DAY, toMs: start + faultEndDay * MS_PER_DAY } : null;
    let stuckAt: number | null = null;
    const truth: number[] = [];
    const daysToFull = (options.daysToFullMedian ?? 12) * Math.exp(0.6 * normal());
    const rate = 100 / Math.max(2, daysToFull);
    const onDemand = b % 2 === 0;
    const period = rng.nextInt(2) === 0 ? 7 : 14;
    const roundEvery = 2 + rng.nextInt(3);
    const ceiling = u() < 0.1 ? 80 + 15 * u() : 100;
    let fill = 5 + 30 * u();
    const readings: FillReading[] = [];
    const collections: { atMs: number; full: boolean }[] = [];
    const phase = rng.nextInt(period);
    for (let d = 0; d < days; d++) {
      const dayMs = start + d * MS_PER_DAY;
      const weekday = new Date(dayMs).getUTCDay();
      const mult = weekday === 0 || weekday === 6 ? 1.3 : 0.88;
      const readingHour = rng.nextInt(24);
      const collectHour = 6 + rng.nextInt(6);
      // Fill accrues evenly over the day; the reading and any collection happen at their hours.
      const dayInc = rate * mult * Math.exp(0.4 * normal() - 0.08) + (u() < (options.dumpsPerDay ?? 0.03) ? 10 + 20 * u() : 0);
      const events = [
        { hour: readingHour, kind: 'read' as const },
        { hour: collectHour + 0.5, kind: 'collect' as const },
      ].sort((x, y) => x.hour - y.hour);
      let hourDone = 0;
      for (const e of events) {
        fill += (dayInc * (e.hour - hourDone)) / 24;
        hourDone = e.hour;
        const atMs = dayMs + e.hour * 3_600_000;
        if (e.kind === 'read') {
          if (u() < 0.04) continue;
          let seen = u() < 0.02 ? 100 * u() : Math.min(ceiling, fill) + (options.noiseSd ?? 3) * normal();
          if (fault && atMs >= fault.fromMs && atMs < fault.toMs) {
            if (fault.kind === 'silent') continue;
            if (fault.kind === 'stuck') seen = stuckAt ??= seen;
            else if (fault.kind === 'noisy') seen = Math.min(ceiling, fill) + 25 * normal();
            else seen += (atMs - fault.fromMs) / MS_PER_DAY;
          }
          readings.push({ measuredAtMs: Math.round(atMs), fillPercent: Math.round(10 * Math.min(100, Math.max(0, seen))) / 10 });
          truth.push(fill);
        } else {
          const due = onDemand ? d % roundEvery === 0 && fill >= 80 : (d + phase) % period === 0;
          if (due) {
            collections.push({ atMs: Math.round(atMs), full: fill >= 100 });
            fill = 8 * u();
          }
        }
      }
      fill += (dayInc * (24 - hourDone)) / 24;
    }
    out.push({ binId: `D${String(b).padStart(3, '0')}`, stream: 'residual', groups: ['container:large'], readings, collections, fault, trueFillPercent: truth });
  }
  return out;
}
