import { describe, expect, it } from 'vitest';
import { Swap } from '../../src/vrp/operators/swap.js';
import { loaded, nonEmpty, ring, scratchCost, tinyInstance } from './helpers.js';

describe('Swap', () => {
  const p = { capacity: 100000, timeWarp: 100000 };

  it('exchanges customers 4 and 2 to restore the line order', () => {
    const inst = tinyInstance(ring(5));
    const ls = loaded(inst, [[1, 4, 3, 2, 5]], p);
    const delta = Swap.evaluate(ls, 4, 2);
    expect(delta).toBeLessThan(0);
    Swap.apply(ls, 4, 2);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2, 3, 4, 5]]);
    expect(delta).toBe(scratchCost(inst, [[1, 2, 3, 4, 5]], p) - scratchCost(inst, [[1, 4, 3, 2, 5]], p));
  });

  it('exchanges two misplaced customers between full routes', () => {
    const inst = tinyInstance([[-10, 1], [-10, 2], [10, 1], [10, 2]], { capacity: 2 });
    const ls = loaded(inst, [[1, 3], [4, 2]], p, 2);
    const delta = Swap.evaluate(ls, 3, 2);
    expect(delta).toBeLessThan(0);
    Swap.apply(ls, 3, 2);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2], [4, 3]]);
  });
});
