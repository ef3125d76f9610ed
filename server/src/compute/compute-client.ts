/**
 * The server's side of a compute worker thread (`compute-worker.ts`): posts tasks, relays plan
 * progress, and turns every way a worker can fail (an error in a task, the thread dying, running
 * out of memory, being stopped to cancel a plan) into a rejected promise with a sentence. A dead
 * worker is replaced on the next task; the server process itself never goes down with it.
 */
import { Worker } from 'node:worker_threads';
import type { ComputeResults, ComputeTask, RoadSource, WorkerMessage } from './compute-protocol.js';
import type { ProgressDetail } from './plan-pipeline.js';

/** A progress report of a task (plans): fraction 0..1, a sentence, and its detail. */
export type TaskProgress = (fraction: number, message: string, detail?: ProgressDetail) => void;

/** A task that failed inside the worker (`name` and `message` of the error there). */
export class ComputeTaskError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = errorName;
  }
}

/** The worker stopped before answering (crash, out of memory, or {@link ComputeWorker.stop}). */
export class WorkerStoppedError extends Error {
  override readonly name = 'WorkerStoppedError';
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress?: TaskProgress;
}

/** Options of a {@link ComputeWorker}. */
export interface ComputeWorkerOptions {
  /** Road network source, or null when the server has none (tasks needing roads then fail). */
  road: RoadSource | null;
  /** Heap limit of the thread, MB: a runaway task kills the thread, not the server. */
  maxHeapMb?: number;
  log?: (line: string) => void;
}

/** One compute thread, started on the first task (see the file comment). */
export class ComputeWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly stopReasons = new WeakMap<Worker, string>();
  private closed = false;

  constructor(
    readonly name: string,
    private readonly options: ComputeWorkerOptions,
  ) {}

  /** Tasks posted and not yet answered. */
  get busy(): number {
    return this.pending.size;
  }

  /**
   * Runs `task` in the thread.
   * @throws ComputeTaskError when the task throws there; WorkerStoppedError when the thread stops first.
   */
  run<K extends ComputeTask['kind']>(task: Extract<ComputeTask, { kind: K }>, onProgress?: TaskProgress): Promise<ComputeResults[K]> {
    if (this.closed) return Promise.reject(new WorkerStoppedError(`the ${this.name} worker is shut down`));
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<ComputeResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) });
      worker.postMessage({ id, task });
    });
  }

  /** Stops the thread now (e.g. to cancel a running plan): its tasks fail with `reason`. */
  async stop(reason: string): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopReasons.set(worker, reason);
    await worker.terminate();
  }

  /** Stops the thread for good. */
  async close(): Promise<void> {
    this.closed = true;
    await this.stop(`the ${this.name} worker is shut down`);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const entry = new URL('./compute-worker.ts', import.meta.url).href;
    // TypeScript is loaded in the thread through tsx's ESM loader, as the server itself runs.
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(boot, {
      eval: true,
      workerData: { road: this.options.road },
      ...(this.options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } } : {}),
    });
    this.worker = worker;
    worker.on('message', (m: WorkerMessage) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.(m.fraction, m.message, m.detail);
      else {
        this.pending.delete(m.id);
        if (m.type === 'done') p.resolve(m.value);
        else p.reject(new ComputeTaskError(m.name, m.message));
      }
    });
    let failure: string | null = null;
    worker.on('error', (err) => {
      failure = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'it ran out of memory' : `it failed: ${err.message}`;
      this.options.log?.(`[compute] ${this.name} worker ${failure}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      const reason = this.stopReasons.get(worker) ?? `the ${this.name} worker stopped unexpectedly (${failure ?? `exit code ${code}`})`;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new WorkerStoppedError(reason));
      }
    });
    return worker;
  }
}
