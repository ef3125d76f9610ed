/**
 * Ground-truth filling of the sample city's bins, for the strategy simulator: the same model as
 * the sample generator (`sample-city.ts`, whose constants are imported) re-implemented as a
 * reusable stepper, because the generator draws each bin's rate inside its one RNG stream and
 * cannot be replayed without changing the committed bytes.
 *
 * Model (data/sample/README.md "Filling"): each bin fills at its stream's median rate
 * (100 / days to full, percent per day) × a log-normal per-bin factor (sd 0.35) × the weekday
 * multiplier (Sat–Sun 1.3, Mon 1.1, Tue–Fri 0.9, UTC weekday) × the daytime profile (×1.45 from
 * 06:00 to 21:00 UTC, ×0.25 at night; the two average 1 over a day), integrated hourly. The true
 * fill is not capped: above 100 % the bin overflows. A collection empties it to 0–4 %.
 * Sensors (README "Sensors"): 4 readings a day at 00/06/12/18 UTC ± 20 min, Gaussian noise σ 3,
 * 2 % outliers uniform 0–100, 3 % lost, clipped to 0–100 (a sensor cannot see overflow).
 *
 * Deterministic: everything is drawn from the seeded RNG given to the constructor.
 */
import { Rng, type Stream } from '../../solver/src/index.js';
import { DAYS_TO_FULL, MISSING_SHARE, NOISE_SD, OUTLIER_SHARE, READINGS_PER_DAY, WEEKDAY_MULTIPLIER } from './sample-city.js';

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
  private countFromMs: number;
  private nextReadingSlot: number;

  constructor(
    readonly streams: readonly Stream[],
    seed: number,
    startMs: number,
  ) {
    this.rng = new Rng(seed);
    const n = streams.length;
    this.fill = new Float64Array(n);
    this.baseRate = new Float64Array(n);
    this.lastOverflowDay = new Float64Array(n).fill(-1);
    streams.forEach((s, i) => {
      this.baseRate[i] = (100 / DAYS_TO_FULL[s]) * Math.exp(0.35 * gaussian(this.rng));
      this.fill[i] = unit(this.rng) * 60;
    });
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
      const m = (WEEKDAY_MULTIPLIER[d.getUTCDay()] ?? 1) * daytimeMultiplier(d.getUTCHours());
      const dtDays = (end - this.tMs) / DAY_MS;
      const day = Math.floor(end / DAY_MS);
      for (let i = 0; i < this.fill.length; i++) {
        this.fill[i] = this.fill[i]! + this.baseRate[i]! * m * dtDays;
        if (this.fill[i]! > 100 && this.lastOverflowDay[i] !== day) {
          this.lastOverflowDay[i] = day;
          if (end > this.countFromMs) this.overflowBinDays++;
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
          out[i]!.push({ measuredAtMs: nextSlotMs + jitter, fillPercent: Math.round(Math.max(0, Math.min(100, reading)) * 10) / 10 });
        }
      }
    }
    return out;
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
