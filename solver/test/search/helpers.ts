/**
 * Small collection days for the tests of `solveDay`: places on a Manhattan grid in kilometres
 * (so the explicit matrix satisfies the triangle inequality exactly and the arithmetic can be
 * done by hand), problem documents with defaults, and readers of the plan.
 *
 * Conventions of every hand-made instance (unless a test says otherwise):
 * - a place at (x, y) km; metres = 1000 × (|dx| + |dy|), seconds = 60 × (|dx| + |dy|) (60 km/h);
 * - the vehicle `V` carries residual waste, 10,000 L / 10,000 kg, works 08:00-16:00 from and to
 *   depot `D`, and costs 1 per km (no fixed or hourly cost), so under the `weighted` objective a
 *   plan's cost is its length in km;
 * - bins hold 100 L / 20 kg of residual waste and take 120 s to empty;
 * - the disposal site `S` accepts every stream, unloads in 600 s and is open all day.
 */
import { expect } from 'vitest';
import { checkDayPlan, parseProblemJson, resolveExplicitMatrix, solveDay, STREAMS, type PlanJson, type ProblemJson, type ResolvedProblem, type SolveDayResult } from '../../src/index.js';

/** One hour in seconds. */
export const H = 3600;
/** Seconds to drive one kilometre on the test grid (60 km/h). */
export const SEC_PER_KM = 60;
/** Iterations given to the search in the hand-made cases (never a time limit). */
export const ITERATIONS = 200;

/** A point on the grid, in kilometres. */
export type Pt = readonly [number, number];

/** Whole metres and seconds between points (Manhattan distance; `secPerKm` seconds per km). */
export function gridMatrix(points: readonly Pt[], secPerKm = SEC_PER_KM): { durationsSec: number[][]; distancesM: number[][] } {
  const km = (p: Pt, q: Pt): number => Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]);
  return {
    distancesM: points.map((p) => points.map((q) => Math.round(km(p, q) * 1000))),
    durationsSec: points.map((p) => points.map((q) => Math.round(km(p, q) * secPerKm))),
  };
}

/** An entity of the document: its id plus any fields of the problem format (defaults filled in). */
export type Spec = { readonly id: string } & Readonly<Record<string, unknown>>;

/** A hand-made day: named places and the entities placed on them. */
export interface DaySpec {
  /** Grid coordinates (km) of every place, by name; the matrix follows this order. */
  readonly at: Readonly<Record<string, Pt>>;
  /** Default: one depot `D` open all day. */
  readonly depots?: readonly Spec[];
  /** Default: one site `S` accepting every stream, 600 s to unload, open all day. */
  readonly disposalSites?: readonly Spec[];
  readonly bins: readonly Spec[];
  /** Default: one vehicle `V` (see the module comment). */
  readonly vehicles?: readonly Spec[];
  /** Default: `weighted`. */
  readonly objective?: 'weighted' | 'hierarchical';
  /** Fixed prefixes; `at` names the place of the current position. */
  readonly fixedPrefixes?: readonly ({ readonly vehicleId: string; readonly at: string } & Readonly<Record<string, unknown>>)[];
  readonly locks?: readonly Readonly<Record<string, unknown>>[];
  readonly secPerKm?: number;
}

/** Defaults of a vehicle of the hand-made cases. */
export const VEHICLE: Omit<Spec, 'id'> = {
  streams: ['residual'],
  capacityLitres: 10_000,
  capacityKg: 10_000,
  shiftStartSec: 8 * H,
  shiftEndSec: 16 * H,
  startDepotId: 'D',
  endDepotId: 'D',
  costs: { perKm: 1, perHour: 0, fixed: 0 },
};

/** The problem document of a {@link DaySpec} (a plain JSON value, not yet parsed). */
export function dayDocument(spec: DaySpec): Record<string, unknown> {
  const names = Object.keys(spec.at);
  const index = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`test instance: no place "${name}" in \`at\``);
    return i;
  };
  // Each entity sits at the place named like its id, or at `place` when given.
  const placed = (e: Spec): Record<string, unknown> => {
    const { place, ...rest } = e as Spec & { place?: string };
    return { ...rest, locationIndex: index(place ?? e.id) };
  };
  const depots = spec.depots ?? [{ id: 'D' }];
  const sites = spec.disposalSites ?? [{ id: 'S', unloadingSec: 600, streams: [...STREAMS] }];
  return {
    version: 1,
    depots: depots.map(placed),
    disposalSites: sites.map((s) => placed({ unloadingSec: 600, streams: [...STREAMS], ...s })),
    bins: spec.bins.map((b) => placed({ stream: 'residual', demandLitres: 100, demandKg: 20, serviceSec: 120, ...b })),
    vehicles: (spec.vehicles ?? [{ id: 'V' }]).map((v) => ({ ...VEHICLE, ...v })),
    matrix: gridMatrix(names.map((n) => spec.at[n] as Pt), spec.secPerKm),
    objective: { type: spec.objective ?? 'weighted' },
    fixedPrefixes: (spec.fixedPrefixes ?? []).map(({ at, ...f }) => ({ ...f, locationIndex: index(at) })),
    locks: spec.locks ?? [],
  };
}

/** Parses and resolves a hand-made day, as `npm run solve` would. */
export function resolveDay(spec: DaySpec): ResolvedProblem {
  return resolveExplicitMatrix(parseProblemJson(dayDocument(spec)));
}

/** Parses and resolves a problem document. */
export function resolveDocument(doc: unknown): ResolvedProblem {
  return resolveExplicitMatrix(parseProblemJson(doc));
}

/**
 * The resolved day with bin `binId` cut off from the network, as the road engine reports it
 * (`resolveOnRoads`: a row and column of `Infinity` and the bin in `unreachableBins`).
 */
export function withUnreachableBin(resolved: ResolvedProblem, binId: string, reason: string): ResolvedProblem {
  const at = resolved.loc.bins.get(binId);
  if (at === undefined) throw new Error(`test instance: no bin "${binId}"`);
  const { size } = resolved.matrix;
  const durations = Float64Array.from(resolved.matrix.durations);
  const distances = Float64Array.from(resolved.matrix.distances);
  for (let k = 0; k < size; k++) {
    if (k === at) continue;
    for (const m of [durations, distances]) {
      m[at * size + k] = Infinity;
      m[k * size + at] = Infinity;
    }
  }
  return { ...resolved, matrix: { size, durations, distances }, unreachableBins: new Map([...(resolved.unreachableBins ?? []), [binId, reason]]) };
}

/** Runs the search with a seed and an iteration budget (never a time limit). */
export function solve(resolved: ResolvedProblem, iterations = ITERATIONS, seed = 1): SolveDayResult {
  return solveDay(resolved, { seed, iterations });
}

/** Runs the search and asserts that the independent checker finds nothing wrong with its plan. */
export function solveClean(resolved: ResolvedProblem, iterations = ITERATIONS, seed = 1): PlanJson {
  const { plan } = solve(resolved, iterations, seed);
  expect(checkDayPlan(resolved, plan)).toEqual([]);
  return plan;
}

/**
 * The stops of a vehicle's route between start and end: bin and disposal-site ids, and `break`;
 * an empty list when the vehicle has no route.
 */
export function stops(plan: PlanJson, vehicleId = 'V'): string[] {
  const route = plan.routes.find((r) => r.vehicleId === vehicleId);
  if (!route) return [];
  return route.steps.slice(1, -1).map((s) => (s.type === 'break' ? 'break' : (s.id ?? '?')));
}

/** The bins of a vehicle's route, in order. */
export function binsOf(plan: PlanJson, vehicleId = 'V'): string[] {
  return (plan.routes.find((r) => r.vehicleId === vehicleId)?.steps ?? []).filter((s) => s.type === 'bin').map((s) => s.id ?? '?');
}

/** The step of a bin, disposal or depot id in a vehicle's route. */
export function stepOf(plan: PlanJson, id: string, vehicleId = 'V'): PlanJson['routes'][number]['steps'][number] | undefined {
  return plan.routes.find((r) => r.vehicleId === vehicleId)?.steps.find((s) => s.id === id);
}

/** `binId → reason` of the unassigned bins. */
export function reasons(plan: PlanJson): Record<string, string> {
  return Object.fromEntries(plan.unassigned.map((u) => [u.binId, u.reason]));
}

/** Total prize of the optional bins a plan serves. */
export function prizesTaken(problem: ProblemJson, plan: PlanJson): number {
  const prize = new Map(problem.bins.filter((b) => !b.mandatory).map((b) => [b.id, b.prize ?? 0]));
  let sum = 0;
  for (const r of plan.routes) for (const s of r.steps) if (s.type === 'bin') sum += prize.get(s.id ?? '') ?? 0;
  return sum;
}

/**
 * An independent reading of the objective, as a key compared lexicographically (smaller is
 * better): first the mandatory bins left unserved, then for `hierarchical` the vehicles used and
 * the total working seconds, for `weighted` the route costs minus the prizes of the optional bins
 * served. The prize of an optional bin is in the weighted objective's cost unit; the format does
 * not say what it weighs under `hierarchical`, so there the key leaves prizes out.
 */
export function objectiveKey(resolved: ResolvedProblem, plan: PlanJson): number[] {
  const { problem } = resolved;
  const mandatory = new Set(problem.bins.filter((b) => b.mandatory).map((b) => b.id));
  const missed = plan.unassigned.filter((u) => mandatory.has(u.binId)).length;
  if (problem.objective.type === 'hierarchical') return [missed, plan.totals.vehiclesUsed, plan.totals.workingSec];
  return [missed, plan.totals.cost - prizesTaken(problem, plan)];
}

/** Compares two {@link objectiveKey}s: negative when `a` is better, 0 when equal (to 1e-6). */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (Math.abs(d) > 1e-6) return d;
  }
  return 0;
}
