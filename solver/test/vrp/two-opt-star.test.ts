import { describe, expect, it } from 'vitest';
import { TwoOptStar } from '../../src/vrp/operators/two-opt-star.js';
import { loaded, nonEmpty, scratchCost, tinyInstance } from './helpers.js';

describe('TwoOptStar', () => {
  it('exchanges the tails of two crossing routes', () => {
    const inst = tinyInstance([[-10, 10], [-10, 20], [10, 10], [10, 20]]);
    const p = { capacity: 100000, timeWarp: 100000 };
    const ls = loaded(inst, [[1, 4], [3, 2]], p, 2);
    const delta = TwoOptStar.evaluate(ls, 1, 3);
    expect(delta).toBeLessThan(0);
    TwoOptStar.apply(ls, 1, 3);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2], [3, 4]]);
    expect(delta).toBe(scratchCost(inst, [[1, 2], [3, 4]], p) - scratchCost(inst, [[1, 4], [3, 2]], p));
  });
});
