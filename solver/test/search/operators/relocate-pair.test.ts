import { describe, expect, it } from 'vitest';
import { RelocatePair } from '../../../src/search/operators/relocate-pair.js';
import { BIN, checkOperator, END, routedBinAndNode, square } from './random-days.js';

describe('RelocatePair', () => {
  it('moves b1 and b2 together to the start of the round: D→b3→b1→b2→D (12 km) becomes the 8 km round', () => {
    const s = square([[2, 0, 1]]);
    expect(RelocatePair.evaluate(s, 0, s.startNode(0))).toBeCloseTo(-4, 9);
    RelocatePair.apply(s, 0, s.startNode(0));
    expect(s.routes()[0]).toEqual([0, 1, 2]);
  });

  for (const asymmetric of [false, true]) {
    it(`evaluates the true cost change of every move on random days, or skips only moves that do not improve (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      const seen = checkOperator(
        RelocatePair,
        (s, u, v) => {
          const x = s.nxt[u] ?? -1;
          return routedBinAndNode(s, u, v) && s.m.kind[x] === BIN && s.m.kind[v] !== END && v !== x && s.prv[u] !== v;
        },
        asymmetric,
      );
      expect(seen.checked).toBeGreaterThan(100);
      expect(seen.improving).toBeGreaterThan(10);
    });
  }
});
