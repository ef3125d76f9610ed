/**
 * Street closures, no-go areas and mid-day re-plans (issue #14, items 4 and 5): request and
 * response schemas. Re-exported by `index.ts`.
 */
import { z } from 'zod';

const Lng = z.number().min(-180, 'longitude must be >= -180').max(180, 'longitude must be <= 180');
const Lat = z.number().min(-90, 'latitude must be >= -90').max(90, 'latitude must be <= 90');
/** `[lng, lat]`. */
export const LngLatSchema = z.tuple([Lng, Lat]);
/** At most this many points per closure shape (a hand-drawn street or area). */
export const MAX_CLOSURE_POINTS = 500;

const Line = z.array(LngLatSchema).min(2, 'a line needs at least 2 points').max(MAX_CLOSURE_POINTS);
const Ring = z
  .array(LngLatSchema)
  .min(4, 'an area needs at least 3 corners (4 points, the first repeated last)')
  .max(MAX_CLOSURE_POINTS)
  .refine((r) => r.length < 1 || (r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]), 'the ring must end at its first point');

/** A closed street (line or lines) or a no-go area (polygon), GeoJSON geometry. */
export const ClosureGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('LineString'), coordinates: Line }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(Line).min(1).max(50) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(10) }),
]);
export type ClosureGeometryDto = z.infer<typeof ClosureGeometrySchema>;

/** Local date-time `YYYY-MM-DDTHH:MM` in the space's time zone (what a datetime-local input gives). */
export const LocalDateTimeSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, 'must be a local date-time YYYY-MM-DDTHH:MM');

/** Local wall-clock time `HH:MM`. */
export const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM');

/** Body of `POST /api/closures` and `PUT /api/closures/:closureId`. */
export const ClosureInputSchema = z
  .object({
    label: z.string().trim().min(1, 'a closure needs a label (roadworks, market day...)').max(120),
    geometry: ClosureGeometrySchema,
    validFrom: LocalDateTimeSchema,
    validTo: LocalDateTimeSchema,
  })
  .refine((c) => c.validTo > c.validFrom, { message: 'must be after validFrom', path: ['validTo'] });
export type ClosureInput = z.infer<typeof ClosureInputSchema>;

/**
 * A closure: `street` for a line (the street under it is closed, both ways), `area` for a polygon
 * (every street with a part inside is closed; bins inside are served from the nearest open street
 * outside, or left out with the reason `closed_street`).
 */
export const ClosureSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['street', 'area']),
  geometry: ClosureGeometrySchema,
  validFrom: LocalDateTimeSchema,
  validTo: LocalDateTimeSchema,
  createdAt: z.iso.datetime({ offset: true }),
});
export type ClosureDto = z.infer<typeof ClosureSchema>;
export const ClosureListSchema = z.array(ClosureSchema);
export const ClosureParamsSchema = z.object({ closureId: z.string().min(1).max(64, 'must be at most 64 characters') });
/** `GET /api/closures?date=`: only the closures whose period meets that day. */
export const ClosureListQuerySchema = z.object({ date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional() });

/**
 * Reasons a bin is left out that the server adds to the solver's (`capacity`, `time_window`,
 * `unreachable`, `no_compatible_vehicle`, `shift_too_short`, `not_worth_collecting`):
 * `closed_street` (no open street reaches it: a closure), `vehicle_unavailable` (its truck stopped
 * and no other truck has time for it).
 */
export const SERVER_UNASSIGNED_REASONS = ['closed_street', 'vehicle_unavailable'] as const;

/** Body of `POST /api/plans/:planId/replan`. */
export const ReplanInputSchema = z.object({
  /** Re-plan the day from this local time (the stops done by then stay as they were). */
  at: LocalTimeSchema,
  /** Trucks that cannot work from a local time (broken down, called away): no stop after it. */
  unavailable: z
    .array(z.object({ vehicleId: z.string().min(1).max(64), from: LocalTimeSchema }))
    .max(100)
    .default([])
    .refine((u) => new Set(u.map((x) => x.vehicleId)).size === u.length, 'a truck is listed twice'),
  /**
   * Also count as done every stop the plan scheduled to be left by `at` (when the drivers report
   * nothing); default false: only the stops reported done.
   */
  assumeDoneBeforeAt: z.boolean().default(false),
});
export type ReplanInput = z.infer<typeof ReplanInputSchema>;

/** Answer of `POST /api/plans/:planId/replan`: the new plan, queued. */
export const ReplanCreatedSchema = z.object({ id: z.string(), status: z.literal('queued'), sourcePlanId: z.string() });
export type ReplanCreated = z.infer<typeof ReplanCreatedSchema>;

export const DoneStopParamsSchema = z.object({
  planId: z.string().min(1).max(64, 'must be at most 64 characters'),
  binId: z.string().min(1).max(64, 'must be at most 64 characters'),
});

/**
 * `GET /api/plans/:planId/done-stops`: the stops of a plan reported done (a re-plan starts with
 * the stops done before it, each with its truck), and, for a re-plan, what it was made from.
 */
export const PlanDoneStopsSchema = z.object({
  planId: z.string(),
  done: z.array(z.object({ binId: z.string(), vehicleId: z.string().nullable(), doneAt: z.iso.datetime({ offset: true }) })),
  replanOf: z
    .object({
      sourcePlanId: z.string(),
      at: LocalTimeSchema,
      unavailable: z.array(z.object({ vehicleId: z.string(), from: LocalTimeSchema })),
      assumeDoneBeforeAt: z.boolean(),
    })
    .nullable(),
});
export type PlanDoneStopsDto = z.infer<typeof PlanDoneStopsSchema>;
