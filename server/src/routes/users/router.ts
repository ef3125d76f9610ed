/**
 * People of the caller's space (admins): list the members, add one (a new account or a role here
 * for an existing username), change a member's role or vehicle, remove a member. Every change is
 * in the audit trail.
 */
import { CreateMemberSchema, ErrorEnvelopeSchema, MemberListSchema, MemberSchema, UpdateMemberSchema, UserParamsSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';

/** The users routes (see the file comment). */
export function usersRoutes(ctx: AppContext): ApiRoute[] {
  const vehicleIn = (spaceId: string) => (id: string): boolean => ctx.spaces.get(spaceId).inventory.hasVehicle(id);
  const member = (spaceId: string, userId: string) => ctx.auth.members(spaceId).find((m) => m.id === userId)!;
  return [
    route({
      method: 'get',
      path: '/api/users',
      tag: 'people',
      summary: 'Members of the space with their role',
      access: { permission: 'users:admin' },
      responses: { 200: { description: 'the members', schema: MemberListSchema } },
      handler: (req, res) => {
        res.json(ctx.auth.members(signedInOf(req).spaceId));
      },
    }),
    route({
      method: 'post',
      path: '/api/users',
      tag: 'people',
      summary: 'Add a person to the space',
      access: { permission: 'users:admin' },
      body: { schema: CreateMemberSchema },
      responses: {
        201: { description: 'added', schema: MemberSchema },
        400: { description: 'bad input (a driver needs a vehicle of the space)', schema: ErrorEnvelopeSchema },
        409: { description: 'that username already has a role here', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { body }) => {
        const p = signedInOf(req);
        const id = await ctx.auth.addMember(p, p.spaceId, body, vehicleIn(p.spaceId));
        res.status(201).json(member(p.spaceId, id));
      },
    }),
    route({
      method: 'patch',
      path: '/api/users/:userId',
      tag: 'people',
      summary: "Change a member's role (and vehicle)",
      access: { permission: 'users:admin' },
      params: UserParamsSchema,
      body: { schema: UpdateMemberSchema },
      responses: { 200: { description: 'changed', schema: MemberSchema }, 404: { description: 'not a member of this space', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { params, body }) => {
        const p = signedInOf(req);
        ctx.auth.updateMember(p, p.spaceId, params.userId, body.role, body.vehicleId, vehicleIn(p.spaceId));
        res.json(member(p.spaceId, params.userId));
      },
    }),
    route({
      method: 'delete',
      path: '/api/users/:userId',
      tag: 'people',
      summary: 'Remove a member from the space (their sessions in it end)',
      access: { permission: 'users:admin' },
      params: UserParamsSchema,
      responses: { 204: { description: 'removed' }, 404: { description: 'not a member of this space', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { params }) => {
        const p = signedInOf(req);
        ctx.auth.removeMember(p, p.spaceId, params.userId);
        res.status(204).end();
      },
    }),
  ];
}
