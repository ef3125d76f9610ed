/**
 * A bin's sensor readings as the fill model (`fill-model.ts`) takes them, and the first cleaning
 * step: readings are irregular (missing ones, noise, isolated outliers) and fall sharply when the
 * bin is emptied; isolated spikes are dropped before the model splits the series into cycles.
 */

/** One sensor reading. */
export interface FillReading {
  /** Instant of the measurement, milliseconds since the Unix epoch (UTC). */
  readonly measuredAtMs: number;
  /** Fill level, percent of the container volume (0–100). */
  readonly fillPercent: number;
}

/** A drop larger than this many percentage points between consecutive readings is a collection. */
export const RESET_DROP_PERCENT = 30;
/** Fallback when a whole stream has no usable estimate, percent per day. */
export const DEFAULT_RATE_PERCENT_PER_DAY = 10;

export const MS_PER_DAY = 86_400_000;

/**
 * Drops isolated outliers: a reading that is more than `jumpPercent` points above both
 * neighbours, or below both, is a sensor glitch (the sample has 2 % uniform outliers), not a
 * collection (after a real collection the next reading stays low).
 * @param readings sorted by time; the first and last readings are kept (one neighbour only).
 */
export function removeSpikes(readings: readonly FillReading[], jumpPercent: number = RESET_DROP_PERCENT): FillReading[] {
  return readings.filter((r, i) => {
    const prev = readings[i - 1];
    const next = readings[i + 1];
    if (!prev || !next) return true;
    const up = r.fillPercent - prev.fillPercent > jumpPercent && r.fillPercent - next.fillPercent > jumpPercent;
    const down = prev.fillPercent - r.fillPercent > jumpPercent && next.fillPercent - r.fillPercent > jumpPercent;
    return !up && !down;
  });
}
