/**
 * `createApp(deps)`: the Express application without listening, so tests can drive it.
 *
 * The front door (issue #11): a `Host` allow-list (DNS rebinding), security headers with a strict
 * Content-Security-Policy (helmet), compression, JSON 404 for unknown `/api` paths, `/api/health`.
 * Heavy work (decisions, plans, turn-by-turn routing) runs in two compute worker threads: `queries`
 * (short tasks) and `plans` (one plan at a time), so the event loop only does I/O.
 */
import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ComputeWorker } from './compute/compute-client.js';
import type { Db } from './db/connection.js';
import { BinsRepository } from './db/repositories/bins-repository.js';
import { apiNotFound, errorMiddleware } from './errors.js';
import { hostAllowList, LOOPBACK_HOSTS } from './http/host-allow-list.js';
import { alertsRouter } from './routes/readings/alerts-router.js';
import { binsRouter } from './routes/bins/router.js';
import { cellsRouter } from './routes/cells/router.js';
import { healthRouter } from './routes/health/router.js';
import { plansRouter } from './routes/plans/router.js';
import { readingsRouter } from './routes/readings/router.js';
import { roadsRouter } from './routes/roads/router.js';
import { sitesRouter } from './routes/sites/router.js';
import { BinsService, DataVersion } from './services/bins-service.js';
import { DecisionService } from './services/decision-service.js';
import { IngestService } from './services/ingest-service.js';
import { JobQueue } from './services/job-queue.js';
import { KnownBins } from './services/known-bins.js';
import { SERVICE_TIME_ZONE } from './services/local-time.js';
import { PlanService } from './services/plan-service.js';
import { ReadingsService } from './services/readings-service.js';
import type { RoadContext } from './services/road-context.js';

/** Tunables of the app. */
export interface AppConfig {
  /** JSON body limit (body-parser syntax). Default `5mb`. */
  bodyLimit?: string;
  /** Day-search iteration budget per plan. Default `DEFAULT_SOLVE_ITERATIONS` (200). */
  solveIterations?: number;
  /** Optional wall-clock cap of each plan's search, ms (off by default: plans stay reproducible). */
  solveTimeLimitMs?: number;
  /** Solver seed. Default 1. */
  solveSeed?: number;
  timeZone?: string;
  /** Built client to serve with SPA fallback; ignored when missing. */
  clientDistDir?: string;
  /**
   * Host names (without port) the server answers for; any other `Host` gets 421. Default the
   * loopback names ({@link LOOPBACK_HOSTS}).
   */
  allowedHosts?: readonly string[];
}

/** What `createApp` needs: the database, the boot-time road context, the clock. */
export interface AppDeps {
  db: Db;
  road: RoadContext;
  now: () => Date;
  config?: AppConfig;
  log?: (line: string) => void;
}

/** What routers get: deps plus the services built on them. */
export interface AppContext {
  db: Db;
  road: RoadContext;
  now: () => Date;
  timeZone: string;
  decisions: DecisionService;
  bins: BinsService;
  readings: ReadingsService;
  ingest: IngestService;
  plans: PlanService;
  queue: JobQueue;
  /** Short compute tasks (decisions, turn-by-turn routing). */
  queries: ComputeWorker;
  /** The plan pipeline, one plan at a time. */
  planner: ComputeWorker;
  startedAtMs: number;
  /** Stops the worker threads (after the queue is idle). */
  close(): Promise<void>;
}

/** The app plus the services, so callers (boot, tests) can queue plans or wait for jobs. */
export type App = Express & { ctx: AppContext };

/** Builds the Express app. Does not listen. */
export function createApp(deps: AppDeps): App {
  const config = deps.config ?? {};
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timeZone = config.timeZone ?? SERVICE_TIME_ZONE;
  const queries = new ComputeWorker('queries', { road: deps.road.source, maxHeapMb: 2048, log });
  const planner = new ComputeWorker('plans', { road: deps.road.source, maxHeapMb: 4096, log });
  const data = new DataVersion();
  const known = new KnownBins(new BinsRepository(deps.db));
  const decisions = new DecisionService(deps.db, queries, timeZone);
  const onWrite = (): void => {
    data.bump();
    decisions.invalidate();
  };
  const bins = new BinsService(deps.db, decisions, deps.road, data, known, deps.now, timeZone);
  const queue = new JobQueue(log);
  const plans = new PlanService(deps.db, deps.road, decisions, bins, planner, queue, {
    now: deps.now,
    timeZone,
    log,
    ...(config.solveIterations !== undefined ? { maxIterations: config.solveIterations } : {}),
    ...(config.solveSeed !== undefined ? { seed: config.solveSeed } : {}),
    ...(config.solveTimeLimitMs !== undefined ? { timeLimitMs: config.solveTimeLimitMs } : {}),
  });
  const ctx: AppContext = {
    db: deps.db,
    road: deps.road,
    now: deps.now,
    timeZone,
    decisions,
    bins,
    readings: new ReadingsService(deps.db, known, deps.now, onWrite),
    ingest: new IngestService(deps.db, known, deps.now, onWrite),
    plans,
    queue,
    queries,
    planner,
    startedAtMs: Date.now(),
    close: async () => {
      await queue.idle();
      await Promise.all([queries.close(), planner.close()]);
    },
  };

  const app = express() as unknown as App;
  app.ctx = ctx;
  app.disable('x-powered-by');
  app.use(hostAllowList(config.allowedHosts ?? LOOPBACK_HOSTS));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          workerSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // plain HTTP on a local network: HSTS belongs to the TLS proxy in front, if any
      strictTransportSecurity: false,
    }),
  );
  app.use(
    compression({
      // Server-Sent Events must reach the client event by event, not in compressed blocks
      filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
    }),
  );
  app.use('/api', express.json({ limit: config.bodyLimit ?? '5mb' }));
  app.use('/api/health', healthRouter(ctx));
  app.use('/api/bins', binsRouter(ctx));
  app.use('/api/cells', cellsRouter(ctx));
  app.use('/api/readings', readingsRouter(ctx));
  app.use('/api/alerts', alertsRouter(ctx));
  app.use('/api/plans', plansRouter(ctx));
  app.use('/api/roads', roadsRouter(ctx));
  app.use('/api/sites', sitesRouter(ctx));
  app.use('/api', apiNotFound);

  const dist = config.clientDistDir ? resolve(config.clientDistDir) : null;
  if (dist && existsSync(join(dist, 'index.html'))) {
    app.use(express.static(dist));
    app.use((req, res, next) => {
      if (req.method === 'GET' && !req.path.startsWith('/api/')) res.sendFile(join(dist, 'index.html'));
      else next();
    });
  }
  app.use(errorMiddleware(log));
  return app;
}
