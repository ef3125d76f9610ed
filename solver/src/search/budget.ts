/**
 * A search budget: iterations, and optionally wall-clock milliseconds measured with the caller's
 * clock (the solver never reads one). Whichever runs out first ends the search; without a clock
 * only iterations count, so the same seed gives the same result.
 */
export class Budget {
  private readonly t0: number;
  /** Iterations spent. */
  iterations = 0;

  /**
   * @param maxIterations iteration cap (`Infinity` for none: then a clock and a time limit are needed).
   * @param now the caller's clock in milliseconds, if any.
   * @param limitMs milliseconds allowed (ignored without a clock).
   * @param stop the caller's cooperative stop request (e.g. a cancelled job): when it answers true
   *   the budget counts as spent, and the search ends with its best plan so far.
   */
  constructor(
    readonly maxIterations: number,
    private readonly now?: () => number,
    readonly limitMs = Infinity,
    readonly stop?: () => boolean,
  ) {
    this.t0 = now ? now() : 0;
  }

  /** Whether a clock and a finite time limit bound this budget. */
  get timed(): boolean {
    return this.now !== undefined && Number.isFinite(this.limitMs);
  }

  /** Milliseconds since the budget started (0 without a clock). */
  elapsed(): number {
    return this.now ? this.now() - this.t0 : 0;
  }

  /** Milliseconds left (Infinity without a clock or time limit). */
  remainingMs(): number {
    return this.now ? this.limitMs - this.elapsed() : Infinity;
  }

  /** Whether the iterations or the time have run out. */
  spent(): boolean {
    return this.iterations >= this.maxIterations || (this.now !== undefined && this.elapsed() >= this.limitMs) || (this.stop?.() ?? false);
  }

  /** How far the budget is spent, in [0, 1]: by time when timed, otherwise by iterations. */
  progress(): number {
    if (this.timed) return Math.min(1, this.elapsed() / this.limitMs);
    return Number.isFinite(this.maxIterations) ? Math.min(1, this.iterations / this.maxIterations) : 0;
  }

  /**
   * A budget for a part of this one: at most `iterations`, and at most `share` of the time left
   * (or `ms` milliseconds when given), on the same clock.
   */
  part(iterations: number, share = 1, ms?: number): Budget {
    const left = this.remainingMs();
    const limit = ms !== undefined ? Math.min(ms, left) : left * share;
    return new Budget(Math.min(iterations, this.maxIterations - this.iterations), this.now, limit, this.stop);
  }
}
