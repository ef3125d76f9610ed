/** All SQL about the street closures and no-go areas of one space. */
import type { Db } from '../connection.js';

/** A closure's shape: GeoJSON geometry, `[lng, lat]`. */
export type ClosureGeometry =
  | { type: 'LineString'; coordinates: [number, number][] }
  | { type: 'MultiLineString'; coordinates: [number, number][][] }
  | { type: 'Polygon'; coordinates: [number, number][][] };

/** A `closures` row, geometry parsed. */
export interface ClosureRow {
  id: string;
  label: string;
  /** `street` (a line) or `area` (a polygon). */
  kind: 'street' | 'area';
  geometry: ClosureGeometry;
  /** Local date-times `YYYY-MM-DDTHH:MM` in the space's time zone; `validTo` after `validFrom`. */
  validFrom: string;
  validTo: string;
  createdAt: string;
}

const COLUMNS = 'id, label, kind, geometry, valid_from AS validFrom, valid_to AS validTo, created_at AS createdAt';
type Stored = Omit<ClosureRow, 'geometry'> & { geometry: string };
const parse = (r: Stored): ClosureRow => ({ ...r, geometry: JSON.parse(r.geometry) as ClosureGeometry });

/** Prepared statements over `closures`, scoped to space `spaceId`. */
export class ClosuresRepository {
  private readonly s;

  constructor(
    db: Db,
    readonly spaceId: string,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO closures (id, space_id, label, kind, geometry, valid_from, valid_to, created_at)
         VALUES (@id, @spaceId, @label, @kind, @geometry, @validFrom, @validTo, @createdAt)`,
      ),
      update: db.prepare(
        `UPDATE closures SET label = @label, kind = @kind, geometry = @geometry, valid_from = @validFrom, valid_to = @validTo
         WHERE id = @id AND space_id = @spaceId`,
      ),
      remove: db.prepare('DELETE FROM closures WHERE id = ? AND space_id = ?'),
      get: db.prepare(`SELECT ${COLUMNS} FROM closures WHERE id = ? AND space_id = ?`),
      all: db.prepare(`SELECT ${COLUMNS} FROM closures WHERE space_id = ? ORDER BY valid_from, id`),
      during: db.prepare(`SELECT ${COLUMNS} FROM closures WHERE space_id = ? AND valid_from < ? AND valid_to > ? ORDER BY valid_from, id`),
    };
  }

  insert(row: ClosureRow): void {
    this.s.insert.run({ ...row, spaceId: this.spaceId, geometry: JSON.stringify(row.geometry) });
  }

  /** Replaces a closure's label, shape and period. @returns whether it was a closure of this space. */
  update(row: Omit<ClosureRow, 'createdAt'>): boolean {
    return this.s.update.run({ ...row, spaceId: this.spaceId, geometry: JSON.stringify(row.geometry) }).changes > 0;
  }

  /** @returns whether it was a closure of this space. */
  remove(id: string): boolean {
    return this.s.remove.run(id, this.spaceId).changes > 0;
  }

  get(id: string): ClosureRow | undefined {
    const row = this.s.get.get(id, this.spaceId) as Stored | undefined;
    return row && parse(row);
  }

  /** Every closure of the space, earliest first. */
  all(): ClosureRow[] {
    return (this.s.all.all(this.spaceId) as Stored[]).map(parse);
  }

  /** Closures whose period meets the local interval [`from`, `to`) (`YYYY-MM-DDTHH:MM` strings). */
  during(from: string, to: string): ClosureRow[] {
    return (this.s.during.all(this.spaceId, to, from) as Stored[]).map(parse);
  }
}
