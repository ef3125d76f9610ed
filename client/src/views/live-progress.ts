/**
 * The manager's live view of today's published plan (issue #15): each round's progress from the
 * drivers' reports (`GET /api/plans/:planId/progress`: collected, not collected, left, minutes
 * late or ahead of plan, last report), each truck's last position on the map, and the day's list of
 * bins not collected with the reason. Refreshed every {@link LIVE_REFRESH_MS} while the page is
 * visible (and at once when it becomes visible again); nothing is polled for another day's plan or
 * a draft.
 */
import type * as maplibregl from 'maplibre-gl';
import type { PlanProgressDto } from '../../../server/contract/driver.js';
import type { PlanDto } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatClock, formatNumber, isoDate } from './format.js';

/** How often the progress is fetched while visible, ms. */
export const LIVE_REFRESH_MS = 20_000;
/** Map source and layers of the trucks' last positions. */
export const LIVE_TRUCKS_SOURCE = 'live-trucks';
const LIVE_TRUCKS_LAYER = 'live-trucks';
const LIVE_TRUCKS_HALO = 'live-trucks-halo';

/** "5 min de retard", "3 min d'avance", "À l'heure", or that no report came yet. */
export function delayText(lateMin: number | null): string {
  if (lateMin === null) return t('live.noReport');
  const min = Math.round(lateMin);
  if (min === 0) return t('live.onTime');
  return min > 0 ? t('live.late', { min: formatNumber(min) }) : t('live.ahead', { min: formatNumber(-min) });
}

/** The trucks' last positions as GeoJSON points (`vehicleName`, `at`). */
export function trucksToGeoJson(progress: Pick<PlanProgressDto, 'routes'>): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: progress.routes.flatMap((r) =>
      r.lastPosition ? [{ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [...r.lastPosition.lngLat] }, properties: { routeId: r.routeId, vehicleName: r.vehicleName, at: r.lastPosition.at } }] : [],
    ),
  };
}

/** The live block of the manager's panel. */
export class LiveProgress {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly refreshed: HTMLElement;
  private planId: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.planId) void this.refresh();
  };

  constructor(
    private readonly map: maplibregl.Map,
    private readonly loaded: Promise<void>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.refreshed = h('p', { class: 'live-refreshed muted', id: 'live-refreshed' });
    this.body = h('div', { class: 'live-body', id: 'live-body', 'aria-live': 'polite' });
    this.element = h('section', { class: 'live-progress', id: 'live-progress', 'aria-labelledby': 'live-heading', hidden: true }, h('h2', { id: 'live-heading' }, t('live.heading')), this.refreshed, this.body);
    document.addEventListener('visibilitychange', this.onVisibility);
    void loaded.then(() => {
      if (this.destroyed || map.getSource(LIVE_TRUCKS_SOURCE)) return;
      map.addSource(LIVE_TRUCKS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({ id: LIVE_TRUCKS_HALO, type: 'circle', source: LIVE_TRUCKS_SOURCE, paint: { 'circle-radius': 13, 'circle-color': '#ffffff' } });
      map.addLayer({ id: LIVE_TRUCKS_LAYER, type: 'circle', source: LIVE_TRUCKS_SOURCE, paint: { 'circle-radius': 9, 'circle-color': '#0d2a8a', 'circle-stroke-color': '#ffd166', 'circle-stroke-width': 3 } });
    });
  }

  /** Follows `plan` when it is today's plan and published (or in progress, or done); otherwise hides the block and stops polling. */
  show(plan: Pick<PlanDto, 'id' | 'date' | 'dayStatus'> | null): void {
    const live = plan !== null && plan.dayStatus !== 'draft' && plan.date === isoDate(this.now());
    if (!live) {
      this.stop();
      this.element.hidden = true;
      this.planId = null;
      void this.drawTrucks({ routes: [] });
      return;
    }
    if (this.planId === plan.id && this.timer) return;
    this.stop();
    this.planId = plan.id;
    this.element.hidden = false;
    this.body.replaceChildren(h('p', { class: 'muted' }, t('live.loading')));
    void this.refresh();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, LIVE_REFRESH_MS);
  }

  /** Fetches and shows the progress now. */
  async refresh(): Promise<void> {
    const planId = this.planId;
    if (!planId) return;
    try {
      const progress = await api.getPlanProgress(planId);
      if (this.destroyed || planId !== this.planId) return;
      this.render(progress);
      this.refreshed.textContent = t('live.refreshed', { time: formatClock(this.now().toISOString()) });
      await this.drawTrucks(progress);
    } catch (error) {
      if (!this.destroyed && planId === this.planId) this.refreshed.textContent = describeError(error);
    }
  }

  /** Stops polling and removes the map layers. */
  destroy(): void {
    this.destroyed = true;
    this.stop();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async drawTrucks(progress: Pick<PlanProgressDto, 'routes'>): Promise<void> {
    await this.loaded;
    if (this.destroyed) return;
    this.map.getSource<maplibregl.GeoJSONSource>(LIVE_TRUCKS_SOURCE)?.setData(trucksToGeoJson(progress));
  }

  private render(progress: PlanProgressDto): void {
    const head = h('tr', {}, ...[t('live.round'), t('live.collected'), t('live.notCollected'), t('live.pending')].map((label) => h('th', { scope: 'col' }, label)));
    const rows = progress.routes.map((r) => {
      // against plan and the last report under the round's name: the panel is narrow
      const late = r.lateMin !== null && r.lateMin > 0;
      const when = [delayText(r.lateMin), r.lastReportAt ? t('live.lastReport', { time: formatClock(r.lastReportAt) }) : null].filter(Boolean).join(' · ');
      return h(
        'tr',
        { 'data-route': r.routeId },
        h(
          'th',
          { scope: 'row' },
          h('span', { class: 'live-name' }, r.vehicleName),
          h('span', { class: late ? 'live-late late' : 'live-late' }, when),
          r.lastPosition ? h('span', { class: 'visually-hidden' }, t('live.lastPosition', { vehicle: r.vehicleName, time: formatClock(r.lastPosition.at) })) : null,
        ),
        h('td', { class: 'live-collected' }, formatNumber(r.collected)),
        h('td', { class: 'live-not-collected' }, formatNumber(r.notCollected)),
        h('td', { class: 'live-pending' }, `${formatNumber(r.pending)} / ${formatNumber(r.binsTotal)}`),
      );
    });
    const table = h('table', { class: 'live-table', id: 'live-table' }, h('caption', { class: 'visually-hidden' }, t('live.caption')), h('thead', {}, head), h('tbody', {}, ...rows));
    const items = progress.notCollected.map((n) =>
      h(
        'li',
        { 'data-bin': n.binId },
        t('live.notCollectedItem', { bin: n.binId, vehicle: n.vehicleName, reason: t(`driver.reasons.${n.reason}`), time: formatClock(n.at), by: n.by }),
        n.note ? h('span', { class: 'live-note' }, ` ${t('live.note', { note: n.note })}`) : null,
      ),
    );
    this.body.replaceChildren(
      // scrolls sideways in a narrow panel: focusable, so the keyboard can scroll it too
      h('div', { class: 'live-table-wrap', tabindex: 0, role: 'region', 'aria-label': t('live.caption') }, table),
      h('h3', { id: 'live-not-collected-heading' }, t('live.notCollectedHeading')),
      items.length > 0 ? h('ul', { class: 'live-not-collected-list', id: 'live-not-collected', 'aria-labelledby': 'live-not-collected-heading' }, ...items) : h('p', { class: 'empty', id: 'live-not-collected' }, t('live.noneNotCollected')),
    );
  }
}
