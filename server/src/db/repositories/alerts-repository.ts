/** All SQL about sensor alerts (table `alerts`, migration 002). */
import type { Db } from '../connection.js';

/** An alert row; instants are normalised ISO UTC strings. */
export interface AlertRow {
  binId: string;
  raisedAt: string;
  status: string;
  source: string;
  receivedAt: string;
}

/** Prepared statements over `alerts`. */
export class AlertsRepository {
  private readonly insertStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO alerts (bin_id, raised_at, status, source, received_at) VALUES (?, ?, ?, ?, ?)');
    this.listStmt = db.prepare(
      `SELECT bin_id AS binId, raised_at AS raisedAt, status, source, received_at AS receivedAt
       FROM alerts WHERE raised_at >= ? ORDER BY raised_at DESC, bin_id LIMIT ?`,
    );
  }

  /**
   * Inserts alerts, ignoring exact repeats of `(binId, raisedAt, status)`. Not transactional by itself.
   * @returns how many were new.
   */
  insert(rows: Iterable<AlertRow>): number {
    let n = 0;
    for (const r of rows) n += this.insertStmt.run(r.binId, r.raisedAt, r.status, r.source, r.receivedAt).changes;
    return n;
  }

  /** Alerts raised at or after `sinceIso`, newest first, at most `limit`. */
  list(sinceIso: string, limit: number): AlertRow[] {
    return this.listStmt.all(sinceIso, limit) as AlertRow[];
  }
}
