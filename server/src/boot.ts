/**
 * Boot: open/migrate/seed the database (the sample city's spaces), set the demo users, load the
 * road network, snap bins and sites, listen; then, in the background, queue again the plans a
 * stopped server left unfinished and plan today in each space that has no plan of today yet (its
 * progress shows on the dashboard). Progress lines go to stderr
 * (`[boot] ...`).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApp, type App, type AppConfig } from './app.js';
import { ensureDemoUsers, type DemoLogin } from './auth/demo-users.js';
import { SpacesRepository } from './db/repositories/spaces-repository.js';
import { startCheckpointer } from './db/checkpointer.js';
import { openDb } from './db/connection.js';
import { BinsRepository } from './db/repositories/bins-repository.js';
import { FleetRepository } from './db/repositories/fleet-repository.js';
import { seedFromData } from './db/seed.js';
import { localDateOf } from './services/local-time.js';
import { loadRoadContext } from './roads-cache.js';

/** The OSM extract the sample city is built on. */
export const OSM_FILE = 'osm/monaco-2016-03-05.osm.pbf';

/** Options of {@link boot}. */
export interface BootOptions {
  /** SQLite file (folder created) or `:memory:`. */
  dbPath: string;
  /** 0 picks a free port. */
  port: number;
  /** Default `data`. */
  dataDir?: string;
  /** Default `client/dist`; served with SPA fallback when it exists. */
  clientDistDir?: string;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  log?: (line: string) => void;
  /** Shift sample readings by whole weeks to end just before `now` (see seed.ts). Default true. */
  shiftReadingsToNow?: boolean;
  /** Folder of the contraction-hierarchy cache. Default `var/cache`. */
  roadsCacheDir?: string;
  /** Host to bind. Default `127.0.0.1`; use `0.0.0.0` to expose on the network. */
  host?: string;
  /**
   * Makes the HTTP server listen instead of binding `port` and `host` itself: under the supervisor
   * (main.ts) on the listening socket it hands over. Resolves once the server listens, with what
   * stops it listening (called by `close()` before the server closes).
   */
  listen?: (server: Server) => Promise<() => void>;
  /** Queue a plan of today in each space when there is none. Default true. */
  planToday?: boolean;
  /** Create and reset the demo users (`<role>@<space>`). Default true. */
  demoUsers?: boolean;
  /** Every demo user's password (`DEMO_PASSWORD`); otherwise each is derived from `demoSecret`. */
  demoPassword?: string;
  /** Secret the demo passwords are derived from (random when absent: new passwords at each boot). */
  demoSecret?: string;
  config?: AppConfig;
}

/** A listening server; `close()` stops it, waits for queued plans and closes the database. */
export interface Booted {
  url: string;
  /** The demo users and their passwords of this start (to print), empty without demo users. */
  demoLogins: DemoLogin[];
  server: Server;
  app: App;
  close(): Promise<void>;
}

/**
 * Boots the server and resolves once it listens.
 * @throws SeedDataError / RoadDataError when the data files are missing or malformed.
 */
export async function boot(options: BootOptions): Promise<Booted> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const dataDir = options.dataDir ?? 'data';
  const t0 = performance.now();
  let t = t0;
  const lap = (what: string): void => {
    const n = performance.now();
    log(`[boot] ${what} in ${Math.round(n - t)} ms`);
    t = n;
  };

  const db = openDb(options.dbPath, { autoCheckpoint: options.dbPath === ':memory:' });
  const checkpointer = options.dbPath === ':memory:' ? null : startCheckpointer(options.dbPath, log);
  lap(`opened database ${options.dbPath}`);
  const stats = await seedFromData(db, { dataDir, now: now(), shiftReadingsToNow: options.shiftReadingsToNow ?? true, log });
  if (stats) {
    lap(
      `seeded ${stats.bins} bins, ${stats.sites} sites, ${stats.vehicles} vehicles, ${stats.readings} readings ` +
        `(${stats.duplicateReadings} duplicates, ${stats.rejectedReadings} rejected, shifted ${stats.shiftWeeks} weeks), ` +
        `${stats.collections} collections (${stats.rejectedCollections} rejected), ${stats.planDays} past plan days`,
    );
  } else t = performance.now();

  const spaces = new SpacesRepository(db).all();
  const bins = spaces.flatMap((s) => new BinsRepository(db, s.id).all());
  const sites = spaces.flatMap((s) => new FleetRepository(db, s.id).sites());
  const demo =
    options.demoUsers === false ? [] : await ensureDemoUsers(db, { ...(options.demoPassword ? { password: options.demoPassword } : {}), secret: options.demoSecret ?? randomUUID(), now: now() });
  if (demo.length > 0) lap(`set ${demo.length} demo users`);
  const osmPath = join(dataDir, OSM_FILE);
  const road = loadRoadContext(new Uint8Array(readFileSync(osmPath)), OSM_FILE, bins, sites, { cacheDir: options.roadsCacheDir, log });
  t = performance.now();

  const app = createApp({ db, road, now, log, config: { clientDistDir: options.clientDistDir ?? 'client/dist', ...options.config } });

  let unlisten = (): void => {};
  const server = createServer(app);
  if (options.listen) unlisten = await options.listen(server);
  else {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`;
  log(`[boot] ready in ${Math.round(performance.now() - t0)} ms at ${url}`);
  const resumed = app.ctx.spaces.resumeInterrupted();
  if (resumed > 0) log(`[boot] queued again ${resumed} plan(s) the previous run left unfinished`);
  for (const space of spaces) {
    const sc = app.ctx.spaces.get(space.id);
    const today = localDateOf(now(), space.timeZone);
    // the map's first request should not wait for today's forecast
    sc.decisions.decide(today).catch((err: unknown) => log(`[boot] today's forecast of ${space.id} failed: ${err instanceof Error ? err.message : String(err)}`));
    if (options.planToday !== false && sc.plans.list(today).every((p) => p.status === 'failed' || p.status === 'cancelled')) {
      const { id } = sc.plans.create(today);
      log(`[boot] planning ${today} for ${space.id} in the background (plan ${id})`);
    }
  }
  return {
    url,
    demoLogins: demo,
    server,
    app,
    close: async () => {
      unlisten();
      const closed = new Promise<void>((res) => server.close(() => res()));
      server.closeAllConnections();
      await closed;
      await app.ctx.close();
      await checkpointer?.stop();
      db.close();
    },
  };
}
