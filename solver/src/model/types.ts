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
