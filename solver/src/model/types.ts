/**
 * Domain types shared by every part of the solver.
 *
 * Units are always visible: quantities are branded integers converted once at the boundary
 * (see `units.ts`). External ids (`binId`, `vehicleId`) and dense internal indices (`binIdx`,
 * `locIdx`) are different names and never mixed.
 */

/** Whole metres. */
export type Metres = number & { readonly __unit: 'Metres' };
/** Whole seconds (durations, or seconds since the plan's reference midnight for clock times). */
export type Seconds = number & { readonly __unit: 'Seconds' };
/** Whole litres (loose waste volume). */
export type Litres = number & { readonly __unit: 'Litres' };
/** Whole kilograms. */
export type Kilograms = number & { readonly __unit: 'Kilograms' };

/** Waste streams collected by French collectivités (OMR, emballages, verre, papier, biodéchets). */
export const STREAMS = ['residual', 'packaging', 'glass', 'paper', 'biowaste'] as const;
export type Stream = (typeof STREAMS)[number];

/** A coordinate pair in GeoJSON order: longitude then latitude, WGS84 degrees. */
export type LngLat = readonly [number, number];

/**
 * Dense travel matrices between locations `0..size-1`, row-major: entry `from * size + to`.
 * `null` entries are not allowed: unreachable locations are removed before solving and
 * reported as unassigned with reason `unreachable`.
 */
export interface TravelMatrix {
  readonly size: number;
  /** Metres, row-major. */
  readonly distances: ArrayLike<number>;
  /** Seconds, row-major. */
  readonly durations: ArrayLike<number>;
}

/** One bin to collect in a routing problem. */
export interface ProblemBin {
  readonly binId: string;
  /** Index of the bin's (snapped) location in the matrix. */
  readonly locIdx: number;
  readonly stream: Stream;
  /** Loose volume to load, litres. */
  readonly demandLitres: Litres;
  /** Mass to load, kilograms. */
  readonly demandKg: Kilograms;
  /** Time spent at the stop (lift cycle, walking), seconds. */
  readonly serviceSec: Seconds;
}

/** One truck available for the day. */
export interface ProblemVehicle {
  readonly vehicleId: string;
  /** Loose litres the body takes after compaction (body volume x compaction ratio). */
  readonly capacityLitres: Litres;
  readonly capacityKg: Kilograms;
  /** Streams this truck may carry (any mix of them in one load). */
  readonly streams: readonly Stream[];
  /** Shift start and end, seconds since the plan's reference midnight. */
  readonly shiftStartSec: Seconds;
  readonly shiftEndSec: Seconds;
}

/**
 * A day's routing problem on a travel matrix.
 * Every vehicle starts and ends at `depotLocIdx`; it unloads at `disposalLocIdx`
 * (taking `disposalServiceSec`) whenever the next bin would not fit, and always before
 * returning to the depot, so it ends the day empty.
 */
export interface Problem {
  readonly matrix: TravelMatrix;
  readonly depotLocIdx: number;
  readonly disposalLocIdx: number;
  readonly disposalServiceSec: Seconds;
  readonly bins: readonly ProblemBin[];
  readonly vehicles: readonly ProblemVehicle[];
}

/** Reason codes for a bin that is not in any route. */
export const UNASSIGNED_REASONS = [
  'unreachable',
  'capacity',
  'no_compatible_vehicle',
  'shift_too_short',
] as const;
export type UnassignedReason = (typeof UNASSIGNED_REASONS)[number];

export interface Unassigned {
  readonly binId: string;
  readonly reason: UnassignedReason;
  /** Human-readable detail, e.g. "needs 1200 L, largest truck takes 900 L". */
  readonly detail: string;
}

export type StepKind = 'start' | 'bin' | 'disposal' | 'end';

/** One step of a vehicle's day, in order. */
export interface PlanStep {
  readonly kind: StepKind;
  /** Set when `kind === 'bin'`. */
  readonly binId?: string;
  readonly locIdx: number;
  /** Clock times, seconds since the reference midnight. */
  readonly arrivalSec: Seconds;
  readonly departureSec: Seconds;
  /** Load on board after the step. */
  readonly loadAfterLitres: Litres;
  readonly loadAfterKg: Kilograms;
  /** Metres driven from the previous step. */
  readonly distanceFromPrevM: Metres;
}

export interface PlanRoute {
  readonly vehicleId: string;
  readonly steps: readonly PlanStep[];
  /** Total metres driven. */
  readonly distanceM: Metres;
  /** Shift time used: from leaving the depot to coming back, seconds. */
  readonly durationSec: Seconds;
}

/** A solved day: routes (vehicles with no work are omitted) and unassigned bins. */
export interface Plan {
  readonly routes: readonly PlanRoute[];
  readonly unassigned: readonly Unassigned[];
  /** Sum of route distances. */
  readonly totalDistanceM: Metres;
  /** Sum of route durations. */
  readonly totalDurationSec: Seconds;
}

/** Options for a deterministic solver run. */
export interface SolveOptions {
  /** Seed of the solver's own RNG. */
  readonly seed: number;
  /** Local-search iteration budget (same seed + iterations => same plan). */
  readonly maxIterations: number;
  /** Called now and then with a fraction in [0, 1] and a short message. */
  readonly onProgress?: (fraction: number, message: string) => void;
}
