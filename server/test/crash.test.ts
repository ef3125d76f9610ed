/**
 * Crash test (issue #11): the start command's supervisor on the sample city, readings pouring in
 * from three clients while today's plan is solving; the server process is killed with SIGKILL.
 * The supervisor starts another by itself; every reading the server acknowledged (201) before or
 * after the kill is in the database with its value, and the interrupted plan is queued again
 * (`resumed`) and finishes.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BinCollectionSchema, HealthSchema, PlanListSchema, PlanSchema, type Health } from '../contract/index.js';
import { signIn } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'collecte-crash-'));
const dbPath = join(dir, 'collecte.sqlite');
let supervisor: ChildProcess | undefined;
const output: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function health(url: string): Promise<Health | null> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? HealthSchema.parse(await res.json()) : null;
  } catch {
    return null;
  }
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; server output:\n${output.join('').slice(-4000)}`);
}

afterAll(async () => {
  if (supervisor?.pid) {
    try {
      process.kill(-supervisor.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 of the server during ingest with a plan running', () => {
  it('comes back by itself, keeps every acknowledged reading and resumes the plan', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    supervisor = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, PORT: String(port), DB_PATH: dbPath, DEMO_PASSWORD: 'crash test password', LOG_LEVEL: 'warn' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
    supervisor.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    await until('the first start', 180_000, async () => output.join('').includes('collecte listening on'));
    const first = await until('health', 30_000, () => health(url));

    const api = await signIn(url, 'manager@riviera', 'crash test password');
    const bins = BinCollectionSchema.parse(await (await api('/api/bins')).json()).features.map((f) => f.properties.id);
    const acknowledged: { binId: string; measuredAt: string; fillPercent: number }[] = [];
    let refusedOrLost = 0;
    let stop = false;
    const base = Date.now() - 2 * 86_400_000;
    let seq = 0;
    const client = async (): Promise<void> => {
      while (!stop) {
        const batch = Array.from({ length: 50 }, () => {
          const k = seq++;
          return { binId: bins[k % bins.length]!, measuredAt: new Date(base - k * 1000).toISOString(), fillPercent: Math.round((k % 1000) / 10 * 10) / 10 };
        });
        try {
          const res = await api('/api/readings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch), signal: AbortSignal.timeout(10_000) });
          if (res.status === 201) acknowledged.push(...batch);
          else refusedOrLost += batch.length;
        } catch {
          refusedOrLost += batch.length; // connection refused or cut while the server is down
          await sleep(50);
        }
      }
    };
    const clients = [client(), client(), client()];

    // today's plan is queued at boot: wait until it is solving, then kill the server process
    const plan = await until('a running plan', 180_000, async () => {
      const list = PlanListSchema.parse(await (await api('/api/plans')).json());
      return list.find((p) => p.status === 'running');
    });
    await sleep(1_000);
    const ackBeforeKill = acknowledged.length;
    process.kill(first.pid, 'SIGKILL');
    const second = await until('the restarted server', 120_000, async () => {
      const h = await health(url);
      return h && h.pid !== first.pid ? h : null;
    });
    await until('readings acknowledged after the restart', 60_000, async () => acknowledged.length > ackBeforeKill + 500);
    stop = true;
    await Promise.all(clients);

    expect(second.pid).not.toBe(first.pid);
    expect(output.join('')).toMatch(/\[supervisor\] server process \d+ stopped \(signal SIGKILL\)/);
    expect(ackBeforeKill).toBeGreaterThan(0);

    const db = new Database(dbPath, { readonly: true });
    try {
      const get = db.prepare('SELECT fill_percent FROM readings WHERE bin_id = ? AND measured_at = ?').pluck();
      const missing = acknowledged.filter((r) => get.get(r.binId, new Date(r.measuredAt).toISOString()) !== r.fillPercent);
      expect(missing.length, `acknowledged readings lost (of ${acknowledged.length}; ${refusedOrLost} were refused or unanswered)`).toBe(0);
      process.stderr.write(`[crash] ${acknowledged.length} readings acknowledged (${ackBeforeKill} before the kill), all stored; ${refusedOrLost} refused or unanswered while the server was down\n`);
    } finally {
      db.close();
    }

    // the session outlives the server process (sessions are in the database)
    const resumed = PlanSchema.parse(await (await api(`/api/plans/${plan.id}`)).json());
    expect(resumed.resumed).toBe(1);
    const done = await until('the resumed plan', 600_000, async () => {
      const p = PlanSchema.parse(await (await api(`/api/plans/${plan.id}`)).json());
      return p.status === 'done' || p.status === 'failed' ? p : null;
    });
    expect(done.status).toBe('done');
    expect(done.routes.length).toBeGreaterThan(0);

    process.kill(-supervisor.pid!, 'SIGTERM');
    const code = await new Promise<number | null>((resolve) => supervisor!.once('exit', resolve));
    expect(code).toBe(0);
  }, 900_000);
});
