/**
 * `GET /api/health`: answers at once, whatever the server is doing (no database scan, no compute
 * task): uptime, process id, the plan queue, and how long the event loop was held lately (the
 * measure of head-of-line blocking). For load balancers, the supervisor and people wondering
 * whether the service is up. Public.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HealthSchema, type Health } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, type ApiRoute } from '../../http/api.js';

/** The event-loop delay histogram is started afresh every this many ms. */
const LOOP_WINDOW_MS = 60_000;
/** Sampling period of the histogram, ms; each sample is this period plus the time the loop was held. */
const LOOP_RESOLUTION_MS = 10;

/** The health route (see the file comment). */
export function healthRoutes(ctx: AppContext): ApiRoute[] {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const reset = setInterval(() => loop.reset(), LOOP_WINDOW_MS);
  reset.unref();
  const heldMs = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 10) / 10);
  return [
    route({
      method: 'get',
      path: '/api/health',
      tag: 'health',
      summary: 'Is the server up: process, plan queue (all spaces), event-loop delay',
      access: { public: true },
      responses: { 200: { description: 'up', schema: HealthSchema } },
      handler: (_req, res) => {
        const body: Health = {
          status: 'ok',
          uptimeS: Math.round((Date.now() - ctx.startedAtMs) / 100) / 10,
          pid: process.pid,
          plans: ctx.pendingPlans(),
          eventLoop: { p99Ms: loop.count > 0 ? heldMs(loop.percentile(99)) : 0, maxMs: loop.count > 0 ? heldMs(loop.max) : 0 },
        };
        res.setHeader('Cache-Control', 'no-store');
        res.json(body);
      },
    }),
  ];
}
