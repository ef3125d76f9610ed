/**
 * Moderation of citizens' reports (issue #16), for whoever holds `reports:moderate` (the space's
 * managers and admins; never a token: the list shows reporters' e-mails while a report is open):
 * - `GET /api/citizen-reports?status=open|all|pending|accepted|rejected|done`: newest first, with counts;
 * - `POST /api/citizen-reports/:reportId/accept`: the bin becomes `must` in the next plans;
 * - `POST /api/citizen-reports/:reportId/reject`: closed at once, e-mail erased, photo deleted;
 * - `GET /api/citizen-reports/:reportId/photo`: the photo (metadata stripped) while the report is open.
 * Each moderation goes to the audit trail.
 */
import {
  CitizenReportListQuerySchema,
  CitizenReportListSchema,
  CitizenReportParamsSchema,
  CitizenReportSchema,
  type CitizenReportDto,
} from '../../../contract/citizens.js';
import { ErrorEnvelopeSchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import type { CitizenReportRow } from '../../db/repositories/citizen-reports-repository.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { actorName } from '../../auth/principal.js';
import { pointName } from '../../services/public-map-service.js';

/** A stored report as a moderator sees it. */
export function toCitizenReportDto(r: CitizenReportRow, addresses: ReadonlyMap<string, { address: string }>): CitizenReportDto {
  return {
    id: r.id,
    pointId: r.binId,
    stream: r.stream,
    pointName: pointName(r),
    address: addresses.get(r.binId)?.address ?? '',
    kind: r.kind,
    comment: r.comment,
    email: r.email,
    photoUrl: r.hasPhoto ? `/api/citizen-reports/${encodeURIComponent(r.id)}/photo` : null,
    status: r.status,
    createdAt: r.createdAt,
    moderatedAt: r.moderatedAt,
    closedAt: r.closedAt,
  };
}

/** The moderation routes (see the file comment). */
export function citizenReportsRoutes(ctx: AppContext): ApiRoute[] {
  const notFound = { description: 'no such report in this space', schema: ErrorEnvelopeSchema };
  const decide = (decision: 'accept' | 'reject'): ApiRoute =>
    route({
      method: 'post',
      path: `/api/citizen-reports/:reportId/${decision}`,
      tag: 'citizen-reports',
      summary:
        decision === 'accept'
          ? 'Accept a citizens’ report: its bin is must in the next plans (reason citizen_report) until it is collected'
          : 'Reject a citizens’ report (closed: e-mail and photo erased)',
      access: { permission: 'reports:moderate' },
      params: CitizenReportParamsSchema,
      responses: {
        200: { description: 'the report', schema: CitizenReportSchema },
        404: notFound,
        409: { description: 'the report is not in a state that allows it', schema: ErrorEnvelopeSchema },
      },
      handler: (req, res, { params }) => {
        const p = signedInOf(req);
        const space = ctx.spaces.get(p.spaceId);
        const by = actorName(p);
        const row = decision === 'accept' ? space.citizenReports.accept(params.reportId, by) : space.citizenReports.reject(params.reportId, by);
        ctx.audit.record(p, p.spaceId, `citizen_report.${decision}`, row.id, { point: row.binId, kind: row.kind });
        res.json(toCitizenReportDto(row, space.publicMap.labels()));
      },
    });
  return [
    route({
      method: 'get',
      path: '/api/citizen-reports',
      tag: 'citizen-reports',
      summary: 'Citizens’ reports of the space, newest first, with the counts per status',
      access: { permission: 'reports:moderate' },
      query: CitizenReportListQuerySchema,
      responses: { 200: { description: 'the reports', schema: CitizenReportListSchema } },
      handler: (req, res, { query }) => {
        const space = ctx.spaces.get(signedInOf(req).spaceId);
        const { counts, reports } = space.citizenReports.list(query.status, query.limit);
        const labels = space.publicMap.labels();
        res.setHeader('Cache-Control', 'no-store');
        res.json({ counts, reports: reports.map((r) => toCitizenReportDto(r, labels)) });
      },
    }),
    decide('accept'),
    decide('reject'),
    route({
      method: 'get',
      path: '/api/citizen-reports/:reportId/photo',
      tag: 'citizen-reports',
      summary: 'The photo of an open citizens’ report (metadata stripped)',
      access: { permission: 'reports:moderate' },
      params: CitizenReportParamsSchema,
      responses: { 200: { description: 'the image', contentType: 'image/jpeg' }, 404: notFound },
      handler: (req, res, { params }) => {
        const photo = ctx.spaces.get(signedInOf(req).spaceId).citizenReports.photo(params.reportId);
        res.setHeader('Content-Type', photo.type);
        res.setHeader('Cache-Control', 'private, no-store');
        res.send(photo.bytes);
      },
    }),
  ];
}
