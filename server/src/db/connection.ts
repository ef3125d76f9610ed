/**
 * SQLite connection and versioned migrations.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens (creating if needed) a database with WAL journaling and foreign keys on, then applies
 * pending migrations. `:memory:` gives a private in-memory database (tests). With
 * `autoCheckpoint: false` the connection never checkpoints the WAL itself: run a checkpointer.
 * @throws when a migration fails (the failing migration is rolled back).
 */
export function openDb(path: string, options: { autoCheckpoint?: boolean } = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  // the server checkpoints on another thread (checkpointer.ts): commits then never wait for one
  if (path !== ':memory:' && options.autoCheckpoint === false) db.pragma('wal_autocheckpoint = 0');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  // savepoints' statement journals (one per write in a group commit) in memory, not temp files
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}

/**
 * Applies every `migrations/NNN-name.sql` whose version is not yet in `schema_migrations`, in
 * version order, each in its own transaction together with its bookkeeping row. A migration whose
 * first line is `-- migrate: foreign_keys=off` runs with foreign keys off (to rebuild a parent
 * table) and must leave `PRAGMA foreign_key_check` empty.
 * @returns the versions applied now.
 */
export function migrate(db: Db): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}-.+\.sql$/.test(f))
    .sort();
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (done.has(version)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    // A table rebuild of a parent table (SQLite's 12-step ALTER) needs foreign keys off around
    // the transaction (the pragma is a no-op inside one); the keys are checked before commit.
    const fkOff = /^-- migrate: foreign_keys=off\s*$/m.test(sql.split('\n')[0] ?? '');
    const fkWasOn = db.pragma('foreign_keys', { simple: true }) === 1;
    if (fkOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(sql);
        if (fkOff) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${file} leaves ${broken.length} foreign-key violation(s)`);
        }
        record.run(version, file, new Date().toISOString());
      })();
    } finally {
      if (fkOff && fkWasOn) db.pragma('foreign_keys = ON');
    }
    applied.push(version);
  }
  return applied;
}
