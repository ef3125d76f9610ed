import { describe, expect, it } from 'vitest';
import { binRow, ensureSpace, insertRows, memoryDb, readingRow } from '../../../test/helpers.js';
import { ReadingsRepository } from './readings-repository.js';

describe('ReadingsRepository.insert', () => {
  it("refuses a batch holding a bin of another space before writing any of it", () => {
    const db = memoryDb();
    ensureSpace(db, 'north');
    ensureSpace(db, 'south');
    insertRows(db, { bins: [binRow({ id: 'N1' })] }, 'north');
    insertRows(db, { bins: [binRow({ id: 'S1' })] }, 'south');
    const north = new ReadingsRepository(db, 'north');
    const batch = [readingRow('N1', '2026-11-27T06:00:00Z', 40), readingRow('S1', '2026-11-27T06:00:00Z', 50)];
    expect(() => db.transaction(() => north.insert(batch))()).toThrow("bin 'S1' is not a bin of space 'north'");
    expect(north.count()).toBe(0);
    expect(new ReadingsRepository(db, 'south').count()).toBe(0);
  });

  it('counts new rows, exact repeats and contradictions, keeping the stored value and the latest reading', () => {
    const db = memoryDb();
    insertRows(db, { bins: [binRow({ id: 'A' }), binRow({ id: 'B' })] });
    const repo = new ReadingsRepository(db, 'test');
    expect(repo.insert([readingRow('A', '2026-11-27T06:00:00Z', 40), readingRow('B', '2026-11-27T07:00:00Z', 10)])).toEqual({ inserted: 2, duplicates: 0, conflicts: [] });
    const again = repo.insert([readingRow('B', '2026-11-27T05:00:00Z', 5), readingRow('A', '2026-11-27T06:00:00Z', 40), readingRow('B', '2026-11-27T07:00:00Z', 12)]);
    expect(again).toEqual({ inserted: 1, duplicates: 1, conflicts: [{ row: 2, storedFillPercent: 10 }] });
    // an older reading does not replace the latest one
    expect(repo.latest().find((r) => r.binId === 'B')).toEqual({ binId: 'B', measuredAt: '2026-11-27T07:00:00.000Z', fillPercent: 10 });
  });
});
