import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../src/db/connection.js';
import { BinsRepository } from '../src/db/repositories/bins-repository.js';
import { FleetRepository } from '../src/db/repositories/fleet-repository.js';
import { PlansRepository } from '../src/db/repositories/plans-repository.js';
import { ReadingsRepository } from '../src/db/repositories/readings-repository.js';
import { seedFromData, weekShift } from '../src/db/seed.js';

function sampleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'collecte-seed-'));
  mkdirSync(join(dir, 'sample'));
  writeFileSync(
    join(dir, 'sample', 'bins.csv'),
    [
      'bin_id,lng,lat,stream,container,capacity_litres,service_sec,origin,osm_ref',
      'MC-0001,7.4246,43.7384,residual,bac-660,660,45,generated,',
      'MC-0002,7.4250,43.7390,glass,colonne-3000,3000,120,osm,node/123',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'sample', 'sites.json'),
    JSON.stringify([
      { id: 'depot-fontvieille', kind: 'depot', name: 'Dépôt', lng: 7.4155, lat: 43.7305, serviceSec: 0 },
      { id: 'disposal-uirum', kind: 'disposal', name: 'UIRUM', lng: 7.4199, lat: 43.7325, serviceSec: 1200 },
    ]),
  );
  writeFileSync(
    join(dir, 'sample', 'fleet.json'),
    JSON.stringify([
      { vehicleId: 'BOM-01', name: 'BOM 1', type: 'bom26', streams: ['residual'], capacityLitres: 80000, capacityKg: 11000, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
    ]),
  );
  const readings = [
    'bin_id,measured_at,fill_percent',
    'MC-0001,2026-10-03T06:00:00Z,10',
    'MC-0001,2026-10-03T12:00:00Z,14.5',
    'MC-0001,2026-10-03T12:00:00Z,14.5',
    'MC-0002,2026-10-04T23:00:00Z,30',
    'MC-9999,2026-10-04T23:00:00Z,30',
    'MC-0002,2026-10-05T00:00:00Z,130',
  ];
  writeFileSync(join(dir, 'sample', 'readings.csv.gz'), gzipSync(readings.join('\n') + '\n'));
  return dir;
}

const repo0 = (db: Database.Database): PlansRepository => new PlansRepository(db, 'principal');
/** The version of every migration file, in order. */
const VERSIONS = readdirSync(new URL('../src/db/migrations/', import.meta.url)).filter((f) => /^\d{3}-.+\.sql$/.test(f)).map((f) => Number(f.slice(0, 3))).sort((a, b) => a - b);

describe('migrations', () => {
  it('records each migration once and applies nothing the second time', () => {
    const db = openDb(':memory:');
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(VERSIONS);
    expect(migrate(db)).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('keeps the steps of plans stored before the collection-day model, and then accepts break steps', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    for (const [version, file] of [[1, '001-init.sql'], [2, '002-alerts.sql']] as const) {
      db.exec(readFileSync(new URL(`../src/db/migrations/${file}`, import.meta.url), 'utf8'));
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(version, file, '2026-11-01T00:00:00Z');
    }
    db.exec(`INSERT INTO plans (id, date, status, created_at) VALUES ('p1', '2026-11-27', 'done', '2026-11-27T05:00:00Z');
      INSERT INTO plan_routes VALUES ('p1', 'r1', 0, 'BOM-01', 'BOM', '["residual"]', 80000, 11000, 5000, 3600,
        '2026-11-27T05:00:00Z', '2026-11-27T06:00:00Z', 1, 1, 500, 60, '#1b9e77', '[[7.4,43.7],[7.41,43.71]]');
      INSERT INTO plan_stops VALUES ('p1', 'r1', 0, 'start', 'depot', 0, 7.4, 43.7, 21600, 21600, 'a', 'b', 0, 0, 0),
        ('p1', 'r1', 1, 'bin', 'B1', 2, 7.41, 43.71, 22000, 22060, 'c', 'd', 500, 60, 900);
      INSERT INTO plan_unassigned VALUES ('p1', 'B2', 'capacity', 'too full');
      INSERT INTO bins VALUES ('B1', 7.41, 43.71, 'residual', 'bac-660', 660, 60, 'generated', NULL, '891f9');
      INSERT INTO readings VALUES ('B1', '2026-11-26T06:00:00.000Z', 30), ('B1', '2026-11-27T06:00:00.000Z', 55);`);
    expect(migrate(db)).toEqual(VERSIONS.filter((v) => v >= 3));
    // 004 rebuilt plans (parent of routes and unassigned) and readings: nothing lost, latest kept;
    // 005 put every row stored before spaces existed in the space 'principal'
    expect(repo0(db).get('p1')).toMatchObject({ status: 'done', notice: null, resumed: 0 });
    expect(repo0(db).unassigned('p1')).toEqual([{ binId: 'B2', reason: 'capacity', detail: 'too full' }]);
    expect(new ReadingsRepository(db, 'principal').latest()).toEqual([{ binId: 'B1', measuredAt: '2026-11-27T06:00:00.000Z', fillPercent: 55 }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const repo = new PlansRepository(db, 'principal');
    expect(new PlansRepository(db, 'elsewhere').get('p1')).toBeUndefined();
    expect(new PlansRepository(db, 'elsewhere').routes('p1')).toEqual([]);
    expect(repo.routes('p1')[0]).toMatchObject({ durationS: 3600, drivingS: null, breakS: 0, cost: null });
    expect(repo.steps('p1').map((s) => [s.kind, s.refId, s.arrivalSec, s.startSec, s.startAt, s.drivingFromPrevSec])).toEqual([
      ['start', 'depot', 21600, 21600, 'a', null],
      ['bin', 'B1', 22000, 22000, 'c', null],
    ]);
    db.exec(`INSERT INTO plan_stops VALUES ('p1', 'r1', 2, 'break', NULL, NULL, 7.41, 43.71, 22060, 22060, 22060 + 1200,
      'e', 'e', 'f', 500, 60, 0, 0)`);
    expect(() => db.exec(`INSERT INTO plan_stops VALUES ('p1', 'r1', 3, 'bin', NULL, 3, 7.41, 43.71, 0, 0, 0, 'e', 'e', 'f', 0, 0, 0, 0)`)).toThrow(/CHECK/);
    db.close();
  });
});

describe('seedFromData', () => {
  it('loads bins, sites, fleet and readings verbatim when the shift is off, counting duplicates and rejects', async () => {
    const db = openDb(':memory:');
    const logs: string[] = [];
    const stats = await seedFromData(db, { dataDir: sampleDir(), now: new Date('2026-11-28T10:00:00Z'), shiftReadingsToNow: false, log: (l) => logs.push(l) });
    expect(stats).toEqual({ spaces: [{ id: 'principal', bins: 2 }], bins: 2, sites: 2, vehicles: 1, readings: 3, duplicateReadings: 1, rejectedReadings: 2, collections: 0, rejectedCollections: 0, planDays: 0, shiftWeeks: 0 });
    expect(logs.join('\n')).toContain("unknown bin 'MC-9999'");
    const bins = new BinsRepository(db, 'principal').all();
    expect(bins[1]).toMatchObject({ id: 'MC-0002', osmRef: 'node/123', origin: 'osm', capacityLitres: 3000 });
    expect(bins[0]!.osmRef).toBeNull();
    expect(bins[0]!.h3Cell).toMatch(/^89/);
    expect(new FleetRepository(db, 'principal').vehicles()[0]).toMatchObject({ id: 'BOM-01', streams: ['residual'] });
    expect(new ReadingsRepository(db, 'principal').latest().find((r) => r.binId === 'MC-0002')!.measuredAt).toBe('2026-10-04T23:00:00.000Z');
  });

  it('shifts readings by whole weeks so the last one falls within the 7 days before the seeding instant', async () => {
    const db = openDb(':memory:');
    const now = new Date('2026-11-28T10:00:00Z');
    const stats = await seedFromData(db, { dataDir: sampleDir(), now });
    // last reading 2026-10-04T23:00Z (a Sunday); + 7 weeks = 2026-11-22T23:00Z (a Sunday).
    expect(stats!.shiftWeeks).toBe(7);
    const last = new ReadingsRepository(db, 'principal').latest().find((r) => r.binId === 'MC-0002')!;
    expect(last.measuredAt).toBe('2026-11-22T23:00:00.000Z');
    expect(new Date(last.measuredAt).getUTCDay()).toBe(new Date('2026-10-04T23:00:00Z').getUTCDay());
  });

  it('stores the sample collections and past plan days shifted by the same whole weeks, in local days, rejecting unknown bins', async () => {
    const dir = sampleDir();
    writeFileSync(
      join(dir, 'sample', 'collections.csv'),
      ['bin_id,collected_at,fill_before_percent,overflowed', 'MC-0001,2026-10-03T09:00:00Z,62.5,0', 'MC-0002,2026-10-04T23:30:00Z,100.0,1', 'MC-9999,2026-10-03T09:00:00Z,10,0', 'MC-0001,nope,10,0'].join('\n'),
    );
    writeFileSync(join(dir, 'sample', 'plans-history.csv'), ['space,date,routes,km,truck_hours,cost_eur,co2_kg,bins_planned,bins_collected,unassigned', 'principal,2026-10-03,1,12.5,3.25,405.5,31.3,1,1,0'].join('\n'));
    const db = openDb(':memory:');
    const logs: string[] = [];
    const stats = await seedFromData(db, { dataDir: dir, now: new Date('2026-11-28T10:00:00Z'), log: (l) => logs.push(l) });
    expect(stats).toMatchObject({ shiftWeeks: 7, collections: 2, rejectedCollections: 2, planDays: 1 });
    expect(logs.join('\n')).toContain("collections.csv:4: unknown bin 'MC-9999'");
    const rows = db.prepare('SELECT bin_id, collected_at, day, fill_before_percent, overflowed FROM collections ORDER BY collected_at').raw().all();
    // + 7 weeks; 23:30 UTC on a Sunday is already Monday in Monaco (UTC+1 in November)
    expect(rows).toEqual([
      ['MC-0001', '2026-11-21T09:00:00.000Z', '2026-11-21', 62.5, 0],
      ['MC-0002', '2026-11-22T23:30:00.000Z', '2026-11-23', 100, 1],
    ]);
    expect(db.prepare('SELECT space_id, day, km, truck_hours, cost_eur, source FROM plan_days').raw().all()).toEqual([['principal', '2026-11-21', 12.5, 3.25, 405.5, 'sample']]);
  });

  it("splits the bins between the spaces of spaces.json: inside the outline to its space, the rest to the space without one", async () => {
    const dir = sampleDir();
    mkdirSync(join(dir, 'osm'));
    writeFileSync(join(dir, 'osm', 'monaco.poly'), readFileSync('data/osm/monaco.poly'));
    writeFileSync(
      join(dir, 'sample', 'bins.csv'),
      ['bin_id,lng,lat,stream,container,capacity_litres,service_sec,origin,osm_ref', 'IN,7.4246,43.7384,residual,bac-660,660,45,generated,', 'OUT,7.4047,43.7219,residual,bac-660,660,45,generated,'].join('\n'),
    );
    writeFileSync(
      join(dir, 'sample', 'spaces.json'),
      JSON.stringify([
        { id: 'monaco', name: 'Monaco', kind: 'commune', communes: ['Monaco'], timeZone: 'Europe/Monaco', area: 'monaco.poly' },
        { id: 'riviera', name: 'Riviera', kind: 'intercommunalite', communes: ["Cap-d'Ail"], timeZone: 'Europe/Paris', area: null },
      ]),
    );
    writeFileSync(
      join(dir, 'sample', 'sites.json'),
      JSON.stringify([
        { id: 'd1', space: 'monaco', kind: 'depot', name: 'D1', lng: 7.4155, lat: 43.7305, serviceSec: 0 },
        { id: 'd2', space: 'riviera', kind: 'depot', name: 'D2', lng: 7.4047, lat: 43.722, serviceSec: 0 },
      ]),
    );
    writeFileSync(join(dir, 'sample', 'readings.csv.gz'), gzipSync('bin_id,measured_at,fill_percent\nIN,2026-10-03T06:00:00Z,10\nOUT,2026-10-03T06:00:00Z,20\n'));
    const db = openDb(':memory:');
    const stats = await seedFromData(db, { dataDir: dir, now: new Date('2026-11-28T10:00:00Z'), shiftReadingsToNow: false });
    expect(stats!.spaces).toEqual([
      { id: 'monaco', bins: 1 },
      { id: 'riviera', bins: 1 },
    ]);
    expect(new BinsRepository(db, 'monaco').all().map((b) => b.id)).toEqual(['IN']);
    expect(new BinsRepository(db, 'riviera').all().map((b) => b.id)).toEqual(['OUT']);
    expect(new FleetRepository(db, 'riviera').sites().map((x) => x.id)).toEqual(['d2']);
    expect(new ReadingsRepository(db, 'monaco').latest().map((r) => r.binId)).toEqual(['IN']);
    // fleet.json names no space: its vehicles go to the first space
    expect(new FleetRepository(db, 'monaco').vehicles().map((v) => v.id)).toEqual(['BOM-01']);
  });

  it('does nothing on a database that already has bins', async () => {
    const db = openDb(':memory:');
    const dir = sampleDir();
    await seedFromData(db, { dataDir: dir, now: new Date() });
    expect(await seedFromData(db, { dataDir: dir, now: new Date() })).toBeNull();
  });

  it('computes week shifts in both directions', () => {
    const week = 7 * 86_400_000;
    const now = Date.UTC(2026, 10, 28);
    expect(weekShift(now, now)).toBe(0);
    expect(weekShift(now - 1, now)).toBe(0);
    expect(weekShift(now - week, now)).toBe(1);
    expect(weekShift(now + 1, now)).toBe(-1);
    for (const last of [now - 100 * week - 5, now + 3 * week + 77]) {
      const shifted = last + weekShift(last, now) * week;
      expect(shifted).toBeLessThanOrEqual(now);
      expect(shifted).toBeGreaterThan(now - week);
    }
  });
});
