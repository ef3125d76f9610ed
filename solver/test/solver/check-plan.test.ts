import { describe, expect, it } from 'vitest';
import { solve } from '../../src/solve.js';
import { checkPlan } from '../../src/check/check-plan.js';
import type { Litres, Metres, Plan, PlanRoute, PlanStep, Seconds } from '../../src/model/types.js';
import { euclideanProblem } from './helpers.js';

const problem = euclideanProblem({
  depot: [0, 0],
  disposal: [0, 500],
  bins: [100, 200, 300, 400, 500].map((x) => ({ x, y: 0, litres: 300 })),
  vehicles: [{ capacityLitres: 700 }, { capacityLitres: 700 }],
});
const plan = solve(problem, { seed: 1, maxIterations: 20 });
const route0 = plan.routes[0]!;

/** Copy of `plan` with route 0's steps replaced. */
function withSteps(steps: PlanStep[], patch: Partial<PlanRoute> = {}): Plan {
  return { ...plan, routes: [{ ...route0, steps, ...patch }, ...plan.routes.slice(1)] };
}
const codes = (p: Plan): string[] => [...new Set(checkPlan(problem, p).map((v) => v.code))].sort();

describe('checkPlan', () => {
  it('accepts the plan the solver produced', () => {
    expect(checkPlan(problem, plan)).toEqual([]);
  });

  it('reports bin_missing when a bin is dropped from the unassigned list', () => {
    const p: Plan = { ...plan, unassigned: [] };
    const extra = euclideanProblem({
      depot: [0, 0],
      disposal: [0, 500],
      bins: [100, 200, 300, 400, 500, 600].map((x) => ({ x, y: 0, litres: 300 })),
      vehicles: [{ capacityLitres: 700 }, { capacityLitres: 700 }],
    });
    expect(checkPlan(extra, p).map((v) => [v.code, v.binId])).toEqual([['bin_missing', 'b5']]);
  });

  it('reports bin_duplicated when a bin is listed twice', () => {
    const first = route0.steps.find((s) => s.kind === 'bin')!;
    const p: Plan = { ...plan, unassigned: [{ binId: first.binId!, reason: 'capacity', detail: 'tampered' }] };
    expect(codes(p)).toEqual(['bin_duplicated']);
  });

  it('reports unknown_bin for an id that is not in the problem', () => {
    const p: Plan = { ...plan, unassigned: [{ binId: 'nope', reason: 'capacity', detail: 'tampered' }] };
    expect(codes(p)).toEqual(['unknown_bin']);
  });

  it('reports capacity_exceeded_litres when a disposal visit is skipped', () => {
    const steps = route0.steps.filter((s, i) => !(s.kind === 'disposal' && i < route0.steps.length - 2));
    expect(steps.length).toBeLessThan(route0.steps.length);
    expect(codes(withSteps(steps))).toContain('capacity_exceeded_litres');
  });

  it('reports load_mismatch when a step claims the wrong load', () => {
    const steps = route0.steps.map((s, i) => (i === 1 ? { ...s, loadAfterLitres: 1 as Litres } : s));
    expect(codes(withSteps(steps))).toEqual(['load_mismatch']);
  });

  it('reports time_mismatch when an arrival is shifted', () => {
    const steps = route0.steps.map((s, i) => (i === 2 ? { ...s, arrivalSec: (s.arrivalSec + 5) as Seconds, departureSec: (s.departureSec + 5) as Seconds } : s));
    expect(codes(withSteps(steps))).toEqual(['time_mismatch']);
  });

  it('reports distance_mismatch when the route distance is wrong', () => {
    expect(codes(withSteps([...route0.steps], { distanceM: (route0.distanceM + 1) as Metres }))).toEqual(['distance_mismatch']);
    expect(codes({ ...plan, totalDistanceM: (plan.totalDistanceM - 3) as Metres })).toEqual(['distance_mismatch']);
  });

  it('reports shift_exceeded when the vehicle comes back after its shift', () => {
    const tight = { ...problem, vehicles: problem.vehicles.map((v) => ({ ...v, shiftEndSec: (v.shiftStartSec + 10) as Seconds })) };
    expect(checkPlan(tight, plan).map((v) => v.code)).toContain('shift_exceeded');
  });

  it('reports not_empty_at_end when the final disposal visit is removed', () => {
    const steps = route0.steps.filter((_, i) => i !== route0.steps.length - 2);
    expect(codes(withSteps(steps))).toContain('not_empty_at_end');
  });

  it('reports wrong_stream, unknown_vehicle and vehicle_used_twice', () => {
    const glass = { ...problem, vehicles: problem.vehicles.map((v) => ({ ...v, streams: ['glass' as const] })) };
    expect(checkPlan(glass, plan).map((v) => v.code)).toContain('wrong_stream');
    expect(codes({ ...plan, routes: [{ ...route0, vehicleId: 'ghost' }, ...plan.routes.slice(1)] })).toContain('unknown_vehicle');
    const twice: Plan = { ...plan, routes: [route0, route0] };
    expect(codes(twice)).toContain('vehicle_used_twice');
  });

  it('reports not_starting_at_depot and not_ending_at_depot', () => {
    expect(codes(withSteps(route0.steps.slice(1)))).toContain('not_starting_at_depot');
    expect(codes(withSteps(route0.steps.slice(0, -1)))).toContain('not_ending_at_depot');
  });
});
