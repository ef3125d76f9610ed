/**
 * Plans of the caller's space: `POST /api/plans {date}` queues a solve (202; 400 outside the date
 * window, 429 with `Retry-After` when the space's queue is full); `GET /api/plans?date=` lists them
 * (latest first); `GET /api/plans/:planId[?format=geojson]` returns one (finished plans are
 * cached, gzip, ETag); `POST /api/plans/:planId/cancel` cancels a queued or running plan;
 * `GET /api/plans/:planId/routes/:routeId/instructions?lang=fr|en` gives turn-by-turn text; and
 * `GET /api/plans/:planId/events` streams progress as Server-Sent Events. A plan of another space
 * is an unknown plan (404).
 *
 * Issue #14: `?format=gpx|csv` beside `geojson` (and the same per round at
 * `GET /api/plans/:planId/routes/:routeId`), `GET /api/plans/:planId/summary[?format=csv]`,
 * `POST /api/plans/:planId/publish` and `/day-status` (the plan's day), `POST
 * /api/plans/:planId/reproduce` (a new plan from the stored inputs), and `GET /api/round?date=` (a
 * driver's round, from published plans only).
 */
import type { Response } from 'express';
import {
  CreatePlanSchema,
  DEFAULT_HORIZON_RISK_PERCENT,
  DayStatusChangedSchema,
  DriverRoundSchema,
  PlanExportSummarySchema,
  PlanForecastSchema,
  PlanRouteSchema,
  RoundQuerySchema,
  RouteQuerySchema,
  SetDayStatusSchema,
  SummaryQuerySchema,
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
import { route, signedInOf, userOf, type ApiRoute } from '../../http/api.js';
import { exportFileName, exportStops, planGpx, planSummary, routeGeoJson, stopsCsv, summaryCsv } from '../../presenters/plan-export.js';
import { BodyCache, sendCached } from '../../http/cached-body.js';
import { toRouteInstructions } from '../../presenters/instructions-presenter.js';
import { toPlanDto, toPlanGeoJson, toPlanList } from '../../presenters/plan-presenter.js';
import { toSiteDto } from '../../presenters/site-presenter.js';
import type { SpaceContext } from '../../services/space-context.js';

const FINAL = new Set(['done', 'failed', 'cancelled']);

/** Sends a file download: its type, `Content-Disposition` with its name, and the body. */
function sendFile(res: Response, contentType: string, fileName: string, body: string): void {
  res.type(contentType).attachment(fileName).send(body);
}
const GPX_TYPE = 'application/gpx+xml; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';

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
        const selection = body.selection === 'horizon' ? { selection: 'horizon' as const, horizonRiskPercent: body.horizonRiskPercent ?? DEFAULT_HORIZON_RISK_PERCENT } : {};
        const created = ctx.spaces.get(principal.spaceId).plans.create(body.date, { overtimeMin: body.overtimeMin ?? 0, ...selection });
        ctx.audit.record(principal, principal.spaceId, 'plan.start', created.id, { date: body.date, ...(body.overtimeMin ? { overtimeMin: body.overtimeMin } : {}), ...selection });
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
        200: {
          description:
            'the plan (PlanDto; with format=geojson a PlanGeoJson; with format=gpx GPX 1.1, one track per round and its bins as waypoints in order; ' +
            'with format=csv one row per bin stop: round, sequence, bin_id, address, arrival_time, stream, then vehicle_id, vehicle_name, departure_time, load_after_l, lng, lat)',
          schema: PlanSchema.or(PlanGeoJsonSchema),
        },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { params, query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const plan = findPlan(space, params.planId);
        if (query.format === 'gpx' || query.format === 'csv') {
          const x = space.plans.exportRows(plan.id);
          const stops = exportStops(x.routes, x.steps, x.bins);
          if (query.format === 'gpx') sendFile(res, GPX_TYPE, exportFileName(plan, 'gpx'), planGpx(plan, x.routes, stops));
          else sendFile(res, CSV_TYPE, exportFileName(plan, 'csv'), stopsCsv(stops));
          return;
        }
        const build = (): unknown => {
          const d = space.plans.details(plan.id);
          return query.format === 'geojson' ? toPlanGeoJson(d.routes, d.steps, space.inventory.sites().map(toSiteDto)) : toPlanDto(d.plan, d.routes, d.steps, d.unassigned, d.forcedBins);
        };
        if (FINAL.has(plan.status)) sendCached(req, res, await finished.get(`${plan.id}|${plan.status}|${plan.dayStatus}|${plan.rowsRevision}|${query.format}`, build));
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
      responses: {
        200: {
          description:
            'an event stream: `progress` {fraction, message, phase, elapsedS, iteration, iterations, bestCostEur} events, `rounds` {iteration, routes: [{vehicleId, color, coordinates}]} ' +
            "(the search's current routes, a few times per plan), then one `done` {id, status, error}",
          contentType: 'text/event-stream',
        },
      },
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
        send('progress', last ?? { fraction: 0, message: plan.status, phase: 'queued', elapsedS: 0 });
        const lastRounds = events.lastRounds.get(plan.id);
        if (lastRounds) send('rounds', lastRounds);
        const onProgress = (ev: unknown): void => send('progress', ev);
        const onRounds = (ev: unknown): void => send('rounds', ev);
        const onDone = (ev: unknown): void => {
          send('done', ev);
          cleanup();
          res.end();
        };
        const cleanup = (): void => {
          events.off(`progress:${plan.id}`, onProgress);
          events.off(`rounds:${plan.id}`, onRounds);
          events.off(`done:${plan.id}`, onDone);
        };
        events.on(`progress:${plan.id}`, onProgress);
        events.on(`rounds:${plan.id}`, onRounds);
        events.on(`done:${plan.id}`, onDone);
        req.on('close', cleanup);
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/routes/:routeId',
      tag: 'plans',
      summary: 'One round of a plan: JSON, GeoJSON, GPX or CSV of its stops',
      access: { permission: 'plans:read' },
      params: PlanRouteParamsSchema,
      query: RouteQuerySchema,
      responses: {
        200: { description: 'the round (PlanRoute; or GeoJSON, GPX 1.1, CSV as for the whole plan)', schema: PlanRouteSchema.or(PlanGeoJsonSchema) },
        404: { description: 'no such plan or round in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const x = space.plans.exportRows(params.planId, params.routeId);
        const stops = exportStops(x.routes, x.steps, x.bins);
        if (query.format === 'gpx') sendFile(res, GPX_TYPE, exportFileName(x.plan, 'gpx', params.routeId), planGpx(x.plan, x.routes, stops));
        else if (query.format === 'csv') sendFile(res, CSV_TYPE, exportFileName(x.plan, 'csv', params.routeId), stopsCsv(stops));
        else if (query.format === 'geojson') res.json(routeGeoJson(toPlanGeoJson(x.routes, x.steps, []), params.routeId));
        else res.json(toPlanDto(x.plan, x.routes, x.steps, []).routes[0]);
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/summary',
      tag: 'plans',
      summary: 'Per-round summary of a plan (km, time, bins, loads, disposal trips, CO2, cost), JSON or CSV',
      access: { permission: 'plans:read' },
      params: PlanParamsSchema,
      query: SummaryQuerySchema,
      responses: {
        200: { description: 'the summary (CSV: one row per round, then a total row)', schema: PlanExportSummarySchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const x = space.plans.exportRows(params.planId);
        const summary = planSummary(x.plan, x.routes);
        if (query.format === 'csv') sendFile(res, CSV_TYPE, exportFileName(x.plan, 'csv', undefined, 'summary'), summaryCsv(summary));
        else res.json(summary);
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/forecast',
      tag: 'plans',
      summary: 'The forecast the plan used for each bin (decision, fill at the plan instant)',
      access: { permission: 'plans:read' },
      params: PlanParamsSchema,
      responses: {
        200: { description: 'the forecast per bin', schema: PlanForecastSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan has no stored inputs', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        res.json({ planId: params.planId, bins: ctx.spaces.get(signedInOf(req).spaceId).plans.forecast(params.planId) });
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/publish',
      tag: 'plans',
      summary: 'Publish a draft plan (drivers then see their rounds)',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      responses: {
        200: { description: 'published', schema: DayStatusChangedSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan is not a draft', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const principal = signedInOf(req);
        const changed = ctx.spaces.get(principal.spaceId).plans.setDayStatus(params.planId, 'published');
        ctx.audit.record(principal, principal.spaceId, 'plan.publish', params.planId);
        res.json(changed);
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/day-status',
      tag: 'plans',
      summary: "Move a plan forward in its day: published → in_progress → done",
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      body: { schema: SetDayStatusSchema },
      responses: {
        200: { description: 'moved', schema: DayStatusChangedSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan is not at the step before', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, body }) => {
        const principal = signedInOf(req);
        const changed = ctx.spaces.get(principal.spaceId).plans.setDayStatus(params.planId, body.dayStatus);
        ctx.audit.record(principal, principal.spaceId, 'plan.day_status', params.planId, { dayStatus: body.dayStatus });
        res.json(changed);
      },
    }),
    route({
      method: 'post',
      path: '/api/plans/:planId/reproduce',
      tag: 'plans',
      summary: "Plan again from a plan's stored inputs (same decisions, rows, seed, iterations, options: same routes)",
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      responses: {
        202: { description: 'queued', schema: PlanCreatedSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan has no stored inputs', schema: ErrorEnvelopeSchema },
        429: { description: 'too many plans queued (Retry-After)', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const principal = signedInOf(req);
        const created = ctx.spaces.get(principal.spaceId).plans.reproduce(params.planId);
        ctx.audit.record(principal, principal.spaceId, 'plan.reproduce', created.id, { from: params.planId });
        res.status(202).location(`/api/plans/${created.id}`).json(created);
      },
    }),
    route({
      method: 'get',
      path: '/api/round',
      tag: 'plans',
      summary: "The signed-in driver's round of a date, from the last published plan (drafts never reach drivers)",
      access: { permission: 'round:read' },
      query: RoundQuerySchema,
      responses: {
        200: { description: 'the round', schema: DriverRoundSchema },
        404: { description: 'no published plan of that date, or no round for the driver’s vehicle', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { query }) => {
        const user = userOf(req);
        if (user.vehicleId === null) throw new NotFoundError('this person drives no vehicle');
        const { plan, route: r, steps } = ctx.spaces.get(user.spaceId).plans.publishedRound(query.date, user.vehicleId);
        res.json({ planId: plan.id, date: plan.date, dayStatus: plan.dayStatus, route: toPlanDto(plan, [r], steps, []).routes[0] });
      },
    }),
  ];
}
