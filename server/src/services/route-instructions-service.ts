/**
 * Turn-by-turn instructions of a stored route: its stops (depot, bins, disposal visits, depot;
 * breaks are taken where the truck stands and make no leg) are re-routed on the turn-aware engine
 * (turn restrictions, no U-turn except at dead ends, the truck leaves a stop in the direction it
 * arrived) and described as OSRM v5 steps. The routing runs in the compute worker thread.
 */
import type { ComputeWorker } from '../compute/compute-client.js';
import type { PlanStepRow, PlansRepository } from '../db/repositories/plans-repository.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { RouteLeg, RouteStep } from '../solver.js';

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
 *   no road network is loaded, a stop is no longer on the network or a leg has no path.
 */
export async function routeInstructions(worker: ComputeWorker, hasRoads: boolean, plans: PlansRepository, planId: string, routeId: string): Promise<RouteInstructionsResult> {
  const plan = plans.get(planId);
  if (!plan) throw new NotFoundError(`unknown plan '${planId.slice(0, 64)}'`);
  if (plan.status !== 'done') throw new ConflictError(`plan '${planId}' is ${plan.status}, not done`);
  if (!plans.routes(planId).some((r) => r.routeId === routeId)) throw new NotFoundError(`unknown route '${routeId.slice(0, 64)}' in plan '${planId}'`);
  if (!hasRoads) throw new ConflictError('the turn-aware road engine is not loaded');
  const stops = plans
    .steps(planId)
    .filter((s) => s.routeId === routeId)
    .filter(isPlaced)
    .sort((a, b) => a.stepIdx - b.stepIdx);
  const out = await worker.run({ kind: 'instructions', stops: stops.map((s) => ({ ref: `stop ${s.stepIdx} ('${s.refId}')`, lngLat: [s.lng, s.lat] as const })) });
  if ('unplaced' in out) throw new ConflictError(`${out.unplaced} is not on the road network`);
  if ('undrivable' in out) throw new ConflictError(`route '${routeId}' cannot be driven under the turn rules: ${out.undrivable}`);
  return { stops, legs: out.legs, steps: out.steps };
}
