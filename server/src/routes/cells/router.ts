/** `GET /api/cells`: H3 cells holding bins, as polygons with bin count and mean latest fill. */
import { Router } from 'express';
import type { AppContext } from '../../app.js';
import { BinsRepository } from '../../db/repositories/bins-repository.js';
import { ReadingsRepository } from '../../db/repositories/readings-repository.js';
import { toCellCollection } from '../../presenters/bin-presenter.js';

/** The `/api/cells` router (see the file comment). */
export function cellsRouter(ctx: AppContext): Router {
  const router = Router();
  const bins = new BinsRepository(ctx.db);
  const readings = new ReadingsRepository(ctx.db);
  router.get('/', (_req, res) => {
    res.json(toCellCollection(bins.all(), readings.latest()));
  });
  return router;
}
