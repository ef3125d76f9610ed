/**
 * Turn-by-turn instructions of a stored route: its stops (depot, bins, disposal visits, depot;
 * breaks are taken where the truck stands and make no leg)
 * are re-routed on the turn-aware engine (turn restrictions, no U-turn except at dead ends, the
 * truck leaves a stop in the direction it arrived) and described as OSRM v5 steps.
 */
import type { PlanStepRow } from '../db/repositories/plans-repository.js';
import type { PlansRepository } from '../db/repositories/plans-repository.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { routeAlong, routeSteps, type RouteLeg, type RouteLocation, type RouteStep } from '../solver.js';
import type { RoadContext } from './road-context.js';

/** A stored step at a place (every kind but a break, which happens where the truck stands). */
export type PlacedStepRow = PlanStepRow & { kind: Exclude<PlanStepRow['kind'], 'break'>; refId: string };

const isPlaced = (s: PlanStepRow): s is PlacedStepRow => s.kind !== 'break' && s.refId !== null;

/** A route's legs with their steps, before presentation. */
export interface RouteInstructionsResult {
  /** The route's places in order: depot, bins and disposal visits, depot (breaks are not legs). */
  readonly stops: readonly PlacedStepRow[];
  readonly legs: readonly RouteLeg[];
  readonly steps: readonly (readonly RouteStep[])[];
}

/**
 * Computes the legs and steps of route `routeId` of plan `planId`.
 * @throws NotFoundError for an unknown plan or route; ConflictError when the plan is not done,
 *   the road engine is not loaded, a stop is no longer on the network or a leg has no path.
 */
export function routeInstructions(road: RoadContext, plans: PlansRepository, planId: string, routeId: string): RouteInstructionsResult {
  const plan = plans.get(planId);
  if (!plan) throw new NotFoundError(`unknown plan '${planId}'`);
  if (plan.status !== 'done') throw new ConflictError(`plan '${planId}' is ${plan.status}, not done`);
  if (!plans.routes(planId).some((r) => r.routeId === routeId)) throw new NotFoundError(`unknown route '${routeId}' in plan '${planId}'`);
  const engine = road.engine;
  if (!engine) throw new ConflictError('the turn-aware road engine is not loaded');
  const stops = plans
    .steps(planId)
    .filter((s) => s.routeId === routeId)
    .filter(isPlaced)
    .sort((a, b) => a.stepIdx - b.stepIdx);
  const locations: RouteLocation[] = stops.map((s) => {
    const snap = (s.kind === 'bin' ? road.binSnaps : road.siteSnaps).get(s.refId);
    if (!snap || !snap.ok) throw new ConflictError(`stop ${s.stepIdx} ('${s.refId}') is not on the road network`);
    return { snap: snap.snap, approach: 'either' };
  });
  let legs: RouteLeg[];
  try {
    legs = routeAlong(engine, locations);
  } catch (err) {
    throw new ConflictError(`route '${routeId}' cannot be driven under the turn rules: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { stops, legs, steps: routeSteps(engine, locations, legs) };
}
