/** All SQL about the sites (depot, disposal) and vehicles of one space. */
import type { Db } from '../connection.js';
import type { BinRow } from './bins-repository.js';

/** A `sites` row. */
export interface SiteRow {
  id: string;
  kind: 'depot' | 'disposal';
  name: string;
  lng: number;
  lat: number;
  serviceSec: number;
}

/** A `vehicles` row; `streams` parsed from JSON. */
export interface VehicleRow {
  id: string;
  name: string;
  type: string;
  streams: BinRow['stream'][];
  capacityLitres: number;
  capacityKg: number;
  /** Local wall-clock `HH:MM`. */
  shiftStart: string;
  shiftEnd: string;
  co2KgPerKm: number;
}

/** Prepared statements over `sites` and `vehicles`. */
export class FleetRepository {
  private readonly insertSite;
  private readonly insertVehicle;
  private readonly allSites;
  private readonly allVehicles;

  constructor(
    db: Db,
    readonly spaceId: string,
  ) {
    this.insertSite = db.prepare('INSERT INTO sites (id, space_id, kind, name, lng, lat, service_sec) VALUES (@id, @spaceId, @kind, @name, @lng, @lat, @serviceSec)');
    this.insertVehicle = db.prepare(
      `INSERT INTO vehicles (id, space_id, name, type, streams, capacity_litres, capacity_kg, shift_start, shift_end, co2_kg_per_km)
       VALUES (@id, @spaceId, @name, @type, @streams, @capacityLitres, @capacityKg, @shiftStart, @shiftEnd, @co2KgPerKm)`,
    );
    this.allSites = db.prepare('SELECT id, kind, name, lng, lat, service_sec AS serviceSec FROM sites WHERE space_id = ? AND retired_at IS NULL ORDER BY kind, id');
    this.allVehicles = db.prepare(
      `SELECT id, name, type, streams, capacity_litres AS capacityLitres, capacity_kg AS capacityKg,
              shift_start AS shiftStart, shift_end AS shiftEnd, co2_kg_per_km AS co2KgPerKm
       FROM vehicles WHERE space_id = ? AND retired_at IS NULL ORDER BY id`,
    );
  }

  insertSites(rows: readonly SiteRow[]): void {
    for (const r of rows) this.insertSite.run({ ...r, spaceId: this.spaceId });
  }

  insertVehicles(rows: readonly VehicleRow[]): void {
    for (const r of rows) this.insertVehicle.run({ ...r, spaceId: this.spaceId, streams: JSON.stringify(r.streams) });
  }

  sites(): SiteRow[] {
    return this.allSites.all(this.spaceId) as SiteRow[];
  }

  vehicles(): VehicleRow[] {
    return (this.allVehicles.all(this.spaceId) as (Omit<VehicleRow, 'streams'> & { streams: string })[]).map((r) => ({
      ...r,
      streams: JSON.parse(r.streams) as VehicleRow['streams'],
    }));
  }
}
