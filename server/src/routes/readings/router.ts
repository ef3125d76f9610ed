/**
 * `POST /api/readings`, by Content-Type:
 * - `application/json` array of `{binId, measuredAt, fillPercent}`: all-or-nothing (issue 2):
 *   schema issues and unknown bins in one 400; success 201 `{inserted, duplicates}`;
 * - `application/json` or `application/ld+json` FIWARE `WasteContainer` entities (key-values or
 *   normalized NGSI, one entity, an array or a notification `{data: [...]}`): good entities kept;
 * - `text/csv` (optionally `Content-Encoding: gzip`): streamed line by line up to
 *   {@link MAX_CSV_BYTES}; good rows kept.
 * The last two answer 201 (nothing rejected) or 207 `{inserted, duplicates, rejected:[{line|index,
 * reason}], alerts, truncated}`.
 */
import { Router, type Request } from 'express';
import { MAX_CSV_BYTES, ReadingBatchSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError, PayloadTooLargeError } from '../../errors.js';
import { IngestService, InvalidCsvHeaderError } from '../../services/ingest-service.js';
import { ngsiEntities } from '../../services/ngsi.js';
import { parseOrThrow } from '../../validate.js';
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
  const ingest = new IngestService(ctx.db, ctx.forecast, ctx.now);
  router.use('/alerts', alertsRouter(ctx));
  router.post('/', async (req, res) => {
    if (req.is('text/csv') || req.is('application/csv')) {
      try {
        const result = await ingest.ingestCsv(req, { gzip: /gzip/i.test(req.get('content-encoding') ?? ''), maxBytes: MAX_CSV_BYTES });
        res.status(result.rejected.length === 0 ? 201 : 207).json(result);
      } catch (err) {
        if (err instanceof InvalidCsvHeaderError) throw new InvalidInputError([{ path: '', message: err.message }], 'unusable CSV header');
        throw err;
      }
      return;
    }
    if (req.is('application/ld+json')) {
      let body: unknown;
      try {
        body = JSON.parse(await readText(req, MAX_LD_JSON_BYTES));
      } catch (err) {
        if (err instanceof SyntaxError) throw new InvalidInputError([{ path: '', message: 'body is not valid JSON' }], 'body is not valid JSON');
        throw err;
      }
      const entities = ngsiEntities(body);
      if (!entities) throw new InvalidInputError([{ path: '', message: 'expected WasteContainer entities (an entity, an array or {data: [...]})' }]);
      const result = ingest.ingestNgsi(entities);
      res.status(result.rejected.length === 0 ? 201 : 207).json(result);
      return;
    }
    if (req.body === undefined) {
      throw new InvalidInputError([{ path: '', message: 'body must be JSON (Content-Type: application/json)' }], 'body is not valid JSON');
    }
    const entities = ngsiEntities(req.body);
    if (entities) {
      const result = ingest.ingestNgsi(entities);
      res.status(result.rejected.length === 0 ? 201 : 207).json(result);
      return;
    }
    const batch = parseOrThrow(ReadingBatchSchema, req.body, ctx.readings.unknownBinIssues(req.body));
    res.status(201).json(ctx.readings.insert(batch));
  });
  return router;
}
