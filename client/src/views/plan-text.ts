/**
 * Sentences about plans and imports that the dashboard shows in its status lines, from the DTOs
 * (pure: no DOM, no map), in the current language.
 */
import type { IngestResult, PlanDto } from '../../../server/contract/index.js';
import { t } from '../i18n/index.js';
import { formatDate } from './format.js';

/**
 * The sentence for a finished plan's notice. The server writes it in English for the known cases
 * (nothing to collect, no route possible), recognised here from the plan's numbers; another
 * notice is shown as the server wrote it.
 */
export function noticeText(plan: Pick<PlanDto, 'notice' | 'date' | 'summary' | 'routes'>): string | null {
  if (plan.notice === null) return null;
  if (plan.summary?.binsSelected === 0) return t('status.nothingToCollect', { date: formatDate(plan.date) });
  if (plan.routes.length === 0) return t('status.noRouteMade', { date: formatDate(plan.date) });
  return plan.notice;
}

/** The one-line summary of a readings import. */
export function importSummary(result: IngestResult): string {
  const parts = [t('readings.inserted', { count: result.inserted }), t('readings.duplicates', { count: result.duplicates })];
  if (result.rejected.length > 0) parts.push(t('readings.rejected', { count: result.rejected.length }));
  return parts.join(', ');
}
