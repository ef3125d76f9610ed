/**
 * The planned-visits block of the dashboard's side panel (issue #17): a checkbox that shows the map
 * layer of the areas coloured by their next planned visit day, the accepted overflow risk, the
 * legend of the days, a one-line summary of today, and the same plan as a table (per day the
 * areas, streams and bins to take) for keyboard and screen-reader users. It only renders and
 * reports intents; the dashboard loads the plan and draws the layer.
 */
import { DEFAULT_HORIZON_RISK_PERCENT, STREAM_VALUES, type HorizonDto } from '../../../server/contract/index.js';
import { locale, t } from '../i18n/index.js';
import { DEFAULT_HORIZON_STREAM, HORIZON_DAY_COLORS, HORIZON_LATER_COLOR, horizonRows, type HorizonStreamChoice } from '../map/horizon-sources.js';
import { h } from './dom.js';
import { formatNumber, formatPercent } from './format.js';
import { streamLabel } from './labels.js';
import type { StatusKind } from './side-panel.js';

/** Risks offered, percent. */
export const HORIZON_RISK_CHOICES = [1, 2, 5, 10, 20, 30, 40] as const;

/** The intents of the block. */
export interface HorizonPanelCallbacks {
  onToggle: (visible: boolean) => void;
  onRiskChange: (riskPercent: number) => void;
  onStreamChange: (stream: HorizonStreamChoice) => void;
  /** Compute the day's rounds with the bins the planned visits take today (managers only). */
  onComputeFromHorizon?: (riskPercent: number) => void;
}

/** `lun. 30/11` (French) or `Mon 30/11` (English) of a calendar date. */
export function horizonDayLabel(date: string): string {
  return new Intl.DateTimeFormat(locale(), { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** Renders the block; {@link show} fills it with a plan. */
export class HorizonPanel {
  readonly element: HTMLElement;
  private readonly checkbox: HTMLInputElement;
  private readonly riskSelect: HTMLSelectElement;
  private readonly streamSelect: HTMLSelectElement;
  private readonly body: HTMLElement;
  private readonly status: HTMLElement;
  private readonly computeButton: HTMLButtonElement | null;

  constructor(callbacks: HorizonPanelCallbacks) {
    this.checkbox = h('input', { type: 'checkbox', id: 'toggle-horizon', 'aria-describedby': 'horizon-hint' });
    this.riskSelect = h('select', { id: 'horizon-risk' });
    for (const r of HORIZON_RISK_CHOICES) {
      this.riskSelect.append(h('option', { value: String(r), selected: r === DEFAULT_HORIZON_RISK_PERCENT }, t('horizon.riskOption', { percent: formatPercent(r) })));
    }
    this.riskSelect.disabled = true;
    this.streamSelect = h('select', { id: 'horizon-stream', disabled: true });
    for (const s of [...STREAM_VALUES, 'all' as const]) {
      this.streamSelect.append(h('option', { value: s, selected: s === DEFAULT_HORIZON_STREAM }, s === 'all' ? t('horizon.allStreams') : streamLabel(s)));
    }
    this.streamSelect.addEventListener('change', () => callbacks.onStreamChange(this.streamSelect.value as HorizonStreamChoice));
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.body = h('div', { class: 'horizon-body', id: 'horizon-body' });
    this.checkbox.addEventListener('change', () => {
      this.riskSelect.disabled = !this.checkbox.checked;
      this.streamSelect.disabled = !this.checkbox.checked;
      this.body.hidden = !this.checkbox.checked;
      callbacks.onToggle(this.checkbox.checked);
    });
    this.riskSelect.addEventListener('change', () => callbacks.onRiskChange(Number(this.riskSelect.value)));
    this.body.hidden = true;
    this.computeButton = callbacks.onComputeFromHorizon ? h('button', { type: 'button', id: 'compute-horizon-plan' }, t('horizon.compute')) : null;
    this.computeButton?.addEventListener('click', () => callbacks.onComputeFromHorizon?.(this.riskPercent));
    this.element = h(
      'section',
      { class: 'horizon', 'aria-labelledby': 'horizon-heading' },
      h('h2', { id: 'horizon-heading' }, t('horizon.heading')),
      h('label', { for: 'toggle-horizon', class: 'horizon-toggle' }, this.checkbox, h('span', {}, t('horizon.layer'))),
      h('p', { class: 'hint', id: 'horizon-hint' }, t('horizon.hint')),
      h('div', { class: 'control-row' }, h('label', { for: 'horizon-risk', class: 'control-label' }, t('horizon.risk')), this.riskSelect),
      h('div', { class: 'control-row' }, h('label', { for: 'horizon-stream', class: 'control-label' }, t('horizon.streamShown')), this.streamSelect),
      this.status,
      this.body,
    );
  }

  /** Whether the layer is shown. */
  get visible(): boolean {
    return this.checkbox.checked;
  }

  /** The stream the map shows. */
  get stream(): HorizonStreamChoice {
    return this.streamSelect.value as HorizonStreamChoice;
  }

  /** The risk chosen, percent. */
  get riskPercent(): number {
    return Number(this.riskSelect.value);
  }

  setStatus(text: string, kind: StatusKind = 'info'): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  /** Shows a plan: legend of the days, today's summary, the table of visits. */
  show(plan: HorizonDto): void {
    const legend = h(
      'div',
      { class: 'legend horizon-legend', role: 'group', 'aria-label': t('horizon.legendLabel') },
      ...plan.days.map((d, i) => legendItem(HORIZON_DAY_COLORS[i] ?? HORIZON_LATER_COLOR, horizonDayLabel(d.date))),
      legendItem(HORIZON_LATER_COLOR, t('horizon.later')),
    );
    const today = plan.days[0]?.visits ?? [];
    const summary = h(
      'p',
      { class: 'horizon-summary' },
      t('horizon.summary', {
        areas: formatNumber(new Set(today.map((v) => v.areaId)).size),
        bins: formatNumber(plan.today.length),
        visits: formatNumber(plan.days.reduce((n, d) => n + d.visits.length, 0)),
        days: formatNumber(plan.days.length),
      }),
    );
    const rows = horizonRows(plan);
    const table = h(
      'table',
      { class: 'horizon-table' },
      h('caption', {}, t('horizon.tableCaption', { percent: formatPercent(plan.riskPercent) })),
      h('thead', {}, h('tr', {}, ...[t('horizon.day'), t('horizon.area'), t('horizon.stream'), t('horizon.bins')].map((label) => h('th', { scope: 'col' }, label)))),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h(
            'tr',
            { 'data-day': r.date },
            h('th', { scope: 'row' }, h('span', { class: 'dot', style: `background:${HORIZON_DAY_COLORS[r.dayIndex] ?? HORIZON_LATER_COLOR}`, 'aria-hidden': 'true' }), horizonDayLabel(r.date)),
            h('td', {}, h('code', {}, r.areaId)),
            h('td', {}, streamLabel(r.stream)),
            h('td', {}, t('horizon.binCount', { count: r.binIds.length }), h('small', { class: 'bin-ids' }, r.binIds.join(', '))),
          ),
        ),
      ),
    );
    this.body.replaceChildren(
      legend,
      summary,
      ...(this.computeButton ? [this.computeButton] : []),
      rows.length > 0 ? h('details', { class: 'horizon-details' }, h('summary', {}, t('horizon.tableSummary')), h('div', { class: 'table-scroll' }, table)) : h('p', { class: 'empty' }, t('horizon.noVisit')),
    );
  }
}

function legendItem(color: string, label: string): HTMLElement {
  return h('span', { class: 'legend-item' }, h('span', { class: 'dot', style: `background:${color}`, 'aria-hidden': 'true' }), label);
}
