import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseCvrplib } from '../../src/vrp/io/cvrplib.js';
import { parseSolomon } from '../../src/vrp/io/solomon.js';
import { parseSol, writeSol } from '../../src/vrp/io/sol.js';
import { checkVrpSolution } from '../../src/vrp/check.js';
import { solveHgs } from '../../src/vrp/hgs.js';

const BENCH = '/work/shared/benchmarks';

describe.skipIf(!existsSync(BENCH))('benchmark solutions', () => {
  it.each([
    ['cvrp/X/X-n101-k25.vrp'],
    ['vrptw/solomon/C101.txt'],
    ['vrptw/solomon/R201.txt'],
    ['vrptw/solomon/RC105.txt'],
  ])('%s: a short run writes a .sol that passes the independent checker with its printed cost', (file) => {
    const text = readFileSync(`${BENCH}/${file}`, 'utf8');
    const inst = file.endsWith('.vrp') ? parseCvrplib(text) : parseSolomon(text);
    const res = solveHgs(inst, { seed: 1, maxIterations: 50, params: { nbInitial: 20 } });
    expect(res.feasible).toBe(true);
    const sol = writeSol(inst, res.routes, res.cost);
    const back = parseSol(inst, sol);
    const check = checkVrpSolution(inst, back.routes);
    expect(check.violations).toEqual([]);
    expect(check.cost).toBe(res.cost);
    expect(back.cost).toBeCloseTo(res.cost / inst.costScale, 6);
  });
});
