/**
 * Popup contents for a clicked bin or route, built as DOM nodes (no HTML strings).
 */
import { h } from './dom.js';
import { formatDuration, formatInstant, formatKm, formatLitres, formatPercent } from './format.js';

/** Bin popup from the feature properties MapLibre hands back (values may be serialised). */
export function binPopupContent(props: Record<string, unknown>): HTMLElement {
  const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
  const str = (value: unknown): string | null => (typeof value === 'string' && value !== 'null' ? value : null);
  const unreachable = str(props.unreachableReason);
  return h(
    'div',
    { class: 'popup' },
    h('strong', {}, `Bin ${String(props.id ?? '?')}`),
    h(
      'dl',
      {},
      h('dt', {}, 'Stream'),
      h('dd', {}, String(props.stream ?? '—')),
      h('dt', {}, 'Capacity'),
      h('dd', {}, num(props.capacityLitres) === null ? '—' : formatLitres(num(props.capacityLitres) ?? 0)),
      h('dt', {}, 'Fill'),
      h('dd', {}, formatPercent(num(props.fillPercent))),
      h('dt', {}, 'Measured'),
      h('dd', {}, formatInstant(str(props.measuredAt))),
      h('dt', {}, 'Forecast'),
      h('dd', {}, formatPercent(num(props.forecastFillPercent))),
      h('dt', {}, 'H3 cell'),
      h('dd', {}, h('code', {}, String(props.h3Cell ?? '—'))),
    ),
    unreachable ? h('p', { class: 'warn' }, `Unreachable: ${unreachable}`) : null,
  );
}

/** Route popup: vehicle, length, duration. */
export function routePopupContent(props: Record<string, unknown>, stopCount: number): HTMLElement {
  return h(
    'div',
    { class: 'popup' },
    h('strong', {}, `Route ${String(props.vehicleId ?? props.routeId ?? '?')}`),
    h('div', {}, `${formatKm(Number(props.distanceM ?? 0))} · ${formatDuration(Number(props.durationS ?? 0))} · ${stopCount} stops`),
  );
}
