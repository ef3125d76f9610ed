import type { Delta } from '../../evaluate/cost.js';
import type { RouteState } from '../../evaluate/route-state.js';
import { toRouteChanges } from '../route-edits.js';
import type { TripEdit } from '../route-edits.js';

/** Swap move: bins `a` and `b` (both routed, distinct) exchange places. */
export interface SwapMove {
  readonly a: number;
  readonly b: number;
}

function edits(st: RouteState, m: SwapMove): TripEdit[] {
  const va = st.binVeh[m.a] as number;
  const ta = st.binTrip[m.a] as number;
  const pa = st.binPos[m.a] as number;
  const vb = st.binVeh[m.b] as number;
  const tb = st.binTrip[m.b] as number;
  const pb = st.binPos[m.b] as number;
  if (va === vb && ta === tb) {
    const t = st.trip(va, ta).slice();
    t[pa] = m.b;
    t[pb] = m.a;
    return [[va, ta, t]];
  }
  const x = st.trip(va, ta).slice();
  const y = st.trip(vb, tb).slice();
  x[pa] = m.b;
  y[pb] = m.a;
  return [
    [va, ta, x],
    [vb, tb, y],
  ];
}

/**
 * Swap (a.k.a. exchange, 1-1 interchange; Osman 1993 λ-interchange with λ = 1): two bins trade
 * places, within a trip or across trips and vehicles.
 * `evaluate` returns the delta (metres, seconds) or `null` when infeasible, without mutating;
 * `apply` performs the move.
 */
export const Swap = {
  /** Delta of the move, or `null` if it breaks a constraint. O(length of the two trips). */
  evaluate(st: RouteState, m: SwapMove): Delta | null {
    return st.evaluateChanges(toRouteChanges(edits(st, m)));
  },
  /** Applies the move. */
  apply(st: RouteState, m: SwapMove): void {
    st.applyChanges(toRouteChanges(edits(st, m)));
  },
};
