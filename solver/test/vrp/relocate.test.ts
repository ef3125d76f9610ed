import { describe, expect, it } from 'vitest';
import { Relocate } from '../../src/vrp/operators/relocate.js';
import { loaded, nonEmpty, ring, scratchCost, tinyInstance } from './helpers.js';

describe('Relocate', () => {
  const inst = tinyInstance(ring(3));
  const p = { capacity: 100000, timeWarp: 100000 };

  it('finds that moving customer 3 after customer 2 removes the zig-zag', () => {
    const ls = loaded(inst, [[1, 3, 2]], p);
    const before = scratchCost(inst, [[1, 3, 2]], p);
    const delta = Relocate.evaluate(ls, 3, 2);
    expect(delta).toBeLessThan(0);
    Relocate.apply(ls, 3, 2);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2, 3]]);
    expect(scratchCost(inst, [[1, 2, 3]], p) - before).toBe(delta);
  });

  it('moves a customer into another route after its start depot', () => {
    const ls = loaded(inst, [[1, 2], [3]], p, 2);
    const delta = Relocate.evaluate(ls, 3, 2);
    expect(delta).toBeLessThan(0);
    Relocate.apply(ls, 3, 2);
    expect(nonEmpty(ls.routes())).toEqual([[1, 2, 3]]);
  });

  it('does not evaluate a move that leaves the route unchanged', () => {
    const ls = loaded(inst, [[1, 2, 3]], p);
    expect(Relocate.evaluate(ls, 2, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('repairs a time-window violation by moving the late customer earlier', () => {
    const tw = tinyInstance([[0, 10], [10, 10], [10, 0]], { tw: [{ ready: 0, due: 100, service: 0 }, { ready: 0, due: 100, service: 0 }, { ready: 0, due: 10, service: 0 }] });
    const ls = loaded(tw, [[1, 2, 3]], p);
    const delta = Relocate.evaluate(ls, 3, ls.startDepot(0));
    expect(delta).toBeLessThan(0);
    Relocate.apply(ls, 3, ls.startDepot(0));
    expect(nonEmpty(ls.routes())).toEqual([[3, 1, 2]]);
    expect(delta).toBe(scratchCost(tw, [[3, 1, 2]], p) - scratchCost(tw, [[1, 2, 3]], p));
  });
});
