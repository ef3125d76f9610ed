/**
 * The printable route sheet of one round: the round on the map (an image of the MapLibre canvas
 * fitted to it), its figures, then every step in order (depot, bins with their position and times,
 * unloading at disposal sites, the break, back at the depot) and a Print button. A modal dialog on
 * screen; the print stylesheet (`@media print` in styles.css) prints the sheet alone.
 */
import type { PlanDto } from '../../../server/contract/index.js';
import { t } from '../i18n/index.js';
import { openModal } from './dialog.js';
import { h } from './dom.js';
import { formatClock, formatDate, formatDuration, formatKm, formatLitres, formatNumber } from './format.js';

type Route = PlanDto['routes'][number];

/** A step's position as the sheet writes it (`lat, lng`, as the CSV export). */
function position(lngLat: readonly [number, number]): string {
  return `${lngLat[1].toFixed(5)}, ${lngLat[0].toFixed(5)}`;
}

/** The words of a step. */
function stepLabel(step: Route['steps'][number]): string {
  if (step.kind === 'depot') return t('plans.sheet.depot', { id: step.id ?? '' });
  if (step.kind === 'bin') return t('plans.sheet.bin', { id: step.id ?? '' });
  if (step.kind === 'disposal') return t('plans.sheet.disposal', { id: step.id ?? '' });
  return t('plans.sheet.break');
}

/** Builds the sheet of `route` (the dialog element, not yet open). `mapImage` is a data URL or null. */
export function buildRouteSheet(plan: Pick<PlanDto, 'date'>, route: Route, mapImage: string | null): HTMLDialogElement {
  const rows = route.steps.map((step) =>
    h(
      'tr',
      { class: `step-${step.kind}` },
      h('td', {}, step.seq === null ? '' : String(step.seq)),
      h('th', { scope: 'row' }, stepLabel(step)),
      h('td', {}, step.kind === 'break' ? '' : position(step.lngLat)),
      h('td', {}, formatClock(step.arrival)),
      h('td', {}, formatClock(step.departure)),
      h('td', { class: 'num' }, formatLitres(step.loadAfterL)),
    ),
  );
  const titleId = `sheet-title-${route.routeId}`;
  const print = h('button', { type: 'button', class: 'primary', id: 'print-sheet' }, t('plans.sheet.print'));
  print.addEventListener('click', () => window.print());
  const close = h('button', { type: 'submit', value: 'close' }, t('plans.sheet.close'));
  return h(
    'dialog',
    { class: 'modal route-sheet', 'aria-labelledby': titleId },
    h(
      'form',
      { method: 'dialog' },
      h('header', { class: 'sheet-header' }, h('h2', { id: titleId }, t('plans.sheet.title', { vehicle: route.vehicleName })), h('div', { class: 'dialog-actions no-print' }, print, close)),
      h('p', {}, t('plans.sheet.date', { date: formatDate(plan.date) })),
      h(
        'p',
        {},
        t('plans.sheet.figures', { km: formatKm(route.distanceM), duration: formatDuration(route.durationS), stops: formatNumber(route.binCount), trips: formatNumber(route.disposalTrips) }),
      ),
      mapImage ? h('img', { class: 'sheet-map', src: mapImage, alt: t('plans.sheet.mapAlt', { vehicle: route.vehicleName }) }) : null,
      h(
        'table',
        { class: 'sheet-steps' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('plans.sheet.seq')),
            h('th', { scope: 'col' }, t('plans.sheet.what')),
            h('th', { scope: 'col' }, t('plans.sheet.address')),
            h('th', { scope: 'col' }, t('plans.sheet.arrival')),
            h('th', { scope: 'col' }, t('plans.sheet.departure')),
            h('th', { scope: 'col' }, t('plans.sheet.load')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

/** Opens the sheet modally (focus on Print); settles when it closes. */
export async function openRouteSheet(plan: Pick<PlanDto, 'date'>, route: Route, mapImage: string | null): Promise<void> {
  const dialog = buildRouteSheet(plan, route, mapImage);
  await openModal(dialog, dialog.querySelector<HTMLElement>('#print-sheet'));
}
