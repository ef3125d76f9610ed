import { describe, expect, it } from 'vitest';
import { Relocate } from '../../../src/search/operators/relocate.js';
import { checkOperator, END, routedBinAndNode, square } from './random-days.js';

describe('Relocate', () => {
  it('moves b2 to just after b1 on the square: D→b2→b1→b3→D (12 km) becomes the 8 km round', () => {
    const s = square([[1, 0, 2]]);
    expect(Relocate.evaluate(s, 1, 0)).toBeCloseTo(-4, 9);
    Relocate.apply(s, 1, 0);
    expect(s.routes()[0]).toEqual([0, 1, 2]);
    expect(s.totalCost()).toBeCloseTo(8, 9);
  });

  it('moves a bin to another truck: b3 alone on T2 joins T1, saving the 4 km of its own round', () => {
    const s = square([[0, 1], [2]]);
    expect(Relocate.evaluate(s, 2, 1)).toBeCloseTo(-4, 9);
  });

  for (const asymmetric of [false, true]) {
    it(`evaluates the true cost change of every move on random days, or skips only moves that do not improve (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(Relocate, (s, u, v) => routedBinAndNode(s, u, v) && s.m.kind[v] !== END && s.prv[u] !== v, asymmetric);
      expect(seen.checked).toBeGreaterThan(100);
      expect(seen.improving).toBeGreaterThan(10);
    });

    it(`prices the insertion of a bin left out as its true cost change, prize included, on random days (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(Relocate, (s, u, v) => (s.rte[u] ?? -1) < 0 && u < s.m.nBins && (s.rte[v] ?? -1) >= 0 && s.m.kind[v] !== END, asymmetric);
      expect(seen.checked).toBeGreaterThan(100);
      expect(seen.improving).toBeGreaterThan(10);
    });
  }
});
