/**
 * Inputs of the rolling-horizon planner that do not depend on where the distances come from,
 * shared by the server's horizon service and the simulator's horizon strategy: the areas' home
 * weekdays and the fleet's vehicle types.
 */
import type { Stream } from '../model/types.js';
import type { HorizonVehicleType } from './plan-horizon.js';

/** An area as the home-weekday cut needs it: its longitude and how many bins it holds. */
export interface AreaSpread {
  readonly areaId: string;
  readonly lng: number;
  readonly bins: number;
}

/**
 * Home weekday of each area, as weekly sectors: areas sorted west to east (ties in the given
 * order) and cut into one group per weekday by bin count; an area goes to the weekday its middle
 * bin falls in. Keeping neighbouring areas on the same day keeps each day's rounds compact.
 */
export function homeWeekdaysWestToEast(areas: readonly AreaSpread[], weekdays: readonly number[]): Map<string, number> {
  const days = [...weekdays].sort((a, b) => a - b);
  const order = [...areas].sort((a, b) => a.lng - b.lng);
  const total = order.reduce((n, a) => n + a.bins, 0);
  const home = new Map<string, number>();
  let seen = 0;
  for (const a of order) {
    home.set(a.areaId, days[Math.min(days.length - 1, Math.floor(((seen + a.bins / 2) / total) * days.length))]!);
    seen += a.bins;
  }
  return home;
}

/**
 * Vehicle types of a fleet: vehicles grouped by the set of streams they carry (type id: the
 * sorted streams joined by `+`), with their count and the longest shift, hours.
 */
export function vehicleTypesByStreams(vehicles: readonly { readonly streams: readonly Stream[]; readonly shiftHours: number }[]): HorizonVehicleType[] {
  const types = new Map<string, { typeId: string; streams: Stream[]; count: number; shiftHours: number }>();
  for (const v of vehicles) {
    const typeId = [...v.streams].sort().join('+');
    const t = types.get(typeId) ?? { typeId, streams: [...v.streams], count: 0, shiftHours: 0 };
    t.count++;
    t.shiftHours = Math.max(t.shiftHours, v.shiftHours);
    types.set(typeId, t);
  }
  return [...types.values()];
}
