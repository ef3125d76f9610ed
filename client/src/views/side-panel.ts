/**
 * The side panel: date picker and "Compute plan" button, status line, plan summary (with disposal
 * trips, break time and cost), one row per route (colour, vehicle, streams, km, h:mm, stops, its
 * disposal visits and breaks with their times, load bars), unassigned bins and layer toggles. It
 * only renders and reports user intents through callbacks.
 */
import type { PlanDto } from '../../../server/contract/index.js';
import { loadBarData, renderLoadBar, type LoadBarDatum } from '../charts/load-bar.js';
import { FILL_COLORS, FILL_THRESHOLDS_PERCENT, NO_READING_COLOR } from '../map/fill-color-scale.js';
import type { LayerGroup } from '../map/map-style.js';
import { h } from './dom.js';
import { formatDuration, formatEuros, formatHours, formatInstant, formatKg, formatKm, formatLitres, formatRouteDay } from './format.js';

export interface SidePanelCallbacks {
  onCompute: (date: string) => void;
  onDateChange: (date: string) => void;
  onSelectRoute: (routeId: string | null) => void;
  onSelectBin: (binId: string) => void;
  onToggleLayer: (group: LayerGroup, visible: boolean) => void;
}

export type StatusKind = 'info' | 'busy' | 'error';

const STREAM_LABELS: Record<string, string> = {
  residual: 'Ordures ménagères',
  packaging: 'Emballages',
  glass: 'Verre',
  paper: 'Papier',
  biowaste: 'Biodéchets',
};

/** Renders into `root` and keeps references to the parts that change. */
export class SidePanel {
  private readonly dateInput: HTMLInputElement;
  private readonly computeButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly planSection: HTMLElement;
  private selectedRouteId: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly callbacks: SidePanelCallbacks,
    initialDate: string,
  ) {
    this.dateInput = h('input', { type: 'date', id: 'plan-date', value: initialDate, 'aria-label': 'Plan date' });
    this.computeButton = h('button', { type: 'button', id: 'compute-plan' }, 'Compute plan');
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.planSection = h('section', { class: 'plan' });
    this.dateInput.addEventListener('change', () => callbacks.onDateChange(this.dateInput.value));
    this.computeButton.addEventListener('click', () => callbacks.onCompute(this.dateInput.value));

    const toggles = h('fieldset', { class: 'toggles' }, h('legend', {}, 'Layers'));
    const groups: [LayerGroup, string][] = [
      ['bins', 'Bins'],
      ['cells', 'H3 cells'],
      ['routes', 'Routes'],
    ];
    for (const [group, label] of groups) {
      const box = h('input', { type: 'checkbox', id: `toggle-${group}`, checked: true });
      box.addEventListener('change', () => callbacks.onToggleLayer(group, box.checked));
      toggles.append(h('label', { for: `toggle-${group}` }, box, ` ${label}`));
    }

    const legend = h(
      'div',
      { class: 'legend' },
      legendItem(FILL_COLORS[0], `< ${FILL_THRESHOLDS_PERCENT[0]} %`),
      legendItem(FILL_COLORS[1], `${FILL_THRESHOLDS_PERCENT[0]}–${FILL_THRESHOLDS_PERCENT[1]} %`),
      legendItem(FILL_COLORS[2], `≥ ${FILL_THRESHOLDS_PERCENT[1]} %`),
      legendItem(NO_READING_COLOR, 'no reading'),
      legendItem('#ffffff', 'unreachable', true),
    );

    root.replaceChildren(
      h('header', {}, h('h1', {}, 'Collecte'), h('p', { class: 'subtitle' }, 'Tournées de collecte · Monaco et communes limitrophes')),
      h('div', { class: 'controls' }, this.dateInput, this.computeButton),
      this.status,
      toggles,
      legend,
      this.planSection,
    );
  }

  /** Sets the status line; `busy` disables the compute button. */
  setStatus(text: string, kind: StatusKind = 'info'): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
    this.computeButton.disabled = kind === 'busy';
  }

  /** Shows a plan (or the "no plan" message). `routeColors` maps routeId → colour from the plan GeoJSON. */
  showPlan(plan: PlanDto | null, routeColors: ReadonlyMap<string, string>): void {
    this.selectedRouteId = null;
    if (!plan) {
      this.planSection.replaceChildren(h('p', { class: 'empty' }, 'No plan for this date yet. Press “Compute plan”.'));
      return;
    }
    const summary = plan.summary;
    const summaryBlock = summary
      ? h(
          'dl',
          { class: 'summary' },
          ...stat('Distance', formatKm(summary.distanceM)),
          ...stat('Duration', formatHours(summary.durationS)),
          ...stat('Vehicles', String(summary.vehiclesUsed)),
          ...stat('Bins routed', `${summary.binsRouted} / ${summary.binsSelected}`),
          ...(summary.binsOptional !== null ? stat('Optional (may)', String(summary.binsOptional)) : []),
          ...stat('Disposal trips', String(summary.disposalTrips)),
          ...stat('Breaks', formatDuration(summary.breakS)),
          ...(summary.cost !== null ? stat('Cost', formatEuros(summary.cost)) : []),
          ...stat('CO₂', `${summary.co2Kg.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} kg`),
        )
      : h('p', { class: 'empty' }, plan.status === 'failed' ? `Plan failed: ${plan.error ?? 'unknown error'}` : `Plan ${plan.status}…`);

    const routeList = h('ul', { class: 'routes' });
    for (const route of plan.routes) {
      const color = routeColors.get(route.routeId) ?? '#555555';
      const chart = h('span', { class: 'chart' });
      const bars = loadBarData(route);
      renderLoadBar(chart, bars, { color, width: 110 });
      const row = h(
        'li',
        { class: 'route', 'data-route-id': route.routeId, tabindex: 0, role: 'button' },
        h('span', { class: 'swatch', style: `background:${color}` }),
        h(
          'div',
          { class: 'route-main' },
          h('div', { class: 'route-title' }, h('strong', {}, route.vehicleName)),
          h('div', { class: 'streams' }, route.streams.map((s) => STREAM_LABELS[s] ?? s).join(' · ')),
          h(
            'div',
            { class: 'route-stats' },
            `${formatKm(route.distanceM)} · ${formatDuration(route.durationS)} · ${route.binCount} stops · ${route.disposalTrips} disposal${route.disposalTrips === 1 ? '' : 's'}`,
          ),
          h('div', { class: 'route-day' }, formatRouteDay(route)),
          h('div', { class: 'route-load' }, chart, h('span', {}, `peak ${peakText(bars)}`)),
          h('div', { class: 'route-collected' }, `Collected ${formatLitres(route.collectedLitres)} · ${formatKg(route.collectedKg)}`),
        ),
      );
      const select = (): void => {
        this.selectedRouteId = this.selectedRouteId === route.routeId ? null : route.routeId;
        for (const other of routeList.querySelectorAll('li.route')) other.classList.toggle('selected', other === row && this.selectedRouteId !== null);
        this.callbacks.onSelectRoute(this.selectedRouteId);
      };
      row.addEventListener('click', select);
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          select();
        }
      });
      routeList.append(row);
    }

    const unassigned = h('ul', { class: 'unassigned' });
    for (const item of plan.unassigned) {
      const row = h('li', { tabindex: 0, title: item.detail }, h('code', {}, item.binId), ' ', h('span', { class: 'reason' }, item.reason), item.detail ? h('small', {}, ` — ${item.detail}`) : null);
      row.addEventListener('click', () => this.callbacks.onSelectBin(item.binId));
      unassigned.append(row);
    }

    const parts: (HTMLElement | null)[] = [
      h('h2', {}, `Plan du ${plan.date}`, h('small', {}, ` · ${formatInstant(plan.createdAt)}`)),
      summaryBlock,
      plan.routes.length ? h('h3', {}, `Routes (${plan.routes.length})`) : null,
      routeList,
      h('h3', {}, `Unassigned bins (${plan.unassigned.length})`),
      plan.unassigned.length ? unassigned : h('p', { class: 'empty' }, 'None.'),
    ];
    this.planSection.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }
}

function peakText(bars: readonly LoadBarDatum[]): string {
  return bars.map((bar) => `${bar.capacity > 0 ? Math.round((bar.collected / bar.capacity) * 100) : 0} % ${bar.label}`).join(' · ');
}

function stat(label: string, value: string): HTMLElement[] {
  return [h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value))];
}

function legendItem(color: string, label: string, unreachable = false): HTMLElement {
  return h('span', { class: 'legend-item' }, h('span', { class: unreachable ? 'dot unreachable' : 'dot', style: `background:${color}` }), label);
}
