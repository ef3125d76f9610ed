/**
 * All SQL about what drivers send from the cab, for one space: stop reports (append only, never
 * updated nor deleted) and truck positions (purged after a retention period).
 */
import type { NotCollectedReason, ReportOutcome } from '../../../contract/driver.js';
import type { Db } from '../connection.js';

/** A `driver_reports` row. */
export interface ReportRow {
  id: string;
  planId: string;
  routeId: string;
  stepIdx: number;
  /** The step's bin; null for depot, disposal and break steps. */
  binId: string | null;
  outcome: ReportOutcome;
  reason: NotCollectedReason | null;
  note: string | null;
  fillPercent: number | null;
  weightKg: number | null;
  /** ISO 8601 UTC (the tablet's clock). */
  at: string;
  receivedAt: string;
  lng: number | null;
  lat: number | null;
  accuracyM: number | null;
  userId: string | null;
  byName: string;
  corrects: string | null;
}

/** A `truck_positions` row. */
export interface PositionRow {
  userId: string | null;
  vehicleId: string;
  at: string;
  lng: number;
  lat: number;
  accuracyM: number | null;
}

/** A bin report, as the forecast reads it. */
export type BinFact = Pick<ReportRow, 'planId' | 'routeId' | 'stepIdx' | 'outcome' | 'reason' | 'at' | 'receivedAt'> & { binId: string };

const REPORT_COLUMNS = `id, plan_id AS planId, route_id AS routeId, step_idx AS stepIdx, bin_id AS binId, outcome, reason, note,
  fill_percent AS fillPercent, weight_kg AS weightKg, at, received_at AS receivedAt, lng, lat, accuracy_m AS accuracyM,
  user_id AS userId, by_name AS byName, corrects`;

/** Prepared statements over the reports and positions of space `spaceId` (every query is scoped to it). */
export class DriverRepository {
  private readonly s;

  constructor(
    private readonly db: Db,
    readonly spaceId: string,
  ) {
    this.s = {
      byIdAnySpace: db.prepare(`SELECT ${REPORT_COLUMNS}, space_id AS spaceId FROM driver_reports WHERE id = ?`),
      ofPlan: db.prepare(`SELECT ${REPORT_COLUMNS} FROM driver_reports WHERE space_id = ? AND plan_id = ? ORDER BY at, received_at, id`),
      ofRoute: db.prepare(`SELECT ${REPORT_COLUMNS} FROM driver_reports WHERE space_id = ? AND plan_id = ? AND route_id = ? ORDER BY at, received_at, id`),
      binFacts: db.prepare(
        `SELECT plan_id AS planId, route_id AS routeId, step_idx AS stepIdx, bin_id AS binId, outcome, reason, at, received_at AS receivedAt FROM driver_reports WHERE space_id = ? AND bin_id IS NOT NULL AND outcome IN ('collected', 'not_collected')
           AND at >= ? AND at <= ? ORDER BY at, received_at, id`,
      ),
      insert: db.prepare(
        `INSERT INTO driver_reports (id, space_id, plan_id, route_id, step_idx, bin_id, outcome, reason, note, fill_percent, weight_kg, at, received_at,
           lng, lat, accuracy_m, user_id, by_name, corrects)
         VALUES (@id, @spaceId, @planId, @routeId, @stepIdx, @binId, @outcome, @reason, @note, @fillPercent, @weightKg, @at, @receivedAt,
           @lng, @lat, @accuracyM, @userId, @byName, @corrects)`,
      ),
      insertPosition: db.prepare(
        `INSERT INTO truck_positions (space_id, user_id, vehicle_id, at, lng, lat, accuracy_m) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (space_id, vehicle_id, at) DO NOTHING`,
      ),
      lastPosition: db.prepare(
        'SELECT user_id AS userId, vehicle_id AS vehicleId, at, lng, lat, accuracy_m AS accuracyM FROM truck_positions WHERE space_id = ? AND vehicle_id = ? AND at >= ? AND at <= ? ORDER BY at DESC LIMIT 1',
      ),
      positions: db.prepare(
        'SELECT user_id AS userId, vehicle_id AS vehicleId, at, lng, lat, accuracy_m AS accuracyM FROM truck_positions WHERE space_id = ? ORDER BY vehicle_id, at',
      ),
    };
  }

  /** A report by id in any space (ids are tablet-made UUIDs, unique on the platform), with its space. */
  reportAnySpace(id: string): (ReportRow & { spaceId: string }) | undefined {
    return this.s.byIdAnySpace.get(id) as (ReportRow & { spaceId: string }) | undefined;
  }

  /** Reports of a plan of this space, oldest first (by `at`). */
  reportsOfPlan(planId: string): ReportRow[] {
    return this.s.ofPlan.all(this.spaceId, planId) as ReportRow[];
  }

  /** Reports of one route of a plan of this space, oldest first (by `at`). */
  reportsOfRoute(planId: string, routeId: string): ReportRow[] {
    return this.s.ofRoute.all(this.spaceId, planId, routeId) as ReportRow[];
  }

  /** Bin reports (collected / not collected) of this space with `fromIso <= at <= toIso`, oldest first. */
  binFacts(fromIso: string, toIso: string): BinFact[] {
    return this.s.binFacts.all(this.spaceId, fromIso, toIso) as BinFact[];
  }

  /** Inserts reports in one transaction (all or nothing). */
  insertReports(rows: readonly ReportRow[]): void {
    this.db.transaction(() => {
      for (const r of rows) this.s.insert.run({ ...r, spaceId: this.spaceId });
    })();
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Inserts positions in one transaction (one already stored for the same truck and instant is kept). */
  insertPositions(rows: readonly PositionRow[]): void {
    this.db.transaction(() => {
      for (const p of rows) this.s.insertPosition.run(this.spaceId, p.userId, p.vehicleId, p.at, p.lng, p.lat, p.accuracyM);
    })();
  }

  /** The last position of a truck of this space with `fromIso <= at <= toIso`, or undefined. */
  lastPosition(vehicleId: string, fromIso: string, toIso: string): PositionRow | undefined {
    return this.s.lastPosition.get(this.spaceId, vehicleId, fromIso, toIso) as PositionRow | undefined;
  }

  /** Every stored position of this space, by truck then time (tests, exports). */
  positions(): PositionRow[] {
    return this.s.positions.all(this.spaceId) as PositionRow[];
  }
}

/**
 * Deletes the truck positions of every space older than `beforeIso`, and forgets where the reports
 * made before then were made (the report stays, its position goes): the retention job.
 * @returns how many positions were deleted or forgotten.
 */
export function purgePositions(db: Db, beforeIso: string): number {
  return db.transaction(
    () =>
      db.prepare('DELETE FROM truck_positions WHERE at < ?').run(beforeIso).changes +
      db.prepare('UPDATE driver_reports SET lng = NULL, lat = NULL, accuracy_m = NULL WHERE at < ? AND (lng IS NOT NULL OR lat IS NOT NULL)').run(beforeIso).changes,
  )();
}
