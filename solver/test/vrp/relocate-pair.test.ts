import { describe, expect, it } from 'vitest';
import { RelocatePair } from '../../src/vrp/operators/relocate-pair.js';
import { loaded, nonEmpty, ring, scratchCost, tinyInstance } from './helpers.js';

describe('RelocatePair', () => {
  it('moves the pair (3, 4) after customer 2', () => {
    const inst = tinyInstance(ring(4));
    const p = { capacity: 100000, timeWarp: 100000 };
    const ls = loaded(inst, [[1, 3, 4, 2]], p);
    const delta = RelocatePair.evaluate(ls, 3, 2);
    expect(delta).toBeLessThan(0);
    RelocatePair.apply(ls, 3, 2);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2, 3, 4]]);
    expect(delta).toBe(scratchCost(inst, [[1, 2, 3, 4]], p) - scratchCost(inst, [[1, 3, 4, 2]], p));
  });
});
