/**
 * The OpenAPI 3.1 document of the API, generated from the route table (`api.ts`) and the zod
 * contract with zod-openapi: paths, parameters, bodies, answers, and who may call each operation
 * (its security requirements and the `x-permission` it needs).
 */
import { createDocument } from 'zod-openapi';
import type { ZodObject } from 'zod';
import { ErrorEnvelopeSchema, TOKEN_SCOPES, type Permission } from '../../contract/index.js';
import type { ApiRoute } from './api.js';

/** Express `/api/plans/:planId` → OpenAPI `/api/plans/{planId}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const TOKEN_SCOPE_SET = new Set<Permission>(TOKEN_SCOPES);

/** The document for a route table. */
export function openApiDocument(routes: readonly ApiRoute[], version: string): ReturnType<typeof createDocument> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const security =
      'public' in r.access
        ? []
        : 'session' in r.access
          ? [{ session: [] }]
          : 'permission' in r.access && !TOKEN_SCOPE_SET.has(r.access.permission)
            ? [{ session: [] }]
            : [{ session: [] }, { bearer: [] }];
    const responses: Record<string, unknown> = {};
    for (const [status, resp] of Object.entries(r.responses)) {
      responses[status] = resp.schema ? { description: resp.description, content: { [resp.contentType ?? 'application/json']: { schema: resp.schema } } } : { description: resp.description };
    }
    if (!('public' in r.access)) {
      responses['401'] ??= { description: 'not signed in (no valid session cookie or token)', content: { 'application/json': { schema: ErrorEnvelopeSchema } } };
      responses['403'] ??= { description: 'the role or token may not do this, or the X-CSRF-Token header is missing', content: { 'application/json': { schema: ErrorEnvelopeSchema } } };
    }
    const content: Record<string, unknown> = {};
    for (const ct of r.body?.contentTypes ?? ['application/json']) content[ct] = r.body?.schema && ct.includes('json') ? { schema: r.body.schema } : {};
    const op: Record<string, unknown> = {
      operationId: `${r.method}${openApiPath(r.path).replace(/[{}]/g, '').replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      security,
      'x-permission': 'permission' in r.access ? r.access.permission : 'public' in r.access ? 'public' : 'session' in r.access ? 'signed-in person' : 'signed-in',
      ...(r.params || r.query ? { requestParams: { ...(r.params ? { path: r.params as unknown as ZodObject } : {}), ...(r.query ? { query: r.query as unknown as ZodObject } : {}) } } : {}),
      ...(r.body ? { requestBody: { ...(r.body.description ? { description: r.body.description } : {}), content } } : {}),
      responses,
    };
    (paths[openApiPath(r.path)] ??= {})[r.method] = op;
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Collecte API',
      version,
      description:
        'Sensor-driven waste-collection rounds. Sign in with POST /api/session (a session cookie; writes then carry the X-CSRF-Token header), ' +
        'or send a machine token as Authorization: Bearer <token>. Every error is {"error":{"code","message","issues"?}}.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'collecte_session', description: 'The session cookie set by POST /api/session; writes also need the X-CSRF-Token header.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'A machine token of one space (clt_...), created by an admin; its scopes are permissions.' },
      },
    },
    paths: paths as never,
  });
}
