/** All SQL about sensor readings. */
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

/** Prepared statements over `readings`. */
export class ReadingsRepository {
  private readonly insertStmt;
  private readonly latestStmt;
  private readonly windowStmt;
  private readonly countStmt;
  private readonly checksumStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO readings (bin_id, measured_at, fill_percent) VALUES (?, ?, ?)');
    this.latestStmt = db.prepare(
      `SELECT r.bin_id AS binId, r.measured_at AS measuredAt, r.fill_percent AS fillPercent
       FROM readings r
       JOIN (SELECT bin_id, MAX(measured_at) AS m FROM readings GROUP BY bin_id) last
         ON last.bin_id = r.bin_id AND last.m = r.measured_at`,
    );
    this.windowStmt = db.prepare(
      `SELECT bin_id AS binId, measured_at AS measuredAt, fill_percent AS fillPercent
       FROM readings WHERE measured_at > ? AND measured_at <= ? ORDER BY bin_id, measured_at`,
    );
    this.countStmt = db.prepare('SELECT COUNT(*) FROM readings').pluck();
    this.checksumStmt = db
      .prepare(
        `SELECT COUNT(*) || ':' || COALESCE(SUM(length(bin_id) * 7 + length(measured_at) * 13 + fill_percent * 1000003), 0)
           || ':' || COALESCE(group_concat(bin_id || '@' || measured_at || '=' || fill_percent, ';'), '')
         FROM (SELECT * FROM readings ORDER BY bin_id, measured_at)`,
      )
      .pluck();
  }

  /**
   * Inserts readings, ignoring rows whose `(binId, measuredAt)` already exists.
   * Not transactional by itself: wrap it in `db.transaction` for all-or-nothing.
   * @returns how many rows were inserted and how many were duplicates.
   * @throws on a foreign-key or CHECK failure.
   */
  insert(rows: Iterable<ReadingRow>): { inserted: number; duplicates: number } {
    let inserted = 0;
    let duplicates = 0;
    for (const r of rows) {
      if (this.insertStmt.run(r.binId, r.measuredAt, r.fillPercent).changes === 1) inserted++;
      else duplicates++;
    }
    return { inserted, duplicates };
  }

  /** The latest reading of every bin that has one. */
  latest(): LatestReading[] {
    return this.latestStmt.all() as LatestReading[];
  }

  /** Readings with `fromExclusive < measuredAt <= toInclusive` (ISO strings), ordered by bin then time. */
  window(fromExclusive: string, toInclusive: string): ReadingRow[] {
    return this.windowStmt.all(fromExclusive, toInclusive) as ReadingRow[];
  }

  count(): number {
    return this.countStmt.get() as number;
  }

  /** A content fingerprint of the whole table (count, weighted sum, every row), for tests. */
  checksum(): string {
    return this.checksumStmt.get() as string;
  }
}
