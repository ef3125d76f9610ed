import { describe, expect, it } from 'vitest';
import { solve } from '../../src/solve.js';
import { checkPlan } from '../../src/check/check-plan.js';
import { ProblemError } from '../../src/model/errors.js';
import { buildInstance } from '../../src/model/instance.js';
import { RouteState } from '../../src/evaluate/route-state.js';
import { cheapestInsertion, farthestFirst } from '../../src/construct/cheapest-insertion.js';
import { euclideanProblem } from './helpers.js';
import type { Seconds } from '../../src/model/types.js';

const OPTIONS = { seed: 7, maxIterations: 50 };

describe('construction', () => {
  it('cheapest insertion routes every bin of an easy instance within capacity', () => {
    const problem = euclideanProblem({
      bins: Array.from({ length: 12 }, (_, i) => ({ x: 100 * i, y: (i % 3) * 50, litres: 300 })),
      vehicles: [{ capacityLitres: 1000 }, { capacityLitres: 1000 }],
    });
    const st = new RouteState(buildInstance(problem));
    const left = cheapestInsertion(st, farthestFirst(st, Array.from({ length: 12 }, (_, i) => i)));
    expect(left).toEqual([]);
    expect(st.unassigned.size).toBe(0);
    for (let v = 0; v < 2; v++) for (let t = 0; t < st.route(v).length; t++) expect(st.tripLitres[v]?.[t]).toBeLessThanOrEqual(1000);
  });
});

describe('solve', () => {
  it('sends the truck to the disposal site mid-route when the next bin would not fit', () => {
    const problem = euclideanProblem({
      depot: [0, 0],
      disposal: [0, 500],
      bins: [100, 200, 300, 400].map((x) => ({ x, y: 0, litres: 300 })),
      vehicles: [{ capacityLitres: 700 }],
    });
    const plan = solve(problem, OPTIONS);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.unassigned).toEqual([]);
    expect(plan.routes).toHaveLength(1);
    expect(plan.routes[0]?.steps.map((s) => s.kind)).toEqual(['start', 'bin', 'bin', 'disposal', 'bin', 'bin', 'disposal', 'end']);
    expect(plan.routes[0]?.steps.filter((s) => s.kind === 'disposal').map((s) => s.loadAfterLitres)).toEqual([0, 0]);
  });

  it('gives each bin to a vehicle that carries its stream', () => {
    const problem = euclideanProblem({
      bins: Array.from({ length: 10 }, (_, i) => ({ x: 50 * i, y: 100, stream: i % 2 === 0 ? ('residual' as const) : ('glass' as const) })),
      vehicles: [{ streams: ['residual'] }, { streams: ['glass'] }],
    });
    const plan = solve(problem, OPTIONS);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.unassigned).toEqual([]);
    const streamOf = new Map(problem.bins.map((b) => [b.binId, b.stream]));
    for (const route of plan.routes) {
      const expected = route.vehicleId === 'v0' ? 'residual' : 'glass';
      for (const s of route.steps) if (s.kind === 'bin') expect(streamOf.get(s.binId ?? '')).toBe(expected);
    }
  });

  it('reports a bin larger than every truck as unassigned for capacity, with the numbers', () => {
    const problem = euclideanProblem({
      bins: [{ x: 10, y: 0 }, { x: 20, y: 0, litres: 5000, kg: 50 }],
      vehicles: [{ capacityLitres: 1200 }, { capacityLitres: 900 }],
    });
    const plan = solve(problem, OPTIONS);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.unassigned).toEqual([
      { binId: 'b1', reason: 'capacity', detail: 'needs 5000 L and 50 kg; compatible trucks take at most 1200 L and 10000 kg' },
    ]);
  });

  it('reports a bin that no shift can reach and return from as shift_too_short', () => {
    const problem = euclideanProblem({
      bins: [{ x: 100, y: 0 }, { x: 20_000, y: 0 }],
      disposalServiceSec: 60,
      vehicles: [{ shiftStartSec: 0, shiftEndSec: 1800 }],
    });
    const plan = solve(problem, OPTIONS);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.unassigned).toHaveLength(1);
    expect(plan.unassigned[0]?.binId).toBe('b1');
    expect(plan.unassigned[0]?.reason).toBe('shift_too_short');
    expect(plan.unassigned[0]?.detail).toContain('4090 s');
    expect(plan.unassigned[0]?.detail).toContain('1800 s');
  });

  it('reports glass bins as no_compatible_vehicle when no truck carries glass', () => {
    const problem = euclideanProblem({
      bins: [{ x: 100, y: 0 }, { x: 200, y: 0, stream: 'glass' }],
      vehicles: [{ streams: ['residual', 'packaging'] }],
    });
    const plan = solve(problem, OPTIONS);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.unassigned.map((u) => [u.binId, u.reason])).toEqual([['b1', 'no_compatible_vehicle']]);
    expect(plan.unassigned[0]?.detail).toContain('glass');
  });

  it('reports "no shift time left" when every bin fits alone but not all fit together', () => {
    const problem = euclideanProblem({
      bins: Array.from({ length: 6 }, (_, i) => ({ x: 1000 + 10 * i, y: 0, serviceSec: 300 })),
      disposalServiceSec: 0,
      vehicles: [{ shiftStartSec: 0, shiftEndSec: 1000 }],
    });
    const plan = solve(problem, OPTIONS);
    expect(checkPlan(problem, plan)).toEqual([]);
    expect(plan.routes).toHaveLength(1);
    expect(plan.unassigned.length).toBeGreaterThan(0);
    for (const u of plan.unassigned) {
      expect(u.reason).toBe('shift_too_short');
      expect(u.detail).toContain('no shift time left');
    }
  });

  it('omits vehicles that get no bins', () => {
    const problem = euclideanProblem({ bins: [{ x: 10, y: 10 }], vehicles: [{}, {}, {}] });
    const plan = solve(problem, OPTIONS);
    expect(plan.routes).toHaveLength(1);
    expect(checkPlan(problem, plan)).toEqual([]);
  });

  it('throws ProblemError listing every malformed field', () => {
    const base = euclideanProblem({ bins: [{ x: 1, y: 1 }, { x: 2, y: 2 }], vehicles: [{}] });
    const bad = {
      ...base,
      bins: [base.bins[0]!, { ...base.bins[0]!, locIdx: 99 }],
      vehicles: [{ ...base.vehicles[0]!, shiftEndSec: 0 as Seconds }],
    } as typeof base;
    let err: unknown;
    try {
      solve(bad, OPTIONS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).issues.map((i) => i.path)).toEqual(['bins[1].binId', 'bins[1].locIdx', 'vehicles[0].shiftEndSec']);
  });

  it('reports progress from 0 to 1', () => {
    const problem = euclideanProblem({ bins: Array.from({ length: 8 }, (_, i) => ({ x: 37 * i, y: 11 * i })), vehicles: [{}] });
    const fractions: number[] = [];
    solve(problem, { ...OPTIONS, onProgress: (f) => fractions.push(f) });
    expect(fractions[0]).toBe(0);
    expect(fractions[fractions.length - 1]).toBe(1);
  });
});
