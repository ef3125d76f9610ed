/**
 * Penalised cost units of the engine. Distances are multiplied by {@link COST_SCALE} so that the
 * integer penalty factors (per unit of excess load, per unit of time warp) have a resolution of
 * 1/COST_SCALE of a distance unit; every cost the search compares is then an exact integer.
 */
export const COST_SCALE = 100;

/** Current penalty factors, in cost units per unit of excess load / time warp. */
export interface Penalties {
  capacity: number;
  timeWarp: number;
}

/** Penalised cost of a route or solution from its totals (exact integer). */
export function penalisedCost(distance: number, excessLoad: number, timeWarp: number, p: Penalties): number {
  return COST_SCALE * distance + p.capacity * excessLoad + p.timeWarp * timeWarp;
}
