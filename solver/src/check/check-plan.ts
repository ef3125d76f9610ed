import { UNASSIGNED_REASONS } from '../model/types.js';
import type { Plan, Problem, ProblemBin, ProblemVehicle } from '../model/types.js';

/** Closed list of violation codes returned by {@link checkPlan}. */
export const VIOLATION_CODES = [
  'bin_missing',
  'bin_duplicated',
  'unknown_bin',
  'unknown_vehicle',
  'vehicle_used_twice',
  'wrong_stream',
  'capacity_exceeded_litres',
  'capacity_exceeded_kg',
  'shift_exceeded',
  'not_starting_at_depot',
  'not_ending_at_depot',
  'misplaced_step',
  'location_mismatch',
  'not_empty_at_end',
  'load_mismatch',
  'time_mismatch',
  'distance_mismatch',
  'unknown_reason',
] as const;
/** One of {@link VIOLATION_CODES}. */
export type ViolationCode = (typeof VIOLATION_CODES)[number];

/** One broken rule of a plan, with the vehicle and/or bin it concerns when there is one. */
export interface Violation {
  readonly code: ViolationCode;
  readonly message: string;
  readonly vehicleId?: string;
  readonly binId?: string;
}

/**
 * Independently checks a plan against its problem, recomputing everything from the matrix and the
 * problem (it shares no code with the solver's evaluation). Checks conservation (every problem bin
 * exactly once, in a route or in `unassigned`; no unknown ids), vehicles (known, used once),
 * streams, per-trip litres and kg capacity, shift window (`start` departure ≥ `shiftStartSec`,
 * `end` arrival ≤ `shiftEndSec`), step order (`start` at the depot first, `end` at the depot last,
 * disposal steps at the disposal site), empty at the end, loads after each step, clock times
 * (arrival = previous departure + travel seconds; departure = arrival + service seconds), step,
 * route and total distances (metres) and durations (seconds).
 *
 * Used by tests and as the server's post-condition before persisting. Pure.
 * @returns every violation found; an empty array means the plan is valid. Never throws on a bad
 *   plan (a matrix lookup outside the matrix is reported as `location_mismatch`).
 */
export function checkPlan(problem: Problem, plan: Plan): Violation[] {
  const out: Violation[] = [];
  const size = problem.matrix.size;
  const inMatrix = (loc: number): boolean => Number.isInteger(loc) && loc >= 0 && loc < size;
  const dist = (a: number, b: number): number => problem.matrix.distances[a * size + b] as number;
  const dur = (a: number, b: number): number => problem.matrix.durations[a * size + b] as number;

  const bins = new Map<string, ProblemBin>(problem.bins.map((b) => [b.binId, b]));
  const vehicles = new Map<string, ProblemVehicle>(problem.vehicles.map((v) => [v.vehicleId, v]));
  const seen = new Map<string, number>();
  const see = (binId: string, vehicleId?: string): void => {
    if (!bins.has(binId)) {
      out.push({ code: 'unknown_bin', message: `bin "${binId}" is not in the problem`, binId, ...(vehicleId ? { vehicleId } : {}) });
      return;
    }
    seen.set(binId, (seen.get(binId) ?? 0) + 1);
  };

  const usedVehicles = new Set<string>();
  let sumDist = 0;
  let sumDur = 0;
  for (const route of plan.routes) {
    const vehicleId = route.vehicleId;
    const vehicle = vehicles.get(vehicleId);
    if (!vehicle) out.push({ code: 'unknown_vehicle', message: `vehicle "${vehicleId}" is not in the problem`, vehicleId });
    if (usedVehicles.has(vehicleId))
      out.push({ code: 'vehicle_used_twice', message: `vehicle "${vehicleId}" has more than one route`, vehicleId });
    usedVehicles.add(vehicleId);

    const steps = route.steps;
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (!first || first.kind !== 'start' || first.locIdx !== problem.depotLocIdx)
      out.push({ code: 'not_starting_at_depot', message: `route of "${vehicleId}" does not begin with a start step at the depot (${problem.depotLocIdx})`, vehicleId });
    if (!last || steps.length < 2 || last.kind !== 'end' || last.locIdx !== problem.depotLocIdx)
      out.push({ code: 'not_ending_at_depot', message: `route of "${vehicleId}" does not finish with an end step at the depot (${problem.depotLocIdx})`, vehicleId });

    let litres = 0;
    let kg = 0;
    let routeDist = 0;
    let overL = false;
    let overKg = false;
    steps.forEach((step, i) => {
      const where = `step ${i} (${step.kind}) of "${vehicleId}"`;
      if ((step.kind === 'start' && i !== 0) || (step.kind === 'end' && i !== steps.length - 1))
        out.push({ code: 'misplaced_step', message: `${where} is not at the ${step.kind === 'start' ? 'beginning' : 'end'} of the route`, vehicleId });
      if (!inMatrix(step.locIdx)) {
        out.push({ code: 'location_mismatch', message: `${where} has location ${step.locIdx} outside the matrix (size ${size})`, vehicleId });
        return;
      }
      let serviceSec = 0;
      if (step.kind === 'bin') {
        const bin = step.binId === undefined ? undefined : bins.get(step.binId);
        if (step.binId === undefined) out.push({ code: 'unknown_bin', message: `${where} has no binId`, vehicleId });
        else see(step.binId, vehicleId);
        if (bin) {
          const binId = bin.binId;
          serviceSec = bin.serviceSec;
          if (step.locIdx !== bin.locIdx)
            out.push({ code: 'location_mismatch', message: `${where}: bin "${binId}" is at location ${bin.locIdx}, step says ${step.locIdx}`, vehicleId, binId });
          if (vehicle && !vehicle.streams.includes(bin.stream))
            out.push({ code: 'wrong_stream', message: `vehicle "${vehicleId}" carries ${vehicle.streams.join(', ') || 'nothing'}, not ${bin.stream} (bin "${binId}")`, vehicleId, binId });
          litres += bin.demandLitres;
          kg += bin.demandKg;
          if (vehicle && litres > vehicle.capacityLitres && !overL) {
            overL = true;
            out.push({ code: 'capacity_exceeded_litres', message: `load reaches ${litres} L at bin "${binId}", capacity is ${vehicle.capacityLitres} L`, vehicleId, binId });
          }
          if (vehicle && kg > vehicle.capacityKg && !overKg) {
            overKg = true;
            out.push({ code: 'capacity_exceeded_kg', message: `load reaches ${kg} kg at bin "${binId}", capacity is ${vehicle.capacityKg} kg`, vehicleId, binId });
          }
        }
      } else if (step.kind === 'disposal') {
        if (step.locIdx !== problem.disposalLocIdx)
          out.push({ code: 'location_mismatch', message: `${where} is at ${step.locIdx}, the disposal site is ${problem.disposalLocIdx}`, vehicleId });
        serviceSec = problem.disposalServiceSec;
        litres = 0;
        kg = 0;
        overL = false;
        overKg = false;
      } else if (step.kind === 'end' && (litres > 0 || kg > 0)) {
        out.push({ code: 'not_empty_at_end', message: `"${vehicleId}" returns to the depot with ${litres} L / ${kg} kg on board (no final disposal)`, vehicleId });
      }
      if (step.loadAfterLitres !== litres || step.loadAfterKg !== kg)
        out.push({ code: 'load_mismatch', message: `${where} reports ${step.loadAfterLitres} L / ${step.loadAfterKg} kg, recomputed ${litres} L / ${kg} kg`, vehicleId, ...(step.binId ? { binId: step.binId } : {}) });
      const prev = i > 0 ? steps[i - 1] : undefined;
      const legM = prev && inMatrix(prev.locIdx) ? dist(prev.locIdx, step.locIdx) : 0;
      routeDist += legM;
      if (step.distanceFromPrevM !== legM)
        out.push({ code: 'distance_mismatch', message: `${where} reports ${step.distanceFromPrevM} m from the previous step, matrix says ${legM} m`, vehicleId });
      if (prev && inMatrix(prev.locIdx)) {
        const expected = prev.departureSec + dur(prev.locIdx, step.locIdx);
        if (step.arrivalSec !== expected)
          out.push({ code: 'time_mismatch', message: `${where} arrives at ${step.arrivalSec} s, expected ${expected} s (previous departure ${prev.departureSec} s + ${dur(prev.locIdx, step.locIdx)} s travel)`, vehicleId });
      }
      if (step.departureSec !== step.arrivalSec + serviceSec)
        out.push({ code: 'time_mismatch', message: `${where} departs at ${step.departureSec} s, expected arrival ${step.arrivalSec} s + ${serviceSec} s service`, vehicleId });
    });

    if (first && last) {
      if (vehicle && first.departureSec < vehicle.shiftStartSec)
        out.push({ code: 'shift_exceeded', message: `"${vehicleId}" leaves at ${first.departureSec} s, before its shift starts at ${vehicle.shiftStartSec} s`, vehicleId });
      if (vehicle && last.arrivalSec > vehicle.shiftEndSec)
        out.push({ code: 'shift_exceeded', message: `"${vehicleId}" is back at ${last.arrivalSec} s, after its shift ends at ${vehicle.shiftEndSec} s`, vehicleId });
      const durationSec = last.arrivalSec - first.departureSec;
      if (route.durationSec !== durationSec)
        out.push({ code: 'time_mismatch', message: `route of "${vehicleId}" reports ${route.durationSec} s, end arrival − start departure is ${durationSec} s`, vehicleId });
      sumDur += durationSec;
    }
    if (route.distanceM !== routeDist)
      out.push({ code: 'distance_mismatch', message: `route of "${vehicleId}" reports ${route.distanceM} m, recomputed ${routeDist} m`, vehicleId });
    sumDist += routeDist;
  }

  const reasons = new Set<string>(UNASSIGNED_REASONS);
  for (const u of plan.unassigned) {
    see(u.binId);
    if (!reasons.has(u.reason)) out.push({ code: 'unknown_reason', message: `bin "${u.binId}" is unassigned with unknown reason "${u.reason}"`, binId: u.binId });
  }
  for (const binId of bins.keys()) {
    const n = seen.get(binId) ?? 0;
    if (n === 0) out.push({ code: 'bin_missing', message: `bin "${binId}" is neither routed nor unassigned`, binId });
    else if (n > 1) out.push({ code: 'bin_duplicated', message: `bin "${binId}" appears ${n} times in routes and unassigned`, binId });
  }
  if (plan.totalDistanceM !== sumDist)
    out.push({ code: 'distance_mismatch', message: `plan reports ${plan.totalDistanceM} m in total, routes recompute to ${sumDist} m` });
  if (plan.totalDurationSec !== sumDur)
    out.push({ code: 'time_mismatch', message: `plan reports ${plan.totalDurationSec} s in total, routes recompute to ${sumDur} s` });
  return out;
}
