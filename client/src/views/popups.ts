/**
 * Popup contents for a clicked bin or route, built as DOM nodes (no HTML strings), in the current
 * language.
 */
import { t } from '../i18n/index.js';
import { h } from './dom.js';
import { formatDuration, formatInstant, formatKm, formatLitres, formatPercent } from './format.js';
import { streamLabel } from './labels.js';

/** Bin popup from the feature properties MapLibre hands back (values may be serialised). */
export function binPopupContent(props: Record<string, unknown>): HTMLElement {
  const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  const str = (value: unknown): string | null => (typeof value === 'string' && value !== 'null' ? value : null);
  const unreachable = str(props.unreachableReason);
  const capacity = num(props.capacityLitres);
  const stream = str(props.stream);
  return h(
    'div',
    { class: 'popup' },
    h('strong', {}, t('popup.bin', { id: String(props.id ?? '?') })),
    h(
      'dl',
      {},
      h('dt', {}, t('popup.stream')),
      h('dd', {}, stream ? streamLabel(stream) : t('common.dash')),
      h('dt', {}, t('popup.capacity')),
      h('dd', {}, capacity === null ? t('common.dash') : formatLitres(capacity)),
      h('dt', {}, t('popup.fill')),
      h('dd', {}, formatPercent(num(props.fillPercent))),
      h('dt', {}, t('popup.measured')),
      h('dd', {}, formatInstant(str(props.measuredAt))),
      h('dt', {}, t('popup.forecast')),
      h('dd', {}, formatPercent(num(props.forecastFillPercent))),
      h('dt', {}, t('popup.cell')),
      h('dd', {}, h('code', {}, String(props.h3Cell ?? t('common.dash')))),
    ),
    unreachable ? h('p', { class: 'warn', title: unreachable }, t('popup.unreachable')) : null,
  );
}

/** Route popup: vehicle, length, duration, stops. */
export function routePopupContent(props: Record<string, unknown>, stopCount: number): HTMLElement {
  return h(
    'div',
    { class: 'popup' },
    h('strong', {}, t('popup.route', { vehicle: String(props.vehicleName ?? props.vehicleId ?? props.routeId ?? '?') })),
    h('div', {}, `${formatKm(Number(props.distanceM ?? 0))} · ${formatDuration(Number(props.durationS ?? 0))} · ${t('panel.stops', { count: stopCount })}`),
  );
}
