/**
 * `POST /api/readings`: a JSON array of readings, written all-or-nothing. Schema issues and
 * unknown bins are reported together in one 400; success is 201 `{inserted, duplicates}`.
 */
import { Router } from 'express';
import { ReadingBatchSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError } from '../../errors.js';
import { parseOrThrow } from '../../validate.js';

/** The `/api/readings` router (see the file comment). */
export function readingsRouter(ctx: AppContext): Router {
  const router = Router();
  router.post('/', (req, res) => {
    if (req.body === undefined) {
      throw new InvalidInputError([{ path: '', message: 'body must be JSON (Content-Type: application/json)' }], 'body is not valid JSON');
    }
    const batch = parseOrThrow(ReadingBatchSchema, req.body, ctx.readings.unknownBinIssues(req.body));
    res.status(201).json(ctx.readings.insert(batch));
  });
  return router;
}
