import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/db/group-commit.js';
import { memoryDb } from './helpers.js';

describe('group commit', () => {
  it('writes the items of one turn in one transaction, each all or nothing, with savepoints only when one fails', async () => {
    const db = memoryDb();
    db.exec('CREATE TABLE t (v INTEGER NOT NULL CHECK (v >= 0))');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    let transactions = 0;
    let savepoints = 0;
    const commits = new GroupCommit<number[], number>(db, (values) => {
      if (!db.inTransaction) throw new Error('not in a transaction');
      for (const v of values) insert.run(v);
      return values.length;
    });
    const original = db.transaction.bind(db);
    (db as { transaction: typeof db.transaction }).transaction = ((fn: (...a: never[]) => unknown) => {
      const tx = original(fn as never);
      return ((...args: never[]) => {
        if (!db.inTransaction) transactions++;
        else savepoints++;
        return (tx as (...a: never[]) => unknown)(...args);
      }) as never;
    }) as never;
    const results = await Promise.allSettled([commits.submit([1, 2]), commits.submit([3, -1]), commits.submit([4])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // the second item wrote 3 before failing on -1: its savepoint rolled it back, the others stayed
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2, 4]);
    // tried first as one transaction with no savepoint, rolled back at the failure, then applied
    // again item by item, each in its savepoint
    expect(transactions).toBe(2);
    expect(savepoints).toBe(3);
    await Promise.all([commits.submit([5]), commits.submit([6])]);
    // a group with no failure: one transaction, no savepoint
    expect(transactions).toBe(3);
    expect(savepoints).toBe(3);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual([1, 2, 4, 5, 6]);
  });
});
