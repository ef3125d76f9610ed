/**
 * The fixed prefixes and truck changes of a mid-day re-plan, from the stored rows of the plan it
 * starts from (pure; no roads needed): for each truck, the bins already done (carried over from
 * an earlier re-plan, reported done, or, when asked, scheduled to be left by the re-plan time),
 * where it stands (its last done stop, or the unloading planned right after it when that is over
 * by the re-plan time; else where its route stood), its clock and its load (the done bins' loads
 * since its last unloading, read from the stored loads).
 */
import type { ReplanPrefix, ReplanSpec, ReplanVehicleChange } from '../compute/day-changes.js';
import type { VehicleRow } from '../db/repositories/fleet-repository.js';
import type { PlanRouteRow, PlanStepRow } from '../db/repositories/plans-repository.js';
import { CURRENT_POSITION_ID } from '../solver.js';
import { hhmmToSec } from './local-time.js';

/**
 * A truck that becomes unavailable less than this after the re-plan time takes no new stop (it
 * could not serve one and be home by then): 45 minutes.
 */
export const REPLAN_MIN_WORK_SEC = 45 * 60;

/** A stop reported done on the source plan; `vehicleId` set when carried over from its own source. */
export interface SourceDoneStop {
  readonly binId: string;
  readonly vehicleId: string | null;
  readonly doneAt: string;
}

/** What the re-plan is asked. */
export interface ReplanRequest {
  readonly atSec: number;
  /** Truck → the time (seconds since local midnight) it stops working. */
  readonly unavailable: ReadonlyMap<string, number>;
  readonly assumeDoneBeforeAt: boolean;
}

/** A re-plan ready to store: the spec the worker applies, and what the server needs around it. */
export interface ReplanPlanSpec extends ReplanSpec {
  /** Bins of the source plan's routes not done: kept in the day even if the forecast now skips them. */
  readonly keepBinIds: readonly string[];
  /** Bins of an unavailable truck's route not done, with its truck and time (for the reason `vehicle_unavailable`). */
  readonly unavailableBins: readonly { readonly binId: string; readonly vehicleId: string; readonly fromSec: number }[];
  /** The new plan's done stops (every prefix bin, with its truck). */
  readonly carried: readonly { readonly binId: string; readonly vehicleId: string; readonly doneAt: string }[];
}

/**
 * Builds the re-plan of a stored plan (see the file comment).
 * @param depot where a truck that has not left stands.
 */
export function replanSpec(
  routes: readonly PlanRouteRow[],
  steps: readonly PlanStepRow[],
  done: readonly SourceDoneStop[],
  vehicles: readonly VehicleRow[],
  depot: readonly [number, number],
  req: ReplanRequest,
): ReplanPlanSpec {
  const reported = new Set(done.filter((d) => d.vehicleId === null).map((d) => d.binId));
  const doneAtOf = new Map(done.map((d) => [d.binId, d.doneAt]));
  const prefixes: ReplanPrefix[] = [];
  const changes: ReplanVehicleChange[] = [];
  const keepBinIds: string[] = [];
  const unavailableBins: ReplanPlanSpec['unavailableBins'][number][] = [];
  const carried: ReplanPlanSpec['carried'][number][] = [];
  for (const v of vehicles) {
    const shiftStart = hhmmToSec(v.shiftStart);
    const shiftEnd = hhmmToSec(v.shiftEnd);
    const route = routes.find((r) => r.vehicleId === v.id);
    const st = route ? steps.filter((s) => s.routeId === route.routeId).sort((a, b) => a.stepIdx - b.stepIdx) : [];
    const before = done.filter((d) => d.vehicleId === v.id).map((d) => d.binId);
    const beforeSet = new Set(before);
    const isDone = (s: PlanStepRow): boolean =>
      s.kind === 'bin' && s.refId !== null && !beforeSet.has(s.refId) && (reported.has(s.refId) || (req.assumeDoneBeforeAt && s.departureSec <= req.atSec));
    let last = 0;
    st.forEach((s, i) => {
      if (isDone(s)) last = i;
    });
    // an unloading (or a break) the route planned right after it, over by the re-plan time, happened too
    while (last > 0 && last + 1 < st.length && (st[last + 1]!.kind === 'disposal' || st[last + 1]!.kind === 'break') && st[last + 1]!.departureSec <= req.atSec) last++;
    const routeDone = st.filter(isDone).map((s) => s.refId!);
    const doneBinIds = [...before, ...routeDone];
    for (const s of st) if (s.kind === 'bin' && s.refId !== null && !isDone(s)) keepBinIds.push(s.refId);
    for (const id of doneBinIds) {
      const step = st.find((s) => s.refId === id);
      carried.push({ binId: id, vehicleId: v.id, doneAt: doneAtOf.get(id) ?? step?.departureAt ?? new Date(0).toISOString() });
    }
    // where it stands, when, with what on board
    let location: readonly [number, number] = depot;
    let atSec = Math.max(req.atSec, shiftStart);
    let litres = 0;
    let kg = 0;
    const resumed = st[0]?.kind === 'start' && st[0].refId === CURRENT_POSITION_ID;
    if (st.length > 0) {
      const start = st[0]!;
      litres = resumed ? start.loadAfterLitres : 0;
      kg = resumed ? start.loadAfterKg : 0;
      for (let i = 1; i <= last; i++) {
        const s = st[i]!;
        const prev = st[i - 1]!;
        if (s.kind === 'disposal') {
          litres = 0;
          kg = 0;
        } else if (isDone(s)) {
          litres += Math.max(0, s.loadAfterLitres - prev.loadAfterLitres);
          kg += Math.max(0, s.loadAfterKg - prev.loadAfterKg);
        }
      }
      const here = st[last]!;
      location = [here.lng, here.lat];
      atSec = Math.max(req.atSec, here.departureSec);
    }
    const hasPrefix = doneBinIds.length > 0 || resumed || req.atSec > shiftStart;
    if (hasPrefix) prefixes.push({ vehicleId: v.id, doneBinIds, location, atSec, loadLitres: litres, loadKg: kg });
    const t0 = hasPrefix ? atSec : shiftStart;
    const from = req.unavailable.get(v.id);
    // a truck stopping within REPLAN_MIN_WORK_SEC of the re-plan goes home now
    const stopped = from !== undefined && from < t0 + REPLAN_MIN_WORK_SEC;
    if (stopped || t0 >= shiftEnd) {
      // no new stop: home with what it has done (a truck that never left stays at the depot)
      const atDepot = doneBinIds.length === 0 && !resumed;
      changes.push({ vehicleId: v.id, noNewStops: true, ...(atDepot ? { atDepot: true } : {}), ...(t0 >= shiftEnd && !atDepot ? { shiftEndSec: t0 + 3600 } : {}) });
    } else if (from !== undefined) changes.push({ vehicleId: v.id, shiftEndSec: Math.min(shiftEnd, from) });
    if (from !== undefined) for (const s of st) if (s.kind === 'bin' && s.refId !== null && !isDone(s)) unavailableBins.push({ binId: s.refId, vehicleId: v.id, fromSec: from });
  }
  return { atSec: req.atSec, prefixes, changes, keepBinIds, unavailableBins, carried };
}
