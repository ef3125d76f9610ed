import { describe, expect, it } from 'vitest';
import { TwoOptStar } from '../../../src/search/operators/two-opt-star.js';
import { checkOperator, END, routedBinAndNode, square } from './random-days.js';

describe('TwoOptStar', () => {
  it('gives T1\'s tail after b1 to T2: T1 D→b1→b3→D and T2 D→b4→b2→D (20 km) become D→b1→b4→b2→D and D→b3→D (16 km)', () => {
    // b4 at (0,4): T1 = 2 + 4 + 2 = 8, T2 = 4 + 4 + 4 = 12; after: T1 = 2 + 2 + 4 + 4 = 12, T2 = 2 + 2 = 4
    const s = square([[0, 2], [3, 1]], true);
    expect(TwoOptStar.evaluate(s, 0, s.startNode(1))).toBeCloseTo(-4, 9);
    TwoOptStar.apply(s, 0, s.startNode(1));
    expect(s.routes().slice(0, 2)).toEqual([[0, 3, 1], [2]]);
  });

  for (const asymmetric of [false, true]) {
    it(`evaluates the true cost change of every move on random days, or skips only moves that do not improve (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(TwoOptStar, (s, u, v) => routedBinAndNode(s, u, v) && s.rte[u] !== s.rte[v] && s.m.kind[v] !== END, asymmetric);
      expect(seen.checked).toBeGreaterThan(100);
      expect(seen.improving).toBeGreaterThan(10);
    });
  }
});
