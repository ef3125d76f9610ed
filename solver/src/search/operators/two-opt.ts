import type { Delta } from '../../evaluate/cost.js';
import type { RouteState } from '../../evaluate/route-state.js';
import { toRouteChanges } from '../route-edits.js';
import type { TripEdit } from '../route-edits.js';

/** 2-opt move: reverse positions `i..j` (inclusive, `i < j`) of trip `t` of vehicle `v`. */
export interface TwoOptMove {
  readonly v: number;
  readonly t: number;
  readonly i: number;
  readonly j: number;
}

function edits(st: RouteState, m: TwoOptMove): TripEdit[] | null {
  const trip = st.trip(m.v, m.t).slice();
  if (!(m.i >= 0 && m.i < m.j && m.j < trip.length)) return null;
  const seg = trip.slice(m.i, m.j + 1).reverse();
  trip.splice(m.i, seg.length, ...seg);
  return [[m.v, m.t, trip]];
}

/**
 * Intra-trip 2-opt (Croes 1958): removes two edges of a trip and reconnects it by reversing the
 * segment between them. The matrix may be asymmetric, so the reversed segment is re-costed.
 * `evaluate` returns the delta (metres, seconds) or `null` (bad indices or shift exceeded),
 * never mutating; `apply` performs the move.
 */
export const TwoOpt = {
  /** Delta of the move, or `null`. O(trip length). */
  evaluate(st: RouteState, m: TwoOptMove): Delta | null {
    const e = edits(st, m);
    return e ? st.evaluateChanges(toRouteChanges(e)) : null;
  },
  /** Applies the move (no-op on bad indices). */
  apply(st: RouteState, m: TwoOptMove): void {
    const e = edits(st, m);
    if (e) st.applyChanges(toRouteChanges(e));
  },
};
