/**
 * Pieces of `npm run bench:server` (scripts/bench-server.ts): the server as a child process, small
 * HTTP helpers, autocannon runs with exact latency percentiles, request bodies (JSON reading
 * batches, a CSV upload), the health sampler, and the databases of the history-size runs.
 *
 * Everything here talks to the server over loopback HTTP, except the database builders, which use
 * the server's own code (`openDb`, `ReadingsRepository`) on files no server has open.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';

// ---------- numbers ----------

/** Rounds to one decimal (ms figures). */
export const r1 = (x: number): number => Math.round(x * 10) / 10;

/** The q-quantile (0..1) of unsorted values, nearest rank; NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = Float64Array.from(values).sort();
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[rank]!;
}

export const median = (values: ArrayLike<number>): number => quantile(values, 0.5);

// ---------- the server process ----------

/** A server started by {@link startServer}. */
export interface ServerProcess {
  /** Base URL on 127.0.0.1, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The process that serves requests (under the supervisor, its server process), for CPU figures. */
  pid: number;
  /** The supervisor's pid (the started process), null when the server runs unsupervised. */
  supervisorPid: number | null;
  /** ms from spawn to the `collecte listening on` line. */
  readyMs: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: string | null; killed: boolean; ms: number }>;
}

/** Options of {@link startServer}. */
export interface StartOptions {
  dbPath: string;
  /** Repository root (the server reads `data/` and `var/cache` relative to it). */
  cwd: string;
  /** Extra node flags before `--import tsx` (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** How long to wait for the listening line (the first start seeds the sample city). */
  readyTimeoutMs?: number;
  /** Server stderr lines, prefixed. */
  log: (line: string) => void;
}

/** The demo users' password of the benchmark's servers. */
export const BENCH_PASSWORD = 'bench password 2026';
/** The space the benchmark works in: the sample's larger one (1,186 bins), as its manager. */
export const BENCH_SPACE = 'riviera';

/** Session cookie and CSRF token of each server (by origin), sent with every request to it (set by {@link signInAs}). */
const auth = new Map<string, Record<string, string>>();

/** The headers that sign a request to `url`'s server in (cookie and CSRF token). */
export function authHeaders(url: string): Record<string, string> {
  return { ...(auth.get(new URL(url).origin) ?? {}) };
}

/** Signs in to the server at `base` as `<role>@<space>`; later requests of this module to it send that session. */
export async function signInAs(base: string, role = 'manager', space = BENCH_SPACE): Promise<void> {
  const a = await fetchAnswer(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `${role}@${space}`, password: BENCH_PASSWORD }) });
  if (a.status !== 200) throw new Error(`sign-in as ${role}@${space} answered ${a.status}: ${a.raw.toString('utf8').slice(0, 200)}`);
  auth.set(new URL(base).origin, { cookie: String(a.headers['set-cookie']?.[0] ?? '').split(';')[0]!, 'x-csrf-token': jsonOf<{ csrfToken: string }>(a).csrfToken });
}

/**
 * Spawns `node --import tsx server/src/main.ts` (supervised as `npm start` runs it, or with
 * `SUPERVISE=0` when `BENCH_SUPERVISE=0`), `PORT=0` (the OS picks a free
 * port, printed in the listening line) and `DB_PATH`, and resolves once it prints
 * `collecte listening on <url>`. The server's stderr is passed to `log`.
 * @throws when the process exits or stays silent before that line.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  // as `npm start` runs it: a supervisor (cluster primary, which accepts the connections) and one
  // server process; BENCH_SUPERVISE=0 measures a bare server process instead
  const supervised = (process.env.BENCH_SUPERVISE ?? '1') !== '0';
  const env: NodeJS.ProcessEnv = { ...process.env, SUPERVISE: supervised ? '1' : '0', PORT: '0', DB_PATH: options.dbPath, DEMO_PASSWORD: BENCH_PASSWORD, LOG_LEVEL: 'warn' };
  delete env.HOST;
  delete env.ALLOWED_HOSTS;
  const t0 = performance.now();
  // its own process group: a Ctrl-C of the benchmark reaches the benchmark only, which stops the
  // server itself (SIGTERM, then SIGKILL)
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/src/main.ts'], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    options.log(line);
  });
  let exited: { code: number | null; signal: string | null } | null = null;
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server printed no listening line within ${options.readyTimeoutMs ?? 300_000} ms; last stderr:\n${tail.join('\n')}`));
    }, options.readyTimeoutMs ?? 300_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^collecte listening on (\S+)/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      // the server binds 127.0.0.1 and prints localhost: use the address itself (no IPv6 lookup)
      resolve(m[1]!.replace('//localhost:', '//127.0.0.1:'));
    });
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? `code ${code}`}) before listening; last stderr:\n${tail.join('\n')}`));
    });
  });
  const readyMs = Math.round(performance.now() - t0);
  const servingPid = supervised ? (childPids(child.pid!)[0] ?? child.pid!) : child.pid!;
  return {
    url,
    pid: servingPid,
    supervisorPid: supervised ? child.pid! : null,
    readyMs,
    stop: async (graceMs = 15_000) => {
      const s0 = performance.now();
      if (exited) return { ...(exited as { code: number | null; signal: string | null }), killed: false, ms: 0 };
      child.kill('SIGTERM');
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        // the whole group: the supervisor and its server process
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, graceMs);
      const result = await exit;
      clearTimeout(timer);
      return { ...result, killed, ms: Math.round(performance.now() - s0) };
    },
  };
}

/** Child pids of `pid` (Linux procfs), empty elsewhere. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

// ---------- CPU time ----------

/** Linux clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS = 100;

/** utime + stime of a `/proc/.../stat` file, ms; null where there is no procfs. */
function statCpuMs(path: string): number | null {
  try {
    const text = readFileSync(path, 'utf8');
    // fields after the command name (which may hold spaces), from field 3 on
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU time used so far by a process (all threads) and by its main thread, ms; null outside Linux. */
export function processCpuMs(pid: number): { totalMs: number; mainThreadMs: number } | null {
  const totalMs = statCpuMs(`/proc/${pid}/stat`);
  const mainThreadMs = statCpuMs(`/proc/${pid}/task/${pid}/stat`);
  return totalMs === null || mainThreadMs === null ? null : { totalMs, mainThreadMs };
}

/** Machine-wide CPU time from `/proc/stat`, ms: busy (all but idle and iowait) and iowait; null outside Linux. */
function machineCpuMs(): { busyMs: number; iowaitMs: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, _idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    if (!line.startsWith('cpu ') || steal === undefined) return null;
    return { busyMs: ((user! + nice! + system! + irq! + softirq! + steal) * 1000) / CLOCK_TICKS, iowaitMs: (iowait! * 1000) / CLOCK_TICKS };
  } catch {
    return null;
  }
}

/** CPU use over a phase, % of one core (so up to 100 × cores for the machine). */
export interface CpuFigures {
  /** The server process, all threads (compute workers included). */
  serverPct: number | null;
  serverMainThreadPct: number | null;
  /** CPU time of the server's main thread over the phase, ms (per request, it does not depend on other jobs much). */
  serverMainThreadMs: number | null;
  /** This process (the load generator). */
  benchPct: number;
  /** Every process of the machine. */
  machinePct: number | null;
  /** The machine minus the server and the load generator: other jobs. */
  othersPct: number | null;
  /** Time the CPUs waited for the disk. */
  iowaitPct: number | null;
}

/** Measures CPU use between the call and `stop()` (see {@link CpuFigures}). */
export function cpuMeter(serverPid: number): { stop(): CpuFigures } {
  const t0 = performance.now();
  const s0 = processCpuMs(serverPid);
  const m0 = machineCpuMs();
  const b0 = process.cpuUsage();
  return {
    stop: () => {
      const wallMs = performance.now() - t0;
      const s1 = processCpuMs(serverPid);
      const m1 = machineCpuMs();
      const b = process.cpuUsage(b0);
      const pct = (ms: number): number => Math.round((ms / wallMs) * 100);
      const serverPct = s0 && s1 ? pct(s1.totalMs - s0.totalMs) : null;
      const benchPct = pct((b.user + b.system) / 1000);
      const machinePct = m0 && m1 ? pct(m1.busyMs - m0.busyMs) : null;
      return {
        serverPct,
        serverMainThreadPct: s0 && s1 ? pct(s1.mainThreadMs - s0.mainThreadMs) : null,
        serverMainThreadMs: s0 && s1 ? Math.round(s1.mainThreadMs - s0.mainThreadMs) : null,
        benchPct,
        machinePct,
        othersPct: machinePct !== null && serverPct !== null ? Math.max(0, machinePct - serverPct - benchPct) : null,
        iowaitPct: m0 && m1 ? pct(m1.iowaitMs - m0.iowaitMs) : null,
      };
    },
  };
}

// ---------- HTTP ----------

/** A whole HTTP answer. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as received (still gzip when the server compressed it). */
  raw: Buffer;
  /** ms from the request to the end of the body. */
  ms: number;
}

/** One request over loopback; resolves with the whole answer (any status), rejects on socket errors. */
export function fetchAnswer(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
    const req = httpRequest(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...authHeaders(url), ...(init.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) },
        timeout: init.timeoutMs ?? 30_000,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(parts), ms: performance.now() - t0 }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${init.timeoutMs ?? 30_000} ms: ${init.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON of an answer (gunzipped when needed). */
export function jsonOf<T>(answer: Answer): T {
  const bytes = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.raw) : answer.raw;
  return JSON.parse(bytes.toString('utf8')) as T;
}

/** GET or POST JSON; throws unless the status is one of `ok`. */
export async function api<T>(base: string, path: string, init: { method?: string; json?: unknown; ok?: number[] } = {}): Promise<{ status: number; body: T }> {
  const answer = await fetchAnswer(`${base}${path}`, {
    method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
    headers: { accept: 'application/json', 'accept-encoding': 'gzip', ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const body = answer.raw.length > 0 ? jsonOf<T>(answer) : (undefined as T);
  if (!(init.ok ?? [200, 201, 202]).includes(answer.status)) {
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${answer.status}: ${answer.raw.length > 0 ? JSON.stringify(body).slice(0, 300) : ''}`);
  }
  return { status: answer.status, body };
}

/** Plan list entry of `GET /api/plans`. */
export interface PlanListItem {
  id: string;
  date: string;
  status: string;
}

/** Polls `GET /api/plans/:id` until its status is in `statuses`; @throws after `timeoutMs`. */
export async function waitForPlanStatus(base: string, id: string, statuses: readonly string[], timeoutMs: number, everyMs = 1000): Promise<{ status: string; waitedMs: number }> {
  const t0 = performance.now();
  for (;;) {
    const { body } = await api<{ status: string }>(base, `/api/plans/${id}`);
    if (statuses.includes(body.status)) return { status: body.status, waitedMs: Math.round(performance.now() - t0) };
    if (performance.now() - t0 > timeoutMs) throw new Error(`plan ${id} still ${body.status} after ${timeoutMs} ms (waiting for ${statuses.join('/')})`);
    await sleep(everyMs);
  }
}

// ---------- /api/health sampling ----------

/** `eventLoop` of `/api/health`: how long the loop was held (p99 and max of the last minute). */
export interface LoopFigures {
  p99Ms: number;
  maxMs: number;
}

/** What {@link sampleHealth} saw. */
export interface HealthSamples {
  samples: number;
  failures: number;
  /** Largest `eventLoop.p99Ms` and `eventLoop.maxMs` seen (the server's window is 60 s). */
  maxP99Ms: number;
  maxMaxMs: number;
  last: LoopFigures | null;
}

/** Reads `/api/health` every `everyMs` until `stop()`. */
export function sampleHealth(base: string, everyMs = 1000): { stop(): Promise<HealthSamples> } {
  const out: HealthSamples = { samples: 0, failures: 0, maxP99Ms: 0, maxMaxMs: 0, last: null };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { body } = await api<{ eventLoop: LoopFigures }>(base, '/api/health');
        out.samples++;
        out.last = body.eventLoop;
        out.maxP99Ms = Math.max(out.maxP99Ms, body.eventLoop.p99Ms);
        out.maxMaxMs = Math.max(out.maxMaxMs, body.eventLoop.maxMs);
      } catch {
        out.failures++;
      }
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return out;
    },
  };
}

// ---------- autocannon ----------

/** The parts of autocannon 9's API used here (it ships no types). */
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: CannonRequest, context: Record<string, unknown>) => CannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
}
interface CannonHistogram {
  average: number;
  max: number;
  p50: number;
  p99: number;
}
interface CannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  latency: CannonHistogram;
  requests: CannonHistogram & { total: number };
  throughput: CannonHistogram & { total: number };
  statusCodeStats: Record<string, { count: number }>;
}
interface CannonInstance extends PromiseLike<CannonResult> {
  stop(): void;
  on(event: 'response', listener: (client: unknown, status: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: CannonRequest[];
}) => CannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** One load run. */
export interface LoadRun {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerS: number;
  /** Response bytes per second (bodies as sent: gzip when compressed). */
  bytesPerS: number;
  /** Exact percentiles of every answer's latency (autocannon's histogram rounds to whole ms). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /**
   * The same without the first answer of each connection: a busy server that accepts new
   * connections one per event-loop turn makes them wait long for it (see {@link LoadRun.firstAnswers}).
   */
  latencyMsAfterFirst: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** The first answer of each connection: latency percentiles and how many took over 1 s. */
  firstAnswers: { count: number; p50: number; max: number; over1s: number };
  statusCodes: Record<string, number>;
  /** Answers with a status `expect` refused. */
  unexpected: number;
  /** Connection errors other than timeouts. */
  socketErrors: number;
  timeouts: number;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; with `until`, the minimum. */
  durationS: number;
  method?: string;
  headers?: Record<string, string>;
  /** A request built per call (a new body each time), or a fixed one. */
  request?: CannonRequest;
  /** Which statuses count as expected (default 2xx). */
  expect?: (status: number) => boolean;
  /** Keep going after `durationS` until this returns true (checked every 200 ms), at most `capS`. */
  until?: () => boolean;
  capS?: number;
  /** Per-request timeout, s (default 10). */
  timeoutS?: number;
  /** Called with each answer's completion time (`performance.now()`) and latency, ms. */
  onAnswer?: (atMs: number, latencyMs: number, status: number) => void;
}

/** Exact latency percentiles of some answers, ms. */
export function latencyFigures(latencies: readonly number[]): LoadRun['latencyMs'] {
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    p50: r1(quantile(latencies, 0.5)),
    p90: r1(quantile(latencies, 0.9)),
    p99: r1(quantile(latencies, 0.99)),
    max: r1(latencies.length > 0 ? latencies.reduce((a, b) => Math.max(a, b)) : Number.NaN),
    mean: r1(latencies.length > 0 ? sum / latencies.length : Number.NaN),
  };
}

/** Runs autocannon and returns figures with exact percentiles. */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const expect = options.expect ?? ((s: number) => s >= 200 && s < 300);
  const latencies: number[] = [];
  const afterFirst: number[] = [];
  const first: number[] = [];
  const seen = new Set<unknown>();
  const codes: Record<string, number> = {};
  let unexpected = 0;
  const capS = options.until ? Math.max(options.capS ?? 300, options.durationS) : options.durationS;
  const t0 = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: capS,
    timeout: options.timeoutS ?? 10,
    ...(options.method ? { method: options.method } : {}),
    headers: { ...authHeaders(options.url), ...(options.headers ?? {}) },
    ...(options.request ? { requests: [{ ...options.request, headers: { ...authHeaders(options.url), ...(options.request.headers ?? {}) } }] } : {}),
  });
  instance.on('response', (client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (seen.has(client)) afterFirst.push(responseTime);
    else {
      seen.add(client);
      first.push(responseTime);
    }
    codes[status] = (codes[status] ?? 0) + 1;
    if (!expect(status)) unexpected++;
    options.onAnswer?.(performance.now(), responseTime, status);
  });
  let poll: NodeJS.Timeout | undefined;
  if (options.until) {
    const until = options.until;
    poll = setInterval(() => {
      if ((performance.now() - t0) / 1000 >= options.durationS && until()) instance.stop();
    }, 200);
  }
  const result = await instance;
  if (poll) clearInterval(poll);
  const durationS = result.duration > 0 ? result.duration : (performance.now() - t0) / 1000;
  return {
    connections: options.connections,
    durationS: r1(durationS),
    requests: latencies.length,
    requestsPerS: r1(latencies.length / durationS),
    bytesPerS: Math.round(result.throughput.total / durationS),
    latencyMs: latencyFigures(latencies),
    latencyMsAfterFirst: latencyFigures(afterFirst),
    firstAnswers: { count: first.length, p50: r1(quantile(first, 0.5)), max: r1(first.length > 0 ? Math.max(...first) : Number.NaN), over1s: first.filter((x) => x > 1000).length },
    statusCodes: codes,
    unexpected,
    socketErrors: result.errors - result.timeouts,
    timeouts: result.timeouts,
  };
}

// ---------- request bodies ----------

/** Fill 0..100 with one decimal, from a counter (deterministic, spread). */
const fillOf = (i: number): number => ((i * 7919) % 1001) / 10;

/**
 * Unique readings for JSON batches and CSV rows: reading `i` is for bin `i mod n`, at
 * `startMs − i` seconds (so one bin's readings are `n` seconds apart and no pair repeats). `startMs`
 * carries a millisecond part the sample's whole-minute readings never have, so nothing collides
 * with the seed either; two sources with different millisecond parts never collide with each other.
 */
export class ReadingSource {
  private next = 0;
  constructor(
    private readonly binIds: readonly string[],
    private readonly startMs: number,
  ) {
    if (binIds.length === 0) throw new Error('no bins');
  }

  /** Readings handed out so far. */
  get count(): number {
    return this.next;
  }

  /** The next reading as `[binId, isoInstant, fill]`. */
  take(): [string, string, number] {
    const i = this.next++;
    return [this.binIds[i % this.binIds.length]!, new Date(this.startMs - i * 1000).toISOString(), fillOf(i)];
  }

  /** A JSON batch body of `n` readings. */
  batch(n: number): string {
    const items: string[] = [];
    for (let k = 0; k < n; k++) {
      const [binId, measuredAt, fillPercent] = this.take();
      items.push(`{"binId":${JSON.stringify(binId)},"measuredAt":"${measuredAt}","fillPercent":${fillPercent}}`);
    }
    return `[${items.join(',')}]`;
  }

  /** A CSV body of about `bytes` bytes (header `bin_id,measured_at,fill_percent`), in chunks of about `chunkBytes`. */
  csv(bytes: number, chunkBytes = 64 * 1024): { chunks: Buffer[]; rows: number; bytes: number } {
    const chunks: Buffer[] = [];
    let part = 'bin_id,measured_at,fill_percent\n';
    let total = 0;
    let rows = 0;
    for (;;) {
      const [binId, at, fill] = this.take();
      const line = `${binId},${at},${fill}\n`;
      if (total + part.length + line.length > bytes) {
        this.next--; // not used
        break;
      }
      part += line;
      rows++;
      if (part.length >= chunkBytes) {
        chunks.push(Buffer.from(part));
        total += part.length;
        part = '';
      }
    }
    if (part.length > 0) {
      chunks.push(Buffer.from(part));
      total += part.length;
    }
    return { chunks, rows, bytes: total };
  }
}

/** What {@link uploadCsv} got. */
export interface UploadResult {
  status: number;
  ms: number;
  bytes: number;
  mbPerS: number;
  inserted: number | null;
  duplicates: number | null;
  rejected: number | null;
  error: string | null;
}

/** Streams a CSV body to `POST /api/readings` as fast as the connection takes it (write backpressure). */
export function uploadCsv(base: string, chunks: readonly Buffer[]): Promise<UploadResult> {
  const bytes = chunks.reduce((a, c) => a + c.length, 0);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, raw: Buffer | null, error: string | null): void => {
      const ms = performance.now() - t0;
      type Body = { inserted?: number; duplicates?: number; rejected?: unknown[] };
      let parsed: Body | null = null;
      try {
        parsed = raw && raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Body) : null;
      } catch {
        parsed = null;
      }
      resolve({
        status,
        ms: Math.round(ms),
        bytes,
        mbPerS: r1(bytes / 1_048_576 / (ms / 1000)),
        inserted: parsed?.inserted ?? null,
        duplicates: parsed?.duplicates ?? null,
        rejected: Array.isArray(parsed?.rejected) ? parsed.rejected.length : null,
        error: error ?? (status === 201 || status === 207 ? null : `status ${status}: ${raw?.toString('utf8').slice(0, 300) ?? ''}`),
      });
    };
    const req = httpRequest(
      `${base}/api/readings`,
      { method: 'POST', headers: { ...authHeaders(base), 'content-type': 'text/csv', 'content-length': String(bytes) }, timeout: 600_000 },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(parts), null));
        res.on('error', (err) => done(res.statusCode ?? 0, null, err.message));
      },
    );
    req.on('error', (err) => done(0, null, err.message));
    let i = 0;
    const pump = (): void => {
      while (i < chunks.length) {
        const ok = req.write(chunks[i++]!);
        if (!ok) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

// ---------- databases of the history-size runs ----------

/** Copies a live database (WAL) into `dest` with SQLite's online backup. */
export async function snapshotDb(src: string, dest: string): Promise<void> {
  const db = new Database(src, { readonly: true, fileMustExist: true });
  try {
    await db.backup(dest);
  } finally {
    db.close();
  }
}

/** Counts of a history-size database. */
export interface HistoryStats {
  readings: number;
  /** Readings in the decision window (the 21 days before now). */
  readingsLast21Days: number;
  oldest: string | null;
  newest: string | null;
  /** ms spent deleting or inserting. */
  buildMs: number;
  deleted: number;
  inserted: number;
}

const SIX_HOURS_MS = 6 * 3_600_000;

/**
 * Brings the readings table of `path` (a copy of a seeded database) to exactly `target` rows, in
 * SQL on the file (the benchmark imports no server code; the table's trigger keeps `bin_latest`):
 * above it, the oldest readings are deleted (the latest of every bin stays); below it, synthetic
 * readings are added in transactions, one per bin every 6 hours going back in time from before the
 * oldest stored reading (each bin offset by a few seconds), so the recent weeks keep the sample's
 * density and the history only grows older. Fills follow a sawtooth (a bin filling 8-20 % a day,
 * emptied at about 90 %).
 */
export function shapeHistory(path: string, target: number, nowMs: number): HistoryStats {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const t0 = performance.now();
  let deleted = 0;
  let inserted = 0;
  try {
    const countAll = (): number => db.prepare('SELECT COUNT(*) FROM readings').pluck().get() as number;
    const count = countAll();
    if (count > target) {
      deleted = db
        .prepare('DELETE FROM readings WHERE (bin_id, measured_at) IN (SELECT bin_id, measured_at FROM readings ORDER BY measured_at LIMIT ?)')
        .run(count - target).changes;
    } else if (count < target) {
      const bins = db.prepare('SELECT id FROM bins ORDER BY id').pluck().all() as string[];
      const oldest = Date.parse(db.prepare('SELECT MIN(measured_at) FROM readings').pluck().get() as string);
      const need = target - count;
      const base = Math.floor(oldest / SIX_HOURS_MS) * SIX_HOURS_MS;
      const stmt = db.prepare('INSERT OR IGNORE INTO readings (bin_id, measured_at, fill_percent) VALUES (?, ?, ?)');
      const insert = db.transaction((rows: [string, string, number][]) => {
        let n = 0;
        for (const r of rows) n += stmt.run(r[0], r[1], r[2]).changes;
        return n;
      });
      let rows: [string, string, number][] = [];
      for (let k = 1, made = 0; made < need; k++) {
        for (let b = 0; b < bins.length && made < need; b++, made++) {
          const ms = base - k * SIX_HOURS_MS + b * 7_000;
          const ratePerDay = 8 + ((b * 37) % 13);
          const fill = ((ms / 86_400_000) * ratePerDay + b * 11) % 90;
          rows.push([bins[b]!, new Date(ms).toISOString(), Math.round(fill * 10) / 10]);
          if (rows.length >= 50_000) {
            inserted += insert(rows);
            rows = [];
          }
        }
      }
      if (rows.length > 0) inserted += insert(rows);
    }
    const buildMs = Math.round(performance.now() - t0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const span = db.prepare('SELECT MIN(measured_at) AS oldest, MAX(measured_at) AS newest FROM readings').get() as { oldest: string | null; newest: string | null };
    const recent = db.prepare('SELECT COUNT(*) FROM readings WHERE measured_at > ?').pluck().get(new Date(nowMs - 21 * 86_400_000).toISOString()) as number;
    return { readings: countAll(), readingsLast21Days: recent, oldest: span.oldest, newest: span.newest, buildMs, deleted, inserted };
  } finally {
    db.close();
  }
}
