/**
 * `createApp(deps)`: the Express application without listening, so tests can drive it.
 */
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from './db/connection.js';
import { BinsRepository } from './db/repositories/bins-repository.js';
import { ReadingsRepository } from './db/repositories/readings-repository.js';
import { apiNotFound, errorMiddleware } from './errors.js';
import { binsRouter } from './routes/bins/router.js';
import { cellsRouter } from './routes/cells/router.js';
import { plansRouter } from './routes/plans/router.js';
import { alertsRouter } from './routes/readings/alerts-router.js';
import { readingsRouter } from './routes/readings/router.js';
import { roadsRouter } from './routes/roads/router.js';
import { sitesRouter } from './routes/sites/router.js';
import { ForecastService } from './services/forecast-service.js';
import { JobQueue } from './services/job-queue.js';
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
  forecast: ForecastService;
  readings: ReadingsService;
  plans: PlanService;
  queue: JobQueue;
}

/** The app plus the services, so callers (boot, tests) can queue plans or wait for jobs. */
export type App = Express & { ctx: AppContext };

/** Builds the Express app. Does not listen. */
export function createApp(deps: AppDeps): App {
  const config = deps.config ?? {};
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timeZone = config.timeZone ?? SERVICE_TIME_ZONE;
  const forecast = new ForecastService(new BinsRepository(deps.db), new ReadingsRepository(deps.db), timeZone);
  const queue = new JobQueue(log);
  const ctx: AppContext = {
    db: deps.db,
    road: deps.road,
    now: deps.now,
    timeZone,
    forecast,
    queue,
    readings: new ReadingsService(deps.db, forecast),
    plans: new PlanService(deps.db, deps.road, forecast, queue, {
      now: deps.now,
      timeZone,
      log,
      ...(config.solveIterations !== undefined ? { maxIterations: config.solveIterations } : {}),
      ...(config.solveSeed !== undefined ? { seed: config.solveSeed } : {}),
      ...(config.solveTimeLimitMs !== undefined ? { timeLimitMs: config.solveTimeLimitMs } : {}),
    }),
  };

  const app = express() as unknown as App;
  app.ctx = ctx;
  app.disable('x-powered-by');
  app.use('/api', express.json({ limit: config.bodyLimit ?? '5mb' }));
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
