/**
 * CSV answers (csv-stringify): `,` is RFC 4180 with a decimal point, for tools and open-data
 * portals; `;` is what French spreadsheets open directly: semicolons, decimal commas and a UTF-8
 * byte-order mark (so accents survive in Excel). Empty cells stand for null.
 */
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

/** A CSV cell. */
export type CsvCell = string | number | boolean | null | undefined;

/** The CSV text of a header and rows, with `,` or `;` (decimal commas) as separator. */
export function toCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[], sep: ',' | ';'): string {
  const french = sep === ';';
  const cell = (v: CsvCell): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? '1' : '0';
    if (typeof v === 'number') return french ? String(v).replace('.', ',') : String(v);
    return v;
  };
  const text = stringify([columns.map(String), ...rows.map((r) => r.map(cell))], { delimiter: sep, record_delimiter: 'windows' });
  return french ? `\uFEFF${text}` : text;
}

/** Sends a CSV download named `filename` (`.csv` added). */
export function sendCsv(res: Response, filename: string, columns: readonly string[], rows: readonly (readonly CsvCell[])[], sep: ',' | ';'): void {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${safe}.csv"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(toCsv(columns, rows, sep));
}

/** Sends objects as CSV, one column per key of `columns`. */
export function sendRowsCsv<T extends object>(res: Response, filename: string, columns: readonly (keyof T & string)[], rows: readonly T[], sep: ',' | ';'): void {
  sendCsv(res, filename, columns, rows.map((r) => columns.map((c) => r[c] as CsvCell)), sep);
}
