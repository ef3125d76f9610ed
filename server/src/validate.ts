/** Request validation with the contract's zod schemas. */
import type { z } from 'zod';
import type { Issue } from '../contract/index.js';
import { InvalidInputError, zodIssues } from './errors.js';

/**
 * Parses `value` with `schema`; on failure (or when `extraIssues` is not empty) throws one
 * InvalidInputError listing the schema issues and the extra ones, sorted by path.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, extraIssues: Issue[] = []): z.output<S> {
  const result = schema.safeParse(value);
  const issues = [...(result.success ? [] : zodIssues(result.error)), ...extraIssues];
  if (issues.length > 0) {
    issues.sort((a, b) => comparePaths(a.path, b.path));
    throw new InvalidInputError(issues);
  }
  return (result as { data: z.output<S> }).data;
}

/** Orders `[2].x` before `[10].a`: numeric indices compare as numbers. */
function comparePaths(a: string, b: string): number {
  const key = (p: string): (string | number)[] => p.split(/[[\].]+/).filter(Boolean).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return ka.length - kb.length;
}
