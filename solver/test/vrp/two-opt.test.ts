import { describe, expect, it } from 'vitest';
import { TwoOpt } from '../../src/vrp/operators/two-opt.js';
import { loaded, nonEmpty, ring, scratchCost, tinyInstance } from './helpers.js';

describe('TwoOpt', () => {
  it('reverses the crossed section 4..2', () => {
    const inst = tinyInstance(ring(5));
    const p = { capacity: 100000, timeWarp: 100000 };
    const ls = loaded(inst, [[1, 4, 3, 2, 5]], p);
    const delta = TwoOpt.evaluate(ls, 1, 2);
    expect(delta).toBeLessThan(0);
    TwoOpt.apply(ls, 1, 2);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2, 3, 4, 5]]);
    expect(delta).toBe(scratchCost(inst, [[1, 2, 3, 4, 5]], p) - scratchCost(inst, [[1, 4, 3, 2, 5]], p));
  });
});
