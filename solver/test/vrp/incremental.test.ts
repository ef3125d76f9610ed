import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildInstance } from '../../src/vrp/instance.js';
import { LocalSearch } from '../../src/vrp/local-search.js';
import { granularNeighbours } from '../../src/vrp/neighbours.js';
import { Relocate } from '../../src/vrp/operators/relocate.js';
import { RelocatePair } from '../../src/vrp/operators/relocate-pair.js';
import { Swap } from '../../src/vrp/operators/swap.js';
import { TwoOpt } from '../../src/vrp/operators/two-opt.js';
import { TwoOptStar } from '../../src/vrp/operators/two-opt-star.js';
import { SwapStar } from '../../src/vrp/operators/swap-star.js';
import { Rng } from '../../src/model/rng.js';
import { scratchCost } from './helpers.js';

const NODE_OPS = [Relocate, RelocatePair, Swap, TwoOpt, TwoOptStar] as const;

const scenario = fc.record({
  n: fc.integer({ min: 2, max: 40 }),
  routes: fc.integer({ min: 1, max: 5 }),
  tw: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  pc: fc.integer({ min: 1, max: 5000 }),
  ptw: fc.integer({ min: 1, max: 5000 }),
});

describe('incremental evaluation', () => {
  it('equals the cost recomputed from scratch after every applied random move', () => {
    fc.assert(
      fc.property(scenario, ({ n, routes, tw, seed, pc, ptw }) => {
        const rng = new Rng(seed);
        const pts = Array.from({ length: n + 1 }, () => [rng.nextInt(200), rng.nextInt(200)] as const);
        const ready = pts.map(() => rng.nextInt(300));
        const inst = buildInstance({
          name: 'prop', kind: tw ? 'vrptw' : 'cvrp',
          x: pts.map((p) => p[0]), y: pts.map((p) => p[1]), ids: pts.map((_, i) => i),
          demand: pts.map((_, i) => (i === 0 ? 0 : 1 + rng.nextInt(10))), capacity: 25,
          ready: ready.map((r, i) => (i === 0 ? 0 : r)), due: ready.map((r, i) => (i === 0 ? 1000 : r + 20 + rng.nextInt(100))),
          service: pts.map((_, i) => (i === 0 ? 0 : rng.nextInt(10))), maxVehicles: tw ? routes : Infinity,
        });
        const start: number[][] = Array.from({ length: routes }, () => []);
        for (let c = 1; c <= n; c++) start[rng.nextInt(routes)]?.push(c);
        const ls = new LocalSearch(inst, routes, granularNeighbours(inst, 10));
        ls.load(start);
        const p = { capacity: pc, timeWarp: ptw };
        ls.setPenalties(p);
        expect(ls.totalCost()).toBe(scratchCost(inst, ls.routes(), p));
        for (let k = 0; k < 60; k++) {
          const before = scratchCost(inst, ls.routes(), p);
          if (k % 10 === 9 && routes > 1 && !tw) {
            const r1 = rng.nextInt(routes);
            const r2 = rng.nextInt(routes);
            if (r1 === r2 || ls.rSize[r1] === 0 || ls.rSize[r2] === 0) continue;
            const d = SwapStar.evaluate(ls, r1, r2);
            if (!Number.isFinite(d)) continue;
            SwapStar.apply(ls, r1, r2);
            expect(scratchCost(inst, ls.routes(), p) - before).toBe(d);
            continue;
          }
          const op = NODE_OPS[rng.nextInt(NODE_OPS.length)] ?? Relocate;
          const u = 1 + rng.nextInt(n);
          const v = rng.nextInt(4) === 0 ? ls.startDepot(rng.nextInt(routes)) : 1 + rng.nextInt(n);
          const d = op.evaluate(ls, u, v);
          if (!Number.isFinite(d)) continue;
          op.apply(ls, u, v);
          const after = scratchCost(inst, ls.routes(), p);
          expect(after - before, `${op.name} u=${u} v=${v}`).toBe(d);
          expect(ls.totalCost()).toBe(after);
        }
      }),
      { numRuns: 200 },
    );
  });
});
