/**
 * The inventory of the caller's space (issue #14, item 6):
 * - `GET /api/inventory`: its bins, depots and disposal sites, vehicles;
 * - `POST /api/inventory/{bins|sites|vehicles}`: add one (or bring back a retired one);
 * - `PUT /api/inventory/{kind}/:id`: change one (the id stays);
 * - `DELETE /api/inventory/{kind}/:id`: retire one (stored plans, readings and alerts keep it);
 * - `POST /api/inventory/{kind}/import[?dryRun=true][&mode=replace]`: a CSV (`text/csv`) or GeoJSON
 *   (`application/geo+json` or `application/json`) file; `dryRun=true` answers the preview, without
 *   it the file is applied all or nothing (400 listing every refused row, nothing written).
 * Reading needs `bins:read`; every change `inventory:write` (managers and admins) and goes to the
 * audit trail.
 */
import type { Request } from 'express';
import {
  ErrorEnvelopeSchema,
  ImportResultSchema,
  INVENTORY_ITEM_SCHEMAS,
  INVENTORY_KINDS,
  InventoryImportQuerySchema,
  InventoryItemParamsSchema,
  InventorySchema,
  MAX_INVENTORY_IMPORT_BYTES,
  type InventoryImportQuery,
  type InventoryKind,
} from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { InvalidInputError, PayloadTooLargeError } from '../../errors.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import type { ImportSource } from '../../services/inventory-service.js';

const WORD: Record<InventoryKind, string> = { bins: 'bin', sites: 'depot or disposal site', vehicles: 'vehicle' };

/** The body of an import as a file: CSV text, or a GeoJSON document. @throws InvalidInputError / PayloadTooLargeError. */
async function importSource(req: Request, format: InventoryImportQuery['format']): Promise<ImportSource> {
  if (req.body !== undefined && typeof req.body === 'object' && req.is('application/json')) return { format: 'geojson', doc: req.body };
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > MAX_INVENTORY_IMPORT_BYTES) throw new PayloadTooLargeError(`${MAX_INVENTORY_IMPORT_BYTES / 1_048_576} MB`);
    parts.push(chunk);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(parts));
  } catch {
    throw new InvalidInputError([{ path: '', message: 'the file is not UTF-8: save it as "CSV UTF-8" (with or without BOM)', code: 'encoding' }], 'the file is not UTF-8');
  }
  const geo = format === 'geojson' || (format === undefined && typeof req.is('application/geo+json') === 'string');
  if (!geo) {
    if (format === undefined && !req.is('text/csv') && !req.is('application/csv') && !req.is('text/plain')) {
      throw new InvalidInputError([{ path: '', message: 'send CSV (Content-Type: text/csv) or GeoJSON (application/geo+json or application/json), or say ?format=' }], 'unsupported Content-Type');
    }
    return { format: 'csv', text };
  }
  try {
    return { format: 'geojson', doc: JSON.parse(text.replace(/^\ufeff/, '')) };
  } catch {
    throw new InvalidInputError([{ path: '', message: 'the body is not valid JSON' }], 'the body is not valid JSON');
  }
}

/** The inventory routes (see the file comment). */
export function inventoryRoutes(ctx: AppContext): ApiRoute[] {
  const perKind = INVENTORY_KINDS.flatMap((kind): ApiRoute[] => [
    route({
      method: 'post',
      path: `/api/inventory/${kind}`,
      tag: 'inventory',
      summary: `Add a ${WORD[kind]} (or bring back a retired one)`,
      access: { permission: 'inventory:write' },
      body: { schema: INVENTORY_ITEM_SCHEMAS[kind] as never, validate: false },
      responses: {
        201: { description: 'added', schema: INVENTORY_ITEM_SCHEMAS[kind] },
        400: { description: 'bad input, every field listed', schema: ErrorEnvelopeSchema },
        409: { description: 'the id is in use', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res) => {
        const p = signedInOf(req);
        const item = ctx.spaces.get(p.spaceId).inventory.create(kind, req.body);
        ctx.audit.record(p, p.spaceId, 'inventory.create', `${kind}/${item.id}`);
        res.status(201).json(item);
      },
    }),
    route({
      method: 'put',
      path: `/api/inventory/${kind}/:id`,
      tag: 'inventory',
      summary: `Change a ${WORD[kind]} (the id stays; stored plans keep what they were made with)`,
      access: { permission: 'inventory:write' },
      params: InventoryItemParamsSchema,
      body: { schema: INVENTORY_ITEM_SCHEMAS[kind] as never, validate: false },
      responses: {
        200: { description: 'changed', schema: INVENTORY_ITEM_SCHEMAS[kind] },
        400: { description: 'bad input, every field listed', schema: ErrorEnvelopeSchema },
        404: { description: `no such ${WORD[kind]} in this space`, schema: ErrorEnvelopeSchema },
        409: { description: 'the change would leave the space without a depot or disposal site', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const p = signedInOf(req);
        const item = ctx.spaces.get(p.spaceId).inventory.update(kind, params.id, req.body);
        ctx.audit.record(p, p.spaceId, 'inventory.update', `${kind}/${item.id}`);
        res.json(item);
      },
    }),
    route({
      method: 'delete',
      path: `/api/inventory/${kind}/:id`,
      tag: 'inventory',
      summary: `Retire a ${WORD[kind]} (kept for the plans, readings and alerts that name it)`,
      access: { permission: 'inventory:write' },
      params: InventoryItemParamsSchema,
      responses: {
        204: { description: 'retired' },
        404: { description: `no such ${WORD[kind]} in this space`, schema: ErrorEnvelopeSchema },
        409: { description: 'the last depot, disposal site or vehicle, or the vehicle of a driver', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const p = signedInOf(req);
        ctx.spaces.get(p.spaceId).inventory.retire(kind, params.id);
        ctx.audit.record(p, p.spaceId, 'inventory.retire', `${kind}/${params.id}`);
        res.status(204).end();
      },
    }),
    route({
      method: 'post',
      path: `/api/inventory/${kind}/import`,
      tag: 'inventory',
      summary: `Import ${kind} from CSV or GeoJSON: preview with dryRun=true, then apply all or nothing`,
      description: 'Columns and examples: docs/inventory-import.md.',
      access: { permission: 'inventory:write' },
      query: InventoryImportQuerySchema,
      body: {
        validate: false,
        contentTypes: ['text/csv', 'application/geo+json', 'application/json'],
        description: 'CSV (comma, semicolon or tab; UTF-8 with or without BOM; decimal comma accepted) or a GeoJSON FeatureCollection of Points (properties as columns).',
      },
      responses: {
        200: { description: 'the preview (dryRun=true, with every refused row) or what was applied', schema: ImportResultSchema },
        400: { description: 'applying a file with refused rows (each listed with its line or feature and column): nothing written', schema: ErrorEnvelopeSchema },
        413: { description: 'the file is too large', schema: ErrorEnvelopeSchema },
      },
      handler: async (req, res, { query }) => {
        const p = signedInOf(req);
        const q = query as InventoryImportQuery;
        const source = await importSource(req, q.format);
        const result = await ctx.spaces.get(p.spaceId).inventory.import(kind, source, q.mode, q.dryRun);
        if (result.applied) {
          ctx.audit.record(p, p.spaceId, 'inventory.import', kind, { mode: q.mode, created: result.create.length, updated: result.update.length, retired: result.retire.length });
        }
        res.json(result);
      },
    }),
  ]);
  return [
    route({
      method: 'get',
      path: '/api/inventory',
      tag: 'inventory',
      summary: "The space's bins, depots and disposal sites, and vehicles (retired ones left out)",
      access: { permission: 'bins:read' },
      responses: { 200: { description: 'the inventory', schema: InventorySchema } },
      handler: (req, res) => {
        res.json(ctx.spaces.get(signedInOf(req).spaceId).inventory.list());
      },
    }),
    ...perKind,
  ];
}
