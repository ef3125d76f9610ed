/**
 * Partial-acceptance ingestion: CSV uploads streamed line by line and FIWARE `WasteContainer`
 * payloads. Good rows are written by chunks, each all or nothing (a crash never half-writes a
 * chunk; chunks share group commits with other writes, `readings-writer.ts`), repeats are counted as duplicates (idempotent retries), rows contradicting a stored
 * reading are reported as conflicts (the stored value is kept), and every bad row is reported with
 * its line number (CSV, header = line 1) or entity index (NGSI) and the reason. When nothing at all
 * is accepted the request is refused (400, or 409 when every row is a conflict) and nothing is
 * written. JSON batches stay all-or-nothing in `ReadingsService`.
 *
 * The CSV path never holds the event loop: bytes go through a {@link LineLimiter} (line and size
 * caps, no huge string ever built) into `csv-parse`'s streaming parser, rows are written by chunks
 * of {@link INGEST_CHUNK_ROWS} and the loop is given back between chunks. A body that cannot be read
 * (invalid or truncated gzip, connection cut) ends the upload there: what came before is kept and
 * the rest is reported, never a crash.
 */
import { parse, type Parser } from 'csv-parse';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { MAX_CSV_LINE_BYTES, type IngestResult, type Issue, type RejectedRow } from '../../contract/index.js';
import type { ReadingRow } from '../db/repositories/readings-repository.js';
import { ConflictError, InvalidInputError } from '../errors.js';
import type { KnownBins } from './known-bins.js';
import { LineLimiter } from './line-limiter.js';
import { parseNgsiEntities } from './ngsi.js';
import { binIdProblem, clip, fillProblem, parseDecimal, parseInstant } from './reading-rules.js';
import { conflictMessage } from './readings-service.js';
import type { ReadingsWriter } from './readings-writer.js';

/** Rows per transaction (and per turn of the event loop): a few milliseconds of SQLite each. */
export const INGEST_CHUNK_ROWS = 250;
/** At most this many rejected rows are listed one by one; the rest are summarised in one entry. */
export const MAX_LISTED_REJECTS = 10_000;

/** CSV header names accepted for each field (the sample's snake_case and the API's camelCase). */
const CSV_COLUMNS = {
  binId: ['bin_id', 'binId'],
  measuredAt: ['measured_at', 'measuredAt'],
  fillPercent: ['fill_percent', 'fillPercent'],
} as const;

/** Collects rejects, listing at most {@link MAX_LISTED_REJECTS}. */
class Rejects {
  readonly list: RejectedRow[] = [];
  private extra = 0;
  conflicts = 0;
  add(r: RejectedRow): void {
    if (r.code === 'conflict') this.conflicts++;
    if (this.list.length < MAX_LISTED_REJECTS) this.list.push(r);
    else this.extra++;
  }
  done(): RejectedRow[] {
    return this.extra > 0 ? [...this.list, { code: 'invalid', reason: `${this.extra} more rejected rows not listed` }] : this.list;
  }
}

/** The CSV delimiter of a header line: `;` (French spreadsheets) when it has one and no comma, else `,`. */
export function sniffDelimiter(headerLine: string): ',' | ';' {
  return headerLine.includes(';') && !headerLine.includes(',') ? ';' : ',';
}

/** How an upload that could not be read to its end is told. */
function unreadableReason(err: unknown, gzip: boolean): string {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (gzip && /^Z_|ERR_ZLIB/.test(code)) return 'the body is not valid gzip (or is cut short)';
  if (gzip && /unexpected end of file/i.test((err as Error)?.message ?? '')) return 'the gzip body is cut short';
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || /aborted/i.test((err as Error)?.message ?? '')) return 'the upload was cut off';
  return 'the body could not be read';
}

/**
 * The answer when nothing was accepted: 409 when every rejected row is a conflict, else 400; the
 * issues list every row (`line N` for CSV, `[i]` for entities).
 */
function nothingAccepted(rejected: readonly RejectedRow[], conflicts: number, what: string): never {
  const issues: Issue[] = rejected.map((r) => ({
    path: r.line !== undefined ? `line ${r.line}` : r.index !== undefined ? `[${r.index}]` : '',
    message: r.reason,
    code: r.code ?? 'invalid',
  }));
  if (conflicts > 0 && conflicts === rejected.length) {
    throw new ConflictError(`no ${what} accepted: every row contradicts a stored reading (the stored values are kept)`, issues);
  }
  throw new InvalidInputError(issues, `no ${what} accepted: ${rejected.length} rejected`);
}

/** Writes CSV and FIWARE uploads (see the file comment); calls `onWrite` after rows are written. */
export class IngestService {
  constructor(
    private readonly writer: ReadingsWriter,
    private readonly bins: KnownBins,
    private readonly now: () => Date,
    private readonly onWrite: () => void,
  ) {}

  /**
   * Streams a CSV body (`bin_id,measured_at,fill_percent` header in any column order, `,` or `;`
   * separated, UTF-8 with or without BOM; gzip when `gzip` is true), at most `maxBytes` bytes and
   * {@link MAX_CSV_LINE_BYTES} per line.
   * @throws InvalidInputError when the header is unusable or no row is accepted (nothing written);
   *   ConflictError when every row contradicts a stored reading.
   */
  async ingestCsv(body: Readable, options: { gzip?: boolean; maxBytes: number }): Promise<IngestResult> {
    const now = this.now();
    const rejects = new Rejects();
    let headerError: string | null = null;
    let onFirstLine: (text: string) => void = () => {};
    const limiter = new LineLimiter({
      onFirstLine: (text) => onFirstLine(text),
      maxLineBytes: MAX_CSV_LINE_BYTES,
      maxBytes: options.maxBytes,
      onTooLong: (line, bytes) => {
        if (line === 1) headerError = `line 1: the header is longer than ${MAX_CSV_LINE_BYTES} bytes`;
        else rejects.add({ line, code: 'invalid', reason: `line longer than ${MAX_CSV_LINE_BYTES} bytes (${bytes}${bytes > MAX_CSV_LINE_BYTES ? '' : '+'} bytes): not read` });
      },
    });

    // The source: the request, through gunzip when asked. Errors are caught where they arise and
    // end the upload; the request is never destroyed here, so an answer can still be sent.
    let readError: unknown = null;
    const fail = (err: unknown): void => {
      readError ??= err;
      limiter.end();
    };
    body.on('error', fail);
    body.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    if (options.gzip) {
      const gunzip = createGunzip();
      gunzip.on('error', (err) => {
        body.unpipe(gunzip);
        fail(err);
      });
      body.pipe(gunzip).pipe(limiter);
    } else body.pipe(limiter);

    // The parser is made once the first line is known (its delimiter).
    let parser: Parser | null = null;
    const parserReady = new Promise<Parser | null>((resolve) => {
      // 'finish': everything was written to the limiter (its first line, if any, has been seen)
      limiter.once('finish', () => resolve(parser));
      limiter.once('error', () => resolve(parser));
      onFirstLine = (text: string): void => {
        parser = parse({
          bom: true,
          delimiter: sniffDelimiter(text.replace(/^\uFEFF/, '')),
          skip_empty_lines: true,
          relax_column_count: true,
          relax_quotes: true,
          trim: true,
          info: true,
          skip_records_with_error: true,
          on_skip: (err) => {
            const line = (err as { lines?: number } | undefined)?.lines;
            rejects.add({ ...(line !== undefined ? { line } : {}), code: 'invalid', reason: `not valid CSV: ${clip(err?.message ?? 'unreadable', 120)}` });
          },
        });
        limiter.pipe(parser);
        resolve(parser);
      };
    });

    let header: Record<keyof typeof CSV_COLUMNS, number> | null = null;
    let rows: ReadingRow[] = [];
    let lines: number[] = [];
    let inserted = 0;
    let duplicates = 0;
    const flush = async (): Promise<void> => {
      if (rows.length === 0) return;
      const chunk = rows;
      const chunkLines = lines;
      rows = [];
      lines = [];
      const outcome = await this.writer.write({ readings: chunk });
      inserted += outcome.inserted;
      duplicates += outcome.duplicates;
      for (const c of outcome.conflicts) {
        const r = chunk[c.row]!;
        rejects.add({ line: chunkLines[c.row]!, code: 'conflict', reason: conflictMessage(r.binId, r.measuredAt, c.storedFillPercent) });
      }
      await yieldToLoop();
    };

    const ready = await parserReady;
    if (ready) {
      try {
        for await (const item of ready as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
          const cells = item.record;
          const lineNo = item.info.lines;
          if (!header) {
            if (headerError) break;
            const find = (names: readonly string[]): number => cells.findIndex((c) => names.includes(c));
            const h = { binId: find(CSV_COLUMNS.binId), measuredAt: find(CSV_COLUMNS.measuredAt), fillPercent: find(CSV_COLUMNS.fillPercent) };
            const missing = (Object.keys(h) as (keyof typeof h)[]).filter((k) => h[k] < 0).map((k) => CSV_COLUMNS[k][0]);
            if (missing.length > 0) {
              headerError = `line ${lineNo}: the header must name the columns bin_id, measured_at, fill_percent; missing ${missing.join(', ')}`;
              break;
            }
            header = h;
            continue;
          }
          const row = this.csvRow(cells, header, now);
          if (typeof row === 'string') {
            rejects.add({ line: lineNo, code: 'invalid', reason: row });
            continue;
          }
          rows.push(row);
          lines.push(lineNo);
          if (rows.length >= INGEST_CHUNK_ROWS) await flush();
        }
      } catch (err) {
        readError ??= err;
      }
    }
    await flush();
    if (headerError || (readError === null && !header && !limiter.truncated)) {
      body.unpipe();
      body.resume();
      if (!headerError) throw new InvalidInputError([{ path: '', message: 'the body is empty: expected a header line bin_id,measured_at,fill_percent' }], 'unusable CSV header');
      throw new InvalidInputError([{ path: 'line 1', message: headerError }], 'unusable CSV header');
    }
    let truncated = false;
    if (readError !== null) {
      truncated = true;
      rejects.add({ code: 'invalid', reason: `${unreadableReason(readError, options.gzip === true)}: reading stopped after ${inserted + duplicates} accepted row(s); the rest was not read` });
    } else if (limiter.truncated) {
      truncated = true;
      rejects.add({ line: limiter.truncatedAtLine, code: 'invalid', reason: `upload larger than ${Math.round(options.maxBytes / 1_048_576)} MB: this line and the rest were not read` });
    }
    if (truncated) {
      body.unpipe();
      body.resume();
    }
    if (inserted > 0) this.onWrite();
    const rejected = rejects.done();
    if (inserted + duplicates === 0 && rejected.length > 0) nothingAccepted(rejected, rejects.conflicts, 'row');
    return { inserted, duplicates, conflicts: rejects.conflicts, rejected, alerts: 0, truncated };
  }

  /** One CSV record as a reading, or the reasons it is refused (joined). */
  private csvRow(cells: readonly string[], header: Record<keyof typeof CSV_COLUMNS, number>, now: Date): ReadingRow | string {
    if (cells.length < 3) return `expected 3 fields, got ${cells.length}`;
    const binId = cells[header.binId] ?? '';
    const at = cells[header.measuredAt] ?? '';
    const fillText = cells[header.fillPercent] ?? '';
    const reasons: string[] = [];
    const idProblem = binIdProblem(binId);
    if (idProblem) reasons.push(`bin_id ${idProblem}`);
    else if (!this.bins.has(binId)) reasons.push(`unknown bin '${binId}'`);
    const instant = parseInstant(at, now);
    if (!instant.ok) reasons.push(`measured_at ${instant.reason}`);
    const fill = parseDecimal(fillText);
    if (fill === null) reasons.push(`fill_percent '${clip(fillText)}' is not a decimal number (e.g. 64.5)`);
    else {
      const problem = fillProblem(fill);
      if (problem) reasons.push(`fill_percent ${fill} ${problem}`);
    }
    if (reasons.length > 0 || !instant.ok || fill === null) return reasons.join('; ');
    return { binId, measuredAt: instant.iso, fillPercent: fill };
  }

  /**
   * Writes FIWARE `WasteContainer` entities (see `ngsi.ts`), one transaction per chunk. An entity is
   * accepted whole (its reading and its alert) or rejected whole.
   * @throws InvalidInputError / ConflictError when no entity is accepted (nothing written).
   */
  async ingestNgsi(entities: readonly unknown[]): Promise<IngestResult> {
    const parsed = parseNgsiEntities(entities, (id) => this.bins.has(id), this.now());
    const receivedAt = this.now().toISOString();
    const rejects = new Rejects();
    for (const r of parsed.rejected) rejects.add({ ...r, code: 'invalid' });
    let inserted = 0;
    let duplicates = 0;
    let alerts = 0;
    const n = Math.max(parsed.readings.length, parsed.alerts.length);
    for (let i = 0; i < n; i += INGEST_CHUNK_ROWS) {
      const readings = parsed.readings.slice(i, i + INGEST_CHUNK_ROWS);
      const alertRows = parsed.alerts.slice(i, i + INGEST_CHUNK_ROWS);
      const r = await this.writer.write({ readings, alerts: alertRows.map((a) => ({ binId: a.binId, raisedAt: a.raisedAt, status: a.status, source: 'ngsi', receivedAt })) });
      inserted += r.inserted;
      duplicates += r.duplicates;
      for (const c of r.conflicts) {
        const x = readings[c.row]!;
        rejects.add({ index: x.index, code: 'conflict', reason: conflictMessage(x.binId, x.measuredAt, c.storedFillPercent) });
      }
      alerts += r.alertsInserted;
    }
    if (inserted > 0) this.onWrite();
    const rejected = rejects.done().sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    const accepted = inserted + duplicates + parsed.alerts.length;
    if (accepted === 0 && rejected.length > 0) nothingAccepted(rejected, rejects.conflicts, 'entity');
    return { inserted, duplicates, conflicts: rejects.conflicts, rejected, alerts, truncated: false };
  }
}
