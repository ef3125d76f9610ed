/**
 * What changes a plan's day beyond its data, applied in the planning worker: street closures
 * (the road network without the closed streets; bins only an closed street reached are left out
 * with the reason `closed_street`) and a mid-day re-plan (fixed prefixes: the stops already done,
 * each truck's position, clock and load; trucks unavailable from a time). Pure functions.
 */
import type { PlanUnassignedRow } from '../db/repositories/plans-repository.js';
import { closedSegments, engineWithout, snapPoints, type ClosureShape } from '../solver.js';
import type { PlanRoads } from './plan-pipeline.js';

/** A closure in force on the plan's day. */
export interface PlanClosure {
  readonly id: string;
  readonly label: string;
  readonly geometry: ClosureShape;
}

/** A truck's fixed prefix (problem format `fixedPrefixes`). */
export interface ReplanPrefix {
  readonly vehicleId: string;
  readonly doneBinIds: readonly string[];
  readonly location: readonly [number, number];
  readonly atSec: number;
  readonly loadLitres: number;
  readonly loadKg: number;
}

/**
 * A change to a truck of the day: home by `shiftEndSec`; no new stop (`noNewStops`: it only
 * goes home from its last done stop); `atDepot`: it never left, so it has no fixed prefix.
 */
export interface ReplanVehicleChange {
  readonly vehicleId: string;
  readonly shiftEndSec?: number;
  readonly noNewStops?: true;
  readonly atDepot?: true;
}

/** A mid-day re-plan, computed by the server from the source plan's stored rows. */
export interface ReplanSpec {
  readonly atSec: number;
  readonly prefixes: readonly ReplanPrefix[];
  readonly changes: readonly ReplanVehicleChange[];
}

/** The part of a problem document a re-plan changes. */
export interface DayDoc {
  bins: { id: string; demandKg: number }[];
  vehicles: { id: string; shiftStartSec: number; shiftEndSec: number; breaks: { durationSec: number }[]; maxStops?: number; dailyCapacityKg?: number }[];
  fixedPrefixes?: unknown[];
}

/**
 * Applies a re-plan to the day's problem document (before it is parsed): fixed prefixes, shift
 * ends moved (forward to the time a truck becomes unavailable, or later for a truck past its
 * shift that must get home), and no new stop for a truck unavailable already: its stop and daily
 * mass limits are what it has done (at least 1 kg, the format's smallest limit), so every bin
 * with a load is out of its reach.
 */
export function applyReplan<D extends DayDoc>(doc: D, replan: ReplanSpec): D {
  const change = new Map(replan.changes.map((c) => [c.vehicleId, c]));
  const kgOf = new Map(doc.bins.map((b) => [b.id, b.demandKg]));
  const doneOf = new Map(replan.prefixes.map((p) => [p.vehicleId, p.doneBinIds]));
  const vehicles = doc.vehicles.map((v) => {
      const c = change.get(v.id);
      if (!c) return v;
      const out = { ...v };
      if (c.shiftEndSec !== undefined) {
        out.shiftEndSec = Math.max(out.shiftStartSec + 60, c.shiftEndSec);
        // a break longer than what is left of the shift cannot be asked for
        out.breaks = out.breaks.filter((b) => b.durationSec < out.shiftEndSec - out.shiftStartSec);
      }
      if (c.noNewStops) {
        const done = doneOf.get(v.id) ?? [];
        if (done.length > 0) out.maxStops = done.length;
        out.dailyCapacityKg = Math.max(1, done.reduce((kg, id) => kg + (kgOf.get(id) ?? 0), 0));
      }
      return out;
    });
  const fixedPrefixes = replan.prefixes
    .filter((p) => change.get(p.vehicleId)?.atDepot !== true)
    .map((p) => ({ vehicleId: p.vehicleId, doneBinIds: [...p.doneBinIds], location: [p.location[0], p.location[1]], atSec: p.atSec, loadLitres: p.loadLitres, loadKg: p.loadKg }));
  return { ...doc, vehicles, fixedPrefixes };
}

/** The road network of a day with closures: closed streets out of the engine and of snapping. */
export interface ClosedRoads {
  readonly roads: PlanRoads;
  /** Closure of each closed segment (the first that closes it), for reasons. */
  readonly closureOfSegment: ReadonlyMap<number, PlanClosure>;
}

/**
 * The day's roads without the streets the closures close (`closedSegments`, `engineWithout`:
 * the contraction hierarchy is rebuilt, about a second on the sample extract).
 * Without closures, the roads themselves.
 */
export function closedRoads(roads: PlanRoads, closures: readonly PlanClosure[]): ClosedRoads {
  const closureOfSegment = new Map<number, PlanClosure>();
  if (closures.length === 0) return { roads, closureOfSegment };
  for (const c of closures) for (const seg of closedSegments(roads.net, [c.geometry])) if (!closureOfSegment.has(seg)) closureOfSegment.set(seg, c);
  const segments = new Set(closureOfSegment.keys());
  if (segments.size === 0) return { roads, closureOfSegment };
  return {
    roads: { net: roads.net, ...(roads.engine ? { engine: engineWithout(roads.engine, segments) } : {}), closedSegments: segments },
    closureOfSegment,
  };
}

/**
 * Bins left out as `unreachable` because of a closure get the reason `closed_street`: those whose
 * nearest street (closures ignored) is closed. Others are kept as they are.
 * @param locations bin id → `[lng, lat]`
 */
export function closureReasons(
  unassigned: readonly PlanUnassignedRow[],
  locations: ReadonlyMap<string, readonly [number, number]>,
  closed: ClosedRoads,
  maxSnapM: number,
): PlanUnassignedRow[] {
  if (closed.closureOfSegment.size === 0) return [...unassigned];
  return unassigned.map((u) => {
    if (u.reason !== 'unreachable') return u;
    const at = locations.get(u.binId);
    if (!at) return u;
    const r = snapPoints(closed.roads.net, [[at[0], at[1]]], maxSnapM)[0];
    if (!r?.ok) return u;
    const closure = closed.closureOfSegment.get(closed.roads.net.edgeSegment[r.snap.edgeIdx] as number);
    if (!closure) return u;
    return { binId: u.binId, reason: 'closed_street', detail: `its street is closed ("${closure.label}") and no open street reaches it within ${maxSnapM} m (${u.detail})` };
  });
}
