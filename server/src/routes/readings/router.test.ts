import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, ReadingBatchResultSchema } from '../../../contract/index.js';
import { ReadingsRepository } from '../../db/repositories/readings-repository.js';
import { binRow, insertRows, memoryDb, readingRow, startApp, type Running } from '../../../test/helpers.js';

let run: Running;
let readings: ReadingsRepository;

beforeAll(async () => {
  const db = memoryDb();
  insertRows(db, {
    bins: [binRow({ id: 'A' }), binRow({ id: 'B' }), binRow({ id: 'C' })],
    readings: [readingRow('A', '2026-11-27T06:00:00Z', 40)],
  });
  readings = new ReadingsRepository(db);
  run = await startApp(db);
});
afterAll(() => run.close());

const post = (body: string, contentType = 'application/json'): Promise<Response> =>
  fetch(`${run.url}/api/readings`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('POST /api/readings', () => {
  it('inserts a good batch and answers 201 with the counts', async () => {
    const before = readings.count();
    const res = await post(
      JSON.stringify([
        { binId: 'A', measuredAt: '2026-11-27T12:00:00Z', fillPercent: 45.5 },
        { binId: 'B', measuredAt: '2026-11-27T13:00:00+01:00', fillPercent: 10 },
      ]),
    );
    expect(res.status).toBe(201);
    expect(ReadingBatchResultSchema.parse(await res.json())).toEqual({ inserted: 2, duplicates: 0 });
    expect(readings.count()).toBe(before + 2);
    expect(readings.latest().find((r) => r.binId === 'B')).toEqual({ binId: 'B', measuredAt: '2026-11-27T12:00:00.000Z', fillPercent: 10 });
  });

  it('is idempotent: the same readings again are counted as duplicates, also when written with another offset', async () => {
    const before = readings.checksum();
    const res = await post(
      JSON.stringify([
        { binId: 'A', measuredAt: '2026-11-27T12:00:00Z', fillPercent: 45.5 },
        { binId: 'B', measuredAt: '2026-11-27T12:00:00.000Z', fillPercent: 10 },
        { binId: 'A', measuredAt: '2026-11-27T07:00:00+01:00', fillPercent: 40 },
      ]),
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ inserted: 0, duplicates: 3 });
    expect(readings.checksum()).toBe(before);
  });

  const good = { binId: 'A', measuredAt: '2026-11-27T18:00:00Z', fillPercent: 50 };
  const cases: { name: string; body: string; contentType?: string; status: number; code: string; message: string; issues?: { path: string; code?: string; message?: string }[] }[] = [
    {
      name: 'missing fields',
      body: JSON.stringify([good, { binId: 'A' }]),
      status: 400,
      code: 'invalid_input',
      message: '2 problems',
      issues: [
        { path: '[1].fillPercent', code: 'invalid_type', message: 'must be a number' },
        { path: '[1].measuredAt', code: 'invalid_type', message: 'must be an ISO 8601 instant with offset, e.g. 2026-11-28T06:00:00Z' },
      ],
    },
    {
      name: 'fillPercent 140',
      body: JSON.stringify([good, { ...good, fillPercent: 140 }]),
      status: 400,
      code: 'invalid_input',
      message: '1 problem',
      issues: [{ path: '[1].fillPercent', code: 'too_big', message: 'must be <= 100' }],
    },
    {
      name: 'unknown binId, reported with the schema issues',
      body: JSON.stringify([good, good, { ...good, fillPercent: -1 }, { ...good, binId: 'X' }]),
      status: 400,
      code: 'invalid_input',
      message: '2 problems',
      issues: [
        { path: '[2].fillPercent', code: 'too_small', message: 'must be >= 0' },
        { path: '[3].binId', code: 'unknown_bin', message: "unknown bin 'X'" },
      ],
    },
    {
      name: 'a date that is not a date',
      body: JSON.stringify([{ ...good, measuredAt: '2026-02-30T25:00:00Z' }, { ...good, measuredAt: 'yesterday' }]),
      status: 400,
      code: 'invalid_input',
      message: '2 problems',
      issues: [
        { path: '[0].measuredAt', code: 'invalid_format' },
        { path: '[1].measuredAt', code: 'invalid_format' },
      ],
    },
    {
      name: 'an instant without offset',
      body: JSON.stringify([{ ...good, measuredAt: '2026-11-27T18:00:00' }]),
      status: 400,
      code: 'invalid_input',
      message: '1 problem',
      issues: [{ path: '[0].measuredAt', code: 'invalid_format' }],
    },
    {
      name: 'body not JSON',
      body: '[{"binId": "A", ',
      status: 400,
      code: 'invalid_input',
      message: 'body is not valid JSON',
      issues: [{ path: '', message: 'body is not valid JSON' }],
    },
    {
      name: 'body sent as text/plain',
      body: JSON.stringify([good]),
      contentType: 'text/plain',
      status: 400,
      code: 'invalid_input',
      message: 'body is not valid JSON',
      issues: [{ path: '', message: 'body must be JSON (Content-Type: application/json)' }],
    },
    {
      name: '10 MB body',
      body: JSON.stringify(Array.from({ length: 160_000 }, () => good)),
      status: 413,
      code: 'payload_too_large',
      message: 'request body is larger than 5 MB',
    },
    {
      name: 'empty array',
      body: '[]',
      status: 400,
      code: 'invalid_input',
      message: '1 problem',
      issues: [{ path: '', code: 'too_small', message: 'must contain at least one reading' }],
    },
    {
      name: 'not an array',
      body: JSON.stringify(good),
      status: 400,
      code: 'invalid_input',
      message: '1 problem',
      issues: [{ path: '', code: 'invalid_type', message: 'must be an array of readings' }],
    },
    {
      name: 'wrong types everywhere',
      body: JSON.stringify([{ binId: 7, measuredAt: 1, fillPercent: '50' }, null]),
      status: 400,
      code: 'invalid_input',
      message: '4 problems',
      issues: [
        { path: '[0].binId', code: 'invalid_type', message: 'must be a string' },
        { path: '[0].fillPercent', code: 'invalid_type', message: 'must be a number' },
        { path: '[0].measuredAt', code: 'invalid_type' },
        { path: '[1]', code: 'invalid_type' },
      ],
    },
  ];

  it.each(cases)('rejects $name with $status $code and writes nothing', async (c) => {
    const before = { count: readings.count(), checksum: readings.checksum() };
    if (c.name === '10 MB body') expect(c.body.length).toBeGreaterThan(10_000_000);
    const res = await post(c.body, c.contentType);
    expect(res.status).toBe(c.status);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe(c.code);
    expect(body.error.message).toBe(c.message);
    if (c.issues) {
      expect(body.error.issues?.map((i) => i.path)).toEqual(c.issues.map((i) => i.path));
      c.issues.forEach((want, k) => {
        const got = body.error.issues![k]!;
        if (want.code !== undefined) expect(got.code).toBe(want.code);
        if (want.message !== undefined) expect(got.message).toBe(want.message);
      });
    } else expect(body.error.issues).toBeUndefined();
    expect({ count: readings.count(), checksum: readings.checksum() }).toEqual(before);
  });
});
