/**
 * Number, duration and date formatting for the panel, popups and admin tables: `Intl` in the
 * current language's locale (`i18n/index.ts`: French by default, `12,3 km`, `28/11/2026 07:00`),
 * clock times in the time zone of the space shown (units always shown).
 */
import type { PlanDto } from '../../../server/contract/index.js';
import { language, locale, t } from '../i18n/index.js';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat` of the current locale with `digits` fraction digits (fixed). */
function numberFormat(digits: 0 | 1): Intl.NumberFormat {
  const key = `${locale()}|${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format;
}

/** An integer or decimal in the current locale: `1 234`, `652,5`. */
export function formatNumber(value: number, maxDigits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxDigits }).format(value);
}

/** Metres → `12,3 km`. */
export function formatKm(distanceM: number): string {
  return `${numberFormat(1).format(distanceM / 1000)} km`;
}

/** Seconds → hours and minutes: `1 h 30` in French, `1:30` in English. */
export function formatDuration(durationS: number): string {
  const totalMinutes = Math.round(durationS / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = String(totalMinutes % 60).padStart(2, '0');
  return language() === 'fr' ? `${hours} h ${minutes}` : `${hours}:${minutes}`;
}

/** Seconds → `7,5 h`. */
export function formatHours(durationS: number): string {
  return `${numberFormat(1).format(durationS / 3600)} h`;
}

/** Litres → `1 200 L`. */
export function formatLitres(litres: number): string {
  return `${numberFormat(0).format(litres)} L`;
}

/** Kilograms → `350 kg`. */
export function formatKg(kg: number): string {
  return `${numberFormat(0).format(kg)} kg`;
}

/** Percent or `—` when there is no reading: `72 %` (French), `72%` (English). */
export function formatPercent(percent: number | null): string {
  if (percent === null) return t('common.dash');
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

/** Euros → `2 415 €` (French), `€2,415` (English). */
export function formatEuros(amount: number): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}

/** The default time zone (same as the server's `SERVICE_TIME_ZONE`): "today" is Monaco's today. */
export const SERVICE_TIME_ZONE = 'Europe/Monaco';

let displayTimeZone = SERVICE_TIME_ZONE;

/** Sets the time zone clock times are shown in (the current space's); an unknown zone is ignored. */
export function setDisplayTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    displayTimeZone = timeZone;
  } catch {
    displayTimeZone = SERVICE_TIME_ZONE; // not an IANA zone this browser knows: keep the service's
  }
}

/** The time zone clock times are shown in. */
export function timeZoneShown(): string {
  return displayTimeZone;
}

/** ISO instant → wall-clock `28/11/2026 07:00`, or `—`. */
export function formatInstant(iso: string | null): string {
  if (iso === null) return t('common.dash');
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(locale(), { timeZone: displayTimeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** ISO instant → wall-clock `10:15`, or `—`. */
export function formatClock(iso: string | null): string {
  if (iso === null) return t('common.dash');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString(locale(), { timeZone: displayTimeZone, hour: '2-digit', minute: '2-digit' });
}

/** Calendar date `YYYY-MM-DD` → `samedi 28 novembre 2026` (French), `Saturday, 28 November 2026` (English). */
export function formatDate(isoDay: string): string {
  const date = new Date(`${isoDay}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return date.toLocaleDateString(locale(), { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * Calendar date `YYYY-MM-DD` of `now` in `timeZone` (default the one shown), so the default plan
 * date does not depend on the browser's time zone. The clock is a parameter.
 */
export function isoDate(now: Date, timeZone: string = displayTimeZone): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * A wait in seconds (a `Retry-After`) in words: `45 secondes`, `15 minutes` (rounded up to the
 * minute from one minute on).
 */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 60 ? t('wait.seconds', { count: s }) : t('wait.minutes', { count: Math.ceil(s / 60) });
}

/**
 * A route's unloading trips and breaks: `Vidages 08:40 (n° 12), 11:05 (n° 30) · Pause 0 h 20 à
 * 10:15` (`n° n` is the stop number of the map's square marker).
 */
export function formatRouteDay(route: Pick<PlanDto['routes'][number], 'steps' | 'breakS'>): string {
  const visits = route.steps.filter((s) => s.kind === 'disposal');
  const breaks = route.steps.filter((s) => s.kind === 'break');
  const list = visits.map((s) => t('routeDay.visit', { time: formatClock(s.start), seq: s.seq ?? '?' })).join(', ');
  const disposal = visits.length ? t('routeDay.disposal', { count: visits.length, list }) : t('routeDay.noDisposal');
  const pause = breaks.length ? t('routeDay.pause', { duration: formatDuration(route.breakS), times: breaks.map((s) => formatClock(s.start)).join(', ') }) : t('routeDay.noPause');
  return `${disposal} · ${pause}`;
}

/** Local date-time `YYYY-MM-DDTHH:MM` (already in the space's time zone) → `28/11/2026 07:00`. */
export function formatLocalDateTime(local: string): string {
  const date = new Date(`${local}:00Z`);
  return Number.isNaN(date.getTime())
    ? local
    : date.toLocaleString(locale(), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The wall-clock `HH:MM` of `now` in the time zone shown (24-hour). */
export function localClock(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: displayTimeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}
