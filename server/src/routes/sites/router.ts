/** `GET /api/sites`: the depots and disposal sites of the caller's space; `GET /api/vehicles`: its vehicles. */
import { SiteListSchema, VehicleListSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { toSiteDto } from '../../presenters/site-presenter.js';

/** The sites and vehicles routes (see the file comment). */
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
    route({
      method: 'get',
      path: '/api/vehicles',
      tag: 'map',
      summary: "Vehicles of the caller's space (streams, capacity, shift)",
      access: { signedIn: true },
      responses: { 200: { description: 'the vehicles', schema: VehicleListSchema } },
      handler: (req, res) => {
        res.json(
          ctx.spaces
            .get(signedInOf(req).spaceId)
            .inventory.vehicles()
            .map((v) => ({ id: v.id, name: v.name, type: v.type, streams: v.streams, capacityLitres: v.capacityLitres, capacityKg: v.capacityKg, shiftStart: v.shiftStart, shiftEnd: v.shiftEnd })),
        );
      },
    }),
  ];
}
