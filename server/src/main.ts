/**
 * Entry point: `PORT` (default 3000), `DB_PATH` (default `var/collecte.sqlite`), `HOST`
 * (default 127.0.0.1). Boots and prints the URL.
 */
import { boot } from './boot.js';

const port = Number(process.env.PORT ?? 3000);
const dbPath = process.env.DB_PATH ?? 'var/collecte.sqlite';
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`[boot] failed: PORT must be an integer from 0 to 65535, got '${process.env.PORT}'\n`);
  process.exit(2);
}
if (dbPath.trim() === '') {
  process.stderr.write(`[boot] failed: DB_PATH must not be empty\n`);
  process.exit(2);
}

boot({ dbPath, port, ...(process.env.HOST ? { host: process.env.HOST } : {}) })
  .then(({ url }) => {
    process.stdout.write(`collecte listening on ${url}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`[boot] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
