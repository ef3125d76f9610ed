/**
 * `GET /api/bins`: every bin with its latest reading, today's forecast and reachability.
 * `GET /api/bins/decisions?date=YYYY-MM-DD[&next=YYYY-MM-DD][&riskPercent=10]`: for a
 * collection on `date` when the next chance is `next` (default the day after), each bin's
 * `must` / `may` / `skip` with its reason in words and numbers, and the counts.
 * `GET /api/bins/:binId/decision?date=…`: the same for one bin (404 for an unknown bin).
 */
import { Router } from 'express';
import { DecisionQuerySchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { BinsRepository } from '../../db/repositories/bins-repository.js';
import { ReadingsRepository } from '../../db/repositories/readings-repository.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { toBinCollection } from '../../presenters/bin-presenter.js';
import { DecisionService, nextDate, toDecisionDto, toDecisionList, type DecisionSet } from '../../services/decision-service.js';
import { localDateOf, planForecastMs } from '../../services/local-time.js';
import { parseOrThrow } from '../../validate.js';

/** The `/api/bins` router (see the file comment). */
export function binsRouter(ctx: AppContext): Router {
  const router = Router();
  const bins = new BinsRepository(ctx.db);
  const readings = new ReadingsRepository(ctx.db);
  const decisions = new DecisionService(ctx.db, ctx.timeZone);
  const decide = (query: unknown): DecisionSet => {
    const q = parseOrThrow(DecisionQuerySchema, query);
    const date = q.date ?? localDateOf(ctx.now(), ctx.timeZone);
    const next = q.next ?? nextDate(date);
    if (next < date) throw new InvalidInputError([{ path: 'next', message: `must not be before date ${date}` }]);
    return decisions.decide(date, next, q.riskPercent);
  };
  router.get('/', (_req, res) => {
    const today = localDateOf(ctx.now(), ctx.timeZone);
    const forecast = ctx.forecast.at(planForecastMs(today, ctx.timeZone));
    res.json(toBinCollection(bins.all(), readings.latest(), forecast, ctx.road.binSnaps, ctx.road.unreachable));
  });
  router.get('/decisions', (req, res) => {
    res.json(toDecisionList(decide(req.query)));
  });
  router.get('/:binId/decision', (req, res) => {
    const binId = req.params.binId;
    if (!bins.ids().has(binId)) throw new NotFoundError(`no bin '${binId}'`);
    const set = decide(req.query);
    const d = set.decisions.find((x) => x.binId === binId)!;
    res.json(toDecisionDto(d, set.planAtMs));
  });
  return router;
}
