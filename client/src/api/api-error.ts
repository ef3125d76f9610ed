/**
 * Typed client-side errors: one `ApiError` subclass per code of the server's error envelope
 * (`server/contract/errors.ts`), plus `UnexpectedResponseError` when the server answers with
 * something that is not the contract (wrong body shape, network failure).
 */
import { ErrorEnvelopeSchema, type ErrorCode, type Issue } from '../../../server/contract/index.js';

/** Base class of every error thrown by the api module. `status` is the HTTP status (0 = no response). */
export class ApiError extends Error {
  readonly code: ErrorCode | 'unexpected_response';
  readonly status: number;
  readonly issues: readonly Issue[];
  /** Seconds to wait before trying again, from the `Retry-After` header (429); null without one. */
  retryAfterS: number | null = null;

  constructor(code: ErrorCode | 'unexpected_response', status: number, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.issues = issues;
  }
}

/** 400 `invalid_input`: the request failed validation; `issues` lists every problem with its path. */
export class InvalidInputError extends ApiError {}
/** 401 `unauthenticated`: not signed in, or the session expired. */
export class UnauthenticatedError extends ApiError {}
/** 403 `forbidden`: the role may not do this. */
export class ForbiddenError extends ApiError {}
/** 404 `not_found`. */
export class NotFoundError extends ApiError {}
/** 409 `conflict`, e.g. a plan is already being computed for that date. */
export class ConflictError extends ApiError {}
/** 422 `invalid_problem`: the stored data cannot form a valid routing problem. */
export class InvalidProblemError extends ApiError {}
/** 413 `payload_too_large`. */
export class PayloadTooLargeError extends ApiError {}
/** 429 `too_many_requests`: e.g. too many plans queued; try again later. */
export class TooManyRequestsError extends ApiError {}
/** 421 `host_not_allowed`: the server does not answer for the host name used. */
export class HostNotAllowedError extends ApiError {}
/** 500 `internal`: a server bug; the message carries no detail by design. */
export class InternalServerError extends ApiError {}
/** The response is not a contract-conforming body, or the network failed. */
export class UnexpectedResponseError extends ApiError {}

type ApiErrorClass = new (code: ErrorCode, status: number, message: string, issues?: readonly Issue[]) => ApiError;

/** Which subclass each envelope code maps to. */
export const API_ERROR_CLASSES: Readonly<Record<ErrorCode, ApiErrorClass>> = {
  invalid_input: InvalidInputError,
  unauthenticated: UnauthenticatedError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  conflict: ConflictError,
  invalid_problem: InvalidProblemError,
  payload_too_large: PayloadTooLargeError,
  too_many_requests: TooManyRequestsError,
  host_not_allowed: HostNotAllowedError,
  internal: InternalServerError,
};

/**
 * Turns a non-2xx response body into the matching `ApiError` subclass. A body that is not a valid
 * envelope becomes an `UnexpectedResponseError` carrying the status. `retryAfter` is the raw
 * `Retry-After` header (seconds, or an HTTP date resolved against `now`).
 */
export function apiErrorFromBody(status: number, body: unknown, retryAfter: string | null = null, now: () => Date = () => new Date()): ApiError {
  const parsed = ErrorEnvelopeSchema.safeParse(body);
  const error = parsed.success
    ? new API_ERROR_CLASSES[parsed.data.error.code](parsed.data.error.code, status, parsed.data.error.message, parsed.data.error.issues ?? [])
    : new UnexpectedResponseError('unexpected_response', status, `HTTP ${status} without an error envelope`);
  error.retryAfterS = parseRetryAfter(retryAfter, now());
  return error;
}

/** `Retry-After` → seconds: a delay (`120`) or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
