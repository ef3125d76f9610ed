/** `GET /api/cells`: H3 cells holding the space's bins, with bin count, mean latest fill and mean forecast (cached, gzip, ETag). */
import { CellCollectionSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { sendCached } from '../../http/cached-body.js';

/** The cells route (see the file comment). */
export function cellsRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/cells',
      tag: 'bins',
      summary: 'H3 cells (resolution 9) with bin count, mean latest fill and mean forecast',
      access: { permission: 'bins:read' },
      responses: { 200: { description: 'the cells', schema: CellCollectionSchema }, 304: { description: 'unchanged (If-None-Match)' } },
      handler: async (req, res) => {
        sendCached(req, res, await ctx.spaces.get(signedInOf(req).spaceId).bins.cells());
      },
    }),
  ];
}
