/**
 * Group commit: writes that arrive in the same turn of the event loop are applied in one SQLite
 * transaction at the end of the turn, each inside its own savepoint, so one write failing rolls
 * back that write alone. Under a stream of small batches (a gateway per request, fifty at once)
 * the commit and the pages it writes are shared: the cost that bounded ingestion (bench:server,
 * 2026-12-03: a commit per 100-reading batch, 140 pages each) is paid once per turn instead.
 * The group is first tried without savepoints; only when a write fails is it rolled back and
 * applied again write by write, each in its savepoint.
 */
import type { Db } from './connection.js';

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  item: T;
  resolve(value: R): void;
  reject(err: unknown): void;
}

/** See the file comment. */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private scheduled = false;

  /**
   * @param apply writes one item; runs inside the group's transaction (in a savepoint of its
   *   own). What it returns resolves that item's promise; what it throws rejects it.
   * @param maxItems items per transaction at most (a huge turn is split in several).
   */
  constructor(
    private readonly db: Db,
    private readonly apply: (item: T) => R,
    private readonly maxItems = 200,
  ) {}

  /** Queues `item`; resolves once its transaction has committed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const group = this.queue.splice(0, this.maxItems);
    if (this.queue.length > 0) setImmediate(() => this.flush());
    else this.scheduled = false;
    let outcomes: Outcome<R>[];
    try {
      outcomes = this.optimistic(group) ?? this.isolated(group);
    } catch (error) {
      // the commit itself failed: nothing of the group is written
      for (const p of group) p.reject(error);
      return;
    }
    group.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  /**
   * The group in one transaction with no savepoints (callers validate first, so writes rarely
   * fail; a savepoint per write cost a fifth of ingestion's SQLite time). @returns null when one
   * write threw: the transaction is rolled back and the group must be applied write by write.
   */
  private optimistic(group: readonly Pending<T, R>[]): Outcome<R>[] | null {
    if (group.length < 2) return null;
    const values: R[] = [];
    try {
      this.db.transaction(() => {
        for (const p of group) values.push(this.apply(p.item));
      })();
    } catch (error) {
      if (values.length < group.length) return null; // a write failed: rolled back, retried one by one
      throw error; // the commit failed
    }
    return values.map((value) => ({ ok: true, value }));
  }

  /** The group in one transaction, each write in its own savepoint: a failing write is rolled back alone. */
  private isolated(group: readonly Pending<T, R>[]): Outcome<R>[] {
    const outcomes: Outcome<R>[] = [];
    const one = this.db.transaction((item: T) => this.apply(item)); // nested: a SAVEPOINT
    this.db.transaction(() => {
      for (const p of group) {
        try {
          outcomes.push({ ok: true, value: one(p.item) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    })();
    return outcomes;
  }
}
