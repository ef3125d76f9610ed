/**
 * CLI: writes the JSON Schema of the problem format (generated from the zod schema in
 * solver/src/model/problem-json.ts) to docs/problem.schema.json.
 *
 *   npm run docs:schema
 *
 * scripts/docs-schema.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { renderProblemSchema, PROBLEM_SCHEMA_PATH } from './lib/schema-docs.js';

writeFileSync(PROBLEM_SCHEMA_PATH, renderProblemSchema());
process.stderr.write(`[docs:schema] wrote ${PROBLEM_SCHEMA_PATH}\n`);
process.stdout.write(`${JSON.stringify({ written: [PROBLEM_SCHEMA_PATH] })}\n`);
