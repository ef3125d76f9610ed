import type { Rng } from '../model/rng.js';

/**
 * Ordered crossover OX (Oliver, Smith & Holland 1987) on giant tours, as in HGS-CVRP
 * (Vidal 2022, section 3.1): copies a random circular slice of `a`, then fills the rest with
 * the customers of `b` in their order starting after the slice.
 */
export function orderedCrossover(a: Int32Array, b: Int32Array, rng: Rng, seen: Uint8Array): Int32Array {
  const n = a.length;
  const child = new Int32Array(n);
  if (n < 2) { child.set(a); return child; }
  seen.fill(0);
  const start = rng.nextInt(n);
  let end = rng.nextInt(n);
  while (end === start) end = rng.nextInt(n);
  let j = start;
  while (j % n !== (end + 1) % n) {
    const c = a[j % n] ?? 0;
    child[j % n] = c;
    seen[c] = 1;
    j++;
  }
  for (let i = 1; i <= n; i++) {
    const c = b[(end + i) % n] ?? 0;
    if (seen[c] === 1) continue;
    child[j % n] = c;
    j++;
  }
  return child;
}
