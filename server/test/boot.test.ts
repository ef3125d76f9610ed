import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinCollectionSchema, PlanListSchema, PlanSchema } from '../contract/index.js';
import { boot, type Booted } from '../src/boot.js';
import { signIn } from './helpers.js';

/** A tiny data dir in the sample format, on real Monaco streets, plus the real OSM extract. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'collecte-boot-'));
  mkdirSync(join(dir, 'sample'));
  mkdirSync(join(dir, 'osm'));
  symlinkSync(resolve('data/osm/monaco-2016-03-05.osm.pbf'), join(dir, 'osm', 'monaco-2016-03-05.osm.pbf'));
  const pts = [
    [7.4246, 43.7384], [7.4206, 43.7312], [7.427, 43.7395], [7.429, 43.742], [7.4275, 43.746], [7.418, 43.733],
  ];
  writeFileSync(
    join(dir, 'sample', 'bins.csv'),
    ['bin_id,lng,lat,stream,container,capacity_litres,service_sec,origin,osm_ref', ...pts.map(([lng, lat], i) => `B${i},${lng},${lat},residual,bac_660,660,45,generated,`)].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'sample', 'sites.json'),
    JSON.stringify([
      { id: 'depot-fontvieille', kind: 'depot', name: 'Dépôt', lng: 7.4155, lat: 43.7305, serviceSec: 0 },
      { id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 },
    ]),
  );
  writeFileSync(
    join(dir, 'sample', 'fleet.json'),
    JSON.stringify([{ vehicleId: 'BOM-01', name: 'BOM 1', type: 'bom26', streams: ['residual'], capacityLitres: 80000, capacityKg: 11000, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 }]),
  );
  // Readings end 2026-10-30 18:00Z (4 weeks + 17 h before "now"): the seeder shifts them 4 weeks later.
  const lines = ['bin_id,measured_at,fill_percent'];
  pts.forEach((_, i) => [0, 6, 12, 18].forEach((h, k) => lines.push(`B${i},2026-10-30T${String(h).padStart(2, '0')}:00:00Z,${i % 2 === 0 ? 60 + 5 * k : 5 + k}`)));
  writeFileSync(join(dir, 'sample', 'readings.csv.gz'), gzipSync(lines.join('\n') + '\n'));
  return dir;
}

let booted: Booted;
const logs: string[] = [];

beforeAll(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'collecte-db-')), 'sub', 'test.sqlite');
  booted = await boot({
    dbPath: db,
    port: 0,
    dataDir: dataDir(),
    clientDistDir: '/nonexistent',
    now: () => new Date('2026-11-28T08:00:00Z'),
    log: (l) => logs.push(l),
    demoPassword: 'demo password 42',
    config: { logLevel: 'silent' },
  });
});
afterAll(() => booted?.close());

describe('boot', () => {
  it('seeds, shifts readings, listens on a free port, then plans today in the background, logging timings', async () => {
    expect(booted.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(logs.some((l) => /^\[boot\] planning 2026-11-28 for principal in the background/.test(l))).toBe(true);
    await booted.app.ctx.queue.idle();
    // one space (no spaces.json in this data dir) and its demo users, one per role
    expect(booted.demoLogins.map((l) => l.username)).toEqual(['admin@principal', 'manager@principal', 'driver@principal', 'analyst@principal']);
    const api = await signIn(booted.url.replace('localhost', '127.0.0.1'), 'analyst@principal', 'demo password 42');
    expect(logs.some((l) => /^\[boot\] parsed OSM .* in \d+ ms$/.test(l))).toBe(true);
    expect(logs.some((l) => l.includes('shifted 4 weeks'))).toBe(true);
    const list = PlanListSchema.parse(await (await api('/api/plans?date=2026-11-28')).json());
    expect(list).toHaveLength(1);
    const plan = PlanSchema.parse(await (await api(`/api/plans/${list[0]!.id}`)).json());
    expect(plan.status).toBe('done');
    expect(plan.summary?.binsSelected).toBe(3);
    const bins = BinCollectionSchema.parse(await (await api('/api/bins')).json());
    expect(bins.features[0]!.properties.measuredAt).toBe('2026-11-27T18:00:00.000Z');
  });
});
