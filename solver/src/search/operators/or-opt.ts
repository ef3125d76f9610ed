import type { Delta } from '../../evaluate/cost.js';
import type { RouteState } from '../../evaluate/route-state.js';
import { toRouteChanges } from '../route-edits.js';
import type { TripEdit } from '../route-edits.js';

/**
 * Or-opt move: the segment of `length` consecutive bins starting at `bin` (in its trip's order)
 * moves, in the same orientation, to index `toPos` of trip `toTrip` of vehicle `toVeh`, where
 * `toPos` counts positions after the segment has been removed.
 */
export interface OrOptMove {
  readonly bin: number;
  readonly length: number;
  readonly toVeh: number;
  readonly toTrip: number;
  readonly toPos: number;
}

function edits(st: RouteState, m: OrOptMove): TripEdit[] | null {
  const v0 = st.binVeh[m.bin] as number;
  const t0 = st.binTrip[m.bin] as number;
  const p0 = st.binPos[m.bin] as number;
  const src = st.trip(v0, t0).slice();
  if (p0 + m.length > src.length) return null;
  const seg = src.splice(p0, m.length);
  if (v0 === m.toVeh && t0 === m.toTrip) {
    if (m.toPos > src.length) return null;
    src.splice(m.toPos, 0, ...seg);
    return [[v0, t0, src]];
  }
  const dst = st.trip(m.toVeh, m.toTrip).slice();
  if (m.toPos > dst.length) return null;
  dst.splice(m.toPos, 0, ...seg);
  return [
    [v0, t0, src],
    [m.toVeh, m.toTrip, dst],
  ];
}

/**
 * Or-opt (Or 1976): moves a segment of 2–3 consecutive bins elsewhere in the same trip or into
 * another trip or vehicle, keeping its orientation.
 * `evaluate` returns the delta (metres, seconds), or `null` when infeasible or when the segment
 * runs past the end of its trip; it never mutates. `apply` performs the move.
 */
export const OrOpt = {
  /** Delta of the move, or `null`. O(length of the two trips). */
  evaluate(st: RouteState, m: OrOptMove): Delta | null {
    const e = edits(st, m);
    return e ? st.evaluateChanges(toRouteChanges(e)) : null;
  },
  /** Applies the move (no-op when the segment is out of range). */
  apply(st: RouteState, m: OrOptMove): void {
    const e = edits(st, m);
    if (e) st.applyChanges(toRouteChanges(e));
  },
};
