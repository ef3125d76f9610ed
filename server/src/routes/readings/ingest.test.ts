import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertListSchema, ErrorEnvelopeSchema, IngestResultSchema } from '../../../contract/index.js';
import { ReadingsRepository } from '../../db/repositories/readings-repository.js';
import { AlertsRepository } from '../../db/repositories/alerts-repository.js';
import { IngestService } from '../../services/ingest-service.js';
import { KnownBins } from '../../services/known-bins.js';
import { ReadingsWriter } from '../../services/readings-writer.js';
import { BinsRepository } from '../../db/repositories/bins-repository.js';
import { binRow, insertRows, memoryDb, NOW, startApp, type Running, TEST_SPACE } from '../../../test/helpers.js';

let run: Running;
let readings: ReadingsRepository;

beforeAll(async () => {
  const db = memoryDb();
  insertRows(db, { bins: ['A', 'B', 'C', 'D'].map((id) => binRow({ id })) });
  readings = new ReadingsRepository(db, TEST_SPACE);
  run = await startApp(db);
});
afterAll(() => run.close());

const post = (body: string | Uint8Array, headers: Record<string, string>): Promise<Response> =>
  run.fetch(`/api/readings`, { method: 'POST', headers, body });

const MALFORMED_CSV = [
  'bin_id,measured_at,fill_percent',
  'A,2026-11-27T06:00:00Z,40.5',
  'ZZ,2026-11-27T06:00:00Z,40',
  'A,yesterday,40',
  'B,2026-11-27T06:00:00Z,160',
  'B,2026-11-27T06:00:00Z',
  '',
  'B,2026-11-27T06:00:00+01:00,12',
  'C,2026-11-27T07:00:00Z,abc',
  '"C","2026-11-27T08:00:00Z","33.3"',
  'A,2026-11-27T06:00:00Z,40.5',
].join('\n');

describe('POST /api/readings with a CSV upload', () => {
  it('keeps the good rows and reports every bad row with its line number and reason (207)', async () => {
    const before = readings.count();
    const res = await post(MALFORMED_CSV, { 'content-type': 'text/csv' });
    expect(res.status).toBe(207);
    const body = IngestResultSchema.parse(await res.json());
    expect(body).toEqual({
      inserted: 3,
      duplicates: 1,
      conflicts: 0,
      alerts: 0,
      truncated: false,
      rejected: [
        { line: 3, code: 'invalid', reason: "unknown bin 'ZZ'" },
        { line: 4, code: 'invalid', reason: "measured_at 'yesterday' is not an ISO 8601 instant with offset (e.g. 2026-11-28T06:00:00Z)" },
        { line: 5, code: 'invalid', reason: 'fill_percent 160 must be <= 150 (above 100 is kept as overflowing, up to 150)' },
        { line: 6, code: 'invalid', reason: 'expected 3 fields, got 2' },
        { line: 9, code: 'invalid', reason: "fill_percent 'abc' is not a decimal number (e.g. 64.5)" },
      ],
    });
    expect(readings.count()).toBe(before + 3);
  });

  it('is idempotent: posting the same file again inserts nothing and reports the same rejects', async () => {
    const before = readings.checksum();
    const body = IngestResultSchema.parse(await (await post(MALFORMED_CSV, { 'content-type': 'text/csv' })).json());
    expect(body.inserted).toBe(0);
    expect(body.duplicates).toBe(4);
    expect(body.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 9]);
    expect(readings.checksum()).toBe(before);
  });

  it('accepts a gzip upload with camelCase headers in any order and answers 201 when nothing is rejected', async () => {
    const csv = 'fillPercent,binId,measuredAt\n10,D,2026-11-26T00:00:00Z\n20,D,2026-11-26T06:00:00Z\n';
    const res = await post(gzipSync(Buffer.from(csv)), { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    expect(res.status).toBe(201);
    expect(IngestResultSchema.parse(await res.json())).toMatchObject({ inserted: 2, duplicates: 0, rejected: [] });
  });

  it('streams a large upload across several transactions (12,000 rows)', async () => {
    const lines = ['bin_id,measured_at,fill_percent'];
    for (let i = 0; i < 12_000; i++) lines.push(`${'ABCD'[i % 4]},${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()},${i % 101}`);
    const res = await post(lines.join('\n'), { 'content-type': 'text/csv' });
    expect(res.status).toBe(201);
    expect(IngestResultSchema.parse(await res.json()).inserted).toBe(12_000);
  });

  it('reads numbers as plain decimals only (no hex, no exponent) and accepts a French semicolon file with decimal commas and a BOM', async () => {
    const odd = 'bin_id,measured_at,fill_percent\nA,2026-11-20T06:00:00Z,0x10\nA,2026-11-20T07:00:00Z,1e2\nA,2026-11-20T08:00:00Z,+5\nA,2026-11-20T09:00:00Z,12\n';
    const res = await post(odd, { 'content-type': 'text/csv' });
    expect(res.status).toBe(207);
    const body = IngestResultSchema.parse(await res.json());
    expect(body.inserted).toBe(1);
    expect(body.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, "fill_percent '0x10' is not a decimal number (e.g. 64.5)"],
      [3, "fill_percent '1e2' is not a decimal number (e.g. 64.5)"],
      [4, "fill_percent '+5' is not a decimal number (e.g. 64.5)"],
    ]);
    const french = '\uFEFFbin_id;measured_at;fill_percent\r\nA;2026-11-20T10:00:00Z;64,5\r\nB;2026-11-20T10:00:00Z;112,25\r\n';
    const fr = await post(french, { 'content-type': 'text/csv; charset=utf-8' });
    expect(fr.status).toBe(201);
    expect(readings.window('2026-11-20T09:30:00Z', '2026-11-20T10:00:00.000Z')).toEqual([
      { binId: 'A', measuredAt: '2026-11-20T10:00:00.000Z', fillPercent: 64.5 },
      { binId: 'B', measuredAt: '2026-11-20T10:00:00.000Z', fillPercent: 112.25 },
    ]);
  });

  it('rejects a line longer than the limit without reading it, and keeps the lines around it', async () => {
    const huge = 'A,2026-11-21T06:00:00Z,' + '9'.repeat(200_000);
    const csv = `bin_id,measured_at,fill_percent\nA,2026-11-21T05:00:00Z,10\n${huge}\nA,2026-11-21T07:00:00Z,11\n`;
    const res = await post(csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(207);
    const body = IngestResultSchema.parse(await res.json());
    expect(body.inserted).toBe(2);
    expect(body.rejected).toEqual([{ line: 3, code: 'invalid', reason: `line longer than 4096 bytes (${huge.length} bytes): not read` }]);
  });

  it('answers 400 for a body that is not gzip, and keeps the rows read before a gzip stream breaks (207, truncated)', async () => {
    const before = readings.checksum();
    const notGzip = await post('bin_id,measured_at,fill_percent\nA,2026-11-22T06:00:00Z,1\n', { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await notGzip.json()).error.issues?.[0]?.message).toMatch(/not valid gzip/);
    expect(readings.checksum()).toBe(before);
    const rows = Array.from({ length: 3000 }, (_, i) => `C,${new Date(Date.UTC(2026, 10, 10) + i * 60_000).toISOString()},${i % 90}`);
    const zipped = gzipSync(Buffer.from(`bin_id,measured_at,fill_percent\n${rows.join('\n')}\n`));
    const cut = await post(zipped.subarray(0, Math.floor(zipped.length * 0.6)), { 'content-type': 'text/csv', 'content-encoding': 'gzip' });
    expect(cut.status).toBe(207);
    const body = IngestResultSchema.parse(await cut.json());
    expect(body.truncated).toBe(true);
    expect(body.inserted).toBeGreaterThan(0);
    expect(body.inserted).toBeLessThan(3000);
    expect(body.rejected.at(-1)!.reason).toMatch(/gzip body is cut short|not valid gzip/);
    const server = await run.fetch(`/api/health`);
    expect(server.status).toBe(200);
  });

  it('answers 400 with every row listed when no row is accepted, and writes nothing', async () => {
    const before = readings.checksum();
    const res = await post('bin_id,measured_at,fill_percent\nZZ,2026-11-27T06:00:00Z,1\nA,9999-12-31T00:00:00Z,1\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(400);
    const env = ErrorEnvelopeSchema.parse(await res.json());
    expect(env.error.message).toBe('no row accepted: 2 rejected');
    expect(env.error.issues?.map((i) => [i.path, i.message])).toEqual([
      ['line 2', "unknown bin 'ZZ'"],
      ['line 3', "measured_at '9999-12-31T00:00:00Z' is in the future: after 2026-11-28T08:05:00.000Z (the server's clock plus 5 minutes)"],
    ]);
    expect(readings.checksum()).toBe(before);
  });

  it('answers 400 with nothing written when the header lacks a column', async () => {
    const before = readings.count();
    const res = await post('bin,when,fill\nA,2026-11-27T06:00:00Z,1\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(400);
    const env = ErrorEnvelopeSchema.parse(await res.json());
    expect(env.error.code).toBe('invalid_input');
    expect(env.error.issues?.[0]?.message).toMatch(/missing bin_id, measured_at, fill_percent/);
    expect(readings.count()).toBe(before);
  });
});

describe('IngestService.ingestCsv', () => {
  it('stops at the size cap, keeps what it read and reports the first unread line', async () => {
    const db = memoryDb();
    insertRows(db, { bins: [binRow({ id: 'A' })] });
    const svc = new IngestService(new ReadingsWriter(db, new ReadingsRepository(db, TEST_SPACE), new AlertsRepository(db, TEST_SPACE)), new KnownBins(new BinsRepository(db, TEST_SPACE)), () => NOW, () => {});
    const rows = Array.from({ length: 100 }, (_, i) => `A,${new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()},${i % 100}`);
    const csv = `bin_id,measured_at,fill_percent\n${rows.join('\n')}\n`;
    const result = await svc.ingestCsv(Readable.from([csv.slice(0, 1000), csv.slice(1000)]), { maxBytes: 1000 });
    expect(result.truncated).toBe(true);
    expect(result.inserted).toBeGreaterThan(0);
    expect(result.inserted).toBeLessThan(100);
    expect(result.rejected.at(-1)!.reason).toMatch(/larger than 0 MB: this line and the rest were not read/);
    expect(result.rejected.at(-1)!.line).toBe(result.inserted + 2);
  });
});

describe('POST /api/readings with FIWARE WasteContainer payloads', () => {
  const keyValues = [
    { id: 'urn:ngsi-ld:WasteContainer:A', type: 'WasteContainer', fillingLevel: 0.64, dateModified: '2026-11-28T06:00:00Z', status: 'ok' },
    { id: 'sensor-17', binId: 'B', type: 'WasteContainer', fillingLevel: 0.2, timeInstant: '2026-11-28T06:00:00Z', status: 'burning' },
    { id: 'urn:ngsi-ld:WasteContainer:C', type: 'WasteContainer', binLoggedTime: '2026-11-28T05:00:00Z', status: 'dropped' },
    { id: 'urn:ngsi-ld:WasteContainer:A', type: 'WasteContainer', fillingLevel: 1.6, dateModified: '2026-11-28T07:00:00Z' },
    { id: 'urn:ngsi-ld:WasteContainer:NOPE', type: 'WasteContainer', fillingLevel: 0.5, dateModified: '2026-11-28T07:00:00Z' },
    { id: 'urn:ngsi-ld:WasteContainer:A', type: 'WasteContainer', fillingLevel: 0.5 },
    { id: 'urn:ngsi-ld:Vehicle:1', type: 'Vehicle', fillingLevel: 0.5, dateModified: '2026-11-28T07:00:00Z' },
    'junk',
  ];

  it('keeps good key-values entities, stores non-ok statuses as alerts and reports bad entities by index (207)', async () => {
    const res = await post(JSON.stringify(keyValues), { 'content-type': 'application/json' });
    expect(res.status).toBe(207);
    expect(IngestResultSchema.parse(await res.json())).toEqual({
      inserted: 2,
      duplicates: 0,
      conflicts: 0,
      alerts: 2,
      truncated: false,
      rejected: [
        { index: 3, code: 'invalid', reason: 'fillingLevel 1.6 is outside 0..1.5 (above 1 is kept as overflowing, up to 1.5)' },
        { index: 4, code: 'invalid', reason: "unknown bin 'NOPE'" },
        { index: 5, code: 'invalid', reason: 'no time: binLoggedTime, timeInstant or dateModified is missing' },
        { index: 6, code: 'invalid', reason: "type 'Vehicle' is not WasteContainer" },
        { index: 7, code: 'invalid', reason: 'entity is not an object' },
      ],
    });
    expect(readings.latest().find((r) => r.binId === 'A')).toEqual({ binId: 'A', measuredAt: '2026-11-28T06:00:00.000Z', fillPercent: 64 });
    const alerts = AlertListSchema.parse(await (await run.fetch(`/api/alerts`)).json());
    expect(alerts.map((a) => [a.binId, a.status, a.raisedAt])).toEqual([
      ['B', 'burning', '2026-11-28T06:00:00.000Z'],
      ['C', 'dropped', '2026-11-28T05:00:00.000Z'],
    ]);
  });

  it('does not duplicate readings or alerts when the same payload is retried', async () => {
    const before = readings.checksum();
    const body = IngestResultSchema.parse(await (await post(JSON.stringify(keyValues), { 'content-type': 'application/json' })).json());
    expect(body).toMatchObject({ inserted: 0, duplicates: 2, alerts: 0 });
    expect(readings.checksum()).toBe(before);
  });

  it('reads normalized NGSI v2 and NGSI-LD entities sent as application/ld+json, also inside a notification', async () => {
    const v2 = {
      id: 'urn:ngsi-ld:WasteContainer:D',
      type: 'WasteContainer',
      fillingLevel: { type: 'Number', value: 0.333, metadata: { timestamp: { type: 'DateTime', value: '2026-11-28T01:00:00Z' } } },
    };
    const ld = {
      '@context': 'https://smartdatamodels.org/context.jsonld',
      id: 'urn:ngsi-ld:WasteContainer:D',
      type: 'WasteContainer',
      fillingLevel: { type: 'Property', value: 0.5 },
      dateModified: { type: 'Property', value: { '@type': 'DateTime', '@value': 'x' } },
      timeInstant: { type: 'Property', value: '2026-11-28T03:00:00+01:00' },
    };
    const res = await post(JSON.stringify({ subscriptionId: 's1', data: [v2, ld] }), { 'content-type': 'application/ld+json' });
    expect(res.status).toBe(201);
    expect(IngestResultSchema.parse(await res.json())).toMatchObject({ inserted: 2, rejected: [] });
    const d = readings.window('2026-11-28T00:00:00.000Z', '2026-11-28T03:00:00.000Z').filter((r) => r.binId === 'D');
    expect(d).toEqual([
      { binId: 'D', measuredAt: '2026-11-28T01:00:00.000Z', fillPercent: 33.3 },
      { binId: 'D', measuredAt: '2026-11-28T02:00:00.000Z', fillPercent: 50 },
    ]);
  });

  it('answers 400 for application/ld+json that is not JSON or holds no WasteContainer entity', async () => {
    const broken = await post('{"id": ', { 'content-type': 'application/ld+json' });
    expect(broken.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await broken.json()).error.message).toBe('body is not valid JSON');
    const other = await post(JSON.stringify([{ binId: 'A', measuredAt: '2026-11-28T06:00:00Z', fillPercent: 1 }]), { 'content-type': 'application/ld+json' });
    expect(other.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await other.json()).error.issues?.[0]?.message).toMatch(/expected WasteContainer entities/);
  });

  it('reads NGSI-LD typed times, refuses a status that is not a short word, and answers 400 when no entity is accepted', async () => {
    const typed = {
      id: 'urn:ngsi-ld:WasteContainer:D',
      type: 'WasteContainer',
      fillingLevel: { type: 'Property', value: 0.7 },
      dateModified: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-11-28T04:00:00Z' } },
    };
    const ok = await post(JSON.stringify(typed), { 'content-type': 'application/ld+json' });
    expect(ok.status).toBe(201);
    expect(readings.window('2026-11-28T03:30:00Z', '2026-11-28T04:00:00.000Z').filter((r) => r.binId === 'D')).toEqual([
      { binId: 'D', measuredAt: '2026-11-28T04:00:00.000Z', fillPercent: 70 },
    ]);
    const before = readings.checksum();
    const alertsBefore = await (await run.fetch(`/api/alerts?since=2026-01-01T00:00:00Z`)).json();
    const bad = [
      { id: 'A', type: 'WasteContainer', fillingLevel: 0.2, dateModified: '2026-11-28T05:00:00Z', status: 'x'.repeat(100_000) },
      { id: 'A', type: 'WasteContainer', fillingLevel: 0.2, dateModified: '2026-11-28T05:00:00Z', status: 'on fire!' },
    ];
    const res = await post(JSON.stringify(bad), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    const env = ErrorEnvelopeSchema.parse(await res.json());
    expect(env.error.message).toBe('no entity accepted: 2 rejected');
    expect(env.error.issues?.map((i) => [i.path, i.message])).toEqual([
      ['[0]', 'status is longer than 64 characters'],
      ['[1]', "status 'on fire!' is not a status word (letters, digits, _ - .)"],
    ]);
    expect(readings.checksum()).toBe(before);
    const alerts = AlertListSchema.parse(await (await run.fetch(`/api/alerts?since=2026-01-01T00:00:00Z`)).json());
    expect(alerts).toEqual(alertsBefore);
  });

  it('still treats a plain JSON reading batch as all-or-nothing', async () => {
    const res = await post(JSON.stringify([{ binId: 'nope', measuredAt: '2026-11-28T06:00:00Z', fillPercent: 1 }]), { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
  });
});
