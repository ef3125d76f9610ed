/**
 * Faulty-sensor detection (issue #17): a sensor that is silent for days, stuck on one value, too
 * noisy to read, or drifting (its empty level creeping up cycle after cycle) must not drive a
 * bin's forecast. {@link sensorHealth} names the fault with its evidence; the fill model then falls
 * back to the bin's group rate from a safe level (see `fitBinModel`) and flags the bin.
 *
 * Pure: instants are parameters, no clock.
 */
import { MS_PER_DAY, type FillReading } from './readings.js';

export type SensorFault = 'silent' | 'stuck' | 'noisy' | 'drifting';

/** No reading for this many days: the sensor is silent. */
export const SILENT_AFTER_DAYS = 2;
/** Readings within this many points of each other count as the same value. */
export const STUCK_TOLERANCE_PERCENT = 0.25;
/** A stuck run needs at least this many readings over at least this many days ... */
export const STUCK_MIN_READINGS = 5;
export const STUCK_MIN_DAYS = 1.5;
/** ... and the bin should have moved at least this many points meanwhile at its expected rate. */
export const STUCK_MIN_EXPECTED_RISE_PERCENT = 4;
/** Reading noise above this (percent, robust estimate), and above what the bin gains between two readings, makes a sensor noisy. */
export const NOISY_SD_PERCENT = 15;
/** Noisy, second test: over this many days ... */
export const NOISY_WINDOW_DAYS = 14;
/** ... at least 4 and this share of readings jump more than {@link REVERSAL_PERCENT} points (or 1.5 × what the bin gains between readings) one way then the other. */
export const NOISY_REVERSAL_SHARE = 0.2;
export const REVERSAL_PERCENT = 15;
/** Drifting is judged on this many emptyings. */
export const DRIFT_CYCLES = 5;
/** Drifting: the level right after the last emptyings rose by at least this many points ... */
export const DRIFT_MIN_RISE_PERCENT = 20;
/** ... to at least this level above what the bin gains between two readings (a healthy sensor reads near empty after a collection). */
export const DRIFT_MIN_FLOOR_PERCENT = 30;

/** A detected fault, or none. */
export interface SensorHealth {
  readonly fault: SensorFault | null;
  /** Evidence in words, e.g. "stuck at 42% for 3.2 days (8 readings)"; empty when healthy. */
  readonly reason: string;
  /** For `stuck`: when the stuck run began, epoch ms (the last instant the reading is trusted). */
  readonly sinceMs: number | null;
}

const HEALTHY: SensorHealth = { fault: null, reason: '', sinceMs: null };
const r0 = (x: number): number => Math.round(x);
const r1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Checks a bin's sensor at `atMs`, in this order: silent, stuck, noisy, drifting.
 * @param readings the bin's readings up to `atMs`, sorted.
 * @param cycleFloors the lowest of the first 3 readings of each fill cycle, oldest first (the
 *   level right after each emptying).
 * @param noiseSd the robust reading noise estimate, percent (`null` when unknown).
 * @param expectedRatePercentPerDay the bin's (or its group's) rate, to tell stuck from slow.
 * @param censorAt readings at or above this are the sensor's ceiling: a bin at its ceiling is full, not stuck.
 */
export function sensorHealth(
  readings: readonly FillReading[],
  atMs: number,
  cycleFloors: readonly number[],
  noiseSd: number | null,
  expectedRatePercentPerDay: number,
  censorAt: number,
): SensorHealth {
  const last = readings[readings.length - 1];
  if (!last) return HEALTHY;
  const silentDays = (atMs - last.measuredAtMs) / MS_PER_DAY;
  if (silentDays >= SILENT_AFTER_DAYS) {
    return { fault: 'silent', reason: `no reading for ${r1(silentDays)} days`, sinceMs: last.measuredAtMs };
  }
  // Stuck: a trailing run of equal readings (not at the ceiling, not empty).
  let k = readings.length - 1;
  while (k > 0 && Math.abs(readings[k - 1]!.fillPercent - last.fillPercent) <= STUCK_TOLERANCE_PERCENT) k--;
  const runDays = (last.measuredAtMs - readings[k]!.measuredAtMs) / MS_PER_DAY;
  if (
    readings.length - k >= STUCK_MIN_READINGS &&
    runDays >= STUCK_MIN_DAYS &&
    last.fillPercent < censorAt &&
    last.fillPercent > 0 &&
    expectedRatePercentPerDay * runDays >= STUCK_MIN_EXPECTED_RISE_PERCENT
  ) {
    return {
      fault: 'stuck',
      reason: `stuck at ${r0(last.fillPercent)}% for ${r1(runDays)} days (${readings.length - k} readings)`,
      sinceMs: readings[k]!.measuredAtMs,
    };
  }
  // A fast bin's deposits vary between readings as much as noise does: the bars scale with what
  // the bin gains between two readings.
  const gaps: number[] = [];
  for (let i = Math.max(1, readings.length - 20); i < readings.length; i++) gaps.push((readings[i]!.measuredAtMs - readings[i - 1]!.measuredAtMs) / MS_PER_DAY);
  gaps.sort((a, b) => a - b);
  const gainPerReading = expectedRatePercentPerDay * (gaps[gaps.length >> 1] ?? 0);
  if (noiseSd !== null && noiseSd > Math.max(NOISY_SD_PERCENT, gainPerReading)) {
    return { fault: 'noisy', reason: `reading noise ±${r1(noiseSd)} points`, sinceMs: null };
  }
  // Or readings that keep jumping up and back down (a healthy bin only falls at a collection).
  const window = readings.filter((r) => r.measuredAtMs > atMs - NOISY_WINDOW_DAYS * MS_PER_DAY);
  const jump = Math.max(REVERSAL_PERCENT, 1.5 * gainPerReading);
  let reversals = 0;
  for (let i = 2; i < window.length; i++) {
    const d1 = window[i - 1]!.fillPercent - window[i - 2]!.fillPercent;
    const d2 = window[i]!.fillPercent - window[i - 1]!.fillPercent;
    if (Math.abs(d1) > jump && Math.abs(d2) > jump && Math.sign(d1) !== Math.sign(d2)) reversals++;
  }
  if (reversals >= 4 && reversals >= NOISY_REVERSAL_SHARE * (window.length - 2)) {
    return { fault: 'noisy', reason: `${reversals} jumps of more than ${r0(jump)} points and back in ${NOISY_WINDOW_DAYS} days`, sinceMs: null };
  }
  // Five emptyings in a row, each leaving the sensor at least as high as the one before.
  const floors = cycleFloors.slice(-DRIFT_CYCLES);
  if (floors.length >= DRIFT_CYCLES) {
    const rising = floors.every((f, i) => i === 0 || f >= floors[i - 1]! - 2);
    const rise = floors[floors.length - 1]! - floors[0]!;
    if (rising && rise >= DRIFT_MIN_RISE_PERCENT && floors[floors.length - 1]! - gainPerReading >= DRIFT_MIN_FLOOR_PERCENT) {
      return { fault: 'drifting', reason: `reads ${r0(floors[floors.length - 1]!)}% right after emptying (was ${r0(floors[0]!)}%)`, sinceMs: null };
    }
  }
  return HEALTHY;
}
