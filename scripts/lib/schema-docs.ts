/** Rendering of the generated schema documents under docs/. */
import { planJsonSchema, problemJsonSchema } from '../../solver/src/index.js';

/** Where the problem format's JSON Schema is committed. */
export const PROBLEM_SCHEMA_PATH = 'docs/problem.schema.json';
/** Where the plan format's JSON Schema is committed. */
export const PLAN_SCHEMA_PATH = 'docs/plan.schema.json';

/** The problem JSON Schema as committed (2-space JSON, trailing newline). */
export function renderProblemSchema(): string {
  return `${JSON.stringify(problemJsonSchema(), null, 2)}\n`;
}

/** The plan JSON Schema as committed (2-space JSON, trailing newline). */
export function renderPlanSchema(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}
