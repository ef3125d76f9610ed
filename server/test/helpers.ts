/**
 * Test helpers: in-memory database, row factories, and an app listening on port 0.
 */
import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppConfig } from '../src/app.js';
import { openDb, type Db } from '../src/db/connection.js';
import { BinsRepository, type BinRow } from '../src/db/repositories/bins-repository.js';
import { FleetRepository, type SiteRow, type VehicleRow } from '../src/db/repositories/fleet-repository.js';
import { ReadingsRepository, type ReadingRow } from '../src/db/repositories/readings-repository.js';
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

/** Inserts fixture rows into a database. */
export function insertRows(db: Db, rows: { bins?: BinRow[]; sites?: SiteRow[]; vehicles?: VehicleRow[]; readings?: ReadingRow[] }): void {
  db.transaction(() => {
    new BinsRepository(db).insert(rows.bins ?? []);
    const fleet = new FleetRepository(db);
    fleet.insertSites(rows.sites ?? []);
    fleet.insertVehicles(rows.vehicles ?? []);
    new ReadingsRepository(db).insert(rows.readings ?? []);
  })();
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
  close(): Promise<void>;
}

/** Builds the app over `db` and listens on a free port. */
export async function startApp(db: Db, road: RoadContext = noRoadContext(), config: AppConfig = {}, now: () => Date = () => NOW): Promise<Running> {
  const logs: string[] = [];
  const app = createApp({ db, road, now, config, log: (l) => logs.push(l) });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.ctx.queue.idle();
    },
  };
}

export function memoryDb(): Db {
  return openDb(':memory:');
}
