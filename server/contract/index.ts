/**
 * The API contract shared by the server and the client: zod schemas for every request and
 * response body, and the DTO types inferred from them. Imports zod only.
 */
import { z } from 'zod';

export * from './errors.js';
export * from './inventory.js';
export * from './closures.js';
export * from './plan-day.js';
export * from './horizon.js';
import { DayStatusSchema, NoticeCodeSchema, PLAN_SELECTIONS, PlanOptionsSchema, PlanPhaseSchema, ShortfallSchema } from './plan-day.js';

export const STREAM_VALUES = ['residual', 'packaging', 'glass', 'paper', 'biowaste'] as const;
export const StreamSchema = z.enum(STREAM_VALUES);
export type StreamDto = z.infer<typeof StreamSchema>;

/** ISO 8601 instant with an explicit offset or Z, e.g. `2026-11-28T06:00:00Z`. */
export const InstantSchema = z.iso.datetime({ offset: true });
/** Calendar date `YYYY-MM-DD` (a real date: 2026-02-30 is rejected). */
export const DateSchema = z.iso.date();

/** Why a decision was forced to `must` whatever the forecast (see {@link BinDecisionSchema}). */
export const MUST_REASON_CODES = ['driver_report_overflowing', 'citizen_report'] as const;
export type MustReasonCode = (typeof MUST_REASON_CODES)[number];

// ---------- bins ----------

export const BinPropertiesSchema = z.object({
  id: z.string(),
  stream: StreamSchema,
  capacityLitres: z.number().int().positive(),
  /** Where the bin comes from: a real OSM waste point or a generated one. */
  origin: z.enum(['osm', 'generated']),
  fillPercent: z.number().nullable(),
  measuredAt: InstantSchema.nullable(),
  /** Fill forecast for the plan date shown (today by default), percent. */
  forecastFillPercent: z.number().nullable(),
  h3Cell: z.string(),
  /** Set when no truck can reach the bin on the drivable network. */
  unreachableReason: z.string().nullable(),
});
export type BinProperties = z.infer<typeof BinPropertiesSchema>;

const PointSchema = z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) });
const LineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(z.tuple([z.number(), z.number()])) });
const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) });

export const BinFeatureSchema = z.object({ type: z.literal('Feature'), id: z.string().optional(), geometry: PointSchema, properties: BinPropertiesSchema });
export const BinCollectionSchema = z.object({ type: z.literal('FeatureCollection'), features: z.array(BinFeatureSchema) });
export type BinCollection = z.infer<typeof BinCollectionSchema>;

// ---------- H3 cells ----------

export const CellPropertiesSchema = z.object({
  h3Cell: z.string(),
  resolution: z.number().int(),
  binCount: z.number().int().nonnegative(),
  /** Mean of the bins' latest fill, percent; null when no bin in the cell has a reading. */
  meanFillPercent: z.number().nullable(),
  /** Mean of the bins' forecast fill today (the same forecast as `/api/bins` and the plans), percent; null without one. */
  meanForecastPercent: z.number().nullable(),
});
export const CellCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), geometry: PolygonSchema, properties: CellPropertiesSchema })),
});
export type CellCollection = z.infer<typeof CellCollectionSchema>;

// ---------- readings ----------

/**
 * What a reading may say (issue #11: plausible data only), the same for JSON batches, CSV uploads
 * and FIWARE payloads:
 * - `measuredAt` lies between {@link EARLIEST_READING_AT} and {@link MAX_CLOCK_SKEW_SEC} after the
 *   server's clock (a sensor clock a little ahead is tolerated; a reading from the future is not);
 * - `fillPercent` is a decimal number from 0 to {@link MAX_FILL_PERCENT}: above 100 the waste
 *   stands above the rim, and the reading is kept as overflowing (never clipped);
 * - ids and statuses are at most {@link MAX_ID_LENGTH} / {@link MAX_STATUS_LENGTH} characters.
 */
export const EARLIEST_READING_AT = '2000-01-01T00:00:00.000Z';
/** How far after the server's clock a reading may be dated, seconds. */
export const MAX_CLOCK_SKEW_SEC = 300;
/** Highest fill a reading may report, percent (150: half a container above the rim). */
export const MAX_FILL_PERCENT = 150;
/** Longest bin id, characters. */
export const MAX_ID_LENGTH = 64;
/** Longest sensor status (FIWARE `status`), characters. */
export const MAX_STATUS_LENGTH = 64;

export const ReadingInputSchema = z.object({
  binId: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`),
  measuredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant with offset, e.g. 2026-11-28T06:00:00Z' }),
  fillPercent: z.number({ error: 'must be a number' }).min(0, 'must be >= 0').max(MAX_FILL_PERCENT, `must be <= ${MAX_FILL_PERCENT}`),
});
/** At most this many readings in one JSON batch. */
export const MAX_READINGS_PER_BATCH = 50_000;
export const ReadingBatchSchema = z
  .array(ReadingInputSchema, { error: 'must be an array of readings' })
  .min(1, 'must contain at least one reading')
  .max(MAX_READINGS_PER_BATCH, `must contain at most ${MAX_READINGS_PER_BATCH} readings`);
export type ReadingInput = z.infer<typeof ReadingBatchSchema>[number];

/**
 * A reading that contradicts a stored one: same bin and instant, another fill. The stored value is
 * kept; the row is reported (never silently dropped as a duplicate).
 */
export const ReadingConflictSchema = z.object({
  /** Index in the JSON batch (0-based). */
  index: z.number().int().nonnegative(),
  binId: z.string(),
  measuredAt: InstantSchema,
  fillPercent: z.number(),
  storedFillPercent: z.number(),
});
export type ReadingConflict = z.infer<typeof ReadingConflictSchema>;
/**
 * Result of a JSON batch: 201 when every reading was new or an exact repeat (`duplicates`, an
 * idempotent retry), 207 when some contradicted stored readings (`conflicts`, stored values kept);
 * a batch of conflicts only is refused with 409.
 */
export const ReadingBatchResultSchema = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int(),
  conflicts: z.array(ReadingConflictSchema),
});
export type ReadingBatchResult = z.infer<typeof ReadingBatchResultSchema>;

// ---------- plans ----------

/**
 * Plans are made for dates from {@link PLAN_DAYS_BEFORE_TODAY} days before today (replaying a past
 * day) to {@link PLAN_DAYS_AFTER_TODAY} days after it (today in the service's time zone); other
 * dates are refused with the window in the message.
 */
export const PLAN_DAYS_BEFORE_TODAY = 366;
export const PLAN_DAYS_AFTER_TODAY = 14;
/**
 * Plans queued or running at once; one more is refused with 429 `too_many_requests` and a
 * `Retry-After` header (plans are solved one at a time).
 */
export const MAX_PENDING_PLANS = 4;

export const CreatePlanSchema = z.object({
  date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }),
  overtimeMin: PlanOptionsSchema.shape.overtimeMin.optional(),
  /** `decisions` (default) or `horizon` (issue #17; see {@link PlanOptionsSchema}). */
  selection: z.enum(PLAN_SELECTIONS, { error: `must be one of ${PLAN_SELECTIONS.join(', ')}` }).optional(),
  horizonRiskPercent: PlanOptionsSchema.shape.horizonRiskPercent.optional(),
});
export type CreatePlan = z.infer<typeof CreatePlanSchema>;

/**
 * `queued` → `running` → `done` | `failed`; `cancelled` when someone cancels it first
 * (`POST /api/plans/:id/cancel`). A plan queued or running when the server stopped is queued
 * again when it starts (`resumed` counts those restarts).
 */
export const PLAN_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export const PlanStatusSchema = z.enum(PLAN_STATUSES);

export const PlanStopSchema = z.object({
  binId: z.string(),
  seq: z.number().int().positive(),
  kind: z.enum(['bin', 'disposal']),
  arrival: InstantSchema,
  departure: InstantSchema,
  loadAfterL: z.number().int().nonnegative(),
  loadAfterKg: z.number().int().nonnegative(),
});
export type PlanStop = z.infer<typeof PlanStopSchema>;

/** Kinds of a route step: the depot (first and last step), a bin, a disposal-site visit, a break. */
export const PLAN_STEP_KINDS = ['depot', 'bin', 'disposal', 'break'] as const;

/**
 * One step of a route's day, in order: leaves the depot, bins, disposal-site visits (the truck
 * unloads), the crew's break, back at the depot. Times are instants; the truck may wait between
 * `arrival` and `start` (a window or a site not yet open).
 */
export const PlanRouteStepSchema = z.object({
  kind: z.enum(PLAN_STEP_KINDS),
  /** Bin id, disposal-site id or depot id; null for a break. */
  id: z.string().nullable(),
  /** The stop number of `stops` (bins and disposal visits), null for the depot and breaks. */
  seq: z.number().int().positive().nullable(),
  arrival: InstantSchema,
  start: InstantSchema,
  departure: InstantSchema,
  /** Load on board after the step (0 after a disposal visit). */
  loadAfterL: z.number().int().nonnegative(),
  loadAfterKg: z.number().int().nonnegative(),
  /** Metres driven from the previous step (0 for the first step and for breaks). */
  distanceFromPrevM: z.number().int().nonnegative(),
  /** Where the step happens; for a break, where the truck stands. */
  lngLat: z.tuple([z.number(), z.number()]),
});
export type PlanRouteStep = z.infer<typeof PlanRouteStepSchema>;

export const PlanRouteSchema = z.object({
  routeId: z.string(),
  vehicleId: z.string(),
  vehicleName: z.string(),
  streams: z.array(StreamSchema),
  capacityLitres: z.number().int(),
  capacityKg: z.number().int(),
  distanceM: z.number().int().nonnegative(),
  /** Working time: leaving the depot to arriving back, breaks and waits included. */
  durationS: z.number().int().nonnegative(),
  /** Driving time; null for plans stored before the collection-day model. */
  drivingS: z.number().int().nonnegative().nullable(),
  /** Time on breaks (the crew's lunch break). */
  breakS: z.number().int().nonnegative(),
  /** fixed + per km + per working hour, EUR (the objective's unit); null for plans stored before the collection-day model. */
  cost: z.number().nonnegative().nullable(),
  start: InstantSchema,
  end: InstantSchema,
  binCount: z.number().int().nonnegative(),
  disposalTrips: z.number().int().nonnegative(),
  collectedLitres: z.number().int().nonnegative(),
  collectedKg: z.number().int().nonnegative(),
  /** Stops in order; disposal-site visits have kind `disposal` and binId set to the site id. */
  stops: z.array(PlanStopSchema),
  /** The whole day in order: depot, bins, disposal visits, breaks, depot (see {@link PlanRouteStepSchema}). */
  steps: z.array(PlanRouteStepSchema),
});
export type PlanRoute = z.infer<typeof PlanRouteSchema>;
/** `GET /api/round?date=`: a driver's round in the last published plan of the date. */
export const DriverRoundSchema = z.object({ planId: z.string(), date: DateSchema, dayStatus: DayStatusSchema, route: PlanRouteSchema });

export const UnassignedSchema = z.object({ binId: z.string(), reason: z.string(), detail: z.string() });

export const PlanSummarySchema = z.object({
  distanceM: z.number().int(),
  durationS: z.number().int(),
  vehiclesUsed: z.number().int(),
  binsSelected: z.number().int(),
  binsRouted: z.number().int(),
  co2Kg: z.number(),
  /** Disposal-site visits of all routes. */
  disposalTrips: z.number().int().nonnegative(),
  /** Break time of all routes. */
  breakS: z.number().int().nonnegative(),
  /** Objective cost, EUR; null for plans stored before the collection-day model. */
  cost: z.number().nonnegative().nullable(),
  /** Of `binsSelected`, the `may` bins offered as optional bins (taken when worth the detour); null before the collection-day model. */
  binsOptional: z.number().int().nonnegative().nullable(),
});

export const PlanSchema = z.object({
  id: z.string(),
  date: DateSchema,
  status: PlanStatusSchema,
  createdAt: InstantSchema,
  error: z.string().nullable(),
  /** A sentence for the manager when the plan needs one (for example: no bin needs collecting that day). */
  notice: z.string().nullable(),
  /** The notice as a code for the client to translate, with its parameters (null: none). */
  noticeCode: NoticeCodeSchema.nullable(),
  noticeParams: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The plan's life in the day (draft → published → in_progress → done), null without routes. */
  dayStatus: DayStatusSchema.nullable(),
  publishedAt: InstantSchema.nullable(),
  /** Mandatory bins left out, with the remedies (null when every mandatory bin is routed). */
  shortfall: ShortfallSchema.nullable(),
  /** The plan's options (overtime) and whether its inputs are stored (it can be reproduced). */
  options: PlanOptionsSchema,
  reproducible: z.boolean(),
  /** How many times a restart of the server queued this plan again. */
  resumed: z.number().int().nonnegative(),
  summary: PlanSummarySchema.nullable(),
  routes: z.array(PlanRouteSchema),
  unassigned: z.array(UnassignedSchema),
  /**
   * Bins the plan had to collect whatever their forecast (`must`), with the reason code: a driver's
   * overflowing report or an accepted citizens' report (issue #16). From the plan's stored inputs;
   * empty for plans without them.
   */
  forcedBins: z.array(z.object({ binId: z.string(), decision: z.literal('must'), reasonCode: z.enum(MUST_REASON_CODES) })).default([]),
});
export type PlanDto = z.infer<typeof PlanSchema>;

export const PlanCreatedSchema = z.object({ id: z.string(), status: PlanStatusSchema });
/** Answer of `POST /api/plans/:id/cancel`: the plan's status afterwards. */
export const PlanCancelledSchema = z.object({ id: z.string(), status: PlanStatusSchema });
export type PlanCreated = z.infer<typeof PlanCreatedSchema>;

export const PlanListSchema = z.array(z.object({ id: z.string(), date: DateSchema, status: PlanStatusSchema, dayStatus: DayStatusSchema.nullable(), createdAt: InstantSchema }));
export type PlanList = z.infer<typeof PlanListSchema>;

/**
 * `?format=geojson`: route LineStrings on the streets plus stop Points: `stop` (a bin, `binId` the
 * bin), `disposal_visit` (a route unloading at a disposal site, `binId` the site id, `seq` its stop
 * number as in the PlanDto), and the sites (`depot`, `disposal`, without route).
 */
export const PlanGeoJsonSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.union([
      z.object({
        type: z.literal('Feature'),
        geometry: LineStringSchema,
        properties: z.object({ kind: z.literal('route'), routeId: z.string(), vehicleId: z.string(), color: z.string(), distanceM: z.number(), durationS: z.number() }),
      }),
      z.object({
        type: z.literal('Feature'),
        geometry: PointSchema,
        properties: z.object({ kind: z.enum(['stop', 'disposal_visit', 'depot', 'disposal']), routeId: z.string().nullable(), vehicleId: z.string().nullable(), binId: z.string().nullable(), seq: z.number().int().nullable(), color: z.string() }),
      }),
    ]),
  ),
});
export type PlanGeoJson = z.infer<typeof PlanGeoJsonSchema>;

/** `gpx`: GPX 1.1, one track per round on the streets, its stops as waypoints in order; `csv`: one row per stop (RFC 4180, comma, header). */
export const PlanQuerySchema = z.object({ format: z.enum(['json', 'geojson', 'gpx', 'csv']).default('json') });
export const PlanListQuerySchema = z.object({ date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional() });

/** Server-Sent Event payloads of `GET /api/plans/:id/events`. */
export const PlanProgressEventSchema = z.object({
  fraction: z.number().min(0).max(1),
  message: z.string(),
  /** The job's phase (a code), seconds since it started, and in the search its iteration and best cost so far. */
  phase: PlanPhaseSchema.optional(),
  elapsedS: z.number().nonnegative().optional(),
  iteration: z.number().int().nonnegative().optional(),
  iterations: z.number().int().nonnegative().optional(),
  bestCostEur: z.number().optional(),
});
export type PlanProgressEvent = z.infer<typeof PlanProgressEventSchema>;
export const PlanDoneEventSchema = z.object({ id: z.string(), status: PlanStatusSchema, error: z.string().nullable() });
export type PlanDoneEvent = z.infer<typeof PlanDoneEventSchema>;

// ---------- roads (basemap) ----------

export const RoadCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: LineStringSchema,
      properties: z.object({ highway: z.string(), name: z.string().nullable(), drivable: z.boolean(), oneway: z.boolean() }),
    }),
  ),
});
export type RoadCollection = z.infer<typeof RoadCollectionSchema>;

// ---------- sites ----------
export const SiteSchema = z.object({ id: z.string(), kind: z.enum(['depot', 'disposal']), name: z.string(), lngLat: z.tuple([z.number(), z.number()]) });
export type SiteDto = z.infer<typeof SiteSchema>;
export const SiteListSchema = z.array(SiteSchema);

// ---------- route instructions ----------

/** Languages of `GET /api/plans/:planId/routes/:routeId/instructions?lang=`. */
export const INSTRUCTION_LANGS = ['fr', 'en'] as const;
export const InstructionsQuerySchema = z.object({ lang: z.enum(INSTRUCTION_LANGS, { error: 'must be one of fr, en' }).default('fr') });

/** One OSRM v5-style maneuver with its sentence. */
export const InstructionStepSchema = z.object({
  /** OSRM maneuver type: depart, turn, new name, continue, roundabout, arrive. */
  type: z.string(),
  /** OSRM modifier (left, slight right, uturn...), null for depart and an arrival of unknown side. */
  modifier: z.string().nullable(),
  /** Roundabout exit number, else null. */
  exit: z.number().int().positive().nullable(),
  name: z.string(),
  /** Metres and seconds from this maneuver to the next. */
  distanceM: z.number().nonnegative(),
  durationS: z.number().nonnegative(),
  location: z.tuple([z.number(), z.number()]),
  instruction: z.string(),
});
export type InstructionStep = z.infer<typeof InstructionStepSchema>;

const InstructionStopSchema = z.object({ kind: z.enum(['start', 'bin', 'disposal', 'end']), refId: z.string() });

/** Turn-by-turn instructions of one route, leg by leg (stop to stop), on the turn-aware road graph. */
export const RouteInstructionsSchema = z.object({
  planId: z.string(),
  routeId: z.string(),
  lang: z.enum(INSTRUCTION_LANGS),
  distanceM: z.number().int().nonnegative(),
  durationS: z.number().nonnegative(),
  legs: z.array(
    z.object({
      from: InstructionStopSchema,
      to: InstructionStopSchema,
      distanceM: z.number().int().nonnegative(),
      durationS: z.number().nonnegative(),
      geometry: LineStringSchema,
      steps: z.array(InstructionStepSchema),
    }),
  ),
});
export type RouteInstructions = z.infer<typeof RouteInstructionsSchema>;

// ---------- ingestion (CSV uploads and FIWARE WasteContainer payloads) ----------

/** Largest CSV upload per request, bytes (streamed line by line, never held in memory). */
export const MAX_CSV_BYTES = 200 * 1024 * 1024;
/** Longest CSV line, bytes; a longer line is rejected without being read into memory. */
export const MAX_CSV_LINE_BYTES = 4096;
/**
 * A rejected CSV line (`line`, 1-based, the header is line 1) or NGSI entity (`index`, 0-based),
 * with the reason; `code` is `conflict` when it contradicts a stored reading (kept), else `invalid`.
 */
export const RejectedRowSchema = z.object({
  line: z.number().int().optional(),
  index: z.number().int().optional(),
  code: z.enum(['invalid', 'conflict']).optional(),
  reason: z.string(),
});
export type RejectedRow = z.infer<typeof RejectedRowSchema>;
/**
 * Result of a CSV upload or FIWARE payload: good rows are kept (in transactions per chunk), every
 * bad row is listed. 201 when nothing was rejected, 207 otherwise.
 */
export const IngestResultSchema = z.object({
  inserted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(RejectedRowSchema),
  /** Rows that contradicted a stored reading (also listed in `rejected` with code `conflict`). */
  conflicts: z.number().int(),
  /** Alerts stored from FIWARE `status` values other than `ok` (new ones only). */
  alerts: z.number().int(),
  /**
   * True when reading stopped early: at the size cap, or at a body that could not be read further
   * (invalid gzip, connection cut); the rest was not read (also listed in `rejected`).
   */
  truncated: z.boolean(),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;

export const AlertSchema = z.object({ binId: z.string(), raisedAt: InstantSchema, status: z.string(), source: z.string(), receivedAt: InstantSchema });
export type AlertDto = z.infer<typeof AlertSchema>;
export const AlertListSchema = z.array(AlertSchema);
export const AlertQuerySchema = z.object({
  since: InstantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(500),
});

// ---------- collection decisions ----------

export const DECISIONS = ['must', 'may', 'skip'] as const;
export const DecisionQuerySchema = z.object({
  /** Plan date; default today in the service's time zone. */
  date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
  /** Next possible collection date; default the day after `date`. */
  next: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
  /** Overflow risk that makes a bin `must`, percent. */
  riskPercent: z.coerce.number().gt(0).lt(50).default(10),
});
export type DecisionQuery = z.infer<typeof DecisionQuerySchema>;
export const BinDecisionSchema = z.object({
  binId: z.string(),
  decision: z.enum(DECISIONS),
  reason: z.string(),
  expectedAtPlanPercent: z.number().nullable(),
  expectedAtNextPercent: z.number().nullable(),
  upperAtNextPercent: z.number().nullable(),
  overflowProbability: z.number().nullable(),
  ratePercentPerDay: z.number().nullable(),
  rateSdPercentPerDay: z.number().nullable(),
  rateSource: z.enum(['bin', 'shrunk', 'group']).nullable(),
  fullAt: InstantSchema.nullable(),
  lastFillPercent: z.number().nullable(),
  lastMeasuredAt: InstantSchema.nullable(),
  saturated: z.boolean(),
  /**
   * A faulty sensor (issue #17): `silent` (no reading for days), `stuck` (one value), `noisy`,
   * `drifting` (reads high right after emptying). The forecast then uses the group rate from a safe
   * level and `reason` gives the evidence. Absent or null when the sensor looks healthy.
   */
  sensorFault: z.enum(['silent', 'stuck', 'noisy', 'drifting']).nullable().optional(),
  planAt: InstantSchema,
  nextChanceAt: InstantSchema,
  /**
   * Why the decision was forced, as a code the client translates (issue #15):
   * `driver_report_overflowing` when a driver reported the bin overflowing and not collected, until
   * a later report says it was collected; `citizen_report` when a manager accepted a resident's
   * report on the bin (issue #16), until a collection of the bin after the report. Absent or null
   * when the forecast alone decided.
   */
  reasonCode: z.enum(MUST_REASON_CODES).nullable().optional(),
});
export type BinDecisionDto = z.infer<typeof BinDecisionSchema>;
export const DecisionListSchema = z.object({
  date: DateSchema,
  next: DateSchema,
  riskPercent: z.number(),
  counts: z.object({ must: z.number().int(), may: z.number().int(), skip: z.number().int() }),
  decisions: z.array(BinDecisionSchema),
});
export type DecisionList = z.infer<typeof DecisionListSchema>;

// ---------- health ----------

/** `GET /api/health`: a cheap liveness and readiness answer (no heavy work, no auth). */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  /** Seconds since this server process started. */
  uptimeS: z.number().nonnegative(),
  /** Process id of the server (the supervisor restarts it with another). */
  pid: z.number().int(),
  plans: z.object({ queued: z.number().int().nonnegative(), running: z.number().int().nonnegative(), max: z.number().int().positive() }),
  /**
   * How long the event loop was held beyond its schedule, ms, over the last minute (or since
   * start): the 99th percentile and the maximum of `monitorEventLoopDelay`'s samples (10 ms period).
   */
  eventLoop: z.object({ p99Ms: z.number().nonnegative(), maxMs: z.number().nonnegative() }),
});
export type Health = z.infer<typeof HealthSchema>;

// ---------- spaces, people, roles, tokens (issue #13) ----------

/** Roles a person holds in a space. */
export const ROLES = ['admin', 'manager', 'driver', 'analyst'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * What a role or a machine token may do. Every endpoint requires one permission (or none: public,
 * or any signed-in person); roles grant sets of them; tokens carry some of them as scopes.
 */
export const PERMISSIONS = [
  'bins:read',
  'readings:read',
  'readings:write',
  'plans:read',
  'plans:write',
  'inventory:write',
  'round:read',
  /** A driver's reports and truck positions from the cab (issue #15). */
  'round:report',
  /** Citizens' reports: see them (with the reporter's e-mail while open) and accept or reject them (issue #16). */
  'reports:moderate',
  'users:admin',
  'tokens:admin',
  'audit:read',
  'space:admin',
  /** The analyst's desk: history aggregates, exports, open data of the space (issue #16). */
  'history:read',
  /** Publish the space's open data to anyone, or stop (issue #16). */
  'opendata:publish',
] as const;
export const PermissionSchema = z.enum(PERMISSIONS);
export type Permission = z.infer<typeof PermissionSchema>;

/**
 * The permissions of each role: an analyst reads; a manager reads, feeds readings and plans; an
 * admin does all a manager does plus people, tokens, the audit trail and the space's settings; a
 * driver sees the sites and (issue #15) the round of the vehicle it is bound to.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  analyst: ['bins:read', 'readings:read', 'plans:read', 'history:read'],
  manager: ['bins:read', 'readings:read', 'readings:write', 'plans:read', 'plans:write', 'inventory:write', 'reports:moderate', 'history:read', 'opendata:publish'],
  admin: [
    'bins:read', 'readings:read', 'readings:write', 'plans:read', 'plans:write', 'inventory:write', 'reports:moderate', 'users:admin', 'tokens:admin', 'audit:read', 'space:admin',
    'history:read', 'opendata:publish',
  ],
  driver: ['round:read', 'round:report'],
};

/** Permissions a machine token may carry (gateways and scripts: no people, tokens or settings). */
export const TOKEN_SCOPES = ['readings:write', 'readings:read', 'bins:read', 'plans:read'] as const satisfies readonly Permission[];
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScopeSchema>;

/** Longest username and display name; shortest and longest password. */
export const MAX_USERNAME_LENGTH = 64;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export const SpaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['commune', 'intercommunalite']),
  communes: z.array(z.string()),
  timeZone: z.string(),
});
export type SpaceDto = z.infer<typeof SpaceSchema>;

/** `POST /api/session` body. */
export const LoginSchema = z.object({
  username: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(MAX_USERNAME_LENGTH, `must be at most ${MAX_USERNAME_LENGTH} characters`),
  password: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** Who is signed in: `GET /api/session`, and the answer to `POST /api/session`. */
export const SessionSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  /** The space the session works in, the role there, and the vehicle of a driver. */
  space: SpaceSchema,
  role: RoleSchema,
  vehicleId: z.string().nullable(),
  permissions: z.array(PermissionSchema),
  /** Every space the person belongs to, with the role there (for the space switcher). */
  memberships: z.array(z.object({ space: SpaceSchema, role: RoleSchema })),
  /** Send it as `X-CSRF-Token` with every write authenticated by the session cookie. */
  csrfToken: z.string(),
  expiresAt: InstantSchema,
});
export type SessionDto = z.infer<typeof SessionSchema>;

/** `PUT /api/session/space` body: work in another space the person belongs to. */
export const SwitchSpaceSchema = z.object({ spaceId: z.string().min(1).max(40) });
/** `PUT /api/session/password` body. */
export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
});

/** A member of the current space (`GET /api/users`). */
export const MemberSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  vehicleId: z.string().nullable(),
});
export type MemberDto = z.infer<typeof MemberSchema>;
export const MemberListSchema = z.array(MemberSchema);
/**
 * `POST /api/users`: a new person in the current space (display name and password required), or an
 * existing account, by username, given a role here (its name and password are left as they are).
 */
export const CreateMemberSchema = z.object({
  username: z
    .string()
    .min(3, 'must be at least 3 characters')
    .max(MAX_USERNAME_LENGTH, `must be at most ${MAX_USERNAME_LENGTH} characters`)
    .regex(/^[A-Za-z0-9._@-]+$/, 'may hold letters, digits and . _ @ - only'),
  displayName: z.string().min(1, 'must not be empty').max(MAX_USERNAME_LENGTH).optional(),
  role: RoleSchema,
  vehicleId: z.string().max(64).nullable().default(null),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(MAX_PASSWORD_LENGTH).optional(),
});
/** `PATCH /api/users/:userId`: another role (and vehicle) in the current space. */
export const UpdateMemberSchema = z.object({ role: RoleSchema, vehicleId: z.string().max(64).nullable().default(null) });

/** A machine token as listed (never the secret). */
export const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(TokenScopeSchema),
  prefix: z.string(),
  createdAt: InstantSchema,
  lastUsedAt: InstantSchema.nullable(),
  revokedAt: InstantSchema.nullable(),
});
export type TokenDto = z.infer<typeof TokenSchema>;
export const TokenListSchema = z.array(TokenSchema);
/** `POST /api/tokens` body. */
export const CreateTokenSchema = z.object({
  name: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  scopes: z.array(TokenScopeSchema).min(1, 'must name at least one scope'),
});
/** Answer of `POST /api/tokens`: the only time the secret is shown. Send it as `Authorization: Bearer <token>`. */
export const CreatedTokenSchema = TokenSchema.extend({ token: z.string() });

/** One audit event. */
export const AuditEventSchema = z.object({
  at: InstantSchema,
  actorKind: z.enum(['user', 'token', 'system', 'anonymous']),
  actorName: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const AuditListSchema = z.array(AuditEventSchema);
export const AuditQuerySchema = z.object({
  since: InstantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(200),
});

// ---------- path parameters ----------

export const PlanParamsSchema = z.object({ planId: z.string().min(1).max(64, 'must be at most 64 characters') });
export const PlanRouteParamsSchema = PlanParamsSchema.extend({ routeId: z.string().min(1).max(64, 'must be at most 64 characters') });
export const BinParamsSchema = z.object({ binId: z.string().min(1).max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`) });
export const UserParamsSchema = z.object({ userId: z.string().min(1).max(64, 'must be at most 64 characters') });
export const TokenParamsSchema = z.object({ tokenId: z.string().min(1).max(64, 'must be at most 64 characters') });

/** `PATCH /api/space`: the space's settings an admin may change. */
export const UpdateSpaceSchema = z.object({
  name: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  communes: z.array(z.string().min(1).max(100)).max(200),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Paris'),
});
export const ReadingsPostResultSchema = z.union([ReadingBatchResultSchema, IngestResultSchema]);

/** A vehicle of the space (`GET /api/vehicles`). */
export const VehicleSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  streams: z.array(StreamSchema),
  capacityLitres: z.number().int(),
  capacityKg: z.number().int(),
  /** Local wall-clock `HH:MM`. */
  shiftStart: z.string(),
  shiftEnd: z.string(),
});
export type VehicleDto = z.infer<typeof VehicleSchema>;
export const VehicleListSchema = z.array(VehicleSchema);
