/**
 * What the plan panel shows above and beside the rounds (issue #14): the shortfall first when the
 * fleet could not serve every mandatory bin (how many, truck-hours missing, areas, most urgent
 * bins, and the remedies: re-plan with overtime, another truck, moving bins to tomorrow); the
 * plan's day status with Publish; the downloads (GPX, CSV of stops, summary) and each round's route
 * sheet, GPX and CSV. Renders only; intents go through callbacks.
 */
import type { PlanDto, ShortfallDto } from '../../../server/contract/index.js';
import { planFileUrl, planSummaryCsvUrl } from '../api/api-client.js';
import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { formatDate, formatNumber, formatPercent } from './format.js';
import { unassignedReasonLabel } from './labels.js';

/** Intents of the plan extras. */
export interface PlanExtrasCallbacks {
  onReplanWithOvertime: (overtimeMin: number) => void;
  onPublish: (planId: string) => void;
  onRouteSheet: (routeId: string) => void;
}

/** Urgent bins shown (the rest are in the list of bins left out). */
const URGENT_SHOWN = 8;

/** The notice of a plan in the current language (from its code), or null. */
export function planNoticeText(plan: Pick<PlanDto, 'noticeCode' | 'noticeParams' | 'date'>): string | null {
  if (plan.noticeCode === null) return null;
  return t(`plans.notice.${plan.noticeCode}`, { ...plan.noticeParams, date: formatDate(plan.date) });
}

/** The shortfall block (role=alert: it is what the manager must read first). */
export function renderShortfall(s: ShortfallDto, canPlan: boolean, callbacks: Pick<PlanExtrasCallbacks, 'onReplanWithOvertime'>): HTMLElement {
  const hours = formatNumber(s.missingTruckHours, 1);
  const remedies = h('ul', { class: 'remedies' });
  for (const r of s.remedies) {
    if (r.code === 'overtime') {
      if (!canPlan) continue;
      const button = h('button', { type: 'button', class: 'primary', id: 'replan-overtime' }, t('plans.shortfall.overtime', { minutes: formatNumber(r.overtimeMin) }));
      button.addEventListener('click', () => callbacks.onReplanWithOvertime(r.overtimeMin));
      remedies.append(h('li', {}, button));
    } else if (r.code === 'extra_vehicle') remedies.append(h('li', {}, t('plans.shortfall.extraVehicle', { hours: formatNumber(r.truckHours, 1) })));
    else remedies.append(h('li', {}, t('plans.shortfall.moveToTomorrow', { count: formatNumber(r.bins), full: formatNumber(r.alreadyFull) })));
  }
  const urgent = h('ol', { class: 'urgent-bins' });
  for (const b of s.urgentBins.slice(0, URGENT_SHOWN)) {
    urgent.append(
      h(
        'li',
        {},
        t('plans.shortfall.urgentItem', { binId: b.binId, fill: b.forecastFillPercent === null ? t('plans.shortfall.noForecast') : formatPercent(b.forecastFillPercent) }),
        ' ',
        h('span', { class: 'reason' }, `(${unassignedReasonLabel(b.reason)})`),
      ),
    );
  }
  const areas = h('ul', { class: 'areas' });
  for (const a of s.areas) areas.append(h('li', {}, t('plans.shortfall.areaItem', { cell: a.h3Cell, count: formatNumber(a.bins) })));
  return h(
    'section',
    { class: 'shortfall', role: 'alert', 'aria-labelledby': 'shortfall-heading' },
    h('h3', { id: 'shortfall-heading' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), t('plans.shortfall.heading')),
    h('p', { class: 'shortfall-summary' }, t('plans.shortfall.summary', { count: formatNumber(s.mandatoryLeftOut), hours })),
    h('h4', {}, t('plans.shortfall.remedies')),
    remedies,
    h('h4', {}, t('plans.shortfall.urgent')),
    urgent,
    h('h4', {}, t('plans.shortfall.areas')),
    areas,
  );
}

/** Day status, Publish (for a draft, when the role may plan) and the plan's downloads. */
export function renderPlanActions(plan: PlanDto, canPlan: boolean, callbacks: Pick<PlanExtrasCallbacks, 'onPublish'>): HTMLElement {
  const parts: HTMLElement[] = [];
  if (plan.dayStatus !== null) {
    parts.push(h('p', { class: `day-status day-status-${plan.dayStatus}`, id: 'plan-day-status' }, t('plans.dayStatusLabel', { status: t(`plans.dayStatus.${plan.dayStatus}`) })));
  }
  if (plan.dayStatus === 'draft' && canPlan) {
    const publish = h('button', { type: 'button', id: 'publish-plan', class: 'primary' }, t('plans.publish'));
    publish.addEventListener('click', () => {
      publish.disabled = true;
      callbacks.onPublish(plan.id);
    });
    parts.push(publish);
  }
  if (plan.routes.length > 0) {
    parts.push(
      h(
        'nav',
        { class: 'downloads', 'aria-label': t('plans.downloads') },
        h('span', { class: 'downloads-label' }, `${t('plans.downloads')} :`),
        h('a', { href: planFileUrl(plan.id, 'gpx'), download: '', id: 'download-gpx' }, t('plans.downloadGpx')),
        h('a', { href: planFileUrl(plan.id, 'csv'), download: '', id: 'download-csv' }, t('plans.downloadCsv')),
        h('a', { href: planSummaryCsvUrl(plan.id), download: '', id: 'download-summary' }, t('plans.downloadSummary')),
      ),
    );
  }
  return h('div', { class: 'plan-actions' }, ...parts);
}

/** A round's own links: its route sheet (print view), GPX and CSV. */
export function renderRouteLinks(plan: Pick<PlanDto, 'id'>, route: Pick<PlanDto['routes'][number], 'routeId' | 'vehicleName'>, callbacks: Pick<PlanExtrasCallbacks, 'onRouteSheet'>): HTMLElement {
  const sheet = h('button', { type: 'button', class: 'link', 'data-route-sheet': route.routeId, 'aria-label': t('plans.routeSheetOf', { vehicle: route.vehicleName }) }, t('plans.routeSheet'));
  sheet.addEventListener('click', () => callbacks.onRouteSheet(route.routeId));
  return h(
    'span',
    { class: 'route-links' },
    sheet,
    h('a', { href: planFileUrl(plan.id, 'gpx', route.routeId), download: '', 'aria-label': t('plans.routeGpx', { vehicle: route.vehicleName }) }, 'GPX'),
    h('a', { href: planFileUrl(plan.id, 'csv', route.routeId), download: '', 'aria-label': t('plans.routeCsv', { vehicle: route.vehicleName }) }, 'CSV'),
  );
}

/**
 * The bins the plan had to collect whatever their forecast, each with its reason in words (an
 * accepted resident's report, a driver's overflowing report); null when there are none.
 */
export function renderForcedBins(plan: Pick<PlanDto, 'forcedBins'>): HTMLElement | null {
  if (plan.forcedBins.length === 0) return null;
  return h(
    'section',
    { class: 'forced-bins', id: 'forced-bins', 'aria-labelledby': 'forced-bins-heading' },
    h('h3', { id: 'forced-bins-heading' }, t('moderation.forced.title')),
    h('ul', {}, ...plan.forcedBins.map((f) => h('li', { 'data-bin-id': f.binId, 'data-reason': f.reasonCode }, t('moderation.forced.item', { binId: f.binId, reason: t(`moderation.forced.reasons.${f.reasonCode}`) })))),
  );
}
