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

/** Prepared statements over the `alerts` of space `spaceId` (an alert for a bin of another space is not written). */
export class AlertsRepository {
  private readonly insertStmt;
  private readonly listStmt;

  constructor(
    db: Db,
    readonly spaceId: string,
  ) {
    this.insertStmt = db.prepare('INSERT OR IGNORE INTO alerts (bin_id, space_id, raised_at, status, source, received_at) SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM bins WHERE id = ? AND space_id = ?)');
    this.listStmt = db.prepare(
      `SELECT bin_id AS binId, raised_at AS raisedAt, status, source, received_at AS receivedAt
       FROM alerts WHERE space_id = ? AND raised_at >= ? ORDER BY raised_at DESC, bin_id LIMIT ?`,
    );
  }

  /**
   * Inserts alerts, ignoring exact repeats of `(binId, raisedAt, status)`. Not transactional by itself.
   * @returns how many were new.
   */
  insert(rows: Iterable<AlertRow>): number {
    let n = 0;
    for (const r of rows) n += this.insertStmt.run(r.binId, this.spaceId, r.raisedAt, r.status, r.source, r.receivedAt, r.binId, this.spaceId).changes;
    return n;
  }

  /** Alerts raised at or after `sinceIso`, newest first, at most `limit`. */
  list(sinceIso: string, limit: number): AlertRow[] {
    return this.listStmt.all(this.spaceId, sinceIso, limit) as AlertRow[];
  }
}
