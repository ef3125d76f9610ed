/**
 * `createApp(deps)`: the Express application without listening, so tests can drive it.
 *
 * The front door: a `Host` allow-list (DNS rebinding), security headers with a strict
 * Content-Security-Policy (helmet), compression, request logging with request ids and the
 * caller (pino), who the caller is (a session cookie or a bearer token, `authenticate`), then the
 * route table (`http/api.ts`: every endpoint with its access rule, documented in
 * `/api/openapi.json`), JSON 404 for unknown `/api` paths, the built dashboard.
 *
 * Every request works in its principal's space (`services/space-context.ts`); heavy work
 * (decisions, plans, turn-by-turn routing) runs in two compute worker threads shared by all
 * spaces: `queries` (short tasks) and `plans` (one plan at a time).
 *
 * Periodic jobs: expired sessions and old audit events (every 6 h), and the trucks' positions older
 * than their retention (RGPD, issue #15: at start and every day).
 */
import compression from 'compression';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { MAX_PENDING_PLANS } from '../contract/index.js';
import { AuditLog } from './auth/audit-log.js';
import { AuthService } from './auth/auth-service.js';
import { actorName } from './auth/principal.js';
import { ComputeWorker } from './compute/compute-client.js';
import type { Db } from './db/connection.js';
import { purgePositions } from './db/repositories/driver-repository.js';
import { SpacesRepository } from './db/repositories/spaces-repository.js';
import { apiNotFound, errorMiddleware } from './errors.js';
import { apiRouter, type ApiRoute } from './http/api.js';
import { hostAllowList, LOOPBACK_HOSTS } from './http/host-allow-list.js';
import { auditRoutes } from './routes/audit/router.js';
import { binsRoutes } from './routes/bins/router.js';
import { horizonRoutes } from './routes/horizon/router.js';
import { cellsRoutes } from './routes/cells/router.js';
import { docsAssets, docsRoutes } from './routes/docs/router.js';
import { healthRoutes } from './routes/health/router.js';
import { inventoryRoutes } from './routes/inventory/router.js';
import { planEditRoutes } from './routes/plan-edits/router.js';
import { plansRoutes } from './routes/plans/router.js';
import { DEFAULT_REPORTS_PER_HOUR, publicRoutes } from './routes/public/router.js';
import { citizenReportsRoutes } from './routes/citizen-reports/router.js';
import { closuresRoutes } from './routes/closures/router.js';
import { driverRoutes } from './routes/driver/router.js';
import { replansRoutes } from './routes/replans/router.js';
import { readingsRoutes } from './routes/readings/router.js';
import { roadsRoutes } from './routes/roads/router.js';
import { sessionRoutes } from './routes/session/router.js';
import { sitesRoutes } from './routes/sites/router.js';
import { spaceRoutes } from './routes/space/router.js';
import { tokensRoutes } from './routes/tokens/router.js';
import { usersRoutes } from './routes/users/router.js';
import { deskRoutes, deskServices } from './routes/desk/router.js';
import { openDataRoutes } from './routes/opendata/router.js';
import { JobQueue } from './services/job-queue.js';
import { PlanEvents } from './services/plan-service.js';
import type { RoadContext } from './services/road-context.js';
import { SpaceContexts } from './services/space-context.js';

/** The product's version, shown in the API document. */
export const API_VERSION = '0.2.0';

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
  /** Built client to serve with SPA fallback; ignored when missing. */
  clientDistDir?: string;
  /**
   * Host names (without port) the server answers for; any other `Host` gets 421. Default the
   * loopback names ({@link LOOPBACK_HOSTS}).
   */
  allowedHosts?: readonly string[];
  /** Mark the session cookie `Secure` (the server is reached over HTTPS). */
  secureCookies?: boolean;
  /** Audit retention, days. Default 400. */
  auditRetentionDays?: number;
  /** How long trucks' positions are kept, days (RGPD). Default {@link DEFAULT_POSITION_RETENTION_DAYS}. */
  positionRetentionDays?: number;
  /** Request log level (pino): `info` logs every request; `silent` none. Default `info`. */
  logLevel?: string;
  /** Citizens' reports one client address may send to a space per hour. Default {@link DEFAULT_REPORTS_PER_HOUR} (5). */
  reportsPerHour?: number;
}

/** What `createApp` needs: the database, the boot-time road context, the clock. */
export interface AppDeps {
  db: Db;
  road: RoadContext;
  now: () => Date;
  config?: AppConfig;
  /** Human progress lines (`[plan] ...`); the request log is JSON on stderr through pino. */
  log?: (line: string) => void;
  /** The request logger; default pino to stderr at `config.logLevel`. */
  logger?: Logger;
}

/** What routes get: deps plus the services built on them. */
export interface AppContext {
  db: Db;
  road: RoadContext;
  now: () => Date;
  spaces: SpaceContexts;
  auth: AuthService;
  audit: AuditLog;
  queue: JobQueue;
  events: PlanEvents;
  /** Short compute tasks (decisions, turn-by-turn routing). */
  queries: ComputeWorker;
  /** The plan pipeline, one plan at a time. */
  planner: ComputeWorker;
  startedAtMs: number;
  /** Plans queued and running in all spaces, and the bound per space. */
  pendingPlans(): { queued: number; running: number; max: number };
  /** The route table. */
  routes: readonly ApiRoute[];
  /** Deletes the trucks' positions older than the retention (run at start and daily). @returns how many. */
  purgePositions(): number;
  /** Stops the worker threads (after the queue is idle) and the periodic jobs. */
  close(): Promise<void>;
}

/** The app plus the services, so callers (boot, tests) can queue plans or wait for jobs. */
export type App = Express & { ctx: AppContext };

/** How often expired sessions and old audit events are deleted, ms. */
const HOUSEKEEPING_EVERY_MS = 6 * 3_600_000;
/** Default retention of the trucks' positions, days (about two months). */
export const DEFAULT_POSITION_RETENTION_DAYS = 61;
/** How often old positions are purged, ms. */
export const POSITION_PURGE_EVERY_MS = 24 * 3_600_000;

/** Builds the Express app. Does not listen. */
export function createApp(deps: AppDeps): App {
  const config = deps.config ?? {};
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const logger = deps.logger ?? pino({ level: config.logLevel ?? 'info', base: { pid: process.pid } }, pino.destination(2));
  const queries = new ComputeWorker('queries', { road: deps.road.source, maxHeapMb: 2048, log });
  const planner = new ComputeWorker('plans', { road: deps.road.source, maxHeapMb: 4096, log });
  const queue = new JobQueue(log);
  const events = new PlanEvents();
  const audit = new AuditLog(deps.db, deps.now, config.auditRetentionDays);
  const auth = new AuthService(deps.db, deps.now, audit, { secureCookies: config.secureCookies === true });
  const spaces = new SpaceContexts({
    db: deps.db,
    road: deps.road,
    now: deps.now,
    queries,
    planner,
    queue,
    events,
    planOptions: {
      log,
      ...(config.solveIterations !== undefined ? { maxIterations: config.solveIterations } : {}),
      ...(config.solveSeed !== undefined ? { seed: config.solveSeed } : {}),
      ...(config.solveTimeLimitMs !== undefined ? { timeLimitMs: config.solveTimeLimitMs } : {}),
    },
  });
  const spacesRepo = new SpacesRepository(deps.db);
  const housekeeping = setInterval(() => {
    auth.purgeSessions();
    audit.purge();
    // citizens' reports whose bin was collected are closed: their e-mail and photo go
    for (const s of spacesRepo.all()) spaces.get(s.id).citizenReports.closeCollected();
  }, HOUSEKEEPING_EVERY_MS);
  housekeeping.unref();
  const retentionDays = config.positionRetentionDays ?? DEFAULT_POSITION_RETENTION_DAYS;
  const purgeOldPositions = (): number => {
    const n = purgePositions(deps.db, new Date(deps.now().getTime() - retentionDays * 86_400_000).toISOString());
    if (n > 0) log(`[privacy] deleted ${n} truck position(s) older than ${retentionDays} days`);
    return n;
  };
  purgeOldPositions();
  const positionPurge = setInterval(purgeOldPositions, POSITION_PURGE_EVERY_MS);
  positionPurge.unref();

  const ctx: AppContext = {
    db: deps.db,
    road: deps.road,
    now: deps.now,
    spaces,
    auth,
    audit,
    queue,
    events,
    queries,
    planner,
    startedAtMs: Date.now(),
    pendingPlans: () => {
      const total = { queued: 0, running: 0, max: MAX_PENDING_PLANS };
      for (const s of spacesRepo.all()) {
        const p = spaces.get(s.id).plans.pending();
        total.queued += p.queued;
        total.running += p.running;
      }
      return total;
    },
    routes: [],
    purgePositions: purgeOldPositions,
    close: async () => {
      clearInterval(housekeeping);
      clearInterval(positionPurge);
      await queue.idle();
      await Promise.all([queries.close(), planner.close()]);
    },
  };
  const deskOf = deskServices(ctx);
  const routes: ApiRoute[] = [
    ...healthRoutes(ctx),
    ...sessionRoutes(ctx),
    ...spaceRoutes(ctx),
    ...usersRoutes(ctx),
    ...tokensRoutes(ctx),
    ...auditRoutes(ctx),
    ...binsRoutes(ctx),
    ...horizonRoutes(ctx),
    ...cellsRoutes(ctx),
    ...readingsRoutes(ctx),
    ...plansRoutes(ctx),
    ...replansRoutes(ctx),
    ...closuresRoutes(ctx),
    ...planEditRoutes(ctx),
    ...driverRoutes(ctx),
    ...roadsRoutes(ctx),
    ...sitesRoutes(ctx),
    ...inventoryRoutes(ctx),
    ...deskRoutes(ctx, deskOf),
    ...openDataRoutes(ctx, deskOf),
    ...publicRoutes(ctx, config.reportsPerHour ?? DEFAULT_REPORTS_PER_HOUR),
    ...citizenReportsRoutes(ctx),
    ...docsRoutes(() => ctx.routes, API_VERSION),
  ];
  ctx.routes = routes;

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
  app.use(auth.authenticate());
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // the URL without its query (it may carry ids, never secrets: those go in headers and bodies, which are not logged)
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customProps: (req) => {
        const p = req.principal;
        return p && p.kind !== 'anonymous' ? { actor: actorName(p), space: p.spaceId } : { actor: 'anonymous' };
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use('/api', express.json({ limit: config.bodyLimit ?? '5mb' }));
  app.use('/api/docs/assets', docsAssets());
  app.use(apiRouter(routes));
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

