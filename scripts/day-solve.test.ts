import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../solver/src/index.js';
import { generateCollectionDay } from './lib/collection-day.js';
import { solveDayFile } from './lib/day-solve.js';
import { readSampleCity } from './lib/sample-files.js';

describe('solve problem.json', () => {
  it('solves the documented example on its matrix with a checker-clean plan, the master on HiGHS', async () => {
    const { plan, summary } = await solveDayFile('docs/examples/problem-small.json', () => undefined, { seed: 1, iterations: 100 });
    expect(summary.lp).toBe('highs');
    expect(summary.lpSolves).toBeGreaterThan(0);
    expect(summary.checkerViolations).toBe(0);
    expect(plan.routes).toHaveLength(1);
    expect(plan.totals.binsServed + plan.totals.unassigned).toBe(6);
  });

  it('routes a generated sample-city day on the road network', async () => {
    const day = generateCollectionDay({ ...readSampleCity(), binCount: 120, vehicleCount: 3, disposalSites: 2, loadsPerTruck: 2, seed: 3, date: '2026-11-30' });
    const file = join(tmpdir(), `collecte-day-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(day));
    const { plan } = await solveDayFile(file, () => undefined, { seed: 1, iterations: 50 });
    expect(plan.totals.binsServed).toBeGreaterThan(0);
    expect(plan.routes.every((r) => r.steps.at(-2)?.type === 'disposal' || r.steps.at(-2)?.type === 'break')).toBe(true);
  });

  it('rejects a malformed document with its paths', async () => {
    const file = join(tmpdir(), `collecte-bad-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ version: 1, depots: [], disposalSites: [], bins: [], vehicles: [] }));
    await expect(solveDayFile(file, () => undefined)).rejects.toThrow(ProblemError);
  });
});
