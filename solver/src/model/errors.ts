/**
 * Solver error classes (house style §3): a malformed problem throws {@link ProblemError}
 * listing every issue; a broken internal invariant throws {@link InternalError} via {@link invariant}.
 * Bins that cannot be served are never errors: they go to `plan.unassigned`.
 */

/** One problem with the input, with a JSON-like path such as `bins[3].demandLitres`. */
export interface ProblemIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown by `solve` when the problem itself is malformed (duplicate ids, bad indices,
 * negative capacities, non-integer matrix entries...). Carries every issue found, not just the first.
 */
export class ProblemError extends Error {
  /** Every issue found, in input order. */
  readonly issues: readonly ProblemIssue[];
  constructor(issues: readonly ProblemIssue[]) {
    super(
      `invalid problem: ${issues.length} problem${issues.length === 1 ? '' : 's'}: ` +
        issues
          .slice(0, 5)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ') +
        (issues.length > 5 ? '; ...' : ''),
    );
    this.name = 'ProblemError';
    this.issues = issues;
  }
}

/** Thrown when an internal invariant of the solver breaks. Always a bug; tests never trigger it. */
export class InternalError extends Error {
  constructor(message: string) {
    super(`internal solver error: ${message}`);
    this.name = 'InternalError';
  }
}

/**
 * Asserts an internal invariant.
 * @throws InternalError when `condition` is false.
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}
