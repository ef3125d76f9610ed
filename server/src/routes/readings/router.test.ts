import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, ReadingBatchResultSchema } from '../../../contract/index.js';
import { ReadingsRepository } from '../../db/repositories/readings-repository.js';
import { binRow, insertRows, memoryDb, readingRow, startApp, type Running, TEST_SPACE } from '../../../test/helpers.js';

let run: Running;
let readings: ReadingsRepository;

beforeAll(async () => {
  const db = memoryDb();
  insertRows(db, {
    bins: [binRow({ id: 'A' }), binRow({ id: 'B' }), binRow({ id: 'C' })],
    readings: [readingRow('A', '2026-11-27T06:00:00Z', 40)],
  });
  readings = new ReadingsRepository(db, TEST_SPACE);
  run = await startApp(db);
});
afterAll(() => run.close());

const post = (body: string, contentType = 'application/json'): Promise<Response> =>
  run.fetch(`/api/readings`, { method: 'POST', headers: { 'content-type': contentType }, body });

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
    expect(ReadingBatchResultSchema.parse(await res.json())).toEqual({ inserted: 2, duplicates: 0, conflicts: [] });
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
    expect(await res.json()).toEqual({ inserted: 0, duplicates: 3, conflicts: [] });
    expect(readings.checksum()).toBe(before);
  });

  it('keeps a fill above 100 % as overflowing, not clipped, and shows it as the latest reading', async () => {
    const res = await post(JSON.stringify([{ binId: 'C', measuredAt: '2026-11-27T20:00:00Z', fillPercent: 128.5 }]));
    expect(res.status).toBe(201);
    expect(readings.latest().find((r) => r.binId === 'C')).toEqual({ binId: 'C', measuredAt: '2026-11-27T20:00:00.000Z', fillPercent: 128.5 });
  });

  it('reports a reading that contradicts a stored one as a conflict, keeps the stored value and writes the rest (207)', async () => {
    const res = await post(
      JSON.stringify([
        { binId: 'A', measuredAt: '2026-11-27T06:00:00Z', fillPercent: 99 },
        { binId: 'A', measuredAt: '2026-11-27T21:00:00Z', fillPercent: 55 },
      ]),
    );
    expect(res.status).toBe(207);
    expect(ReadingBatchResultSchema.parse(await res.json())).toEqual({
      inserted: 1,
      duplicates: 0,
      conflicts: [{ index: 0, binId: 'A', measuredAt: '2026-11-27T06:00:00.000Z', fillPercent: 99, storedFillPercent: 40 }],
    });
    expect(readings.window('2026-11-27T05:00:00Z', '2026-11-27T06:00:00.000Z')).toEqual([{ binId: 'A', measuredAt: '2026-11-27T06:00:00.000Z', fillPercent: 40 }]);
  });

  it('refuses a batch of conflicts only with 409 listing each one, and writes nothing', async () => {
    const before = readings.checksum();
    const res = await post(JSON.stringify([{ binId: 'A', measuredAt: '2026-11-27T06:00:00Z', fillPercent: 12 }]));
    expect(res.status).toBe(409);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('conflict');
    expect(body.error.issues).toEqual([
      { path: '[0].fillPercent', code: 'conflict', message: 'contradicts the stored reading of A at 2026-11-27T06:00:00.000Z (40 %); the stored value is kept' },
    ]);
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
      name: 'fillPercent 160',
      body: JSON.stringify([good, { ...good, fillPercent: 160 }]),
      status: 400,
      code: 'invalid_input',
      message: '1 problem',
      issues: [{ path: '[1].fillPercent', code: 'too_big', message: 'must be <= 150' }],
    },
    {
      name: 'instants from the future and from before 2000, a bin id of 65 characters',
      body: JSON.stringify([
        { ...good, measuredAt: '9999-12-31T00:00:00Z' },
        { ...good, measuredAt: '0001-01-01T00:00:00Z' },
        { ...good, measuredAt: '2026-11-28T08:06:00Z' },
        { ...good, measuredAt: '2026-11-28T08:04:00Z' },
        { ...good, binId: 'X'.repeat(65) },
      ]),
      status: 400,
      code: 'invalid_input',
      message: '4 problems',
      issues: [
        { path: '[0].measuredAt', code: 'implausible_time', message: 'is in the future: after 2026-11-28T08:05:00.000Z (the server\'s clock plus 5 minutes)' },
        { path: '[1].measuredAt', code: 'implausible_time', message: 'is before 2000-01-01T00:00:00.000Z, the earliest date a reading may carry' },
        { path: '[2].measuredAt', code: 'implausible_time', message: 'is in the future: after 2026-11-28T08:05:00.000Z (the server\'s clock plus 5 minutes)' },
        { path: '[4].binId', code: 'too_big', message: 'must be at most 64 characters' },
      ],
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
      message: 'unsupported Content-Type',
      issues: [{ path: '', message: 'body must be JSON (Content-Type: application/json), CSV (text/csv) or NGSI-LD (application/ld+json)' }],
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
