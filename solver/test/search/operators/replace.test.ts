import { describe, expect, it } from 'vitest';
import { Replace } from '../../../src/search/operators/replace.js';
import { buildDayModel } from '../../../src/search/model.js';
import { Routes } from '../../../src/search/routes.js';
import { resolveDay } from '../helpers.js';
import { checkOperator } from './random-days.js';

describe('Replace', () => {
  it('puts a left-out mandatory bin in place of a routed optional one when the truck has no time for both', () => {
    // one truck, 45 min: D→b1→D takes 2 × 20 min + 2 min, both bins 46 min; b2 (mandatory) is 1 km past b1
    const m = buildDayModel(
      resolveDay({
        at: { D: [0, 0], S: [0, 0], b1: [20, 0], b2: [20, 1] },
        disposalSites: [{ id: 'S', unloadingSec: 0 }],
        bins: [{ id: 'b1', mandatory: false, prize: 5 }, { id: 'b2' }],
        vehicles: [{ id: 'V', shiftStartSec: 8 * 3600, shiftEndSec: 8.75 * 3600 }],
        secPerKm: 60,
      }),
    );
    const s = new Routes(m, [Int32Array.of(1), Int32Array.of(0)]);
    s.load([[0]]);
    // b2's weight as a mandatory bin left out (10^5 s of work at 0.008 per s: 800) minus b1's
    // prize (5), plus the 2 km longer round
    expect(Replace.evaluate(s, 1, 0)).toBeCloseTo(-(800 - 5) + 2, 6);
    Replace.apply(s, 1, 0);
    expect(s.routes()[0]).toEqual([1]);
    expect(s.rte[0]).toBe(-1);
    // a mandatory bin never leaves for an optional one
    expect(Replace.evaluate(s, 0, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  for (const asymmetric of [false, true]) {
    it(`evaluates the true cost change of every replacement on random days (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(Replace, (s, u, v) => (s.rte[u] ?? -1) < 0 && u < s.m.nBins && (s.rte[v] ?? -1) >= 0 && v < s.m.nBins && (s.m.prize[v] ?? -1) >= 0 && s.prizeOf(u) > s.prizeOf(v), asymmetric);
      expect(seen.checked).toBeGreaterThan(20);
      expect(seen.improving).toBeGreaterThan(5);
    });
  }
});
