/**
 * All SQL about the citizens' reports of one space (issue #16). The reporter's e-mail and photo are
 * personal data: closing a report (rejected, or done once its bin has been collected) erases the
 * e-mail and deletes the photo in one transaction (a CHECK in the schema refuses a closed report
 * that keeps either).
 */
import type { CitizenReportKind, CitizenReportStatus } from '../../../contract/citizens.js';
import type { Db } from '../connection.js';
import type { BinRow } from './bins-repository.js';

/** A `citizen_reports` row. */
export interface CitizenReportRow {
  id: string;
  binId: string;
  kind: CitizenReportKind;
  comment: string | null;
  email: string | null;
  hasPhoto: boolean;
  status: CitizenReportStatus;
  createdAt: string;
  moderatedAt: string | null;
  moderatedBy: string | null;
  closedAt: string | null;
  /** The bin's stream and container (from `bins`). */
  stream: BinRow['stream'];
  container: string;
}

/** A new report, with its photo (metadata already stripped) or none. */
export interface NewCitizenReport {
  id: string;
  binId: string;
  kind: CitizenReportKind;
  comment: string | null;
  email: string | null;
  photo: { type: string; bytes: Buffer } | null;
  createdAt: string;
}

const COLUMNS = `id, bin_id AS binId, kind, comment, email, has_photo AS hasPhoto, status, created_at AS createdAt,
  moderated_at AS moderatedAt, moderated_by AS moderatedBy, closed_at AS closedAt,
  (SELECT stream FROM bins WHERE bins.id = bin_id) AS stream, (SELECT container FROM bins WHERE bins.id = bin_id) AS container`;

type RawRow = Omit<CitizenReportRow, 'hasPhoto'> & { hasPhoto: number };
const toRow = (r: RawRow): CitizenReportRow => ({ ...r, hasPhoto: r.hasPhoto === 1 });

/** Prepared statements over `citizen_reports` and `citizen_report_photos` of space `spaceId`. */
export class CitizenReportsRepository {
  private readonly s;

  constructor(
    private readonly db: Db,
    readonly spaceId: string,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO citizen_reports (id, space_id, bin_id, kind, comment, email, has_photo, status, created_at)
         SELECT @id, @space, @binId, @kind, @comment, @email, @hasPhoto, 'pending', @createdAt
         WHERE EXISTS (SELECT 1 FROM bins WHERE id = @binId AND space_id = @space AND retired_at IS NULL)`,
      ),
      insertPhoto: db.prepare('INSERT INTO citizen_report_photos (report_id, type, bytes) VALUES (?, ?, ?)'),
      get: db.prepare(`SELECT ${COLUMNS} FROM citizen_reports WHERE id = ? AND space_id = ?`),
      list: db.prepare(
        `SELECT ${COLUMNS} FROM citizen_reports WHERE space_id = @space AND status IN (SELECT value FROM json_each(@statuses))
         ORDER BY created_at DESC, id LIMIT @limit`,
      ),
      counts: db.prepare('SELECT status, COUNT(*) AS n FROM citizen_reports WHERE space_id = ? GROUP BY status'),
      accept: db.prepare(
        `UPDATE citizen_reports SET status = 'accepted', moderated_at = @at, moderated_by = @by WHERE id = @id AND space_id = @space AND status = 'pending'`,
      ),
      close: db.prepare(
        `UPDATE citizen_reports SET status = @status, email = NULL, has_photo = 0, closed_at = @at,
           moderated_at = COALESCE(moderated_at, @at), moderated_by = COALESCE(moderated_by, @by)
         WHERE id = @id AND space_id = @space AND status IN ('pending', 'accepted')`,
      ),
      deletePhoto: db.prepare('DELETE FROM citizen_report_photos WHERE report_id IN (SELECT id FROM citizen_reports WHERE id = ? AND space_id = ?)'),
      photo: db.prepare(
        `SELECT p.type, p.bytes FROM citizen_report_photos p JOIN citizen_reports r ON r.id = p.report_id
         WHERE p.report_id = ? AND r.space_id = ? AND r.status IN ('pending', 'accepted')`,
      ),
      accepted: db.prepare(`SELECT ${COLUMNS} FROM citizen_reports WHERE space_id = ? AND status = 'accepted' ORDER BY moderated_at, id`),
      // an accepted report whose bin was collected after it was made: the current driver's report
      // of a step (no later report of the same step) says `collected`, or the stop was marked done
      collected: db.prepare(
        `SELECT r.id FROM citizen_reports r WHERE r.space_id = @space AND r.status = 'accepted' AND (
           EXISTS (SELECT 1 FROM driver_reports d WHERE d.space_id = r.space_id AND d.bin_id = r.bin_id AND d.outcome = 'collected' AND d.at > r.created_at
                   AND NOT EXISTS (SELECT 1 FROM driver_reports l WHERE l.plan_id = d.plan_id AND l.route_id = d.route_id AND l.step_idx = d.step_idx
                                   AND (l.at > d.at OR (l.at = d.at AND l.received_at > d.received_at))))
           OR EXISTS (SELECT 1 FROM plan_done_stops s JOIN plans p ON p.id = s.plan_id
                      WHERE p.space_id = r.space_id AND s.bin_id = r.bin_id AND s.done_at > r.created_at))`,
      ),
    };
  }

  /**
   * Stores a new pending report and its photo in one transaction.
   * @returns false when the bin is not an active bin of this space (nothing stored).
   */
  insert(r: NewCitizenReport): boolean {
    return this.db.transaction(() => {
      const changes = this.s.insert.run({
        id: r.id,
        space: this.spaceId,
        binId: r.binId,
        kind: r.kind,
        comment: r.comment,
        email: r.email,
        hasPhoto: r.photo ? 1 : 0,
        createdAt: r.createdAt,
      }).changes;
      if (changes !== 1) return false;
      if (r.photo) this.s.insertPhoto.run(r.id, r.photo.type, r.photo.bytes);
      return true;
    })();
  }

  get(id: string): CitizenReportRow | undefined {
    const r = this.s.get.get(id, this.spaceId) as RawRow | undefined;
    return r ? toRow(r) : undefined;
  }

  /** Reports in the given statuses, newest first. */
  list(statuses: readonly CitizenReportStatus[], limit: number): CitizenReportRow[] {
    return (this.s.list.all({ space: this.spaceId, statuses: JSON.stringify(statuses), limit }) as RawRow[]).map(toRow);
  }

  /** How many reports are in each status. */
  counts(): Record<CitizenReportStatus, number> {
    const out: Record<CitizenReportStatus, number> = { pending: 0, accepted: 0, rejected: 0, done: 0 };
    for (const r of this.s.counts.all(this.spaceId) as { status: CitizenReportStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }

  /** Accepts a pending report. @returns false when it is not pending. */
  accept(id: string, by: string, at: string): boolean {
    return this.s.accept.run({ id, by, at, space: this.spaceId }).changes === 1;
  }

  /**
   * Closes an open report as `rejected` or `done`: e-mail erased, photo deleted, in one transaction.
   * @returns false when it was not open.
   */
  close(id: string, status: 'rejected' | 'done', by: string | null, at: string): boolean {
    return this.db.transaction(() => {
      if (this.s.close.run({ id, status, by, at, space: this.spaceId }).changes !== 1) return false;
      this.s.deletePhoto.run(id, this.spaceId);
      return true;
    })();
  }

  /** The photo of an open report, or undefined. */
  photo(id: string): { type: string; bytes: Buffer } | undefined {
    return this.s.photo.get(id, this.spaceId) as { type: string; bytes: Buffer } | undefined;
  }

  /** Accepted reports (still open): their bins are `must` in the next plans. */
  accepted(): CitizenReportRow[] {
    return (this.s.accepted.all(this.spaceId) as RawRow[]).map(toRow);
  }

  /** Ids of the accepted reports whose bin has been collected since the report was made. */
  collected(): string[] {
    return (this.s.collected.all({ space: this.spaceId }) as { id: string }[]).map((r) => r.id);
  }
}
