/**
 * JSON batches of readings: validated whole (schema, known bins, plausible instants; every
 * problem listed with its path, nothing written), then written in one transaction. A row that
 * repeats a stored reading is a duplicate (idempotent retry); one that contradicts it (same bin and
 * instant, another fill) is a conflict: reported with the stored value, which is kept.
 */
import type { Issue, ReadingBatchResult, ReadingConflict, ReadingInput } from '../../contract/index.js';
import { ReadingBatchSchema } from '../../contract/index.js';
import type { ReadingsWriter } from './readings-writer.js';
import type { AlertRow, AlertsRepository } from '../db/repositories/alerts-repository.js';
import { ConflictError } from '../errors.js';
import { parseOrThrow } from '../validate.js';
import type { KnownBins } from './known-bins.js';
import { instantProblem } from './reading-rules.js';

/** Validates and writes reading batches; tells `onWrite` when rows were written. */
export class ReadingsService {
  constructor(
    private readonly writer: ReadingsWriter,
    private readonly alertsRepo: AlertsRepository,
    private readonly bins: KnownBins,
    private readonly now: () => Date,
    private readonly onWrite: () => void,
  ) {}

  /** The space's sensor alerts raised at or after `sinceIso`, newest first, at most `limit`. */
  alerts(sinceIso: string, limit: number): AlertRow[] {
    return this.alertsRepo.list(sinceIso, limit);
  }

  /**
   * Issues the schema cannot see, on the raw body so they are reported with the schema's: unknown
   * bins (`[i].binId`, code `unknown_bin`) and instants outside the plausible window
   * (`[i].measuredAt`, code `implausible_time`).
   */
  private contentIssues(body: unknown): Issue[] {
    if (!Array.isArray(body)) return [];
    const now = this.now();
    const issues: Issue[] = [];
    body.forEach((item: unknown, i) => {
      const { binId, measuredAt } = (item ?? {}) as { binId?: unknown; measuredAt?: unknown };
      if (typeof binId === 'string' && binId !== '' && binId.length <= 64 && !this.bins.has(binId)) {
        issues.push({ path: `[${i}].binId`, message: `unknown bin '${binId}'`, code: 'unknown_bin' });
      }
      if (typeof measuredAt === 'string') {
        const ms = Date.parse(measuredAt);
        const problem = Number.isNaN(ms) ? null : instantProblem(ms, now);
        if (problem) issues.push({ path: `[${i}].measuredAt`, message: problem, code: 'implausible_time' });
      }
    });
    return issues;
  }

  /**
   * Validates `body` as a batch and writes it all or nothing (in a group commit).
   * @throws InvalidInputError listing every problem (nothing written); ConflictError (409) when
   *   every reading contradicts a stored one (nothing written).
   */
  async ingest(body: unknown): Promise<{ status: 201 | 207; result: ReadingBatchResult }> {
    const batch: ReadingInput[] = parseOrThrow(ReadingBatchSchema, body, this.contentIssues(body));
    const rows = batch.map((r) => ({ binId: r.binId, measuredAt: new Date(r.measuredAt).toISOString(), fillPercent: r.fillPercent }));
    const outcome = await this.writer.write({ readings: rows });
    const conflicts: ReadingConflict[] = outcome.conflicts.map((c) => ({ index: c.row, ...rows[c.row]!, storedFillPercent: c.storedFillPercent }));
    if (outcome.inserted > 0) this.onWrite();
    if (conflicts.length > 0 && outcome.inserted + outcome.duplicates === 0) {
      throw new ConflictError(
        `every reading contradicts a stored one (same bin and instant, another fill); the stored values are kept`,
        conflicts.map((c) => ({ path: `[${c.index}].fillPercent`, message: conflictMessage(c.binId, c.measuredAt, c.storedFillPercent), code: 'conflict' })),
      );
    }
    return { status: conflicts.length > 0 ? 207 : 201, result: { inserted: outcome.inserted, duplicates: outcome.duplicates, conflicts } };
  }
}

/** How a conflict is told, the same for every door. */
export function conflictMessage(binId: string, measuredAt: string, storedFillPercent: number): string {
  return `contradicts the stored reading of ${binId} at ${measuredAt} (${storedFillPercent} %); the stored value is kept`;
}
