import { describe, expect, it } from 'vitest';
import { SwapStar } from '../../../src/search/operators/swap-star.js';
import { NO_MOVE } from '../../../src/search/segment.js';
import { DAY_KINDS, randomDay, square } from './random-days.js';

describe('SwapStar', () => {
  it('exchanges b1 and b3 between trucks, each put at its best place in the other route', () => {
    // T1: D→b1→b2→D (8 km), T2: D→b3→b4→D with b4 at (0,4): 2 + 6 + 4 = 12 km; b3 belongs with b2,
    // b1 with b4: T1 D→b2→b3→D = 4 + 2 + 2 = 8, T2 D→b1→b4→D = 2 + 2 + 4 = 8
    const s = square([[0, 1], [2, 3]], true);
    expect(SwapStar.evaluate(s, 0, 1)).toBeCloseTo(-4, 9);
    SwapStar.apply(s, 0, 1);
    expect(s.totalCost()).toBeCloseTo(16, 9);
    expect(s.routes().slice(0, 2).map((r) => [...r].sort())).toEqual([[1, 2], [0, 3]]);
  });

  for (const asymmetric of [false, true]) {
    it(`returns the true cost change of the move it would make, on random days (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      let moves = 0;
      for (const kind of DAY_KINDS) {
        for (let seed = 1; seed <= 6; seed++) {
          const s = randomDay(seed, kind, asymmetric);
          for (let r1 = 0; r1 < s.m.nRoutes; r1++) {
            for (let r2 = r1 + 1; r2 < s.m.nRoutes; r2++) {
              if ((s.rSize[r1] ?? 0) === 0 || (s.rSize[r2] ?? 0) === 0) continue;
              const said = SwapStar.evaluate(s, r1, r2);
              if (said === NO_MOVE) continue;
              const before = s.totalCost();
              const saved = s.routes();
              SwapStar.apply(s, r1, r2);
              expect(s.totalCost() - before, `${kind} day ${seed}: routes ${r1}, ${r2}`).toBeCloseTo(said, 6);
              moves++;
              s.load(saved);
            }
          }
        }
      }
      expect(moves).toBeGreaterThan(20);
    });
  }
});
