/**
 * What to tell a person about a failed request: the API error code translated (the server's
 * message only when the code has no text), the wait of a 429 from its `Retry-After`, and the
 * problems of a 400 with the field names of the form that sent it.
 */
import { ApiError } from '../api/api-error.js';
import { t } from '../i18n/index.js';
import { formatWait } from './format.js';

/** Form field labels by issue path (`username`, `vehicleId`...), to name the fields of a 400. */
export type FieldLabels = Readonly<Record<string, string>>;

/** The sentence for an API error code (`errors.<code>`), or `fallback` for a code without one. */
export function errorCodeText(code: string, fallback: string): string {
  return t(`errors.${code}` as 'errors.internal', { defaultValue: fallback });
}

/**
 * A translated sentence for any error thrown by the api module (or anything else). A network
 * failure (status 0) says the server cannot be reached; a 429 says how long to wait; a 400 lists
 * its problems, each with the field's label when `fields` names it.
 */
export function describeError(error: unknown, fields: FieldLabels = {}): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'unexpected_response' && error.status === 0) return t('errors.network');
  if (error.code === 'too_many_requests' && error.retryAfterS !== null) return t('errors.too_many_requests_wait', { wait: formatWait(error.retryAfterS) });
  const text = errorCodeText(error.code, error.message);
  if (error.issues.length === 0) return text;
  const issues = error.issues.map((issue) => t('errors.issue', { field: fields[issue.path] ?? (issue.path || t('common.dash')), message: issue.message }));
  return `${text} ${issues.join(' · ')}`;
}
