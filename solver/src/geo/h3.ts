/**
 * H3 helpers. This is the ONLY module that imports h3-js: it converts our GeoJSON-order
 * `[lng, lat]` pairs to h3-js's `(lat, lng)` argument order and back.
 */
import { cellToBoundary, latLngToCell } from 'h3-js';
import type { LngLat } from '../model/types.js';

/**
 * The H3 cell (hex string index) containing a point at a resolution.
 * @param lngLat WGS84 degrees, `[lng, lat]`.
 * @param res H3 resolution 0..15.
 * @throws when the coordinates or resolution are invalid (h3-js error).
 */
export function cellOf(lngLat: LngLat, res: number): string {
  return latLngToCell(lngLat[1], lngLat[0], res);
}

/**
 * The boundary of an H3 cell as a closed ring in GeoJSON order (`[lng, lat]`, first point
 * repeated at the end), ready for a GeoJSON Polygon.
 * @throws when `cell` is not a valid H3 index.
 */
export function cellBoundary(cell: string): LngLat[] {
  // formatAsGeoJson=true returns [lng, lat] pairs and closes the loop.
  return cellToBoundary(cell, true).map(([lng, lat]) => [lng, lat] as const) as LngLat[];
}
