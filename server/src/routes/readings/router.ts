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
 */
import { Router, type Request } from 'express';
import { MAX_CSV_BYTES } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError, PayloadTooLargeError } from '../../errors.js';
import { ngsiEntities } from '../../services/ngsi.js';
import { alertsRouter } from './alerts-router.js';

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

/** The `/api/readings` router (see the file comment). */
export function readingsRouter(ctx: AppContext): Router {
  const router = Router();
  router.use('/alerts', alertsRouter(ctx));
  router.post('/', async (req, res) => {
    if (req.is('text/csv') || req.is('application/csv')) {
      const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
      if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
        req.resume();
        throw new InvalidInputError([{ path: '', message: `Content-Encoding '${encoding.slice(0, 40)}' is not supported: send identity or gzip` }], 'unsupported Content-Encoding');
      }
      const result = await ctx.ingest.ingestCsv(req, { gzip: encoding !== 'identity', maxBytes: MAX_CSV_BYTES });
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
      const result = await ctx.ingest.ingestNgsi(entities);
      res.status(result.rejected.length === 0 ? 201 : 207).json(result);
      return;
    }
    if (req.body === undefined) {
      req.resume();
      throw new InvalidInputError([{ path: '', message: 'body must be JSON (Content-Type: application/json), CSV (text/csv) or NGSI-LD (application/ld+json)' }], 'unsupported Content-Type');
    }
    const entities = ngsiEntities(req.body);
    if (entities) {
      const result = await ctx.ingest.ingestNgsi(entities);
      res.status(result.rejected.length === 0 ? 201 : 207).json(result);
      return;
    }
    const { status, result } = ctx.readings.ingest(req.body);
    res.status(status).json(result);
  });
  return router;
}
