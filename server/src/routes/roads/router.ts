/** `GET /api/roads`: the street basemap (OpenStreetMap, ODbL), computed once at boot (gzip, ETag, cacheable for an hour). Public. */
import { RoadCollectionSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, type ApiRoute } from '../../http/api.js';
import { bodyOfJson, sendCached, type CachedBody } from '../../http/cached-body.js';

/** The roads route (see the file comment). */
export function roadsRoutes(ctx: AppContext): ApiRoute[] {
  let body: Promise<CachedBody> | null = null;
  return [
    route({
      method: 'get',
      path: '/api/roads',
      tag: 'map',
      summary: 'Streets of the basemap (GeoJSON; drivable, footways and steps)',
      access: { public: true },
      responses: { 200: { description: 'the streets', schema: RoadCollectionSchema }, 304: { description: 'unchanged (If-None-Match)' } },
      handler: async (req, res) => {
        body ??= bodyOfJson(ctx.road.roadsJson);
        sendCached(req, res, await body, 'public, max-age=3600, must-revalidate');
      },
    }),
  ];
}
