/**
 * Messages between the server and its compute worker threads (`compute-worker.ts`): each task
 * carries an id; the worker answers with progress (plans), then a value or an error.
 */
import type { BinDecision, RouteLeg, RouteStep, Stream } from '../solver.js';
import type { EditOutcome, EditTask, ReoptimiseOutcome, ReoptimiseTask } from './plan-edit.js';
import type { PlanInput, PlanOutcome, ProgressDetail } from './plan-pipeline.js';
import type { ReadingsPack } from './readings-pack.js';

/** The OpenStreetMap bytes a worker builds its road network from (the same as the server's). */
export interface RoadSource {
  readonly osm: Uint8Array;
  readonly name: string;
  /** Serialised contraction hierarchy of the server's engine (skips rebuilding it). */
  readonly ch?: Uint8Array;
}

/** `decideBins` on packed readings. */
export interface DecideTask {
  readonly kind: 'decide';
  readonly pack: ReadingsPack;
  /** One per `pack.binIds` entry, in the same order. */
  readonly bins: readonly { readonly stream: Stream; readonly groups: readonly string[]; readonly collectedAtMs?: readonly number[] }[];
  readonly planAtMs: number;
  readonly nextAtMs: number;
  readonly riskPercent: number;
  readonly timeZone: string;
}

/** The whole plan pipeline. */
export interface PlanTask {
  readonly kind: 'plan';
  readonly input: PlanInput;
  /**
   * A cooperative stop flag (an Int32Array's buffer, shared with the server): when its first
   * element is 1 the search ends and the pipeline finishes with its best plan so far.
   */
  readonly stop?: SharedArrayBuffer;
}

/** A stored route's places, to route and describe turn by turn. */
export interface InstructionsTask {
  readonly kind: 'instructions';
  readonly stops: readonly { readonly ref: string; readonly lngLat: readonly [number, number] }[];
}

export type ComputeTask = DecideTask | PlanTask | InstructionsTask | EditTask | ReoptimiseTask;

/** What each task answers. */
export interface ComputeResults {
  decide: BinDecision[];
  plan: PlanOutcome;
  instructions: { legs: RouteLeg[]; steps: RouteStep[][] } | { unplaced: string } | { undrivable: string };
  edit: EditOutcome;
  reoptimise: ReoptimiseOutcome;
}

/** Worker → server. */
export type WorkerMessage =
  | { readonly id: number; readonly type: 'progress'; readonly fraction: number; readonly message: string; readonly detail?: ProgressDetail }
  | { readonly id: number; readonly type: 'done'; readonly value: unknown }
  | { readonly id: number; readonly type: 'error'; readonly name: string; readonly message: string };

/** Server → worker. */
export interface TaskMessage {
  readonly id: number;
  readonly task: ComputeTask;
}
