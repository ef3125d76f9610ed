/**
 * `GET /api/alerts?since=ISO&limit=N`: sensor alerts (FIWARE `status` other than `ok`, e.g.
 * `burning`, `dropped`), newest first; default the last 7 days, at most 500.
 * Mounted by app.ts at `/api/alerts`; also reachable as `GET /api/readings/alerts`.
 */
import { Router } from 'express';
import { AlertQuerySchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { AlertsRepository } from '../../db/repositories/alerts-repository.js';
import { parseOrThrow } from '../../validate.js';

/** The alerts router (see the file comment). */
export function alertsRouter(ctx: AppContext): Router {
  const router = Router();
  const alerts = new AlertsRepository(ctx.db);
  router.get('/', (req, res) => {
    const q = parseOrThrow(AlertQuerySchema, req.query);
    const since = q.since ? new Date(q.since).toISOString() : new Date(ctx.now().getTime() - 7 * 86_400_000).toISOString();
    res.json(alerts.list(since, q.limit));
  });
  return router;
}
