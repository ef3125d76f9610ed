import type { LngLat } from '../model/types.js';

/** Mean Earth radius used for every great-circle distance in the solver, metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * Great-circle distance between two raw coordinates (degrees), metres.
 * Number-only variant of {@link haversineM} for hot loops (no tuple allocation).
 */
export function haversineRawM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Great-circle (haversine) distance between two `[lng, lat]` points, metres.
 * Accurate to ~0.5 % (spherical Earth), plenty for street lengths.
 */
export function haversineM(a: LngLat, b: LngLat): number {
  return haversineRawM(a[0], a[1], b[0], b[1]);
}
