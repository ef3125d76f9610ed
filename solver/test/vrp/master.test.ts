import { beforeAll, describe, expect, it } from 'vitest';
import { writeSetPartitioningLp } from '../../src/lp/lp-format.js';
import { JsLpMaster } from '../../src/lp/jslp-master.js';
import { createHighsMaster, type HighsMaster } from '../../src/lp/highs-master.js';
import type { MasterProblem } from '../../src/lp/master.js';

const problem: MasterProblem = {
  nNodes: 4,
  columns: [
    { customers: [1], cost: 10 },
    { customers: [2], cost: 10 },
    { customers: [3], cost: 10 },
    { customers: [1, 2], cost: 15 },
    { customers: [2, 3], cost: 12 },
    { customers: [1, 3], cost: 30 },
  ],
  maxRoutes: 2,
};

describe('set-partitioning master', () => {
  let highs: HighsMaster;
  beforeAll(async () => { highs = await createHighsMaster(); });

  it('names rows and columns with the FORMULATION.md labels', () => {
    const lp = writeSetPartitioningLp(problem);
    expect(lp).toContain(' cover_1:');
    expect(lp).toContain(' fleet:');
    expect(lp).toMatch(/obj:\n {2}10 x_0 \+ 10 x_1/);
    expect(lp).toContain('Binary');
  });

  it('HiGHS picks the cheapest exact partition within the fleet', () => {
    const r = highs.solve(problem, 5);
    expect(r.status).toBe('optimal');
    expect(r.chosen.sort()).toEqual([0, 4]);
    expect(r.objective).toBe(22);
  });

  it('javascript-lp-solver agrees on the same model', () => {
    const r = new JsLpMaster().solve(problem, 5);
    expect(r.status).toBe('feasible');
    expect(r.chosen.sort()).toEqual([0, 4]);
  });

  it('HiGHS reports nothing when no partition beats the upper bound', () => {
    expect(highs.solve({ ...problem, upperBound: 22 }, 5).status).toBe('none');
  });
});
