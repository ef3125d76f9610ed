/**
 * The set of bin ids, read once and kept until bins change (ingestion checks every row against
 * it, so a batch of readings does not read the bins table again).
 */
import type { BinsRepository } from '../db/repositories/bins-repository.js';

/** Cached bin ids; call {@link KnownBins.invalidate} after bins are added or removed. */
export class KnownBins {
  private ids: Set<string> | null = null;

  constructor(private readonly bins: BinsRepository) {}

  /** The current bin ids. */
  get(): ReadonlySet<string> {
    this.ids ??= this.bins.ids();
    return this.ids;
  }

  has(binId: string): boolean {
    return this.get().has(binId);
  }

  invalidate(): void {
    this.ids = null;
  }
}
