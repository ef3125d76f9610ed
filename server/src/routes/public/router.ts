/**
 * The citizens' map (issue #16), public, no login:
 * - `GET /api/public/:space`: the space's name;
 * - `GET /api/public/:space/points`: the drop-off points as GeoJSON whose properties are only
 *   `id`, `stream`, `status` (`room`, `nearly_full`, `full`), `name` and `address`;
 * - `POST /api/public/:space/reports`: a resident reports a problem on a point (multipart/form-data:
 *   `pointId`, `kind`, optional `comment`, `email` and `photo`), at most `reportsPerHour` per client
 *   address and space (then 429 with Retry-After), and {@link REPORTS_PER_SPACE_HOUR} per space.
 * An unknown space is a 404 JSON envelope.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import {
  CitizenReportCreatedSchema,
  CitizenReportFieldsSchema,
  MAX_PHOTO_BYTES,
  PublicPointsSchema,
  PublicSpaceParamsSchema,
  PublicSpaceSchema,
} from '../../../contract/citizens.js';
import { ErrorEnvelopeSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { TooManyRequestsError } from '../../errors.js';
import { route, type ApiRoute } from '../../http/api.js';
import { sendCached } from '../../http/cached-body.js';
import { readMultipart } from '../../http/multipart.js';

/** Reports a whole space accepts per hour (a flood from many addresses stops there). */
export const REPORTS_PER_SPACE_HOUR = 300;
/** Default reports one client address may send to a space per hour. */
export const DEFAULT_REPORTS_PER_HOUR = 5;

/** The public routes (see the file comment). */
export function publicRoutes(ctx: AppContext, reportsPerHour: number = DEFAULT_REPORTS_PER_HOUR): ApiRoute[] {
  const perClient = new RateLimiterMemory({ keyPrefix: 'citizen_report_client', points: reportsPerHour, duration: 3600 });
  const perSpace = new RateLimiterMemory({ keyPrefix: 'citizen_report_space', points: REPORTS_PER_SPACE_HOUR, duration: 3600 });
  const consume = async (limiter: RateLimiterMemory, key: string): Promise<void> => {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      throw new TooManyRequestsError('too many reports from here: try again later', Math.ceil(err.msBeforeNext / 1000));
    }
  };
  const notFound = { description: 'no such space', schema: ErrorEnvelopeSchema };
  return [
    route({
      method: 'get',
      path: '/api/public/:space',
      tag: 'public',
      summary: 'A space as its public map shows it: its name',
      access: { public: true },
      params: PublicSpaceParamsSchema,
      responses: { 200: { description: 'the space', schema: PublicSpaceSchema }, 404: notFound },
      handler: (_req, res, { params }) => {
        const { space } = ctx.spaces.get(params.space);
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.json({ id: space.id, name: space.name });
      },
    }),
    route({
      method: 'get',
      path: '/api/public/:space/points',
      tag: 'public',
      summary: 'Drop-off points with their stream and a coarse status from the forecast (room, nearly full, full) (GeoJSON)',
      access: { public: true },
      params: PublicSpaceParamsSchema,
      responses: { 200: { description: 'the points', schema: PublicPointsSchema }, 304: { description: 'unchanged (If-None-Match)' }, 404: notFound },
      handler: async (req, res, { params }) => {
        sendCached(req, res, await ctx.spaces.get(params.space).publicMap.pointsBody());
      },
    }),
    route({
      method: 'post',
      path: '/api/public/:space/reports',
      tag: 'public',
      summary: 'Report a problem on a drop-off point (overflowing, damaged, fly-tipping), with an optional photo and e-mail',
      description:
        'multipart/form-data: pointId, kind (overflowing, damaged, fly_tipping), comment (optional, 500 characters), email (optional: kept only until the report is closed), ' +
        `photo (optional: JPEG, PNG or WebP by its first bytes, at most ${MAX_PHOTO_BYTES / 1_048_576} MiB; metadata removed). ` +
        `At most ${reportsPerHour} reports per client address and hour.`,
      access: { public: true },
      params: PublicSpaceParamsSchema,
      body: { schema: CitizenReportFieldsSchema, validate: false, contentTypes: ['multipart/form-data'] },
      responses: {
        201: { description: 'received, to be moderated', schema: CitizenReportCreatedSchema },
        400: { description: 'bad input: every problem with its path', schema: ErrorEnvelopeSchema },
        404: notFound,
        413: { description: 'the photo is too large (with every other problem)', schema: ErrorEnvelopeSchema },
        429: { description: 'too many reports from this address (Retry-After)', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params }) => {
        const space = ctx.spaces.get(params.space);
        await consume(perClient, `${space.space.id}|${req.ip ?? 'unknown'}`);
        await consume(perSpace, space.space.id);
        const form = await readMultipart(req, { fileField: 'photo', maxFileBytes: MAX_PHOTO_BYTES });
        res.status(201).json(space.citizenReports.submit(form));
      },
    }),
  ];
}
