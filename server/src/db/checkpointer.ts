/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses 1,000 WAL pages, on the thread that commits (here the server's event loop) and with an
 * fsync: under a stream of readings it was half of the ingest's time (bench:server, profile of
 * 2026-12-03). The server turns it off on its own connection (`openDb(path, {autoCheckpoint:
 * false})`) and this worker thread, with a connection of its own, runs a PASSIVE checkpoint every
 * {@link CHECKPOINT_EVERY_MS} (it never blocks writers or readers), then a TRUNCATE one when it
 * stops.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** How often the WAL is checkpointed, ms. */
export const CHECKPOINT_EVERY_MS = 500;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 2000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch (err) { /* the next start checkpoints */ }
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

/** A running checkpointer. */
export interface Checkpointer {
  /** Checkpoints once more (TRUNCATE) and stops. */
  stop(): Promise<void>;
}

/** Starts the checkpointer of the database file at `path` (WAL mode). */
export function startCheckpointer(path: string, log: (line: string) => void = () => {}): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { path, everyMs: CHECKPOINT_EVERY_MS, driver: require.resolve('better-sqlite3') } });
  worker.unref();
  let lastError = '';
  worker.on('message', (m: { error?: string }) => {
    if (m.error && m.error !== lastError) log(`[db] checkpoint failed: ${m.error}`);
    lastError = m.error ?? '';
  });
  worker.on('error', (err) => log(`[db] the checkpointer stopped: ${err.message}`));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', () => void worker.terminate());
        worker.postMessage('stop');
      }),
  };
}
