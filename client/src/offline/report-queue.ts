/**
 * The tablet's queue of reports not yet sent (issue #15, dead zones): every report the driver makes
 * is first written to storage (`localStorage` in the browser) with the id the tablet made for it,
 * then sent in order, in batches, when the network allows. A failed send is retried with a doubling
 * delay (1 s, 2 s, 4 s... up to {@link MAX_RETRY_MS}) and at once when the browser says it is back
 * online. The server recognises a re-sent id (`duplicate`), so sending a report twice (a reply lost
 * in a tunnel, a reload during a send) never counts it twice.
 *
 * A report the server refuses (400, 409: bad content, a duplicate id with other content) cannot
 * succeed by retrying: it leaves the queue for the `refused` list, which the screen shows, and the
 * rest of the queue goes on. A 401 stops sending until {@link ReportQueue.flush} is called again
 * (after the driver signs in again); nothing is dropped.
 */
import type { ReportBatchResult, ReportInput } from '../../../server/contract/driver.js';

/** `localStorage` key of the queue. */
export const QUEUE_STORAGE_KEY = 'collecte.driver.reportQueue';
/** First retry delay after a failed send, ms. */
export const FIRST_RETRY_MS = 1_000;
/** Longest retry delay, ms. */
export const MAX_RETRY_MS = 60_000;
/** Most reports per `POST /api/reports` (the contract's maximum). */
export const BATCH_MAX = 200;

/** The minimal storage the queue needs. */
export type QueueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** A report the server refused, with the reason to show. */
export interface RefusedReport {
  report: ReportInput;
  /** The server's error code (`invalid_input`, `conflict`...). */
  code: string;
  message: string;
}

/** What the queue stores. */
interface StoredQueue {
  pending: ReportInput[];
  refused: RefusedReport[];
}

/** How a send failed, as the queue needs to know it. */
export type SendFailure =
  /** No answer, a 5xx or a 429: try again later. */
  | { kind: 'retry' }
  /** The server refused the content (4xx): retrying the same content cannot succeed. */
  | { kind: 'refused'; code: string; message: string }
  /** Not signed in any more: wait for a new sign-in. */
  | { kind: 'unauthenticated' };

/** What the queue is given. */
export interface ReportQueueOptions {
  storage: QueueStorage | null;
  /** Sends one batch (`POST /api/reports`). */
  send: (reports: ReportInput[]) => Promise<ReportBatchResult>;
  /** Sorts an error thrown by `send` (see {@link SendFailure}). */
  classify: (error: unknown) => SendFailure;
  /** Timers, injectable so tests do not wait. */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Called after every change of the pending or refused reports, or of the sending state. */
  onChange?: (queue: ReportQueue) => void;
}

/** Reads the stored queue; a missing or unreadable value is an empty queue. */
function readStored(storage: QueueStorage | null): StoredQueue {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(QUEUE_STORAGE_KEY) ?? null;
  } catch {
    raw = null; // storage refused (private mode): the queue lives in memory only
  }
  if (!raw) return { pending: [], refused: [] };
  try {
    const parsed = JSON.parse(raw) as Partial<StoredQueue>;
    return { pending: Array.isArray(parsed.pending) ? parsed.pending : [], refused: Array.isArray(parsed.refused) ? parsed.refused : [] };
  } catch {
    return { pending: [], refused: [] }; // not ours (another version wrote something else): start empty
  }
}

/** The queue of reports made on the tablet and not yet acknowledged by the server. */
export class ReportQueue {
  private pendingReports: ReportInput[];
  private refusedReports: RefusedReport[];
  private sending = false;
  private timer: unknown = null;
  private delayMs = FIRST_RETRY_MS;
  private blocked = false;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: ReportQueueOptions) {
    const stored = readStored(options.storage);
    this.pendingReports = stored.pending;
    this.refusedReports = stored.refused;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  /** The reports not yet acknowledged, oldest first. */
  get pending(): readonly ReportInput[] {
    return this.pendingReports;
  }

  /** The reports the server refused (shown to the driver). */
  get refused(): readonly RefusedReport[] {
    return this.refusedReports;
  }

  /** Whether a send is under way. */
  get busy(): boolean {
    return this.sending;
  }

  /** Whether a retry is waiting for its delay (a failed send). */
  get waitingToRetry(): boolean {
    return this.timer !== null;
  }

  /** Adds a report (written to storage before anything is sent) and starts sending. */
  add(report: ReportInput): void {
    if (this.pendingReports.some((r) => r.id === report.id)) return; // the same report twice: one is enough
    this.pendingReports = [...this.pendingReports, report];
    this.save();
    void this.flush();
  }

  /** Forgets the refused reports (the driver has read them). */
  dismissRefused(): void {
    this.refusedReports = [];
    this.save();
  }

  /** The network is back (the browser's `online` event): send now, from the first delay again. */
  online(): void {
    this.delayMs = FIRST_RETRY_MS;
    void this.flush();
  }

  /** Stops the retry timer (the view is closed); the queue stays in storage. */
  stop(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /**
   * Sends the pending reports, oldest first, in batches of {@link BATCH_MAX}, until the queue is
   * empty or a send fails (then a retry is scheduled). A batch the server refuses is re-sent one
   * report at a time, so only the refused report leaves for the refused list.
   */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.stop();
    this.blocked = false;
    this.sending = true;
    this.changed();
    try {
      while (this.pendingReports.length > 0 && !this.blocked) {
        const batch = this.pendingReports.slice(0, BATCH_MAX);
        const outcome = await this.sendBatch(batch);
        if (outcome === 'refused-batch') {
          for (const report of batch) {
            const single = await this.sendBatch([report]);
            if (single !== 'sent' && single !== 'refused-batch') break;
          }
        }
        if (outcome === 'retry' || outcome === 'stop') break;
      }
    } finally {
      this.sending = false;
      this.changed();
    }
  }

  /** Sends one batch and applies the answer to the queue. */
  private async sendBatch(batch: ReportInput[]): Promise<'sent' | 'retry' | 'stop' | 'refused-batch'> {
    let result: ReportBatchResult;
    try {
      result = await this.options.send(batch);
    } catch (error) {
      const failure = this.options.classify(error);
      if (failure.kind === 'unauthenticated') {
        this.blocked = true;
        return 'stop';
      }
      if (failure.kind === 'retry') {
        this.blocked = true;
        this.scheduleRetry();
        return 'retry';
      }
      if (batch.length > 1) return 'refused-batch';
      const [report] = batch;
      if (report) {
        this.remove(new Set([report.id]));
        this.refusedReports = [...this.refusedReports, { report, code: failure.code, message: failure.message }];
        this.save();
      }
      return 'sent';
    }
    this.delayMs = FIRST_RETRY_MS;
    const acknowledged = new Set(result.results.map((r) => r.id));
    this.remove(acknowledged);
    this.save();
    return 'sent';
  }

  private remove(ids: ReadonlySet<string>): void {
    this.pendingReports = this.pendingReports.filter((r) => !ids.has(r.id));
  }

  private scheduleRetry(): void {
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_RETRY_MS);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private save(): void {
    try {
      this.options.storage?.setItem(QUEUE_STORAGE_KEY, JSON.stringify({ pending: this.pendingReports, refused: this.refusedReports } satisfies StoredQueue));
    } catch {
      // a full or refused storage: the queue still lives in memory and is sent when possible
    }
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this);
  }
}
