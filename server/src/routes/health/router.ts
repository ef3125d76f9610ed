/**
 * `GET /api/health`: answers at once, whatever the server is doing (no database scan, no compute
 * task): uptime, process id, the plan queue, and how long the event loop was held lately (the
 * measure of head-of-line blocking). For load balancers, the supervisor and people wondering
 * whether the service is up.
 */
import { Router } from 'express';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Health } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';

/** The event-loop delay histogram is started afresh every this many ms. */
const LOOP_WINDOW_MS = 60_000;
/** Sampling period of the histogram, ms; each sample is this period plus the time the loop was held. */
const LOOP_RESOLUTION_MS = 10;

/** The `/api/health` router (see the file comment). */
export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const reset = setInterval(() => loop.reset(), LOOP_WINDOW_MS);
  reset.unref();
  const heldMs = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10);
  router.get('/', (_req, res) => {
    const body: Health = {
      status: 'ok',
      uptimeS: Math.round((Date.now() - ctx.startedAtMs) / 100) / 10,
      pid: process.pid,
      plans: ctx.plans.pending(),
      eventLoop: { p99Ms: loop.count > 0 ? heldMs(loop.percentile(99)) : 0, maxMs: loop.count > 0 ? heldMs(loop.max) : 0 },
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  });
  return router;
}
