/**
 * The Reports section (issue #16, whoever holds `reports:moderate`: managers and admins): the
 * residents' reports sent from the public map, newest first, each with its point, problem,
 * comment, photo and e-mail while it is open; "Accepter" (the point becomes mandatory in the next
 * rounds until it is collected) and "Refuser" (confirmed: the e-mail and photo are erased).
 * Native buttons and a select only; feedback goes to a `role="status"` line.
 */
import type { CitizenReportDto, CitizenReportListDto } from '../../../server/contract/citizens.js';
import * as api from '../api/api-client.js';
import { t } from '../i18n/index.js';
import { confirmDialog } from './dialog.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatInstant } from './format.js';

type Filter = 'open' | 'pending' | 'accepted' | 'rejected' | 'done' | 'all';
const FILTERS: readonly Filter[] = ['open', 'pending', 'accepted', 'rejected', 'done', 'all'];

/** See the file comment. */
export class ReportsPanel {
  readonly element: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly status: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly list: HTMLElement;
  private readonly select: HTMLSelectElement;

  constructor() {
    this.heading = h('h2', { id: 'reports-heading', tabindex: -1 }, t('moderation.heading'));
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'reports-status' });
    this.counts = h('p', { class: 'hint', id: 'reports-counts' });
    this.list = h('ul', { class: 'report-list', id: 'report-list', 'aria-labelledby': 'reports-heading' });
    this.select = h('select', { id: 'reports-filter' }, ...FILTERS.map((f) => h('option', { value: f }, t(`moderation.filters.${f}`))));
    this.select.addEventListener('change', () => void this.refresh());
    const refresh = h('button', { type: 'button', id: 'reports-refresh' }, t('moderation.refresh'));
    refresh.addEventListener('click', () => void this.refresh());
    this.element = h(
      'div',
      { class: 'admin-view reports-view', id: 'reports-view' },
      h(
        'div',
        { class: 'admin-inner' },
        this.heading,
        h('p', { class: 'intro' }, t('moderation.intro')),
        h('div', { class: 'search-row reports-tools' }, h('div', { class: 'field' }, h('label', { for: 'reports-filter' }, t('moderation.filter')), this.select), refresh),
        this.counts,
        this.status,
        this.list,
      ),
    );
  }

  /** Moves the focus to the section's heading (after the section was chosen). */
  focusHeading(): void {
    this.heading.focus();
  }

  /** Loads the reports of the chosen filter and redraws the list. */
  async refresh(): Promise<void> {
    this.status.textContent = t('moderation.loading');
    let data: CitizenReportListDto;
    try {
      data = await api.listCitizenReports(this.select.value as Filter);
    } catch (error) {
      this.status.textContent = describeError(error);
      return;
    }
    this.status.textContent = '';
    this.counts.textContent = t('moderation.counts', data.counts);
    this.list.replaceChildren(...(data.reports.length === 0 ? [h('li', { class: 'empty' }, t('moderation.empty'))] : data.reports.map((r) => this.item(r))));
  }

  private item(r: CitizenReportDto): HTMLElement {
    const actions = h('div', { class: 'report-actions' });
    if (r.status === 'pending') {
      const accept = h('button', { type: 'button', class: 'primary', 'data-accept': r.id, 'aria-label': t('moderation.acceptLabel', { id: r.pointId }) }, t('moderation.accept'));
      accept.addEventListener('click', () => void this.decide(r, 'accept'));
      actions.append(accept);
    }
    if (r.status === 'pending' || r.status === 'accepted') {
      const reject = h('button', { type: 'button', class: 'danger', 'data-reject': r.id, 'aria-label': t('moderation.rejectLabel', { id: r.pointId }) }, t('moderation.reject'));
      reject.addEventListener('click', () => void this.decide(r, 'reject'));
      actions.append(reject);
    }
    const headingId = `report-${r.id}`;
    return h(
      'li',
      { class: 'card report-card', 'data-report-id': r.id, 'data-status': r.status, 'aria-labelledby': headingId },
      h(
        'div',
        { class: 'report-body' },
        h('h3', { id: headingId }, `${t(`moderation.kind.${r.kind}`)} — ${r.pointName}`),
        h('p', {}, r.address ? `${r.address} · ` : '', t('moderation.point', { id: r.pointId }), ' · ', t(`streams.${r.stream}`)),
        h('p', {}, h('span', { class: 'report-status', 'data-status': r.status }, t(`moderation.statusLabel.${r.status}`)), ' · ', t('moderation.received', { when: formatInstant(r.createdAt) })),
        h('p', { class: r.comment ? 'report-comment' : 'muted' }, r.comment ?? t('moderation.noComment')),
        h('p', { class: 'muted' }, r.email ? t('moderation.email', { email: r.email }) : t('moderation.noEmail')),
        actions,
      ),
      r.photoUrl ? h('img', { class: 'report-photo', src: r.photoUrl, alt: t('moderation.photoAlt', { id: r.pointId }), loading: 'lazy' }) : '',
    );
  }

  private async decide(r: CitizenReportDto, decision: 'accept' | 'reject'): Promise<void> {
    if (decision === 'reject' && !(await confirmDialog(t('moderation.confirmReject'), t('moderation.reject')))) return;
    try {
      await api.moderateCitizenReport(r.id, decision);
    } catch (error) {
      this.status.textContent = describeError(error);
      return;
    }
    await this.refresh();
    this.status.textContent = decision === 'accept' ? t('moderation.accepted', { id: r.pointId }) : t('moderation.rejected');
    this.heading.focus();
  }
}
