import { describe, expect, it } from 'vitest';
import { TwoOptStar } from '../../src/search/operators/two-opt-star.js';
import { euclideanProblem, scratchCost, stateWith } from './helpers.js';

// West bins 0 (-100) and 1 (-200), east bins 2 (100) and 3 (200); depot = disposal = origin.
const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [0, 0],
  bins: [{ x: -100, y: 0 }, { x: -200, y: 0 }, { x: 100, y: 0 }, { x: 200, y: 0 }],
  vehicles: [{}, {}],
});

describe('TwoOptStar', () => {
  it('exchanges the tails of two crossing trips and saves 400 m', () => {
    const st = stateWith(problem, [[[0, 3]], [[2, 1]]]);
    const before = scratchCost(st);
    const m = { v1: 0, t1: 0, i: 1, v2: 1, t2: 0, j: 1 };
    expect(TwoOptStar.evaluate(st, m)).toEqual({ distanceM: -400, durationSec: -40 });
    TwoOptStar.apply(st, m);
    expect(st.route(0)).toEqual([[0, 1]]);
    expect(st.route(1)).toEqual([[2, 3]]);
    expect(scratchCost(st).distanceM - before.distanceM).toBe(-400);
  });

  it('refuses tails that overload a trip', () => {
    const p = euclideanProblem({
      depot: [0, 0],
      disposal: [0, 0],
      bins: [{ x: -100, y: 0 }, { x: -200, y: 0 }, { x: 100, y: 0 }, { x: 200, y: 0 }],
      vehicles: [{ capacityLitres: 150 }, { capacityLitres: 1000 }],
    });
    const st = stateWith(p, [[[0]], [[2, 1, 3]]]);
    expect(TwoOptStar.evaluate(st, { v1: 0, t1: 0, i: 1, v2: 1, t2: 0, j: 1 })).toBeNull();
  });
});
