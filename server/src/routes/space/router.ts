/** `GET /api/space`: the caller's space; `PATCH /api/space`: its name, communes and time zone (admins). */
import { ErrorEnvelopeSchema, SpaceSchema, UpdateSpaceSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { spaceDto } from '../../auth/auth-service.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';

/** The space routes (see the file comment). */
export function spaceRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/space',
      tag: 'space',
      summary: "The caller's space",
      access: { signedIn: true },
      responses: { 200: { description: 'the space', schema: SpaceSchema } },
      handler: (req, res) => {
        res.json(spaceDto(ctx.spaces.get(signedInOf(req).spaceId).space));
      },
    }),
    route({
      method: 'patch',
      path: '/api/space',
      tag: 'space',
      summary: "Change the space's name, communes and time zone",
      access: { permission: 'space:admin' },
      body: { schema: UpdateSpaceSchema },
      responses: { 200: { description: 'changed', schema: SpaceSchema }, 400: { description: 'bad input', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { body }) => {
        const p = signedInOf(req);
        const updated = ctx.spaces.update(p.spaceId, body);
        ctx.audit.record(p, p.spaceId, 'space.update', p.spaceId, body);
        res.json(spaceDto(updated));
      },
    }),
  ];
}
