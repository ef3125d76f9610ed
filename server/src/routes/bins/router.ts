/**
 * `GET /api/bins`: every bin of the space with its latest reading, today's forecast and
 * reachability (cached, gzip, ETag).
 * `GET /api/bins/decisions?date=YYYY-MM-DD[&next=YYYY-MM-DD][&riskPercent=10]`: for a collection
 * on `date` when the next chance is `next` (default the day after), each bin's `must` / `may` /
 * `skip` with its reason in words and numbers, and the counts.
 * `GET /api/bins/:binId/decision?date=…`: the same for one bin (404 for a bin not of the space).
 */
import { BinCollectionSchema, BinDecisionSchema, BinParamsSchema, DecisionListSchema, DecisionQuerySchema, type DecisionQuery } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { BodyCache, sendCached } from '../../http/cached-body.js';
import { nextDate, toDecisionDto, toDecisionList, type DecisionSet } from '../../services/decision-service.js';
import { localDateOf } from '../../services/local-time.js';
import type { SpaceContext } from '../../services/space-context.js';

/** The bins routes (see the file comment). */
export function binsRoutes(ctx: AppContext): ApiRoute[] {
  const decide = async (space: SpaceContext, q: DecisionQuery): Promise<DecisionSet> => {
    const date = q.date ?? localDateOf(ctx.now(), space.space.timeZone);
    const next = q.next ?? nextDate(date);
    if (next < date) throw new InvalidInputError([{ path: 'next', message: `must not be before date ${date}` }]);
    return space.decisions.decide(date, next, q.riskPercent);
  };
  const lists = new BodyCache({ capacity: 16 });
  return [
    route({
      method: 'get',
      path: '/api/bins',
      tag: 'bins',
      summary: 'Bins with their latest reading, today’s forecast and reachability (GeoJSON)',
      access: { permission: 'bins:read' },
      responses: { 200: { description: 'the bins', schema: BinCollectionSchema }, 304: { description: 'unchanged (If-None-Match)' } },
      handler: async (req, res) => {
        sendCached(req, res, await ctx.spaces.get(signedInOf(req).spaceId).bins.map());
      },
    }),
    route({
      method: 'get',
      path: '/api/bins/decisions',
      tag: 'bins',
      summary: 'Which bins to collect on a date (must / may / skip) and why',
      access: { permission: 'bins:read' },
      query: DecisionQuerySchema,
      responses: { 200: { description: 'the decisions', schema: DecisionListSchema } },
      handler: async (req, res, { query }) => {
        const principal = signedInOf(req);
        const set = await decide(ctx.spaces.get(principal.spaceId), query);
        sendCached(req, res, await lists.get(`${principal.spaceId}|${set.date}|${set.next}|${set.riskPercent}|${set.version}`, () => toDecisionList(set)));
      },
    }),
    route({
      method: 'get',
      path: '/api/bins/:binId/decision',
      tag: 'bins',
      summary: 'The decision for one bin',
      access: { permission: 'bins:read' },
      params: BinParamsSchema,
      query: DecisionQuerySchema,
      responses: { 200: { description: 'the decision', schema: BinDecisionSchema }, 404: { description: 'no such bin in this space' } },
      handler: async (req, res, { params, query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        if (!space.bins.has(params.binId)) throw new NotFoundError(`no bin '${params.binId}'`);
        const set = await decide(space, query);
        res.json(toDecisionDto(set.decisions.find((x) => x.binId === params.binId)!, set.planAtMs));
      },
    }),
  ];
}
