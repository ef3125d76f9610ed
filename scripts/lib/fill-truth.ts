/**
 * Ground-truth filling of the sample city's bins, for the strategy simulator: the same model as
 * the sample generator (`sample-city.ts`, whose constants are imported) re-implemented as a
 * reusable stepper, because the generator draws each bin's rate inside its one RNG stream and
 * cannot be replayed without changing the committed bytes.
 *
 * Model (data/sample/README.md "Filling"): each bin fills at its stream's median rate (percent
 * per day, set by the calibration below) × a log-normal per-bin factor exp(0.35 Z), Z standard
 * normal (so most bins sit near the median and a few are fast: 1 bin in 20 fills at ≥ 1.78× the
 * median, 1 in 100 at ≥ 2.26×; 1 in 20 at ≤ 0.56×) × the weekday multiplier (Sat–Sun 1.3, Mon 1.1,
 * Tue–Fri 0.9, UTC weekday) × the daytime profile (×1.45 from 06:00 to 21:00 UTC, ×0.25 at night;
 * the two average 1 over a day), integrated hourly. The true fill is not capped: above 100 % the
 * bin overflows. A collection empties it to 0–4 %.
 * Sensors (README "Sensors"): 4 readings a day at 00/06/12/18 UTC ± 20 min, Gaussian noise σ 3,
 * 2 % outliers uniform 0–100, 3 % lost, clipped to 0–100 (a sensor cannot see overflow).
 *
 * Two calibrations of the stream median rates ({@link TruthCalibration}); both draw the same
 * random numbers, so a bin's factor, start fill and sensor noise are identical and only the stream
 * medians differ.
 *
 * Realism ({@link TruthRealism}, issue #17): `truthful` (the simulator's default) adds what real
 * sensor fleets have, drawn from a second RNG stream so the base draws above stay identical:
 * - per-bin weekday patterns: each bin's weekday multipliers are the stream's × exp(0.25 Z),
 *   rescaled to the same weekly sum (7.3), so the anchors hold;
 * - markets: {@link MARKET_SHARE} of bins get a weekly market day (Tue–Sat) adding 8–15 % of
 *   capacity between 06:00 and 14:00 UTC, their base rate lowered by the same weekly amount (anchors
 *   hold); holidays ({@link HOLIDAYS}) multiply every bin's deposit by {@link HOLIDAY_MULTIPLIER};
 * - collections the sensors do not report: each bin is emptied by someone else (bulky-item crew,
 *   caretaker) with probability {@link UNREPORTED_EMPTY_PER_DAY} a day, at a random hour;
 * - {@link FAULTY_SHARE} faulty sensors, a quarter each stuck (repeats one value), silent (off for
 *   2–6 days at a time), noisy (σ 15, 15 % outliers), drifting (±1–3 points a day), each from an
 *   onset drawn in the first 8 weeks.
 * Strategies see only the readings and their own collections: never these parameters.
 *
 * Deterministic: everything is drawn from the seeded RNG given to the constructor.
 */
import { Rng, type Stream } from '../../solver/src/index.js';
import { DAYS_TO_FULL, MISSING_SHARE, NOISE_SD, OUTLIER_SHARE, READINGS_PER_DAY, WEEKDAY_MULTIPLIER } from './sample-city.js';

/**
 * How the stream median fill rates of the ground truth are set.
 *
 * - `primer-defaults`: 100 / days to full of the domain primer §8 row "days to fill: glass / paper
 *   / pack. / OMR bin 14 / 11 / 7 / 9" (biowaste 6, the generator's own figure), exactly the sample
 *   generator's rates. Under a weekly round this collects bins at ~82 % mean fill and 15.6 % of
 *   bin-days overflow.
 * - `anchored` (the simulator's default): medians solved so that, under a weekly round, the mean
 *   true fill at collection equals the primer's *observed* fill at scheduled collection
 *   ({@link ANCHORED_FILL_AT_WEEKLY_COLLECTION}).
 *
 * Why `anchored` is the default: the primer labels the §8 days-to-fill "derived §2", i.e. computed
 * in its §2 table as capacity ÷ (users × L/person/day) with the users per container marked
 * **assumed** (2.2 persons per 120 L bin, 200 inhabitants per packaging column, 80 persons per
 * underground OMR container). The same §2 table's "observed anchor" column, and §5, report what was
 * measured at scheduled collections: 120 L OMR bins "presented 58% full on average under C1-C3"
 * [21] (Orléans, which cut C3→C2 and C2→C1 "where bins come out half-full"), glass columns "~50%
 * full" on weekly rounds [23] (Grenoble before sensors), and "German pilots found containers only
 * 50% full at scheduled collection" [28]. Three independent observations of the very quantity the
 * simulator is judged on outweigh a figure derived from an assumed head count; and a weekly
 * schedule overflowing on 15.6 % of bin-days would not be the C1 norm the primer (§5) describes.
 */
export type TruthCalibration = 'anchored' | 'primer-defaults';

/** The calibrations, default first. */
export const TRUTH_CALIBRATIONS: readonly TruthCalibration[] = ['anchored', 'primer-defaults'];

/** Range of the primer's observed mean fill at scheduled collection, percent: [28][23] 50 to [21] 58. */
export const ANCHOR_RANGE_PERCENT = { min: 50, max: 58 } as const;

/**
 * Target mean true fill at a weekly collection per stream, percent (capped at 100 per
 * collection, as the simulator reports it). Primer §2 "observed anchor" column: row "120 L OMR
 * bin" → 58 % [21] for residual; row "4 m³ glass column" → ~50 % on weekly rounds [23] for glass.
 * The packaging, paper and biowaste rows carry no figure: they take §5's "containers only 50%
 * full at scheduled collection" [28].
 */
export const ANCHORED_FILL_AT_WEEKLY_COLLECTION: Record<Stream, number> = { residual: 58, glass: 50, packaging: 50, paper: 50, biowaste: 50 };

/** How much of real sensor fleets the truth carries (see the file comment). */
export type TruthRealism = 'truthful' | 'plain';
/** Share of bins with a faulty sensor (issue #17). */
export const FAULTY_SHARE = 0.15;
/** The ways a sensor fails. */
export type SensorFault = 'stuck' | 'silent' | 'noisy' | 'drift';
export const SENSOR_FAULTS: readonly SensorFault[] = ['stuck', 'silent', 'noisy', 'drift'];
/** Share of bins next to a weekly market. */
export const MARKET_SHARE = 0.06;
/** Probability a day that a bin is emptied without the sensors' system being told. */
export const UNREPORTED_EMPTY_PER_DAY = 0.01;
/** Public holidays of the simulated autumn (UTC dates: All Saints, Armistice, Monaco's National Day, Immaculate Conception, Christmas). */
export const HOLIDAYS: readonly string[] = ['2026-11-01', '2026-11-11', '2026-11-19', '2026-12-08', '2026-12-25'];
/** Deposit multiplier on a holiday. */
export const HOLIDAY_MULTIPLIER = 1.6;
/** Standard deviation of the log-normal per-bin weekday factors (truthful realism). */
const WEEKDAY_SPREAD_SD = 0.25;

/** Standard deviation of the log-normal per-bin rate factor (the sample generator's). */
export const RATE_SPREAD_SD = 0.35;
/** Mean fill a collection leaves, percent ({@link FillTruth.empty} leaves uniform 0–4 %). */
const MEAN_RESIDUE_PERCENT = 2;
/** Median-rate days of deposit in one week: the weekday multipliers summed (7.3; the daytime profile averages 1). */
const WEEK_DEPOSIT_DAYS = WEEKDAY_MULTIPLIER.reduce<number>((a, b) => a + b, 0);

/**
 * Expected fill at a weekly collection, percent, capped at 100 per collection, for a stream whose
 * median base rate is `medianPercentPerDay`: E[min(100, 2 + 7.3 × m × exp(0.35 Z))], by the
 * midpoint rule over Z in [-6, 6] (4,000 steps).
 */
export function expectedWeeklyFill(medianPercentPerDay: number): number {
  const steps = 4000;
  const dz = 12 / steps;
  let sum = 0;
  for (let k = 0; k < steps; k++) {
    const z = -6 + (k + 0.5) * dz;
    const fill = MEAN_RESIDUE_PERCENT + WEEK_DEPOSIT_DAYS * medianPercentPerDay * Math.exp(RATE_SPREAD_SD * z);
    sum += Math.min(100, fill) * Math.exp(-0.5 * z * z);
  }
  return (sum * dz) / Math.sqrt(2 * Math.PI);
}

/**
 * The median base rate, percent per day, whose expected weekly fill ({@link expectedWeeklyFill})
 * is `targetPercent`, by bisection (the fill grows with the rate). Throws RangeError unless the
 * target is in (2, 100).
 */
export function anchoredMedianRate(targetPercent: number): number {
  if (!(targetPercent > MEAN_RESIDUE_PERCENT && targetPercent < 100)) throw new RangeError(`target fill must be in (2, 100), got ${targetPercent}`);
  let lo = 0;
  let hi = 100;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (expectedWeeklyFill(mid) < targetPercent) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Median base fill rate of a stream under a calibration, percent per day. */
export function medianRatePerDay(stream: Stream, calibration: TruthCalibration): number {
  return calibration === 'primer-defaults' ? 100 / DAYS_TO_FULL[stream] : anchoredMedianRate(ANCHORED_FILL_AT_WEEKLY_COLLECTION[stream]);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Daytime deposit profile of the generator: ×1.45 06:00–21:00 UTC, ×0.25 otherwise (mean 1). */
export function daytimeMultiplier(utcHour: number): number {
  return utcHour >= 6 && utcHour < 21 ? 1.45 : 0.25;
}

/** Uniform [0, 1) from the seeded RNG. */
export function unit(rng: Rng): number {
  return rng.nextU32() / 4_294_967_296;
}

/** Standard normal by Box–Muller. */
export function gaussian(rng: Rng): number {
  const u = Math.max(unit(rng), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * unit(rng));
}

/**
 * A uniform [0, 1) number fixed by (seed, bin, hour): the unreported collections fall on the same
 * hours whatever a strategy does, so strategies face the same events (common random numbers).
 */
export function hashUnit(seed: number, i: number, hour: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77) ^ Math.imul(hour | 0, 0xc2b2ae3d)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296;
}

/** One sensor reading as the product receives it. */
export interface SimReading {
  readonly measuredAtMs: number;
  readonly fillPercent: number;
}

/** The true state of every bin, advanced hour by hour. */
export class FillTruth {
  /** True fill, percent (may exceed 100). */
  readonly fill: Float64Array;
  /** Base rate per bin, percent per day (before weekday and daytime multipliers). */
  readonly baseRate: Float64Array;
  private readonly rng: Rng;
  private tMs: number;
  /** Per bin: the last UTC day index (epoch days) counted as an overflow day. */
  private readonly lastOverflowDay: Float64Array;
  /** Overflow bin-days counted since {@link resetCounters}. */
  overflowBinDays = 0;
  /** Of those, the ones of bins whose sensor is faulty at the time (truthful realism). */
  overflowBinDaysFaulty = 0;
  private countFromMs: number;
  private nextReadingSlot: number;
  private readonly realism: TruthRealism;
  private readonly seed: number;
  /** Truthful realism: second RNG stream (faults, markets, unreported collections). */
  private readonly rng2: Rng;
  /** Per bin × weekday multiplier (truthful: per-bin pattern; plain: the stream's). */
  private readonly weekday: Float64Array;
  /** Per bin: market weekday (-1 none) and its extra deposit, percent. */
  private readonly marketDay: Int8Array;
  private readonly marketPercent: Float64Array;
  /** Per bin: fault kind index into {@link SENSOR_FAULTS} (-1 healthy), onset ms and its parameter. */
  private readonly faultKind: Int8Array;
  private readonly faultOnsetMs: Float64Array;
  private readonly faultParam: Float64Array;
  /** Stuck sensors: the value they repeat (NaN until the onset). */
  private readonly stuckValue: Float64Array;
  /** Silent sensors: silent until this instant, then active until {@link silentNextMs}. */
  private readonly silentUntilMs: Float64Array;
  private readonly silentNextMs: Float64Array;
  /** Unreported collections since construction. */
  unreportedEmpties = 0;

  /**
   * @param streams the stream of each bin (index = bin index)
   * @param seed seed of every draw (rates, start fills, sensor noise, residues)
   * @param startMs the truth's start instant, ms since epoch
   * @param calibration how the stream median rates are set (see {@link TruthCalibration})
   */
  constructor(
    readonly streams: readonly Stream[],
    seed: number,
    startMs: number,
    readonly calibration: TruthCalibration,
    realism: TruthRealism = 'plain',
  ) {
    this.realism = realism;
    this.seed = seed;
    this.rng = new Rng(seed);
    this.rng2 = new Rng(seed ^ 0x7a11f00d);
    const n = streams.length;
    this.fill = new Float64Array(n);
    this.baseRate = new Float64Array(n);
    this.lastOverflowDay = new Float64Array(n).fill(-1);
    const median = new Map<Stream, number>();
    for (const s of new Set(streams)) median.set(s, medianRatePerDay(s, calibration));
    streams.forEach((s, i) => {
      this.baseRate[i] = median.get(s)! * Math.exp(RATE_SPREAD_SD * gaussian(this.rng));
      this.fill[i] = unit(this.rng) * 60;
    });
    this.weekday = new Float64Array(n * 7);
    this.marketDay = new Int8Array(n).fill(-1);
    this.marketPercent = new Float64Array(n);
    this.faultKind = new Int8Array(n).fill(-1);
    this.faultOnsetMs = new Float64Array(n);
    this.faultParam = new Float64Array(n);
    this.stuckValue = new Float64Array(n).fill(Number.NaN);
    this.silentUntilMs = new Float64Array(n);
    this.silentNextMs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (realism === 'plain') {
        for (let d = 0; d < 7; d++) this.weekday[i * 7 + d] = WEEKDAY_MULTIPLIER[d]!;
        continue;
      }
      // Unreported collections empty a bin mid-cycle about 3.5 % of weekly cycles × half a week's
      // deposit: the base rate is raised by that much so a weekly round still finds the anchor.
      this.baseRate[i] = this.baseRate[i]! * (1 + 3.5 * UNREPORTED_EMPTY_PER_DAY);
      const raw = WEEKDAY_MULTIPLIER.map((w) => w * Math.exp(WEEKDAY_SPREAD_SD * gaussian(this.rng2)));
      const scale = WEEK_DEPOSIT_DAYS / raw.reduce((a, b) => a + b, 0);
      for (let d = 0; d < 7; d++) this.weekday[i * 7 + d] = raw[d]! * scale;
      if (unit(this.rng2) < MARKET_SHARE) {
        this.marketDay[i] = 2 + Math.floor(unit(this.rng2) * 5);
        const spike = 8 + unit(this.rng2) * 7;
        // Same weekly deposit: the market's share comes off the base rate (at most half of it).
        const weekly = this.baseRate[i]! * WEEK_DEPOSIT_DAYS;
        const kept = Math.max(0.5 * weekly, weekly - spike);
        this.marketPercent[i] = weekly - kept;
        this.baseRate[i] = kept / WEEK_DEPOSIT_DAYS;
      }
      if (unit(this.rng2) < FAULTY_SHARE) {
        this.faultKind[i] = Math.floor(unit(this.rng2) * SENSOR_FAULTS.length);
        this.faultOnsetMs[i] = startMs + unit(this.rng2) * 56 * DAY_MS;
        this.faultParam[i] = (unit(this.rng2) < 0.5 ? -1 : 1) * (1 + 2 * unit(this.rng2));
        this.silentUntilMs[i] = this.faultOnsetMs[i]!;
        this.silentNextMs[i] = this.faultOnsetMs[i]!;
      }
    }
    this.tMs = startMs;
    this.countFromMs = startMs;
    this.nextReadingSlot = Math.ceil(startMs / (DAY_MS / READINGS_PER_DAY));
  }

  get nowMs(): number {
    return this.tMs;
  }

  /** Overflow days are counted only from `fromMs` on (after a warm-up). */
  resetCounters(fromMs: number): void {
    this.countFromMs = fromMs;
    this.overflowBinDays = 0;
    this.overflowBinDaysFaulty = 0;
  }

  /**
   * Advances the truth to `untilMs`, hour by hour, and returns the sensor readings taken on the
   * way (per bin index). Overflow bin-days are counted as they happen.
   */
  advance(untilMs: number): SimReading[][] {
    const out: SimReading[][] = this.streams.map(() => []);
    const slotMs = DAY_MS / READINGS_PER_DAY;
    while (this.tMs < untilMs) {
      const nextSlotMs = this.nextReadingSlot * slotMs;
      const end = Math.min(untilMs, (Math.floor(this.tMs / HOUR_MS) + 1) * HOUR_MS, nextSlotMs > this.tMs ? nextSlotMs : Infinity);
      const d = new Date(this.tMs);
      const wd = d.getUTCDay();
      const hour = d.getUTCHours();
      const truthful = this.realism === 'truthful';
      const holiday = truthful && HOLIDAYS.includes(d.toISOString().slice(0, 10)) ? HOLIDAY_MULTIPLIER : 1;
      const m = daytimeMultiplier(hour) * holiday;
      const dtDays = (end - this.tMs) / DAY_MS;
      const day = Math.floor(end / DAY_MS);
      // Unreported collections happen on the hour (one draw per bin and whole hour).
      const hourStart = this.tMs % HOUR_MS === 0;
      for (let i = 0; i < this.fill.length; i++) {
        let add = this.baseRate[i]! * this.weekday[i * 7 + wd]! * m * dtDays;
        if (truthful) {
          if (this.marketDay[i] === wd && hour >= 6 && hour < 14) add += (this.marketPercent[i]! * dtDays * 24) / 8;
          if (hourStart && hashUnit(this.seed, i, this.tMs / HOUR_MS) < UNREPORTED_EMPTY_PER_DAY / 24) {
            this.fill[i] = hashUnit(this.seed ^ 0x51, i, this.tMs / HOUR_MS) * 4;
            this.unreportedEmpties++;
          }
        }
        this.fill[i] = this.fill[i]! + add;
        if (this.fill[i]! > 100 && this.lastOverflowDay[i] !== day) {
          this.lastOverflowDay[i] = day;
          if (end > this.countFromMs) {
            this.overflowBinDays++;
            const fault = this.sensorFault(i);
            if (fault && fault.onsetMs <= end) this.overflowBinDaysFaulty++;
          }
        }
      }
      this.tMs = end;
      if (this.tMs >= nextSlotMs) {
        this.nextReadingSlot++;
        for (let i = 0; i < this.fill.length; i++) {
          const jitter = Math.round((unit(this.rng) - 0.5) * 40) * 60_000;
          if (unit(this.rng) < MISSING_SHARE) continue;
          let reading = Math.min(this.fill[i]!, 100) + NOISE_SD * gaussian(this.rng);
          if (unit(this.rng) < OUTLIER_SHARE) reading = unit(this.rng) * 100;
          if (this.faultKind[i]! >= 0 && nextSlotMs >= this.faultOnsetMs[i]!) {
            const faulty = this.faulty(i, nextSlotMs, reading);
            if (faulty === null) continue;
            reading = faulty;
          }
          out[i]!.push({ measuredAtMs: nextSlotMs + jitter, fillPercent: Math.round(Math.max(0, Math.min(100, reading)) * 10) / 10 });
        }
      }
    }
    return out;
  }

  /** The fault of bin `i`'s sensor, or null when healthy (for tests and reports; strategies never read it). */
  sensorFault(i: number): { kind: SensorFault; onsetMs: number } | null {
    const k = this.faultKind[i]!;
    return k < 0 ? null : { kind: SENSOR_FAULTS[k]!, onsetMs: this.faultOnsetMs[i]! };
  }

  /** What a faulty sensor reports instead of `reading` at `atMs` (null: nothing). */
  private faulty(i: number, atMs: number, reading: number): number | null {
    switch (SENSOR_FAULTS[this.faultKind[i]!]) {
      case 'stuck':
        if (Number.isNaN(this.stuckValue[i]!)) this.stuckValue[i] = Math.max(0, Math.min(100, reading));
        return this.stuckValue[i]!;
      case 'silent':
        if (atMs >= this.silentNextMs[i]!) {
          this.silentUntilMs[i] = atMs + (2 + 4 * unit(this.rng2)) * DAY_MS;
          this.silentNextMs[i] = this.silentUntilMs[i]! + (1 + 3 * unit(this.rng2)) * DAY_MS;
        }
        return atMs < this.silentUntilMs[i]! ? null : reading;
      case 'noisy':
        return unit(this.rng2) < 0.15 ? unit(this.rng2) * 100 : reading + 15 * gaussian(this.rng2);
      case 'drift':
        return reading + (this.faultParam[i]! * (atMs - this.faultOnsetMs[i]!)) / DAY_MS;
      default:
        return reading;
    }
  }

  /**
   * Empties bin `i` now: returns its true fill before (uncapped) and leaves 0–4 %. A bin
   * overflowing when emptied still counts today as an overflow day (already counted by `advance`).
   */
  empty(i: number): number {
    const before = this.fill[i]!;
    this.fill[i] = unit(this.rng) * 4;
    return before;
  }
}
