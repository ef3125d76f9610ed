/** Worker-thread entry: solves one seed of a benchmark instance and posts the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { runSingle, type SolveArgs } from './benchmark-run.js';

const data = workerData as { args: SolveArgs; text: string; seed: number; startEpoch: number };
const res = await runSingle(data.args, data.text, data.seed, data.startEpoch);
parentPort?.postMessage(res);
