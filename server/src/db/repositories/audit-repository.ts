/** All SQL about the audit trail. */
import type { Db } from '../connection.js';

export interface AuditRow {
  at: string;
  spaceId: string | null;
  actorKind: 'user' | 'token' | 'system' | 'anonymous';
  actorId: string | null;
  actorName: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** Prepared statements over `audit`. */
export class AuditRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO audit (at, space_id, actor_kind, actor_id, actor_name, action, target, detail)
         VALUES (@at, @spaceId, @actorKind, @actorId, @actorName, @action, @target, @detail)`,
      ),
      list: db.prepare(
        `SELECT at, space_id AS spaceId, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, target, detail
         FROM audit WHERE space_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ?`,
      ),
      purge: db.prepare('DELETE FROM audit WHERE at < ?'),
    };
  }

  insert(row: AuditRow): void {
    this.s.insert.run({ ...row, detail: row.detail === null ? null : JSON.stringify(row.detail) });
  }

  /** A space's events at or after `sinceIso`, newest first. */
  list(spaceId: string, sinceIso: string, limit: number): AuditRow[] {
    return (this.s.list.all(spaceId, sinceIso, limit) as (Omit<AuditRow, 'detail'> & { detail: string | null })[]).map((r) => ({
      ...r,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    }));
  }

  /** Deletes events older than `beforeIso`. @returns how many. */
  purge(beforeIso: string): number {
    return this.s.purge.run(beforeIso).changes;
  }
}
