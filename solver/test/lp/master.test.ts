import { beforeAll, describe, expect, it } from 'vitest';
import { createHighsMaster, type HighsMaster } from '../../src/lp/highs-master.js';
import { JsLpMaster } from '../../src/lp/jslp-master.js';
import { checkSelection, writeSetPartitioningLp } from '../../src/lp/lp-format.js';
import type { MasterProblem } from '../../src/lp/master.js';

/** Three bins, routes of one class of two vehicles: the best partition is {0} + {1, 2} at 22. */
const problem: MasterProblem = {
  nItems: 3,
  columns: [
    { items: [0], cost: 10, group: 0 },
    { items: [1], cost: 10, group: 0 },
    { items: [2], cost: 10, group: 0 },
    { items: [0, 1], cost: 15, group: 0 },
    { items: [1, 2], cost: 12, group: 0 },
    { items: [0, 2], cost: 30, group: 0 },
  ],
  groupLimits: [2],
  required: Uint8Array.of(1, 1, 1),
  prizes: [0, 0, 0],
};

describe('set-partitioning master', () => {
  let highs: HighsMaster;
  beforeAll(async () => {
    highs = await createHighsMaster();
  });

  it('names rows and columns with the FORMULATION.md labels', () => {
    const lp = writeSetPartitioningLp(problem);
    expect(lp).toContain(' cover_0:');
    expect(lp).toContain(' fleet_0:');
    expect(lp).toMatch(/obj:\n {2}10 x_0 \+ 10 x_1/);
    expect(lp).toContain('Binary');
  });

  it('HiGHS picks the cheapest exact partition within the fleet, with a time or a node cap', () => {
    for (const limits of [{ timeLimitSec: 5 }, { maxNodes: 100 }]) {
      const r = highs.solve(problem, limits);
      expect(r.status).toBe('optimal');
      expect([...r.chosen].sort()).toEqual([0, 4]);
      expect(r.objective).toBe(22);
    }
  });

  it('javascript-lp-solver agrees on the same model', () => {
    const r = new JsLpMaster().solve(problem, { timeLimitSec: 5 });
    expect(r.status).toBe('feasible');
    expect([...r.chosen].sort()).toEqual([0, 4]);
  });

  it('reports nothing when no selection beats the upper bound', () => {
    expect(highs.solve({ ...problem, upperBound: 22 }, { maxNodes: 100 }).status).toBe('none');
    expect(new JsLpMaster().solve({ ...problem, upperBound: 22 }, { timeLimitSec: 5 }).status).toBe('none');
  });

  it('covers optional bins at most once and takes them for their prize: {0} + {1, 2} minus 18 of prizes', () => {
    const optional = { ...problem, required: Uint8Array.of(1, 0, 0), prizes: [0, 5, 13] };
    for (const r of [highs.solve(optional, { maxNodes: 100 }), new JsLpMaster().solve(optional, { timeLimitSec: 5 })]) {
      expect([...r.chosen].sort()).toEqual([0, 4]);
      expect(r.objective).toBe(4);
    }
  });

  it('verifies a selection: binary, required bins once, none twice, classes within their vehicles', () => {
    const pick = (ks: number[]) => (k: number): number => (ks.includes(k) ? 1 : 0);
    expect(checkSelection(problem, pick([0, 4]))).toEqual([0, 4]);
    expect(checkSelection(problem, pick([0, 1]))).toBeNull(); // bin 2 uncovered
    expect(checkSelection(problem, pick([3, 4]))).toBeNull(); // bin 1 twice
    expect(checkSelection(problem, pick([0, 1, 2]))).toBeNull(); // three routes, two vehicles
    expect(checkSelection(problem, (k) => (k === 0 ? 0.5 : 0))).toBeNull();
  });
});
