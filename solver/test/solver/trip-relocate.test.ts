import { describe, expect, it } from 'vitest';
import { TripRelocate } from '../../src/search/operators/trip-relocate.js';
import { euclideanProblem, scratchCost, stateWith } from './helpers.js';

// Depot at 0, disposal at 1000. Bin 0 near the disposal site, bin 1 near the depot, bin 2 midway.
const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [1000, 0],
  bins: [{ x: 900, y: 0 }, { x: 100, y: 0 }, { x: 500, y: 0 }],
  vehicles: [{}, {}],
});

describe('TripRelocate', () => {
  it('hands a first trip to another vehicle so the remaining trip starts from the depot', () => {
    const st = stateWith(problem, [[[0], [1]], [[2]]]);
    const before = scratchCost(st);
    const m = { fromVeh: 0, t: 0, toVeh: 1 };
    expect(TripRelocate.evaluate(st, m)).toEqual({ distanceM: -1600, durationSec: -160 });
    TripRelocate.apply(st, m);
    expect(st.route(0)).toEqual([[1]]);
    expect(st.route(1)).toEqual([[2], [0]]);
    const after = scratchCost(st);
    expect(after.distanceM - before.distanceM).toBe(-1600);
    expect(st.cost()).toEqual(after);
  });

  it('refuses to give a trip to a vehicle whose shift is too short for it', () => {
    const p = euclideanProblem({
      depot: [0, 0],
      disposal: [1000, 0],
      bins: [{ x: 900, y: 0 }, { x: 100, y: 0 }, { x: 500, y: 0 }],
      vehicles: [{}, { shiftStartSec: 0, shiftEndSec: 900 }],
    });
    const st = stateWith(p, [[[0], [1]], [[2]]]);
    expect(TripRelocate.evaluate(st, { fromVeh: 0, t: 0, toVeh: 1 })).toBeNull();
  });
});
