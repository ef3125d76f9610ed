/**
 * Mid-day re-plans and done stops: `POST /api/plans/:planId/replan {at, unavailable, assumeDoneBeforeAt}`
 * queues a new plan of the same day from a done plan (202; its progress on `/api/plans/:id/events`
 * like any plan); `GET /api/plans/:planId/done-stops` lists the stops reported done (and what a
 * re-plan was made from); `PUT|DELETE /api/plans/:planId/done-stops/:binId` reports a stop done
 * or takes the report back. A plan of another space is an unknown plan (404).
 */
import {
  DoneStopParamsSchema,
  ErrorEnvelopeSchema,
  PlanDoneStopsSchema,
  PlanParamsSchema,
  ReplanCreatedSchema,
  ReplanInputSchema,
} from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';

/** The re-plan and done-stop routes (see the file comment). */
export function replansRoutes(ctx: AppContext): ApiRoute[] {
  const replansOf = (spaceId: string) => ctx.spaces.get(spaceId).replans;
  return [
    route({
      method: 'post',
      path: '/api/plans/:planId/replan',
      tag: 'plans',
      summary: 'Re-plan the rest of the day from a time, some trucks unavailable (queued)',
      description:
        'The stops reported done (or, with assumeDoneBeforeAt, scheduled to be left by `at`) stay done; each truck resumes from its last done stop ' +
        '(the problem format\'s fixedPrefixes) at `at`. A truck unavailable from a time gets no stop after it (home by then; from less than 45 min after ' +
        '`at`, no new stop at all); its other bins go to other trucks or are left out with the reason `vehicle_unavailable` (or `shift_too_short`). ' +
        'Closures in force on the day apply. The new plan is checked by checkDayPlan like every plan.',
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      body: { schema: ReplanInputSchema },
      responses: {
        202: { description: 'queued', schema: ReplanCreatedSchema },
        400: { description: 'bad time or unknown truck', schema: ErrorEnvelopeSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan is not done', schema: ErrorEnvelopeSchema },
        429: { description: 'too many plans queued', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, body }) => {
        const principal = signedInOf(req);
        const created = replansOf(principal.spaceId).create(params.planId, body);
        ctx.audit.record(principal, principal.spaceId, 'plan.replan', created.id, { sourcePlanId: params.planId, at: body.at, unavailable: body.unavailable });
        res.status(202).location(`/api/plans/${created.id}`).json(created);
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/done-stops',
      tag: 'plans',
      summary: 'Stops of a plan reported done (and what a re-plan was made from)',
      access: { permission: 'plans:read' },
      params: PlanParamsSchema,
      responses: {
        200: { description: 'the done stops', schema: PlanDoneStopsSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        res.json(replansOf(signedInOf(req).spaceId).doneStops(params.planId));
      },
    }),
    route({
      method: 'put',
      path: '/api/plans/:planId/done-stops/:binId',
      tag: 'plans',
      summary: 'Report a stop done (for a driver)',
      access: { permission: 'plans:write' },
      params: DoneStopParamsSchema,
      responses: {
        200: { description: 'the done stops', schema: PlanDoneStopsSchema },
        404: { description: 'no such plan, or no route of it serves that bin', schema: ErrorEnvelopeSchema },
        409: { description: 'the plan is not done', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const principal = signedInOf(req);
        const replans = replansOf(principal.spaceId);
        replans.markDone(params.planId, params.binId);
        ctx.spaces.get(principal.spaceId).citizenReports.closeCollected(); // a collected bin closes its citizens' reports
        ctx.audit.record(principal, principal.spaceId, 'plan.stop_done', params.planId, { binId: params.binId });
        res.json(replans.doneStops(params.planId));
      },
    }),
    route({
      method: 'delete',
      path: '/api/plans/:planId/done-stops/:binId',
      tag: 'plans',
      summary: 'Take back the report that a stop is done',
      access: { permission: 'plans:write' },
      params: DoneStopParamsSchema,
      responses: {
        200: { description: 'the done stops', schema: PlanDoneStopsSchema },
        404: { description: 'no such plan, or the stop was not reported done', schema: ErrorEnvelopeSchema },
        409: { description: "the stop is done by a driver's report (kept as sent)", schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const principal = signedInOf(req);
        const replans = replansOf(principal.spaceId);
        replans.unmarkDone(params.planId, params.binId);
        ctx.audit.record(principal, principal.spaceId, 'plan.stop_undone', params.planId, { binId: params.binId });
        res.json(replans.doneStops(params.planId));
      },
    }),
  ];
}
