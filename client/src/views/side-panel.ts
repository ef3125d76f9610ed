/**
 * The side panel: date picker and, for roles that may plan, the "Calculer les tournées" button;
 * status line; layer toggles and legend; for roles that may send readings, the CSV import; the
 * plan's head (title, the extras the dashboard gives: shortfall, day status with Publish,
 * downloads; then the summary with disposal trips, break time and cost); then, below what the
 * dashboard mounts between them (plan editor, closures), one row per route (colour, vehicle,
 * streams, km, duration, stops, its disposal visits and breaks with their times, load bars) and
 * the bins left out. It only renders and reports user intents through callbacks.
 */
import type { PlanDto } from '../../../server/contract/index.js';
import { loadBarData, renderLoadBar, type LoadBarDatum } from '../charts/load-bar.js';
import { t } from '../i18n/index.js';
import { FILL_COLORS, FILL_THRESHOLDS_PERCENT, NO_READING_COLOR } from '../map/fill-color-scale.js';
import type { LayerGroup } from '../map/map-style.js';
import type { Capabilities } from './access.js';
import { h } from './dom.js';
import { formatDate, formatDuration, formatEuros, formatHours, formatInstant, formatKg, formatKm, formatLitres, formatNumber, formatPercent, formatRouteDay } from './format.js';
import { streamLabel, unassignedReasonLabel } from './labels.js';

/** The intents the side panel reports (the dashboard acts on them). */
export interface SidePanelCallbacks {
  onCompute: (date: string) => void;
  onDateChange: (date: string) => void;
  onSelectRoute: (routeId: string | null) => void;
  onSelectBin: (binId: string) => void;
  onToggleLayer: (group: LayerGroup, visible: boolean) => void;
  /** A CSV file of readings to import. */
  onUpload: (file: File) => void;
}

/** How a status line reads: plain, work in progress (controls disabled), or an error. */
export type StatusKind = 'info' | 'busy' | 'error';

/** Renders into `root` and keeps references to the parts that change. */
export class SidePanel {
  private readonly dateInput: HTMLInputElement;
  private readonly computeButton: HTMLButtonElement | null;
  private readonly status: HTMLElement;
  private readonly planSection: HTMLElement;
  private readonly roundsSection: HTMLElement;
  private readonly importButton: HTMLButtonElement | null = null;
  private readonly importStatus: HTMLElement | null = null;
  private selectedRouteId: string | null = null;
  private readonly legend: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly callbacks: SidePanelCallbacks,
    initialDate: string,
    private readonly can: Pick<Capabilities, 'computePlans' | 'uploadReadings'>,
  ) {
    this.dateInput = h('input', { type: 'date', id: 'plan-date', value: initialDate });
    this.computeButton = can.computePlans ? h('button', { type: 'button', id: 'compute-plan', class: 'primary' }, t('panel.compute')) : null;
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.planSection = h('section', { class: 'plan' });
    this.roundsSection = h('section', { class: 'plan plan-rounds' });
    this.dateInput.addEventListener('change', () => callbacks.onDateChange(this.dateInput.value));
    this.computeButton?.addEventListener('click', () => callbacks.onCompute(this.dateInput.value));

    const toggles = h('fieldset', { class: 'toggles' }, h('legend', {}, t('panel.layers')));
    const groups: [LayerGroup, string][] = [
      ['bins', t('panel.layerBins')],
      ['cells', t('panel.layerCells')],
      ['routes', t('panel.layerRoutes')],
    ];
    for (const [group, label] of groups) {
      const box = h('input', { type: 'checkbox', id: `toggle-${group}`, checked: true });
      box.addEventListener('change', () => callbacks.onToggleLayer(group, box.checked));
      toggles.append(h('label', { for: `toggle-${group}` }, box, h('span', {}, label)));
    }

    const [low, high] = FILL_THRESHOLDS_PERCENT;
    const legend = (this.legend = h(
      'div',
      { class: 'legend', role: 'group', 'aria-label': t('panel.legendLabel') },
      legendItem(FILL_COLORS[0], `< ${formatPercent(low)}`),
      legendItem(FILL_COLORS[1], `${formatNumber(low)}–${formatPercent(high)}`),
      legendItem(FILL_COLORS[2], `≥ ${formatPercent(high)}`),
      legendItem(NO_READING_COLOR, t('panel.legendNoReading')),
      legendItem('#ffffff', t('panel.legendUnreachable'), true),
    ));

    let importer: HTMLElement | null = null;
    if (can.uploadReadings) {
      const file = h('input', { type: 'file', id: 'readings-file', accept: '.csv,text/csv', 'aria-describedby': 'readings-file-hint' });
      const button = h('button', { type: 'submit', id: 'readings-upload' }, t('readings.submit'));
      const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      const form = h(
        'form',
        { class: 'importer' },
        h('label', { for: 'readings-file' }, t('readings.file')),
        file,
        h('p', { class: 'hint', id: 'readings-file-hint' }, t('readings.fileHint')),
        button,
        status,
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) {
          this.setImportStatus(t('readings.noFile'), 'error');
          file.focus();
          return;
        }
        callbacks.onUpload(chosen);
      });
      importer = h('details', { class: 'readings' }, h('summary', {}, t('readings.heading')), form);
      this.importButton = button;
      this.importStatus = status;
    }

    const parts: (HTMLElement | null)[] = [
      h(
        'div',
        { class: 'controls' },
        h('label', { for: 'plan-date', class: 'control-label' }, t('panel.planDate')),
        h('div', { class: 'control-row' }, this.dateInput, this.computeButton),
      ),
      can.computePlans ? null : h('p', { class: 'note' }, t('panel.readOnlyNote')),
      this.status,
      toggles,
      legend,
      importer,
      this.planSection,
      this.roundsSection,
    ];
    root.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  /** The date shown. */
  get date(): string {
    return this.dateInput.value;
  }

  /** Sets the status line; `busy` disables the compute button. */
  setStatus(text: string, kind: StatusKind = 'info'): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
    if (this.computeButton) this.computeButton.disabled = kind === 'busy';
  }

  /** Sets the line under the readings import; `busy` disables its button. */
  setImportStatus(text: string, kind: StatusKind = 'info'): void {
    if (!this.importStatus) return;
    this.importStatus.textContent = text;
    this.importStatus.dataset.kind = kind;
    if (this.importButton) this.importButton.disabled = kind === 'busy';
  }

  /** Puts `element` right after the fill legend (the planned-visits block). */
  mountAfterLegend(element: HTMLElement): void {
    this.legend.after(element);
  }

  /** Puts `element` right under the status line (the plan's progress block). */
  mountUnderStatus(element: HTMLElement): void {
    this.status.after(element);
  }

  /**
   * Puts `elements` (the plan editor, the closures) between the plan's head (title, shortfall, day
   * status with Publish, downloads, figures) and its rounds: what a manager acts on first stays at
   * the top, and the keyboard meets it in the same order as the eye.
   */
  mountBelowPlanHead(...elements: HTMLElement[]): void {
    this.roundsSection.before(...elements);
  }

  /**
   * Shows a plan (or the "no plan" message). `routeColors` maps routeId → colour from the plan
   * GeoJSON; `extras` go at the top of the plan (shortfall, day status, downloads) and after each
   * round's button (its route sheet and files).
   */
  showPlan(plan: PlanDto | null, routeColors: ReadonlyMap<string, string>, extras: { top?: HTMLElement[]; routeLinks?: (route: PlanDto['routes'][number]) => HTMLElement } = {}): void {
    this.selectedRouteId = null;
    if (!plan) {
      this.planSection.replaceChildren(h('p', { class: 'empty' }, this.can.computePlans ? t('panel.noPlanManager') : t('panel.noPlanReader')));
      this.roundsSection.replaceChildren();
      return;
    }
    const summary = plan.summary;
    const summaryBlock = summary
      ? h(
          'dl',
          { class: 'summary' },
          ...stat(t('panel.distance'), formatKm(summary.distanceM)),
          ...stat(t('panel.duration'), formatHours(summary.durationS)),
          ...stat(t('panel.vehicles'), formatNumber(summary.vehiclesUsed)),
          ...stat(t('panel.binsRouted'), `${formatNumber(summary.binsRouted)} / ${formatNumber(summary.binsSelected)}`),
          ...(summary.binsOptional !== null ? stat(t('panel.binsOptional'), formatNumber(summary.binsOptional)) : []),
          ...stat(t('panel.disposalTrips'), formatNumber(summary.disposalTrips)),
          ...stat(t('panel.breaks'), formatDuration(summary.breakS)),
          ...(summary.cost !== null ? stat(t('panel.cost'), formatEuros(summary.cost)) : []),
          ...stat(t('panel.co2'), `${formatNumber(summary.co2Kg, 1)} kg`),
        )
      : h('p', { class: 'empty' }, plan.status === 'failed' ? t('panel.planFailed', { error: plan.error ?? t('status.unknownError') }) : t('panel.planPending', { status: t(`planStatus.${plan.status}`) }));

    const routeList = h('ul', { class: 'routes' });
    const buttons: HTMLButtonElement[] = [];
    for (const route of plan.routes) {
      const color = routeColors.get(route.routeId) ?? '#555555';
      const chart = h('span', { class: 'chart' });
      const bars = loadBarData(route);
      renderLoadBar(chart, bars, { color, width: 110, title: (d) => t('panel.loadTitle', { collected: formatNumber(d.collected), capacity: formatNumber(d.capacity), unit: d.label, percent: formatPercent(d.capacity > 0 ? (d.collected / d.capacity) * 100 : 0) }) });
      const button = h(
        'button',
        { type: 'button', class: 'route', 'data-route-id': route.routeId, 'aria-pressed': 'false', title: t('panel.showRoute', { vehicle: route.vehicleName }) },
        h('span', { class: 'swatch', style: `background:${color}` }),
        h(
          'span',
          { class: 'route-main' },
          h('span', { class: 'route-title' }, h('strong', {}, route.vehicleName)),
          h('span', { class: 'streams' }, route.streams.map(streamLabel).join(' · ')),
          h('span', { class: 'route-stats' }, `${formatKm(route.distanceM)} · ${formatDuration(route.durationS)} · ${t('panel.stops', { count: route.binCount })} · ${t('panel.disposals', { count: route.disposalTrips })}`),
          h('span', { class: 'route-day' }, formatRouteDay(route)),
          h('span', { class: 'route-load' }, chart, h('span', {}, t('panel.peak', { values: peakText(bars) }))),
          h('span', { class: 'route-collected' }, t('panel.collected', { litres: formatLitres(route.collectedLitres), kg: formatKg(route.collectedKg) })),
        ),
      );
      button.addEventListener('click', () => {
        this.selectedRouteId = this.selectedRouteId === route.routeId ? null : route.routeId;
        for (const other of buttons) {
          const selected = other === button && this.selectedRouteId !== null;
          other.classList.toggle('selected', selected);
          other.setAttribute('aria-pressed', String(selected));
        }
        this.callbacks.onSelectRoute(this.selectedRouteId);
      });
      buttons.push(button);
      routeList.append(h('li', {}, button, extras.routeLinks?.(route) ?? null));
    }

    const unassigned = h('ul', { class: 'unassigned' });
    for (const item of plan.unassigned) {
      const button = h('button', { type: 'button', class: 'link', title: t('panel.showBin', { binId: item.binId }) }, h('code', {}, item.binId));
      button.addEventListener('click', () => this.callbacks.onSelectBin(item.binId));
      unassigned.append(h('li', { title: item.detail }, button, ' ', h('span', { class: 'reason' }, unassignedReasonLabel(item.reason))));
    }

    this.planSection.replaceChildren(
      h('h2', { id: 'plan-title' }, t('panel.planTitle', { date: formatDate(plan.date) }), h('small', {}, ` · ${t('panel.computedAt', { at: formatInstant(plan.createdAt) })}`)),
      ...(extras.top ?? []),
      summaryBlock,
    );
    const rounds: (HTMLElement | null)[] = [
      plan.routes.length ? h('h3', {}, t('panel.routes', { count: plan.routes.length })) : null,
      routeList,
      h('h3', {}, t('panel.unassigned', { count: plan.unassigned.length })),
      plan.unassigned.length ? unassigned : h('p', { class: 'empty' }, t('panel.unassignedNone')),
    ];
    this.roundsSection.replaceChildren(...rounds.filter((part): part is HTMLElement => part !== null));
  }
}

function peakText(bars: readonly LoadBarDatum[]): string {
  return bars.map((bar) => `${formatPercent(bar.capacity > 0 ? (bar.collected / bar.capacity) * 100 : 0)} ${bar.label}`).join(' · ');
}

function stat(label: string, value: string): HTMLElement[] {
  return [h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value))];
}

function legendItem(color: string, label: string, unreachable = false): HTMLElement {
  return h('span', { class: 'legend-item' }, h('span', { class: unreachable ? 'dot unreachable' : 'dot', style: `background:${color}`, 'aria-hidden': 'true' }), label);
}
