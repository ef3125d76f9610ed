import type { Instance } from '../model/instance.js';

/**
 * Granular neighbour lists (Toth & Vigo 2003, "granular tabu search"): for each binIdx, the `k`
 * other bins closest by round-trip distance `d(a,b) + d(b,a)` (metres), ties by binIdx.
 * Restricting moves to these pairs keeps a local-search pass near-linear in the number of bins.
 * O(n² log n) time, O(n·k) memory.
 */
export function neighbours(inst: Instance, k: number): number[][] {
  const n = inst.size;
  const out: number[][] = [];
  const idx = Array.from({ length: inst.nBins }, (_, i) => i);
  const key = new Float64Array(inst.nBins);
  for (let a = 0; a < inst.nBins; a++) {
    const la = inst.binLoc[a] as number;
    for (let b = 0; b < inst.nBins; b++) {
      const lb = inst.binLoc[b] as number;
      key[b] = (inst.dist[la * n + lb] as number) + (inst.dist[lb * n + la] as number);
    }
    const others = idx.filter((b) => b !== a).sort((x, y) => (key[x] as number) - (key[y] as number) || x - y);
    out.push(others.slice(0, k));
  }
  return out;
}
