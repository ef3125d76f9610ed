/**
 * Lexicographic solution cost: fewest unassigned bins, then least distance, then least duration.
 * All integers (counts, metres, seconds), compared exactly.
 */
export interface Cost {
  readonly unassigned: number;
  readonly distanceM: number;
  readonly durationSec: number;
}

/** Compares two costs lexicographically; negative when `a` is better than `b`, 0 when equal. */
export function compareCost(a: Cost, b: Cost): number {
  if (a.unassigned !== b.unassigned) return a.unassigned - b.unassigned;
  if (a.distanceM !== b.distanceM) return a.distanceM - b.distanceM;
  return a.durationSec - b.durationSec;
}

/** Change in distance (metres) and duration (seconds) caused by a move. */
export interface Delta {
  readonly distanceM: number;
  readonly durationSec: number;
}

/** True when a move's delta strictly improves the objective (distance first, then duration). */
export function isImproving(d: Delta): boolean {
  return d.distanceM < 0 || (d.distanceM === 0 && d.durationSec < 0);
}
