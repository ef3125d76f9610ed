/**
 * Number, duration and date formatting for the panel and popups (French locale, units always shown).
 */
import type { PlanDto } from '../../../server/contract/index.js';

const NUMBER_0 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const NUMBER_1 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Metres → `12,3 km`. */
export function formatKm(distanceM: number): string {
  return `${NUMBER_1.format(distanceM / 1000)} km`;
}

/** Seconds → `h:mm`, e.g. 5400 → `1:30`. */
export function formatDuration(durationS: number): string {
  const totalMinutes = Math.round(durationS / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}`;
}

/** Seconds → `7,5 h`. */
export function formatHours(durationS: number): string {
  return `${NUMBER_1.format(durationS / 3600)} h`;
}

/** Litres → `1 200 L`. */
export function formatLitres(litres: number): string {
  return `${NUMBER_0.format(litres)} L`;
}

/** Kilograms → `350 kg`. */
export function formatKg(kg: number): string {
  return `${NUMBER_0.format(kg)} kg`;
}

/** Percent or `—` when there is no reading. */
export function formatPercent(percent: number | null): string {
  return percent === null ? '—' : `${NUMBER_0.format(percent)} %`;
}

/** ISO instant → Monaco wall-clock `28/11/2026 07:00`, or `—`. */
export function formatInstant(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('fr-FR', { timeZone: SERVICE_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** ISO instant → Monaco wall-clock `10:15`, or `—`. */
export function formatClock(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString('fr-FR', { timeZone: SERVICE_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
}

/** Euros → `2 415 €`. */
export function formatEuros(amount: number): string {
  return `${NUMBER_0.format(amount)} €`;
}

/** The service's time zone (same as the server's `SERVICE_TIME_ZONE`): "today" is Monaco's today. */
export const SERVICE_TIME_ZONE = 'Europe/Monaco';

/**
 * Calendar date `YYYY-MM-DD` of `now` in `timeZone` (default the service's), so the default plan
 * date does not depend on the browser's time zone. The clock is a parameter.
 */
export function isoDate(now: Date, timeZone: string = SERVICE_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A route's unloading trips and breaks: `Disposal 08:40 (#12), 11:05 (#30) · Break 0:20 at 10:15`
 * (`#n` is the stop number of the map's square marker).
 */
export function formatRouteDay(route: Pick<PlanDto['routes'][number], 'steps' | 'breakS'>): string {
  const visits = route.steps.filter((s) => s.kind === 'disposal');
  const breaks = route.steps.filter((s) => s.kind === 'break');
  const disposal = visits.length ? `Disposal ${visits.map((s) => `${formatClock(s.start)} (#${s.seq ?? '?'})`).join(', ')}` : 'No disposal trip';
  const pause = breaks.length ? `Break ${formatDuration(route.breakS)} at ${breaks.map((s) => formatClock(s.start)).join(', ')}` : 'No break';
  return `${disposal} · ${pause}`;
}
