/**
 * Ingestion of sensor readings: all-or-nothing batches, duplicates ignored and counted.
 */
import type { Issue, ReadingBatchResult, ReadingInput } from '../../contract/index.js';
import type { Db } from '../db/connection.js';
import { BinsRepository } from '../db/repositories/bins-repository.js';
import { ReadingsRepository } from '../db/repositories/readings-repository.js';
import { InvalidInputError } from '../errors.js';
import type { ForecastService } from './forecast-service.js';

/** Validates and writes reading batches; invalidates cached forecasts. */
export class ReadingsService {
  private readonly bins: BinsRepository;
  private readonly readings: ReadingsRepository;

  constructor(
    private readonly db: Db,
    private readonly forecast: ForecastService,
  ) {
    this.bins = new BinsRepository(db);
    this.readings = new ReadingsRepository(db);
  }

  /**
   * Issues for readings whose bin does not exist (path `[i].binId`, code `unknown_bin`).
   * Run on the raw body so they can be reported together with the schema issues.
   */
  unknownBinIssues(body: unknown): Issue[] {
    if (!Array.isArray(body)) return [];
    const known = this.bins.ids();
    const issues: Issue[] = [];
    body.forEach((item: unknown, i) => {
      const binId = (item as { binId?: unknown } | null)?.binId;
      if (typeof binId === 'string' && binId !== '' && !known.has(binId)) {
        issues.push({ path: `[${i}].binId`, message: `unknown bin '${binId}'`, code: 'unknown_bin' });
      }
    });
    return issues;
  }

  /**
   * Inserts a validated batch in one transaction. Instants are normalised to UTC
   * (`toISOString()`), so the same instant written with another offset is a duplicate.
   * @throws InvalidInputError when a bin is unknown (nothing is written).
   */
  insert(batch: readonly ReadingInput[]): ReadingBatchResult {
    const unknown = this.unknownBinIssues(batch);
    if (unknown.length > 0) throw new InvalidInputError(unknown);
    const result = this.db.transaction(() =>
      this.readings.insert(batch.map((r) => ({ binId: r.binId, measuredAt: new Date(r.measuredAt).toISOString(), fillPercent: r.fillPercent }))),
    )();
    if (result.inserted > 0) this.forecast.invalidate();
    return result;
  }
}
