/**
 * The plan's day (issue #14, part "plans as jobs, outputs, fleet short"): the plan's life after
 * the solve (draft → published → in progress → done), the shortfall a plan reports when it leaves
 * mandatory bins out, the live events of a running plan, the export formats. Imports zod only.
 */
import { z } from 'zod';
import { DEFAULT_HORIZON_RISK_PERCENT, MAX_HORIZON_RISK_PERCENT, MIN_HORIZON_RISK_PERCENT } from './horizon.js';

/**
 * The plan's life in the day, beside the job's `status`: a plan whose solve finished (`done`, or
 * `cancelled` with its best plan so far) is a `draft`; a manager publishes it (`published`, the
 * only plans drivers see); it is `in_progress` once the rounds have started and `done` at the end
 * of the day. Null while the plan has no routes (queued, running, failed, cancelled before any).
 */
export const DAY_STATUSES = ['draft', 'published', 'in_progress', 'done'] as const;
export const DayStatusSchema = z.enum(DAY_STATUSES);
export type DayStatus = z.infer<typeof DayStatusSchema>;

/** `POST /api/plans/:planId/day-status` body: the next step of the plan's day (forward only). */
export const SetDayStatusSchema = z.object({ dayStatus: z.enum(['published', 'in_progress', 'done']) });
/** Answer of publish and day-status changes. */
export const DayStatusChangedSchema = z.object({ id: z.string(), dayStatus: DayStatusSchema, publishedAt: z.iso.datetime({ offset: true }).nullable() });

/**
 * Why a plan speaks to the manager first (client-translated codes, with their parameters):
 * `nothing_to_collect` {bins}, `nothing_routed` {binsSelected}; a re-plan of the rest of the day,
 * `replanned` {at: 'HH:MM', kept: stops already done} or `replanned_unavailable` {at, kept,
 * unavailable: 'BOM-03 (11:00), ...' (vehicle id and the time it stops)}.
 */
export const NOTICE_CODES = ['nothing_to_collect', 'nothing_routed', 'replanned', 'replanned_unavailable'] as const;
export const NoticeCodeSchema = z.enum(NOTICE_CODES);
export type NoticeCode = z.infer<typeof NoticeCodeSchema>;

/** A remedy the manager has when the fleet is short. */
export const RemedySchema = z.discriminatedUnion('code', [
  /** Re-plan with this much overtime on every shift (a plan-creation option). */
  z.object({ code: z.literal('overtime'), overtimeMin: z.number().int().positive() }),
  /** Another vehicle or shift: the truck-hours missing. */
  z.object({ code: z.literal('extra_vehicle'), truckHours: z.number().nonnegative() }),
  /** Leave the bins to tomorrow: how many, and how many of them are forecast full already. */
  z.object({ code: z.literal('move_to_tomorrow'), bins: z.number().int().nonnegative(), alreadyFull: z.number().int().nonnegative() }),
]);
export type Remedy = z.infer<typeof RemedySchema>;

/**
 * The fleet could not serve every mandatory bin: how many were left out, an estimate of the
 * truck-hours missing (their service time plus the plan's mean driving time per bin), the H3 areas
 * with most of them, and the most urgent ones first (by the forecast fill the plan used).
 */
export const ShortfallSchema = z.object({
  code: z.literal('mandatory_left_out'),
  mandatoryLeftOut: z.number().int().positive(),
  missingTruckHours: z.number().nonnegative(),
  areas: z.array(z.object({ h3Cell: z.string(), bins: z.number().int().positive() })),
  urgentBins: z.array(
    z.object({
      binId: z.string(),
      /** Forecast fill at the plan instant the plan used, percent (null: no reading to forecast from). */
      forecastFillPercent: z.number().nullable(),
      reason: z.string(),
      h3Cell: z.string(),
      lngLat: z.tuple([z.number(), z.number()]),
    }),
  ),
  remedies: z.array(RemedySchema),
});
export type ShortfallDto = z.infer<typeof ShortfallSchema>;

/** How a plan chooses its bins (see {@link PlanOptionsSchema}). */
export const PLAN_SELECTIONS = ['decisions', 'horizon'] as const;
export type PlanSelection = (typeof PLAN_SELECTIONS)[number];

/** Options of a plan (`POST /api/plans`), stored with its inputs. */
export const PlanOptionsSchema = z.object({
  /** Minutes added to every shift's end (a remedy when the fleet is short). */
  overtimeMin: z.number().int().min(0).max(240).default(0),
  /**
   * Which bins the plan must collect (issue #17): `decisions`, the day's must / may / skip; or
   * `horizon`, the bins the rolling-horizon planner (`GET /api/horizon`) takes today, plus the bins
   * reports force in, with the other bins of today's visited areas optional as the `may` rule says
   * and the rest left for their area's planned visit.
   */
  selection: z.enum(PLAN_SELECTIONS).default('decisions'),
  /** The horizon planner's risk, percent (with `selection: 'horizon'`). */
  horizonRiskPercent: z
    .number({ error: 'must be a number' })
    .min(MIN_HORIZON_RISK_PERCENT, `must be at least ${MIN_HORIZON_RISK_PERCENT}`)
    .max(MAX_HORIZON_RISK_PERCENT, `must be at most ${MAX_HORIZON_RISK_PERCENT}`)
    .default(DEFAULT_HORIZON_RISK_PERCENT),
});
export type PlanOptionsDto = z.infer<typeof PlanOptionsSchema>;

/** Phases of a plan job, in order (the client translates them). */
export const PLAN_PHASES = ['queued', 'forecast', 'build', 'roads', 'search', 'check', 'geometry', 'store'] as const;
export const PlanPhaseSchema = z.enum(PLAN_PHASES);

/** A `rounds` Server-Sent Event: the search's current routes, as their stops' coordinates in order. */
export const PlanRoundsEventSchema = z.object({
  iteration: z.number().int().nonnegative(),
  routes: z.array(z.object({ vehicleId: z.string(), color: z.string(), coordinates: z.array(z.tuple([z.number(), z.number()])) })),
});
export type PlanRoundsEvent = z.infer<typeof PlanRoundsEventSchema>;

/** `GET /api/plans/:planId/routes/:routeId?format=`. */
export const RouteQuerySchema = z.object({ format: z.enum(['json', 'geojson', 'gpx', 'csv']).default('json') });
/** `GET /api/plans/:planId/summary?format=`. */
export const SummaryQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });
/** `GET /api/round?date=`: the signed-in driver's round of that date. */
export const RoundQuerySchema = z.object({ date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }) });

/** One round of a plan summary (per round: km, time, stops, loads, disposal trips, CO₂). */
export const RoundSummarySchema = z.object({
  routeId: z.string(),
  vehicleId: z.string(),
  vehicleName: z.string(),
  distanceKm: z.number().nonnegative(),
  durationMin: z.number().int().nonnegative(),
  bins: z.number().int().nonnegative(),
  collectedLitres: z.number().int().nonnegative(),
  collectedKg: z.number().int().nonnegative(),
  disposalTrips: z.number().int().nonnegative(),
  /** Kilograms of CO₂: the route's km × its vehicle's factor (about 2.5 kgCO2e/km for a diesel collection truck, domain primer). */
  co2Kg: z.number().nonnegative(),
  costEur: z.number().nonnegative().nullable(),
});
export const PlanExportSummarySchema = z.object({
  planId: z.string(),
  date: z.iso.date(),
  rounds: z.array(RoundSummarySchema),
  totals: RoundSummarySchema.omit({ routeId: true, vehicleId: true, vehicleName: true }),
});
export type PlanExportSummary = z.infer<typeof PlanExportSummarySchema>;

/**
 * `GET /api/plans/:planId/forecast`: the forecast the plan used for each bin (its decision and fill
 * at the plan instant), from the plan's stored inputs; the map colours bins by it.
 */
export const PlanForecastSchema = z.object({
  planId: z.string(),
  bins: z.array(z.object({ binId: z.string(), decision: z.enum(['must', 'may', 'skip']), forecastFillPercent: z.number().nullable() })),
});
export type PlanForecastDto = z.infer<typeof PlanForecastSchema>;
