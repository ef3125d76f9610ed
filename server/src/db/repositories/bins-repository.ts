/** All SQL about the bins of one space. */
import type { Db } from '../connection.js';

/** A `bins` row with camelCase, unit-suffixed fields. */
export interface BinRow {
  id: string;
  lng: number;
  lat: number;
  stream: 'residual' | 'packaging' | 'glass' | 'paper' | 'biowaste';
  container: string;
  capacityLitres: number;
  serviceSec: number;
  origin: 'osm' | 'generated';
  osmRef: string | null;
  h3Cell: string;
}

const COLUMNS = `id, lng, lat, stream, container, capacity_litres AS capacityLitres, service_sec AS serviceSec,
  origin, osm_ref AS osmRef, h3_cell AS h3Cell`;

/** Prepared statements over the `bins` of space `spaceId` (every query is scoped to it). */
export class BinsRepository {
  private readonly insertStmt;
  private readonly allStmt;
  private readonly idsStmt;
  private readonly countStmt;
  private readonly notesStmt;

  constructor(
    db: Db,
    readonly spaceId: string,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO bins (id, space_id, lng, lat, stream, container, capacity_litres, service_sec, origin, osm_ref, h3_cell)
       VALUES (@id, @spaceId, @lng, @lat, @stream, @container, @capacityLitres, @serviceSec, @origin, @osmRef, @h3Cell)`,
    );
    this.allStmt = db.prepare(`SELECT ${COLUMNS} FROM bins WHERE space_id = ? AND retired_at IS NULL ORDER BY id`);
    this.idsStmt = db.prepare('SELECT id FROM bins WHERE space_id = ? AND retired_at IS NULL').pluck();
    this.countStmt = db.prepare('SELECT COUNT(*) FROM bins WHERE space_id = ? AND retired_at IS NULL').pluck();
    this.notesStmt = db.prepare(`SELECT id, access_notes AS notes FROM bins WHERE space_id = ? AND access_notes IS NOT NULL AND access_notes != ''`);
  }

  /** Inserts bins into this space (call inside a transaction for many). @throws on a duplicate id or a CHECK failure. */
  insert(rows: readonly BinRow[]): void {
    for (const r of rows) this.insertStmt.run({ ...r, spaceId: this.spaceId });
  }

  /** Every bin of the space (not retired), ordered by id. */
  all(): BinRow[] {
    return this.allStmt.all(this.spaceId) as BinRow[];
  }

  /** The ids of the space's bins. */
  ids(): Set<string> {
    return new Set(this.idsStmt.all(this.spaceId) as string[]);
  }

  /** Access notes of the space's bins that have some (retired ones too: a stored plan may name them), by id. */
  accessNotes(): Map<string, string> {
    return new Map((this.notesStmt.all(this.spaceId) as { id: string; notes: string }[]).map((r) => [r.id, r.notes]));
  }

  count(): number {
    return this.countStmt.get(this.spaceId) as number;
  }
}
