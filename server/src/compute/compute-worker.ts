/**
 * Entry of a compute worker thread: forecasts and decisions, the plan pipeline and turn-by-turn
 * routing run here, so the server's event loop only does I/O (issue #11: heavy work never holds
 * it). Tasks are handled one at a time, in order. The road network is built once, on the first
 * task that needs it, from the same OpenStreetMap bytes as the server's (`workerData.road`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  buildRoadNetwork,
  buildRoutingEngine,
  decideBins,
  loadMaster,
  parseOsm,
  routeAlong,
  routeSteps,
  snapPoints,
  type MasterSolver,
  type RouteLocation,
} from '../solver.js';
import type { ComputeResults, ComputeTask, DecideTask, InstructionsTask, RoadSource, TaskMessage, WorkerMessage } from './compute-protocol.js';
import { runEdit, runReoptimise } from './plan-edit.js';
import { MAX_SNAP_M, runPlanPipeline, type PlanRoads } from './plan-pipeline.js';
import { packedReadings } from './readings-pack.js';

const source = (workerData as { road: RoadSource | null }).road;
/**
 * The set-partitioning master of every plan this thread solves (HiGHS, WASM, loaded once). When it
 * cannot load, plans are still made, without the master step (the engine's documented fallback).
 */
const masterReady: Promise<MasterSolver | undefined> = loadMaster('highs').catch((err: unknown) => {
  console.error(`[compute] HiGHS did not load, plans go without the master: ${err instanceof Error ? err.message : String(err)}`);
  return undefined;
});
let roads: (PlanRoads & { engine: NonNullable<PlanRoads['engine']> }) | null = null;

/** The worker's road network, built on first use. */
function roadsOrThrow(): NonNullable<typeof roads> {
  if (roads) return roads;
  if (!source) throw Object.assign(new Error('no road network is loaded on this server'), { name: 'PlanInputError' });
  const osm = parseOsm(source.osm, source.name);
  const net = buildRoadNetwork(osm);
  const { engine } = buildRoutingEngine(net, osm, source.ch);
  roads = { net, engine };
  return roads;
}

function decide(task: DecideTask): ComputeResults['decide'] {
  const inputs = task.pack.binIds.map((binId, k) => ({
    binId,
    stream: task.bins[k]!.stream,
    groups: task.bins[k]!.groups,
    readings: packedReadings(task.pack, k),
    ...(task.bins[k]!.collectedAtMs ? { collectedAtMs: task.bins[k]!.collectedAtMs } : {}),
  }));
  return decideBins(inputs, task.planAtMs, task.nextAtMs, { riskPercent: task.riskPercent, timeZone: task.timeZone });
}

function instructions(task: InstructionsTask): ComputeResults['instructions'] {
  const { net, engine } = roadsOrThrow();
  const snapped = snapPoints(net, task.stops.map((s) => [s.lngLat[0], s.lngLat[1]] as [number, number]), MAX_SNAP_M);
  const locations: RouteLocation[] = [];
  for (let i = 0; i < snapped.length; i++) {
    const r = snapped[i]!;
    if (!r.ok) return { unplaced: task.stops[i]!.ref };
    locations.push({ snap: r.snap, approach: 'either' });
  }
  let legs;
  try {
    legs = routeAlong(engine, locations);
  } catch (err) {
    return { undrivable: err instanceof Error ? err.message : String(err) };
  }
  return { legs, steps: routeSteps(engine, locations, legs) };
}

async function run(id: number, task: ComputeTask): Promise<unknown> {
  switch (task.kind) {
    case 'decide':
      return decide(task);
    case 'plan':
    {
      const flag = task.stop ? new Int32Array(task.stop) : null;
      return runPlanPipeline(
        task.input,
        roadsOrThrow,
        (fraction, message, detail) => post({ id, type: 'progress', fraction, message, ...(detail ? { detail } : {}) }),
        await masterReady,
        () => flag !== null && Atomics.load(flag, 0) === 1,
      );
    }
    case 'instructions':
      return instructions(task);
    case 'edit':
      return runEdit(task, roadsOrThrow);
    case 'reoptimise':
      return runReoptimise(task, roadsOrThrow, await masterReady, (fraction, message) => post({ id, type: 'progress', fraction, message }));
  }
}

function post(message: WorkerMessage): void {
  parentPort?.postMessage(message);
}

// Tasks run one at a time, in order: each waits for the one before (the master's loading is the
// only await, so a task never interleaves with another).
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', ({ id, task }: TaskMessage) => {
  queue = queue.then(async () => {
    try {
      post({ id, type: 'done', value: await run(id, task) });
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ id, type: 'error', name: e.name, message: e.message });
    }
  });
});
