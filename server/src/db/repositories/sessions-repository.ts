/** All SQL about sign-in sessions (the cookie's token is stored as its SHA-256 only). */
import type { Db } from '../connection.js';

export interface SessionRow {
  tokenHash: string;
  userId: string;
  spaceId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

const COLUMNS = `token_hash AS tokenHash, user_id AS userId, space_id AS spaceId, csrf_token AS csrfToken,
  created_at AS createdAt, last_seen_at AS lastSeenAt, expires_at AS expiresAt`;

/** Prepared statements over `sessions`. */
export class SessionsRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO sessions (token_hash, user_id, space_id, csrf_token, created_at, last_seen_at, expires_at)
         VALUES (@tokenHash, @userId, @spaceId, @csrfToken, @createdAt, @lastSeenAt, @expiresAt)`,
      ),
      get: db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = ?`),
      touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
      setSpace: db.prepare('UPDATE sessions SET space_id = ? WHERE token_hash = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteUserOthers: db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?'),
      deleteUserSpace: db.prepare('DELETE FROM sessions WHERE user_id = ? AND space_id = ?'),
      purge: db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?'),
    };
  }

  insert(row: SessionRow): void {
    this.s.insert.run(row);
  }

  get(tokenHash: string): SessionRow | undefined {
    return this.s.get.get(tokenHash) as SessionRow | undefined;
  }

  touch(tokenHash: string, at: string): void {
    this.s.touch.run(at, tokenHash);
  }

  setSpace(tokenHash: string, spaceId: string): void {
    this.s.setSpace.run(spaceId, tokenHash);
  }

  delete(tokenHash: string): void {
    this.s.delete.run(tokenHash);
  }

  /** Ends every other session of a user (after a password change). */
  deleteOthers(userId: string, keepTokenHash: string): number {
    return this.s.deleteUserOthers.run(userId, keepTokenHash).changes;
  }

  /** Ends a user's sessions working in a space (after the membership there is removed). */
  deleteInSpace(userId: string, spaceId: string): number {
    return this.s.deleteUserSpace.run(userId, spaceId).changes;
  }

  /** Deletes sessions expired at `nowIso` or idle since before `idleBeforeIso`. */
  purge(nowIso: string, idleBeforeIso: string): number {
    return this.s.purge.run(nowIso, idleBeforeIso).changes;
  }
}
