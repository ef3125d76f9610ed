/**
 * `POST /api/readings`, by Content-Type:
 * - `application/json` array of `{binId, measuredAt, fillPercent}`: validated whole (schema,
 *   known bins, plausible instants; 400 listing every problem, nothing written); 201
 *   `{inserted, duplicates, conflicts: []}`, 207 when some readings contradict stored ones (the
 *   stored values are kept and each conflict is listed), 409 when all do;
 * - `application/json` or `application/ld+json` FIWARE `WasteContainer` entities (key-values,
 *   normalized NGSI v2 or NGSI-LD, one entity, an array or a notification `{data: [...]}`): good
 *   entities kept;
 * - `text/csv` (optionally `Content-Encoding: gzip`): streamed line by line up to
 *   {@link MAX_CSV_BYTES}, lines up to `MAX_CSV_LINE_BYTES`; good rows kept.
 * The last two answer 201 (nothing rejected) or 207 `{inserted, duplicates, conflicts, rejected:
 * [{line|index, code, reason}], alerts, truncated}`; when nothing is accepted, 400 (or 409 when
 * every row is a conflict) with every row in `issues`, and nothing is written.
 * Readings go to the caller's space: a bin of another space is an unknown bin.
 *
 * `GET /api/alerts?since=ISO&limit=N`: sensor alerts (FIWARE `status` other than `ok`, e.g.
 * `burning`, `dropped`) of the space, newest first; default the last 7 days, at most 500.
 */
import type { Request } from 'express';
import { AlertListSchema, AlertQuerySchema, ErrorEnvelopeSchema, MAX_CSV_BYTES, ReadingBatchSchema, ReadingsPostResultSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError, PayloadTooLargeError } from '../../errors.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { ngsiEntities } from '../../services/ngsi.js';

/** Largest `application/ld+json` body, bytes (JSON bodies keep the app's JSON limit). */
export const MAX_LD_JSON_BYTES = 50 * 1024 * 1024;

/** Reads a whole request body as text, at most `max` bytes. */
async function readText(req: Request, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > max) throw new PayloadTooLargeError(`${Math.round(max / 1_048_576)} MB`);
    parts.push(chunk);
  }
  return Buffer.concat(parts).toString('utf8');
}

/** The readings and alerts routes (see the file comment). */
export function readingsRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'post',
      path: '/api/readings',
      tag: 'readings',
      summary: 'Add sensor readings: a JSON batch (all or nothing), a CSV upload or FIWARE WasteContainer entities',
      access: { permission: 'readings:write' },
      body: {
        schema: ReadingBatchSchema,
        validate: false,
        contentTypes: ['application/json', 'application/ld+json', 'text/csv'],
        description: 'A JSON array of readings; or FIWARE WasteContainer entities (JSON or JSON-LD); or CSV with the header bin_id,measured_at,fill_percent (gzip allowed).',
      },
      responses: {
        201: { description: 'every reading accepted (or an exact repeat)', schema: ReadingsPostResultSchema },
        207: { description: 'some rows rejected or in conflict, the rest written', schema: ReadingsPostResultSchema },
        400: { description: 'nothing accepted: every problem listed', schema: ErrorEnvelopeSchema },
        409: { description: 'every reading contradicts a stored one', schema: ErrorEnvelopeSchema },
        413: { description: 'the body is too large', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res) => {
        const principal = signedInOf(req);
        const space = ctx.spaces.get(principal.spaceId);
        if (req.is('text/csv') || req.is('application/csv')) {
          const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
          if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
            req.resume();
            throw new InvalidInputError([{ path: '', message: `Content-Encoding '${encoding.slice(0, 40)}' is not supported: send identity or gzip` }], 'unsupported Content-Encoding');
          }
          const result = await space.ingest.ingestCsv(req, { gzip: encoding !== 'identity', maxBytes: MAX_CSV_BYTES });
          ctx.audit.record(principal, principal.spaceId, 'readings.import', 'csv', { inserted: result.inserted, duplicates: result.duplicates, rejected: result.rejected.length, truncated: result.truncated });
          res.status(result.rejected.length === 0 ? 201 : 207).json(result);
          return;
        }
        if (req.is('application/ld+json')) {
          let body: unknown;
          try {
            body = JSON.parse(await readText(req, MAX_LD_JSON_BYTES));
          } catch (err) {
            if (err instanceof SyntaxError || err instanceof RangeError) throw new InvalidInputError([{ path: '', message: 'body is not valid JSON' }], 'body is not valid JSON');
            throw err;
          }
          const entities = ngsiEntities(body);
          if (!entities) throw new InvalidInputError([{ path: '', message: 'expected WasteContainer entities (an entity, an array or {data: [...]})' }]);
          const result = await space.ingest.ingestNgsi(entities);
          res.status(result.rejected.length === 0 ? 201 : 207).json(result);
          return;
        }
        if (req.body === undefined) {
          req.resume();
          throw new InvalidInputError([{ path: '', message: 'body must be JSON (Content-Type: application/json), CSV (text/csv) or NGSI-LD (application/ld+json)' }], 'unsupported Content-Type');
        }
        const entities = ngsiEntities(req.body);
        if (entities) {
          const result = await space.ingest.ingestNgsi(entities);
          res.status(result.rejected.length === 0 ? 201 : 207).json(result);
          return;
        }
        const { status, result } = await space.readings.ingest(req.body);
        res.status(status).json(result);
      },
    }),
    route({
      method: 'get',
      path: '/api/alerts',
      tag: 'readings',
      summary: 'Sensor alerts (burning, dropped, lid open...), newest first',
      access: { permission: 'readings:read' },
      query: AlertQuerySchema,
      responses: { 200: { description: 'the alerts', schema: AlertListSchema } },
      handler: (req, res, { query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const since = query.since ? new Date(query.since).toISOString() : new Date(ctx.now().getTime() - 7 * 86_400_000).toISOString();
        res.json(space.readings.alerts(since, query.limit));
      },
    }),
  ];
}
