/**
 * The rolling-horizon plan of the coming working days (issue #17, item 2): which areas (H3 cells)
 * each vehicle type visits on which day, which bins each visit takes, and why. Request and
 * response schemas of `GET /api/horizon`. Re-exported by `index.ts`.
 */
import { z } from 'zod';

const Stream = z.enum(['residual', 'packaging', 'glass', 'paper', 'biowaste']);
const IsoDate = z.iso.date();

/** Default accepted overflow risk of the horizon planner, percent. */
export const DEFAULT_HORIZON_RISK_PERCENT = 5;
/** Lowest and highest risk the endpoint accepts, percent. */
export const MIN_HORIZON_RISK_PERCENT = 1;
export const MAX_HORIZON_RISK_PERCENT = 40;

/** `GET /api/horizon` query. */
export const HorizonQuerySchema = z.object({
  /** Plan date (day 0); default today in the space's time zone. */
  date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
  /** Accepted probability that a bin overflows before its area's next visit, percent. */
  risk: z.coerce
    .number({ error: 'must be a number' })
    .min(MIN_HORIZON_RISK_PERCENT, `must be at least ${MIN_HORIZON_RISK_PERCENT}`)
    .max(MAX_HORIZON_RISK_PERCENT, `must be at most ${MAX_HORIZON_RISK_PERCENT}`)
    .default(DEFAULT_HORIZON_RISK_PERCENT),
});
export type HorizonQuery = z.infer<typeof HorizonQuerySchema>;

/** One planned visit: an area, a stream, the vehicle type that serves it, the bins it takes. */
export const HorizonVisitSchema = z.object({
  /** The area's H3 cell (resolution `h3Resolution`). */
  areaId: z.string(),
  stream: Stream,
  /** Vehicle type (its streams joined by `+`), null when no vehicle carries the stream. */
  vehicleTypeId: z.string().nullable(),
  binIds: z.array(z.string()),
  /** Estimated time of the visit (reaching the area and the stops), hours. */
  hours: z.number().nonnegative(),
  /** Estimated cost of the visit, EUR. */
  costEur: z.number().nonnegative(),
});
export type HorizonVisitDto = z.infer<typeof HorizonVisitSchema>;

/** A planned working day. */
export const HorizonDaySchema = z.object({
  date: IsoDate,
  /** How the explanations name the day (English, e.g. `Tuesday 01/12`); the client formats `date` itself. */
  label: z.string(),
  visits: z.array(HorizonVisitSchema),
  /** Hours planned per vehicle type. */
  hoursByType: z.record(z.string(), z.number()),
  /** Hours beyond the type's usable shift hours (only day 0 can be over). */
  overHours: z.record(z.string(), z.number()),
});

/** Per area and stream: the planned visit dates and why. */
export const HorizonAreaSchema = z.object({
  areaId: z.string(),
  stream: Stream,
  visitDates: z.array(IsoDate),
  /** The first planned visit from day 0 on, null when none within the horizon. */
  nextVisitDate: IsoDate.nullable(),
  reason: z.string(),
});

/** Per bin: the day it is taken within the horizon (null: not within it) and why. */
export const HorizonBinSchema = z.object({
  binId: z.string(),
  areaId: z.string(),
  stream: Stream,
  collectDate: IsoDate.nullable(),
  reason: z.string(),
});

/** The outline of an area, `[lng, lat]` ring (closed), for the map. */
export const HorizonCellSchema = z.object({ areaId: z.string(), boundary: z.array(z.tuple([z.number(), z.number()])) });

export const HorizonSchema = z.object({
  date: IsoDate,
  riskPercent: z.number(),
  /** Fill that counts as full, percent. */
  fullPercent: z.number(),
  h3Resolution: z.number().int(),
  /** The planned working days, day 0 first. */
  days: z.array(HorizonDaySchema),
  areas: z.array(HorizonAreaSchema),
  cells: z.array(HorizonCellSchema),
  bins: z.array(HorizonBinSchema),
  /** Bin ids the horizon takes on day 0 (the plan's mandatory bins with `selection: 'horizon'`). */
  today: z.array(z.string()),
});
export type HorizonDto = z.infer<typeof HorizonSchema>;
