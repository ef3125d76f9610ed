import { describe, expect, it } from 'vitest';
import { TwoOpt } from '../../../src/search/operators/two-opt.js';
import { checkOperator, END, routedBinAndNode, square } from './random-days.js';

describe('TwoOpt', () => {
  it('reverses b1..b2 after b3 on the square: D→b3→b1→b2→D (12 km) becomes D→b3→b2→b1→D (8 km)', () => {
    const s = square([[2, 0, 1]]);
    expect(TwoOpt.evaluate(s, 2, 1)).toBeCloseTo(-4, 9);
    TwoOpt.apply(s, 2, 1);
    expect(s.routes()[0]).toEqual([2, 1, 0]);
    expect(s.totalCost()).toBeCloseTo(8, 9);
  });

  for (const asymmetric of [false, true]) {
    it(`evaluates the true cost change of every move on random days, or skips only moves that do not improve (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(
        TwoOpt,
        (s, u, v) => routedBinAndNode(s, u, v) && s.rte[u] === s.rte[v] && (s.pos[u] ?? 0) < (s.pos[v] ?? 0) && s.nxt[u] !== v && s.m.kind[v] !== END,
        asymmetric,
      );
      expect(seen.checked).toBeGreaterThan(100);
      expect(seen.improving).toBeGreaterThan(10);
    });
  }
});
