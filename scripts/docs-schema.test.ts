import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProblemJson } from '../solver/src/index.js';
import { PLAN_SCHEMA_PATH, PROBLEM_SCHEMA_PATH, renderPlanSchema, renderProblemSchema } from './lib/schema-docs.js';

describe('problem format documents', () => {
  it('keeps docs/problem.schema.json equal to the schema generated from zod (run npm run docs:schema)', () => {
    expect(readFileSync(PROBLEM_SCHEMA_PATH, 'utf8')).toBe(renderProblemSchema());
  });

  it('keeps docs/plan.schema.json equal to the schema generated from zod (run npm run docs:schema)', () => {
    expect(readFileSync(PLAN_SCHEMA_PATH, 'utf8')).toBe(renderPlanSchema());
  });

  it('accepts the documented example with its disposal site, break and time window', () => {
    const problem = parseProblemJson(JSON.parse(readFileSync('docs/examples/problem-small.json', 'utf8')));
    expect(problem.vehicles[0]?.breaks).toHaveLength(1);
    expect(problem.bins.find((b) => b.id === 'MARKET')?.timeWindows).toEqual([{ openSec: 28_800, closeSec: 36_000 }]);
    expect(problem.disposalSites).toHaveLength(1);
  });
});
