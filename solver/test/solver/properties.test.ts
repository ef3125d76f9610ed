import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solve } from '../../src/solve.js';
import { checkPlan } from '../../src/check/check-plan.js';
import { buildInstance } from '../../src/model/instance.js';
import { Rng } from '../../src/model/rng.js';
import { RouteState } from '../../src/evaluate/route-state.js';
import { compareCost } from '../../src/evaluate/cost.js';
import { cheapestInsertion, farthestFirst } from '../../src/construct/cheapest-insertion.js';
import { findUnservable } from '../../src/construct/unservable.js';
import { savings } from '../../src/construct/savings.js';
import { toPlan } from '../../src/evaluate/to-plan.js';
import { localSearch } from '../../src/search/local-search.js';
import { Relocate } from '../../src/search/operators/relocate.js';
import { Swap } from '../../src/search/operators/swap.js';
import { OrOpt } from '../../src/search/operators/or-opt.js';
import { TwoOpt } from '../../src/search/operators/two-opt.js';
import { TwoOptStar } from '../../src/search/operators/two-opt-star.js';
import { TripRelocate } from '../../src/search/operators/trip-relocate.js';
import type { Problem } from '../../src/model/types.js';
import { asymmetricProblemArb, problemArb, scratchCost } from './helpers.js';

const RUNS = { numRuns: 150 };

function constructed(problem: Problem): RouteState {
  const inst = buildInstance(problem);
  const bad = new Set(findUnservable(inst).map((u) => u.binIdx));
  const st = new RouteState(inst);
  const servable = Array.from({ length: inst.nBins }, (_, i) => i).filter((b) => !bad.has(b));
  cheapestInsertion(st, farthestFirst(st, servable));
  return st;
}

describe('solver properties', () => {
  it('produces plans that checkPlan accepts', () => {
    fc.assert(
      fc.property(fc.oneof(problemArb, asymmetricProblemArb), fc.integer(), (problem, seed) => {
        const plan = solve(problem, { seed, maxIterations: 20 });
        expect(checkPlan(problem, plan)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('builds feasible plans with the savings construction alone', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const inst = buildInstance(problem);
        const unservable = findUnservable(inst);
        const bad = new Set(unservable.map((u) => u.binIdx));
        const st = new RouteState(inst);
        savings(st, Array.from({ length: inst.nBins }, (_, i) => i).filter((b) => !bad.has(b)));
        const unassigned = [...st.unassigned].map((b) => ({ binId: problem.bins[b]!.binId, reason: 'shift_too_short' as const, detail: '' }));
        expect(checkPlan(problem, toPlan(inst, st.trips, unassigned))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('puts every bin exactly once in a route or in unassigned', () => {
    fc.assert(
      fc.property(problemArb, (problem) => {
        const plan = solve(problem, { seed: 3, maxIterations: 10 });
        const ids = [
          ...plan.routes.flatMap((r) => r.steps.filter((s) => s.kind === 'bin').map((s) => s.binId)),
          ...plan.unassigned.map((u) => u.binId),
        ];
        expect([...ids].sort()).toEqual(problem.bins.map((b) => b.binId).sort());
      }),
      RUNS,
    );
  });

  it('is never worse with a search budget than with construction alone', () => {
    fc.assert(
      fc.property(problemArb, fc.integer(), (problem, seed) => {
        const base = solve(problem, { seed, maxIterations: 0 });
        const searched = solve(problem, { seed, maxIterations: 25 });
        const cost = (p: typeof base) => ({ unassigned: p.unassigned.length, distanceM: p.totalDistanceM, durationSec: p.totalDurationSec });
        expect(compareCost(cost(searched), cost(base))).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('returns the same plan for the same seed and budget', () => {
    fc.assert(
      fc.property(problemArb, fc.integer(), (problem, seed) => {
        const a = solve(problem, { seed, maxIterations: 15 });
        const b = solve(problem, { seed, maxIterations: 15 });
        expect(b).toEqual(a);
      }),
      { numRuns: 60 },
    );
  });

  it('never makes the constructed plan worse with local search', () => {
    fc.assert(
      fc.property(fc.oneof(problemArb, asymmetricProblemArb), fc.integer(), fc.integer({ min: 0, max: 30 }), (problem, seed, maxIterations) => {
        const st = constructed(problem);
        const before = st.cost();
        const left = [...st.unassigned].filter((b) => !findUnservable(st.inst).some((u) => u.binIdx === b));
        localSearch(st, { maxIterations, rng: new Rng(seed), retryBins: left });
        const after = st.cost();
        expect(compareCost(after, before)).toBeLessThanOrEqual(0);
        expect(after).toEqual(scratchCost(st));
      }),
      RUNS,
    );
  });

  it('computes move deltas equal to the change recomputed from scratch', () => {
    let applied = 0;
    fc.assert(
      fc.property(fc.oneof(problemArb, asymmetricProblemArb), fc.integer(), (problem, seed) => {
        const st = constructed(problem);
        const rng = new Rng(seed);
        const routed = Array.from({ length: st.inst.nBins }, (_, b) => b).filter((b) => (st.binVeh[b] as number) >= 0);
        if (routed.length === 0) return;
        const pick = (): number => routed[rng.nextInt(routed.length)] as number;
        for (let k = 0; k < 30; k++) {
          const u = pick();
          const w = pick();
          const vw = st.binVeh[w] as number;
          const tw = st.binTrip[w] as number;
          const len = st.trip(vw, tw).length;
          const vu = st.binVeh[u] as number;
          const tu = st.binTrip[u] as number;
          const op = rng.nextInt(6);
          let evaluate: () => ReturnType<typeof Swap.evaluate>;
          let apply: () => void;
          if (op === 0) {
            const m = { bin: u, toVeh: vw, toTrip: tw, toPos: rng.nextInt(len) };
            evaluate = () => Relocate.evaluate(st, m);
            apply = () => Relocate.apply(st, m);
          } else if (op === 1) {
            if (u === w) continue;
            evaluate = () => Swap.evaluate(st, { a: u, b: w });
            apply = () => Swap.apply(st, { a: u, b: w });
          } else if (op === 2) {
            const m = { bin: u, length: 2 + rng.nextInt(2), toVeh: vw, toTrip: tw, toPos: rng.nextInt(len) };
            evaluate = () => OrOpt.evaluate(st, m);
            apply = () => OrOpt.apply(st, m);
          } else if (op === 3) {
            const i = rng.nextInt(len);
            const j = rng.nextInt(len);
            const m = { v: vw, t: tw, i: Math.min(i, j), j: Math.max(i, j) };
            evaluate = () => TwoOpt.evaluate(st, m);
            apply = () => TwoOpt.apply(st, m);
          } else if (op === 4) {
            const m = { v1: vu, t1: tu, i: rng.nextInt(st.trip(vu, tu).length + 1), v2: vw, t2: tw, j: rng.nextInt(len + 1) };
            evaluate = () => TwoOptStar.evaluate(st, m);
            apply = () => TwoOptStar.apply(st, m);
          } else {
            const m = { fromVeh: vu, t: tu, toVeh: rng.nextInt(st.inst.nVehicles) };
            evaluate = () => TripRelocate.evaluate(st, m);
            apply = () => TripRelocate.apply(st, m);
          }
          const before = scratchCost(st);
          const delta = evaluate();
          expect(scratchCost(st)).toEqual(before);
          if (delta === null) continue;
          applied++;
          apply();
          const after = scratchCost(st);
          expect(after.distanceM - before.distanceM).toBe(delta.distanceM);
          expect(after.durationSec - before.durationSec).toBe(delta.durationSec);
          expect(st.cost()).toEqual(after);
          for (let v = 0; v < st.inst.nVehicles; v++) expect(st.routeDur[v]).toBeLessThanOrEqual(st.inst.shiftLenSec[v] as number);
        }
      }),
      RUNS,
    );
    expect(applied).toBeGreaterThan(500);
  });
});
