import { describe, expect, it } from 'vitest';
import { Swap } from '../../src/search/operators/swap.js';
import { euclideanProblem, scratchCost, stateWith } from './helpers.js';

const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [500, 0],
  bins: [100, 200, 300, 400].map((x) => ({ x, y: 0 })),
  vehicles: [{}],
});

describe('Swap', () => {
  it('exchanges two misplaced bins and saves 400 m', () => {
    const st = stateWith(problem, [[[0, 3, 2, 1]]]);
    const before = scratchCost(st);
    expect(Swap.evaluate(st, { a: 3, b: 1 })).toEqual({ distanceM: -400, durationSec: -40 });
    Swap.apply(st, { a: 3, b: 1 });
    expect(st.trip(0, 0)).toEqual([0, 1, 2, 3]);
    expect(scratchCost(st).distanceM - before.distanceM).toBe(-400);
  });

  it('exchanges bins between two trips when the capacity allows it', () => {
    const p = euclideanProblem({
      depot: [0, 0],
      disposal: [0, 0],
      bins: [{ x: -100, y: 0 }, { x: -200, y: 0 }, { x: 100, y: 0 }, { x: 200, y: 0 }],
      vehicles: [{}, {}],
    });
    const st = stateWith(p, [[[0, 3]], [[2, 1]]]);
    expect(Swap.evaluate(st, { a: 3, b: 1 })).toEqual({ distanceM: -400, durationSec: -40 });
    Swap.apply(st, { a: 3, b: 1 });
    expect(st.route(0)).toEqual([[0, 1]]);
    expect(st.route(1)).toEqual([[2, 3]]);
  });
});
