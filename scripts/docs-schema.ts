/**
 * CLI: writes the JSON Schemas of the problem and plan formats (generated from the zod schemas in
 * solver/src/model/problem-json.ts and plan-json.ts) to docs/.
 *
 *   npm run docs:schema
 *
 * scripts/docs-schema.test.ts fails when a committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { PLAN_SCHEMA_PATH, PROBLEM_SCHEMA_PATH, renderPlanSchema, renderProblemSchema } from './lib/schema-docs.js';

writeFileSync(PROBLEM_SCHEMA_PATH, renderProblemSchema());
writeFileSync(PLAN_SCHEMA_PATH, renderPlanSchema());
process.stderr.write(`[docs:schema] wrote ${PROBLEM_SCHEMA_PATH} and ${PLAN_SCHEMA_PATH}\n`);
process.stdout.write(`${JSON.stringify({ written: [PROBLEM_SCHEMA_PATH, PLAN_SCHEMA_PATH] })}\n`);
