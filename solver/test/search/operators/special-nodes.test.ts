import { describe, expect, it } from 'vitest';
import { buildDayModel, DISPOSAL } from '../../../src/search/model.js';
import { SpecialNodes } from '../../../src/search/operators/special-nodes.js';
import { Routes } from '../../../src/search/routes.js';
import { resolveDay } from '../helpers.js';
import { DAY_KINDS, randomDay } from './random-days.js';

describe('SpecialNodes', () => {
  it('moves an unloading to where the truck is full and picks the site on its way (D→A→S2→B→S2→D, 12 km)', () => {
    // D (0,0), A (2,0), B (6,0), 600 L each on a 1,000 L truck; S1 (2,1), S2 (4,0): see
    // solve-day-features.test.ts for the arithmetic
    const m = buildDayModel(
      resolveDay({
        at: { D: [0, 0], A: [2, 0], B: [6, 0], S1: [2, 1], S2: [4, 0] },
        disposalSites: [{ id: 'S1', streams: ['residual'] }, { id: 'S2', streams: ['residual'] }],
        bins: [{ id: 'A', demandLitres: 600 }, { id: 'B', demandLitres: 600 }],
        vehicles: [{ id: 'V', capacityLitres: 1000 }],
      }),
    );
    const s = new Routes(m, [Int32Array.of(1), Int32Array.of(0)]);
    const d = m.firstDisposal;
    s.setSiteOf(d, 0);
    // the unloading first, at S1: A and B then overload the truck
    s.load([[d, 0, 1]]);
    expect(s.isFeasible()).toBe(false);
    expect(SpecialNodes.apply(s, 0)).toBe(true);
    expect(s.isFeasible()).toBe(true);
    expect(s.routes()[0]).toEqual([0, d, 1]);
    expect(m.sites[m.siteOf[d] ?? -1]?.id).toBe('S2');
    expect(s.totalCost()).toBeCloseTo(12, 9);
  });

  it('never makes a route dearer, and leaves no unloading where nothing is on board, on random days', () => {
    let improved = 0;
    for (const kind of DAY_KINDS) {
      for (let seed = 1; seed <= 6; seed++) {
        const s = randomDay(seed, kind, seed % 2 === 0);
        for (let r = 0; r < s.m.nRoutes; r++) {
          const before = s.rCost[r] ?? 0;
          if (SpecialNodes.apply(s, r)) improved++;
          expect(s.rCost[r] ?? 0, `${kind} day ${seed}, route ${r}`).toBeLessThanOrEqual(before + 1e-9 * Math.max(1, Math.abs(before)));
          const seq = s.routeSeq(r);
          expect(s.m.kind[seq[0] ?? -1] === DISPOSAL).toBe(false);
        }
      }
    }
    expect(improved).toBeGreaterThan(5);
  });
});
