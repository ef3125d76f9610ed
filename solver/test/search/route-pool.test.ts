import { beforeAll, describe, expect, it } from 'vitest';
import { createHighsMaster, type HighsMaster } from '../../src/lp/highs-master.js';
import { JsLpMaster } from '../../src/lp/jslp-master.js';
import { buildDayModel } from '../../src/search/model.js';
import { RoutePool } from '../../src/search/route-pool.js';
import { Routes } from '../../src/search/routes.js';
import { resolveDay } from './helpers.js';

/**
 * Three clusters of two bins (north, east, south-west), three trucks that take two bins each: the
 * best day pairs each cluster. Each of three days pairs one cluster and mixes the others, so only
 * a selection of routes from all three days is the best day.
 */
function clusters(): Routes {
  const m = buildDayModel(
    resolveDay({
      at: { D: [0, 0], S: [0, 0], a1: [0, 6], a2: [1, 6], b1: [6, 0], b2: [6, 1], c1: [-6, -6], c2: [-5, -6] },
      disposalSites: [{ id: 'S', unloadingSec: 0 }],
      bins: ['a1', 'a2', 'b1', 'b2', 'c1', 'c2'].map((id) => ({ id })),
      vehicles: ['T1', 'T2', 'T3'].map((id) => ({ id, capacityLitres: 200, capacityKg: 200 })),
    }),
  );
  return new Routes(m, Array.from({ length: m.nBins }, (_, u) => Int32Array.from({ length: m.nBins }, (_, i) => i).filter((v) => v !== u)));
}
// bins: a1 0, a2 1, b1 2, b2 3, c1 4, c2 5
const DAYS = [
  [[0, 1], [2, 4], [3, 5]],
  [[2, 3], [0, 4], [1, 5]],
  [[4, 5], [0, 2], [1, 3]],
];

describe('RoutePool', () => {
  let highs: HighsMaster;
  beforeAll(async () => {
    highs = await createHighsMaster();
  });

  for (const name of ['HiGHS', 'javascript-lp-solver'] as const) {
    it(`puts together the best day from routes of three worse ones (${name})`, () => {
      const s = clusters();
      const pool = new RoutePool(s);
      const costs: number[] = [];
      for (const day of DAYS) {
        s.load(day);
        costs.push(s.totalCost());
        pool.add();
      }
      expect(pool.size).toBe(9);
      const improved = pool.solveMaster(name === 'HiGHS' ? highs : new JsLpMaster(), { timeLimitSec: 5 });
      expect(improved).toBe(true);
      expect(s.isFeasible()).toBe(true);
      expect(s.routes().map((r) => [...r].sort()).sort()).toEqual([[0, 1], [2, 3], [4, 5]]);
      expect(s.totalCost()).toBeLessThan(Math.min(...costs));
      expect(pool.stats).toMatchObject({ solves: 1, improvements: 1, columns: 9 });
    });
  }

  it('keeps the day when the pool holds nothing better', () => {
    const s = clusters();
    const pool = new RoutePool(s);
    s.load([[0, 1], [2, 3], [4, 5]]);
    const before = s.routes();
    expect(pool.solveMaster(highs, { maxNodes: 100 })).toBe(false);
    expect(s.routes()).toEqual(before);
  });
});
