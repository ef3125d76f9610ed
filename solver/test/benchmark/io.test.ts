import { describe, expect, it } from 'vitest';
import { checkVrpSolution, parseCvrplib, parseSol, parseSolomon, writeSol } from '../../src/index.js';
import { dimacsTenths, euc2dNint } from '../../src/benchmark/instance.js';
import { CVRP, SOLOMON } from './instances.js';

describe('benchmark files and the benchmark checker', () => {
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

  it('lists every problem of a malformed CVRPLIB file', () => {
    expect(() => parseCvrplib('NAME : bad\nEDGE_WEIGHT_TYPE : GEO\n')).toThrow(/unsupported EDGE_WEIGHT_TYPE GEO.*DIMENSION missing.*CAPACITY missing/);
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
    expect(checkVrpSolution(inst, [[2], [1], [2]]).violations).toContain('3 routes exceed the fleet of 2');
  });

  it('recomputes real Euclidean distances when asked (the hierarchical convention)', () => {
    const inst = parseSolomon(SOLOMON);
    // D→2→1→D: sqrt(8) + sqrt(2) + sqrt(2), in tenths
    expect(checkVrpSolution(inst, [[2, 1]], { realDistances: true }).cost).toBeCloseTo(10 * (Math.sqrt(8) + 2 * Math.sqrt(2)), 9);
    expect(checkVrpSolution(inst, [[2, 1]]).cost).toBe(28 + 14 + 14);
  });
});
