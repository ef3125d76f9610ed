/**
 * The driver's tablet (issue #15): the round of today, the reports a driver makes from the cab
 * (collected / not collected and why, disposal visits, the break), the truck's positions during the
 * shift, and what the manager sees of it (each round's progress, the day's not-collected stops).
 *
 * Imported from `server/contract/driver.js` (not re-exported by `index.ts`, which it imports).
 */
import { z } from 'zod';
import { DateSchema, InstantSchema, PlanRouteSchema, RouteInstructionsSchema, StreamSchema, INSTRUCTION_LANGS } from './index.js';
import { DayStatusSchema } from './plan-day.js';

// ---------- the round ----------

/** `GET /api/rounds/today?lang=fr|en`. */
export const RoundTodayQuerySchema = z.object({ lang: z.enum(INSTRUCTION_LANGS, { error: 'must be one of fr, en' }).default('fr') });

/** Reasons a bin was not collected. `other` needs a note. */
export const NOT_COLLECTED_REASONS = ['access_blocked', 'bin_not_out', 'overflowing', 'damaged', 'other'] as const;
export const NotCollectedReasonSchema = z.enum(NOT_COLLECTED_REASONS);
export type NotCollectedReason = z.infer<typeof NotCollectedReasonSchema>;

/** What a report says happened at a step. */
export const REPORT_OUTCOMES = ['collected', 'not_collected', 'disposal_done', 'break_done'] as const;
export const ReportOutcomeSchema = z.enum(REPORT_OUTCOMES);
export type ReportOutcome = z.infer<typeof ReportOutcomeSchema>;

/** How long after a report's `at` a new report of the same step replaces it (a correction), minutes. */
export const REPORT_CORRECTION_MIN = 10;
/** Longest free-text note of a report. */
export const REPORT_NOTE_MAX = 500;

/** What the driver needs to know about one step of the round, beside the plan's own step. */
export const RoundStepDetailSchema = z.object({
  /** Index in `route.steps`. */
  stepIndex: z.number().int().nonnegative(),
  kind: z.enum(['depot', 'bin', 'disposal', 'break']),
  /** Bin, disposal-site or depot id; null for the break. */
  id: z.string().nullable(),
  /** Where to go, in words: the street (and commune) of the bin or site, from the bundled map; null if unknown. */
  address: z.string().nullable(),
  /** A site's or bin's name or label, if any. */
  label: z.string().nullable(),
  stream: StreamSchema.nullable(),
  volumeL: z.number().int().nullable(),
  /** The forecast fill at the planned arrival (the one the plan used), %; null for other steps. */
  expectedFillPercent: z.number().nullable(),
  /** Access notes of the bin or site (code of a gate, lift side...), null if none. */
  accessNotes: z.string().nullable(),
});
export type RoundStepDetail = z.infer<typeof RoundStepDetailSchema>;

/** One stored report, as answered to the driver and the manager. */
export const StoredReportSchema = z.object({
  id: z.string(),
  stepIndex: z.number().int().nonnegative(),
  outcome: ReportOutcomeSchema,
  reason: NotCollectedReasonSchema.nullable(),
  note: z.string().nullable(),
  fillPercent: z.number().nullable(),
  weightKg: z.number().nullable(),
  at: InstantSchema,
  receivedAt: InstantSchema,
  /** The report it corrects (same step, within {@link REPORT_CORRECTION_MIN}), else null. */
  corrects: z.string().nullable(),
  /** Who reported (display name), for the manager. */
  by: z.string(),
});
export type StoredReport = z.infer<typeof StoredReportSchema>;

/** `GET /api/rounds/today`: the signed-in driver's published round of today (in the space's zone). */
export const RoundTodaySchema = z.object({
  planId: z.string(),
  date: DateSchema,
  dayStatus: DayStatusSchema,
  route: PlanRouteSchema,
  /** One entry per `route.steps` entry, same order. */
  details: z.array(RoundStepDetailSchema),
  /** Turn-by-turn, leg by leg, in the asked language. */
  instructions: RouteInstructionsSchema,
  /** The reports already stored for this round, oldest first (the tablet merges its own queue on top). */
  reports: z.array(StoredReportSchema),
  serverTime: InstantSchema,
});
export type RoundTodayDto = z.infer<typeof RoundTodaySchema>;

// ---------- reports ----------

const PositionSchema = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  accuracyM: z.number().nonnegative().max(100_000).optional(),
});

/**
 * One report, made on the tablet. `id` is made by the tablet (a UUID) when the driver touches the
 * button, so a retried send is recognised: the same id with the same content is a duplicate
 * (counted once), the same id with other content is refused.
 */
export const ReportInputSchema = z
  .object({
    id: z.uuid({ error: 'must be a UUID made by the tablet' }),
    planId: z.string().min(1).max(64),
    routeId: z.string().min(1).max(64),
    stepIndex: z.number().int().nonnegative(),
    outcome: ReportOutcomeSchema,
    reason: NotCollectedReasonSchema.optional(),
    note: z.string().max(REPORT_NOTE_MAX, `must be at most ${REPORT_NOTE_MAX} characters`).optional(),
    /** Fill level seen when collecting, %. */
    fillPercent: z.number().min(0).max(200).optional(),
    /** Weight from the truck's scale (a bin) or the weighbridge ticket (a disposal visit), kg. */
    weightKg: z.number().nonnegative().max(50_000).optional(),
    /** When the driver touched the button (the tablet's clock); not in the future, on the round's date. */
    at: InstantSchema,
    position: PositionSchema.optional(),
  })
  .strict();
export type ReportInput = z.infer<typeof ReportInputSchema>;

/**
 * The `code` of each issue a refused report batch lists (besides zod's own for malformed fields),
 * stable so the tablet can say it in the driver's language: `conflict` (the id is stored with other
 * content; the batch answers 409), `unknown_plan`, `not_published`, `unknown_route`, `other_round`
 * (a step of another truck's round), `unknown_step`, `outcome_mismatch` (the outcome does not fit the
 * step's kind), `reason_required`, `reason_unexpected`, `note_required`, `in_future` (more than 2
 * minutes ahead of the server's clock), `wrong_date` (not on the plan's date), `already_reported`
 * (the step was reported more than {@link REPORT_CORRECTION_MIN} minutes before or after).
 */
export const REPORT_ISSUE_CODES = [
  'conflict',
  'unknown_plan',
  'not_published',
  'unknown_route',
  'other_round',
  'unknown_step',
  'outcome_mismatch',
  'reason_required',
  'reason_unexpected',
  'note_required',
  'in_future',
  'wrong_date',
  'already_reported',
] as const;
export type ReportIssueCode = (typeof REPORT_ISSUE_CODES)[number];

/** `POST /api/reports`: one to 200 reports (a tablet's queue after a dead zone), all or nothing. */
export const ReportBatchSchema = z.object({ reports: z.array(ReportInputSchema).min(1).max(200) }).strict();
export type ReportBatch = z.infer<typeof ReportBatchSchema>;

export const ReportBatchResultSchema = z.object({
  results: z.array(z.object({ id: z.string(), status: z.enum(['created', 'duplicate']) })),
});
export type ReportBatchResult = z.infer<typeof ReportBatchResultSchema>;

// ---------- positions ----------

/** `POST /api/positions`: the truck's positions (browser geolocation), kept only during the shift. */
export const PositionBatchSchema = z
  .object({ positions: z.array(PositionSchema.extend({ at: InstantSchema }).strict()).min(1).max(500) })
  .strict();
export const PositionBatchResultSchema = z.object({ stored: z.number().int().nonnegative(), outsideShift: z.number().int().nonnegative() });

// ---------- the manager's live view ----------

/** `GET /api/plans/:planId/progress`: each round's progress from the reports (manager). */
export const RoundProgressSchema = z.object({
  routeId: z.string(),
  vehicleId: z.string(),
  vehicleName: z.string(),
  binsTotal: z.number().int().nonnegative(),
  collected: z.number().int().nonnegative(),
  notCollected: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  /** Minutes behind plan at the last reported step (negative: ahead); null before the first report. */
  lateMin: z.number().nullable(),
  lastReportAt: InstantSchema.nullable(),
  /** Last recorded position of the truck (manager of the space only), null if none. */
  lastPosition: z.object({ lngLat: z.tuple([z.number(), z.number()]), at: InstantSchema }).nullable(),
});
export const PlanProgressSchema = z.object({
  planId: z.string(),
  date: DateSchema,
  routes: z.array(RoundProgressSchema),
  /** Every not-collected stop of the day with its reason (the day's report for the manager). */
  notCollected: z.array(
    z.object({
      routeId: z.string(),
      vehicleName: z.string(),
      binId: z.string(),
      reason: NotCollectedReasonSchema,
      note: z.string().nullable(),
      at: InstantSchema,
      by: z.string(),
    }),
  ),
  /** Current status per (route, step) from the latest report (corrections applied). */
  reports: z.array(StoredReportSchema.extend({ routeId: z.string() })),
});
export type PlanProgressDto = z.infer<typeof PlanProgressSchema>;
