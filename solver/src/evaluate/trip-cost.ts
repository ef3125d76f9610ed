import type { Instance } from '../model/instance.js';

/** Distance, duration and load of one trip (bins then the disposal site), from scratch. */
export interface TripCost {
  /** Metres from the trip's start location through every bin to the disposal site. */
  readonly distanceM: number;
  /** Seconds: travel + bin service + disposal unloading. */
  readonly durationSec: number;
  readonly litres: number;
  readonly kg: number;
}

/**
 * Evaluates one trip from scratch: `startLoc → bins… → disposal` plus service times.
 * A route's first trip starts at the depot, later ones at the disposal site.
 * O(trip length). Units: metres, seconds, litres, kilograms (integers).
 */
export function tripCost(inst: Instance, startLoc: number, trip: readonly number[]): TripCost {
  const n = inst.size;
  let prev = startLoc;
  let distanceM = 0;
  let durationSec = inst.disposalServiceSec;
  let litres = 0;
  let kg = 0;
  for (const b of trip) {
    const loc = inst.binLoc[b] as number;
    distanceM += inst.dist[prev * n + loc] as number;
    durationSec += (inst.dur[prev * n + loc] as number) + (inst.binServiceSec[b] as number);
    litres += inst.binLitres[b] as number;
    kg += inst.binKg[b] as number;
    prev = loc;
  }
  distanceM += inst.dist[prev * n + inst.disposal] as number;
  durationSec += inst.dur[prev * n + inst.disposal] as number;
  return { distanceM, durationSec, litres, kg };
}

/** Start location of trip `t` of a route: the depot for the first trip, else the disposal site. */
export function tripStartLoc(inst: Instance, t: number): number {
  return t === 0 ? inst.depot : inst.disposal;
}

/** Distance, duration and feasibility of a whole vehicle day, from scratch. */
export interface RouteEval {
  /** Metres: all trips plus disposal → depot (0 for an empty route). */
  readonly distanceM: number;
  /** Seconds from leaving the depot to coming back. */
  readonly durationSec: number;
  /** Every trip within the vehicle's litres and kg capacity. */
  readonly capacityOk: boolean;
  /** Duration within the vehicle's shift. */
  readonly shiftOk: boolean;
  /** Every bin's stream carried by the vehicle. */
  readonly streamsOk: boolean;
}

/**
 * Evaluates vehicle `v` doing `trips` (each a list of binIdx, each ending at disposal) from scratch.
 * Empty trips are skipped (they are never visited). O(route length).
 */
export function evaluateRoute(inst: Instance, v: number, trips: readonly (readonly number[])[]): RouteEval {
  let distanceM = 0;
  let durationSec = 0;
  let capacityOk = true;
  let streamsOk = true;
  let t = 0;
  for (const trip of trips) {
    if (trip.length === 0) continue;
    const c = tripCost(inst, tripStartLoc(inst, t), trip);
    distanceM += c.distanceM;
    durationSec += c.durationSec;
    if (c.litres > (inst.capLitres[v] as number) || c.kg > (inst.capKg[v] as number)) capacityOk = false;
    for (const b of trip) if (inst.compat[v * inst.nBins + b] !== 1) streamsOk = false;
    t++;
  }
  if (t > 0) {
    distanceM += inst.dist[inst.disposal * inst.size + inst.depot] as number;
    durationSec += inst.dur[inst.disposal * inst.size + inst.depot] as number;
  }
  return { distanceM, durationSec, capacityOk, shiftOk: durationSec <= (inst.shiftLenSec[v] as number), streamsOk };
}
