import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/model/rng.js';
import { Budget } from '../../src/search/budget.js';
import { clusterRoutes, decompose } from '../../src/search/decompose.js';
import { DEFAULT_IMPROVE, improveDay } from '../../src/search/improve.js';
import { buildDayModel } from '../../src/search/model.js';
import { neighbourLists } from '../../src/search/neighbours.js';
import { Routes } from '../../src/search/routes.js';
import { resolveDay } from './helpers.js';

/**
 * Sixteen bins in two regions 20 km apart (north n0..n7, south s0..s7, a 2 km line each), eight
 * trucks of two bins each; the start pairs every bin with the one four places along its line.
 */
function twoRegions(): Routes {
  const at: Record<string, readonly [number, number]> = { D: [0, 0], S: [0, 0] };
  for (let i = 0; i < 8; i++) {
    at[`n${i}`] = [i * 0.25, 10];
    at[`s${i}`] = [i * 0.25, -10];
  }
  const m = buildDayModel(
    resolveDay({
      at,
      disposalSites: [{ id: 'S', unloadingSec: 0 }],
      bins: Object.keys(at).filter((k) => k !== 'D' && k !== 'S').map((id) => ({ id })),
      vehicles: Array.from({ length: 8 }, (_, k) => ({ id: `T${k}`, capacityLitres: 200, capacityKg: 200 })),
    }),
  );
  const s = new Routes(m, neighbourLists(m));
  const node = (id: string): number => m.binNode.get(id) ?? -1;
  s.load([0, 1, 2, 3].flatMap((i) => [[node(`n${i}`), node(`n${i + 4}`)], [node(`s${i}`), node(`s${i + 4}`)]]));
  return s;
}

const region = (s: Routes, r: number): string => [...new Set(s.routeSeq(r).map((v) => s.m.bins[v]?.id[0]))].join('');

describe('decomposition', () => {
  it('clusters the routes of each region together, four routes to a cluster', () => {
    const s = twoRegions();
    const clusters = clusterRoutes(s, new Rng(1), 8);
    expect(clusters).toHaveLength(2);
    for (const c of clusters) {
      expect(c).toHaveLength(4);
      expect(new Set(c.map((r) => region(s, r))).size).toBe(1);
    }
  });

  it('solves each cluster as a day of its own and keeps what makes the whole day cheaper', () => {
    const s = twoRegions();
    const before = s.totalCost();
    const improved = decompose(s, new Rng(1), new Budget(400), { targetBins: 8, iterations: 200 }, (sub, part) => improveDay(sub, new Rng(2), part, { settings: DEFAULT_IMPROVE }));
    expect(improved).toBe(true);
    expect(s.isFeasible()).toBe(true);
    expect(s.totalCost()).toBeLessThan(before);
    // every route still serves one region, and every bin is served
    for (let r = 0; r < s.m.nRoutes; r++) if ((s.rSize[r] ?? 0) > 0) expect(region(s, r)).toHaveLength(1);
    expect(s.routes().flat().filter((v) => v < s.m.nBins)).toHaveLength(16);
  });
});
