import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinCollectionSchema, CellCollectionSchema } from '../../../contract/index.js';
import { binRow, insertRows, memoryDb, noRoadContext, readingRow, startApp, type Running } from '../../../test/helpers.js';

let run: Running;

beforeAll(async () => {
  const db = memoryDb();
  insertRows(db, {
    bins: [
      binRow({ id: 'A', stream: 'glass', capacityLitres: 3000, origin: 'osm', osmRef: 'node/1', lng: 7.4246, lat: 43.7384 }),
      binRow({ id: 'B', lng: 7.4247, lat: 43.7385 }),
      binRow({ id: 'C', lng: 7.4400, lat: 43.7500 }),
    ],
    readings: [
      readingRow('A', '2026-11-27T00:00:00Z', 40),
      readingRow('A', '2026-11-27T06:00:00Z', 42.5),
      readingRow('A', '2026-11-27T12:00:00Z', 45),
      readingRow('A', '2026-11-27T18:00:00Z', 47.5),
      readingRow('B', '2026-11-27T18:00:00Z', 20),
    ],
  });
  const road = noRoadContext();
  road.binSnaps.set('C', { ok: false, reason: 'no drivable street within 150 m' });
  run = await startApp(db, road);
});
afterAll(() => run.close());

describe('GET /api/bins', () => {
  it('returns one Point feature per bin with latest reading, forecast for today and reachability', async () => {
    const res = await run.fetch(`/api/bins`);
    expect(res.status).toBe(200);
    const body = BinCollectionSchema.parse(await res.json());
    expect(body.features.map((f) => f.properties.id)).toEqual(['A', 'B', 'C']);
    const a = body.features[0]!;
    expect(a.geometry.coordinates).toEqual([7.4246, 43.7384]);
    expect(a.properties).toMatchObject({ stream: 'glass', capacityLitres: 3000, origin: 'osm', fillPercent: 47.5, measuredAt: '2026-11-27T18:00:00.000Z', unreachableReason: null });
    expect(a.properties.h3Cell).toMatch(/^89/);
    // +10 %/day; forecast at 2026-11-28 12:00 Monaco = 11:00Z, 17 h after the last reading.
    expect(a.properties.forecastFillPercent).toBeCloseTo(47.5 + (10 * 17) / 24, 1);
    expect(body.features[2]!.properties).toMatchObject({ fillPercent: null, measuredAt: null, forecastFillPercent: null, unreachableReason: 'no drivable street within 150 m' });
  });
});

describe('GET /api/cells', () => {
  it('returns the H3 cells partitioning the bins with count and mean latest fill', async () => {
    const res = await run.fetch(`/api/cells`);
    expect(res.status).toBe(200);
    const body = CellCollectionSchema.parse(await res.json());
    expect(body.features.reduce((n, f) => n + f.properties.binCount, 0)).toBe(3);
    const ab = body.features.find((f) => f.properties.binCount === 2)!;
    expect(ab.properties).toMatchObject({ resolution: 9, meanFillPercent: 33.8 });
    const ring = ab.geometry.coordinates[0]!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(body.features.find((f) => f.properties.binCount === 1)!.properties.meanFillPercent).toBeNull();
  });
});
