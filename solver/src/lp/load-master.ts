import { createHighsMaster } from './highs-master.js';
import { JsLpMaster } from './jslp-master.js';
import type { MasterSolver } from './master.js';

/** Master back-ends selectable by name. */
export type MasterKind = 'highs' | 'jslp';

/** Loads a master solver by name (HiGHS loads its WASM module asynchronously). */
export async function loadMaster(kind: MasterKind): Promise<MasterSolver> {
  if (kind === 'highs') return createHighsMaster();
  if (kind === 'jslp') return new JsLpMaster();
  throw new Error(`unknown LP back-end ${String(kind)}`);
}
