/**
 * The contract of plan editing (issue #14, items 2 and 3): the edits a manager makes to a stored
 * plan, their re-evaluation, the stored versions (undo, redo), the locks and the re-optimisation
 * of the rest around them. Imported directly (not through `index.ts`, which it builds on).
 */
import { z } from 'zod';
import { InstantSchema, PlanSchema } from './index.js';

const Id = z.string().min(1).max(64, 'must be at most 64 characters');

/**
 * One edit of a plan. Positions are 0-based among the round's stops (bins and disposal visits, as
 * `PlanDto.routes[].stops` lists them), taken after the bin has left its old place; a position past
 * the end appends.
 *
 * - `move`: a bin (routed, or left out) to round `toVehicleId` at `toIndex` (a vehicle without a
 *   round gets one);
 * - `remove`: a routed bin leaves its round, unassigned as `removed_by_manager`;
 * - `add`: a bin left out of the plan goes into round `vehicleId` (at `index`, default the end);
 * - `swapVehicles`: two vehicles exchange their rounds;
 * - `lock`: the bins must stay on `vehicleId` in this relative order (one bin: a stop; several: a
 *   sequence); `lockRoute`: the vehicle serves exactly its current bins in their current order;
 * - `unlock`: frees the bins (`binIds`) or every lock of `vehicleId`.
 */
export const PlanEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('move'), binId: Id, toVehicleId: Id, toIndex: z.number().int().min(0) }),
  z.object({ op: z.literal('remove'), binId: Id }),
  z.object({ op: z.literal('add'), binId: Id, vehicleId: Id, index: z.number().int().min(0).optional() }),
  z.object({ op: z.literal('swapVehicles'), vehicleA: Id, vehicleB: Id }),
  z.object({ op: z.literal('lock'), vehicleId: Id, binIds: z.array(Id).min(1).max(2000) }),
  z.object({ op: z.literal('lockRoute'), vehicleId: Id }),
  z.object({ op: z.literal('unlock'), vehicleId: Id.optional(), binIds: z.array(Id).max(2000).optional() }),
]);
export type PlanEdit = z.infer<typeof PlanEditSchema>;

/** A lock of the problem format: `vehicleId` serves `binIds` in this order (`wholeRoute`: exactly those). */
export const PlanLockSchema = z.object({ vehicleId: z.string(), binIds: z.array(z.string()), wholeRoute: z.boolean() });
export type PlanLock = z.infer<typeof PlanLockSchema>;

/** `POST /api/plans/:planId/evaluate`: the edits to try on the plan's current version. */
export const EvaluateEditsSchema = z.object({ edits: z.array(PlanEditSchema).min(1).max(200) });
/** `POST /api/plans/:planId/edits`: the edits to store, made on version `baseVersion` (409 when it is no longer the current one). */
export const StoreEditsSchema = z.object({ baseVersion: z.number().int().min(0), edits: z.array(PlanEditSchema).min(1).max(200) });

/** A rule the edited plan breaks, as `checkDayPlan` reports it, with the round and bin it concerns. */
export const PlanViolationSchema = z.object({ code: z.string(), message: z.string(), vehicleId: z.string().optional(), binId: z.string().optional() });
export type PlanViolation = z.infer<typeof PlanViolationSchema>;

/** Where the plan stands in its edits: the version shown, whether undo and redo can move, the locks and violations of that version. */
export const PlanEditStateSchema = z.object({
  planId: z.string(),
  version: z.number().int().min(0),
  latestVersion: z.number().int().min(0),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  locks: z.array(PlanLockSchema),
  violations: z.array(PlanViolationSchema),
});
export type PlanEditState = z.infer<typeof PlanEditStateSchema>;

/**
 * A plan re-evaluated after edits (times, loads, disposal visits, breaks, cost and km of every
 * round, from the plan's travel matrix) with `checkDayPlan`'s violations: the answer of evaluate
 * (nothing stored: `stored` false) and of every stored change (edits, undo, redo, accept).
 */
export const EvaluatedPlanSchema = PlanEditStateSchema.extend({
  stored: z.boolean(),
  plan: PlanSchema,
});
export type EvaluatedPlan = z.infer<typeof EvaluatedPlanSchema>;

/** `POST /api/plans/:planId/reoptimise`: seed and iteration budget of the search (defaults: 1 and the server's plan budget). */
export const ReoptimiseSchema = z.object({ seed: z.number().int().min(0).max(2 ** 31 - 1).optional(), iterations: z.number().int().min(1).max(5000).optional() });

export const REOPTIMISE_STATUSES = ['running', 'done', 'failed'] as const;

/**
 * A re-optimisation of the rest of a plan around its locks (a job: poll it): its progress, then the
 * proposed plan with its violations and the change in km and cost against the version it started
 * from (negative: the proposal is shorter or cheaper). Accepting stores it as a new version.
 */
export const ReoptimiseJobSchema = z.object({
  jobId: z.string(),
  planId: z.string(),
  status: z.enum(REOPTIMISE_STATUSES),
  fraction: z.number().min(0).max(1),
  message: z.string(),
  baseVersion: z.number().int().min(0),
  createdAt: InstantSchema,
  error: z.string().nullable(),
  proposal: z
    .object({
      plan: PlanSchema,
      locks: z.array(PlanLockSchema),
      violations: z.array(PlanViolationSchema),
      deltaDistanceM: z.number().int(),
      deltaCost: z.number(),
    })
    .nullable(),
});
export type ReoptimiseJob = z.infer<typeof ReoptimiseJobSchema>;

export const ReoptimiseParamsSchema = z.object({ planId: Id, jobId: Id });
