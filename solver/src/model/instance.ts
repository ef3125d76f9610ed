import { STREAMS } from './types.js';
import type { Problem, Stream } from './types.js';
import { ProblemError } from './errors.js';
import type { ProblemIssue } from './errors.js';

/**
 * Dense, validated view of a {@link Problem} used inside the solver.
 * Bins are addressed by `binIdx` (their position in `problem.bins`), vehicles by `vehicleIdx`;
 * external ids only come back when a Plan is built. All quantities are integers:
 * metres, seconds, litres, kilograms.
 */
export interface Instance {
  readonly problem: Problem;
  readonly nBins: number;
  readonly nVehicles: number;
  /** Matrix size. */
  readonly size: number;
  /** Metres, row-major `from * size + to`. */
  readonly dist: ArrayLike<number>;
  /** Seconds, row-major `from * size + to`. */
  readonly dur: ArrayLike<number>;
  readonly depot: number;
  readonly disposal: number;
  /** Seconds spent unloading at the disposal site. */
  readonly disposalServiceSec: number;
  /** Location index per binIdx. */
  readonly binLoc: Int32Array;
  /** Litres per binIdx. */
  readonly binLitres: Float64Array;
  /** Kilograms per binIdx. */
  readonly binKg: Float64Array;
  /** Service seconds per binIdx. */
  readonly binServiceSec: Float64Array;
  readonly capLitres: Float64Array;
  readonly capKg: Float64Array;
  /** Shift length in seconds per vehicleIdx (`shiftEndSec - shiftStartSec`). */
  readonly shiftLenSec: Float64Array;
  /** `compat[v * nBins + b] === 1` when vehicle v carries bin b's stream. */
  readonly compat: Uint8Array;
}

const isNonNegInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/**
 * Validates a problem and builds its dense {@link Instance}.
 * Checks: unique bin and vehicle ids, location indices inside the matrix, matrix lengths and
 * entries (finite non-negative integers), non-negative integer demands, service times and
 * capacities, known streams, `shiftEndSec >= shiftStartSec`.
 * @throws ProblemError listing every issue found.
 */
export function buildInstance(problem: Problem): Instance {
  const issues: ProblemIssue[] = [];
  const m = problem.matrix;
  const size = m.size;
  if (!isNonNegInt(size)) issues.push({ path: 'matrix.size', message: `must be a non-negative integer, got ${size}` });
  else {
    for (const key of ['distances', 'durations'] as const) {
      const arr = m[key];
      if (arr.length !== size * size) {
        issues.push({ path: `matrix.${key}`, message: `must have ${size * size} entries, has ${arr.length}` });
        continue;
      }
      let bad = 0;
      let first = -1;
      for (let i = 0; i < arr.length; i++) {
        if (!isNonNegInt(arr[i])) {
          bad++;
          if (first < 0) first = i;
        }
      }
      if (bad > 0)
        issues.push({
          path: `matrix.${key}[${first}]`,
          message: `${bad} entr${bad === 1 ? 'y is' : 'ies are'} not finite non-negative integers (first: ${arr[first]})`,
        });
    }
  }
  const checkLoc = (path: string, loc: number): void => {
    if (!Number.isInteger(loc) || loc < 0 || !(loc < size))
      issues.push({ path, message: `must be a location index in [0, ${size}), got ${loc}` });
  };
  checkLoc('depotLocIdx', problem.depotLocIdx);
  checkLoc('disposalLocIdx', problem.disposalLocIdx);
  if (!isNonNegInt(problem.disposalServiceSec))
    issues.push({ path: 'disposalServiceSec', message: `must be a non-negative integer, got ${problem.disposalServiceSec}` });

  const streamSet = new Set<string>(STREAMS);
  const binIds = new Set<string>();
  problem.bins.forEach((b, i) => {
    const p = `bins[${i}]`;
    if (binIds.has(b.binId)) issues.push({ path: `${p}.binId`, message: `duplicate binId "${b.binId}"` });
    binIds.add(b.binId);
    checkLoc(`${p}.locIdx`, b.locIdx);
    if (!streamSet.has(b.stream)) issues.push({ path: `${p}.stream`, message: `unknown stream "${b.stream}"` });
    for (const k of ['demandLitres', 'demandKg', 'serviceSec'] as const)
      if (!isNonNegInt(b[k])) issues.push({ path: `${p}.${k}`, message: `must be a non-negative integer, got ${b[k]}` });
  });
  const vehicleIds = new Set<string>();
  problem.vehicles.forEach((v, i) => {
    const p = `vehicles[${i}]`;
    if (vehicleIds.has(v.vehicleId)) issues.push({ path: `${p}.vehicleId`, message: `duplicate vehicleId "${v.vehicleId}"` });
    vehicleIds.add(v.vehicleId);
    for (const k of ['capacityLitres', 'capacityKg', 'shiftStartSec', 'shiftEndSec'] as const)
      if (!isNonNegInt(v[k])) issues.push({ path: `${p}.${k}`, message: `must be a non-negative integer, got ${v[k]}` });
    if (v.shiftEndSec < v.shiftStartSec)
      issues.push({ path: `${p}.shiftEndSec`, message: `must be >= shiftStartSec (${v.shiftStartSec}), got ${v.shiftEndSec}` });
    v.streams.forEach((s, j) => {
      if (!streamSet.has(s)) issues.push({ path: `${p}.streams[${j}]`, message: `unknown stream "${s}"` });
    });
  });
  if (issues.length > 0) throw new ProblemError(issues);

  const nBins = problem.bins.length;
  const nVehicles = problem.vehicles.length;
  const compat = new Uint8Array(nVehicles * nBins);
  problem.vehicles.forEach((v, vi) => {
    const s = new Set<Stream>(v.streams);
    problem.bins.forEach((b, bi) => {
      if (s.has(b.stream)) compat[vi * nBins + bi] = 1;
    });
  });
  return {
    problem,
    nBins,
    nVehicles,
    size,
    dist: m.distances,
    dur: m.durations,
    depot: problem.depotLocIdx,
    disposal: problem.disposalLocIdx,
    disposalServiceSec: problem.disposalServiceSec,
    binLoc: Int32Array.from(problem.bins, (b) => b.locIdx),
    binLitres: Float64Array.from(problem.bins, (b) => b.demandLitres),
    binKg: Float64Array.from(problem.bins, (b) => b.demandKg),
    binServiceSec: Float64Array.from(problem.bins, (b) => b.serviceSec),
    capLitres: Float64Array.from(problem.vehicles, (v) => v.capacityLitres),
    capKg: Float64Array.from(problem.vehicles, (v) => v.capacityKg),
    shiftLenSec: Float64Array.from(problem.vehicles, (v) => v.shiftEndSec - v.shiftStartSec),
    compat,
  };
}
