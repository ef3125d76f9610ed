import type { Delta } from '../../evaluate/cost.js';
import type { RouteState } from '../../evaluate/route-state.js';
import { toRouteChanges } from '../route-edits.js';

/** Trip-relocate move: trip `t` of vehicle `fromVeh` moves, whole, to the end of `toVeh`'s day. */
export interface TripRelocateMove {
  readonly fromVeh: number;
  readonly t: number;
  readonly toVeh: number;
}

function changes(st: RouteState, m: TripRelocateMove) {
  const bins = st.trip(m.fromVeh, m.t);
  return toRouteChanges([], [[m.toVeh, bins]], [[m.fromVeh, m.t]]);
}

/**
 * Trip relocation between vehicles (the multi-trip "trip move" of Taillard, Laporte & Gendreau
 * 1996, which packs trips into working days): balances shifts and frees time on a busy vehicle
 * so that unassigned bins fit. `evaluate` returns the delta (metres, seconds) or `null` when
 * the receiving vehicle cannot carry the trip (stream, capacity, shift), never mutating;
 * `apply` performs the move.
 */
export const TripRelocate = {
  /** Delta of the move, or `null`. O(length of both days). */
  evaluate(st: RouteState, m: TripRelocateMove): Delta | null {
    if (m.fromVeh === m.toVeh) return null;
    return st.evaluateChanges(changes(st, m));
  },
  /** Applies the move. */
  apply(st: RouteState, m: TripRelocateMove): void {
    if (m.fromVeh === m.toVeh) return;
    st.applyChanges(changes(st, m));
  },
};
