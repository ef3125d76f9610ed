/**
 * Location privacy (issue #15, RGPD): the trucks' positions are deleted after the retention period
 * (default 61 days, `positionRetentionDays` / `POSITION_RETENTION_DAYS`) by a job that runs when the
 * app starts and then every day, on the app's clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, DEFAULT_POSITION_RETENTION_DAYS, POSITION_PURGE_EVERY_MS, type App } from '../src/app.js';
import type { Db } from '../src/db/connection.js';
import { DriverRepository } from '../src/db/repositories/driver-repository.js';
import { ensureSpace, memoryDb, noRoadContext, NOW } from './helpers.js';

const DAY = 86_400_000;
let app: App | null = null;

/** A database with one position of truck T1 in space `test` and one in space `other` per age, days before NOW. */
function dbWithPositions(ages: readonly number[]): Db {
  const db = memoryDb();
  for (const space of ['test', 'other']) {
    ensureSpace(db, space);
    new DriverRepository(db, space).insertPositions(ages.map((d) => ({ userId: null, vehicleId: 'T1', at: new Date(NOW.getTime() - d * DAY).toISOString(), lng: 7.42, lat: 43.73, accuracyM: null })));
  }
  return db;
}
const agesLeft = (db: Db, now: Date): number[] =>
  new DriverRepository(db, 'test')
    .positions()
    .map((p) => Math.round((now.getTime() - Date.parse(p.at)) / DAY))
    .sort((a, b) => a - b);
const total = (db: Db): number => db.prepare('SELECT COUNT(*) FROM truck_positions').pluck().get() as number;

afterEach(async () => {
  vi.useRealTimers();
  await app?.ctx.close();
  app = null;
});

describe('position retention', () => {
  it('keeps positions 61 days by default and deletes the older ones of every space when the app starts', () => {
    expect(DEFAULT_POSITION_RETENTION_DAYS).toBe(61);
    const db = dbWithPositions([90, 62, 60, 1]);
    app = createApp({ db, road: noRoadContext(), now: () => NOW, config: { logLevel: 'silent' }, log: () => {} });
    expect(agesLeft(db, NOW)).toEqual([1, 60]);
    expect(total(db)).toBe(4);
  });

  it('runs again every day on the clock: a position that grows older than the retention is deleted the next day', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const db = dbWithPositions([60, 30, 1]);
    let now = NOW;
    app = createApp({ db, road: noRoadContext(), now: () => now, config: { logLevel: 'silent' }, log: () => {} });
    expect(agesLeft(db, now)).toEqual([1, 30, 60]);
    now = new Date(NOW.getTime() + 2 * DAY);
    vi.advanceTimersByTime(POSITION_PURGE_EVERY_MS - 1000);
    expect(agesLeft(db, now)).toEqual([3, 32, 62]); // not yet: the job runs once a day
    vi.advanceTimersByTime(1000);
    expect(agesLeft(db, now)).toEqual([3, 32]);
    now = new Date(NOW.getTime() + 32 * DAY);
    vi.advanceTimersByTime(POSITION_PURGE_EVERY_MS);
    expect(agesLeft(db, now)).toEqual([33]);
  });

  it("forgets where old reports were made (the report stays) with the positions", () => {
    const db = dbWithPositions([]);
    const plan = 'p-old';
    db.prepare(`INSERT INTO plans (id, date, status, created_at, space_id) VALUES (?, '2026-09-01', 'done', ?, 'test')`).run(plan, NOW.toISOString());
    const report = (id: string, daysAgo: number): void => {
      const at = new Date(NOW.getTime() - daysAgo * DAY).toISOString();
      new DriverRepository(db, 'test').insertReports([
        { id, planId: plan, routeId: 'r1', stepIdx: 1, binId: 'B1', outcome: 'collected', reason: null, note: null, fillPercent: null, weightKg: null, at, receivedAt: at, lng: 7.42, lat: 43.73, accuracyM: 5, userId: null, byName: 'driver', corrects: null },
      ]);
    };
    report('old', 70);
    report('recent', 10);
    app = createApp({ db, road: noRoadContext(), now: () => NOW, config: { logLevel: 'silent' }, log: () => {} });
    const rows = db.prepare('SELECT id, lng, lat, accuracy_m AS accuracyM FROM driver_reports ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'old', lng: null, lat: null, accuracyM: null },
      { id: 'recent', lng: 7.42, lat: 43.73, accuracyM: 5 },
    ]);
  });

  it('follows a configured retention', () => {
    const db = dbWithPositions([20, 8, 6, 0]);
    app = createApp({ db, road: noRoadContext(), now: () => NOW, config: { logLevel: 'silent', positionRetentionDays: 7 }, log: () => {} });
    expect(agesLeft(db, NOW)).toEqual([0, 6]);
    expect(app.ctx.purgePositions()).toBe(0);
  });
});
