/** `GET /api/roads`: the street basemap, computed once at boot, with an ETag (304 on match). */
import { Router } from 'express';
import type { AppContext } from '../../app.js';

/** The `/api/roads` router (see the file comment). */
export function roadsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.setHeader('ETag', ctx.road.roadsEtag);
    res.setHeader('Cache-Control', 'public, max-age=3600, must-revalidate');
    if (req.headers['if-none-match'] === ctx.road.roadsEtag) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(ctx.road.roadsJson);
  });
  return router;
}
