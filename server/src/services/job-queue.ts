/**
 * A sequential in-process job queue: jobs run one after another, each started from
 * `setImmediate` so the HTTP response that queued it is sent first.
 */
export class JobQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** Queues `job`; its errors are logged (jobs record their own failures). */
  enqueue(name: string, job: () => void | Promise<void>): void {
    this.pending++;
    this.tail = this.tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(job)
      .catch((err: unknown) => this.log(`[jobs] ${name} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.pending--;
      });
  }

  /** Resolves when every job queued so far has finished. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
