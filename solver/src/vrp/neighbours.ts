import type { VrpInstance } from './instance.js';

/**
 * Granular neighbour lists (Toth & Vigo 2003; Vidal 2022): for each customer the `size` most
 * correlated customers, made symmetric. Correlation is distance for CVRP and, with time
 * windows, the HGS-TW measure d_ij + 0.2 * minimal waiting + 1 * minimal time warp of visiting
 * j right after i (Vidal et al. 2013), taken in the better direction.
 */
export function granularNeighbours(inst: VrpInstance, size: number): Int32Array[] {
  const n = inst.nNodes;
  const sets: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const prox = (i: number, j: number): number => {
    const d = inst.dist[i * n + j] ?? 0;
    if (!inst.hasTimeWindows) return d;
    const wait = Math.max(0, (inst.ready[j] ?? 0) - (inst.service[i] ?? 0) - d - (inst.due[i] ?? 0));
    const warp = Math.max(0, (inst.ready[i] ?? 0) + (inst.service[i] ?? 0) + d - (inst.due[j] ?? 0));
    return d + 0.2 * wait + warp;
  };
  const others = new Int32Array(n - 2);
  const key = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    let k = 0;
    for (let j = 1; j < n; j++) {
      if (j === i) continue;
      others[k++] = j;
      key[j] = Math.min(prox(i, j), prox(j, i));
    }
    const sorted = Array.from(others.subarray(0, k)).sort((a, b) => (key[a] ?? 0) - (key[b] ?? 0) || a - b);
    for (let m = 0; m < Math.min(size, sorted.length); m++) {
      const j = sorted[m] ?? 0;
      sets[i]?.add(j);
      sets[j]?.add(i);
    }
  }
  return sets.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
}
