/**
 * `GET /api/health`: answers at once, whatever the server is doing (no database scan, no compute
 * task): uptime, process id and the plan queue. For load balancers, the supervisor's checks and
 * people wondering whether the service is up.
 */
import { Router } from 'express';
import type { Health } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';

/** The `/api/health` router (see the file comment). */
export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const body: Health = { status: 'ok', uptimeS: Math.round((Date.now() - ctx.startedAtMs) / 100) / 10, pid: process.pid, plans: ctx.plans.pending() };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });
  return router;
}
