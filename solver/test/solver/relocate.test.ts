import { describe, expect, it } from 'vitest';
import { Relocate } from '../../src/search/operators/relocate.js';
import { euclideanProblem, scratchCost, stateWith } from './helpers.js';

const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [500, 0],
  bins: [100, 200, 300, 400].map((x) => ({ x, y: 0 })),
  vehicles: [{}, {}],
});

describe('Relocate', () => {
  it('moves a bin back to its place on the line and saves 200 m', () => {
    const st = stateWith(problem, [[[1, 0, 2, 3]]]);
    const before = scratchCost(st);
    const m = { bin: 0, toVeh: 0, toTrip: 0, toPos: 0 };
    expect(Relocate.evaluate(st, m)).toEqual({ distanceM: -200, durationSec: -20 });
    Relocate.apply(st, m);
    expect(st.trip(0, 0)).toEqual([0, 1, 2, 3]);
    expect(scratchCost(st).distanceM - before.distanceM).toBe(-200);
  });

  it('moves the only bin of a vehicle to another vehicle and drops the empty day', () => {
    const st = stateWith(problem, [[[0, 1, 2]], [[3]]]);
    const before = scratchCost(st);
    const m = { bin: 3, toVeh: 0, toTrip: 0, toPos: 3 };
    const delta = Relocate.evaluate(st, m);
    // v1 drove 400 + 100 + 500 = 1000 m; inserting 400 between 300 and the disposal site costs 0 m.
    expect(delta).toEqual({ distanceM: -1000, durationSec: -(100 + 600) });
    Relocate.apply(st, m);
    expect(st.route(0)).toEqual([[0, 1, 2, 3]]);
    expect(st.route(1)).toEqual([]);
    const after = scratchCost(st);
    expect(after.distanceM - before.distanceM).toBe(-1000);
    expect(after.durationSec - before.durationSec).toBe(-700);
  });

  it('refuses a move to a vehicle that does not carry the stream', () => {
    const p = euclideanProblem({
      bins: [{ x: 10, y: 0 }, { x: 20, y: 0, stream: 'glass' }],
      vehicles: [{ streams: ['residual'] }, { streams: ['glass'] }],
    });
    const st = stateWith(p, [[[0]], [[1]]]);
    expect(Relocate.evaluate(st, { bin: 1, toVeh: 0, toTrip: 0, toPos: 1 })).toBeNull();
  });
});
