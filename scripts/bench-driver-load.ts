/**
 * First-load size of the driver's view (issue #15; a benchmark, not a test): how many bytes go over
 * the wire when a tablet with an empty cache opens the dashboard, signs in as a driver and gets a
 * usable round view on the sample city, the service worker's caching for offline use included.
 * Target: under 2 MB (a weak mobile connection).
 *
 *   npm run bench:driver [-- --no-build] [--out bench/results]
 *
 * 1. builds the client (`vite build`, unless `--no-build`: then client/dist as it is);
 * 2. starts the real server as its own process (`node --import tsx server/src/main.ts`, a fresh
 *    database in a temporary folder: the sample city seeded, today planned), serving client/dist
 *    with the compression it uses in production;
 * 3. publishes today's plan as the manager (over HTTP) and makes sure the demo driver has a round;
 * 4. puts a counting TCP relay on loopback in front of the server and opens headless Debian
 *    chromium (no download, no network but loopback) on it: the login page, the driver signs in,
 *    and the load ends when the round view is drawn (`data-driver-state=ready`, map idle) and the
 *    service worker has kept the round for offline use (`data-offline-ready`).
 *
 * `wireBytes` counts every byte the server sent to the browser through the relay (headers, bodies as
 * compressed, the service worker's own fetches). Chromium's own count of each response
 * (`encodedBytes`: headers and compressed body) gives the breakdown by resource.
 *
 * Writes bench/results/driver-load-<date>-<commit>.json; progress goes to stderr; the last line of
 * stdout is one JSON summary. Bytes do not depend on the machine's load, so one run is enough.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BENCH_PASSWORD, startServer } from './lib/bench-server-core.js';

const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const TARGET_BYTES = 2_000_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--lang=fr-FR'];

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const args = process.argv.slice(2);
const outDir = path.resolve(REPO_DIR, args.includes('--out') ? args[args.indexOf('--out') + 1]! : 'bench/results');

interface Who {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, username: string): Promise<Who> {
  const response = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  if (response.status !== 200) throw new Error(`sign-in of ${username} answered ${response.status}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '', csrf: body.csrfToken };
}

async function call(base: string, who: Who, p: string, init: RequestInit = {}): Promise<unknown> {
  const headers: Record<string, string> = { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(init.body ? { 'content-type': 'application/json' } : {}) };
  const response = await fetch(`${base}${p}`, { ...init, headers });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${p} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response.status === 204 ? null : response.json();
}

/** A loopback TCP relay to `target` counting the bytes each way. */
async function countingRelay(target: URL): Promise<{ url: string; toBrowser: () => number; toServer: () => number; reset: () => void; close: () => Promise<void> }> {
  let down = 0;
  let up = 0;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => (up += chunk.length));
    upstream.on('data', (chunk: Buffer) => (down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port } = relay.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    toBrowser: () => down,
    toServer: () => up,
    reset: () => {
      down = 0;
      up = 0;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  if (!args.includes('--no-build')) {
    log('building the client (vite build)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(REPO_DIR, 'client', 'vite.config.ts'), logLevel: 'warn' });
  }
  const tmp = await mkdtemp(path.join(tmpdir(), 'collecte-bench-driver-'));
  log('starting the server (the first start seeds the sample city and plans today)…');
  const server = await startServer({ dbPath: path.join(tmp, 'collecte.sqlite'), cwd: REPO_DIR, log: (line) => log(`[server] ${line}`) });
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  let relay: Awaited<ReturnType<typeof countingRelay>> | null = null;
  try {
    const base = server.url;
    const manager = await signIn(base, 'manager@monaco');
    let planId: string | null = null;
    for (let i = 0; i < 1200 && planId === null; i++) {
      const plans = (await call(base, manager, '/api/plans')) as { id: string; status: string }[];
      if (plans.length > 0 && plans.every((p) => p.status !== 'queued' && p.status !== 'running')) planId = plans.find((p) => p.status === 'done')?.id ?? null;
      else await new Promise((r) => setTimeout(r, 500));
    }
    if (!planId) throw new Error('no finished plan of today');
    log(`publishing plan ${planId}`);
    await call(base, manager, `/api/plans/${planId}/publish`, { method: 'POST' });
    const plan = (await call(base, manager, `/api/plans/${planId}`)) as { routes: { vehicleId: string; binCount: number }[] };
    const admin = await signIn(base, 'admin@monaco');
    const members = (await call(base, admin, '/api/users')) as { id: string; username: string; vehicleId: string | null }[];
    const driver = members.find((m) => m.username === 'driver@monaco');
    if (!driver) throw new Error('no demo driver');
    if (!plan.routes.some((r) => r.vehicleId === driver.vehicleId && r.binCount > 0)) {
      const busiest = [...plan.routes].sort((a, b) => b.binCount - a.binCount)[0]!;
      await call(base, admin, `/api/users/${driver.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'driver', vehicleId: busiest.vehicleId }) });
    }
    const round = (await call(base, await signIn(base, 'driver@monaco'), '/api/rounds/today')) as { route: { steps: unknown[] } };
    log(`the driver's round has ${round.route.steps.length} steps`);

    relay = await countingRelay(new URL(base));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'fr-FR' });
    const requests: { url: string; status: number; type: string; encodedBytes: number }[] = [];
    context.on('requestfinished', (request) => {
      void request.sizes().then(async (sizes) => {
        const response = await request.response();
        const url = new URL(request.url());
        requests.push({ url: url.pathname + url.search, status: response?.status() ?? 0, type: request.resourceType(), encodedBytes: sizes.responseHeadersSize + sizes.responseBodySize });
      });
    });
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1' && url.protocol.startsWith('http')) throw new Error(`a request left loopback: ${url.href}`);
    });
    relay.reset();
    log('first load: login page, driver signs in, round view drawn and kept for offline use…');
    await page.goto(relay.url);
    await page.waitForSelector('#login-username', { timeout: 120_000 });
    await page.fill('#login-username', 'driver@monaco');
    await page.fill('#login-password', BENCH_PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('body[data-driver-state=ready]', { timeout: 300_000 });
    await page.waitForSelector('body[data-driver-map=idle]', { timeout: 300_000 });
    await page.waitForSelector('body[data-offline-ready=true]', { timeout: 300_000 });
    await page.waitForTimeout(1_000); // late responses (the service worker's icons) come in
    const wireBytes = relay.toBrowser();
    const sentBytes = relay.toServer();
    await context.close();

    const byType: Record<string, number> = {};
    for (const r of requests) byType[r.type] = (byType[r.type] ?? 0) + r.encodedBytes;
    const top = [...requests].sort((a, b) => b.encodedBytes - a.encodedBytes).slice(0, 12);
    let commit = 'unknown';
    let dirty = false;
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8' }).trim();
      dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_DIR, encoding: 'utf8' }).trim() !== '';
    } catch {
      // not a git checkout: the commit stays unknown
    }
    const date = new Date().toISOString().slice(0, 10);
    const summary = {
      bench: 'driver-load',
      date,
      commit,
      dirty,
      wireBytes,
      wireMB: Math.round((wireBytes / 1_000_000) * 1000) / 1000,
      targetBytes: TARGET_BYTES,
      underTarget: wireBytes < TARGET_BYTES,
      browserCountedBytes: requests.reduce((n, r) => n + r.encodedBytes, 0),
      requests: requests.length,
      sentBytes,
      byType,
    };
    await mkdir(outDir, { recursive: true });
    const file = path.join(outDir, `driver-load-${date}-${commit}${dirty ? '-dirty' : ''}.json`);
    await writeFile(file, `${JSON.stringify({ ...summary, largest: top, all: requests }, null, 2)}\n`);
    log(`wrote ${path.relative(REPO_DIR, file)}`);
    for (const r of top) log(`  ${String(r.encodedBytes).padStart(9)}  ${r.type.padEnd(10)} ${r.url}`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await browser?.close();
    await relay?.close();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
