/**
 * The audit trail: who did what and when (logins and failed logins, imports, plans started and
 * cancelled, password changes, people and tokens created, changed or revoked). Readable by a
 * space's admins; events older than the retention are deleted by a daily purge.
 */
import type { Db } from '../db/connection.js';
import { AuditRepository, type AuditRow } from '../db/repositories/audit-repository.js';
import { actorName, type Principal } from './principal.js';

/** Default retention of audit events, days (a year and a month: a full year can be reviewed). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;

/** Records and reads audit events. */
export class AuditLog {
  private readonly repo: AuditRepository;

  constructor(
    db: Db,
    private readonly now: () => Date,
    readonly retentionDays: number = DEFAULT_AUDIT_RETENTION_DAYS,
  ) {
    this.repo = new AuditRepository(db);
  }

  /** Records that `actor` did `action` (in `spaceId`, on `target`). */
  record(actor: Principal | { kind: 'system' }, spaceId: string | null, action: string, target: string | null = null, detail: Record<string, unknown> | null = null): void {
    const row: AuditRow = {
      at: this.now().toISOString(),
      spaceId,
      actorKind: actor.kind,
      actorId: actor.kind === 'user' ? actor.userId : actor.kind === 'token' ? actor.tokenId : null,
      actorName: actor.kind === 'system' ? 'system' : actorName(actor),
      action,
      target,
      detail,
    };
    this.repo.insert(row);
  }

  /** Records a failed login (no principal yet: the attempted username is the actor name). */
  failedLogin(username: string, ip: string, reason: string): void {
    this.repo.insert({ at: this.now().toISOString(), spaceId: null, actorKind: 'anonymous', actorId: null, actorName: username.slice(0, 64), action: 'login.failed', target: null, detail: { ip, reason } });
  }

  list(spaceId: string, sinceIso: string, limit: number): AuditRow[] {
    return this.repo.list(spaceId, sinceIso, limit);
  }

  /** Deletes events older than the retention. @returns how many. */
  purge(): number {
    return this.repo.purge(new Date(this.now().getTime() - this.retentionDays * 86_400_000).toISOString());
  }
}
