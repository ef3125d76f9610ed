import type { RouteState } from '../evaluate/route-state.js';
import { tripStartLoc } from '../evaluate/trip-cost.js';

/**
 * Cheapest feasible place for a bin: trip `t` of vehicle `v` at index `pos`, or a new trip at the end
 * of `v`'s day when `t === trips[v].length`. Delta in metres and seconds.
 */
export interface Insertion {
  readonly v: number;
  readonly t: number;
  readonly pos: number;
  readonly distanceM: number;
  readonly durationSec: number;
}

/**
 * Finds the cheapest feasible insertion of unrouted bin `b` (least added metres, then seconds,
 * then lowest vehicle, trip, position) over every compatible vehicle, trip and position, plus a
 * new trip at the end of each day. Respects capacity per trip and shift length.
 * Returns `null` when no vehicle has room. O(total route length); does not mutate.
 */
export function bestInsertion(st: RouteState, b: number): Insertion | null {
  const inst = st.inst;
  const n = inst.size;
  const D = inst.dist;
  const T = inst.dur;
  const loc = inst.binLoc[b] as number;
  const svc = inst.binServiceSec[b] as number;
  const litres = inst.binLitres[b] as number;
  const kg = inst.binKg[b] as number;
  let best: Insertion | null = null;
  const consider = (v: number, t: number, pos: number, dd: number, du: number): void => {
    if ((st.routeDur[v] as number) + du > (inst.shiftLenSec[v] as number)) return;
    if (best === null || dd < best.distanceM || (dd === best.distanceM && du < best.durationSec))
      best = { v, t, pos, distanceM: dd, durationSec: du };
  };
  for (let v = 0; v < inst.nVehicles; v++) {
    if (inst.compat[v * inst.nBins + b] !== 1) continue;
    const capL = inst.capLitres[v] as number;
    const capKg = inst.capKg[v] as number;
    if (litres > capL || kg > capKg) continue;
    const trips = st.route(v);
    trips.forEach((trip, t) => {
      if ((st.tripLitres[v]?.[t] as number) + litres > capL || (st.tripKg[v]?.[t] as number) + kg > capKg) return;
      let prev = tripStartLoc(inst, t);
      for (let pos = 0; pos <= trip.length; pos++) {
        const next = pos < trip.length ? (inst.binLoc[trip[pos] as number] as number) : inst.disposal;
        const dd = (D[prev * n + loc] as number) + (D[loc * n + next] as number) - (D[prev * n + next] as number);
        const du = (T[prev * n + loc] as number) + svc + (T[loc * n + next] as number) - (T[prev * n + next] as number);
        consider(v, t, pos, dd, du);
        prev = next;
      }
    });
    const start = trips.length === 0 ? inst.depot : inst.disposal;
    let dd = (D[start * n + loc] as number) + (D[loc * n + inst.disposal] as number);
    let du = (T[start * n + loc] as number) + svc + (T[loc * n + inst.disposal] as number) + inst.disposalServiceSec;
    if (trips.length === 0) {
      dd += D[inst.disposal * n + inst.depot] as number;
      du += T[inst.disposal * n + inst.depot] as number;
    }
    consider(v, trips.length, 0, dd, du);
  }
  return best;
}

/**
 * Sequential cheapest insertion (Rosenkrantz, Stearns & Lewis 1977; the parallel-route insertion
 * family of Solomon 1987 without time windows): inserts `bins` one by one, in the given order,
 * each at its cheapest feasible place (see {@link bestInsertion}), opening a new disposal trip
 * when no existing trip has capacity. Mutates `st`; returns the bins that fit nowhere (still
 * unassigned). O(bins × total route length).
 */
export function cheapestInsertion(st: RouteState, bins: readonly number[]): number[] {
  const left: number[] = [];
  for (const b of bins) {
    const ins = bestInsertion(st, b);
    if (!ins) {
      left.push(b);
      continue;
    }
    const trips = st.route(ins.v).map((t) => t.slice());
    const target = trips[ins.t];
    if (target) target.splice(ins.pos, 0, b);
    else trips.push([b]);
    st.setRoute(ins.v, trips);
  }
  return left;
}

/**
 * Construction order for {@link cheapestInsertion}: farthest bins first (round trip from the
 * depot, metres), ties by binIdx, so that remote bins seed trips and near ones fill them.
 */
export function farthestFirst(st: RouteState, bins: readonly number[]): number[] {
  const inst = st.inst;
  const n = inst.size;
  const key = (b: number): number => {
    const loc = inst.binLoc[b] as number;
    return (inst.dist[inst.depot * n + loc] as number) + (inst.dist[loc * n + inst.depot] as number);
  };
  return [...bins].sort((a, b) => key(b) - key(a) || a - b);
}
