/**
 * All SQL that edits the inventory of one space: bins, sites and vehicles are written (inserted,
 * updated, brought back) and retired here, never deleted (stored plans, readings and alerts keep
 * naming them). Every statement is scoped to the space; `owners` is the one platform-wide lookup
 * (ids are unique across spaces), and it answers only whether an id is taken elsewhere.
 */
import type { InventoryKind } from '../../../contract/index.js';
import type { Db } from '../connection.js';
import type { BinRow } from './bins-repository.js';
import type { SiteRow, VehicleRow } from './fleet-repository.js';

/** Who holds an id: this space (active or retired) or another space. */
export type IdOwner = { readonly space: 'this'; readonly retired: boolean } | { readonly space: 'other' };

const TABLE: Record<InventoryKind, string> = { bins: 'bins', sites: 'sites', vehicles: 'vehicles' };

/** Prepared statements editing the inventory of space `spaceId`. */
export class InventoryRepository {
  private readonly owner: Record<InventoryKind, ReturnType<Db['prepare']>>;
  private readonly retireStmt: Record<InventoryKind, ReturnType<Db['prepare']>>;
  private readonly upsertBinStmt;
  private readonly upsertSiteStmt;
  private readonly upsertVehicleStmt;
  private readonly driversOfStmt;

  constructor(
    private readonly db: Db,
    readonly spaceId: string,
  ) {
    const kinds = Object.keys(TABLE) as InventoryKind[];
    this.owner = Object.fromEntries(kinds.map((k) => [k, db.prepare(`SELECT space_id AS spaceId, retired_at AS retiredAt FROM ${TABLE[k]} WHERE id = ?`)])) as InventoryRepository['owner'];
    this.retireStmt = Object.fromEntries(
      kinds.map((k) => [k, db.prepare(`UPDATE ${TABLE[k]} SET retired_at = @at WHERE id = @id AND space_id = @spaceId AND retired_at IS NULL`)]),
    ) as InventoryRepository['retireStmt'];
    this.upsertBinStmt = db.prepare(
      `INSERT INTO bins (id, space_id, lng, lat, stream, container, capacity_litres, service_sec, origin, osm_ref, h3_cell, access_notes)
       VALUES (@id, @spaceId, @lng, @lat, @stream, @container, @capacityLitres, @serviceSec, @origin, @osmRef, @h3Cell, @accessNotes)
       ON CONFLICT (id) DO UPDATE SET lng = excluded.lng, lat = excluded.lat, stream = excluded.stream, container = excluded.container,
         capacity_litres = excluded.capacity_litres, service_sec = excluded.service_sec, osm_ref = excluded.osm_ref, h3_cell = excluded.h3_cell,
         access_notes = CASE WHEN @keepNotes = 1 THEN bins.access_notes ELSE excluded.access_notes END,
         retired_at = NULL
       WHERE bins.space_id = excluded.space_id`,
    );
    this.upsertSiteStmt = db.prepare(
      `INSERT INTO sites (id, space_id, kind, name, lng, lat, service_sec) VALUES (@id, @spaceId, @kind, @name, @lng, @lat, @serviceSec)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, lng = excluded.lng, lat = excluded.lat,
         service_sec = excluded.service_sec, retired_at = NULL
       WHERE sites.space_id = excluded.space_id`,
    );
    this.upsertVehicleStmt = db.prepare(
      `INSERT INTO vehicles (id, space_id, name, type, streams, capacity_litres, capacity_kg, shift_start, shift_end, co2_kg_per_km)
       VALUES (@id, @spaceId, @name, @type, @streams, @capacityLitres, @capacityKg, @shiftStart, @shiftEnd, @co2KgPerKm)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, streams = excluded.streams, capacity_litres = excluded.capacity_litres,
         capacity_kg = excluded.capacity_kg, shift_start = excluded.shift_start, shift_end = excluded.shift_end, co2_kg_per_km = excluded.co2_kg_per_km,
         retired_at = NULL
       WHERE vehicles.space_id = excluded.space_id`,
    );
    this.driversOfStmt = db.prepare('SELECT COUNT(*) FROM memberships WHERE space_id = ? AND vehicle_id = ?').pluck();
  }

  /** Who holds `id` among the items of `kind` (undefined: nobody). */
  ownerOf(kind: InventoryKind, id: string): IdOwner | undefined {
    const row = this.owner[kind].get(id) as { spaceId: string; retiredAt: string | null } | undefined;
    if (!row) return undefined;
    return row.spaceId === this.spaceId ? { space: 'this', retired: row.retiredAt !== null } : { space: 'other' };
  }

  /**
   * Inserts or updates (and brings back, when retired) a bin of this space; `origin` is kept on
   * update, and so are its access notes when `accessNotes` is undefined (null or empty clears them). @throws when the id belongs to another space (no row changed: checked by the caller first).
   */
  upsertBin(row: BinRow, accessNotes?: string | null): void {
    const notes = accessNotes?.trim() || null;
    this.expectOne(this.upsertBinStmt.run({ ...row, spaceId: this.spaceId, accessNotes: notes, keepNotes: accessNotes === undefined ? 1 : 0 }).changes, row.id);
  }

  /** As {@link upsertBin}, for a site. */
  upsertSite(row: SiteRow): void {
    this.expectOne(this.upsertSiteStmt.run({ ...row, spaceId: this.spaceId }).changes, row.id);
  }

  /** As {@link upsertBin}, for a vehicle. */
  upsertVehicle(row: Omit<VehicleRow, 'streams'> & { streams: readonly string[] }): void {
    this.expectOne(this.upsertVehicleStmt.run({ ...row, streams: JSON.stringify(row.streams), spaceId: this.spaceId }).changes, row.id);
  }

  /** Retires an active item of this space at `at` (ISO instant). @returns whether one was retired. */
  retire(kind: InventoryKind, id: string, at: string): boolean {
    return this.retireStmt[kind].run({ id, at, spaceId: this.spaceId }).changes === 1;
  }

  /** How many drivers of this space are bound to vehicle `id`. */
  driversOf(id: string): number {
    return this.driversOfStmt.get(this.spaceId, id) as number;
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private expectOne(changes: number, id: string): void {
    if (changes !== 1) throw new Error(`inventory id '${id}' is not of space '${this.spaceId}'`);
  }
}
