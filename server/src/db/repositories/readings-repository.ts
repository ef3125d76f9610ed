/** All SQL about the sensor readings of one space (a reading belongs to its bin's space). */
import type { Db } from '../connection.js';

/** A reading row; `measuredAt` is a normalised ISO UTC instant (`toISOString()` form). */
export interface ReadingRow {
  binId: string;
  measuredAt: string;
  fillPercent: number;
}

/** Latest reading of a bin. */
export interface LatestReading {
  binId: string;
  measuredAt: string;
  fillPercent: number;
}

/** What {@link ReadingsRepository.insert} did with each row. */
export interface InsertOutcome {
  inserted: number;
  /** Rows already stored with the same fill (an idempotent retry). */
  duplicates: number;
  /** Rows whose bin and instant are stored with another fill: the stored value is kept. */
  conflicts: { row: number; storedFillPercent: number }[];
}

/** Two fills closer than this are the same reading (floating-point noise of unit conversions). */
const SAME_FILL_EPSILON = 1e-6;

/** Prepared statements over the `readings` (and `bin_latest`, kept by a trigger) of the bins of space `spaceId`. */
export class ReadingsRepository {
  private readonly insertStmt;
  private readonly foreignStmt;
  private readonly storedStmt;
  private readonly latestStmt;
  private readonly binWindowStmt;
  private readonly windowStmt;
  private readonly countStmt;
  private readonly checksumStmt;

  constructor(
    db: Db,
    readonly spaceId: string,
  ) {
    const inSpace = 'bin_id IN (SELECT id FROM bins WHERE space_id = @space)';
    // Plain positional insert: the space check is one statement per batch (`foreignStmt`), not a
    // subquery per row (bench:server, 2026-12-03: the per-row EXISTS with named parameters cost
    // about a third of the insert).
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO readings (bin_id, measured_at, fill_percent) VALUES (?, ?, ?)');
    this.foreignStmt = db.prepare('SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM bins WHERE space_id = ?) LIMIT 1').pluck();
    this.storedStmt = db.prepare(`SELECT fill_percent FROM readings WHERE bin_id = @bin AND measured_at = @at AND ${inSpace}`).pluck();
    this.latestStmt = db.prepare(`SELECT bin_id AS binId, measured_at AS measuredAt, fill_percent AS fillPercent FROM bin_latest WHERE ${inSpace}`);
    this.binWindowStmt = db
      .prepare(`SELECT measured_at, fill_percent FROM readings WHERE bin_id = @bin AND measured_at > @from AND measured_at <= @to AND ${inSpace} ORDER BY measured_at`)
      .raw();
    this.windowStmt = db.prepare(
      `SELECT bin_id AS binId, measured_at AS measuredAt, fill_percent AS fillPercent
       FROM readings WHERE measured_at > @from AND measured_at <= @to AND ${inSpace} ORDER BY bin_id, measured_at`,
    );
    this.countStmt = db.prepare(`SELECT COUNT(*) FROM readings WHERE ${inSpace}`).pluck();
    this.checksumStmt = db
      .prepare(
        `SELECT COUNT(*) || ':' || COALESCE(SUM(length(bin_id) * 7 + length(measured_at) * 13 + fill_percent * 1000003), 0)
           || ':' || COALESCE(group_concat(bin_id || '@' || measured_at || '=' || fill_percent, ';'), '')
         FROM (SELECT * FROM readings WHERE ${inSpace} ORDER BY bin_id, measured_at)`,
      )
      .pluck();
  }

  /**
   * Inserts readings. A row whose `(binId, measuredAt)` is already stored is not written: with the
   * same fill it is a duplicate (an idempotent retry), with another fill a conflict (reported with
   * the stored value, which is kept). Not transactional by itself: wrap it in `db.transaction`.
   * @returns the counts, and each conflict with its row's position in `rows`.
   * @throws on a CHECK failure, or a bin that is not of this space (callers check bins first;
   *   checked here for the whole batch before anything is written).
   */
  insert(rows: Iterable<ReadingRow>): InsertOutcome {
    const list = Array.isArray(rows) ? (rows as readonly ReadingRow[]) : [...rows];
    const foreign = this.foreignStmt.get(JSON.stringify([...new Set(list.map((r) => r.binId))]), this.spaceId) as string | undefined;
    if (foreign !== undefined) throw new Error(`bin '${foreign}' is not a bin of space '${this.spaceId}'`);
    const out: InsertOutcome = { inserted: 0, duplicates: 0, conflicts: [] };
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (this.insertStmt.run(r.binId, r.measuredAt, r.fillPercent).changes === 1) out.inserted++;
      else {
        const stored = this.storedStmt.get({ bin: r.binId, at: r.measuredAt, space: this.spaceId }) as number | undefined;
        if (stored === undefined) throw new Error(`bin '${r.binId}' is not a bin of space '${this.spaceId}'`);
        if (Math.abs(stored - r.fillPercent) <= SAME_FILL_EPSILON) out.duplicates++;
        else out.conflicts.push({ row: i, storedFillPercent: stored });
      }
    }
    return out;
  }

  /** The latest reading of every bin that has one (from `bin_latest`: no scan of the history). */
  latest(): LatestReading[] {
    return this.latestStmt.all({ space: this.spaceId }) as LatestReading[];
  }

  /**
   * One bin's readings with `fromExclusive < measuredAt <= toInclusive`, oldest first, as
   * `[measuredAt, fillPercent]` pairs (a primary-key range: cost grows with the window, not the history).
   */
  binWindow(binId: string, fromExclusive: string, toInclusive: string): [string, number][] {
    return this.binWindowStmt.all({ bin: binId, from: fromExclusive, to: toInclusive, space: this.spaceId }) as [string, number][];
  }

  /** Readings with `fromExclusive < measuredAt <= toInclusive` (ISO strings), ordered by bin then time. */
  window(fromExclusive: string, toInclusive: string): ReadingRow[] {
    return this.windowStmt.all({ from: fromExclusive, to: toInclusive, space: this.spaceId }) as ReadingRow[];
  }

  count(): number {
    return this.countStmt.get({ space: this.spaceId }) as number;
  }

  /** A content fingerprint of the whole table (count, weighted sum, every row), for tests. */
  checksum(): string {
    return this.checksumStmt.get({ space: this.spaceId }) as string;
  }
}
