/** `GET /api/audit?since&limit`: who did what and when in the caller's space, newest first (admins). */
import { AuditListSchema, AuditQuerySchema } from '../../../contract/index.js';
import type { AppContext } from '../../app.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';

/** The audit route (see the file comment). */
export function auditRoutes(ctx: AppContext): ApiRoute[] {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      tag: 'people',
      summary: `The audit trail of the space (kept ${ctx.audit.retentionDays} days)`,
      access: { permission: 'audit:read' },
      query: AuditQuerySchema,
      responses: { 200: { description: 'the events, newest first', schema: AuditListSchema } },
      handler: (req, res, { query }) => {
        const since = query.since ? new Date(query.since).toISOString() : '0000';
        res.json(
          ctx.audit.list(signedInOf(req).spaceId, since, query.limit).map((e) => ({ at: e.at, actorKind: e.actorKind, actorName: e.actorName, action: e.action, target: e.target, detail: e.detail })),
        );
      },
    }),
  ];
}
