import { describe, expect, it } from 'vitest';
import { buildInstance } from '../../src/vrp/instance.js';
import { solveHgs } from '../../src/vrp/hgs.js';
import { checkVrpSolution } from '../../src/vrp/check.js';
import { Rng } from '../../src/model/rng.js';

function randomCvrp(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = Array.from({ length: n + 1 }, () => rng.nextInt(1000));
  const y = Array.from({ length: n + 1 }, () => rng.nextInt(1000));
  return buildInstance({
    name: `rand-${n}-${seed}`, kind: 'cvrp', x, y, ids: x.map((_, i) => i),
    demand: x.map((_, i) => (i === 0 ? 0 : 1 + rng.nextInt(20))), capacity: 60, maxVehicles: Infinity,
  });
}

describe('solveHgs determinism', () => {
  it('gives the same solution for the same seed and iteration budget', () => {
    const inst = randomCvrp(60, 7);
    const a = solveHgs(inst, { seed: 3, maxIterations: 300 });
    const b = solveHgs(inst, { seed: 3, maxIterations: 300 });
    expect(b.routes).toEqual(a.routes);
    expect(b.cost).toBe(a.cost);
    expect(checkVrpSolution(inst, a.routes).violations).toEqual([]);
    expect(checkVrpSolution(inst, a.routes).cost).toBe(a.cost);
  });

  it('stays deterministic with the set-partitioning master and decomposition switched on', () => {
    const inst = randomCvrp(80, 11);
    let calls = 0;
    // a fake master that always returns the first column set covering everyone once, or nothing
    const master = { name: 'none', solve: () => { calls++; return { status: 'none' as const, chosen: [], objective: 0 }; } };
    const opts = { seed: 5, maxIterations: 400, master, params: { lpEvery: 100, decomposeAbove: 40, decomposeEvery: 200, decomposeTargetSize: 30, decomposeIterations: 50 } };
    const a = solveHgs(inst, opts);
    const b = solveHgs(inst, opts);
    expect(b.routes).toEqual(a.routes);
    expect(calls).toBe(8);
    expect(checkVrpSolution(inst, a.routes).violations).toEqual([]);
  });

  it('stops within 5% of the time limit given by the injected clock', () => {
    const inst = randomCvrp(50, 3);
    let t = 0;
    const now = () => (t += 0.5);
    const res = solveHgs(inst, { seed: 1, timeLimitMs: 400, now });
    expect(res.feasible).toBe(true);
    expect(t).toBeGreaterThanOrEqual(400);
    expect(t).toBeLessThanOrEqual(420);
  });
});
