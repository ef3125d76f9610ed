/**
 * Seeded pseudo-random number generator: mulberry32 (Tommy Ettinger, public domain, 2017).
 * The solver never uses `Math.random()`; every random choice goes through an {@link Rng}
 * built from the seed in the options of `solveDay`, so the same seed gives the same plan.
 */
export class Rng {
  private state: number;

  /** @param seed any number; it is truncated to an unsigned 32-bit integer. */
  constructor(seed: number) {
    this.state = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /**
   * Uniform integer in `[0, n)`.
   * @throws RangeError when `n` is not a positive integer.
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer, got ${n}`);
    return this.nextU32() % n;
  }

  /** Shuffles `items` in place (Fisher & Yates 1938, Durstenfeld 1964) and returns it. */
  shuffle<T, A extends { length: number; [i: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }
}
