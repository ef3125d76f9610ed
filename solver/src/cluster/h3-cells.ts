/**
 * Bucketing of bins into H3 cells (for the map's cell layer and per-area statistics).
 */
import { cellOf } from '../geo/h3.js';
import type { LngLat } from '../model/types.js';

/**
 * H3 resolution used to group bins: 9.
 *
 * A resolution-9 cell averages about 0.105 km² (edge ≈ 200 m): a few city blocks, about ten
 * bins per cell in the Monaco sample, enough for a stable mean fill. Resolution 8
 * (≈ 0.74 km²) would put half of Monaco in one cell; resolution 10 (≈ 0.015 km²) leaves
 * 1–2 bins per cell, so the mean is just one bin's noise.
 */
export const H3_RESOLUTION = 9;

/** Anything with an id and a location. */
export interface Locatable {
  readonly binId: string;
  readonly lngLat: LngLat;
}

/**
 * Groups bins by the H3 cell that contains them. Every bin lands in exactly one cell
 * (the cells partition the bins); cells keep the bins' input order, and the map is ordered by
 * first appearance.
 * @param res H3 resolution, defaults to {@link H3_RESOLUTION}.
 * @returns cell index → ids of the bins inside it.
 */
export function h3Cells(bins: readonly Locatable[], res: number = H3_RESOLUTION): Map<string, string[]> {
  const cells = new Map<string, string[]>();
  for (const bin of bins) {
    const cell = cellOf(bin.lngLat, res);
    const list = cells.get(cell);
    if (list) list.push(bin.binId);
    else cells.set(cell, [bin.binId]);
  }
  return cells;
}
