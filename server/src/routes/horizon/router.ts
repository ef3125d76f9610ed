/**
 * `GET /api/horizon?date=YYYY-MM-DD&risk=5`: the rolling-horizon plan of the coming working days
 * (issue #17): per day the areas (H3 cells) each vehicle type visits and the bins each visit takes,
 * per area and stream its planned visit dates, per bin the day it is taken and why, and the areas'
 * outlines for the map. From the same forecast as `/api/bins/decisions`, with the same permission.
 */
import { HorizonQuerySchema, HorizonSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { BodyCache, sendCached } from '../../http/cached-body.js';
import { toHorizonDto } from '../../services/horizon-service.js';
import { localDateOf } from '../../services/local-time.js';

/** The horizon route (see the file comment). */
export function horizonRoutes(ctx: AppContext): ApiRoute[] {
  const bodies = new BodyCache({ capacity: 8 });
  return [
    route({
      method: 'get',
      path: '/api/horizon',
      tag: 'bins',
      summary: 'Which areas to visit on which of the coming working days, which bins each visit takes, and why',
      access: { permission: 'bins:read' },
      query: HorizonQuerySchema,
      responses: { 200: { description: 'the horizon plan', schema: HorizonSchema }, 409: { description: 'the space has no depot or no disposal site' } },
      handler: async (req, res, { query }) => {
        const principal = signedInOf(req);
        const space = ctx.spaces.get(principal.spaceId);
        const date = query.date ?? localDateOf(ctx.now(), space.space.timeZone);
        const result = await space.horizon.plan(date, query.risk);
        sendCached(req, res, await bodies.get(`${principal.spaceId}|${date}|${query.risk}|${result.version}`, () => toHorizonDto(result)));
      },
    }),
  ];
}
