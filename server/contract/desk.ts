/**
 * The API contract of the analyst's desk (issue #16): history endpoints aggregated on the server
 * (the browser never receives raw millions of rows), the simulator's strategy results, the
 * open-data export of bins with aggregated fill statistics and its publication setting. Imports
 * zod and the shared contract only (not re-exported by `index.ts`: import `contract/desk.js`).
 *
 * Periods are local calendar dates of the space (`from` and `to` inclusive), at most
 * {@link MAX_PERIOD_DAYS} days; by default the {@link DEFAULT_PERIOD_DAYS} days ending on the
 * latest day with history. Every chart endpoint answers JSON, or CSV with `format=csv`
 * (`sep=;` for French spreadsheets: semicolons and decimal commas).
 */
import { z } from 'zod';
import { DateSchema, InstantSchema, StreamSchema } from './index.js';

/** Longest period of a history request, days. */
export const MAX_PERIOD_DAYS = 366;
/** Period of a request without `from`/`to`: 8 weeks. */
export const DEFAULT_PERIOD_DAYS = 56;
/** Most readings one bin's history returns (`truncated` says when there were more). */
export const MAX_BIN_HISTORY_POINTS = 5_000;
/** H3 resolutions the desk aggregates by (7: about 5 km², 8: 0.7 km², 9: 0.1 km²). */
export const DESK_H3_RESOLUTIONS = [7, 8, 9] as const;

/** `format` and `sep` of every chart endpoint (`sep`: `,` or `comma`; `;` or `semicolon`). */
export const ExportQuerySchema = z.object({
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  sep: z
    .enum([',', ';', 'comma', 'semicolon'], { error: 'must be , or ; (comma or semicolon)' })
    .default(',')
    .transform((s) => (s === ';' || s === 'semicolon' ? ';' : ',')),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

const dateParam = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

/** A period: `from` and `to` local dates, inclusive. */
export const PeriodQuerySchema = ExportQuerySchema.extend({ from: dateParam.optional(), to: dateParam.optional() });
export type PeriodQuery = z.infer<typeof PeriodQuerySchema>;

/** A selection of bins: every bin of the space, or those of a stream, a commune and/or bins by id. */
export const SelectionQuerySchema = PeriodQuerySchema.extend({
  stream: StreamSchema.optional(),
  commune: z.string().min(1).max(100).optional(),
  /** Comma-separated bin ids (at most 200). */
  bins: z
    .string()
    .max(20_000)
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .refine((a) => a.length >= 1 && a.length <= 200, 'must list 1 to 200 bin ids separated by commas')
    .optional(),
});
export type SelectionQuery = z.infer<typeof SelectionQuerySchema>;

/** `by` of the breakdown endpoint. */
export const BREAKDOWN_KEYS = ['stream', 'commune', 'weekday', 'weekday_stream'] as const;
export const BreakdownQuerySchema = PeriodQuerySchema.extend({ by: z.enum(BREAKDOWN_KEYS, { error: `must be ${BREAKDOWN_KEYS.join(', ')}` }) });

export const CellsQuerySchema = PeriodQuerySchema.extend({
  resolution: z.coerce
    .number({ error: 'must be 7, 8 or 9' })
    .int('must be 7, 8 or 9')
    .refine((r) => (DESK_H3_RESOLUTIONS as readonly number[]).includes(r), 'must be 7, 8 or 9')
    .default(8),
  stream: StreamSchema.optional(),
});
export type CellsQuery = z.infer<typeof CellsQuerySchema>;

export const CompareQuerySchema = ExportQuerySchema.extend({ from: dateParam, to: dateParam, otherFrom: dateParam, otherTo: dateParam });
export type CompareQuery = z.infer<typeof CompareQuerySchema>;

export const BinParamsSchema = z.object({ binId: z.string().min(1).max(200) });

/** The period an answer covers, and the space's time zone its days are in. */
export const PeriodSchema = z.object({ from: DateSchema, to: DateSchema, timeZone: z.string() });
export type PeriodDto = z.infer<typeof PeriodSchema>;

/** Where a collection record comes from: the sample's simulated ground truth, a driver's report, an import. */
export const COLLECTION_SOURCES = ['sample', 'driver', 'import'] as const;

export const CollectionEventSchema = z.object({
  collectedAt: InstantSchema,
  /** Fill just before the lift, percent; null when not known. */
  fillBeforePercent: z.number().nullable(),
  overflowed: z.boolean().nullable(),
  source: z.enum(COLLECTION_SOURCES),
});

/** `GET /api/desk/bins/:binId/history`: one bin's readings and collections. */
export const BinHistorySchema = z.object({
  binId: z.string(),
  stream: StreamSchema,
  capacityLitres: z.number().int(),
  period: PeriodSchema,
  readings: z.array(z.object({ measuredAt: InstantSchema, fillPercent: z.number() })),
  /** True when the period held more than `MAX_BIN_HISTORY_POINTS` readings (the first ones are given). */
  truncated: z.boolean(),
  collections: z.array(CollectionEventSchema),
});
export type BinHistoryDto = z.infer<typeof BinHistorySchema>;

/** `GET /api/desk/daily`: a selection's readings and collections per local day. */
export const DailySeriesSchema = z.object({
  period: PeriodSchema,
  binCount: z.number().int(),
  days: z.array(
    z.object({
      date: DateSchema,
      readings: z.number().int(),
      /** Mean of the day's readings of the selected bins, percent; null without readings. */
      meanFillPercent: z.number().nullable(),
      collections: z.number().int(),
      /** Bins overflowing that day: a reading at 100 % or a collection that found the bin over its rim. */
      overflowBinDays: z.number().int(),
    }),
  ),
});
export type DailySeriesDto = z.infer<typeof DailySeriesSchema>;

/** `GET /api/desk/breakdown?by=`: mean fill, readings, collections and overflow bin-days by a key. */
export const BreakdownSchema = z.object({
  period: PeriodSchema,
  by: z.enum(BREAKDOWN_KEYS),
  rows: z.array(
    z.object({
      /** Stream, commune name, ISO weekday (1 Monday … 7 Sunday) as text, or `weekday|stream`. */
      key: z.string(),
      stream: StreamSchema.nullable(),
      weekday: z.number().int().min(1).max(7).nullable(),
      commune: z.string().nullable(),
      binCount: z.number().int(),
      readings: z.number().int(),
      meanFillPercent: z.number().nullable(),
      collections: z.number().int(),
      overflowBinDays: z.number().int(),
    }),
  ),
});
export type BreakdownDto = z.infer<typeof BreakdownSchema>;

const CellPolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) });

/** `GET /api/desk/cells`: H3 hexagons of the period with mean fill and overflow counts. */
export const CellStatsSchema = z.object({
  type: z.literal('FeatureCollection'),
  period: PeriodSchema,
  resolution: z.number().int(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: CellPolygonSchema,
      properties: z.object({
        h3Cell: z.string(),
        binCount: z.number().int(),
        readings: z.number().int(),
        meanFillPercent: z.number().nullable(),
        overflowBinDays: z.number().int(),
        collections: z.number().int(),
      }),
    }),
  ),
});
export type CellStatsDto = z.infer<typeof CellStatsSchema>;

/** `GET /api/desk/rounds`: per day, the plan's km, hours, cost, CO2, bins collected, and the overflow bin-days. */
export const RoundDaysSchema = z.object({
  period: PeriodSchema,
  days: z.array(
    z.object({
      date: DateSchema,
      /** `plan`: the latest published plan of that day; `sample`: a past plan of the sample history (scripts/build-sample-plans.ts); null: no plan that day. */
      source: z.enum(['sample', 'plan']).nullable(),
      routes: z.number().int(),
      km: z.number(),
      truckHours: z.number(),
      costEur: z.number(),
      co2Kg: z.number(),
      binsPlanned: z.number().int(),
      binsCollected: z.number().int(),
      /** Collections recorded that day (the sample's, and drivers' `collected` reports). */
      collections: z.number().int(),
      overflowBinDays: z.number().int(),
    }),
  ),
});
export type RoundDaysDto = z.infer<typeof RoundDaysSchema>;

/** Fill classes at collection: 0-10 … 90-100 %, and overflowing. */
export const FILL_CLASSES = ['0-10', '10-20', '20-30', '30-40', '40-50', '50-60', '60-70', '70-80', '80-90', '90-100', 'overflow'] as const;

/** `GET /api/desk/fill-at-collection`: how full bins were when emptied (the measure of wasted lifts). */
export const FillAtCollectionSchema = z.object({
  period: PeriodSchema,
  rows: z.array(z.object({ fillClass: z.enum(FILL_CLASSES), stream: StreamSchema, collections: z.number().int() })),
  streams: z.array(
    z.object({
      stream: StreamSchema,
      collections: z.number().int(),
      meanFillPercent: z.number().nullable(),
      /** Share of the lifts with a known fill made under half full, percent. */
      underHalfPercent: z.number().nullable(),
    }),
  ),
});
export type FillAtCollectionDto = z.infer<typeof FillAtCollectionSchema>;

/** Totals of one period (or one simulated strategy) for a comparison. */
export const ComparedTotalsSchema = z.object({
  label: z.string(),
  days: z.number().int(),
  km: z.number(),
  truckHours: z.number(),
  overflowBinDays: z.number().int(),
  co2Kg: z.number(),
  collections: z.number().int(),
  meanFillAtCollectionPercent: z.number().nullable(),
});
export type ComparedTotalsDto = z.infer<typeof ComparedTotalsSchema>;

/** `GET /api/desk/compare`: two periods side by side. */
export const PeriodComparisonSchema = z.object({ timeZone: z.string(), periods: z.tuple([ComparedTotalsSchema, ComparedTotalsSchema]) });
export type PeriodComparisonDto = z.infer<typeof PeriodComparisonSchema>;

/**
 * `GET /api/desk/strategies`: the strategies of a simulator run on the sample city
 * (data/sample/strategies.csv, from `npm run simulate`): simulated figures, not measured ones.
 */
export const StrategyComparisonSchema = z.object({
  source: z.string(),
  strategies: z.array(ComparedTotalsSchema),
});
export type StrategyComparisonDto = z.infer<typeof StrategyComparisonSchema>;

// ---------- open data ----------

/** Columns of the open-data CSV, in order (docs/opendata.md). */
export const OPEN_DATA_COLUMNS = [
  'id',
  'stream',
  'container',
  'capacity_litres',
  'lng',
  'lat',
  'commune',
  'h3_cell',
  'period_start',
  'period_end',
  'readings',
  'mean_fill_percent',
  'max_fill_percent',
  'overflow_days',
  'collections',
  'mean_fill_at_collection_percent',
] as const;

export const OpenDataParamsSchema = z.object({ space: z.string().min(1).max(40) });
export const OpenDataQuerySchema = z.object({
  sep: ExportQuerySchema.shape.sep,
});

export const OpenDataPropertiesSchema = z.object({
  id: z.string(),
  stream: StreamSchema,
  container: z.string(),
  capacity_litres: z.number().int(),
  commune: z.string().nullable(),
  h3_cell: z.string(),
  period_start: DateSchema,
  period_end: DateSchema,
  readings: z.number().int(),
  mean_fill_percent: z.number().nullable(),
  max_fill_percent: z.number().nullable(),
  overflow_days: z.number().int(),
  collections: z.number().int(),
  mean_fill_at_collection_percent: z.number().nullable(),
});

/** `GET /api/opendata/:space/bins.geojson`. */
export const OpenDataCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  name: z.string(),
  licence: z.string(),
  attribution: z.string(),
  features: z.array(z.object({ type: z.literal('Feature'), geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }), properties: OpenDataPropertiesSchema })),
});
export type OpenDataCollectionDto = z.infer<typeof OpenDataCollectionSchema>;

/** `GET /api/desk/opendata`: whether the caller's space publishes its open data to anyone, and where. */
export const OpenDataSettingsSchema = z.object({ published: z.boolean(), geojsonUrl: z.string(), csvUrl: z.string() });
export type OpenDataSettingsDto = z.infer<typeof OpenDataSettingsSchema>;

/** `PUT /api/desk/opendata` body (managers and admins). */
export const UpdateOpenDataSchema = z.object({ published: z.boolean({ error: 'must be true or false' }) });
