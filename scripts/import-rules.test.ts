/**
 * The dependency direction is enforced by ESLint (eslint.config.js). These cases prove that each
 * rule fires on a forbidden import and stays quiet on an allowed one, so the check cannot rot.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const CASES: { file: string; code: string; forbidden: boolean; rule: string }[] = [
  { file: 'solver/src/roads/x.ts', code: "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/roads/x.ts', code: "import fs from 'fs';\nexport const a = fs;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/search/x.ts', code: "import { createApp } from '../../../server/src/app.js';\nexport const a = createApp;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/search/x.ts', code: "import { PlanSchema } from '../../../server/contract/index.js';\nexport const a = PlanSchema;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/search/x.ts', code: "import { api } from '../../../client/src/api/client.js';\nexport const a = api;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/search/x.ts', code: 'export const t = Date.now();', forbidden: true, rule: 'no-restricted-properties' },
  { file: 'solver/src/search/x.ts', code: 'export const r = Math.random();', forbidden: true, rule: 'no-restricted-properties' },
  { file: 'solver/src/search/x.ts', code: 'export const e = process.env.X;', forbidden: true, rule: 'no-restricted-globals' },
  { file: 'solver/src/cluster/x.ts', code: "import { latLngToCell } from 'h3-js';\nexport const a = latLngToCell;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/search/x.ts', code: "import highs from 'highs';\nexport const a = highs;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/src/lp/x.ts', code: "import highs from 'highs';\nexport const a = highs;", forbidden: false, rule: '' },
  { file: 'solver/src/geo/h3.ts', code: "import { latLngToCell } from 'h3-js';\nexport const a = latLngToCell;", forbidden: false, rule: '' },
  { file: 'solver/src/roads/x.ts', code: "import * as turf from '@turf/turf';\nexport const a = turf;", forbidden: false, rule: '' },
  { file: 'client/src/views/x.ts', code: "import { boot } from '../../../server/src/boot.js';\nexport const a = boot;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'client/src/views/x.ts', code: "import { solve } from '../../../solver/src/index.js';\nexport const a = solve;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'client/src/views/x.ts', code: "import { PlanSchema } from '../../../server/contract/index.js';\nexport const a = PlanSchema;", forbidden: false, rule: '' },
  { file: 'server/contract/x.ts', code: "import express from 'express';\nexport const a = express;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'server/src/services/x.ts', code: "import { solve } from '../../../solver/src/search/local-search.js';\nexport const a = solve;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'server/src/services/x.ts', code: "import { solve } from '../../../solver/src/index.js';\nexport const a = solve;", forbidden: false, rule: '' },
  { file: 'scripts/lib/x.ts', code: "import { localSearch } from '../../solver/src/search/local-search.js';\nexport const a = localSearch;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'scripts/x.ts', code: "import { solveDay } from '../solver/src/index.js';\nexport const a = solveDay;", forbidden: false, rule: '' },
  { file: 'scripts/lib/x.ts', code: "import { splitCsvLine } from '../../server/src/csv.js';\nexport const a = splitCsvLine;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/test/search/x.test.ts', code: "import { createApp } from '../../../server/src/app.js';\nexport const a = createApp;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'solver/test/search/x.test.ts', code: "import { localSearch } from '../../src/search/local-search.js';\nexport const a = localSearch;", forbidden: false, rule: '' },
  { file: 'client/test/x.test.ts', code: "import { createApp } from '../../server/src/app.js';\nexport const a = createApp;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'client/test/x.test.ts', code: "import { solveDay } from '../../solver/src/index.js';\nexport const a = solveDay;", forbidden: true, rule: 'no-restricted-imports' },
  { file: 'client/test/e2e/x.test.ts', code: "import { PlanSchema } from '../../../server/contract/index.js';\nexport const a = PlanSchema;", forbidden: false, rule: '' },
];

describe('import rules', () => {
  it.each(CASES)('$file: forbidden=$forbidden for $code', async ({ file, code, forbidden, rule }) => {
    const ids = await ruleIdsFor(file, code);
    if (forbidden) expect(ids).toContain(rule);
    else expect(ids.filter((id) => id.startsWith('no-restricted'))).toEqual([]);
  });
});
