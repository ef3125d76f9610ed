/**
 * Runs the solver's `solveDay` in a worker thread, so a long search does not block the server:
 * requests are answered and plan progress reaches `GET /api/plans/:id/events` while it runs. Same
 * inputs, same plan as calling `solveDay` directly (the worker only moves the call).
 */
import { Worker } from 'node:worker_threads';
import type { ResolvedProblem, SolveDayProgress, SolveDayResult } from '../solver.js';
import type { SolveDayWorkerMessage } from './solve-day-worker.js';

/** The search budget and seed of one run (see the solver's `SolveDayOptions`). */
export interface SolveDayJob {
  readonly seed: number;
  readonly iterations: number;
  /** Optional wall-clock cap, ms (the worker supplies the clock). */
  readonly timeLimitMs?: number;
}

/**
 * Solves `resolved` in a new worker thread (TypeScript loaded through tsx's ESM loader, registered
 * inside the worker, as the benchmark does), reporting progress as it comes.
 * @throws Error when the worker fails (the solver's error message is kept) or exits without a plan.
 */
export function runSolveDay(resolved: ResolvedProblem, job: SolveDayJob, onProgress: (p: Omit<SolveDayProgress, 'routes'>) => void = () => {}): Promise<SolveDayResult> {
  const entry = new URL('./solve-day-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Promise<SolveDayResult>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(boot, { eval: true, workerData: { resolved, options: job } });
    worker.on('message', (message: SolveDayWorkerMessage) => {
      if (message.type === 'progress') onProgress(message.progress);
      else {
        settled = true;
        resolve(message.result);
      }
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err instanceof Error ? err : new Error(String(err)));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the solver worker exited with code ${code} before returning a plan`));
    });
  });
}
