import { describe, expect, it } from 'vitest';
import { TwoOpt } from '../../src/search/operators/two-opt.js';
import { euclideanProblem, scratchCost, stateWith } from './helpers.js';

// Bins on a line at x = 100, 200, 300, 400; depot at 0, disposal at 500.
const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [500, 0],
  bins: [100, 200, 300, 400].map((x) => ({ x, y: 0 })),
  vehicles: [{}],
});

describe('TwoOpt', () => {
  it('reverses a crossed segment and reports the exact saving', () => {
    const st = stateWith(problem, [[[0, 2, 1, 3]]]);
    const before = scratchCost(st);
    const delta = TwoOpt.evaluate(st, { v: 0, t: 0, i: 1, j: 2 });
    expect(delta).toEqual({ distanceM: -200, durationSec: -20 });
    expect(st.trip(0, 0)).toEqual([0, 2, 1, 3]);
    TwoOpt.apply(st, { v: 0, t: 0, i: 1, j: 2 });
    expect(st.trip(0, 0)).toEqual([0, 1, 2, 3]);
    const after = scratchCost(st);
    expect(after.distanceM - before.distanceM).toBe(-200);
    expect(st.cost()).toEqual(after);
  });

  it('rejects indices outside the trip', () => {
    const st = stateWith(problem, [[[0, 1, 2, 3]]]);
    expect(TwoOpt.evaluate(st, { v: 0, t: 0, i: 2, j: 7 })).toBeNull();
  });
});
