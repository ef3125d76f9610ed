/** All SQL about machine tokens of one space (stored as SHA-256; the secret is shown once). */
import type { Db } from '../connection.js';

export interface TokenRow {
  id: string;
  spaceId: string;
  name: string;
  scopes: string[];
  tokenHash: string;
  prefix: string;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const COLUMNS = `id, space_id AS spaceId, name, scopes, token_hash AS tokenHash, prefix, created_by AS createdBy,
  created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt`;

type Raw = Omit<TokenRow, 'scopes'> & { scopes: string };
const fix = (r: Raw): TokenRow => ({ ...r, scopes: JSON.parse(r.scopes) as string[] });

/** Prepared statements over `api_tokens`. `byHash` is platform-wide (a token names its space). */
export class TokensRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO api_tokens (id, space_id, name, scopes, token_hash, prefix, created_by, created_at)
         VALUES (@id, @spaceId, @name, @scopes, @tokenHash, @prefix, @createdBy, @createdAt)`,
      ),
      byHash: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE space_id = ? ORDER BY created_at DESC, id`),
      get: db.prepare(`SELECT ${COLUMNS} FROM api_tokens WHERE space_id = ? AND id = ?`),
      revoke: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE space_id = ? AND id = ? AND revoked_at IS NULL'),
      used: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    };
  }

  insert(row: Omit<TokenRow, 'lastUsedAt' | 'revokedAt'>): void {
    this.s.insert.run({ ...row, scopes: JSON.stringify(row.scopes) });
  }

  byHash(tokenHash: string): TokenRow | undefined {
    const r = this.s.byHash.get(tokenHash) as Raw | undefined;
    return r && fix(r);
  }

  list(spaceId: string): TokenRow[] {
    return (this.s.list.all(spaceId) as Raw[]).map(fix);
  }

  get(spaceId: string, id: string): TokenRow | undefined {
    const r = this.s.get.get(spaceId, id) as Raw | undefined;
    return r && fix(r);
  }

  /** @returns whether a live token of that space was revoked now. */
  revoke(spaceId: string, id: string, at: string): boolean {
    return this.s.revoke.run(at, spaceId, id).changes > 0;
  }

  used(id: string, at: string): void {
    this.s.used.run(at, id);
  }
}
