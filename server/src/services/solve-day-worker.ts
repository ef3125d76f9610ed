/**
 * Worker-thread entry of {@link runSolveDay}: runs `solveDay` on the resolved problem it is given,
 * with the set-partitioning master on HiGHS (loaded here: the WASM module loads asynchronously),
 * and posts its progress (`{type: 'progress'}`) and then its result (`{type: 'done'}`) to the
 * parent, so the server's event loop stays free (HTTP requests, Server-Sent Events) while the
 * search runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadMaster, solveDay, type ResolvedProblem, type SolveDayProgress, type SolveDayResult } from '../solver.js';
import type { SolveDayJob } from './solve-day-runner.js';

/** Messages the worker posts. */
export type SolveDayWorkerMessage = { type: 'progress'; progress: Omit<SolveDayProgress, 'routes'> } | { type: 'done'; result: SolveDayResult };

const job = workerData as { resolved: ResolvedProblem; options: SolveDayJob };
const post = (message: SolveDayWorkerMessage): void => parentPort?.postMessage(message);
const master = await loadMaster('highs');
const result = solveDay(job.resolved, {
  seed: job.options.seed,
  master,
  iterations: job.options.iterations,
  ...(job.options.timeLimitMs !== undefined ? { timeLimitMs: job.options.timeLimitMs, now: () => performance.now() } : {}),
  // the routes accessor is a function: it stays here (a message carries data only)
  onProgress: ({ iteration, bestCost, elapsedMs }) => post({ type: 'progress', progress: { iteration, bestCost, elapsedMs } }),
});
post({ type: 'done', result });
