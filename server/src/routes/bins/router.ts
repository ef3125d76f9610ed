/** `GET /api/bins`: every bin with its latest reading, today's forecast and reachability. */
import { Router } from 'express';
import type { AppContext } from '../../app.js';
import { BinsRepository } from '../../db/repositories/bins-repository.js';
import { ReadingsRepository } from '../../db/repositories/readings-repository.js';
import { toBinCollection } from '../../presenters/bin-presenter.js';
import { localDateOf, planForecastMs } from '../../services/local-time.js';

/** The `/api/bins` router (see the file comment). */
export function binsRouter(ctx: AppContext): Router {
  const router = Router();
  const bins = new BinsRepository(ctx.db);
  const readings = new ReadingsRepository(ctx.db);
  router.get('/', (_req, res) => {
    const today = localDateOf(ctx.now(), ctx.timeZone);
    const forecast = ctx.forecast.at(planForecastMs(today, ctx.timeZone));
    res.json(toBinCollection(bins.all(), readings.latest(), forecast, ctx.road.binSnaps, ctx.road.unreachable));
  });
  return router;
}
