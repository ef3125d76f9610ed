/**
 * The rules every reading obeys, whatever its door (JSON batch, CSV upload, FIWARE payload), so a
 * reading refused by one is refused by all with the same words: its instant lies between
 * `EARLIEST_READING_AT` and `MAX_CLOCK_SKEW_SEC` after the server's clock, its fill is a decimal
 * number from 0 to `MAX_FILL_PERCENT` (above 100 is overflowing and kept as such), its bin id is
 * at most `MAX_ID_LENGTH` characters.
 */
import { EARLIEST_READING_AT, MAX_CLOCK_SKEW_SEC, MAX_FILL_PERCENT, MAX_ID_LENGTH, MAX_STATUS_LENGTH } from '../../contract/index.js';

const EARLIEST_MS = Date.parse(EARLIEST_READING_AT);
/** ISO 8601 instant with a time and an explicit offset (`Z` or `±hh:mm`). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A plain decimal: digits, optionally a point or a comma (French spreadsheets) and digits. No sign, exponent or hex. */
const DECIMAL = /^\d{1,12}([.,]\d{1,12})?$/;
/** A status word: letters, digits, `_`, `-`, `.`; starts with a letter. */
const STATUS_WORD = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** The instants a reading may carry at `now`, epoch ms (inclusive). */
export function readingTimeWindow(now: Date): { fromMs: number; toMs: number } {
  return { fromMs: EARLIEST_MS, toMs: now.getTime() + MAX_CLOCK_SKEW_SEC * 1000 };
}

/** Why an instant (epoch ms) is refused at `now`, or null when it is plausible. */
export function instantProblem(ms: number, now: Date): string | null {
  const { fromMs, toMs } = readingTimeWindow(now);
  if (ms < fromMs) return `is before ${EARLIEST_READING_AT}, the earliest date a reading may carry`;
  if (ms > toMs) return `is in the future: after ${new Date(toMs).toISOString()} (the server's clock plus ${MAX_CLOCK_SKEW_SEC / 60} minutes)`;
  return null;
}

/**
 * Parses an ISO 8601 instant written as text (with an offset), checks it is plausible at `now`.
 * @returns the normalised UTC instant (`toISOString()` form) or the reason it is refused.
 */
export function parseInstant(text: string, now: Date): { ok: true; iso: string } | { ok: false; reason: string } {
  const ms = Date.parse(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(ms)) return { ok: false, reason: `'${clip(text)}' is not an ISO 8601 instant with offset (e.g. 2026-11-28T06:00:00Z)` };
  const problem = instantProblem(ms, now);
  if (problem) return { ok: false, reason: `'${clip(text)}' ${problem}` };
  return { ok: true, iso: new Date(ms).toISOString() };
}

/** Why a fill (percent) is refused, or null. */
export function fillProblem(fillPercent: number): string | null {
  if (!Number.isFinite(fillPercent)) return 'is not a number';
  if (fillPercent < 0) return 'must be >= 0';
  if (fillPercent > MAX_FILL_PERCENT) return `must be <= ${MAX_FILL_PERCENT} (above 100 is kept as overflowing, up to ${MAX_FILL_PERCENT})`;
  return null;
}

/**
 * Reads a fill written as text: a plain decimal (`64`, `64.5`, `64,5`), nothing else (`0x10`,
 * `1e2`, `+5`, `Infinity` and empty text are refused).
 */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  return Number(text.replace(',', '.'));
}

/** Why a bin id is refused (length only; whether it exists is the caller's question), or null. */
export function binIdProblem(binId: string): string | null {
  if (binId === '') return 'is empty';
  if (binId.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  return null;
}

/** Why a sensor status is refused, or null: one word of at most `MAX_STATUS_LENGTH` characters. */
export function statusProblem(status: string): string | null {
  if (status.length > MAX_STATUS_LENGTH) return `is longer than ${MAX_STATUS_LENGTH} characters`;
  if (!STATUS_WORD.test(status)) return `'${clip(status)}' is not a status word (letters, digits, _ - .)`;
  return null;
}

/** Shortens a value quoted in a message, so a huge field never fills an error. */
export function clip(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
