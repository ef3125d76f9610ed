/**
 * The documented, versioned plan format of a collection day (issue #5): what `solve problem.json
 * --out plan.json` writes and what the checker reads. `docs/plan.schema.json` is generated from it.
 *
 * Per vehicle: the ordered steps (start, bin, disposal, break, end) with arrival, start of service
 * and departure (seconds since the plan day's local midnight), the load on board after each step
 * and the metres driven from the previous step; totals; and `unassigned` with one reason per bin.
 */
import { z } from 'zod';

/** Version of the plan format this module writes. */
export const PLAN_FORMAT_VERSION = 1;

/** Id of the `start` step of a route resumed from a fixed prefix (the truck's current position). */
export const CURRENT_POSITION_ID = 'current-position';

/** Why a bin is in no route. */
export const PLAN_UNASSIGNED_REASONS = [
  'capacity',
  'time_window',
  'unreachable',
  'no_compatible_vehicle',
  'shift_too_short',
  'not_worth_collecting',
  /** Taken out of its round by a manager editing the plan (never produced by the search). */
  'removed_by_manager',
] as const;

const Int = z.number().int();
const NonNegInt = Int.min(0);

export const PlanStepJsonSchema = z.object({
  type: z.enum(['start', 'bin', 'disposal', 'break', 'end']),
  /** Bin id for `bin`, disposal-site id for `disposal`, depot id for `start` and `end`; absent for `break`. */
  id: z.string().optional(),
  /** Matrix index of the place (absent for a break, taken where the truck stands). */
  locationIndex: NonNegInt.optional(),
  arrivalSec: NonNegInt,
  /** Start of service: arrival plus any wait for a time window. */
  startSec: NonNegInt,
  departureSec: NonNegInt,
  /** Load on board after the step. */
  loadLitres: NonNegInt,
  loadKg: NonNegInt,
  /** Metres and seconds driven from the previous step (0 for the first step and for breaks). */
  distanceFromPrevM: NonNegInt,
  drivingFromPrevSec: NonNegInt,
});
export type PlanStepJson = z.infer<typeof PlanStepJsonSchema>;

export const PlanRouteJsonSchema = z.object({
  vehicleId: z.string(),
  steps: z.array(PlanStepJsonSchema).min(2),
  distanceM: NonNegInt,
  drivingSec: NonNegInt,
  /** From leaving the start to arriving at the end, breaks and waits included. */
  workingSec: NonNegInt,
  binCount: NonNegInt,
  disposalTrips: NonNegInt,
  collectedLitres: NonNegInt,
  collectedKg: NonNegInt,
  /** fixed + perKm × km + perHour × working hours, in the problem's cost unit. */
  cost: z.number().min(0),
  co2Kg: z.number().min(0),
});
export type PlanRouteJson = z.infer<typeof PlanRouteJsonSchema>;

export const PlanUnassignedJsonSchema = z.object({
  binId: z.string(),
  reason: z.enum(PLAN_UNASSIGNED_REASONS),
  detail: z.string(),
});
export type PlanUnassignedJson = z.infer<typeof PlanUnassignedJsonSchema>;

export const PlanJsonSchema = z.object({
  version: z.literal(PLAN_FORMAT_VERSION),
  problemName: z.string().optional(),
  routes: z.array(PlanRouteJsonSchema),
  unassigned: z.array(PlanUnassignedJsonSchema),
  totals: z.object({
    distanceM: NonNegInt,
    drivingSec: NonNegInt,
    workingSec: NonNegInt,
    vehiclesUsed: NonNegInt,
    binsServed: NonNegInt,
    unassigned: NonNegInt,
    cost: z.number().min(0),
    co2Kg: z.number().min(0),
  }),
});
export type PlanJson = z.infer<typeof PlanJsonSchema>;

/** JSON Schema (draft 2020-12) of the plan format, for `docs/plan.schema.json`. */
export function planJsonSchema(): Record<string, unknown> {
  return { title: 'Collecte plan (a solved collection day)', ...z.toJSONSchema(PlanJsonSchema, { io: 'output' }) };
}
