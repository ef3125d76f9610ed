/**
 * A problem document joined to its travel matrix: the matrix index of every depot, disposal site,
 * bin and fixed-prefix position, keyed by external id. Built once at the edge, then read by the
 * day-plan checker (and anything else that needs travel times between the problem's places).
 */
import { ProblemError, type ProblemIssue } from './errors.js';
import type { ProblemJson } from './problem-json.js';
import type { TravelMatrix } from './types.js';

/**
 * A problem with every place resolved to a row/column of {@link ResolvedProblem.matrix}.
 *
 * Problems that carry an explicit `matrix` are resolved by {@link resolveExplicitMatrix}; problems
 * with `[lng, lat]` locations are resolved by the caller with the road engine, which builds the
 * same structure.
 */
export interface ResolvedProblem {
  /** The parsed problem (defaults applied), as returned by `parseProblemJson`. */
  readonly problem: ProblemJson;
  /** Whole metres and whole seconds between resolved locations, row-major (`from * size + to`). */
  readonly matrix: TravelMatrix;
  /** Matrix index of each place, by external id. */
  readonly loc: {
    readonly depots: ReadonlyMap<string, number>;
    readonly disposalSites: ReadonlyMap<string, number>;
    readonly bins: ReadonlyMap<string, number>;
    /** Current position of each vehicle with a fixed prefix, by vehicle id. */
    readonly prefixes: ReadonlyMap<string, number>;
  };
  /** Bins no truck can reach on the road network, with the reason (absent for explicit matrices). */
  readonly unreachableBins?: ReadonlyMap<string, string>;
}

/**
 * Resolves a problem that carries an explicit `matrix`: flattens `durationsSec` and `distancesM`
 * into row-major `Float64Array`s (seconds, metres; the same layout as the road engine's matrices)
 * and maps every id to its `locationIndex`.
 *
 * Expects a problem returned by `parseProblemJson`, which has already checked these references;
 * it re-checks them so that a hand-built document cannot produce a lookup outside the matrix.
 * @throws ProblemError listing every issue (each with its JSON path) when the problem has no
 *   matrix, the matrix is not square, or a place has no `locationIndex` inside it.
 */
export function resolveExplicitMatrix(problem: ProblemJson): ResolvedProblem {
  const m = problem.matrix;
  if (!m) throw new ProblemError([{ path: 'matrix', message: 'required to resolve a problem without the road engine' }]);
  const issues: ProblemIssue[] = [];
  const size = m.durationsSec.length;
  const durations = new Float64Array(size * size);
  const distances = new Float64Array(size * size);
  for (const [key, target] of [['durationsSec', durations], ['distancesM', distances]] as const) {
    const rows = m[key];
    if (rows.length !== size) issues.push({ path: `matrix.${key}`, message: `has ${rows.length} rows, expected ${size}` });
    rows.forEach((row, i) => {
      if (row.length !== size) issues.push({ path: `matrix.${key}[${i}]`, message: `has ${row.length} entries, expected ${size}` });
      else if (i < size) target.set(row, i * size);
    });
  }

  const index = (items: readonly { id: string; locationIndex?: number | undefined }[], path: string): Map<string, number> => {
    const out = new Map<string, number>();
    items.forEach((item, i) => {
      const at = item.locationIndex;
      if (at === undefined || !Number.isInteger(at) || at < 0 || at >= size)
        issues.push({ path: `${path}[${i}].locationIndex`, message: `must be an integer in [0, ${size - 1}], got ${String(at)}` });
      else out.set(item.id, at);
    });
    return out;
  };
  const depots = index(problem.depots, 'depots');
  const disposalSites = index(problem.disposalSites, 'disposalSites');
  const bins = index(problem.bins, 'bins');
  const prefixes = index(
    problem.fixedPrefixes.map((f) => ({ id: f.vehicleId, locationIndex: f.locationIndex })),
    'fixedPrefixes',
  );
  if (issues.length > 0) throw new ProblemError(issues);
  return { problem, matrix: { size, durations, distances }, loc: { depots, disposalSites, bins, prefixes } };
}
