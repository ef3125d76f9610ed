/** `GET /api/roads`: the street basemap, computed once at boot (gzip, ETag, 304 on match, cacheable for an hour). */
import { Router } from 'express';
import type { AppContext } from '../../app.js';
import { bodyOfJson, sendCached, type CachedBody } from '../../http/cached-body.js';

/** The `/api/roads` router (see the file comment). */
export function roadsRouter(ctx: AppContext): Router {
  const router = Router();
  let body: Promise<CachedBody> | null = null;
  router.get('/', async (req, res) => {
    body ??= bodyOfJson(ctx.road.roadsJson);
    sendCached(req, res, await body, 'public, max-age=3600, must-revalidate');
  });
  return router;
}
