import type { Delta } from '../../evaluate/cost.js';
import type { RouteState } from '../../evaluate/route-state.js';
import { toRouteChanges } from '../route-edits.js';
import type { TripEdit } from '../route-edits.js';

/**
 * 2-opt* move between two different trips A = (v1, t1) and B = (v2, t2): A keeps its first `i`
 * bins and takes B's tail from index `j`; B keeps its first `j` bins and takes A's tail from `i`.
 */
export interface TwoOptStarMove {
  readonly v1: number;
  readonly t1: number;
  readonly i: number;
  readonly v2: number;
  readonly t2: number;
  readonly j: number;
}

function edits(st: RouteState, m: TwoOptStarMove): TripEdit[] | null {
  if (m.v1 === m.v2 && m.t1 === m.t2) return null;
  const a = st.trip(m.v1, m.t1);
  const b = st.trip(m.v2, m.t2);
  if (m.i < 0 || m.i > a.length || m.j < 0 || m.j > b.length) return null;
  return [
    [m.v1, m.t1, [...a.slice(0, m.i), ...b.slice(m.j)]],
    [m.v2, m.t2, [...b.slice(0, m.j), ...a.slice(m.i)]],
  ];
}

/**
 * 2-opt* (Potvin & Rousseau 1995; a.k.a. SwapTails in PyVRP): exchanges the tails of two trips,
 * which both end at the disposal site, so the result is two valid trips (possibly one empty,
 * which then disappears). Works across vehicles and between trips of one vehicle.
 * `evaluate` returns the delta (metres, seconds) or `null` when infeasible, never mutating;
 * `apply` performs the move.
 */
export const TwoOptStar = {
  /** Delta of the move, or `null`. O(length of the two trips). */
  evaluate(st: RouteState, m: TwoOptStarMove): Delta | null {
    const e = edits(st, m);
    return e ? st.evaluateChanges(toRouteChanges(e)) : null;
  },
  /** Applies the move (no-op on bad indices). */
  apply(st: RouteState, m: TwoOptStarMove): void {
    const e = edits(st, m);
    if (e) st.applyChanges(toRouteChanges(e));
  },
};
