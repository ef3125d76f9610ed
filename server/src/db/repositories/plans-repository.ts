/** All SQL about the plans of one space, their routes, stops and unassigned bins. */
import type { DayStatus, NoticeCode, ShortfallDto } from '../../../contract/index.js';
import type { Db } from '../connection.js';

export type PlanStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PlanSummaryJson {
  distanceM: number;
  durationS: number;
  vehiclesUsed: number;
  binsSelected: number;
  binsRouted: number;
  co2Kg: number;
  /** Objective cost in EUR (absent in plans stored before the collection-day model). */
  cost?: number;
  /** `may` bins offered to the solver as optional bins (absent before the collection-day model). */
  binsOptional?: number;
}

/**
 * A plan's options as stored (JSON): overtime, and (issue #17) how it chose its bins; plans
 * stored before the selection existed have none (`decisions`).
 */
export interface PlanOptions {
  overtimeMin: number;
  selection?: 'decisions' | 'horizon';
  horizonRiskPercent?: number;
}

export interface PlanRow {
  id: string;
  date: string;
  status: PlanStatus;
  createdAt: string;
  error: string | null;
  /** A sentence for the manager (nothing to collect...), or null. */
  notice: string | null;
  /** Times a restart queued it again. */
  resumed: number;
  summary: PlanSummaryJson | null;
  /** The edited version the rows hold (0: the solver's plan). */
  editVersion: number;
  /** Rewrites of the rows by edits so far (a body cached under an older one is stale). */
  rowsRevision: number;
  /** The notice as a code and its parameters (issue #14). */
  noticeCode: NoticeCode | null;
  noticeParams: Record<string, string | number>;
  dayStatus: DayStatus | null;
  publishedAt: string | null;
  shortfall: ShortfallDto | null;
  options: PlanOptions;
  /** Whether the plan's inputs are stored (it can be reproduced). */
  hasInputs: boolean;
}

export interface PlanRouteRow {
  routeId: string;
  routeIdx: number;
  vehicleId: string;
  vehicleName: string;
  streams: string[];
  capacityLitres: number;
  capacityKg: number;
  distanceM: number;
  /** Working time: leaving the depot to arriving back, breaks and waits included. */
  durationS: number;
  /** Driving time; null for plans stored before the collection-day model. */
  drivingS: number | null;
  breakS: number;
  /** fixed + perKm × km + perHour × working hours, EUR; null before the collection-day model. */
  cost: number | null;
  co2Kg: number | null;
  startAt: string;
  endAt: string;
  binCount: number;
  disposalTrips: number;
  collectedLitres: number;
  collectedKg: number;
  color: string;
  geometry: [number, number][];
}

export interface PlanStepRow {
  routeId: string;
  stepIdx: number;
  kind: 'start' | 'bin' | 'disposal' | 'break' | 'end';
  /** Bin id, or site id for start/disposal/end; null for a break. */
  refId: string | null;
  /** Matrix index of the place; null for a break. */
  locIdx: number | null;
  /** For a break: where the truck stands. */
  lng: number;
  lat: number;
  arrivalSec: number;
  /** Start of service: arrival plus any wait for a window. */
  startSec: number;
  departureSec: number;
  arrivalAt: string;
  startAt: string;
  departureAt: string;
  loadAfterLitres: number;
  loadAfterKg: number;
  distanceFromPrevM: number;
  /** Null for plans stored before the collection-day model. */
  drivingFromPrevSec: number | null;
}

export interface PlanUnassignedRow {
  binId: string;
  reason: string;
  detail: string;
}

/** Everything a finished plan stores. */
export interface PlanResult {
  summary: PlanSummaryJson;
  notice: string | null;
  noticeCode: PlanRow['noticeCode'];
  noticeParams: Record<string, string | number>;
  shortfall: ShortfallDto | null;
  routes: PlanRouteRow[];
  steps: PlanStepRow[];
  unassigned: PlanUnassignedRow[];
  /** The problem document (JSON) the plan was solved on, kept so it can be edited and re-optimised. */
  problem?: string;
}

const PLAN_COLUMNS = `id, date, status, created_at AS createdAt, error, notice, resumed, summary, edit_version AS editVersion, rows_revision AS rowsRevision,
  notice_code AS noticeCode, notice_params AS noticeParams, day_status AS dayStatus, published_at AS publishedAt, shortfall, options, inputs IS NOT NULL AS hasInputs`;

/** A plan row as SQLite gives it (JSON columns as text). */
type RawPlan = Omit<PlanRow, 'summary' | 'noticeParams' | 'shortfall' | 'options' | 'hasInputs'> & {
  summary: string | null;
  noticeParams: string | null;
  shortfall: string | null;
  options: string | null;
  hasInputs: number;
};

/** Prepared statements over the plan tables, scoped to space `spaceId`. */
export class PlansRepository {
  private readonly s;

  constructor(
    private readonly db: Db,
    readonly spaceId: string,
  ) {
    const mine = 'plan_id IN (SELECT id FROM plans WHERE id = @plan AND space_id = @space)';
    this.s = {
      insertPlan: db.prepare(`INSERT INTO plans (id, space_id, date, status, created_at) VALUES (?, ?, ?, 'queued', ?)`),
      setStatus: db.prepare('UPDATE plans SET status = ?, error = ? WHERE id = ? AND space_id = ?'),
      countByStatus: db.prepare(`SELECT status, COUNT(*) AS n FROM plans WHERE space_id = ? AND status IN ('queued', 'running') GROUP BY status`),
      setDone: db.prepare(
        `UPDATE plans SET status = ?, error = CASE WHEN ? = 'done' THEN NULL ELSE error END, summary = ?, notice = ?, notice_code = ?, notice_params = ?,
           shortfall = ?, day_status = CASE WHEN ? > 0 THEN 'draft' ELSE NULL END WHERE id = ? AND space_id = ?`,
      ),
      setInputs: db.prepare('UPDATE plans SET inputs = ?, options = ? WHERE id = ? AND space_id = ?'),
      inputs: db.prepare('SELECT inputs FROM plans WHERE id = ? AND space_id = ?'),
      setDayStatus: db.prepare(
        `UPDATE plans SET day_status = @to, published_at = CASE WHEN @to = 'published' THEN @at ELSE published_at END
         WHERE id = @id AND space_id = @space AND day_status = @from`,
      ),
      publishedOf: db.prepare(
        `SELECT ${PLAN_COLUMNS} FROM plans WHERE space_id = ? AND date = ? AND day_status IN ('published', 'in_progress', 'done')
         ORDER BY published_at DESC, rowid DESC LIMIT 1`,
      ),
      get: db.prepare(`SELECT ${PLAN_COLUMNS} FROM plans WHERE id = ? AND space_id = ?`),
      list: db.prepare(`SELECT ${PLAN_COLUMNS} FROM plans WHERE space_id = ? ORDER BY created_at DESC, rowid DESC`),
      listByDate: db.prepare(`SELECT ${PLAN_COLUMNS} FROM plans WHERE space_id = ? AND date = ? ORDER BY created_at DESC, rowid DESC`),
      insertRoute: db.prepare(
        `INSERT INTO plan_routes (plan_id, route_id, route_idx, vehicle_id, vehicle_name, streams, capacity_litres, capacity_kg,
           distance_m, duration_s, driving_s, break_s, cost, co2_kg, start_at, end_at, bin_count, disposal_trips, collected_litres,
           collected_kg, color, geometry)
         VALUES (@planId, @routeId, @routeIdx, @vehicleId, @vehicleName, @streams, @capacityLitres, @capacityKg,
           @distanceM, @durationS, @drivingS, @breakS, @cost, @co2Kg, @startAt, @endAt, @binCount, @disposalTrips, @collectedLitres,
           @collectedKg, @color, @geometry)`,
      ),
      insertStep: db.prepare(
        `INSERT INTO plan_stops (plan_id, route_id, step_idx, kind, ref_id, loc_idx, lng, lat, arrival_sec, start_sec, departure_sec,
           arrival_at, start_at, departure_at, load_after_litres, load_after_kg, distance_from_prev_m, driving_from_prev_sec)
         VALUES (@planId, @routeId, @stepIdx, @kind, @refId, @locIdx, @lng, @lat, @arrivalSec, @startSec, @departureSec,
           @arrivalAt, @startAt, @departureAt, @loadAfterLitres, @loadAfterKg, @distanceFromPrevM, @drivingFromPrevSec)`,
      ),
      insertUnassigned: db.prepare('INSERT INTO plan_unassigned (plan_id, bin_id, reason, detail) VALUES (?, ?, ?, ?)'),
      insertProblem: db.prepare('INSERT OR REPLACE INTO plan_problems (plan_id, problem) VALUES (?, ?)'),
      deleteRoutes: db.prepare(`DELETE FROM plan_routes WHERE ${mine}`),
      deleteStops: db.prepare(`DELETE FROM plan_stops WHERE ${mine}`),
      deleteUnassigned: db.prepare(`DELETE FROM plan_unassigned WHERE ${mine}`),
      setSummary: db.prepare('UPDATE plans SET summary = ?, rows_revision = rows_revision + 1 WHERE id = ? AND space_id = ?'),
      routes: db.prepare(
        `SELECT route_id AS routeId, route_idx AS routeIdx, vehicle_id AS vehicleId, vehicle_name AS vehicleName, streams,
           capacity_litres AS capacityLitres, capacity_kg AS capacityKg, distance_m AS distanceM, duration_s AS durationS,
           driving_s AS drivingS, break_s AS breakS, cost, co2_kg AS co2Kg, start_at AS startAt, end_at AS endAt, bin_count AS binCount, disposal_trips AS disposalTrips,
           collected_litres AS collectedLitres, collected_kg AS collectedKg, color, geometry
         FROM plan_routes WHERE ${mine} ORDER BY route_idx`,
      ),
      steps: db.prepare(
        `SELECT route_id AS routeId, step_idx AS stepIdx, kind, ref_id AS refId, loc_idx AS locIdx, lng, lat,
           arrival_sec AS arrivalSec, start_sec AS startSec, departure_sec AS departureSec, arrival_at AS arrivalAt,
           start_at AS startAt, departure_at AS departureAt, load_after_litres AS loadAfterLitres, load_after_kg AS loadAfterKg,
           distance_from_prev_m AS distanceFromPrevM, driving_from_prev_sec AS drivingFromPrevSec
         FROM plan_stops WHERE ${mine} ORDER BY route_id, step_idx`,
      ),
      unassigned: db.prepare(`SELECT bin_id AS binId, reason, detail FROM plan_unassigned WHERE ${mine} ORDER BY bin_id`),
    };
  }

  /** Creates a `queued` plan in this space. */
  create(id: string, date: string, createdAt: string): void {
    this.s.insertPlan.run(id, this.spaceId, date, createdAt);
  }

  setStatus(id: string, status: PlanStatus, error: string | null = null): void {
    this.s.setStatus.run(status, error, id, this.spaceId);
  }

  /** Plans of this space queued and running now. */
  pendingCounts(): { queued: number; running: number } {
    const out = { queued: 0, running: 0 };
    for (const r of this.s.countByStatus.all(this.spaceId) as { status: 'queued' | 'running'; n: number }[]) out[r.status] = r.n;
    return out;
  }

  /**
   * Stores a finished plan of this space and marks it `done` (or keeps it `cancelled`: a cancelled
   * job's best plan so far), a `draft` of the day when it has routes, all in one transaction.
   */
  saveResult(id: string, result: PlanResult, status: 'done' | 'cancelled' = 'done'): void {
    this.db.transaction(() => {
      if (!this.get(id)) throw new Error(`plan '${id}' is not a plan of space '${this.spaceId}'`);
      for (const r of result.routes) {
        this.s.insertRoute.run({ ...r, planId: id, streams: JSON.stringify(r.streams), geometry: JSON.stringify(r.geometry) });
      }
      for (const st of result.steps) this.s.insertStep.run({ ...st, planId: id });
      for (const u of result.unassigned) this.s.insertUnassigned.run(id, u.binId, u.reason, u.detail);
      if (result.problem !== undefined) this.s.insertProblem.run(id, result.problem);
      this.s.setDone.run(
        status,
        status,
        JSON.stringify(result.summary),
        result.notice,
        result.noticeCode,
        JSON.stringify(result.noticeParams),
        result.shortfall === null ? null : JSON.stringify(result.shortfall),
        result.routes.length,
        id,
        this.spaceId,
      );
    })();
  }

  /**
   * Replaces the routes, stops, unassigned bins and summary of a plan of this space by `result`'s
   * (an edited version); the caller runs it inside its transaction.
   */
  replaceRows(id: string, result: Omit<PlanResult, 'notice' | 'problem' | 'noticeCode' | 'noticeParams' | 'shortfall'>): void {
    const key = { plan: id, space: this.spaceId };
    this.s.deleteStops.run(key);
    this.s.deleteRoutes.run(key);
    this.s.deleteUnassigned.run(key);
    for (const r of result.routes) {
      this.s.insertRoute.run({ ...r, planId: id, streams: JSON.stringify(r.streams), geometry: JSON.stringify(r.geometry) });
    }
    for (const st of result.steps) this.s.insertStep.run({ ...st, planId: id });
    for (const u of result.unassigned) this.s.insertUnassigned.run(id, u.binId, u.reason, u.detail);
    this.s.setSummary.run(JSON.stringify(result.summary), id, this.spaceId);
  }

  get(id: string): PlanRow | undefined {
    const row = this.s.get.get(id, this.spaceId) as RawPlan | undefined;
    return row && parsePlan(row);
  }

  /** Stores what a plan is computed from (JSON of the PlanInput) and its options. */
  setInputs(id: string, inputs: unknown, options: PlanOptions): void {
    this.s.setInputs.run(JSON.stringify(inputs), JSON.stringify(options), id, this.spaceId);
  }

  /** The stored inputs of a plan (parsed JSON), or null. */
  inputs(id: string): unknown {
    const row = this.s.inputs.get(id, this.spaceId) as { inputs: string | null } | undefined;
    return row?.inputs ? (JSON.parse(row.inputs) as unknown) : null;
  }

  /** Moves a plan's day status from `from` to `to` (`at` stamps a publication). @returns whether it moved. */
  setDayStatus(id: string, from: DayStatus, to: DayStatus, at: string): boolean {
    return this.s.setDayStatus.run({ id, space: this.spaceId, from, to, at }).changes > 0;
  }

  /** The last plan of `date` published (or started, or done), or undefined. */
  published(date: string): PlanRow | undefined {
    const row = this.s.publishedOf.get(this.spaceId, date) as RawPlan | undefined;
    return row && parsePlan(row);
  }

  /** Plans, latest first, optionally of one date. */
  list(date?: string): PlanRow[] {
    const rows = (date === undefined ? this.s.list.all(this.spaceId) : this.s.listByDate.all(this.spaceId, date)) as RawPlan[];
    return rows.map(parsePlan);
  }

  routes(planId: string): PlanRouteRow[] {
    return (this.s.routes.all({ plan: planId, space: this.spaceId }) as (Omit<PlanRouteRow, 'streams' | 'geometry'> & { streams: string; geometry: string })[]).map((r) => ({
      ...r,
      streams: JSON.parse(r.streams) as string[],
      geometry: JSON.parse(r.geometry) as [number, number][],
    }));
  }

  steps(planId: string): PlanStepRow[] {
    return this.s.steps.all({ plan: planId, space: this.spaceId }) as PlanStepRow[];
  }

  unassigned(planId: string): PlanUnassignedRow[] {
    return this.s.unassigned.all({ plan: planId, space: this.spaceId }) as PlanUnassignedRow[];
  }
}

function parsePlan(row: RawPlan): PlanRow {
  return {
    ...row,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as PlanSummaryJson),
    noticeParams: row.noticeParams === null ? {} : (JSON.parse(row.noticeParams) as Record<string, string | number>),
    shortfall: row.shortfall === null ? null : (JSON.parse(row.shortfall) as ShortfallDto),
    options: row.options === null ? { overtimeMin: 0 } : (JSON.parse(row.options) as PlanOptions),
    hasInputs: row.hasInputs === 1,
  };
}

/**
 * The plan queue across spaces, for the server itself (not for requests): plans a stopped server
 * left unfinished are put back in the queue at the next start.
 */
export class PlanJobsRepository {
  private readonly interrupted;
  private readonly requeue;

  constructor(private readonly db: Db) {
    this.interrupted = db.prepare(`SELECT id, space_id AS spaceId FROM plans WHERE status IN ('queued', 'running') ORDER BY created_at, rowid`);
    this.requeue = db.prepare(`UPDATE plans SET status = 'queued', resumed = resumed + 1 WHERE id = ?`);
  }

  /** Queues again the plans left queued or running (their `resumed` count goes up). @returns them, oldest first. */
  requeueInterrupted(): { id: string; spaceId: string }[] {
    return this.db.transaction(() => {
      const rows = this.interrupted.all() as { id: string; spaceId: string }[];
      for (const r of rows) this.requeue.run(r.id);
      return rows;
    })();
  }
}
