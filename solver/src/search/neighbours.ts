import type { DayModel } from './model.js';

/**
 * Granular neighbourhood size of one-load days (HGS-CVRP, Vidal 2022, table 1). Also with time
 * windows: on seven R2, RC2 and R1/RC1 Solomon instances at 700 offspring, 20 neighbours gave
 * shorter routes than HGS-TW's 40 on six, for half the CPU (and 15 longer ones on three of four).
 */
export const NEIGHBOURS_LEAN = 20;
/**
 * Granular neighbourhood size of other days (disposal trips, breaks, streams): 15, the day search's
 * setting; on the 1,500-bin sample-city day, 20 neighbours cost a third more per iteration and
 * left 27 more mandatory bins out in 30 s.
 */
export const NEIGHBOURS = 15;

/**
 * Granular neighbour lists (Toth & Vigo 2003): for each bin the most correlated bins, most
 * correlated first (the order the local search tries them in): {@link NEIGHBOURS_LEAN} on a
 * one-load day, {@link NEIGHBOURS} otherwise (or `size`).
 *
 * Correlation is the HGS-TW measure (Vidal et al. 2013) in seconds: the driving time of visiting
 * v right after u, plus 0.2 × the least waiting and 1 × the least lateness that visit implies under
 * the bins' widest windows, taken in the better direction. On a day where time plays no part (a
 * CVRP, `m.timed` false) it is the distance, as in HGS-CVRP.
 */
export function neighbourLists(m: DayModel, size?: number): Int32Array[] {
  const n = m.nBins;
  const k = Math.max(0, Math.min(size ?? (m.lean ? NEIGHBOURS_LEAN : NEIGHBOURS), n - 1));
  const table = m.timed ? m.durations : m.distances;
  const prox = (u: number, v: number): number => {
    const t = table[(m.loc[u] ?? 0) * m.size + (m.loc[v] ?? 0)] ?? Infinity;
    if (!m.timed) return t;
    const wait = Math.max(0, (m.ready[v] ?? 0) - (m.service[u] ?? 0) - t - (m.due[u] ?? 0));
    const late = Math.max(0, (m.ready[u] ?? 0) + (m.service[u] ?? 0) + t - (m.due[v] ?? 0));
    return t + 0.2 * wait + late;
  };
  // the k smallest keys of each row, kept sorted in a small buffer (O(n k) per bin, no full sort)
  const keys = new Float64Array(k + 1);
  const ids = new Int32Array(k + 1);
  const out: Int32Array[] = [];
  for (let a = 0; a < n; a++) {
    let size = 0;
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      const c = Math.min(prox(a, b), prox(b, a));
      if (size === k && c >= (keys[k - 1] as number)) continue;
      let i = size < k ? size++ : k - 1;
      while (i > 0 && (keys[i - 1] as number) > c) {
        keys[i] = keys[i - 1] as number;
        ids[i] = ids[i - 1] as number;
        i--;
      }
      keys[i] = c;
      ids[i] = b;
    }
    out.push(ids.slice(0, size));
  }
  return out;
}
