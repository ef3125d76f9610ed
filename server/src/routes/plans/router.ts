/**
 * Plans of the caller's space: `POST /api/plans {date}` queues a solve (202; 400 outside the date
 * window, 429 with `Retry-After` when the space's queue is full); `GET /api/plans?date=` lists them
 * (latest first); `GET /api/plans/:planId[?format=geojson]` returns one (finished plans are
 * cached, gzip, ETag); `POST /api/plans/:planId/cancel` cancels a queued or running plan;
 * `GET /api/plans/:planId/routes/:routeId/instructions?lang=fr|en` gives turn-by-turn text; and
 * `GET /api/plans/:planId/events` streams progress as Server-Sent Events. A plan of another space
 * is an unknown plan (404).
 */
import {
  CreatePlanSchema,
  ErrorEnvelopeSchema,
  InstructionsQuerySchema,
  PlanCancelledSchema,
  PlanCreatedSchema,
  PlanGeoJsonSchema,
  PlanListQuerySchema,
  PlanListSchema,
  PlanParamsSchema,
  PlanQuerySchema,
  PlanRouteParamsSchema,
  PlanSchema,
  RouteInstructionsSchema,
} from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { NotFoundError } from '../../errors.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { BodyCache, sendCached } from '../../http/cached-body.js';
import { toRouteInstructions } from '../../presenters/instructions-presenter.js';
import { toPlanDto, toPlanGeoJson, toPlanList } from '../../presenters/plan-presenter.js';
import { toSiteDto } from '../../presenters/site-presenter.js';
import type { SpaceContext } from '../../services/space-context.js';

const FINAL = new Set(['done', 'failed', 'cancelled']);

/** The plans routes (see the file comment). */
export function plansRoutes(ctx: AppContext): ApiRoute[] {
  /** Finished plans do not change: their bodies are built once. */
  const finished = new BodyCache({ capacity: 32 });
  const findPlan = (space: SpaceContext, planId: string) => {
    const plan = space.plans.get(planId);
    if (!plan) throw new NotFoundError(`unknown plan '${planId}'`);
    return plan;
  };
  return [
    route({
      method: 'post',
      path: '/api/plans',
      tag: 'plans',
      summary: 'Plan a day (queued; progress on /events)',
      access: { permission: 'plans:write' },
      body: { schema: CreatePlanSchema },
      responses: {
        202: { description: 'queued', schema: PlanCreatedSchema },
        400: { description: 'bad date, or outside the window', schema: ErrorEnvelopeSchema },
        429: { description: 'too many plans queued (Retry-After)', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { body }) => {
        const principal = signedInOf(req);
        const created = ctx.spaces.get(principal.spaceId).plans.create(body.date);
        ctx.audit.record(principal, principal.spaceId, 'plan.start', created.id, { date: body.date });
        res.status(202).location(`/api/plans/${created.id}`).json(created);
      },
    }),
    route({
      method: 'get',
      path: '/api/plans',
      tag: 'plans',
      summary: 'Plans, latest first (optionally of one date)',
      access: { permission: 'plans:read' },
      query: PlanListQuerySchema,
      responses: { 200: { description: 'the plans', schema: PlanListSchema } },
      handler: (req, res, { query }) => {
        res.json(toPlanList(ctx.spaces.get(signedInOf(req).spaceId).plans.list(query.date)));
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId',
      tag: 'plans',
      summary: 'One plan: routes, steps, unassigned bins (JSON), or the routes on the streets (GeoJSON)',
      access: { permission: 'plans:read' },
      params: PlanParamsSchema,
      query: PlanQuerySchema,
      responses: {
        200: { description: 'the plan (PlanDto, or with format=geojson a PlanGeoJson)', schema: PlanSchema.or(PlanGeoJsonSchema) },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params, query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const plan = findPlan(space, params.planId);
        const build = (): unknown => {
          const d = space.plans.details(plan.id);
          return query.format === 'geojson' ? toPlanGeoJson(d.routes, d.steps, space.inventory.sites().map(toSiteDto)) : toPlanDto(d.plan, d.routes, d.steps, d.unassigned);
        };
        if (FINAL.has(plan.status)) sendCached(req, res, await finished.get(`${plan.id}|${plan.status}|${plan.rowsRevision}|${query.format}`, build));
        else res.json(build());
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/cancel',
      tag: 'plans',
      summary: 'Cancel a queued or running plan',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      responses: {
        200: { description: 'cancelled', schema: PlanCancelledSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan has already finished', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params }) => {
        const principal = signedInOf(req);
        const plan = await ctx.spaces.get(principal.spaceId).plans.cancel(params.planId);
        ctx.audit.record(principal, principal.spaceId, 'plan.cancel', plan.id);
        res.json({ id: plan.id, status: plan.status });
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/routes/:routeId/instructions',
      tag: 'plans',
      summary: 'Turn-by-turn instructions of a route, in French or English',
      access: { permission: 'plans:read' },
      params: PlanRouteParamsSchema,
      query: InstructionsQuerySchema,
      responses: {
        200: { description: 'the instructions', schema: RouteInstructionsSchema },
        404: { description: 'no such plan or route in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan is not done, or the route cannot be driven', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params, query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const result = await space.plans.instructions(ctx.queries, ctx.road.source !== null, params.planId, params.routeId);
        res.json(toRouteInstructions(params.planId, params.routeId, query.lang, result));
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/events',
      tag: 'plans',
      summary: 'Progress of a plan as Server-Sent Events (progress, then done)',
      access: { permission: 'plans:read' },
      params: PlanParamsSchema,
      responses: { 200: { description: 'an event stream: `progress` {fraction, message} events, then one `done` {id, status, error}', contentType: 'text/event-stream' } },
      handler: (req, res, { params }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const plan = findPlan(space, params.planId);
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        const send = (event: string, data: unknown): void => {
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        if (FINAL.has(plan.status)) {
          send('done', { id: plan.id, status: plan.status, error: plan.error });
          res.end();
          return;
        }
        const events = ctx.events;
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
      },
    }),
  ];
}
