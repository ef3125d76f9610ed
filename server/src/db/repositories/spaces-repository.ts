/** All SQL about spaces (collectivités). */
import type { Db } from '../connection.js';

/** A `spaces` row; `communes` parsed from JSON. */
export interface SpaceRow {
  id: string;
  name: string;
  kind: 'commune' | 'intercommunalite';
  communes: string[];
  timeZone: string;
  createdAt: string;
}

const COLUMNS = 'id, name, kind, communes, time_zone AS timeZone, created_at AS createdAt';

/** Prepared statements over `spaces` (platform-wide: spaces are what everything else is scoped by). */
export class SpacesRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare('INSERT INTO spaces (id, name, kind, communes, time_zone, created_at) VALUES (@id, @name, @kind, @communes, @timeZone, @createdAt)'),
      get: db.prepare(`SELECT ${COLUMNS} FROM spaces WHERE id = ?`),
      all: db.prepare(`SELECT ${COLUMNS} FROM spaces ORDER BY id`),
      update: db.prepare('UPDATE spaces SET name = @name, communes = @communes, time_zone = @timeZone WHERE id = @id'),
    };
  }

  insert(row: SpaceRow): void {
    this.s.insert.run({ ...row, communes: JSON.stringify(row.communes) });
  }

  get(id: string): SpaceRow | undefined {
    const r = this.s.get.get(id) as (Omit<SpaceRow, 'communes'> & { communes: string }) | undefined;
    return r && { ...r, communes: JSON.parse(r.communes) as string[] };
  }

  all(): SpaceRow[] {
    return (this.s.all.all() as (Omit<SpaceRow, 'communes'> & { communes: string })[]).map((r) => ({ ...r, communes: JSON.parse(r.communes) as string[] }));
  }

  /** Changes a space's name, communes and time zone. */
  update(row: Pick<SpaceRow, 'id' | 'name' | 'communes' | 'timeZone'>): void {
    this.s.update.run({ ...row, communes: JSON.stringify(row.communes) });
  }
}
