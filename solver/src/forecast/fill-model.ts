/**
 * Fill model per bin: readings as they really come (irregular, missing, noisy, saturated, with
 * collections nobody reported) → fill cycles → a fill rate with a weekday × hour profile, shrunk
 * towards its group's average when the bin has little history, with an uncertainty → forecast of
 * the fill at any instant and of the instant it reaches full.
 *
 * Time is warped by the group's profile: "effective days" `τ(t) = ∫ m(weekday, hour) dt` where
 * `m` averages 1 over a week. Within one fill cycle fill is linear in τ, so each cycle is fitted
 * with the robust Theil–Sen line (Theil 1950; Sen 1968) in τ; cycle rates are pooled by
 * inverse variance and combined with the group prior (normal–normal empirical Bayes, as in
 * James–Stein / Efron–Morris shrinkage).
 *
 * The level is anchored on the latest readings (issue #17: a forecast must never lose to "the
 * last reading carried forward"): a Kalman filter over the current cycle at that rate
 * ({@link anchoredLevel}), with the bin's own reading noise ({@link readingNoiseSd}), outliers
 * gated, confirmed jumps followed and readings at the sensor's ceiling censored, so a bin stuck at
 * 100 % keeps filling above it (overflow). Faulty sensors (sensor-health.ts) fall back to the
 * group rate from a safe level and are flagged.
 *
 * Pure: instants are parameters, no clock.
 */
import { MS_PER_DAY, removeSpikes, type FillReading } from './readings.js';
import { sensorHealth, type SensorFault } from './sensor-health.js';

/** Hours per profile block: the sample's sensors report 4 times a day, so 6-hour blocks are the finest the data allow. */
export const PROFILE_BLOCK_HOURS = 6;
/** Profile blocks per week (7 days × 4 blocks). */
export const PROFILE_BLOCKS = (7 * 24) / PROFILE_BLOCK_HOURS;
/** A drop of more than this many points between readings (confirmed by the next one) is a collection. */
export const RESET_MIN_DROP_PERCENT = 15;
/** Readings at or above this are treated as saturated (the sensor cannot see above full): censored in fits. */
export const SATURATION_PERCENT = 97;
/** Prior strength: a bin's own estimate outweighs its group's after about this many days of history. */
export const SHRINK_PRIOR_DAYS = 4;
/** Process noise of the fill, percent² per effective day (deposits vary day to day): at least this ... */
export const PROCESS_VAR_PER_DAY = 9;
/** ... and at least (this × the rate)² (a fast bin's deposits vary more in points). */
export const DEPOSIT_CV = 0.3;

/** A bin's process variance, percent² per effective day, at a rate. */
export function processVarPerDay(ratePercentPerDay: number): number {
  return Math.max(PROCESS_VAR_PER_DAY, (DEPOSIT_CV * ratePercentPerDay) ** 2);
}
/** Standard deviation of a single reading, percent (sensor noise). */
export const READING_SD_PERCENT = 3;

/** Weekday × 6-hour-block rate multipliers (index `weekday * 4 + block`, weekday 0 = Sunday UTC), mean 1. */
export type RateProfile = readonly number[];

/** The flat profile: every block ×1. */
export const FLAT_PROFILE: RateProfile = Array.from({ length: PROFILE_BLOCKS }, () => 1);

/** One fill cycle: readings between two collections. */
export interface FillCycle {
  readonly readings: readonly FillReading[];
  /** True when the cycle ends with a detected collection (false for the current cycle). */
  readonly closed: boolean;
}

/**
 * Splits a bin's readings into fill cycles at collections, reported or not.
 *
 * A collection is a fall of more than `minDrop` points that the next reading confirms (it stays
 * at least `minDrop` below the reading before the fall), or a fall of more than twice `minDrop`
 * points on the last reading. Isolated spikes are removed first ({@link removeSpikes}), so one
 * low outlier is not a collection. Reported collection instants (`collectedAtMs`) also cut.
 * @param readings sorted by time.
 */
export function splitCycles(
  readings: readonly FillReading[],
  collectedAtMs: readonly number[] = [],
  minDrop: number = RESET_MIN_DROP_PERCENT,
): FillCycle[] {
  const clean = removeSpikes(readings);
  const cuts = new Set<number>();
  for (let i = 1; i < clean.length; i++) {
    const prev = clean[i - 1]!.fillPercent;
    const cur = clean[i]!.fillPercent;
    const next = clean[i + 1]?.fillPercent;
    if (prev - cur > minDrop && (next === undefined ? prev - cur > 2 * minDrop : prev - next > minDrop)) cuts.add(i);
  }
  const reported = [...collectedAtMs].sort((a, b) => a - b);
  for (const at of reported) {
    const i = clean.findIndex((r) => r.measuredAtMs > at);
    if (i > 0) cuts.add(i);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const cycles: FillCycle[] = [];
  let from = 0;
  for (const c of sorted) {
    if (c > from) cycles.push({ readings: clean.slice(from, c), closed: true });
    from = c;
  }
  cycles.push({ readings: clean.slice(from), closed: false });
  return cycles;
}

const MS_PER_HOUR = 3_600_000;

/**
 * Index of the profile block containing `ms` (UTC weekday × 6-hour block), by arithmetic: the
 * epoch fell on a Thursday (weekday 4). Hot: called for every block of every effective-time span.
 */
export function profileBlock(ms: number): number {
  const hours = Math.floor(ms / MS_PER_HOUR);
  const days = Math.floor(hours / 24);
  const weekday = (((days + 4) % 7) + 7) % 7;
  const hour = hours - days * 24;
  return weekday * (24 / PROFILE_BLOCK_HOURS) + Math.floor(hour / PROFILE_BLOCK_HOURS);
}

/**
 * Effective days between two instants under a profile: `∫ m(t) dt` in days. Exact (block by block).
 * Negative when `toMs < fromMs`.
 */
export function effectiveDays(profile: RateProfile, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -effectiveDays(profile, toMs, fromMs);
  const blockMs = PROFILE_BLOCK_HOURS * 3_600_000;
  let total = 0;
  let t = fromMs;
  while (t < toMs) {
    const end = Math.min(toMs, (Math.floor(t / blockMs) + 1) * blockMs);
    total += (profile[profileBlock(t)] ?? 1) * (end - t);
    t = end;
  }
  return total / MS_PER_DAY;
}

/**
 * Estimates a group's weekday × 6-hour profile from the fill increments of its bins' readings
 * (pairs of consecutive readings inside a cycle, both below saturation, at most 12 h apart).
 * Each increment is spread over the blocks it covers; a block's multiplier is its share of the
 * increments over its share of the time, shrunk towards 1 with `priorHours` of flat pseudo-data.
 * @returns {@link FLAT_PROFILE} when there is too little data.
 */
export function estimateProfile(series: readonly (readonly FillReading[])[], priorHours = 200): RateProfile {
  const fillBy = new Array<number>(PROFILE_BLOCKS).fill(0);
  const hoursBy = new Array<number>(PROFILE_BLOCKS).fill(0);
  const blockMs = PROFILE_BLOCK_HOURS * 3_600_000;
  for (const readings of series) {
    for (const cycle of splitCycles(readings)) {
      const rs = cycle.readings;
      for (let i = 1; i < rs.length; i++) {
        const a = rs[i - 1]!;
        const b = rs[i]!;
        const dt = b.measuredAtMs - a.measuredAtMs;
        if (dt <= 0 || dt > 12 * 3_600_000 || a.fillPercent >= SATURATION_PERCENT || b.fillPercent >= SATURATION_PERCENT) continue;
        const inc = b.fillPercent - a.fillPercent;
        for (let t = a.measuredAtMs; t < b.measuredAtMs; ) {
          const end = Math.min(b.measuredAtMs, (Math.floor(t / blockMs) + 1) * blockMs);
          const k = profileBlock(t);
          fillBy[k] = fillBy[k]! + (inc * (end - t)) / dt;
          hoursBy[k] = hoursBy[k]! + (end - t) / 3_600_000;
          t = end;
        }
      }
    }
  }
  const totalFill = fillBy.reduce((s, x) => s + x, 0);
  const totalHours = hoursBy.reduce((s, x) => s + x, 0);
  if (totalFill <= 0 || totalHours < PROFILE_BLOCKS * 24) return FLAT_PROFILE;
  const meanRate = totalFill / totalHours;
  const raw = fillBy.map((f, k) => {
    const h = hoursBy[k]!;
    return Math.max(0.05, (f + priorHours * meanRate) / ((h + priorHours) * meanRate));
  });
  const mean = raw.reduce((s, x) => s + x, 0) / raw.length;
  return raw.map((x) => x / mean);
}

/** Readings at the same level (within this many points) count as one plateau. */
export const PLATEAU_TOLERANCE_PERCENT = 1.5;

/**
 * The level at which this bin's sensor saturates, percent: bag bridging or a badly mounted
 * sensor can stop reading well below physical full (Edinburgh's sensors read 100 % at 80 % full).
 * A cycle whose last 3 or more readings stay within {@link PLATEAU_TOLERANCE_PERCENT} of each
 * other at 50 % or more ends on a plateau; the ceiling is the median plateau level when at least
 * one closed cycle (emptied afterwards) ended on one and no reading ever went more than 3 points
 * above it, else 100.
 */
export function sensorCeiling(cycles: readonly FillCycle[]): number {
  const plateaus: number[] = [];
  let closedPlateaus = 0;
  let max = 0;
  for (const c of cycles) {
    const rs = c.readings;
    for (const r of rs) max = Math.max(max, r.fillPercent);
    const last = rs[rs.length - 1];
    if (!last || last.fillPercent < 50) continue;
    let k = rs.length - 1;
    while (k > 0 && Math.abs(rs[k - 1]!.fillPercent - last.fillPercent) <= PLATEAU_TOLERANCE_PERCENT) k--;
    if (rs.length - k >= 3) {
      plateaus.push(median(rs.slice(k).map((r) => r.fillPercent)));
      if (c.closed) closedPlateaus++;
    }
  }
  // A slow bin's current cycle can sit still for days: only a cycle emptied on its plateau shows a ceiling.
  if (closedPlateaus === 0) return 100;
  const level = median(plateaus);
  return max <= level + 3 ? Math.min(100, level) : 100;
}

/** A cycle's robust fit in effective time. */
interface CycleFit {
  /** Percent per effective day. */
  readonly rate: number;
  /** Variance of `rate`. */
  readonly rateVar: number;
  /** Fitted fill at the last reading of the cycle. */
  readonly levelAtEnd: number;
  readonly endMs: number;
  /** Effective days spanned by the fitted readings. */
  readonly spanDays: number;
}

function median(values: readonly number[]): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Theil–Sen in effective time on the readings of a cycle below `censorAt`; `null` with < 3 of them. */
function fitCycle(cycle: FillCycle, profile: RateProfile, censorAt: number = SATURATION_PERCENT): CycleFit | null {
  const rs = cycle.readings.filter((r) => r.fillPercent < censorAt);
  if (rs.length < 3) return null;
  const t0 = rs[0]!.measuredAtMs;
  const x = rs.map((r) => effectiveDays(profile, t0, r.measuredAtMs));
  const slopes: number[] = [];
  for (let i = 0; i < rs.length; i++) {
    for (let j = i + 1; j < rs.length; j++) {
      const dx = x[j]! - x[i]!;
      if (dx > 1e-6) slopes.push((rs[j]!.fillPercent - rs[i]!.fillPercent) / dx);
    }
  }
  if (slopes.length === 0) return null;
  const rate = Math.max(0, median(slopes));
  const xEnd = x[x.length - 1]!;
  const level = median(rs.map((r, i) => r.fillPercent - rate * (x[i]! - xEnd)));
  const residuals = rs.map((r, i) => r.fillPercent - (level + rate * (x[i]! - xEnd)));
  // Robust residual scale (MAD × 1.4826), floored at the sensor noise.
  const sd = Math.max(READING_SD_PERCENT, 1.4826 * median(residuals.map((e) => Math.abs(e))));
  const xm = x.reduce((s, v) => s + v, 0) / x.length;
  const sxx = x.reduce((s, v) => s + (v - xm) ** 2, 0);
  if (sxx <= 1e-9) return null;
  // Least-squares slope variance, plus the process noise spread over the span.
  const span = xEnd - x[0]!;
  const rateVar = (sd * sd) / sxx + PROCESS_VAR_PER_DAY / Math.max(span, 0.25);
  return { rate, rateVar, levelAtEnd: level, endMs: rs[rs.length - 1]!.measuredAtMs, spanDays: span };
}

/** A group's prior: mean rate and between-bin variance, percent per effective day. */
export interface RatePrior {
  readonly ratePercentPerDay: number;
  readonly rateVar: number;
  /** What the prior is, for reasons, e.g. `residual median` or `cell 891f… mean`. */
  readonly label: string;
}

/** Where a bin's rate came from. */
export type RateSource = 'bin' | 'shrunk' | 'group';

/** A bin's fill model at an instant. */
export interface BinFillModel {
  /** Mean fill rate, percent per (effective) day. */
  readonly ratePercentPerDay: number;
  /** Standard deviation of the rate. */
  readonly rateSdPercentPerDay: number;
  /** Estimated fill at `levelAtMs`, percent (may be ≥ {@link SATURATION_PERCENT} when saturated). */
  readonly levelPercent: number;
  readonly levelSdPercent: number;
  readonly levelAtMs: number;
  /** The bin's reading noise ({@link readingNoiseSd}), percent. */
  readonly readingSdPercent: number;
  /** True when the latest readings are saturated: the true fill may be above what the sensor says. */
  readonly saturated: boolean;
  /** The level at which this bin's sensor saturates ({@link sensorCeiling}), percent. */
  readonly sensorCeilingPercent: number;
  /**
   * A faulty sensor (sensor-health.ts), or `null`. When `stuck`, `noisy` or `drifting` the rate is
   * the group prior's (`rateSource` `group`); a stuck sensor's bin fills on from the first stuck
   * reading, but is at most at its usual fill before a collection at the last reading (wide spread), a
   * drifting one's from empty at its last emptying; a silent one's from its last reading.
   */
  readonly sensorFault: SensorFault | null;
  /** The fault's evidence in words; empty without a fault. */
  readonly sensorFaultReason: string;
  readonly rateSource: RateSource;
  /** Share of the rate from the bin's own data (0 = all prior, 1 = all bin). */
  readonly ownWeight: number;
  readonly profile: RateProfile;
  readonly priorLabel: string;
  /** Days of history used (sum of the fitted cycles' spans, effective days). */
  readonly historyDays: number;
}

/**
 * Fits a bin's fill model from its readings up to `atMs`.
 *
 * Rate: the inverse-variance mean of its cycles' Theil–Sen rates (at most the last
 * `maxCycles`), combined with `prior` (posterior mean and variance of a normal–normal model).
 * Level: the current cycle's fitted fill at its last reading; a bin whose current cycle has
 * fewer than 3 usable readings starts from its last reading. Readings at the sensor's ceiling
 * (the lower of {@link SATURATION_PERCENT} and {@link sensorCeiling} − 1.5) are censored: left
 * out of the fits, and a saturated last reading keeps the level at least at the ceiling. A reported
 * collection (`collectedAtMs`) after the last reading empties the bin: the level is 0 from then.
 * @returns `null` when the bin has no reading before `atMs`.
 */
export function fitBinModel(
  readings: readonly FillReading[],
  atMs: number,
  prior: RatePrior,
  profile: RateProfile = FLAT_PROFILE,
  options: { collectedAtMs?: readonly number[]; maxCycles?: number } = {},
): BinFillModel | null {
  const usable = readings.filter((r) => r.measuredAtMs <= atMs);
  if (usable.length === 0) return null;
  const cycles = splitCycles(usable, (options.collectedAtMs ?? []).filter((c) => c <= atMs));
  const current = cycles[cycles.length - 1]!;
  const ceiling = sensorCeiling(cycles);
  const censorAt = Math.min(SATURATION_PERCENT, ceiling - PLATEAU_TOLERANCE_PERCENT);
  const fits = cycles.slice(-(options.maxCycles ?? 6)).map((c) => fitCycle(c, profile, censorAt));
  let precision = 0;
  let weighted = 0;
  let historyDays = 0;
  for (const f of fits) {
    if (!f) continue;
    precision += 1 / f.rateVar;
    weighted += f.rate / f.rateVar;
    historyDays += f.spanDays;
  }
  const priorPrecision = 1 / Math.max(prior.rateVar, 1e-6);
  const postPrecision = precision + priorPrecision;
  const rate = (weighted + prior.ratePercentPerDay * priorPrecision) / postPrecision;
  const ownWeight = precision / postPrecision;
  const rateSource: RateSource = ownWeight === 0 ? 'group' : ownWeight > 0.8 ? 'bin' : 'shrunk';

  const last = current.readings[current.readings.length - 1] ?? usable[usable.length - 1]!;
  const saturated = last.fillPercent >= censorAt;
  const recent = cycles.slice(-(options.maxCycles ?? 6));
  const noiseSd = readingNoiseSd(recent, censorAt);
  const anchored = anchoredLevel(current.readings, profile, Math.max(0, rate), Math.sqrt(1 / postPrecision), censorAt, noiseSd);
  let level = anchored.levelPercent;
  let levelAt = last.measuredAtMs;
  let levelSd = anchored.sdPercent;
  if (saturated) level = Math.max(level, censorAt);

  // Faulty sensor: its readings no longer say the fill; fall back to the group rate from a safe level.
  const floors = cycles.slice(1).map((c) => Math.min(...c.readings.slice(0, 3).map((r) => r.fillPercent)));
  // Noise as the raw readings show it: cleaning (spikes, cuts at falls) hides a noisy sensor's scatter.
  const rawRecent = usable.filter((r) => r.measuredAtMs > atMs - 14 * MS_PER_DAY);
  const segments: FillCycle[] = [];
  let from = 0;
  for (let i = 1; i < rawRecent.length; i++) {
    const prev = rawRecent[i - 1]!.fillPercent;
    const next = rawRecent[i + 1]?.fillPercent ?? rawRecent[i]!.fillPercent;
    if (prev - rawRecent[i]!.fillPercent > 40 && prev - next > 40) {
      segments.push({ readings: rawRecent.slice(from, i), closed: true });
      from = i;
    }
  }
  segments.push({ readings: rawRecent.slice(from), closed: false });
  const healthNoise = Math.max(rawNoiseSd(recent, censorAt) ?? 0, rawNoiseSd(segments, censorAt) ?? 0) || null;
  const health = sensorHealth(usable, atMs, floors, healthNoise, Math.max(rate, prior.ratePercentPerDay), censorAt);
  let finalRate = Math.max(0, rate);
  let finalRateSd = Math.sqrt(1 / postPrecision);
  let finalSource = rateSource;
  if (health.fault === 'stuck' || health.fault === 'noisy' || health.fault === 'drifting') {
    finalRate = prior.ratePercentPerDay;
    finalRateSd = Math.sqrt(prior.rateVar);
    finalSource = 'group';
  }
  if (health.fault === 'stuck' && health.sinceMs !== null) {
    // The last trusted reading is the first of the stuck run; it kept filling since, but it was
    // probably emptied meanwhile too: no fuller than its usual fill before a collection (the
    // median peak of its closed cycles), with that much doubt.
    const peaks = cycles.filter((c) => c.closed && c.readings.length > 0).map((c) => Math.max(...c.readings.map((r) => r.fillPercent)));
    const grown = last.fillPercent + finalRate * Math.max(0, effectiveDays(profile, health.sinceMs, last.measuredAtMs));
    const usual = peaks.length > 0 ? median(peaks) : 100;
    if (grown <= usual) {
      levelAt = health.sinceMs;
      level = last.fillPercent;
      levelSd = Math.max(levelSd, noiseSd);
    } else {
      // At its usual fill now, and filling on at the group rate: due soon, so a crew sees the sensor.
      level = Math.max(last.fillPercent, usual);
      levelSd = Math.max(levelSd, usual / 2);
    }
  } else if (health.fault === 'drifting') {
    // The readings are offset: the fill is the group rate times the time since the last emptying.
    const start = current.readings[0] ?? last;
    levelAt = start.measuredAtMs;
    level = 0;
    levelSd = Math.max(levelSd, 10);
  } else if (health.fault === 'noisy') {
    levelSd = Math.max(levelSd, healthNoise ?? noiseSd);
  }
  // A reported collection after the last reading empties the bin: the level restarts at 0 there.
  const reportedAfter = (options.collectedAtMs ?? []).filter((c) => c <= atMs && c > last.measuredAtMs);
  const emptied = reportedAfter.length > 0;
  if (emptied) {
    levelAt = Math.max(...reportedAfter);
    level = 0;
    levelSd = READING_SD_PERCENT;
  }
  return {
    ratePercentPerDay: finalRate,
    rateSdPercentPerDay: finalRateSd,
    levelPercent: Math.max(0, level),
    levelSdPercent: levelSd,
    levelAtMs: levelAt,
    readingSdPercent: noiseSd,
    saturated: saturated && !emptied,
    sensorCeilingPercent: ceiling,
    sensorFault: emptied ? null : health.fault,
    sensorFaultReason: emptied ? '' : health.reason,
    rateSource: finalSource,
    ownWeight,
    profile,
    priorLabel: prior.label,
    historyDays,
  };
}

/** Highest reading noise the model believes, percent (above it the sensor is "noisy": see sensor-health.ts). */
export const MAX_READING_SD_PERCENT = 20;

/**
 * A bin's reading noise, percent: the robust scale (MAD × 1.4826) of each reading's distance from
 * the chord of its two neighbours within a cycle, normalised by that distance's standard deviation
 * under independent noise (σ √(1 + w² + (1 − w)²), w the middle reading's position between them).
 * Trend cancels on the chord; isolated outliers barely move a median. Between
 * {@link READING_SD_PERCENT} and {@link MAX_READING_SD_PERCENT}; the default with fewer than 10
 * triples of readings below `censorAt`.
 */
export function readingNoiseSd(cycles: readonly FillCycle[], censorAt: number = SATURATION_PERCENT): number {
  return Math.min(MAX_READING_SD_PERCENT, Math.max(READING_SD_PERCENT, rawNoiseSd(cycles, censorAt) ?? READING_SD_PERCENT));
}

/** The unclamped estimate of {@link readingNoiseSd}, `null` with fewer than 10 triples. */
export function rawNoiseSd(cycles: readonly FillCycle[], censorAt: number = SATURATION_PERCENT): number | null {
  const z: number[] = [];
  for (const c of cycles) {
    const rs = c.readings;
    for (let i = 1; i + 1 < rs.length; i++) {
      const a = rs[i - 1]!;
      const b = rs[i]!;
      const n = rs[i + 1]!;
      if (a.fillPercent >= censorAt || b.fillPercent >= censorAt || n.fillPercent >= censorAt) continue;
      const w = (b.measuredAtMs - a.measuredAtMs) / Math.max(1, n.measuredAtMs - a.measuredAtMs);
      const e = b.fillPercent - ((1 - w) * a.fillPercent + w * n.fillPercent);
      z.push(Math.abs(e) / Math.sqrt(1 + w * w + (1 - w) * (1 - w)));
    }
  }
  return z.length < 10 ? null : 1.4826 * median(z);
}

/** Readings this many filter standard deviations off the forecast are outliers (unless the next one confirms them). */
export const OUTLIER_GATE_SD = 4;

/**
 * The fill at the last reading of a cycle, anchored on the latest readings: a Kalman filter
 * (Kalman 1960) on the level with the rate known, run forward over the cycle. Between readings
 * the level grows by rate × effective days and its variance by the process noise and the rate's
 * uncertainty; each reading pulls the level towards it by the gain P / (P + σ²), so a daily
 * reading weighs about 60 % and the level never lags far behind the sensor. A reading more than
 * {@link OUTLIER_GATE_SD} standard deviations off is an outlier, unless the next one is still
 * more than 2 off the same way (a real jump: the level restarts there). A reading at the sensor's ceiling is
 * censored: the level is at least that reading and keeps growing at the rate (overflow).
 */
export function anchoredLevel(
  readings: readonly FillReading[],
  profile: RateProfile,
  ratePercentPerDay: number,
  rateSdPercentPerDay: number,
  censorAt: number = SATURATION_PERCENT,
  readingSd: number = READING_SD_PERCENT,
): { levelPercent: number; sdPercent: number } {
  const r2 = readingSd ** 2;
  const q = processVarPerDay(ratePercentPerDay);
  const first = readings[0];
  if (!first) return { levelPercent: 0, sdPercent: readingSd };
  let level = first.fillPercent;
  let p = r2;
  let pendingSign = 0;
  for (let i = 1; i < readings.length; i++) {
    const r = readings[i]!;
    const dt = Math.max(0, effectiveDays(profile, readings[i - 1]!.measuredAtMs, r.measuredAtMs));
    const pred = level + ratePercentPerDay * dt;
    const pPred = p + q * dt + (rateSdPercentPerDay * dt) ** 2;
    if (r.fillPercent >= censorAt) {
      level = Math.max(pred, r.fillPercent);
      p = pPred;
      pendingSign = 0;
      continue;
    }
    const innov = r.fillPercent - pred;
    const s = pPred + r2;
    if (pendingSign !== 0 && Math.sign(innov) === pendingSign && Math.abs(innov) > 2 * Math.sqrt(s)) {
      // The outlier before is confirmed (still off the same way): a real jump, restart from this reading.
      level = r.fillPercent;
      p = r2;
      pendingSign = 0;
      continue;
    }
    if (Math.abs(innov) > OUTLIER_GATE_SD * Math.sqrt(s)) {
      level = pred;
      p = pPred;
      pendingSign = Math.sign(innov);
      continue;
    }
    pendingSign = 0;
    const k = pPred / s;
    level = pred + k * innov;
    p = (1 - k) * pPred;
  }
  return { levelPercent: level, sdPercent: Math.sqrt(p) };
}

/** Forecast fill at an instant: mean and standard deviation, percent (the mean may exceed 100). */
export interface FillForecast {
  readonly meanPercent: number;
  readonly sdPercent: number;
}

/**
 * Forecast fill at `atMs` (≥ the model's level instant; earlier instants return the level):
 * level + rate × effective days, with variance level² + (days × rate sd)² + process noise × days
 * ({@link processVarPerDay}).
 */
export function forecastFill(model: BinFillModel, atMs: number): FillForecast {
  const days = Math.max(0, effectiveDays(model.profile, model.levelAtMs, atMs));
  const mean = model.levelPercent + model.ratePercentPerDay * days;
  const variance = model.levelSdPercent ** 2 + (days * model.rateSdPercentPerDay) ** 2 + processVarPerDay(model.ratePercentPerDay) * days;
  return { meanPercent: mean, sdPercent: Math.sqrt(variance) };
}

/**
 * First instant (on the hour, within `horizonDays`) at which the forecast fill reaches
 * `fullPercent`, at the given upper quantile `z` (0 = expected; 1.645 = 95 % risk bound).
 * @returns the instant in epoch ms, `model.levelAtMs` when already full, or `null` beyond the horizon.
 */
export function timeToFull(model: BinFillModel, fromMs: number, options: { fullPercent?: number; z?: number; horizonDays?: number } = {}): number | null {
  const full = options.fullPercent ?? 100;
  const z = options.z ?? 0;
  const horizon = fromMs + (options.horizonDays ?? 60) * MS_PER_DAY;
  const q = (t: number): number => {
    const f = forecastFill(model, t);
    return f.meanPercent + z * f.sdPercent;
  };
  if (q(fromMs) >= full) return fromMs;
  const step = 3_600_000;
  let t = Math.ceil(fromMs / step) * step;
  for (; t <= horizon; t += step) if (q(t) >= full) return t;
  return null;
}

/**
 * Group priors from bins' own (unshrunk) rates: the median and a robust between-bin variance
 * (MAD × 1.4826, squared, floored at (20 % of the median)²), per group key. Groups with fewer
 * than `minBins` estimates get no prior (the caller falls back to a coarser group).
 */
export function groupPriors(estimates: readonly { group: string; ratePercentPerDay: number }[], minBins = 5): Map<string, RatePrior> {
  const by = new Map<string, number[]>();
  for (const e of estimates) {
    const list = by.get(e.group) ?? [];
    list.push(e.ratePercentPerDay);
    by.set(e.group, list);
  }
  const out = new Map<string, RatePrior>();
  for (const [group, rates] of by) {
    if (rates.length < minBins) continue;
    const m = median(rates);
    const mad = 1.4826 * median(rates.map((r) => Math.abs(r - m)));
    out.set(group, { ratePercentPerDay: m, rateVar: Math.max(mad * mad, (0.2 * m) ** 2, 0.25), label: `${group} median` });
  }
  return out;
}

/** A bin's own rate, without any prior (precision-weighted mean of its cycles' rates); `null` without a fitted cycle. */
export function ownRate(readings: readonly FillReading[], atMs: number, profile: RateProfile = FLAT_PROFILE): number | null {
  const usable = readings.filter((r) => r.measuredAtMs <= atMs);
  let precision = 0;
  let weighted = 0;
  const cycles = splitCycles(usable);
  const censorAt = Math.min(SATURATION_PERCENT, sensorCeiling(cycles) - PLATEAU_TOLERANCE_PERCENT);
  for (const c of cycles.slice(-6)) {
    const f = fitCycle(c, profile, censorAt);
    if (!f) continue;
    precision += 1 / f.rateVar;
    weighted += f.rate / f.rateVar;
  }
  return precision > 0 ? weighted / precision : null;
}
