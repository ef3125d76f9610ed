/**
 * Load benchmark of the server (issue #11; not a test):
 *
 *   npm run bench:server [-- --quick] [--duration S] [--connections N] [--csv-mb MB]
 *     [--skip-history] [--strict] [--cpu-prof DIR] [--out bench/results] [--tag NAME]
 *
 * The server runs as `npm start` runs it: its supervisor (the cluster primary, which opens the
 * listening socket and hands the server process 64 descriptors of it) and one server process
 * (`node --import tsx server/src/main.ts`, a free port, a database in a temporary folder), never
 * sharing the load generator's event loop; CPU figures are the server process's.
 * `BENCH_SUPERVISE=0` runs a bare server process instead (`SUPERVISE=0`).
 *
 * First answers. Each phase opens its 50 connections at once, right after the previous run
 * closed its own with requests in flight. Node accepts one connection per listening descriptor
 * per event-loop turn, and a turn of a busy server lasts as long as the requests it serves
 * (40-170 ms under ingestion): with one descriptor (the bare server, and the supervised one
 * before the hand-over of server/src/http/listening-socket.ts), connection k was accepted about k
 * turns late, first answers took 1-3 s and some connections had none within a 3 s run. Timestamps
 * on both sides showed the wait was the server's (handshakes done within milliseconds, the server's
 * `connection` event seconds later), not the load generator's: its own start delays the first
 * requests by at most ~0.2 s on a loaded machine. `firstAnswers` and `latencyMsAfterFirst` keep
 * that wait apart from the steady state. The
 * first start seeds the sample city (1,500 bins, about 325,000 readings) and plans today; the
 * benchmark waits for that plan, then, over loopback with autocannon:
 *
 * 1. `GET /api/bins` (`accept-encoding: gzip`, like a browser), `--connections` (50) for
 *    `--duration` seconds (15; `--quick` 3) after a short warm-up: `binsP99Ms`;
 * 2. `GET /api/plans/:id` of today's finished plan, the same way: `planP99Ms`;
 * 3. `POST /api/readings`, JSON batches of 100 new readings (unique bin and instant, one second
 *    apart going back from now − 1 day): `ingestReadingsPerS` (readings of 201 answers only) and
 *    `ingestP99Ms`;
 * 4. `GET /api/health` with 4 connections, first on an idle server (`healthP99IdleMs`), then while
 *    a plan of tomorrow is solving and a CSV of `--csv-mb` (16; `--quick` 4) MB is streamed to
 *    `POST /api/readings` as fast as loopback takes it: `healthP99UnderLoadMs` is the p99 of the
 *    answers while both run (until the upload is answered or the plan leaves `running`); the run
 *    goes on for at least `--duration` and until the upload is answered; the plan is then cancelled.
 *
 * During each phase `/api/health` is sampled every second for the server's own event-loop figures,
 * and CPU use is recorded from `/proc`: the server process (all threads, and its main thread), the
 * load generator, every other process of the machine (other jobs) and iowait; the server main
 * thread's CPU per request, and `ingestReadingsPerMainThreadCpuS` (readings per second of that CPU:
 * what the server could take with a core of its own, fsync waits aside), depend little on other
 * jobs. Each connection's first answer is also reported apart (see First answers above).
 *
 * Then (unless `--skip-history`) the history size: a copy of the database taken after today's plan
 * (before any load) is cut to 100,000 readings (oldest deleted) and another grown to 1,000,000
 * (one reading per bin every 6 hours further back in time, through the server's repository); a
 * server is started on each (side by side, requests alternating between them so other jobs weigh
 * on both alike) and `GET /api/bins` is timed: the first request (`binsColdMsAt*`, sent to both at
 * once), the median of 20 sequential ones 2 s later (`binsMsAt100k`, `binsMsAt1M`), and the median
 * of 5 requests each right after a one-reading POST (`binsAfterWriteMsAt*`: the body is rebuilt
 * and the forecast refreshed in the background).
 *
 * `errors` counts every answer outside the expected statuses (2xx; 201 for JSON batches; 201 or
 * 207 for the CSV), socket errors and timeouts, over every phase and warm-up.
 *
 * The databases live in a temporary folder (`os.tmpdir()`, removed at the end): `TMPDIR=/dev/shm`
 * puts them in memory, which takes the disk's fsync (SQLite's WAL checkpoints) out of the figures.
 *
 * Progress goes to stderr (server lines prefixed `[server]`); one JSON summary is the last stdout
 * line, also written to `bench/results/server-<date>-<sha>.json` with a `.md` table
 * (`server-<date>-<sha>-<tag>.*` with `--tag`; `--quick` tags `quick` by default). `--cpu-prof DIR`
 * profiles the main server process (Node's `--cpu-prof`, written when it stops). Exits 1 when a
 * phase fails or `errors` is not 0, and with `--strict` also when a target is missed (a missed
 * target is a figure to report, not a crash: CI can smoke-run `--quick` on a busy machine).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  api,
  cpuMeter,
  fetchAnswer,
  latencyFigures,
  median,
  r1,
  ReadingSource,
  runLoad,
  sampleHealth,
  shapeHistory,
  signInAs,
  snapshotDb,
  startServer,
  uploadCsv,
  waitForPlanStatus,
  type CpuFigures,
  type HealthSamples,
  type HistoryStats,
  type LoadRun,
  type PlanListItem,
  type ServerProcess,
  type UploadResult,
} from './lib/bench-server-core.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    connections: { type: 'string', default: '50' },
    'csv-mb': { type: 'string' },
    'skip-history': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    out: { type: 'string', default: 'bench/results' },
    tag: { type: 'string' },
  },
});
const quick = values.quick === true;
const durationS = Number(values.duration ?? (quick ? 3 : 15));
const warmupS = quick ? 1 : 2;
const connections = Number(values.connections);
const csvMb = Number(values['csv-mb'] ?? (quick ? 4 : 16));
if (!(durationS > 0 && durationS <= 120) || !(Number.isInteger(connections) && connections >= 1 && connections <= 500) || !(csvMb > 0 && csvMb <= 190)) {
  console.error('usage: bench-server.ts [--quick] [--duration S (0-120]] [--connections N (1-500)] [--csv-mb MB (0-190]] [--skip-history] [--cpu-prof DIR] [--out DIR]');
  process.exit(2);
}
/** Readings per JSON batch. */
const BATCH = 100;
const HEALTH_CONNECTIONS = 4;
/** Waits for the boot plan of today (a minute or more on 2 cores). */
const PLAN_TIMEOUT_MS = 15 * 60_000;
/** Sequential `GET /api/bins` of each history run after the first (their median is `binsMsAt*`). */
const WARM_REQUESTS = 20;
const HISTORY_SIZES = [
  { key: '100k', readings: 100_000 },
  { key: '1M', readings: 1_000_000 },
] as const;

const log = (line: string): void => void process.stderr.write(`[bench:server] ${line}\n`);
const serverLog = (line: string): void => void process.stderr.write(`[server] ${line}\n`);
const root = process.cwd();
const tmp = mkdtempSync(join(tmpdir(), 'collecte-bench-'));
/** Servers to stop if the run is interrupted. */
const liveServers = new Set<ServerProcess>();

let cleaning: Promise<void> | null = null;
let interrupted = false;

/** Stops the servers still running and removes the temporary folder (once, whoever asks first). */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const servers = [...liveServers];
    liveServers.clear();
    await Promise.all(servers.map((s) => s.stop(5_000).catch(() => undefined)));
    rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    log(`${sig}: stopping the server(s) and removing ${tmp}`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Short commit, whether tracked files differ from it, and which. */
function gitState(): { commit: string; dirty: boolean; changed: string[] } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    return { commit, dirty: changed.length > 0, changed };
  } catch {
    return { commit: 'unknown', dirty: false, changed: [] };
  }
}

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const loads = (): number[] => loadavg().map((x) => Math.round(x * 100) / 100);

/** A load phase with `/api/health` sampled alongside. */
async function phase(name: string, server: ServerProcess, run: () => Promise<LoadRun>): Promise<LoadRun & { eventLoop: HealthSamples; loadAvg: number[]; cpu: CpuFigures }> {
  const sampler = sampleHealth(server.url);
  const meter = cpuMeter(server.pid);
  const result = await run();
  const cpu = meter.stop();
  const eventLoop = await sampler.stop();
  const l = result.latencyMs;
  log(
    `${name}: ${result.requests} requests in ${result.durationS} s (${result.requestsPerS}/s), p50 ${l.p50} p99 ${l.p99} max ${l.max} ms ` +
      `(without each connection's first answer p99 ${result.latencyMsAfterFirst.p99} max ${result.latencyMsAfterFirst.max} ms; first answers max ${result.firstAnswers.max} ms, ${result.firstAnswers.over1s} over 1 s); ` +
      `statuses ${JSON.stringify(result.statusCodes)}, ${result.unexpected} unexpected, ${result.socketErrors} socket errors, ${result.timeouts} timeouts; ` +
      `server loop held p99 ${eventLoop.maxP99Ms} / max ${eventLoop.maxMaxMs} ms; CPU server ${cpu.serverPct ?? '?'} % (main thread ${cpu.serverMainThreadPct ?? '?'} %), bench ${cpu.benchPct} %, other jobs ${cpu.othersPct ?? '?'} %, iowait ${cpu.iowaitPct ?? '?'} %`,
  );
  return { ...result, eventLoop, loadAvg: loads(), cpu };
}

/** A load run as reported. */
interface PhaseFigures {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerS: number;
  bytesPerS: number;
  latencyMs: LoadRun['latencyMs'];
  latencyMsAfterFirst: LoadRun['latencyMsAfterFirst'];
  firstAnswers: LoadRun['firstAnswers'];
  statusCodes: Record<string, number>;
  unexpected: number;
  socketErrors: number;
  timeouts: number;
  serverEventLoop?: { maxP99Ms: number; maxMaxMs: number; samples: number };
  /** CPU used during the phase, % of one core: the server (all threads, main thread) and the load generator. */
  cpu?: CpuFigures;
  loadAvgAfter?: number[];
}



function runFigures(r: LoadRun & { eventLoop?: HealthSamples; loadAvg?: number[]; cpu?: CpuFigures }): PhaseFigures {
  return {
    connections: r.connections,
    durationS: r.durationS,
    requests: r.requests,
    requestsPerS: r.requestsPerS,
    bytesPerS: r.bytesPerS,
    latencyMs: r.latencyMs,
    latencyMsAfterFirst: r.latencyMsAfterFirst,
    firstAnswers: r.firstAnswers,
    statusCodes: r.statusCodes,
    unexpected: r.unexpected,
    socketErrors: r.socketErrors,
    timeouts: r.timeouts,
    ...(r.eventLoop ? { serverEventLoop: { maxP99Ms: r.eventLoop.maxP99Ms, maxMaxMs: r.eventLoop.maxMaxMs, samples: r.eventLoop.samples } } : {}),
    ...(r.cpu ? { cpu: r.cpu } : {}),
    ...(r.loadAvg ? { loadAvgAfter: r.loadAvg } : {}),
  };
}

/** Errors of a run: unexpected statuses, socket errors, timeouts. */
const errorsOf = (r: LoadRun): number => r.unexpected + r.socketErrors + r.timeouts;

interface HistoryRun extends HistoryStats {
  size: string;
  serverReadyMs: number;
  coldMs: number;
  warmMs: number[];
  warmMedianMs: number;
  afterWriteMs: number[];
  afterWriteMedianMs: number;
  errors: number;
}

/**
 * Times `GET /api/bins` on servers started on databases of each history size. The servers run side
 * by side and the requests alternate between them (in alternating order), so the machine's other
 * jobs weigh on every size alike: the cold requests are sent to all at once, then
 * {@link WARM_REQUESTS} rounds one after the other, then 5 rounds of a one-reading POST followed by
 * a GET.
 */
async function historyRuns(snapshot: string): Promise<HistoryRun[]> {
  const built: { size: string; path: string; stats: HistoryStats }[] = [];
  for (const h of HISTORY_SIZES) {
    const path = join(tmp, `history-${h.key}.sqlite`);
    await snapshotDb(snapshot, path);
    const stats = shapeHistory(path, h.readings, Date.now());
    log(`history ${h.key}: ${stats.readings} readings (${stats.readingsLast21Days} in the last 21 days, ${stats.oldest} to ${stats.newest}); ${stats.deleted} deleted, ${stats.inserted} inserted in ${stats.buildMs} ms`);
    built.push({ size: h.key, path, stats });
  }
  const servers = await Promise.all(
    built.map(async (b) => {
      const server = await startServer({ dbPath: b.path, cwd: root, log: (line) => serverLog(`(${b.size}) ${line}`) });
      await signInAs(server.url);
      liveServers.add(server);
      return server;
    }),
  );
  const errors = built.map(() => 0);
  const getBins = async (i: number): Promise<number> => {
    const a = await fetchAnswer(`${servers[i]!.url}/api/bins`, { headers: { 'accept-encoding': 'gzip' } });
    if (a.status !== 200) errors[i]!++;
    return r1(a.ms);
  };
  const order = (round: number): number[] => (round % 2 === 0 ? built.map((_, i) => i) : built.map((_, i) => built.length - 1 - i));
  try {
    const coldMs = await Promise.all(built.map((_, i) => getBins(i)));
    // let the boot's background work (today's forecast, garbage) settle before the warm series
    await sleep(2000);
    const warmMs: number[][] = built.map(() => []);
    for (let round = 0; round < WARM_REQUESTS; round++) for (const i of order(round)) warmMs[i]!.push(await getBins(i));
    const sources = await Promise.all(
      servers.map(async (server) => {
        const { body } = await api<{ features: { properties: { id: string } }[] }>(server.url, '/api/bins');
        return new ReadingSource(
          body.features.map((f) => f.properties.id),
          Date.now() - 3_600_000 + 519,
        );
      }),
    );
    const afterWriteMs: number[][] = built.map(() => []);
    for (let round = 0; round < 5; round++) {
      for (const i of order(round)) {
        const w = await fetchAnswer(`${servers[i]!.url}/api/readings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: sources[i]!.batch(1) });
        if (w.status !== 201) errors[i]!++;
        afterWriteMs[i]!.push(await getBins(i));
      }
      await sleep(500);
    }
    return built.map((b, i) => {
      const run: HistoryRun = {
        size: b.size,
        ...b.stats,
        serverReadyMs: servers[i]!.readyMs,
        coldMs: coldMs[i]!,
        warmMs: warmMs[i]!,
        warmMedianMs: r1(median(warmMs[i]!)),
        afterWriteMs: afterWriteMs[i]!,
        afterWriteMedianMs: r1(median(afterWriteMs[i]!)),
        errors: errors[i]!,
      };
      log(`history ${b.size}: GET /api/bins cold ${run.coldMs} ms, then median ${run.warmMedianMs} ms (${run.warmMs.join(', ')}); after a write median ${run.afterWriteMedianMs} ms (${run.afterWriteMs.join(', ')})`);
      return run;
    });
  } finally {
    await Promise.all(
      servers.map(async (server, i) => {
        liveServers.delete(server);
        const stopped = await server.stop();
        log(`history ${built[i]!.size}: server stopped in ${stopped.ms} ms (${stopped.killed ? 'killed' : `exit ${stopped.signal ?? stopped.code}`})`);
      }),
    );
  }
}

async function main(): Promise<number> {
  const git = gitState();
  const startedAt = new Date();
  const loadAvgStart = loads();
  log(`${quick ? 'quick ' : ''}run: ${durationS} s per phase, ${connections} connections, CSV ${csvMb} MB; ${cpus().length} CPUs, load ${loadAvgStart.join(' ')}; temp ${tmp}`);
  if (git.dirty) log(`working tree differs from ${git.commit} in ${git.changed.length} tracked file(s): the server measured is the working tree`);

  // ---------- the server, seeded, with today's plan done ----------
  const dbPath = join(tmp, 'collecte.sqlite');
  const profDir = values['cpu-prof'] ? resolve(values['cpu-prof']) : null;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const server = await startServer({
    dbPath,
    cwd: root,
    log: serverLog,
    readyTimeoutMs: 600_000,
    ...(profDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] } : {}),
  });
  liveServers.add(server);
  const base = server.url;
  log(`server ${server.pid} listening on ${base} after ${server.readyMs} ms`);
  await signInAs(base);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date()); // YYYY-MM-DD in the space's zone
  // the plan boot queued (a fresh database has no other; the list is latest first, and the date
  // is not checked in case midnight passed in Monaco since the boot)
  const bootPlan = (await api<PlanListItem[]>(base, '/api/plans')).body.find((p) => p.status !== 'failed' && p.status !== 'cancelled');
  if (!bootPlan) throw new Error('the server queued no plan at boot');
  log(`waiting for today's plan ${bootPlan.id} (${bootPlan.status}) to be done`);
  const planWait = await waitForPlanStatus(base, bootPlan.id, ['done', 'failed', 'cancelled'], PLAN_TIMEOUT_MS, 2000);
  if (planWait.status !== 'done') throw new Error(`today's plan ended ${planWait.status}`);
  log(`today's plan done after ${Math.round(planWait.waitedMs / 1000)} s more`);
  const snapshot = join(tmp, 'snapshot.sqlite');
  await snapshotDb(dbPath, snapshot);

  const bins = (await api<{ features: { properties: { id: string } }[] }>(base, '/api/bins')).body.features.map((f) => f.properties.id);
  log(`${bins.length} bins`);
  const gzip = { 'accept-encoding': 'gzip', accept: 'application/json' };

  // ---------- 1. bins ----------
  const binsOpts = { url: `${base}/api/bins`, connections, headers: gzip };
  const binsWarm = await runLoad({ ...binsOpts, durationS: warmupS });
  const binsRun = await phase('GET /api/bins', server, () => runLoad({ ...binsOpts, durationS }));

  // ---------- 2. a finished plan ----------
  const planOpts = { url: `${base}/api/plans/${bootPlan.id}`, connections, headers: gzip };
  const planWarm = await runLoad({ ...planOpts, durationS: warmupS });
  const planRun = await phase('GET /api/plans/:id', server, () => runLoad({ ...planOpts, durationS }));

  // ---------- 3. JSON batches ----------
  // now − 1 day, 137 ms past the second: the sample's readings are on whole minutes
  const jsonReadings = new ReadingSource(bins, Math.floor((Date.now() - 86_400_000) / 1000) * 1000 + 137);
  let accepted = 0;
  let acceptedBatches = 0;
  const ingestRequest = {
    method: 'POST',
    path: '/api/readings',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    setupRequest: (req: object) => ({ ...req, body: jsonReadings.batch(BATCH) }),
    onResponse: (status: number, body: string) => {
      if (status !== 201) return;
      acceptedBatches++;
      try {
        accepted += (JSON.parse(body) as { inserted: number }).inserted;
      } catch {
        // counted by batches
      }
    },
  };
  const ingestOpts = { url: base, connections, request: ingestRequest, expect: (s: number) => s === 201 };
  const ingestWarm = await runLoad({ ...ingestOpts, durationS: warmupS });
  accepted = 0;
  acceptedBatches = 0;
  const ingestRun = await phase('POST /api/readings (JSON, 100 per batch)', server, () => runLoad({ ...ingestOpts, durationS }));
  const ingestReadingsPerS = Math.round(accepted / ingestRun.durationS);
  // readings per second of the server main thread's CPU: what one free core could take (fsync waits aside)
  const ingestMainMs = ingestRun.cpu.serverMainThreadMs;
  const ingestReadingsPerMainThreadCpuS = ingestMainMs ? Math.round((accepted / ingestMainMs) * 1000) : null;
  log(`ingest: ${accepted} readings accepted in ${acceptedBatches} batches of 201 (${ingestReadingsPerS} readings/s; ${ingestReadingsPerMainThreadCpuS ?? '?'} per second of server main-thread CPU)`);

  // ---------- 4. health: idle, then under a solving plan and a CSV upload ----------
  await sleep(1000);
  const healthOpts = { url: `${base}/api/health`, connections: HEALTH_CONNECTIONS };
  const healthIdle = await phase('GET /api/health (idle)', server, () => runLoad({ ...healthOpts, durationS: Math.min(durationS, 5) }));

  const csvReadings = new ReadingSource(bins, Math.floor((Date.now() - 86_400_000) / 1000) * 1000 + 731);
  const csv = csvReadings.csv(Math.round(csvMb * 1_048_576));
  log(`CSV body: ${csv.rows} rows, ${csv.bytes} bytes`);
  let planDate = addDays(today, 1);
  let created = await api<{ id: string }>(base, '/api/plans', { json: { date: planDate }, ok: [202, 400] });
  if (created.status === 400) {
    planDate = today;
    created = await api<{ id: string }>(base, '/api/plans', { json: { date: planDate } });
  }
  const loadPlan = created.body.id;
  const running = await waitForPlanStatus(base, loadPlan, ['running', 'done', 'failed', 'cancelled'], 120_000, 100);
  if (running.status !== 'running') throw new Error(`the plan of ${planDate} was ${running.status} before the health run started`);
  log(`plan ${loadPlan} of ${planDate} running; uploading the CSV while reading /api/health`);
  // The window that counts is while both run: from the start to the first of the upload's answer
  // and the plan leaving `running` (polled every 500 ms). /api/health keeps being read until the
  // upload is answered (at least --duration seconds).
  const tStart = performance.now();
  let uploadEndMs: number | null = null;
  let planEndMs: number | null = null;
  let planStatusAtEnd = 'running';
  const uploading = uploadCsv(base, csv.chunks).then((u) => {
    uploadEndMs = performance.now();
    return u;
  });
  const watching = (async () => {
    while (uploadEndMs === null && planEndMs === null) {
      await sleep(500);
      const status = (await api<{ status: string }>(base, `/api/plans/${loadPlan}`)).body.status;
      if (status !== 'running' && planEndMs === null) {
        planEndMs = performance.now();
        planStatusAtEnd = status;
      }
    }
  })();
  const answers: { at: number; ms: number }[] = [];
  const healthLoad = await phase('GET /api/health (plan solving + CSV upload)', server, () =>
    runLoad({ ...healthOpts, durationS, until: () => uploadEndMs !== null, capS: 900, onAnswer: (at, ms) => answers.push({ at, ms }) }),
  );
  const csvResult = await uploading;
  await watching;
  const bothEndMs = Math.min(uploadEndMs ?? Number.POSITIVE_INFINITY, planEndMs ?? Number.POSITIVE_INFINITY);
  const both = latencyFigures(answers.filter((a) => a.at <= bothEndMs).map((a) => a.ms));
  const bothCount = answers.filter((a) => a.at <= bothEndMs).length;
  const bothWindowS = r1((Math.min(bothEndMs, performance.now()) - tStart) / 1000);
  log(`CSV upload: status ${csvResult.status} in ${csvResult.ms} ms (${csvResult.mbPerS} MB/s), ${csvResult.inserted} inserted, ${csvResult.rejected} rejected${csvResult.error ? `; ${csvResult.error}` : ''}`);
  log(
    `health while both ran (${bothWindowS} s, ${bothCount} answers; ${planEndMs === null ? 'the plan outlasted the upload' : `the plan was ${planStatusAtEnd} after ${r1((planEndMs - tStart) / 1000)} s`}): ` +
      `p50 ${both.p50} p99 ${both.p99} max ${both.max} ms`,
  );
  const planAfter = (await api<{ status: string }>(base, `/api/plans/${loadPlan}`)).body.status;
  if (planAfter === 'running' || planAfter === 'queued') {
    log(`cancelling plan ${loadPlan}`);
    await api(base, `/api/plans/${loadPlan}/cancel`, { method: 'POST' });
  }
  const healthEnd = (await api<{ eventLoop: { p99Ms: number; maxMs: number } }>(base, '/api/health')).body.eventLoop;

  liveServers.delete(server);
  const stopped = await server.stop();
  log(`server stopped in ${stopped.ms} ms (${stopped.killed ? 'killed after the grace period' : `exit ${stopped.signal ?? stopped.code}`})`);

  // ---------- history size ----------
  const history: HistoryRun[] = [];
  if (!values['skip-history']) history.push(...(await historyRuns(snapshot)));
  const at = (key: string): HistoryRun | undefined => history.find((h) => h.size === key);

  // ---------- summary ----------
  const warmErrors = [binsWarm, planWarm, ingestWarm].reduce((a, r) => a + errorsOf(r), 0);
  const csvErrors = csvResult.status === 201 || csvResult.status === 207 ? 0 : 1;
  const errors =
    warmErrors + [binsRun, planRun, ingestRun, healthIdle, healthLoad].reduce((a, r) => a + errorsOf(r), 0) + csvErrors + history.reduce((a, h) => a + h.errors, 0);
  const h100k = at('100k');
  const h1m = at('1M');
  const binsMsAt100k = h100k?.warmMedianMs ?? null;
  const binsMsAt1M = h1m?.warmMedianMs ?? null;
  const targets = [
    { key: 'binsP99Ms', target: '< 300 ms', measured: binsRun.latencyMs.p99, met: binsRun.latencyMs.p99 < 300 },
    { key: 'planP99Ms', target: '< 300 ms', measured: planRun.latencyMs.p99, met: planRun.latencyMs.p99 < 300 },
    { key: 'ingestReadingsPerS', target: '>= 20000 readings/s', measured: ingestReadingsPerS, met: ingestReadingsPerS >= 20_000 },
    { key: 'ingestP99Ms', target: '< 300 ms', measured: ingestRun.latencyMs.p99, met: ingestRun.latencyMs.p99 < 300 },
    { key: 'healthP99UnderLoadMs', target: '< 50 ms', measured: both.p99, met: both.p99 < 50 },
    { key: 'errors', target: '0', measured: errors, met: errors === 0 },
    ...(binsMsAt100k !== null && binsMsAt1M !== null
      ? [
          {
            key: 'binsMsAt1M vs binsMsAt100k',
            target: '1M no slower than 100k (within 25 % + 1 ms)',
            measured: `${binsMsAt1M} vs ${binsMsAt100k} ms`,
            // a single request of a few ms on a shared machine: within 25 % + 1 ms is "no slower"
            met: binsMsAt1M <= binsMsAt100k * 1.25 + 1,
          },
        ]
      : []),
  ];
  const summary = {
    bench: 'server',
    at: startedAt.toISOString(),
    commit: git.commit,
    dirty: git.dirty,
    changedFiles: git.changed,
    quick,
    tag: values.tag ?? null,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
    loadAvgStart,
    loadAvgEnd: loads(),
    settings: { durationS, warmupS, connections, batch: BATCH, healthConnections: HEALTH_CONNECTIONS, csvMb, dbDir: tmp },
    binsP99Ms: binsRun.latencyMs.p99,
    planP99Ms: planRun.latencyMs.p99,
    ingestReadingsPerS,
    ingestP99Ms: ingestRun.latencyMs.p99,
    ingestP99AfterFirstMs: ingestRun.latencyMsAfterFirst.p99,
    healthP99UnderLoadMs: both.p99,
    errors,
    binsMsAt100k,
    binsMsAt1M,
    binsColdMsAt100k: h100k?.coldMs ?? null,
    binsColdMsAt1M: h1m?.coldMs ?? null,
    binsAfterWriteMsAt100k: h100k?.afterWriteMedianMs ?? null,
    binsAfterWriteMsAt1M: h1m?.afterWriteMedianMs ?? null,
    binsP99AfterFirstMs: binsRun.latencyMsAfterFirst.p99,
    planP99AfterFirstMs: planRun.latencyMsAfterFirst.p99,
    binsRequestsPerS: binsRun.requestsPerS,
    planRequestsPerS: planRun.requestsPerS,
    ingestRequestsPerS: ingestRun.requestsPerS,
    ingestReadingsPerMainThreadCpuS,
    healthP99IdleMs: healthIdle.latencyMs.p99,
    targetsMet: targets.every((t) => t.met),
    targets,
    server: { supervised: server.supervisorPid !== null, readyMs: server.readyMs, todaysPlanWaitS: Math.round(planWait.waitedMs / 1000), stopMs: stopped.ms, killed: stopped.killed, cpuProfileDir: profDir },
    phases: {
      bins: runFigures(binsRun),
      plan: runFigures(planRun),
      ingest: { ...runFigures(ingestRun), acceptedReadings: accepted, acceptedBatches },
      healthIdle: runFigures(healthIdle),
      healthUnderLoad: {
        ...runFigures(healthLoad),
        planDate,
        planStatusAtEnd: planEndMs === null ? 'running' : planStatusAtEnd,
        bothWindow: { seconds: bothWindowS, answers: bothCount, latencyMs: both, endedBy: planEndMs !== null && (uploadEndMs === null || planEndMs < uploadEndMs) ? 'plan' : 'upload' },
        csv: { rows: csv.rows, ...csvResult },
        serverEventLoopAtEnd: healthEnd,
      },
      warmups: { bins: runFigures(binsWarm), plan: runFigures(planWarm), ingest: runFigures(ingestWarm) },
    },
    history,
  };

  const outDir = values.out;
  mkdirSync(outDir, { recursive: true });
  const tag = values.tag ?? (quick ? 'quick' : '');
  if (!/^[\w.-]*$/.test(tag)) throw new Error(`--tag must be letters, digits, '.', '-' or '_', got '${tag}'`);
  const stem = join(outDir, `server-${summary.at.slice(0, 10)}-${git.commit}${tag ? `-${tag}` : ''}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(`${stem}.md`, markdown(summary));
  log(`wrote ${stem}.json and ${stem}.md`);
  for (const t of targets) log(`${t.met ? 'met    ' : 'MISSED '} ${t.key}: ${t.measured} (target ${t.target})`);
  console.log(JSON.stringify(summary));
  return errors > 0 || (values.strict && !summary.targetsMet) ? 1 : 0;
}

/** What the `.md` report shows. */
interface ReportInput {
  at: string;
  commit: string;
  dirty: boolean;
  quick: boolean;
  machine: { cpus: number; model: string; node: string };
  loadAvgStart: number[];
  loadAvgEnd: number[];
  settings: { durationS: number; connections: number; csvMb: number };
  targets: { key: string; target: string; measured: number | string; met: boolean }[];
  phases: {
    bins: PhaseFigures;
    plan: PhaseFigures;
    ingest: PhaseFigures;
    healthIdle: PhaseFigures;
    healthUnderLoad: PhaseFigures & {
      csv: UploadResult & { rows: number };
      planStatusAtEnd: string;
      bothWindow: { seconds: number; answers: number; latencyMs: LoadRun['latencyMs']; endedBy: string };
    };
  };
  history: HistoryRun[];
}

/** The `.md` report: targets, then the phases. */
function markdown(s: ReportInput): string {
  const row = (name: string, r: PhaseFigures, showPerRequest = true): string => {
    const loop = r.serverEventLoop ? `${r.serverEventLoop.maxP99Ms} / ${r.serverEventLoop.maxMaxMs}` : '';
    const cpu = r.cpu ? `${r.cpu.serverPct ?? '?'} (${r.cpu.serverMainThreadPct ?? '?'}) / ${r.cpu.benchPct} / ${r.cpu.othersPct ?? '?'} / ${r.cpu.iowaitPct ?? '?'}` : '';
    const perRequest = showPerRequest && r.cpu?.serverMainThreadMs != null && r.requests > 0 ? r1(r.cpu.serverMainThreadMs / r.requests) : '';
    const codes = Object.entries(r.statusCodes)
      .map(([c, n]) => `${c}: ${n}`)
      .join(', ');
    return `| ${name} | ${r.connections} | ${r.requests} | ${r.requestsPerS} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.latencyMsAfterFirst.p99} | ${r.firstAnswers.max} (${r.firstAnswers.over1s}) | ${codes} | ${loop} | ${cpu} | ${perRequest} |`;
  };
  const p = s.phases;
  const lines = [
    `# Server load benchmark ${s.at.slice(0, 10)} (${s.commit}${s.dirty ? ', working tree with uncommitted changes' : ''}${s.quick ? ', quick' : ''})`,
    '',
    `\`npm run bench:server${s.quick ? ' -- --quick' : ''}\`: ${s.settings.durationS} s per phase, ${s.settings.connections} connections, loopback; ` +
      `${s.machine.cpus} CPUs (${s.machine.model}), Node ${s.machine.node}; load average ${s.loadAvgStart.join(' ')} at the start, ${s.loadAvgEnd.join(' ')} at the end.`,
    '',
    '| target | goal | measured | met |',
    '| --- | --- | ---: | --- |',
    ...s.targets.map((t) => `| ${t.key} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'no'} |`),
    '',
    'Latencies in ms, exact percentiles of every answer; server loop = the largest `/api/health` `eventLoop` p99 / max seen during the phase (the server keeps a 60 s window); ' +
      `CPU in % of one core (the machine has ${s.machine.cpus}): the server process (its main thread) / the load generator / every other process / time waiting for the disk. ` +
      "Each connection's first answer is also shown apart: a server that accepts new connections one per event-loop turn makes them wait long for it.",
    '',
    '| phase | conn. | requests | req/s | p50 | p99 | max | p99 without first answers | first answers max (over 1 s) | statuses | server loop p99 / max | CPU % server (main thread) / bench / other jobs / iowait | server main-thread CPU ms per request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: |',
    row('GET /api/bins (gzip)', p.bins),
    row('GET /api/plans/:id (gzip)', p.plan),
    row('POST /api/readings, 100 per batch', p.ingest),
    row('GET /api/health, idle', p.healthIdle),
    // the CPU of that phase goes to the upload, not to the health answers
    row(`GET /api/health, plan solving + ${s.settings.csvMb} MB CSV`, p.healthUnderLoad, false),
  ];
  const u = p.healthUnderLoad;
  const w = u.bothWindow;
  lines.push(
    '',
    `Health under load: \`healthP99UnderLoadMs\` counts the ${w.answers} answers of the ${w.seconds} s while the plan was solving and the CSV uploading ` +
      `(ended by the ${w.endedBy}): p50 ${w.latencyMs.p50}, p99 ${w.latencyMs.p99}, max ${w.latencyMs.max} ms; the table row is the whole run. ` +
      `CSV: ${u.csv.rows} rows, ${u.csv.bytes} bytes, status ${u.csv.status} in ${u.csv.ms} ms (${u.csv.mbPerS} MB/s), ` +
      `${u.csv.inserted} inserted, ${u.csv.rejected} rejected; the plan was ${u.planStatusAtEnd} when the upload was answered.`,
  );
  if (s.history.length > 0) {
    lines.push(
      '',
      `History size: \`GET /api/bins\` on servers started side by side on copies of the database with that many readings, requests alternating between them ` +
        `(ms; cold = the first request, sent to both at once; warm = median of ${WARM_REQUESTS} sequential requests 2 s later; after a write = median of 5, each right after a one-reading POST).`,
      '',
      '| readings | in last 21 days | oldest | cold | warm | after a write | build |',
      '| ---: | ---: | --- | ---: | ---: | ---: | ---: |',
      ...s.history.map((h) => `| ${h.readings} | ${h.readingsLast21Days} | ${h.oldest ?? ''} | ${h.coldMs} | ${h.warmMedianMs} | ${h.afterWriteMedianMs} | ${h.deleted > 0 ? `${h.deleted} deleted` : `${h.inserted} inserted`} in ${h.buildMs} ms |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

main().then(
  async (code) => {
    await cleanup();
    process.exit(code);
  },
  async (err: unknown) => {
    if (!interrupted) log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await cleanup();
    process.exit(interrupted ? 130 : 1);
  },
);
