/**
 * Group commit: writes that arrive in the same turn of the event loop are applied in one SQLite
 * transaction at the end of the turn, each inside its own savepoint, so one write failing rolls
 * back that write alone. Under a stream of small batches (a gateway per request, fifty at once)
 * the commit and the pages it writes are shared: the cost that bounded ingestion (bench:server,
 * 2026-12-03: a commit per 100-reading batch, 140 pages each) is paid once per turn instead.
 */
import type { Db } from './connection.js';

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
    const outcomes: ({ ok: true; value: R } | { ok: false; error: unknown })[] = [];
    const one = this.db.transaction((item: T) => this.apply(item)); // nested: a SAVEPOINT
    try {
      this.db.transaction(() => {
        for (const p of group) {
          try {
            outcomes.push({ ok: true, value: one(p.item) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
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
}
