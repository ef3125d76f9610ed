/**
 * Readings of many bins over a window, packed in typed arrays so they cross to a worker thread as
 * a copy of three buffers (not as 100,000 objects cloned one by one on the main thread), and
 * loaded bin by bin (primary-key ranges) in slices that give the event loop back in between.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ReadingsRepository } from '../db/repositories/readings-repository.js';
import type { FillReading } from '../solver.js';

/** Readings of `binIds[k]` are `times[offsets[k]..offsets[k+1])` (epoch ms) and the same range of `fills` (percent). */
export interface ReadingsPack {
  readonly binIds: readonly string[];
  readonly offsets: Int32Array;
  readonly times: Float64Array;
  readonly fills: Float64Array;
}

/** Bins read per slice before the event loop is given back. */
export const PACK_SLICE_BINS = 100;

/**
 * Loads the readings with `fromIso < measuredAt <= toIso` of each bin, oldest first.
 * Each slice of {@link PACK_SLICE_BINS} bins costs a few milliseconds; the loop runs between them.
 */
export async function loadReadingsPack(readings: ReadingsRepository, binIds: readonly string[], fromIso: string, toIso: string): Promise<ReadingsPack> {
  const offsets = new Int32Array(binIds.length + 1);
  const times: number[] = [];
  const fills: number[] = [];
  for (let k = 0; k < binIds.length; k++) {
    if (k > 0 && k % PACK_SLICE_BINS === 0) await yieldToLoop();
    offsets[k] = times.length;
    for (const [at, fill] of readings.binWindow(binIds[k]!, fromIso, toIso)) {
      times.push(Date.parse(at));
      fills.push(fill);
    }
  }
  offsets[binIds.length] = times.length;
  return { binIds: [...binIds], offsets, times: Float64Array.from(times), fills: Float64Array.from(fills) };
}

/** The readings of bin number `k` of a pack, as the solver's forecast input. */
export function packedReadings(pack: ReadingsPack, k: number): FillReading[] {
  const out: FillReading[] = [];
  for (let i = pack.offsets[k]!; i < pack.offsets[k + 1]!; i++) out.push({ measuredAtMs: pack.times[i]!, fillPercent: pack.fills[i]! });
  return out;
}
