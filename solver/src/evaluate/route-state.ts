import type { Instance } from '../model/instance.js';
import { invariant } from '../model/errors.js';
import { evaluateRoute, tripCost, tripStartLoc } from './trip-cost.js';
import type { Cost, Delta } from './cost.js';

/**
 * Replacement of some trips of one vehicle's day: `replace` maps a trip index to its new bins
 * (an empty array removes the trip), `remove` drops whole trips, `append` adds trips at the end of the day.
 */
export interface RouteChange {
  readonly v: number;
  readonly replace?: ReadonlyMap<number, readonly number[]>;
  readonly remove?: readonly number[];
  readonly append?: readonly (readonly number[])[];
}

/**
 * Mutable solution used by construction and local search: per vehicle a list of trips
 * (arrays of binIdx, each ending at the disposal site), cached per-trip and per-route
 * distance/duration/load, and each bin's position (vehicle, trip, index) or -1 when unassigned.
 * Never holds empty trips.
 */
export class RouteState {
  readonly inst: Instance;
  /** `trips[v][t][i]` = binIdx. */
  readonly trips: number[][][];
  readonly tripDist: number[][];
  readonly tripDur: number[][];
  readonly tripLitres: number[][];
  readonly tripKg: number[][];
  readonly routeDist: number[];
  readonly routeDur: number[];
  readonly binVeh: Int32Array;
  readonly binTrip: Int32Array;
  readonly binPos: Int32Array;
  /** Unassigned binIdx, insertion-ordered (deterministic). */
  readonly unassigned: Set<number>;

  /** Builds an empty state: every bin unassigned, every vehicle idle. */
  constructor(inst: Instance) {
    this.inst = inst;
    const nv = inst.nVehicles;
    this.trips = Array.from({ length: nv }, () => []);
    this.tripDist = Array.from({ length: nv }, () => []);
    this.tripDur = Array.from({ length: nv }, () => []);
    this.tripLitres = Array.from({ length: nv }, () => []);
    this.tripKg = Array.from({ length: nv }, () => []);
    this.routeDist = new Array<number>(nv).fill(0);
    this.routeDur = new Array<number>(nv).fill(0);
    this.binVeh = new Int32Array(inst.nBins).fill(-1);
    this.binTrip = new Int32Array(inst.nBins).fill(-1);
    this.binPos = new Int32Array(inst.nBins).fill(-1);
    this.unassigned = new Set<number>(Array.from({ length: inst.nBins }, (_, i) => i));
  }

  /** Deep copy. */
  clone(): RouteState {
    const c = new RouteState(this.inst);
    c.unassigned.clear();
    for (const b of this.unassigned) c.unassigned.add(b);
    for (let v = 0; v < this.inst.nVehicles; v++) c.setRoute(v, (this.trips[v] ?? []).map((t) => t.slice()));
    return c;
  }

  /** Current lexicographic cost (unassigned count, metres, seconds). */
  cost(): Cost {
    let distanceM = 0;
    let durationSec = 0;
    for (let v = 0; v < this.inst.nVehicles; v++) {
      distanceM += this.routeDist[v] as number;
      durationSec += this.routeDur[v] as number;
    }
    return { unassigned: this.unassigned.size, distanceM, durationSec };
  }

  /**
   * Replaces vehicle `v`'s whole day (empty trips dropped) and refreshes caches and positions.
   * Bins leaving the route are not marked unassigned here; callers keep conservation.
   */
  setRoute(v: number, trips: number[][]): void {
    const inst = this.inst;
    const kept = trips.filter((t) => t.length > 0);
    this.trips[v] = kept;
    const td: number[] = [];
    const tu: number[] = [];
    const tl: number[] = [];
    const tk: number[] = [];
    let dist = 0;
    let dur = 0;
    kept.forEach((trip, t) => {
      const c = tripCost(inst, tripStartLoc(inst, t), trip);
      td.push(c.distanceM);
      tu.push(c.durationSec);
      tl.push(c.litres);
      tk.push(c.kg);
      dist += c.distanceM;
      dur += c.durationSec;
      trip.forEach((b, i) => {
        this.binVeh[b] = v;
        this.binTrip[b] = t;
        this.binPos[b] = i;
        this.unassigned.delete(b);
      });
    });
    if (kept.length > 0) {
      dist += inst.dist[inst.disposal * inst.size + inst.depot] as number;
      dur += inst.dur[inst.disposal * inst.size + inst.depot] as number;
    }
    this.tripDist[v] = td;
    this.tripDur[v] = tu;
    this.tripLitres[v] = tl;
    this.tripKg[v] = tk;
    this.routeDist[v] = dist;
    this.routeDur[v] = dur;
  }

  /** Trips of vehicle `v` (read-only view). */
  route(v: number): readonly (readonly number[])[] {
    const r = this.trips[v];
    invariant(r !== undefined, `no vehicle ${v}`);
    return r;
  }

  /** Trip `t` of vehicle `v`. */
  trip(v: number, t: number): readonly number[] {
    const tr = this.route(v)[t];
    invariant(tr !== undefined, `no trip ${t} on vehicle ${v}`);
    return tr;
  }

  private newTrips(ch: RouteChange): number[][] {
    const old = this.route(ch.v);
    const removed = new Set(ch.remove ?? []);
    const out: number[][] = [];
    old.forEach((trip, t) => {
      if (removed.has(t)) return;
      const r = ch.replace?.get(t);
      out.push((r ?? trip).slice());
    });
    for (const a of ch.append ?? []) out.push(a.slice());
    return out;
  }

  /**
   * Delta of applying `changes` (at most one per vehicle), or `null` when the result breaks
   * capacity, shift length or stream compatibility. Does not mutate. O(length of the changed trips)
   * unless a trip is removed or emptied, in which case that vehicle is re-evaluated from scratch.
   */
  evaluateChanges(changes: readonly RouteChange[]): Delta | null {
    const inst = this.inst;
    let dDist = 0;
    let dDur = 0;
    for (const ch of changes) {
      const v = ch.v;
      const old = this.route(v);
      let emptied = (ch.remove?.length ?? 0) > 0;
      if (ch.replace) for (const bins of ch.replace.values()) if (bins.length === 0) emptied = true;
      let newDist: number;
      let newDur: number;
      if (emptied) {
        const r = evaluateRoute(inst, v, this.newTrips(ch));
        if (!r.capacityOk || !r.streamsOk) return null;
        newDist = r.distanceM;
        newDur = r.durationSec;
      } else {
        newDist = this.routeDist[v] as number;
        newDur = this.routeDur[v] as number;
        const check = (t: number, bins: readonly number[]): boolean => {
          const c = tripCost(inst, tripStartLoc(inst, t), bins);
          if (c.litres > (inst.capLitres[v] as number) || c.kg > (inst.capKg[v] as number)) return false;
          for (const b of bins) if (inst.compat[v * inst.nBins + b] !== 1) return false;
          newDist += c.distanceM;
          newDur += c.durationSec;
          return true;
        };
        if (ch.replace)
          for (const [t, bins] of ch.replace) {
            newDist -= this.tripDist[v]?.[t] as number;
            newDur -= this.tripDur[v]?.[t] as number;
            if (!check(t, bins)) return null;
          }
        let t = old.length;
        for (const a of ch.append ?? []) {
          if (a.length === 0) continue;
          if (t === 0) {
            newDist += inst.dist[inst.disposal * inst.size + inst.depot] as number;
            newDur += inst.dur[inst.disposal * inst.size + inst.depot] as number;
          }
          if (!check(t, a)) return null;
          t++;
        }
      }
      if (newDur > (inst.shiftLenSec[v] as number)) return null;
      dDist += newDist - (this.routeDist[v] as number);
      dDur += newDur - (this.routeDur[v] as number);
    }
    return { distanceM: dDist, durationSec: dDur };
  }

  /** Applies `changes` (feasibility is the caller's business; see {@link evaluateChanges}). */
  applyChanges(changes: readonly RouteChange[]): void {
    const next = changes.map((ch) => [ch.v, this.newTrips(ch)] as const);
    for (const [v, trips] of next) this.setRoute(v, trips);
  }
}
