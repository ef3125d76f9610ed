/**
 * The pieces of a simulated world both the simulator (`scripts/simulate.ts`) and the sample's past
 * plans (`scripts/build-sample-plans.ts`) build from the sample city: the road matrix of depot,
 * disposal site and bins, and the fleet's vehicles.
 */
import { snapPoints, travelMatrix, type buildRoadNetwork, type LngLat, type Seconds, type Stream } from '../../solver/src/index.js';

type RoadNetwork = ReturnType<typeof buildRoadNetwork>;
import type { SimVehicle, SimWorld } from './simulate-core.js';

/** Farthest a bin may lie from its street, metres. */
export const MAX_SNAP_M = 150;

/** `HH:MM` as seconds after midnight. */
export function hhmm(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60;
}

/**
 * The travel matrix of depot (index 0), disposal site (1) and `bins` (2...). A bin that does not
 * snap, or that the network cannot reach, is placed at the depot and listed in `unreachableBins`
 * (bin indexes), never routed.
 * @throws when the depot is off the network or a site cannot be reached (`label` names the world).
 */
export function worldMatrix(net: RoadNetwork, depot: LngLat, disposal: LngLat, bins: readonly { lng: number; lat: number }[], label: string): Pick<SimWorld, 'matrix' | 'unreachableBins'> {
  const points: LngLat[] = [depot, disposal, ...bins.map((b): LngLat => [b.lng, b.lat])];
  const snaps = snapPoints(net, points, MAX_SNAP_M);
  const depotSnap = snaps[0];
  if (!depotSnap?.ok) throw new Error(`${label}: the depot is off the road network`);
  const unreachableBins = new Set<number>();
  const usable = snaps.map((s, k) => {
    if (s.ok) return s.snap;
    if (k >= 2) unreachableBins.add(k - 2);
    return depotSnap.snap;
  });
  const { matrix, unreachable } = travelMatrix(net, usable, 0);
  for (const u of unreachable) {
    if (u.index < 2) throw new Error(`${label}: site ${u.index} is not connected to the network: ${u.reason}`);
    unreachableBins.add(u.index - 2);
  }
  return { matrix, unreachableBins };
}

/** A fleet.json vehicle. */
export interface FleetEntry {
  vehicleId: string;
  streams: Stream[];
  capacityLitres: number;
  capacityKg: number;
  shiftStart: string;
  shiftEnd: string;
  co2KgPerKm: number;
}

/** fleet.json's vehicles as the simulator's. */
export function simVehicles(fleet: readonly FleetEntry[]): SimVehicle[] {
  return fleet.map((v) => ({
    vehicleId: v.vehicleId,
    capacityLitres: v.capacityLitres as SimVehicle['capacityLitres'],
    capacityKg: v.capacityKg as SimVehicle['capacityKg'],
    streams: v.streams,
    shiftStartSec: hhmm(v.shiftStart) as Seconds,
    shiftEndSec: hhmm(v.shiftEnd) as Seconds,
    co2KgPerKm: v.co2KgPerKm,
  }));
}
