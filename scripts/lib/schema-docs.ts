/** Rendering of the generated schema documents under docs/. */
import { problemJsonSchema } from '../../solver/src/index.js';

/** Where the problem format's JSON Schema is committed. */
export const PROBLEM_SCHEMA_PATH = 'docs/problem.schema.json';

/** The problem JSON Schema as committed (2-space JSON, trailing newline). */
export function renderProblemSchema(): string {
  return `${JSON.stringify(problemJsonSchema(), null, 2)}\n`;
}
