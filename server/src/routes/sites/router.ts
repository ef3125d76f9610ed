/** `GET /api/sites`: the depots and disposal sites of the caller's space. */
import { SiteListSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { toSiteDto } from '../../presenters/site-presenter.js';

/** The sites route (see the file comment). */
export function sitesRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/sites',
      tag: 'map',
      summary: "Depots and disposal sites of the caller's space",
      access: { signedIn: true },
      responses: { 200: { description: 'the sites', schema: SiteListSchema } },
      handler: (req, res) => {
        res.json(ctx.spaces.get(signedInOf(req).spaceId).inventory.sites().map(toSiteDto));
      },
    }),
  ];
}
