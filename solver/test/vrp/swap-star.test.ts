import { describe, expect, it } from 'vitest';
import { SwapStar } from '../../src/vrp/operators/swap-star.js';
import { loaded, nonEmpty, scratchCost, tinyInstance } from './helpers.js';

describe('SwapStar', () => {
  it('exchanges the stray customers of two full routes, each at its best position', () => {
    const inst = tinyInstance([[-10, 1], [-10, 2], [-10, 3], [10, 1], [10, 2], [10, 3]], { capacity: 3 });
    const p = { capacity: 100000, timeWarp: 100000 };
    const before = [[1, 2, 6], [4, 5, 3]];
    const ls = loaded(inst, before, p, 2);
    const delta = SwapStar.evaluate(ls, 0, 1);
    expect(delta).toBeLessThan(0);
    SwapStar.apply(ls, 0, 1);
    const after = nonEmpty(ls.routes());
    expect(after.map((r) => [...r].sort())).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(delta).toBe(scratchCost(inst, after, p) - scratchCost(inst, before, p));
  });
});
