/**
 * Test helpers: in-memory database, row factories, and an app listening on port 0.
 */
import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppConfig } from '../src/app.js';
import { openDb, type Db } from '../src/db/connection.js';
import { BinsRepository, type BinRow } from '../src/db/repositories/bins-repository.js';
import { FleetRepository, type SiteRow, type VehicleRow } from '../src/db/repositories/fleet-repository.js';
import { ReadingsRepository, type ReadingRow } from '../src/db/repositories/readings-repository.js';
import { SpacesRepository } from '../src/db/repositories/spaces-repository.js';
import { UsersRepository } from '../src/db/repositories/users-repository.js';
import { hashPassword } from '../src/auth/passwords.js';
import type { Role } from '../contract/index.js';
import { randomUUID } from 'node:crypto';
import type { RoadContext } from '../src/services/road-context.js';
import { cellOf, H3_RESOLUTION, type RoadNetwork } from '../src/solver.js';

export const NOW = new Date('2026-11-28T08:00:00Z');

let binSeq = 0;
/** A bin row; `id` and location default to something valid. */
export function binRow(over: Partial<BinRow> = {}): BinRow {
  binSeq++;
  const lng = over.lng ?? 7.4246 + binSeq * 1e-4;
  const lat = over.lat ?? 43.7384;
  return {
    id: `B${String(binSeq).padStart(4, '0')}`,
    stream: 'residual',
    container: 'bac-660',
    capacityLitres: 660,
    serviceSec: 60,
    origin: 'generated',
    osmRef: null,
    ...over,
    lng,
    lat,
    h3Cell: over.h3Cell ?? cellOf([lng, lat], H3_RESOLUTION),
  };
}

export function siteRow(over: Partial<SiteRow> = {}): SiteRow {
  return { id: 'depot-fontvieille', kind: 'depot', name: 'Dépôt Fontvieille', lng: 7.4155, lat: 43.7305, serviceSec: 0, ...over };
}

export function vehicleRow(over: Partial<VehicleRow> = {}): VehicleRow {
  return {
    id: 'BOM-01',
    name: 'BOM 26 t',
    type: 'bom26',
    streams: ['residual', 'packaging', 'glass', 'paper', 'biowaste'],
    capacityLitres: 80_000,
    capacityKg: 11_000,
    shiftStart: '06:00',
    shiftEnd: '13:00',
    co2KgPerKm: 2.5,
    ...over,
  };
}

export function readingRow(binId: string, measuredAt: string, fillPercent: number): ReadingRow {
  return { binId, measuredAt: new Date(measuredAt).toISOString(), fillPercent };
}

/** Readings every 6 h over 4 days up to 2026-11-27T18:00Z, ending at `end` %, rising `rate` %/day. */
export function risingHistory(id: string, end: number, rate: number): ReadingRow[] {
  const out: ReadingRow[] = [];
  for (let k = 0; k <= 16; k++) {
    const t = Date.parse('2026-11-27T18:00:00Z') - (16 - k) * 6 * 3_600_000;
    out.push(readingRow(id, new Date(t).toISOString(), Math.max(0, end - (rate * (16 - k)) / 4)));
  }
  return out;
}

/** The space test fixtures go to unless they name another. */
/** Ten points on Monaco's streets (the bundled road network snaps each of them), for the bins of API tests. */
export const MONACO_STREET_POINTS: readonly (readonly [number, number])[] = [
  [7.4246, 43.7384],
  [7.4206, 43.7312],
  [7.427, 43.7395],
  [7.429, 43.742],
  [7.4275, 43.746],
  [7.434, 43.748],
  [7.418, 43.733],
  [7.4155, 43.7375],
  [7.423, 43.733],
  [7.421, 43.736],
];

/** `[id, lng, lat]` of bins on {@link MONACO_STREET_POINTS}: ids `<prefix>01`, `<prefix>02`... */
export function monacoBins(prefix: string): [string, number, number][] {
  return MONACO_STREET_POINTS.map(([lng, lat], i) => [`${prefix}${String(i + 1).padStart(2, '0')}`, lng, lat]);
}

export const TEST_SPACE = 'test';
/** The password of every test user. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates space `id` if it does not exist. */
export function ensureSpace(db: Db, id: string = TEST_SPACE, timeZone = 'Europe/Monaco'): void {
  const spaces = new SpacesRepository(db);
  if (!spaces.get(id)) spaces.insert({ id, name: `Espace ${id}`, kind: 'commune', communes: [], timeZone, createdAt: NOW.toISOString() });
}

/** Inserts fixture rows into a space (created if needed) of a database. */
export function insertRows(db: Db, rows: { bins?: BinRow[]; sites?: SiteRow[]; vehicles?: VehicleRow[]; readings?: ReadingRow[] }, spaceId: string = TEST_SPACE): void {
  db.transaction(() => {
    ensureSpace(db, spaceId);
    new BinsRepository(db, spaceId).insert(rows.bins ?? []);
    const fleet = new FleetRepository(db, spaceId);
    fleet.insertSites(rows.sites ?? []);
    fleet.insertVehicles(rows.vehicles ?? []);
    new ReadingsRepository(db, spaceId).insert(rows.readings ?? []);
  })();
}

let testHash: Promise<string> | null = null;

/**
 * Makes user `username` (password {@link TEST_PASSWORD}) a `role` of `spaceId` (created if needed);
 * a driver is bound to `vehicleId` or the space's first vehicle. @returns the user id.
 */
export async function ensureUser(db: Db, username: string, role: Role, spaceId: string = TEST_SPACE, vehicleId?: string): Promise<string> {
  ensureSpace(db, spaceId);
  testHash ??= hashPassword(TEST_PASSWORD);
  const hash = await testHash;
  const users = new UsersRepository(db);
  let user = users.byUsername(username);
  if (!user) {
    user = { id: randomUUID(), username, displayName: username, passwordHash: hash, createdAt: NOW.toISOString(), passwordChangedAt: NOW.toISOString(), demo: false, lastSpaceId: null };
    users.insert(user);
  }
  const vehicle = role === 'driver' ? (vehicleId ?? new FleetRepository(db, spaceId).vehicles()[0]?.id ?? null) : null;
  if (role === 'driver' && vehicle === null) throw new Error(`space ${spaceId} has no vehicle for a driver`);
  users.setMembership({ userId: user.id, spaceId, role, vehicleId: vehicle });
  return user.id;
}

/** `fetch` with a path under the app's URL, signed in as someone (cookie and CSRF token sent). */
export type ApiFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Signs in at `url` and returns a fetch that sends the session cookie and the CSRF token. */
export async function signIn(url: string, username: string, password: string = TEST_PASSWORD): Promise<ApiFetch & { csrf: string; cookie: string }> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const api = ((path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { cookie, 'x-csrf-token': csrfToken, ...(init.headers as Record<string, string> | undefined) } })) as ApiFetch & {
    csrf: string;
    cookie: string;
  };
  api.csrf = csrfToken;
  api.cookie = cookie;
  return api;
}

/** A road context with no network and no snaps, for tests that do not route. */
export function noRoadContext(): RoadContext {
  return {
    net: null as unknown as RoadNetwork,
    roadsJson: '{"type":"FeatureCollection","features":[]}',
    source: null,
    binSnaps: new Map(),
    siteSnaps: new Map(),
    unreachable: new Map(),
  };
}

export interface Running {
  url: string;
  app: App;
  db: Db;
  /** `fetch` of a path, signed in as an admin of the test space (every permission but a driver's). */
  fetch: ApiFetch;
  /** A fetch signed in as `role` of `spaceId` (user `<role>@<space>`, created on first use). */
  as(role: Role, spaceId?: string): Promise<ApiFetch>;
  close(): Promise<void>;
}

/** Builds the app over `db` and listens on a free port. */
export async function startApp(db: Db, road: RoadContext = noRoadContext(), config: AppConfig = {}, now: () => Date = () => NOW): Promise<Running> {
  const logs: string[] = [];
  const app = createApp({ db, road, now, config: { logLevel: 'silent', ...config }, log: (l) => logs.push(l) });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const sessions = new Map<string, Promise<ApiFetch>>();
  const as = (role: Role, spaceId: string = TEST_SPACE): Promise<ApiFetch> => {
    const key = `${role}@${spaceId}`;
    let s = sessions.get(key);
    if (!s) {
      s = ensureUser(db, key, role, spaceId).then(() => signIn(url, key));
      sessions.set(key, s);
    }
    return s;
  };
  return {
    url,
    app,
    db,
    fetch: async (path, init) => (await as('admin'))(path, init),
    as,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.ctx.close();
    },
  };
}

export function memoryDb(): Db {
  return openDb(':memory:');
}
