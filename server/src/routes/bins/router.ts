/**
 * `GET /api/bins`: every bin with its latest reading, today's forecast and reachability (cached,
 * gzip, ETag).
 * `GET /api/bins/decisions?date=YYYY-MM-DD[&next=YYYY-MM-DD][&riskPercent=10]`: for a
 * collection on `date` when the next chance is `next` (default the day after), each bin's
 * `must` / `may` / `skip` with its reason in words and numbers, and the counts.
 * `GET /api/bins/:binId/decision?date=…`: the same for one bin (404 for an unknown bin).
 */
import { Router } from 'express';
import { DecisionQuerySchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { BodyCache, sendCached } from '../../http/cached-body.js';
import { nextDate, toDecisionDto, toDecisionList, type DecisionSet } from '../../services/decision-service.js';
import { localDateOf } from '../../services/local-time.js';
import { parseOrThrow } from '../../validate.js';

/** The `/api/bins` router (see the file comment). */
export function binsRouter(ctx: AppContext): Router {
  const router = Router();
  const decide = async (query: unknown): Promise<DecisionSet> => {
    const q = parseOrThrow(DecisionQuerySchema, query);
    const date = q.date ?? localDateOf(ctx.now(), ctx.timeZone);
    const next = q.next ?? nextDate(date);
    if (next < date) throw new InvalidInputError([{ path: 'next', message: `must not be before date ${date}` }]);
    return ctx.decisions.decide(date, next, q.riskPercent);
  };
  router.get('/', async (req, res) => {
    sendCached(req, res, await ctx.bins.map());
  });
  const lists = new BodyCache({ capacity: 8 });
  router.get('/decisions', async (req, res) => {
    const set = await decide(req.query);
    sendCached(req, res, await lists.get(`${set.date}|${set.next}|${set.riskPercent}|${set.version}`, () => toDecisionList(set)));
  });
  router.get('/:binId/decision', async (req, res) => {
    const binId = req.params.binId;
    if (!ctx.bins.has(binId)) throw new NotFoundError(`no bin '${binId.slice(0, 64)}'`);
    const set = await decide(req.query);
    const d = set.decisions.find((x) => x.binId === binId)!;
    res.json(toDecisionDto(d, set.planAtMs));
  });
  return router;
}
