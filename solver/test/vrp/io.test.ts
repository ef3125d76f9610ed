import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseCvrplib } from '../../src/vrp/io/cvrplib.js';
import { parseSolomon } from '../../src/vrp/io/solomon.js';
import { parseSol, writeSol } from '../../src/vrp/io/sol.js';
import { checkVrpSolution } from '../../src/vrp/check.js';
import { dimacsTenths, euc2dNint } from '../../src/vrp/instance.js';

const BENCH = '/work/shared/benchmarks';
const haveBench = existsSync(BENCH);

const CVRP = [
  'NAME : tiny', 'TYPE : CVRP', 'DIMENSION : 4', 'EDGE_WEIGHT_TYPE : EUC_2D', 'CAPACITY : 10',
  'NODE_COORD_SECTION', '1 0 0', '2 3 4', '3 0 5', '4 1 1',
  'DEMAND_SECTION', '1 0', '2 4', '3 5', '4 6',
  'DEPOT_SECTION', '1', '-1', 'EOF', '',
].join('\r\n');

const SOLOMON = [
  'T1', '', 'VEHICLE', 'NUMBER     CAPACITY', '  2         10', '', 'CUSTOMER',
  'CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME', '',
  '    0      0          0          0          0        100          0',
  '    1      1          1          5          0         10          1',
  '    2      2          2          5          0          3          1', '',
].join('\n');

describe('vrp io and checker', () => {
  it('rounds EUC_2D to the nearest integer and truncates DIMACS distances to tenths', () => {
    expect(euc2dNint(1, 1)).toBe(1);
    expect(euc2dNint(3, 4)).toBe(5);
    expect(euc2dNint(1, 2)).toBe(2);
    expect(dimacsTenths(1, 1)).toBe(14);
    expect(dimacsTenths(3, 4)).toBe(50);
  });

  it('parses a CVRPLIB file and round-trips a solution through the .sol writer', () => {
    const inst = parseCvrplib(CVRP);
    expect(inst.nNodes).toBe(4);
    expect(inst.capacity).toBe(10);
    expect(Array.from(inst.ids)).toEqual([0, 1, 2, 3]);
    const routes = [[1, 2], [3]];
    const check = checkVrpSolution(inst, routes);
    expect(check.violations).toEqual([]);
    const text = writeSol(inst, routes, check.cost);
    expect(text).toBe(`Route #1: 1 2\nRoute #2: 3\nCost ${check.cost}\n`);
    expect(parseSol(inst, text)).toEqual({ routes, cost: check.cost });
  });

  it('reports overloads, duplicates and missing customers', () => {
    const inst = parseCvrplib(CVRP);
    expect(checkVrpSolution(inst, [[1, 2, 3]]).violations).toEqual(['route 1: load 15 exceeds capacity 10']);
    const v = checkVrpSolution(inst, [[1, 1], [3]]).violations;
    expect(v).toContain('customer 1 visited 2 times');
    expect(v).toContain('customer 2 visited 0 times');
  });

  it('checks Solomon time windows with waiting allowed and the fleet limit', () => {
    const inst = parseSolomon(SOLOMON);
    expect(inst.maxVehicles).toBe(2);
    expect(checkVrpSolution(inst, [[2, 1]]).violations).toEqual([]);
    expect(checkVrpSolution(inst, [[1, 2]]).violations[0]).toMatch(/customer 2 reached at 3.8 after due 3/);
    expect(checkVrpSolution(inst, [[2], [1]]).cost).toBe(2 * 28 + 2 * 14);
    expect(checkVrpSolution(inst, [[2], [1], []]).violations).toEqual([]);
  });

  it.skipIf(!haveBench)('re-evaluates the shipped X and Solomon .sol files to their Cost lines', () => {
    for (const name of ['X-n101-k25', 'X-n256-k16']) {
      const inst = parseCvrplib(readFileSync(`${BENCH}/cvrp/X/${name}.vrp`, 'utf8'));
      const sol = parseSol(inst, readFileSync(`${BENCH}/cvrp/X/${name}.sol`, 'utf8'));
      const check = checkVrpSolution(inst, sol.routes);
      expect(check.violations).toEqual([]);
      expect(check.cost).toBe(sol.cost);
    }
    for (const name of ['R101', 'C201', 'RC208']) {
      const inst = parseSolomon(readFileSync(`${BENCH}/vrptw/solomon/${name}.txt`, 'utf8'));
      const sol = parseSol(inst, readFileSync(`${BENCH}/vrptw/solomon/${name}.sol`, 'utf8'));
      const check = checkVrpSolution(inst, sol.routes);
      expect(check.violations).toEqual([]);
      expect(check.cost / 10).toBeCloseTo(sol.cost ?? -1, 6);
    }
  });
});
