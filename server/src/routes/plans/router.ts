/**
 * Plans: `POST /api/plans {date}` queues a solve (202; 400 outside the date window, 429 with
 * `Retry-After` when the queue is full); `GET /api/plans?date=` lists them (latest first);
 * `GET /api/plans/:planId[?format=geojson]` returns one (finished plans are cached, gzip, ETag);
 * `POST /api/plans/:planId/cancel` cancels a queued or running plan;
 * `GET /api/plans/:planId/routes/:routeId/instructions?lang=fr|en` gives turn-by-turn text; and
 * `GET /api/plans/:planId/events` streams progress as Server-Sent Events.
 */
import { Router } from 'express';
import { CreatePlanSchema, InstructionsQuerySchema, PlanListQuerySchema, PlanQuerySchema, type PlanCreated } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { FleetRepository } from '../../db/repositories/fleet-repository.js';
import { NotFoundError } from '../../errors.js';
import { BodyCache, sendCached } from '../../http/cached-body.js';
import { toRouteInstructions } from '../../presenters/instructions-presenter.js';
import { toPlanDto, toPlanGeoJson, toPlanList } from '../../presenters/plan-presenter.js';
import { toSiteDto } from '../../presenters/site-presenter.js';
import { routeInstructions } from '../../services/route-instructions-service.js';
import { parseOrThrow } from '../../validate.js';

const FINAL = new Set(['done', 'failed', 'cancelled']);

/** The `/api/plans` router (see the file comment). */
export function plansRouter(ctx: AppContext): Router {
  const router = Router();
  const repo = ctx.plans.plans;
  const fleet = new FleetRepository(ctx.db);
  /** Finished plans do not change: their bodies are built once. */
  const finished = new BodyCache({ capacity: 32 });

  const findPlan = (planId: string) => {
    const plan = repo.get(planId);
    if (!plan) throw new NotFoundError(`unknown plan '${planId.slice(0, 64)}'`);
    return plan;
  };

  router.post('/', (req, res) => {
    const { date } = parseOrThrow(CreatePlanSchema, req.body ?? {});
    const created: PlanCreated = ctx.plans.create(date);
    res.status(202).location(`/api/plans/${created.id}`).json(created);
  });

  router.get('/', (req, res) => {
    const { date } = parseOrThrow(PlanListQuerySchema, req.query);
    res.json(toPlanList(repo.list(date)));
  });

  router.get('/:planId', async (req, res) => {
    const { format } = parseOrThrow(PlanQuerySchema, req.query);
    const plan = findPlan(req.params.planId);
    const build = (): unknown => {
      const routes = repo.routes(plan.id);
      const steps = repo.steps(plan.id);
      return format === 'geojson' ? toPlanGeoJson(routes, steps, fleet.sites().map(toSiteDto)) : toPlanDto(plan, routes, steps, repo.unassigned(plan.id));
    };
    if (FINAL.has(plan.status)) sendCached(req, res, await finished.get(`${plan.id}|${plan.status}|${format}`, build));
    else res.json(build());
  });

  router.post('/:planId/cancel', async (req, res) => {
    const plan = await ctx.plans.cancel(req.params.planId);
    res.json({ id: plan.id, status: plan.status });
  });

  router.get('/:planId/routes/:routeId/instructions', async (req, res) => {
    const { lang } = parseOrThrow(InstructionsQuerySchema, req.query);
    const { planId, routeId } = req.params;
    res.json(toRouteInstructions(planId, routeId, lang, await routeInstructions(ctx.queries, ctx.road.source !== null, repo, planId, routeId)));
  });

  router.get('/:planId/events', (req, res) => {
    const plan = findPlan(req.params.planId);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    const send = (event: string, data: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    if (FINAL.has(plan.status)) {
      send('done', { id: plan.id, status: plan.status, error: plan.error });
      res.end();
      return;
    }
    const events = ctx.plans.events;
    const last = events.last.get(plan.id);
    send('progress', last ?? { fraction: 0, message: plan.status });
    const onProgress = (ev: unknown): void => send('progress', ev);
    const onDone = (ev: unknown): void => {
      send('done', ev);
      cleanup();
      res.end();
    };
    const cleanup = (): void => {
      events.off(`progress:${plan.id}`, onProgress);
      events.off(`done:${plan.id}`, onDone);
    };
    events.on(`progress:${plan.id}`, onProgress);
    events.on(`done:${plan.id}`, onDone);
    req.on('close', cleanup);
  });

  return router;
}
