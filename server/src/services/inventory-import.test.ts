import { describe, expect, it } from 'vitest';
import { detectDelimiter, normaliseName, parseDecimal, readCsv, readGeoJson } from './inventory-import.js';

describe('reading inventory files', () => {
  it('finds the delimiter from the header line, outside quotes', () => {
    expect(detectDelimiter('\ufeffid;lng;lat\n1;7,4;43,7\n')).toBe(';');
    expect(detectDelimiter('"a;b",lng,lat\n')).toBe(',');
    expect(detectDelimiter('id\tlng\tlat\n')).toBe('\t');
  });

  it('matches column names whatever their case, accents and separators', () => {
    expect(['capacity_litres', 'capacityLitres', 'Capacité litres', ' CAPACITÉ-LITRES '].map(normaliseName)).toEqual(['capacity_litres', 'capacity_litres', 'capacite_litres', 'capacite_litres']);
  });

  it('reads plain decimals with a point or a comma and refuses the ambiguous ones', () => {
    expect([parseDecimal('7,4246'), parseDecimal('-0.5'), parseDecimal('4 000'), parseDecimal('4\u202f000')]).toEqual([7.4246, -0.5, 4000, 4000]);
    for (const bad of ['1.234,5', '1e3', '0x10', '', '7,4,2']) expect(typeof parseDecimal(bad), bad).toBe('object');
  });

  it('reads a large file in slices with accented names across the slice boundaries, each row with its line', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `S${i};depot;Dépôt n°${i} — Éèàçœ 😀;7,4${i};43,7;0`);
    const text = `\ufeffid;kind;nom;lng;lat;service_sec\r\n${lines.join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(3 * 32_768);
    const file = await readCsv('sites', text);
    expect(file.fileProblems).toEqual([]);
    expect(file.rows.length).toBe(2000);
    expect(file.rows[1999]!.line).toBe(2001);
    expect(file.rows.every((r, i) => r.cells.get('name')?.[1] === `Dépôt n°${i} — Éèàçœ 😀`)).toBe(true);
  });

  it('refuses a file that is not CSV, and an empty one, as a whole', async () => {
    const broken = await readCsv('bins', 'id,lng\n"B1,7.4\nB2,7.5\n');
    expect(broken.fileProblems).toMatchObject([{ code: 'invalid', reasonCode: 'not_csv' }]);
    const empty = await readCsv('bins', '');
    expect(empty.fileProblems).toMatchObject([{ line: 1, code: 'missing', reasonCode: 'empty_file' }]);
  });

  it('refuses GeoJSON that is not a FeatureCollection or not in longitude/latitude', () => {
    expect(readGeoJson('bins', { type: 'Feature' }).fileProblems).toMatchObject([{ reasonCode: 'not_feature_collection' }]);
    const lambert = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } }, features: [] };
    expect(readGeoJson('bins', lambert).fileProblems).toMatchObject([{ reasonCode: 'bad_crs' }]);
  });
});
