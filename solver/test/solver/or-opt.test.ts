import { describe, expect, it } from 'vitest';
import { OrOpt } from '../../src/search/operators/or-opt.js';
import { euclideanProblem, scratchCost, stateWith } from './helpers.js';

const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [500, 0],
  bins: [100, 200, 300, 400].map((x) => ({ x, y: 0 })),
  vehicles: [{}],
});

describe('OrOpt', () => {
  it('moves a two-bin segment to the front of the trip and saves 600 m', () => {
    const st = stateWith(problem, [[[2, 3, 0, 1]]]);
    const before = scratchCost(st);
    const m = { bin: 0, length: 2, toVeh: 0, toTrip: 0, toPos: 0 };
    expect(OrOpt.evaluate(st, m)).toEqual({ distanceM: -600, durationSec: -60 });
    OrOpt.apply(st, m);
    expect(st.trip(0, 0)).toEqual([0, 1, 2, 3]);
    expect(scratchCost(st).distanceM - before.distanceM).toBe(-600);
  });

  it('returns null for a segment running past the end of its trip', () => {
    const st = stateWith(problem, [[[2, 3, 0, 1]]]);
    expect(OrOpt.evaluate(st, { bin: 1, length: 2, toVeh: 0, toTrip: 0, toPos: 0 })).toBeNull();
  });
});
