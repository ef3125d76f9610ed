/**
 * All SQL of the analyst's desk (issue #16) over one space: collections, the per-day plan figures
 * (`plan_days`) and the readings aggregated per bin and local day. Every statement is scoped to
 * the space (`space_id`, or the bin's space for readings).
 */
import type { Db } from '../connection.js';

/** A collection to store. `day` is its local date in the space's time zone. */
export interface CollectionInput {
  binId: string;
  collectedAt: string;
  day: string;
  fillBeforePercent: number | null;
  overflowed: boolean | null;
  source: 'sample' | 'driver' | 'import';
}

/** A stored collection (`driver`: from a driver's report on the tablet). */
export interface CollectionRow {
  binId: string;
  collectedAt: string;
  day: string;
  fillBeforePercent: number | null;
  overflowed: 0 | 1 | null;
  source: 'sample' | 'driver' | 'import';
}

/** One day's plan figures of the space. */
export interface PlanDayRow {
  day: string;
  routes: number;
  km: number;
  truckHours: number;
  costEur: number;
  co2Kg: number;
  binsPlanned: number;
  binsCollected: number;
  source: 'sample' | 'plan';
}

/** A bin of the space as the desk needs it. */
export interface DeskBinRow {
  id: string;
  stream: string;
  container: string;
  capacityLitres: number;
  lng: number;
  lat: number;
  h3Cell: string;
  commune: string | null;
  retiredAt: string | null;
}

/**
 * Readings of one bin on one local day: `[binId, day, readings, sumFill, minFill, maxFill, full]`
 * (`full`: readings at or above 100 %).
 */
export type BinDayTuple = [string, string, number, number, number, number, number];

/**
 * The local day of a reading instant as SQL: `date(measured_at, <offset>)`, where the offset is
 * picked by a CASE over the instants the time zone changes its UTC offset within the period
 * (`segments`: from each instant on, that offset in minutes; the first one applies before too).
 */
function dayExpression(segments: readonly { fromIso: string; offsetMin: number }[]): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const mod = (m: number): string => `${m >= 0 ? '+' : '-'}${Math.abs(m)} minutes`;
  if (segments.length <= 1) {
    params.o0 = mod(segments[0]?.offsetMin ?? 0);
    return { sql: 'date(r.measured_at, @o0)', params };
  }
  const whens: string[] = [];
  for (let k = 1; k < segments.length; k++) {
    params[`t${k}`] = segments[k]!.fromIso;
    params[`o${k - 1}`] = mod(segments[k - 1]!.offsetMin);
    whens.push(`WHEN r.measured_at < @t${k} THEN @o${k - 1}`);
  }
  params[`o${segments.length - 1}`] = mod(segments[segments.length - 1]!.offsetMin);
  return { sql: `date(r.measured_at, CASE ${whens.join(' ')} ELSE @o${segments.length - 1} END)`, params };
}

/**
 * The drivers' collections (issue #15) as collection rows: the latest report of each step when it is
 * `collected`, on its plan's date, with the fill the driver saw (null when not given).
 */
const DRIVER_COLLECTIONS = `
  SELECT dr.bin_id AS binId, dr.at AS collectedAt, p.date AS day, dr.fill_percent AS fillBeforePercent, NULL AS overflowed, 'driver' AS source
  FROM driver_reports dr JOIN plans p ON p.id = dr.plan_id
  WHERE dr.space_id = @space AND p.space_id = @space AND p.date >= @from AND p.date <= @to AND dr.outcome = 'collected' AND dr.bin_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM driver_reports later WHERE later.plan_id = dr.plan_id AND later.route_id = dr.route_id
                    AND later.step_idx = dr.step_idx AND later.at > dr.at)`;

/** The desk's statements over space `spaceId` (see the file comment). */
export class HistoryRepository {
  private readonly s;

  constructor(
    private readonly db: Db,
    readonly spaceId: string,
  ) {
    this.s = {
      insertCollection: db.prepare(
        `INSERT OR IGNORE INTO collections (space_id, bin_id, collected_at, day, fill_before_percent, overflowed, source)
         SELECT @space, @binId, @collectedAt, @day, @fill, @overflowed, @source WHERE EXISTS (SELECT 1 FROM bins WHERE id = @binId AND space_id = @space)`,
      ),
      insertPlanDay: db.prepare(
        `INSERT OR REPLACE INTO plan_days (space_id, day, routes, km, truck_hours, cost_eur, co2_kg, bins_planned, bins_collected, source)
         VALUES (@space, @day, @routes, @km, @truckHours, @costEur, @co2Kg, @binsPlanned, @binsCollected, @source)`,
      ),
      collections: db.prepare(
        `SELECT bin_id AS binId, collected_at AS collectedAt, day, fill_before_percent AS fillBeforePercent, overflowed, source
         FROM collections WHERE space_id = @space AND day >= @from AND day <= @to
         UNION ALL ${DRIVER_COLLECTIONS}
         ORDER BY day, binId`,
      ),
      binCollections: db.prepare(
        `SELECT * FROM (
           SELECT bin_id AS binId, collected_at AS collectedAt, day, fill_before_percent AS fillBeforePercent, overflowed, source
           FROM collections WHERE space_id = @space AND bin_id = @binId AND day >= @from AND day <= @to
           UNION ALL ${DRIVER_COLLECTIONS} AND dr.bin_id = @binId
         ) ORDER BY collectedAt`,
      ),
      planDays: db.prepare(
        `SELECT day, routes, km, truck_hours AS truckHours, cost_eur AS costEur, co2_kg AS co2Kg, bins_planned AS binsPlanned,
                bins_collected AS binsCollected, source
         FROM plan_days WHERE space_id = @space AND day >= @from AND day <= @to ORDER BY day`,
      ),
      // the plan each day ran on: the latest finished plan of that date that was published
      runPlans: db.prepare(
        `SELECT p.date AS day, json_extract(p.summary, '$.vehiclesUsed') AS routes, json_extract(p.summary, '$.distanceM') / 1000.0 AS km,
                json_extract(p.summary, '$.durationS') / 3600.0 AS truckHours, COALESCE(json_extract(p.summary, '$.cost'), 0) AS costEur,
                json_extract(p.summary, '$.co2Kg') AS co2Kg, json_extract(p.summary, '$.binsSelected') AS binsPlanned,
                json_extract(p.summary, '$.binsRouted') AS binsCollected, 'plan' AS source
         FROM plans p
         WHERE p.space_id = @space AND p.date >= @from AND p.date <= @to AND p.status = 'done' AND p.summary IS NOT NULL
           AND p.day_status IN ('published', 'in_progress', 'done')
           AND p.created_at = (SELECT MAX(q.created_at) FROM plans q WHERE q.space_id = p.space_id AND q.date = p.date AND q.status = 'done'
                               AND q.summary IS NOT NULL AND q.day_status IN ('published', 'in_progress', 'done'))
         ORDER BY p.date`,
      ),
      bins: db.prepare('SELECT id, stream, container, capacity_litres AS capacityLitres, lng, lat, h3_cell AS h3Cell, commune, retired_at AS retiredAt FROM bins WHERE space_id = @space ORDER BY id'),
      binReadings: db
        .prepare(
          `SELECT measured_at, fill_percent FROM readings
           WHERE bin_id = @binId AND measured_at >= @fromIso AND measured_at < @toIso
             AND EXISTS (SELECT 1 FROM bins WHERE id = @binId AND space_id = @space)
           ORDER BY measured_at LIMIT @limit`,
        )
        .raw(),
      setCommune: db.prepare('UPDATE bins SET commune = @commune WHERE id = @binId AND space_id = @space'),
      lastDay: db.prepare('SELECT MAX(d) FROM (SELECT MAX(day) AS d FROM collections WHERE space_id = @space UNION ALL SELECT MAX(day) FROM plan_days WHERE space_id = @space)').pluck(),
    };
  }

  /** Stores collections (a bin of another space, or one already stored at that instant, is skipped). @returns how many were stored. */
  insertCollections(rows: Iterable<CollectionInput>): number {
    let n = 0;
    for (const r of rows) {
      n += this.s.insertCollection.run({
        space: this.spaceId,
        binId: r.binId,
        collectedAt: r.collectedAt,
        day: r.day,
        fill: r.fillBeforePercent,
        overflowed: r.overflowed === null ? null : r.overflowed ? 1 : 0,
        source: r.source,
      }).changes;
    }
    return n;
  }

  /** Sets the commune of bins. */
  setCommunes(rows: Iterable<{ binId: string; commune: string | null }>): void {
    for (const r of rows) this.s.setCommune.run({ space: this.spaceId, ...r });
  }

  /** The latest local day with a collection or a plan, or null. */
  lastDay(): string | null {
    return this.s.lastDay.get({ space: this.spaceId }) as string | null;
  }

  /** Stores (or replaces) the plan figures of days. */
  insertPlanDays(rows: Iterable<PlanDayRow>): number {
    let n = 0;
    for (const r of rows) n += this.s.insertPlanDay.run({ space: this.spaceId, ...r }).changes;
    return n;
  }

  /** Collections of local days `from`..`to` (inclusive). */
  collections(from: string, to: string): CollectionRow[] {
    return this.s.collections.all({ space: this.spaceId, from, to }) as CollectionRow[];
  }

  /** One bin's collections of local days `from`..`to`. */
  binCollections(binId: string, from: string, to: string): CollectionRow[] {
    return this.s.binCollections.all({ space: this.spaceId, binId, from, to }) as CollectionRow[];
  }

  /**
   * Plan figures of local days `from`..`to`: the plan a day ran on (its latest published plan) or,
   * for a day without one, the stored figures (`plan_days`: the sample's past plans).
   */
  planDays(from: string, to: string): PlanDayRow[] {
    const byDay = new Map((this.s.planDays.all({ space: this.spaceId, from, to }) as PlanDayRow[]).map((r) => [r.day, r]));
    for (const r of this.s.runPlans.all({ space: this.spaceId, from, to }) as PlanDayRow[]) byDay.set(r.day, r);
    return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  /** The space's bins. */
  bins(): DeskBinRow[] {
    return this.s.bins.all({ space: this.spaceId }) as DeskBinRow[];
  }

  /** One bin's readings in `[fromIso, toIso)`, at most `limit`, as `[measuredAt, fillPercent]`. */
  binReadings(binId: string, fromIso: string, toIso: string, limit: number): [string, number][] {
    return this.s.binReadings.all({ space: this.spaceId, binId, fromIso, toIso, limit }) as [string, number][];
  }

  /**
   * Readings of the space in `[fromIso, toIso)` aggregated per bin and local day (see
   * {@link BinDayTuple}); `segments` give the time zone's UTC offsets over the period.
   */
  binDays(fromIso: string, toIso: string, segments: readonly { fromIso: string; offsetMin: number }[]): BinDayTuple[] {
    const day = dayExpression(segments);
    const stmt = this.db
      .prepare(
        `SELECT r.bin_id, ${day.sql} AS day, COUNT(*), SUM(r.fill_percent), MIN(r.fill_percent), MAX(r.fill_percent),
                SUM(r.fill_percent >= 100)
         FROM readings r JOIN bins b ON b.id = r.bin_id
         WHERE b.space_id = @space AND r.measured_at >= @fromIso AND r.measured_at < @toIso
         GROUP BY r.bin_id, day`,
      )
      .raw();
    return stmt.all({ space: this.spaceId, fromIso, toIso, ...day.params }) as BinDayTuple[];
  }
}

/** Whether space `spaceId` publishes its open data to anyone (null: no such space). */
export function openDataPublic(db: Db, spaceId: string): boolean | null {
  const v = db.prepare('SELECT open_data_public FROM spaces WHERE id = ?').pluck().get(spaceId) as number | undefined;
  return v === undefined ? null : v === 1;
}

/** Sets whether space `spaceId` publishes its open data to anyone. */
export function setOpenDataPublic(db: Db, spaceId: string, published: boolean): void {
  db.prepare('UPDATE spaces SET open_data_public = ? WHERE id = ?').run(published ? 1 : 0, spaceId);
}
