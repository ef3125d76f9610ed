/**
 * The API contract of the citizens' map (issue #16): the public drop-off points of a space (no
 * login, no internal data), the problem reports residents send, and their moderation by the
 * space's managers.
 *
 * Imported from `server/contract/citizens.js` (not re-exported by `index.ts`, which it imports).
 */
import { z } from 'zod';
import { InstantSchema, StreamSchema } from './index.js';

// ---------- the public map ----------

/**
 * Coarse status of a drop-off point from today's forecast fill (the one forecast of the product):
 * `room` under {@link NEARLY_FULL_PERCENT}, `nearly_full` under {@link FULL_PERCENT}, `full` from
 * there (and a point with an accepted overflowing report not yet collected).
 */
export const POINT_STATUSES = ['room', 'nearly_full', 'full'] as const;
export const PointStatusSchema = z.enum(POINT_STATUSES);
export type PointStatus = z.infer<typeof PointStatusSchema>;
/** Forecast fill from which a point is `nearly_full`, percent. */
export const NEARLY_FULL_PERCENT = 70;
/** Forecast fill from which a point is `full`, percent. */
export const FULL_PERCENT = 90;

/** Containers residents bring their waste to (points d'apport volontaire). */
export const DROP_OFF_CONTAINERS = ['pav_column', 'pav_underground'] as const;

/** The only properties a public point carries (a test checks every answer against this list). */
export const PUBLIC_POINT_PROPERTIES = ['id', 'stream', 'status', 'name', 'address'] as const;

export const PublicPointSchema = z.strictObject({
  type: z.literal('Feature'),
  geometry: z.strictObject({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.strictObject({
    id: z.string(),
    stream: StreamSchema,
    status: PointStatusSchema,
    /** What the point is, in French: "Colonne à verre", "Conteneur enterré d'ordures ménagères". */
    name: z.string(),
    /** The nearest named street, and the commune (or the space's name). */
    address: z.string(),
  }),
});
export type PublicPoint = z.infer<typeof PublicPointSchema>;

/** `GET /api/public/:space/points`: the drop-off points of a space (GeoJSON). */
export const PublicPointsSchema = z.strictObject({ type: z.literal('FeatureCollection'), features: z.array(PublicPointSchema) });
export type PublicPoints = z.infer<typeof PublicPointsSchema>;

export const PublicSpaceParamsSchema = z.object({ space: z.string().min(1).max(40, 'must be at most 40 characters') });

// ---------- reports ----------

/** What a resident may report about a point. */
export const REPORT_KINDS = ['overflowing', 'damaged', 'fly_tipping'] as const;
export const CitizenReportKindSchema = z.enum(REPORT_KINDS, { error: 'must be overflowing, damaged or fly_tipping' });
export type CitizenReportKind = z.infer<typeof CitizenReportKindSchema>;

/** Largest photo, bytes (5 MiB: a phone photo; larger is refused with 413 and nothing is kept). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Longest comment, characters. */
export const MAX_REPORT_COMMENT = 500;
/** Photo types accepted, recognised by their first bytes. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * The text fields of `POST /api/public/:space/reports` (multipart/form-data, with an optional
 * `photo` file: JPEG, PNG or WebP, at most {@link MAX_PHOTO_BYTES}). The e-mail is optional and
 * kept only until the report is closed.
 */
export const CitizenReportFieldsSchema = z.object({
  pointId: z.string({ error: 'must name a drop-off point' }).min(1, 'must name a drop-off point').max(64, 'must be at most 64 characters'),
  kind: CitizenReportKindSchema,
  comment: z.preprocess(blankToUndefined, z.string().max(MAX_REPORT_COMMENT, `must be at most ${MAX_REPORT_COMMENT} characters`).optional()),
  email: z.preprocess(blankToUndefined, z.email({ error: 'must be an e-mail address' }).max(254, 'must be at most 254 characters').optional()),
});
export type CitizenReportFields = z.infer<typeof CitizenReportFieldsSchema>;

/** Answer of `POST /api/public/:space/reports`. */
export const CitizenReportCreatedSchema = z.strictObject({ id: z.string(), status: z.literal('pending') });
export type CitizenReportCreated = z.infer<typeof CitizenReportCreatedSchema>;

/**
 * A report's life: `pending` (to moderate) → `accepted` (its bin is `must` in the next plans, reason
 * `citizen_report`, until a collection of the bin after the report: then `done`) or `rejected`.
 * `rejected` and `done` are closed: e-mail and photo erased.
 */
export const CITIZEN_REPORT_STATUSES = ['pending', 'accepted', 'rejected', 'done'] as const;
export const CitizenReportStatusSchema = z.enum(CITIZEN_REPORT_STATUSES);
export type CitizenReportStatus = z.infer<typeof CitizenReportStatusSchema>;

/** A report as a manager of the space sees it. */
export const CitizenReportSchema = z.object({
  id: z.string(),
  pointId: z.string(),
  stream: StreamSchema,
  /** The point's name and address, as the public map shows them. */
  pointName: z.string(),
  address: z.string(),
  kind: CitizenReportKindSchema,
  comment: z.string().nullable(),
  /** Personal data, shown to moderators only while the report is open (null once closed). */
  email: z.string().nullable(),
  /** URL of the photo (moderators, while the report is open), or null. */
  photoUrl: z.string().nullable(),
  status: CitizenReportStatusSchema,
  createdAt: InstantSchema,
  moderatedAt: InstantSchema.nullable(),
  closedAt: InstantSchema.nullable(),
});
export type CitizenReportDto = z.infer<typeof CitizenReportSchema>;

export const CitizenReportListSchema = z.object({
  counts: z.object({ pending: z.number().int(), accepted: z.number().int(), rejected: z.number().int(), done: z.number().int() }),
  reports: z.array(CitizenReportSchema),
});
export type CitizenReportListDto = z.infer<typeof CitizenReportListSchema>;

/** `GET /api/citizen-reports?status=`: `open` (pending and accepted, the default), one status, or `all`. */
export const CitizenReportListQuerySchema = z.object({
  status: z.enum(['open', 'all', ...CITIZEN_REPORT_STATUSES], { error: 'must be open, all, pending, accepted, rejected or done' }).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const CitizenReportParamsSchema = z.object({ reportId: z.string().min(1).max(64, 'must be at most 64 characters') });

/** `GET /api/public/:space`: what the public page shows of a space (its name). */
export const PublicSpaceSchema = z.strictObject({ id: z.string(), name: z.string() });
export type PublicSpaceDto = z.infer<typeof PublicSpaceSchema>;
