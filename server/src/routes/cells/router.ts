/** `GET /api/cells`: H3 cells holding bins, as polygons with bin count and mean latest fill (cached, gzip, ETag). */
import { Router } from 'express';
import type { AppContext } from '../../app.js';
import { sendCached } from '../../http/cached-body.js';

/** The `/api/cells` router (see the file comment). */
export function cellsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    sendCached(req, res, await ctx.bins.cells());
  });
  return router;
}
