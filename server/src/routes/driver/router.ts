/**
 * The driver's tablet (issue #15): `GET /api/rounds/today?lang=fr|en` (the signed-in driver's round
 * in the last published plan of today, with the details of each step, turn-by-turn instructions
 * and the stored reports), `POST /api/reports` (a batch of reports with tablet-made ids, all or
 * nothing, idempotent), `POST /api/positions` (the truck's positions, kept during the shift only),
 * and the manager's `GET /api/plans/:planId/progress` (each round's progress from the reports, the
 * day's not-collected stops, the last positions).
 */
import {
  PlanProgressSchema,
  PositionBatchResultSchema,
  PositionBatchSchema,
  ReportBatchResultSchema,
  ReportBatchSchema,
  RoundTodayQuerySchema,
  RoundTodaySchema,
} from '../../../contract/driver.js';
import { ErrorEnvelopeSchema, PlanParamsSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, userOf, type ApiRoute } from '../../http/api.js';
import { toRouteInstructions } from '../../presenters/instructions-presenter.js';
import { toPlanDto } from '../../presenters/plan-presenter.js';
import type { RouteInstructionsResult } from '../../services/route-instructions-service.js';
import type { SpaceContext } from '../../services/space-context.js';

/** Rounds whose turn-by-turn legs are kept (tablets reload their round often; the legs change only with the plan's rows). */
const MAX_KEPT_ROUNDS = 64;

/** The driver routes (see the file comment). */
export function driverRoutes(ctx: AppContext): ApiRoute[] {
  const legs = new Map<string, Promise<RouteInstructionsResult>>();
  const legsOf = (space: SpaceContext, planId: string, routeId: string, rowsRevision: number): Promise<RouteInstructionsResult> => {
    const key = `${space.space.id}|${planId}|${routeId}|${rowsRevision}`;
    let hit = legs.get(key);
    if (!hit) {
      if (legs.size >= MAX_KEPT_ROUNDS) legs.delete(legs.keys().next().value!);
      hit = space.plans.instructions(ctx.queries, ctx.road.source !== null, planId, routeId);
      hit.catch(() => legs.delete(key)); // a failure is not kept: the next request tries again
      legs.set(key, hit);
    }
    return hit;
  };
  return [
    route({
      method: 'get',
      path: '/api/rounds/today',
      tag: 'driver',
      summary: "The signed-in driver's round of today (the last published plan, in the space's time zone), with step details, turn-by-turn instructions and stored reports",
      access: { permission: 'round:read' },
      query: RoundTodayQuerySchema,
      responses: {
        200: { description: 'the round', schema: RoundTodaySchema },
        404: { description: 'no plan of today is published, or it has no round for the driver’s truck', schema: ErrorEnvelopeSchema },
        409: { description: 'the round cannot be routed turn by turn (no road network, a stop off the network)', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { query }) => {
        const user = userOf(req);
        const space = ctx.spaces.get(user.spaceId);
        const round = space.driver.roundToday(user.vehicleId);
        const instructions = await legsOf(space, round.plan.id, round.route.routeId, round.plan.rowsRevision);
        res.set('Cache-Control', 'no-store').json({
          planId: round.plan.id,
          date: round.plan.date,
          dayStatus: round.plan.dayStatus,
          route: toPlanDto(round.plan, [round.route], round.steps, []).routes[0],
          details: round.details,
          instructions: toRouteInstructions(round.plan.id, round.route.routeId, query.lang, instructions),
          reports: round.reports,
          serverTime: ctx.now().toISOString(),
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/reports',
      tag: 'driver',
      summary: 'Reports of the driver (collected, not collected and why, disposal visit, break), 1 to 200, all or nothing; a retried report (same id, same content) is a duplicate',
      description:
        'Each report names a step of the driver’s own round in a published plan of the space. Refused, with every problem by path and nothing stored: an unknown plan, route or step; ' +
        'a step of another truck’s round; an outcome that does not fit the step (collected / not_collected for a bin, disposal_done for a disposal visit, break_done for the break); ' +
        'not_collected without a reason; the reason other without a note; `at` more than 2 minutes ahead of the server’s clock or not on the plan’s date; ' +
        'a report of a step already reported more than 10 minutes (REPORT_CORRECTION_MIN) before or after (within them it corrects the earlier one). ' +
        'An id already stored with other content: 409 `conflict`.',
      access: { permission: 'round:report' },
      body: { schema: ReportBatchSchema },
      responses: {
        200: { description: 'each report: created, or duplicate of the stored one', schema: ReportBatchResultSchema },
        400: { description: 'the problems, each with its path; nothing stored', schema: ErrorEnvelopeSchema },
        409: { description: 'an id already stored with other content; nothing stored', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { body }) => {
        const user = userOf(req);
        const results = ctx.spaces.get(user.spaceId).driver.report({ userId: user.userId, displayName: user.displayName, vehicleId: user.vehicleId }, body.reports);
        res.json({ results });
      },
    }),
    route({
      method: 'post',
      path: '/api/positions',
      tag: 'driver',
      summary: "The truck's positions (browser geolocation), kept only during the driver's shift (the round's start − 30 min to its end + 60 min)",
      access: { permission: 'round:report' },
      body: { schema: PositionBatchSchema },
      responses: {
        200: { description: 'how many were stored, and how many were outside the shift (not stored)', schema: PositionBatchResultSchema },
        400: { description: 'the problems, each with its path', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { body }) => {
        const user = userOf(req);
        res.json(ctx.spaces.get(user.spaceId).driver.positions({ userId: user.userId, displayName: user.displayName, vehicleId: user.vehicleId }, body.positions));
      },
    }),
    route({
      method: 'get',
      path: '/api/plans/:planId/progress',
      tag: 'driver',
      summary: "Each round's progress from the drivers' reports, the day's not-collected stops and the trucks' last positions (managers of the space)",
      access: { permission: 'plans:write' },
      params: PlanParamsSchema,
      responses: {
        200: { description: 'the progress', schema: PlanProgressSchema },
        404: { description: 'no such plan in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        res.set('Cache-Control', 'no-store').json(ctx.spaces.get(signedInOf(req).spaceId).driver.progress(params.planId));
      },
    }),
  ];
}
