import { describe, expect, it } from 'vitest';
import { Swap } from '../../../src/search/operators/swap.js';
import { BIN, checkOperator, routedBinAndNode, square } from './random-days.js';

describe('Swap', () => {
  it('exchanges b3 and b2 between trucks: T1 D→b1→b3→D and T2 D→b2→D (16 km) become D→b1→b2→D and D→b3→D (12 km)', () => {
    const s = square([[0, 2], [1]]);
    expect(Swap.evaluate(s, 2, 1)).toBeCloseTo(-4, 9);
    Swap.apply(s, 2, 1);
    expect(s.routes().slice(0, 2)).toEqual([[0, 1], [2]]);
  });

  it('leaves adjacent bins to RELOCATE', () => {
    expect(Swap.evaluate(square([[0, 2, 1]]), 2, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  for (const asymmetric of [false, true]) {
    it(`evaluates the true cost change of every move on random days, or skips only moves that do not improve (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(Swap, (s, u, v) => routedBinAndNode(s, u, v) && s.m.kind[v] === BIN && s.nxt[u] !== v && s.nxt[v] !== u, asymmetric);
      expect(seen.checked).toBeGreaterThan(100);
      expect(seen.improving).toBeGreaterThan(10);
    });
  }
});
