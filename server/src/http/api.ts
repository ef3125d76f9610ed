/**
 * The route table of the API: every endpoint is declared once, with its method and path, its
 * access rule, its inputs (path, query and body schemas from the contract) and its answers. From
 * that one table come the Express router (inputs validated, every problem listed in one 400; the
 * access rule checked before the handler runs), the OpenAPI 3.1 document (`openapi.ts`) and the
 * access-matrix test. A route cannot exist without an access rule.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Issue, Permission } from '../../contract/index.js';
import { AuthService } from '../auth/auth-service.js';
import { ANONYMOUS, type Principal, type TokenPrincipal, type UserPrincipal } from '../auth/principal.js';
import { ForbiddenError, InvalidInputError, UnauthenticatedError, zodIssues } from '../errors.js';

/**
 * Who may call a route: anyone (`public`); any signed-in person or token (`signedIn`); a signed-in
 * person only, not a token (`session`); or whoever holds a permission (a role that grants it, or a
 * token with it as a scope).
 */
export type Access = { readonly public: true } | { readonly signedIn: true } | { readonly session: true } | { readonly permission: Permission };

/** An answer of a route, for the OpenAPI document. */
export interface ApiResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
  /** Default `application/json` when there is a schema. */
  readonly contentType?: string;
}

/** Inputs validated before the handler runs. */
export interface ApiInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One endpoint (see the file comment). */
export interface ApiRoute<P = unknown, Q = unknown, B = unknown> {
  readonly method: Method;
  /** Express path, e.g. `/api/plans/:planId`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** Groups routes in the document (bins, readings, plans, session...). */
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  /**
   * The body: a schema validated before the handler (JSON), or only documented (`validate: false`)
   * when the handler reads it itself (streamed CSV, several formats).
   */
  readonly body?: { readonly schema?: z.ZodType<B>; readonly contentTypes?: readonly string[]; readonly validate?: boolean; readonly description?: string };
  readonly responses: Readonly<Record<number, ApiResponse>>;
  readonly handler: (req: Request, res: Response, input: ApiInput<P, Q, B>) => void | Promise<void>;
}

/** Declares a route (keeps the inferred input types). */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(r: ApiRoute<P, Q, B>): ApiRoute {
  return r as unknown as ApiRoute;
}

/** The principal of a request (anonymous when none). */
export function principalOf(req: Request): Principal {
  return req.principal ?? ANONYMOUS;
}

/** The principal of a route that requires a signed-in person (`session` access). */
export function userOf(req: Request): UserPrincipal {
  const p = principalOf(req);
  if (p.kind !== 'user') throw new UnauthenticatedError('sign in first');
  return p;
}

/** The principal of a route that requires a signed-in person or a token. */
export function signedInOf(req: Request): UserPrincipal | TokenPrincipal {
  const p = principalOf(req);
  if (p.kind === 'anonymous') throw new UnauthenticatedError();
  return p;
}

/**
 * The access check of a route: 401 without a principal (or a token where a person is required),
 * 403 for a cookie-authenticated write without its CSRF token, 403 without the permission.
 */
export function authorize(access: Access): RequestHandler {
  return (req, _res, next) => {
    if ('public' in access) return next();
    const p = principalOf(req);
    if (p.kind === 'anonymous') return next(new UnauthenticatedError());
    if ('session' in access && p.kind !== 'user') return next(new UnauthenticatedError('this needs a signed-in person, not a token'));
    if (!AuthService.csrfOk(p, req.method, req.get('x-csrf-token'))) {
      return next(new ForbiddenError('missing or wrong X-CSRF-Token header: send the csrfToken that GET /api/session returns'));
    }
    if ('permission' in access && !p.permissions.has(access.permission)) {
      return next(new ForbiddenError(p.kind === 'token' ? `this token lacks the scope ${access.permission}` : `the role ${p.role} may not do this (it needs ${access.permission})`));
    }
    next();
  };
}

/** Parses the inputs a route declares; throws one InvalidInputError listing every problem. */
function parseInputs(r: ApiRoute, req: Request): ApiInput<unknown, unknown, unknown> {
  const issues: Issue[] = [];
  const parse = (schema: z.ZodType | undefined, value: unknown, prefix: string): unknown => {
    if (!schema) return value;
    const out = schema.safeParse(value);
    if (out.success) return out.data;
    for (const i of zodIssues(out.error)) issues.push({ ...i, path: prefix && i.path ? `${prefix}.${i.path}` : prefix || i.path });
    return undefined;
  };
  const params = parse(r.params, req.params, '');
  const query = parse(r.query, req.query, '');
  const body = r.body?.schema && r.body.validate !== false ? parse(r.body.schema, req.body ?? {}, '') : req.body;
  if (issues.length > 0) throw new InvalidInputError(issues);
  return { params, query, body };
}

/** The Express router of a route table: each route gets its access check, input validation and handler. */
export function apiRouter(routes: readonly ApiRoute[]): Router {
  const router = Router();
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.method.toUpperCase()} ${r.path}`;
    if (seen.has(key)) throw new Error(`route ${key} is declared twice`);
    seen.add(key);
    router[r.method](r.path, authorize(r.access), async (req, res) => {
      await r.handler(req, res, parseInputs(r, req));
    });
  }
  return router;
}
