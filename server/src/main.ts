/**
 * Entry point of `npm start`: a small supervisor (Node's cluster primary) that runs the server in
 * one child process and starts a new one whenever it dies (a crash, an out-of-memory kill, a
 * `kill -9`), with a backoff when it keeps dying at start. Set `SUPERVISE=0` to run the server in
 * this process only.
 *
 * The supervisor opens the listening socket and hands the server process many descriptors of it
 * (http/listening-socket.ts): Node accepts one connection per descriptor per event-loop turn, so a
 * busy server with one descriptor took seconds to accept a burst of new connections. A bare server
 * (`SUPERVISE=0`) listens on one descriptor and keeps that one-per-turn pace.
 *
 * Settings from the environment: `PORT` (default 3000), `DB_PATH` (default `var/collecte.sqlite`),
 * `HOST` (default 127.0.0.1), `ALLOWED_HOSTS` (comma-separated host names the server answers for,
 * besides the loopback names and `HOST`), `DEMO_PASSWORD` (every demo user's password; otherwise
 * random ones are made at each start and printed), `DEMO_USERS=0` (no demo users),
 * `SECURE_COOKIES=1` (behind HTTPS), `LOG_LEVEL` (request log, default info),
 * `AUDIT_RETENTION_DAYS` (default 400), `POSITION_RETENTION_DAYS` (trucks' positions, default 61).
 */
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { DemoLogin } from './auth/demo-users.js';
import { boot, type Booted } from './boot.js';
import { LOOPBACK_HOSTS } from './http/host-allow-list.js';
import { handOverListeningSocket, listenOnHandedSocket, type ListenReply, type ListenRequest } from './http/listening-socket.js';

/** Restart delays after a crash, ms: doubled while the server keeps dying within a minute of starting. */
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
/** How long a stopping server may take to finish before it is killed, ms. */
const STOP_GRACE_MS = 15_000;

/** Messages the server process sends to the supervisor. */
type ServerMessage = { type: 'ready'; url: string; logins: DemoLogin[] } | ListenRequest;

/** Where to log in and with what, for the person who ran the start command. */
function loginsText(url: string, logins: readonly DemoLogin[], fixed: boolean): string {
  if (logins.length === 0) return '';
  const width = Math.max(...logins.map((l) => l.username.length));
  const lines = logins.map((l) => `  ${l.username.padEnd(width)}  ${l.password}`);
  const note = fixed ? 'the password is DEMO_PASSWORD' : 'new passwords at each start; set DEMO_PASSWORD to choose one';
  return `Log in at ${url} as one of the demo users (${note}):\n${lines.join('\n')}\n`;
}

const err = (line: string): void => void process.stderr.write(`${line}\n`);

function settings(): {
  port: number;
  dbPath: string;
  host?: string;
  allowedHosts: string[];
  auditRetentionDays?: number;
  positionRetentionDays?: number;
} {
  const port = Number(process.env.PORT ?? 3000);
  const dbPath = process.env.DB_PATH ?? 'var/collecte.sqlite';
  const problems: string[] = [];
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push(`PORT must be an integer from 0 to 65535, got '${process.env.PORT}'`);
  if (dbPath.trim() === '') problems.push('DB_PATH must not be empty');
  const retention = process.env.AUDIT_RETENTION_DAYS === undefined ? undefined : Number(process.env.AUDIT_RETENTION_DAYS);
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 1)) problems.push(`AUDIT_RETENTION_DAYS must be a whole number of days >= 1, got '${process.env.AUDIT_RETENTION_DAYS}'`);
  const positions = process.env.POSITION_RETENTION_DAYS === undefined ? undefined : Number(process.env.POSITION_RETENTION_DAYS);
  if (positions !== undefined && !(Number.isInteger(positions) && positions >= 1)) problems.push(`POSITION_RETENTION_DAYS must be a whole number of days >= 1, got '${process.env.POSITION_RETENTION_DAYS}'`);
  if (process.env.DEMO_PASSWORD !== undefined && process.env.DEMO_PASSWORD.length < 10) problems.push('DEMO_PASSWORD must be at least 10 characters');
  if (problems.length > 0) {
    err(`[boot] failed: ${problems.join('; ')}`);
    process.exit(2);
  }
  const host = process.env.HOST?.trim() || undefined;
  const extra = (process.env.ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const allowedHosts = [...LOOPBACK_HOSTS, ...(host && host !== '0.0.0.0' && host !== '::' ? [host] : []), ...extra];
  if ((host === '0.0.0.0' || host === '::') && extra.length === 0) {
    err(`[boot] HOST=${host} listens on every interface, but only loopback names are allowed: set ALLOWED_HOSTS to the names clients use`);
  }
  return { port, dbPath, ...(host ? { host } : {}), allowedHosts, ...(retention !== undefined ? { auditRetentionDays: retention } : {}), ...(positions !== undefined ? { positionRetentionDays: positions } : {}) };
}

/** The server process: boots, reports readiness, stops cleanly on SIGTERM/SIGINT. */
async function serve(): Promise<void> {
  const s = settings();
  process.on('uncaughtException', (e) => {
    err(`[fatal] uncaught exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  });
  process.on('unhandledRejection', (e) => {
    err(`[fatal] unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  });
  let booted: Booted;
  try {
    booted = await boot({
      dbPath: s.dbPath,
      port: s.port,
      ...(s.host ? { host: s.host } : {}),
      ...(cluster.isWorker ? { listen: listenOnHandedSocket } : {}),
      demoUsers: process.env.DEMO_USERS !== '0',
      ...(process.env.DEMO_PASSWORD ? { demoPassword: process.env.DEMO_PASSWORD } : {}),
      demoSecret: process.env.COLLECTE_DEMO_SECRET ?? randomBytes(16).toString('hex'),
      config: {
        allowedHosts: s.allowedHosts,
        secureCookies: process.env.SECURE_COOKIES === '1',
        ...(process.env.LOG_LEVEL ? { logLevel: process.env.LOG_LEVEL } : {}),
        ...(s.auditRetentionDays !== undefined ? { auditRetentionDays: s.auditRetentionDays } : {}),
        ...(s.positionRetentionDays !== undefined ? { positionRetentionDays: s.positionRetentionDays } : {}),
      },
    });
  } catch (e) {
    err(`[boot] failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  if (process.send) process.send({ type: 'ready', url: booted.url, logins: booted.demoLogins } satisfies ServerMessage);
  else process.stdout.write(`collecte listening on ${booted.url}\n${loginsText(booted.url, booted.demoLogins, !!process.env.DEMO_PASSWORD)}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    booted.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The supervisor (see the file comment). */
function supervise(): void {
  const s = settings(); // refuses bad settings before starting anything
  // one secret for the whole run: a server process restarted after a crash keeps the demo passwords
  process.env.COLLECTE_DEMO_SECRET ??= randomBytes(16).toString('hex');
  // the port of the first server process (the one the system chose when PORT is 0): a server
  // process started again after a crash listens where the first did
  let port = s.port;
  let announced = false;
  let shuttingDown = false;
  let backoff = FIRST_BACKOFF_MS;
  let startedAt = 0;
  const start = (): void => {
    startedAt = Date.now();
    const child = cluster.fork();
    child.on('message', (m: ServerMessage) => {
      if (m?.type === 'listen') {
        handOverListeningSocket(child, port, s.host ?? '127.0.0.1').then(
          (bound) => {
            port = bound;
          },
          (e: unknown) => {
            // the server process then fails its boot, exits and is started again after the backoff
            if (child.isConnected()) child.send({ type: 'listen-failed', message: `cannot listen on ${s.host ?? '127.0.0.1'}:${port}: ${e instanceof Error ? e.message : String(e)}` } satisfies ListenReply);
          },
        );
        return;
      }
      if (m?.type !== 'ready') return;
      if (!announced) process.stdout.write(`collecte listening on ${m.url}\n${loginsText(m.url, m.logins, !!process.env.DEMO_PASSWORD)}`);
      else err(`[supervisor] server process ${child.process.pid} is back at ${m.url}`);
      announced = true;
    });
    child.on('exit', (code, signal) => {
      if (shuttingDown) {
        process.exit(code === 0 ? 0 : 1);
        return;
      }
      const ranMs = Date.now() - startedAt;
      backoff = ranMs > STABLE_AFTER_MS ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoff * 2);
      const delay = ranMs > STABLE_AFTER_MS ? FIRST_BACKOFF_MS : backoff;
      err(`[supervisor] server process ${child.process.pid} stopped (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${Math.round(ranMs / 1000)} s; starting another in ${delay} ms`);
      setTimeout(start, delay);
    });
  };
  const shutdown = (): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    const children = Object.values(cluster.workers ?? {});
    if (children.length === 0) process.exit(0);
    for (const w of children) w?.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  start();
}

if (cluster.isPrimary && process.env.SUPERVISE !== '0') supervise();
else void serve();
