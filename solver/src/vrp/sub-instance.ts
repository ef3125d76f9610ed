import type { VrpInstance } from './instance.js';

/**
 * Restriction of an instance to the depot and a subset of customers, for decomposition.
 * Returns the sub-instance and `map[k]` = node of `inst` for node k of the sub-instance.
 */
export function subInstance(inst: VrpInstance, customers: readonly number[]): { sub: VrpInstance; map: Int32Array } {
  const map = Int32Array.from([0, ...customers]);
  const m = map.length;
  const n = inst.nNodes;
  const dist = new Int32Array(m * m);
  for (let a = 0; a < m; a++) {
    const ia = map[a] ?? 0;
    for (let b = 0; b < m; b++) dist[a * m + b] = inst.dist[ia * n + (map[b] ?? 0)] ?? 0;
  }
  const pickI = (arr: Int32Array) => Int32Array.from(map, (i) => arr[i] ?? 0);
  const pickF = (arr: Float64Array) => Float64Array.from(map, (i) => arr[i] ?? 0);
  return {
    sub: {
      ...inst,
      name: `${inst.name}/sub`,
      nNodes: m,
      x: pickF(inst.x),
      y: pickF(inst.y),
      ids: pickI(inst.ids),
      demand: pickI(inst.demand),
      dist,
      ready: pickI(inst.ready),
      due: pickI(inst.due),
      service: pickI(inst.service),
    },
    map,
  };
}
