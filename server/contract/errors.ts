/**
 * The closed list of API error codes and the single error envelope every error response uses:
 * `{ error: { code, message, issues? } }`.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_input',
  /** 401: no valid session cookie or token. */
  'unauthenticated',
  /** 403: signed in, but the role or token may not do this (or the CSRF token is missing). */
  'forbidden',
  'not_found',
  'conflict',
  'invalid_problem',
  'payload_too_large',
  /** 429: too many plans pending; `Retry-After` says when to try again. */
  'too_many_requests',
  /** 421: the request's `Host` is not one this server answers for (DNS-rebinding guard). */
  'host_not_allowed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem in a request, with the JSON path of the offending field (e.g. `[3].fillPercent`). */
export const IssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  /** Machine-readable kind of problem: a zod issue code (`too_big`, `invalid_type`, ...) or `unknown_bin`. */
  code: z.string().optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

export const ErrorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(IssueSchema).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;
