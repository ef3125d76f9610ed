/**
 * The inventory of a space (issue #14, item 6): bins, depots and disposal sites, vehicles. Each
 * kind has one item schema, used alike by the dashboard's forms (JSON), the CSV and the GeoJSON
 * imports (after their columns are read), and the answers. An import is two calls: a preview
 * (`dryRun=true`: what would be created, updated, left unchanged and, with `mode=replace`,
 * retired; every rejected row with its line or feature index, column and reason), then the same
 * body without `dryRun`, applied all or nothing.
 */
import { z } from 'zod';

/** The three kinds of inventory items, as they appear in the paths (`/api/inventory/bins`...). */
export const INVENTORY_KINDS = ['bins', 'sites', 'vehicles'] as const;
export const InventoryKindSchema = z.enum(INVENTORY_KINDS);
export type InventoryKind = z.infer<typeof InventoryKindSchema>;

const STREAMS = ['residual', 'packaging', 'glass', 'paper', 'biowaste'] as const;

/** An inventory id: 1–64 letters, digits and `._:-` (ids are unique on the whole platform). */
export const InventoryIdSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may hold letters, digits and . _ : - only');
const LngSchema = z.number({ error: 'must be a number' }).min(-180, 'must be from -180 to 180').max(180, 'must be from -180 to 180');
const LatSchema = z.number({ error: 'must be a number' }).min(-90, 'must be from -90 to 90').max(90, 'must be from -90 to 90');
const ServiceSecSchema = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be >= 0').max(7200, 'must be at most 7200');
const NameSchema = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const HhMmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');

/** A bin as the inventory edits it; `container` is a free label (`bac-660`, `pav_column`...). */
export const BinItemSchema = z.object({
  id: InventoryIdSchema,
  lng: LngSchema,
  lat: LatSchema,
  stream: z.enum(STREAMS, { error: `must be one of ${STREAMS.join(', ')}` }),
  container: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
  capacityLitres: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be > 0').max(100_000, 'must be at most 100000'),
  serviceSec: ServiceSecSchema,
  osmRef: z.string().trim().max(64, 'must be at most 64 characters').nullable().default(null),
  /**
   * What the driver should know to reach or empty the bin (a gate code, the lift side...), shown on
   * the driver's tablet (issue #15). Answered always (null: none); in a form or a file, absent
   * keeps the current notes and null or an empty text clears them.
   */
  accessNotes: z.string().trim().max(500, 'must be at most 500 characters').nullable().optional(),
});
export type BinItem = z.infer<typeof BinItemSchema>;

/** A depot or a disposal site. */
export const SiteItemSchema = z.object({
  id: InventoryIdSchema,
  kind: z.enum(['depot', 'disposal'], { error: 'must be depot or disposal' }),
  name: NameSchema,
  lng: LngSchema,
  lat: LatSchema,
  serviceSec: ServiceSecSchema,
});
export type SiteItem = z.infer<typeof SiteItemSchema>;

/** A vehicle; the shift is local wall-clock time, the end after the start. */
export const VehicleItemSchema = z
  .object({
    id: InventoryIdSchema,
    name: NameSchema,
    type: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
    streams: z.array(z.enum(STREAMS, { error: `must be among ${STREAMS.join(', ')}` })).min(1, 'needs at least one stream'),
    capacityLitres: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be > 0').max(200_000, 'must be at most 200000'),
    capacityKg: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be > 0').max(50_000, 'must be at most 50000'),
    shiftStart: HhMmSchema,
    shiftEnd: HhMmSchema,
    co2KgPerKm: z.number({ error: 'must be a number' }).min(0, 'must be >= 0').max(20, 'must be at most 20'),
  })
  .refine((v) => !/^\d\d:\d\d$/.test(v.shiftStart) || !/^\d\d:\d\d$/.test(v.shiftEnd) || v.shiftEnd > v.shiftStart, { path: ['shiftEnd'], message: 'must be after the shift start' });
export type VehicleItem = z.infer<typeof VehicleItemSchema>;

/** The item schema of each kind. */
export const INVENTORY_ITEM_SCHEMAS = { bins: BinItemSchema, sites: SiteItemSchema, vehicles: VehicleItemSchema } as const;

/** `GET /api/inventory`: every active item of the space. */
export const InventorySchema = z.object({
  bins: z.array(BinItemSchema),
  sites: z.array(SiteItemSchema),
  vehicles: z.array(VehicleItemSchema),
});
export type InventoryDto = z.infer<typeof InventorySchema>;

export const InventoryItemParamsSchema = z.object({ id: z.string().min(1).max(64) });

/**
 * Query of an import: `dryRun=true` previews; `mode=replace` also retires the items of that kind
 * the file does not hold (`merge`, the default, leaves them); `format` when the content type does
 * not say it (`text/csv`, `application/geo+json` or `application/json`).
 */
export const InventoryImportQuerySchema = z.object({
  dryRun: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
  mode: z.enum(['merge', 'replace'], { error: 'must be merge or replace' }).default('merge'),
  format: z.enum(['csv', 'geojson'], { error: 'must be csv or geojson' }).optional(),
});
export type InventoryImportQuery = z.infer<typeof InventoryImportQuerySchema>;

/** Why a row (or the file) is refused, as stable keys the client translates. */
export const IMPORT_REASON_CODES = [
  'not_decimal', 'not_number', 'not_text', 'not_stream', 'not_streams', 'not_site_kind', 'required', 'too_small', 'too_big', 'bad_format', 'shift_order',
  'invalid_value', 'column_count', 'not_feature', 'no_point', 'duplicate_id', 'id_taken', 'missing_column', 'not_csv', 'empty_file',
  'not_feature_collection', 'bad_crs', 'no_depot_left', 'no_disposal_left', 'no_vehicle_left', 'driver_vehicle',
] as const;
export type ImportReasonCode = (typeof IMPORT_REASON_CODES)[number];

/** A row the import refuses: its CSV line (1-based, the header is line 1) or GeoJSON feature index (0-based), the column and why. */
export const ImportRejectSchema = z.object({
  line: z.number().int().optional(),
  index: z.number().int().optional(),
  /** The column (CSV header or GeoJSON property) at fault; absent when the row as a whole is refused. */
  column: z.string().optional(),
  /** The item id when the row has one. */
  id: z.string().optional(),
  /** Stable kind of problem: `invalid` (a value), `missing` (a required column), `duplicate` (twice in the file), `taken` (id of another space), `constraint` (the result would break the space, e.g. no depot left). */
  code: z.enum(['invalid', 'missing', 'duplicate', 'taken', 'constraint']),
  /** The reason in English words (the dashboard shows `reasonCode` with `reasonParams` in its language). */
  reason: z.string(),
  /** Stable key of the reason, one of {@link IMPORT_REASON_CODES}. */
  reasonCode: z.enum(IMPORT_REASON_CODES).optional(),
  /** The values the reason names (`value`, `min`, `max`, `line`...). */
  reasonParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ImportReject = z.infer<typeof ImportRejectSchema>;

/** An item the import would change, with the fields that differ. */
export const ImportUpdateSchema = z.object({ id: z.string(), fields: z.array(z.string()) });

/** What an import does (preview) or did (applied). */
export const ImportResultSchema = z.object({
  kind: InventoryKindSchema,
  format: z.enum(['csv', 'geojson']),
  /** The CSV delimiter found (`,` `;` or tab); null for GeoJSON. */
  delimiter: z.string().nullable(),
  mode: z.enum(['merge', 'replace']),
  applied: z.boolean(),
  /** Data rows (CSV lines after the header, GeoJSON features) read. */
  rows: z.number().int(),
  create: z.array(z.string()),
  update: z.array(ImportUpdateSchema),
  unchanged: z.number().int(),
  /** Items retired because the file does not hold them (`mode=replace` only). */
  retire: z.array(z.string()),
  rejected: z.array(ImportRejectSchema),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** Largest import body, bytes. */
export const MAX_INVENTORY_IMPORT_BYTES = 10 * 1024 * 1024;
