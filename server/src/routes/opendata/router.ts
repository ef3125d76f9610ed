/**
 * Open data (issue #16): `GET /api/opendata/:space/bins.geojson` and `bins.csv`, the space's bins
 * in service with their location and the aggregated fill statistics of the last 8 weeks of
 * history (schema: docs/opendata.md). No personal data, nothing about drivers, trucks, positions
 * or plans. Readable by the space's analysts, managers and admins (`history:read` in that space),
 * and by anyone without login when the space publishes its open data (`PUT /api/desk/opendata`).
 */
import type { Request } from 'express';
import { ErrorEnvelopeSchema } from '../../../contract/index.js';
import { OPEN_DATA_COLUMNS, OpenDataCollectionSchema, OpenDataParamsSchema, OpenDataQuerySchema, type OpenDataCollectionDto } from '../../../contract/desk.js';
import type { AppContext } from '../../app.js';
import { openDataPublic } from '../../db/repositories/history-repository.js';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import { sendCsv } from '../../http/csv-export.js';
import { principalOf, route, type ApiRoute } from '../../http/api.js';
import type { DeskService } from '../../services/desk-service.js';

/** Licence and attribution of the export (positions derive from OpenStreetMap for the sample). */
export const OPEN_DATA_LICENCE = 'ODbL-1.0';
const ATTRIBUTION = '© OpenStreetMap contributors (positions); fill statistics: the collectivité';

/**
 * Checks that the caller may read the open data of `spaceId`.
 * @throws NotFoundError for an unknown space, UnauthenticatedError (anonymous, space not
 *   published), ForbiddenError (signed in elsewhere or without `history:read`).
 */
function checkAccess(ctx: AppContext, req: Request, spaceId: string): void {
  const published = openDataPublic(ctx.db, spaceId);
  if (published === null) throw new NotFoundError(`unknown space '${spaceId.slice(0, 40)}'`);
  if (published) return;
  const p = principalOf(req);
  if (p.kind === 'anonymous') throw new UnauthenticatedError('this space does not publish its open data: sign in');
  if (p.spaceId !== spaceId || !p.permissions.has('history:read')) throw new ForbiddenError('this space does not publish its open data to you');
}

/** The open-data routes (see the file comment). */
export function openDataRoutes(ctx: AppContext, deskOf: (spaceId: string) => DeskService): ApiRoute[] {
  const rowsOf = (spaceId: string): ReturnType<DeskService['openData']> => {
    const d = deskOf(spaceId);
    return d.openData(d.period({}));
  };
  return [
    route<{ space: string }>({
      method: 'get',
      path: '/api/opendata/:space/bins.geojson',
      tag: 'opendata',
      summary: "The space's bins and their fill statistics as GeoJSON (anyone when the space publishes; else its analysts, managers, admins)",
      access: { public: true },
      params: OpenDataParamsSchema,
      responses: {
        200: { description: 'a FeatureCollection of points', schema: OpenDataCollectionSchema, contentType: 'application/geo+json' },
        401: { description: 'not published and not signed in', schema: ErrorEnvelopeSchema },
        403: { description: 'not published and not a reader of that space', schema: ErrorEnvelopeSchema },
        404: { description: 'no such space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        checkAccess(ctx, req, params.space);
        const rows = rowsOf(params.space);
        const body: OpenDataCollectionDto = {
          type: 'FeatureCollection',
          name: `collecte-${params.space}-bins`,
          licence: OPEN_DATA_LICENCE,
          attribution: ATTRIBUTION,
          features: rows.map(({ lng, lat, ...props }) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [lng as number, lat as number] },
            properties: props as OpenDataCollectionDto['features'][number]['properties'],
          })),
        };
        res.setHeader('Content-Type', 'application/geo+json; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${params.space.replace(/[^A-Za-z0-9_-]/g, '_')}-bins.geojson"`);
        res.send(JSON.stringify(body));
      },
    }),
    route<{ space: string }, { sep: ',' | ';' }>({
      method: 'get',
      path: '/api/opendata/:space/bins.csv',
      tag: 'opendata',
      summary: "The space's bins and their fill statistics as CSV (sep=; for French spreadsheets)",
      access: { public: true },
      params: OpenDataParamsSchema,
      query: OpenDataQuerySchema,
      responses: {
        200: { description: 'one row per bin', contentType: 'text/csv' },
        400: { description: 'bad input', schema: ErrorEnvelopeSchema },
        401: { description: 'not published and not signed in', schema: ErrorEnvelopeSchema },
        403: { description: 'not published and not a reader of that space', schema: ErrorEnvelopeSchema },
        404: { description: 'no such space', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params, query }) => {
        checkAccess(ctx, req, params.space);
        const rows = rowsOf(params.space);
        sendCsv(res, `${params.space}-bins`, OPEN_DATA_COLUMNS, rows.map((r) => OPEN_DATA_COLUMNS.map((c) => r[c])), query.sep);
      },
    }),
  ];
}
