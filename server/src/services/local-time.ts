/**
 * Local calendar dates and wall-clock times in the service's time zone (Europe/Monaco),
 * converted to UTC instants with `Intl` (no time-zone library).
 */

/** The service's time zone: shifts, plan dates and "today" are local to Monaco. */
export const SERVICE_TIME_ZONE = 'Europe/Monaco';

function partsAt(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** UTC offset of `timeZone` at an instant, milliseconds (Monaco: +1 h in winter, +2 h in summer). */
export function utcOffsetMs(ms: number, timeZone: string = SERVICE_TIME_ZONE): number {
  const p = partsAt(ms, timeZone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date `YYYY-MM-DD` of an instant. */
export function localDateOf(instant: Date, timeZone: string = SERVICE_TIME_ZONE): string {
  const p = partsAt(instant.getTime(), timeZone);
  return `${p.y}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/**
 * The UTC instant (ms) of a local wall-clock time on a date, given as seconds since local
 * midnight. One offset is used for the whole day: the offset at local noon, so clock times
 * stay on the wall clock on DST days (changes happen at night, before shifts start).
 * @param date `YYYY-MM-DD`.
 */
export function localSecToMs(date: string, secSinceMidnight: number, timeZone: string = SERVICE_TIME_ZONE): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wallMs = Date.UTC(y, m - 1, d) + secSinceMidnight * 1000;
  const noonGuess = Date.UTC(y, m - 1, d, 12);
  const offset = utcOffsetMs(noonGuess - utcOffsetMs(noonGuess, timeZone), timeZone);
  return wallMs - offset;
}

/** ISO string (`toISOString()` form) for {@link localSecToMs}. */
export function localSecToIso(date: string, secSinceMidnight: number, timeZone: string = SERVICE_TIME_ZONE): string {
  return new Date(localSecToMs(date, secSinceMidnight, timeZone)).toISOString();
}

/** Seconds since midnight of a wall-clock `HH:MM` (or `HH:MM:SS`). @throws on a malformed time. */
export function hhmmToSec(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(hhmm);
  if (!m) throw new Error(`not a wall-clock time: '${hhmm}'`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** Local noon of a date, ms: the instant at which a plan's fill forecast is made. */
export function planForecastMs(date: string, timeZone: string = SERVICE_TIME_ZONE): number {
  return localSecToMs(date, 12 * 3600, timeZone);
}
