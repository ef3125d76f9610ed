import type { Delta } from '../../evaluate/cost.js';
import type { RouteState } from '../../evaluate/route-state.js';
import { toRouteChanges } from '../route-edits.js';
import type { TripEdit } from '../route-edits.js';

/**
 * Relocate move: take `bin` out of its trip and insert it at index `toPos` of trip `toTrip` of
 * vehicle `toVeh`, where `toPos` counts positions in the target trip after `bin` has been removed.
 */
export interface RelocateMove {
  readonly bin: number;
  readonly toVeh: number;
  readonly toTrip: number;
  readonly toPos: number;
}

function edits(st: RouteState, m: RelocateMove): TripEdit[] {
  const v0 = st.binVeh[m.bin] as number;
  const t0 = st.binTrip[m.bin] as number;
  const p0 = st.binPos[m.bin] as number;
  const src = st.trip(v0, t0).slice();
  src.splice(p0, 1);
  if (v0 === m.toVeh && t0 === m.toTrip) {
    src.splice(m.toPos, 0, m.bin);
    return [[v0, t0, src]];
  }
  const dst = st.trip(m.toVeh, m.toTrip).slice();
  dst.splice(m.toPos, 0, m.bin);
  return [
    [v0, t0, src],
    [m.toVeh, m.toTrip, dst],
  ];
}

/**
 * Relocate (Savelsbergh 1992, "relocate"; a.k.a. node insertion / 1-0 exchange): moves one bin
 * to another place in the same trip, another trip of the same vehicle, or another vehicle.
 * PyVRP-style operator: `evaluate` returns the delta (metres, seconds) or `null` when infeasible
 * (capacity, shift, stream) and never mutates; `apply` performs the move.
 */
export const Relocate = {
  /** Delta of the move, or `null` if it breaks a constraint. O(length of the two trips). */
  evaluate(st: RouteState, m: RelocateMove): Delta | null {
    return st.evaluateChanges(toRouteChanges(edits(st, m)));
  },
  /** Applies the move (call only when `evaluate` returned non-null). */
  apply(st: RouteState, m: RelocateMove): void {
    st.applyChanges(toRouteChanges(edits(st, m)));
  },
};
