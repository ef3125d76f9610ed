/**
 * Street closures and no-go areas of the caller's space: `GET /api/closures[?date=]` lists them
 * (those in force on a day), `POST /api/closures` draws one (a line: a closed street; a polygon:
 * an area) with a label and a validity period, `GET|PUT|DELETE /api/closures/:closureId` reads,
 * changes or removes one. Plans of a day the period meets route around them. A closure of another
 * space is an unknown closure (404).
 */
import {
  ClosureInputSchema,
  ClosureListQuerySchema,
  ClosureListSchema,
  ClosureParamsSchema,
  ClosureSchema,
  ErrorEnvelopeSchema,
} from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import type { ClosureRow } from '../../db/repositories/closures-repository.js';

const toDto = (c: ClosureRow): ClosureRow => ({ id: c.id, label: c.label, kind: c.kind, geometry: c.geometry, validFrom: c.validFrom, validTo: c.validTo, createdAt: c.createdAt });

/** The closures routes (see the file comment). */
export function closuresRoutes(ctx: AppContext): ApiRoute[] {
  const closuresOf = (spaceId: string) => ctx.spaces.get(spaceId).closures;
  return [
    route({
      method: 'get',
      path: '/api/closures',
      tag: 'closures',
      summary: 'Street closures and no-go areas (optionally those in force on a date)',
      access: { permission: 'plans:read' },
      query: ClosureListQuerySchema,
      responses: { 200: { description: 'the closures, earliest first', schema: ClosureListSchema } },
      handler: (req, res, { query }) => {
        res.json(closuresOf(signedInOf(req).spaceId).list(query.date).map(toDto));
      },
    }),
    route({
      method: 'post',
      path: '/api/closures',
      tag: 'closures',
      summary: 'Close a street (LineString) or an area (Polygon) for a period',
      description:
        'A line closes the streets within 8 m of it, both ways; a polygon closes every street with a part inside it. Plans of a day the period meets ' +
        'route around them; a bin whose street is closed is served from the nearest open street within 150 m, or left out with the reason `closed_street`.',
      access: { permission: 'plans:write' },
      body: { schema: ClosureInputSchema },
      responses: {
        201: { description: 'created', schema: ClosureSchema },
        400: { description: 'bad shape, label or period (every problem listed)', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { body }) => {
        const principal = signedInOf(req);
        const row = closuresOf(principal.spaceId).create(body);
        ctx.audit.record(principal, principal.spaceId, 'closure.create', row.id, { label: row.label, kind: row.kind, validFrom: row.validFrom, validTo: row.validTo });
        res.status(201).location(`/api/closures/${row.id}`).json(toDto(row));
      },
    }),
    route({
      method: 'get',
      path: '/api/closures/:closureId',
      tag: 'closures',
      summary: 'One closure',
      access: { permission: 'plans:read' },
      params: ClosureParamsSchema,
      responses: {
        200: { description: 'the closure', schema: ClosureSchema },
        404: { description: 'no such closure in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        res.json(toDto(closuresOf(signedInOf(req).spaceId).get(params.closureId)));
      },
    }),
    route({
      method: 'put',
      path: '/api/closures/:closureId',
      tag: 'closures',
      summary: "Change a closure's label, shape or period",
      access: { permission: 'plans:write' },
      params: ClosureParamsSchema,
      body: { schema: ClosureInputSchema },
      responses: {
        200: { description: 'the closure as changed', schema: ClosureSchema },
        400: { description: 'bad shape, label or period', schema: ErrorEnvelopeSchema },
        404: { description: 'no such closure in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, body }) => {
        const principal = signedInOf(req);
        const row = closuresOf(principal.spaceId).update(params.closureId, body);
        ctx.audit.record(principal, principal.spaceId, 'closure.update', row.id, { label: row.label, validFrom: row.validFrom, validTo: row.validTo });
        res.json(toDto(row));
      },
    }),
    route({
      method: 'delete',
      path: '/api/closures/:closureId',
      tag: 'closures',
      summary: 'Remove a closure (the street is open again)',
      access: { permission: 'plans:write' },
      params: ClosureParamsSchema,
      responses: {
        204: { description: 'removed' },
        404: { description: 'no such closure in this space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const principal = signedInOf(req);
        closuresOf(principal.spaceId).remove(params.closureId);
        ctx.audit.record(principal, principal.spaceId, 'closure.delete', params.closureId);
        res.status(204).end();
      },
    }),
  ];
}
