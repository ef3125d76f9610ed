/**
 * Reading an inventory file into items: CSV (comma, semicolon or tab, found from the header line;
 * UTF-8 with or without BOM, as French spreadsheets export them; a decimal comma accepted where
 * it is unambiguous) or GeoJSON (a FeatureCollection of Points, as QGIS exports it: the
 * coordinates from the geometry, the other fields from the properties). Columns are matched by
 * name whatever their case, accents or separators (`capacity_litres`, `capacityLitres`,
 * `Capacité litres`...), with a few French aliases. Each row becomes an item checked by the
 * kind's schema from the contract; every refused row is listed with its line (or feature index),
 * column and reason, never dropped. Pure: no I/O.
 */
import { parse as csvParser } from 'csv-parse';
import { INVENTORY_ITEM_SCHEMAS, STREAM_VALUES, type ImportReasonCode, type ImportReject, type InventoryKind } from '../../contract/index.js';

/** A reason in words, with its stable key and the values it names (for the client's translation). */
export interface Reason {
  readonly reason: string;
  readonly reasonCode: ImportReasonCode;
  readonly reasonParams?: Record<string, string | number>;
}

/** Builds a {@link Reason}. */
export function because(reasonCode: ImportReasonCode, reason: string, reasonParams?: Record<string, string | number>): Reason {
  return { reason, reasonCode, ...(reasonParams ? { reasonParams } : {}) };
}

/** One field of an item: its canonical column name, aliases, how a cell is read, default when absent. */
interface FieldSpec {
  readonly field: string;
  readonly column: string;
  readonly aliases: readonly string[];
  readonly type: 'string' | 'number' | 'stream' | 'streams' | 'time' | 'siteKind';
  /** Absent or empty: the item's current value on an update, else this default (`undefined`: required). */
  readonly fallback?: unknown;
  /** Taken from a GeoJSON geometry rather than the properties. */
  readonly geometry?: 0 | 1;
}

const ID = (aliases: string[]): FieldSpec => ({ field: 'id', column: 'id', aliases, type: 'string' });
const LNG: FieldSpec = { field: 'lng', column: 'lng', aliases: ['lon', 'long', 'longitude', 'x'], type: 'number', geometry: 0 };
const LAT: FieldSpec = { field: 'lat', column: 'lat', aliases: ['latitude', 'y'], type: 'number', geometry: 1 };

/** The columns of each kind (documented in docs/inventory-import.md). */
export const INVENTORY_COLUMNS: Record<InventoryKind, readonly FieldSpec[]> = {
  bins: [
    ID(['bin_id', 'id_bac', 'identifiant']),
    LNG,
    LAT,
    { field: 'stream', column: 'stream', aliases: ['flux'], type: 'stream' },
    { field: 'container', column: 'container', aliases: ['conteneur', 'contenant'], type: 'string', fallback: 'bac' },
    { field: 'capacityLitres', column: 'capacity_litres', aliases: ['capacite_litres', 'volume_litres', 'capacity', 'capacite', 'volume'], type: 'number' },
    { field: 'serviceSec', column: 'service_sec', aliases: ['duree_service_sec'], type: 'number', fallback: 60 },
    { field: 'osmRef', column: 'osm_ref', aliases: [], type: 'string', fallback: null },
    { field: 'accessNotes', column: 'access_notes', aliases: ['notes_acces', 'consignes_acces'], type: 'string', fallback: null },
  ],
  sites: [
    ID(['site_id', 'identifiant']),
    { field: 'kind', column: 'kind', aliases: ['type', 'nature'], type: 'siteKind' },
    { field: 'name', column: 'name', aliases: ['nom'], type: 'string' },
    LNG,
    LAT,
    { field: 'serviceSec', column: 'service_sec', aliases: ['duree_service_sec'], type: 'number', fallback: 0 },
  ],
  vehicles: [
    ID(['vehicle_id', 'vehicule_id', 'immatriculation', 'identifiant']),
    { field: 'name', column: 'name', aliases: ['nom'], type: 'string' },
    { field: 'type', column: 'type', aliases: [], type: 'string', fallback: 'truck' },
    { field: 'streams', column: 'streams', aliases: ['flux'], type: 'streams' },
    { field: 'capacityLitres', column: 'capacity_litres', aliases: ['capacite_litres', 'volume_litres'], type: 'number' },
    { field: 'capacityKg', column: 'capacity_kg', aliases: ['capacite_kg', 'charge_utile_kg'], type: 'number' },
    { field: 'shiftStart', column: 'shift_start', aliases: ['debut_service', 'debut'], type: 'time' },
    { field: 'shiftEnd', column: 'shift_end', aliases: ['fin_service', 'fin'], type: 'time' },
    { field: 'co2KgPerKm', column: 'co2_kg_per_km', aliases: ['co2_kg_km'], type: 'number', fallback: 2.5 },
  ],
};

/** French (and other usual) names of the streams. */
const STREAM_ALIASES: Record<string, (typeof STREAM_VALUES)[number]> = {
  omr: 'residual', ordures_menageres: 'residual', ordures_menageres_residuelles: 'residual', residuel: 'residual', residuels: 'residual',
  emballages: 'packaging', emballage: 'packaging', recyclables: 'packaging', multimateriaux: 'packaging',
  verre: 'glass', papier: 'paper', papiers: 'paper', biodechets: 'biowaste', biodechet: 'biowaste',
};
const SITE_KIND_ALIASES: Record<string, 'depot' | 'disposal'> = {
  depot: 'depot', disposal: 'disposal', exutoire: 'disposal', quai: 'disposal', quai_de_transfert: 'disposal', centre_de_traitement: 'disposal', incinerateur: 'disposal',
};

/** Lower case, no accents, runs of anything else than letters and digits as one `_`; camelCase split. */
export function normaliseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * A number written as a plain decimal, with a dot or a comma (`7,4167` as French spreadsheets
 * write it) and spaces between thousands; `1.234,5` (both marks), `1e3` or `0x10` are refused.
 * @returns the number, or a reason.
 */
export function parseDecimal(text: string): number | Reason {
  const s = text.trim().replace(/(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)/g, '');
  if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(s)) return because('not_decimal', `'${text.slice(0, 40)}' is not a decimal number (write 7.4167 or 7,4167)`, { value: text.slice(0, 40) });
  return Number(s.replace(',', '.'));
}

/** A cell or property value read as the field's type, or a reason. */
function readValue(spec: FieldSpec, value: unknown): { value: unknown } | Reason {
  if (spec.type === 'number') {
    if (typeof value === 'number') return { value };
    if (typeof value !== 'string') return because('not_number', 'must be a number');
    const n = parseDecimal(value);
    return typeof n === 'number' ? { value: n } : n;
  }
  if (spec.type === 'streams') {
    const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[|,;/+\s]+/) : null;
    if (!parts) return because('not_streams', 'must be a list of streams');
    const out: string[] = [];
    for (const p of parts.filter((x) => x.trim() !== '')) {
      const s = readStream(p);
      if (typeof s !== 'string') return s;
      if (!out.includes(s)) out.push(s);
    }
    return { value: out };
  }
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : null;
  if (text === null) return because('not_text', 'must be text');
  if (spec.type === 'stream') {
    const s = readStream(text);
    return typeof s === 'string' ? { value: s } : s;
  }
  if (spec.type === 'siteKind') {
    const k = SITE_KIND_ALIASES[normaliseName(text)];
    return k ? { value: k } : because('not_site_kind', `'${text.slice(0, 40)}' is not a site kind (depot or disposal)`, { value: text.slice(0, 40) });
  }
  if (spec.type === 'time') {
    const m = /^(\d{1,2})\s*[:hH]\s*(\d{2})(:00)?$/.exec(text);
    return m ? { value: `${m[1]!.padStart(2, '0')}:${m[2]}` } : { value: text };
  }
  return { value: text };
}

function readStream(text: string): string | Reason {
  const n = normaliseName(text);
  if ((STREAM_VALUES as readonly string[]).includes(n)) return n;
  return STREAM_ALIASES[n] ?? because('not_stream', `'${text.slice(0, 40)}' is not a stream (${STREAM_VALUES.join(', ')})`, { value: text.slice(0, 40) });
}

/** A data row of a file: where it is, and its values by canonical field (absent: the file has no such column or the cell is empty). */
export interface SourceRow {
  readonly line?: number;
  readonly index?: number;
  /** field -> [column name as the file writes it, raw value] */
  readonly cells: ReadonlyMap<string, readonly [string, unknown]>;
  /** A problem with the row as a whole (wrong number of columns, not a Point...). */
  readonly problem?: Reason;
}

/** A file read into rows, or refused as a whole. */
export interface ReadFile {
  readonly format: 'csv' | 'geojson';
  readonly delimiter: string | null;
  readonly rows: SourceRow[];
  /** Problems with the file itself (not CSV, required column missing...): nothing can be imported. */
  readonly fileProblems: ImportReject[];
  /** The fields the file has a column for. */
  readonly fields: ReadonlySet<string>;
}

/** Matches a file's column names to the kind's fields; unknown columns are ignored. */
function matchColumns(kind: InventoryKind, names: readonly string[]): Map<string, number> {
  const byName = new Map<string, number>();
  names.forEach((n, i) => {
    const k = normaliseName(n);
    if (!byName.has(k)) byName.set(k, i);
  });
  const out = new Map<string, number>();
  for (const spec of INVENTORY_COLUMNS[kind]) {
    for (const name of [spec.column, normaliseName(spec.field), ...spec.aliases]) {
      const i = byName.get(name);
      if (i !== undefined) {
        out.set(spec.field, i);
        break;
      }
    }
  }
  return out;
}

function missingColumns(kind: InventoryKind, fields: ReadonlySet<string>, line: number | undefined): ImportReject[] {
  return INVENTORY_COLUMNS[kind]
    .filter((s) => s.fallback === undefined && !fields.has(s.field))
    .map((s) => ({ ...(line !== undefined ? { line } : {}), column: s.column, code: 'missing' as const, ...because('missing_column', `the file has no column ${s.column}${s.aliases.length > 0 ? ` (or ${s.aliases.slice(0, 3).join(', ')})` : ''}`, { column: s.column }) }));
}

/** The delimiter of a CSV from its first non-empty line: the most frequent of `;`, `,` and tab outside quotes. */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\ufeff/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = first.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** Characters of CSV text parsed between two returns to the event loop. */
const CSV_SLICE_CHARS = 32_768;

/** Gives the event loop back (other requests are served between two slices of a large file). */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Parses CSV text slice by slice (csv-parse's stream), giving the event loop back between slices. */
async function parseCsvText(text: string, delimiter: string): Promise<{ record: string[]; info: { lines: number } }[]> {
  const records: { record: string[]; info: { lines: number } }[] = [];
  const parser = csvParser({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, info: true, trim: false });
  parser.on('readable', () => {
    let r: unknown;
    while ((r = parser.read()) !== null) records.push(r as (typeof records)[number]);
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  done.catch(() => undefined); // awaited below; a parse error must not be an unhandled rejection meanwhile
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  for (let at = 0; at < text.length && !failed; ) {
    let end = Math.min(text.length, at + CSV_SLICE_CHARS);
    // never cut a surrogate pair (each slice is encoded to UTF-8 on its own)
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end--;
    parser.write(text.slice(at, end));
    at = end;
    await yieldToLoop();
  }
  if (!failed) parser.end();
  await done;
  return records;
}

/** Reads CSV text (see the file comment). */
export async function readCsv(kind: InventoryKind, text: string): Promise<ReadFile> {
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = await parseCsvText(text, delimiter);
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return {
      format: 'csv',
      delimiter,
      rows: [],
      fields: new Set(),
      fileProblems: [{ ...(line !== undefined ? { line } : {}), code: 'invalid', ...because('not_csv', `not valid CSV: ${err instanceof Error ? err.message.slice(0, 200) : String(err)}`) }],
    };
  }
  if (records.length === 0) return { format: 'csv', delimiter, rows: [], fields: new Set(), fileProblems: [{ line: 1, code: 'missing', ...because('empty_file', 'the file is empty: it needs a header line') }] };
  const header = records[0]!.record;
  const headerLine = records[0]!.info.lines;
  const columns = matchColumns(kind, header);
  const fields = new Set(columns.keys());
  const rows = records.slice(1).map(({ record, info }): SourceRow => {
    const cells = new Map<string, readonly [string, unknown]>();
    for (const [field, i] of columns) {
      const v = record[i];
      if (v !== undefined && v.trim() !== '') cells.set(field, [header[i]!.trim(), v]);
    }
    const problem =
      record.length !== header.length
        ? because('column_count', `has ${record.length} columns, the header ${header.length}${delimiter === ',' ? ' (a decimal comma must be quoted in a comma-separated file, or use ;)' : ''}`, { found: record.length, expected: header.length })
        : undefined;
    return { line: info.lines, cells, ...(problem ? { problem } : {}) };
  });
  return { format: 'csv', delimiter, rows, fields, fileProblems: missingColumns(kind, fields, headerLine) };
}

/** Reads a GeoJSON FeatureCollection (see the file comment). */
export function readGeoJson(kind: InventoryKind, doc: unknown): ReadFile {
  const fail = (reason: Reason): ReadFile => ({ format: 'geojson', delimiter: null, rows: [], fields: new Set(), fileProblems: [{ code: 'invalid', ...reason }] });
  if (typeof doc !== 'object' || doc === null || (doc as { type?: unknown }).type !== 'FeatureCollection' || !Array.isArray((doc as { features?: unknown }).features)) {
    return fail(because('not_feature_collection', 'not a GeoJSON FeatureCollection'));
  }
  const crs = JSON.stringify((doc as { crs?: unknown }).crs ?? '');
  if (crs !== '""' && !/CRS84|EPSG::?4326/i.test(crs)) return fail(because('bad_crs', `coordinates must be WGS 84 longitude/latitude (EPSG:4326), not ${crs.slice(0, 80)}: export the layer in EPSG:4326`, { crs: crs.slice(0, 80) }));
  const located = kind !== 'vehicles';
  const features = (doc as { features: unknown[] }).features;
  const names = new Set<string>();
  for (const f of features) {
    const p = (f as { properties?: unknown } | null)?.properties;
    if (typeof p === 'object' && p !== null) for (const k of Object.keys(p)) names.add(k);
  }
  const nameList = [...names];
  const columns = matchColumns(kind, nameList);
  const fields = new Set(columns.keys());
  if (located) {
    fields.add('lng');
    fields.add('lat');
  }
  if (!fields.has('id') && features.some((f) => (f as { id?: unknown } | null)?.id !== undefined)) fields.add('id');
  const rows = features.map((f, index): SourceRow => {
    const cells = new Map<string, readonly [string, unknown]>();
    const feature = (typeof f === 'object' && f !== null ? f : {}) as { type?: unknown; id?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null };
    const props = feature.properties ?? {};
    for (const [field, i] of columns) {
      const v = props[nameList[i]!];
      if (v !== undefined && v !== null && v !== '') cells.set(field, [nameList[i]!, v]);
    }
    if (!cells.has('id') && (typeof feature.id === 'string' || typeof feature.id === 'number')) cells.set('id', ['id', String(feature.id)]);
    let problem: Reason | undefined;
    if (feature.type !== 'Feature') problem = because('not_feature', 'is not a Feature');
    else if (located) {
      const g = feature.geometry;
      const c = g?.type === 'Point' ? g.coordinates : g?.type === 'MultiPoint' && Array.isArray(g.coordinates) && g.coordinates.length === 1 ? g.coordinates[0] : undefined;
      if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') problem = because('no_point', 'needs a Point geometry [longitude, latitude]');
      else {
        cells.set('lng', ['geometry', c[0]]);
        cells.set('lat', ['geometry', c[1]]);
      }
    }
    return { index, cells, ...(problem ? { problem } : {}) };
  });
  return { format: 'geojson', delimiter: null, rows, fields, fileProblems: missingColumns(kind, fields, undefined) };
}

/** A row read into an item (checked by the kind's schema), or its problems. */
export type RowItem<T> = { readonly ok: true; readonly id: string; readonly item: T } | { readonly ok: false; readonly id?: string; readonly rejects: ImportReject[] };

/**
 * The item of a row: each field from its cell, else (absent or empty) the current item's value
 * when `current` gives one, else the field's default; then the kind's schema.
 */
export function rowItem<T>(kind: InventoryKind, row: SourceRow, current: (id: string) => Record<string, unknown> | undefined): RowItem<T> {
  const where = { ...(row.line !== undefined ? { line: row.line } : {}), ...(row.index !== undefined ? { index: row.index } : {}) };
  const rawId = row.cells.get('id')?.[1];
  const id = typeof rawId === 'string' ? rawId.trim() : typeof rawId === 'number' ? String(rawId) : undefined;
  const withId = id ? { id } : {};
  if (row.problem) return { ok: false, ...withId, rejects: [{ ...where, ...withId, code: 'invalid', ...row.problem }] };
  const specs = INVENTORY_COLUMNS[kind];
  const rejects: ImportReject[] = [];
  const candidate: Record<string, unknown> = {};
  const existing = id ? current(id) : undefined;
  const columnOf = new Map<string, string>();
  for (const spec of specs) {
    const cell = row.cells.get(spec.field);
    columnOf.set(spec.field, cell?.[0] ?? spec.column);
    if (!cell) {
      if (existing && spec.field in existing) candidate[spec.field] = existing[spec.field];
      else if (spec.fallback !== undefined) candidate[spec.field] = spec.fallback;
      else rejects.push({ ...where, ...withId, column: spec.column, code: 'missing', ...because('required', 'is required') });
      continue;
    }
    const v = readValue(spec, cell[1]);
    if ('reason' in v) rejects.push({ ...where, ...withId, column: cell[0], code: 'invalid', ...v });
    else candidate[spec.field] = v.value;
  }
  if (rejects.length > 0) return { ok: false, ...withId, rejects };
  const parsed = INVENTORY_ITEM_SCHEMAS[kind].safeParse(candidate);
  if (!parsed.success) {
    return {
      ok: false,
      ...withId,
      rejects: parsed.error.issues.map((i) => {
        const field = String(i.path[0] ?? '');
        return { ...where, ...withId, ...(field ? { column: columnOf.get(field) ?? field } : {}), code: 'invalid' as const, ...schemaReason(i) };
      }),
    };
  }
  return { ok: true, id: (parsed.data as { id: string }).id, item: parsed.data as T };
}

/** A schema problem as a {@link Reason}: its bound for ranges, the shift order, a format. */
function schemaReason(issue: { code: string; message: string; minimum?: unknown; maximum?: unknown }): Reason {
  if (issue.code === 'too_small') return because('too_small', issue.message, { min: Number(issue.minimum) });
  if (issue.code === 'too_big') return because('too_big', issue.message, { max: Number(issue.maximum) });
  if (issue.code === 'invalid_format') return because('bad_format', issue.message);
  if (issue.code === 'custom') return because('shift_order', issue.message);
  if (issue.code === 'invalid_type') return because('not_number', issue.message);
  return because('invalid_value', issue.message);
}
