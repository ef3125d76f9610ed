import type { Instance } from '../model/instance.js';
import type {
  Kilograms,
  Litres,
  Metres,
  Plan,
  PlanRoute,
  PlanStep,
  Seconds,
  StepKind,
  Unassigned,
} from '../model/types.js';

/**
 * Turns per-vehicle trips (binIdx lists) into a {@link Plan} that reports external ids only.
 * Each used vehicle gets `start` (depot, at `shiftStartSec`), its bins, a `disposal` step after
 * every trip, then `end` (depot). Clock times in seconds since midnight, no waiting; loads in
 * litres and kg after each step; metres from the previous step. Vehicles without bins are omitted.
 * Pure; O(total route length).
 */
export function toPlan(inst: Instance, trips: readonly (readonly (readonly number[])[])[], unassigned: readonly Unassigned[]): Plan {
  const { problem } = inst;
  const n = inst.size;
  const routes: PlanRoute[] = [];
  let totalDistanceM = 0;
  let totalDurationSec = 0;
  trips.forEach((vehicleTrips, v) => {
    const vehicle = problem.vehicles[v];
    if (!vehicle || vehicleTrips.every((t) => t.length === 0)) return;
    const steps: PlanStep[] = [];
    let clock = vehicle.shiftStartSec as number;
    let loc = inst.depot;
    let litres = 0;
    let kg = 0;
    let distanceM = 0;
    const push = (kind: StepKind, to: number, serviceSec: number, binId?: string): void => {
      const d = inst.dist[loc * n + to] as number;
      const arrival = clock + (inst.dur[loc * n + to] as number);
      clock = arrival + serviceSec;
      distanceM += d;
      loc = to;
      steps.push({
        kind,
        ...(binId === undefined ? {} : { binId }),
        locIdx: to,
        arrivalSec: arrival as Seconds,
        departureSec: clock as Seconds,
        loadAfterLitres: litres as Litres,
        loadAfterKg: kg as Kilograms,
        distanceFromPrevM: d as Metres,
      });
    };
    push('start', inst.depot, 0);
    for (const trip of vehicleTrips) {
      if (trip.length === 0) continue;
      for (const b of trip) {
        const bin = problem.bins[b];
        if (!bin) continue;
        litres += bin.demandLitres;
        kg += bin.demandKg;
        push('bin', bin.locIdx, bin.serviceSec, bin.binId);
      }
      litres = 0;
      kg = 0;
      push('disposal', inst.disposal, inst.disposalServiceSec);
    }
    push('end', inst.depot, 0);
    const durationSec = clock - vehicle.shiftStartSec;
    routes.push({
      vehicleId: vehicle.vehicleId,
      steps,
      distanceM: distanceM as Metres,
      durationSec: durationSec as Seconds,
    });
    totalDistanceM += distanceM;
    totalDurationSec += durationSec;
  });
  return {
    routes,
    unassigned,
    totalDistanceM: totalDistanceM as Metres,
    totalDurationSec: totalDurationSec as Seconds,
  };
}
