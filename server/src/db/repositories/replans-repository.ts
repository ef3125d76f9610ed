/**
 * All SQL about mid-day re-plans of one space: which plan a re-plan starts from, when and with
 * which trucks unavailable, and the stops of a plan reported done.
 */
import type { Db } from '../connection.js';
import type { PlansRepository } from './plans-repository.js';

/** A truck that cannot work from `fromSec` (seconds since local midnight). */
export interface UnavailableVehicle {
  vehicleId: string;
  fromSec: number;
}

/** A `plan_replans` row; `spec` is the JSON the re-plan service computed when it was made. */
export interface ReplanRow {
  planId: string;
  sourcePlanId: string;
  atSec: number;
  unavailable: UnavailableVehicle[];
  /** Stops the source plan scheduled to leave by `atSec` count as done too. */
  doneBeforeAt: boolean;
  spec: unknown;
}

/** A stop reported done; `vehicleId` set for the stops a re-plan carries over from its source. */
export interface DoneStopRow {
  binId: string;
  vehicleId: string | null;
  doneAt: string;
}

/** Prepared statements over `plan_replans` and `plan_done_stops`, scoped to space `spaceId`. */
export class ReplansRepository {
  private readonly s;

  constructor(
    private readonly db: Db,
    readonly spaceId: string,
  ) {
    const mine = 'plan_id IN (SELECT id FROM plans WHERE id = ? AND space_id = ?)';
    this.s = {
      insert: db.prepare('INSERT INTO plan_replans (plan_id, source_plan_id, at_sec, unavailable, done_before_at, spec) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare(
        `SELECT plan_id AS planId, source_plan_id AS sourcePlanId, at_sec AS atSec, unavailable, done_before_at AS doneBeforeAt, spec FROM plan_replans WHERE ${mine}`,
      ),
      done: db.prepare(`SELECT bin_id AS binId, vehicle_id AS vehicleId, done_at AS doneAt FROM plan_done_stops WHERE ${mine} ORDER BY rowid`),
      carry: db.prepare('INSERT INTO plan_done_stops (plan_id, bin_id, vehicle_id, done_at) VALUES (?, ?, ?, ?)'),
      markDone: db.prepare(`INSERT INTO plan_done_stops (plan_id, bin_id, done_at) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM plans WHERE id = ? AND space_id = ?)
        ON CONFLICT (plan_id, bin_id) DO NOTHING`),
      unmarkDone: db.prepare(`DELETE FROM plan_done_stops WHERE bin_id = ? AND ${mine}`),
    };
  }

  /**
   * Creates the queued re-plan `planId` of `date`, its row and the done stops it carries over
   * (each with its truck), in one transaction.
   */
  create(plans: PlansRepository, row: ReplanRow, date: string, createdAt: string, carried: readonly { binId: string; vehicleId: string; doneAt: string }[]): void {
    this.db.transaction(() => {
      plans.create(row.planId, date, createdAt);
      if (!plans.get(row.sourcePlanId)) throw new Error(`plan '${row.sourcePlanId}' is not a plan of space '${this.spaceId}'`);
      this.s.insert.run(row.planId, row.sourcePlanId, row.atSec, JSON.stringify(row.unavailable), row.doneBeforeAt ? 1 : 0, JSON.stringify(row.spec));
      for (const c of carried) this.s.carry.run(row.planId, c.binId, c.vehicleId, c.doneAt);
    })();
  }

  /** The re-plan row of a plan of this space, or undefined (a plan made from scratch). */
  get(planId: string): ReplanRow | undefined {
    const r = this.s.get.get(planId, this.spaceId) as (Omit<ReplanRow, 'unavailable' | 'doneBeforeAt' | 'spec'> & { unavailable: string; doneBeforeAt: number; spec: string }) | undefined;
    return r && { ...r, unavailable: JSON.parse(r.unavailable) as UnavailableVehicle[], doneBeforeAt: r.doneBeforeAt === 1, spec: JSON.parse(r.spec) as unknown };
  }

  /** Stops of a plan of this space reported done, in the order they were reported. */
  doneStops(planId: string): DoneStopRow[] {
    return this.s.done.all(planId, this.spaceId) as DoneStopRow[];
  }

  /** Reports a stop done (kept when it already was). */
  markDone(planId: string, binId: string, doneAt: string): void {
    this.s.markDone.run(planId, binId, doneAt, planId, this.spaceId);
  }

  /** @returns whether the stop was reported done. */
  unmarkDone(planId: string, binId: string): boolean {
    return this.s.unmarkDone.run(binId, planId, this.spaceId).changes > 0;
  }
}
