/**
 * Partial-acceptance ingestion: CSV uploads streamed line by line and FIWARE `WasteContainer`
 * payloads. Good rows are written in one transaction per chunk (a crash never half-writes a
 * chunk), duplicates are counted and ignored (idempotent retries), and every bad row is reported
 * with its line number (CSV, header = line 1) or entity index (NGSI) and the reason.
 * JSON batches of issue 2 stay all-or-nothing in `ReadingsService`.
 */
import { splitCsvLine } from '../csv.js';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { IngestResult, RejectedRow } from '../../contract/index.js';
import type { Db } from '../db/connection.js';
import { AlertsRepository } from '../db/repositories/alerts-repository.js';
import { BinsRepository } from '../db/repositories/bins-repository.js';
import { ReadingsRepository, type ReadingRow } from '../db/repositories/readings-repository.js';
import type { ForecastService } from './forecast-service.js';
import { parseNgsiEntities } from './ngsi.js';

/** Rows per transaction. */
export const INGEST_CHUNK_ROWS = 5_000;
/** At most this many rejected rows are listed one by one; the rest are summarised in one entry. */
export const MAX_LISTED_REJECTS = 10_000;

/** CSV header names accepted for each field (the sample's snake_case and the API's camelCase). */
const CSV_COLUMNS = {
  binId: ['bin_id', 'binId'],
  measuredAt: ['measured_at', 'measuredAt'],
  fillPercent: ['fill_percent', 'fillPercent'],
} as const;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Collects rejects, listing at most {@link MAX_LISTED_REJECTS}. */
class Rejects {
  readonly list: RejectedRow[] = [];
  private extra = 0;
  add(r: RejectedRow): void {
    if (this.list.length < MAX_LISTED_REJECTS) this.list.push(r);
    else this.extra++;
  }
  done(): RejectedRow[] {
    return this.extra > 0 ? [...this.list, { reason: `${this.extra} more rejected rows not listed` }] : this.list;
  }
}

/** Writes CSV and FIWARE uploads (see the file comment); invalidates cached forecasts. */
export class IngestService {
  private readonly bins: BinsRepository;
  private readonly readings: ReadingsRepository;
  private readonly alerts: AlertsRepository;

  constructor(
    private readonly db: Db,
    private readonly forecast: ForecastService,
    private readonly now: () => Date,
  ) {
    this.bins = new BinsRepository(db);
    this.readings = new ReadingsRepository(db);
    this.alerts = new AlertsRepository(db);
  }

  /**
   * Streams a CSV body (`bin_id,measured_at,fill_percent` header, any column order; gzip when
   * `gzip` is true) line by line, at most `maxBytes` bytes; beyond that reading stops, the
   * result says `truncated` and the first unread line is rejected with the reason.
   * @throws InvalidCsvHeaderError when the header lacks a column (nothing is written).
   */
  async ingestCsv(body: Readable, options: { gzip?: boolean; maxBytes: number }): Promise<IngestResult> {
    const known = this.bins.ids();
    const rejects = new Rejects();
    let bytes = 0;
    let truncated = false;
    // Passes whole lines only, so a line cut by the size cap is never parsed.
    let tail: Buffer = Buffer.alloc(0);
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb): void {
        if (truncated) return cb();
        const allowed = Math.max(0, options.maxBytes - bytes);
        bytes += chunk.length;
        const data = Buffer.concat([tail, chunk.length > allowed ? chunk.subarray(0, allowed) : chunk]);
        const cut = data.lastIndexOf(0x0a);
        tail = cut >= 0 ? data.subarray(cut + 1) : data;
        if (cut >= 0) this.push(data.subarray(0, cut + 1));
        if (chunk.length > allowed) {
          truncated = true;
          this.push(null);
        }
        cb();
      },
      flush(cb): void {
        if (!truncated && tail.length > 0) this.push(tail);
        cb();
      },
    });
    const source = options.gzip ? body.pipe(createGunzip()) : body;
    const lines = createInterface({ input: source.pipe(counter), crlfDelay: Infinity });
    let header: Record<keyof typeof CSV_COLUMNS, number> | null = null;
    let lineNo = 0;
    let chunk: ReadingRow[] = [];
    let inserted = 0;
    let duplicates = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const rows = chunk;
      chunk = [];
      const r = this.db.transaction(() => this.readings.insert(rows))();
      inserted += r.inserted;
      duplicates += r.duplicates;
    };
    for await (const raw of lines) {
      lineNo++;
      const line = raw.replace(/^\uFEFF/, '');
      if (line.trim() === '') continue;
      const cells = splitCsvLine(line).map((c) => c.trim());
      if (!header) {
        const find = (names: readonly string[]): number => cells.findIndex((c) => names.includes(c));
        const h = { binId: find(CSV_COLUMNS.binId), measuredAt: find(CSV_COLUMNS.measuredAt), fillPercent: find(CSV_COLUMNS.fillPercent) };
        const missing = (Object.keys(h) as (keyof typeof h)[]).filter((k) => h[k] < 0).map((k) => CSV_COLUMNS[k][0]);
        if (missing.length > 0) throw new InvalidCsvHeaderError(`line 1: the header must name the columns bin_id, measured_at, fill_percent; missing ${missing.join(', ')}`);
        header = h;
        continue;
      }
      const binId = cells[header.binId] ?? '';
      const at = cells[header.measuredAt] ?? '';
      const fillText = cells[header.fillPercent] ?? '';
      const fill = Number(fillText);
      const reasons: string[] = [];
      if (cells.length < 3) reasons.push(`expected 3 fields, got ${cells.length}`);
      else {
        if (binId === '') reasons.push('bin_id is empty');
        else if (!known.has(binId)) reasons.push(`unknown bin '${binId}'`);
        if (!ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at))) reasons.push(`measured_at '${at}' is not an ISO 8601 instant with offset`);
        if (fillText === '' || !Number.isFinite(fill)) reasons.push(`fill_percent '${fillText}' is not a number`);
        else if (fill < 0 || fill > 100) reasons.push(`fill_percent ${fill} is outside 0..100`);
      }
      if (reasons.length > 0) {
        rejects.add({ line: lineNo, reason: reasons.join('; ') });
        continue;
      }
      chunk.push({ binId, measuredAt: new Date(at).toISOString(), fillPercent: fill });
      if (chunk.length >= INGEST_CHUNK_ROWS) flush();
    }
    flush();
    if (!header && !truncated) throw new InvalidCsvHeaderError('the body is empty: expected a header line bin_id,measured_at,fill_percent');
    if (truncated) {
      rejects.add({ line: lineNo + 1, reason: `upload larger than ${Math.round(options.maxBytes / 1_048_576)} MB: this line and the rest were not read` });
      body.resume();
    }
    if (inserted > 0) this.forecast.invalidate();
    return { inserted, duplicates, rejected: rejects.done(), alerts: 0, truncated };
  }

  /** Writes FIWARE `WasteContainer` entities (see `ngsi.ts`), one transaction per chunk of entities. */
  ingestNgsi(entities: readonly unknown[]): IngestResult {
    const known = this.bins.ids();
    const parsed = parseNgsiEntities(entities, (id) => known.has(id));
    const receivedAt = this.now().toISOString();
    let inserted = 0;
    let duplicates = 0;
    let alerts = 0;
    for (let i = 0; i < Math.max(parsed.readings.length, parsed.alerts.length); i += INGEST_CHUNK_ROWS) {
      const readings = parsed.readings.slice(i, i + INGEST_CHUNK_ROWS);
      const alertRows = parsed.alerts.slice(i, i + INGEST_CHUNK_ROWS);
      this.db.transaction(() => {
        const r = this.readings.insert(readings.map((x) => ({ binId: x.binId, measuredAt: x.measuredAt, fillPercent: x.fillPercent })));
        inserted += r.inserted;
        duplicates += r.duplicates;
        alerts += this.alerts.insert(alertRows.map((a) => ({ binId: a.binId, raisedAt: a.raisedAt, status: a.status, source: 'ngsi', receivedAt })));
      })();
    }
    if (inserted > 0) this.forecast.invalidate();
    return { inserted, duplicates, rejected: parsed.rejected, alerts, truncated: false };
  }
}

/** The CSV header is unusable: nothing can be read (400). */
export class InvalidCsvHeaderError extends Error {
  override readonly name = 'InvalidCsvHeaderError';
}
