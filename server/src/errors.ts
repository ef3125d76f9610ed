/**
 * HTTP errors with stable codes from the contract, and the one error middleware that writes
 * every error in the envelope `{error: {code, message, issues?}}`.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ZodError } from 'zod';
import type { ErrorCode, ErrorEnvelope, Issue } from '../contract/index.js';

/** An error that maps to an HTTP status and a contract error code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400 `invalid_input`, listing every problem with its path. */
export class InvalidInputError extends HttpError {
  constructor(issues: Issue[], message = `${issues.length} problem${issues.length === 1 ? '' : 's'}`) {
    super(400, 'invalid_input', message, issues);
  }
}

/** 401 `unauthenticated`. */
export class UnauthenticatedError extends HttpError {
  constructor(message = 'sign in first: no valid session or token') {
    super(401, 'unauthenticated', message);
  }
}

/** 403 `forbidden`. */
export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}

/** 404 `not_found`. */
export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'not_found', message);
  }
}

/** 409 `conflict`, optionally listing the conflicting items with their paths. */
export class ConflictError extends HttpError {
  constructor(message: string, issues?: Issue[]) {
    super(409, 'conflict', message, issues);
  }
}

/** 429 `too_many_requests`, with the seconds after which to try again (`Retry-After`). */
export class TooManyRequestsError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}

/** 421 `host_not_allowed`: the `Host` header names a host this server does not answer for. */
export class HostNotAllowedError extends HttpError {
  constructor(host: string) {
    super(421, 'host_not_allowed', `this server does not answer for the host '${host.slice(0, 100)}'`);
  }
}

/** 422 `invalid_problem`: the solver rejected the problem (ProblemError). */
export class InvalidProblemError extends HttpError {
  constructor(message: string, issues?: Issue[]) {
    super(422, 'invalid_problem', message, issues);
  }
}

/** 413 `payload_too_large`. */
export class PayloadTooLargeError extends HttpError {
  constructor(limit: string) {
    super(413, 'payload_too_large', `request body is larger than ${limit}`);
  }
}

/**
 * Formats a path the way the API reports it: `[3].binId`, `date`, `bins[12].fillLitres`;
 * the empty string is the body itself.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Every zod issue as an API issue (path, message, zod's issue code). */
export function zodIssues(error: ZodError): Issue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code }));
}

/** Answers 404 `not_found` for any `/api/*` request no router handled. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`no route ${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** Body-parser errors carry these fields. */
interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * The error middleware. Known errors keep their status and code; body-parser errors become
 * 413 `payload_too_large` or 400 `invalid_input`; anything else is logged with `log` and answered
 * as a bare 500 `internal` (no stack, SQL or path ever reaches the client).
 */
export function errorMiddleware(log: (line: string) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let http: HttpError;
    const bp = err as BodyParserError;
    if (err instanceof HttpError) http = err;
    else if (bp?.type === 'entity.too.large') http = new PayloadTooLargeError(`${Math.round((bp.limit ?? 0) / 1_048_576)} MB`);
    else if (bp?.type === 'entity.parse.failed') http = new InvalidInputError([{ path: '', message: 'body is not valid JSON' }], 'body is not valid JSON');
    else if (typeof bp?.status === 'number' && bp.status >= 400 && bp.status < 500) {
      http = new InvalidInputError([{ path: '', message: 'request body could not be read' }], 'request body could not be read');
    } else {
      log(`[error] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      http = new HttpError(500, 'internal', 'internal error');
    }
    const body: ErrorEnvelope = { error: { code: http.code, message: http.message, ...(http.issues ? { issues: http.issues } : {}) } };
    if (http instanceof TooManyRequestsError) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(http.retryAfterS))));
    res.status(http.status).json(body);
  };
}
