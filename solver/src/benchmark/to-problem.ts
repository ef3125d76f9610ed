/**
 * CVRPLIB and Solomon instances as collection days in the problem format (docs/problem-format.md),
 * so that the engine that plans collection days is the one measured on them.
 *
 * Units: a converted instance keeps the benchmark's integers. Metres and seconds of the document
 * are the instance's internal units (`VrpInstance.costScale` per file unit): CVRPLIB EUC_2D `nint`
 * distances (1 per unit); Solomon distances and times truncated to one decimal and stored in
 * tenths (DIMACS convention), or, for the hierarchical objective, real distances rounded up to
 * 1/50 of a unit (so that a plan feasible on the document is feasible on the real distances).
 */
import type { PlanJson } from '../model/plan-json.js';
import type { ProblemJson } from '../model/problem-json.js';
import { STREAMS } from '../model/types.js';
import type { VrpInstance } from './instance.js';

/**
 * Cost per "km" of every converted vehicle. A route's cost is `perKm × distanceM / 1000`, so with
 * 1000 the plan's `totals.cost` is its distance in the document's units.
 */
export const BENCHMARK_COST_PER_KM = 1000;
/** Document units per Solomon file unit under the hierarchical objective. */
export const HIERARCHICAL_SCALE = 50;
/**
 * Fixed cost of a vehicle under the hierarchical objective: more than any day's distance (at most
 * 10^7 document units on these instances), so one vehicle fewer always pays.
 */
export const HIERARCHICAL_VEHICLE_COST = 1e9;
/** Id of the one depot of a converted instance, and of its disposal site (at the depot's matrix index). */
export const BENCHMARK_DEPOT_ID = 'depot';
export const BENCHMARK_SITE_ID = 'depot-site';

/** Longest clock time the problem format accepts (two days), in its seconds. */
const MAX_CLOCK = 2 * 86_400;

/** What a converted instance is solved for. */
export type BenchmarkObjective = 'distance' | 'hierarchical';

/** Bin id of a customer: `c` and its number in the file (`c1` … `c100`). */
export const benchmarkBinId = (inst: VrpInstance, node: number): string => `c${inst.ids[node] ?? node}`;

/** Vehicles offered for an unlimited CVRP fleet: HGS-CVRP's bound, ⌈1.3 × demand / capacity⌉ + 3. */
export function cvrpFleet(inst: VrpInstance): number {
  let demand = 0;
  for (let i = 1; i < inst.nNodes; i++) demand += inst.demand[i] ?? 0;
  return Math.ceil((1.3 * demand) / inst.capacity) + 3;
}

/**
 * Converts a parsed instance (`parseCvrplib`, `parseSolomon`) into a problem document with an
 * explicit matrix (index = the instance's node index, depot 0):
 *
 * - one mandatory `residual` bin per customer, `demandLitres` = `demandKg` = its demand, with its
 *   service time and one time window (Solomon: service starts within it);
 * - every place also carries the instance's coordinates as its `location`, moved so that the depot
 *   stands at [0, 0] and scaled into one degree (the matrix still gives every distance; the search
 *   reads only the directions from the depot, for SWAP*'s polar sectors as in HGS-CVRP);
 * - one depot; one disposal site at the depot's index, open over the horizon, `unloadingSec` 0,
 *   accepting every stream: the format requires a site and a truck ends the day empty at one,
 *   which here costs nothing;
 * - identical trucks (Solomon: the file's fleet; CVRPLIB: {@link cvrpFleet}) with
 *   `capacityLitres` = `capacityKg` = `dailyCapacityKg` = the capacity: without the daily limit a
 *   truck could unload at the depot mid-route and start a second trip, which the benchmarks forbid;
 * - `distance`: objective `weighted`, `perKm` {@link BENCHMARK_COST_PER_KM}, nothing per hour or
 *   vehicle, so the cost is the distance; CVRPLIB instances have no time (durations 0, no shift
 *   limit); Solomon ones use the DIMACS tenths for distances and times;
 * - `hierarchical`: fewest vehicles, then least distance, as the VRPTW literature ranks solutions:
 *   objective `weighted` with {@link HIERARCHICAL_VEHICLE_COST} per vehicle and the distance as
 *   above (the format's own `hierarchical` objective ranks by working time second, waiting
 *   included); Solomon distances and times at {@link HIERARCHICAL_SCALE} per unit, travel times
 *   rounded up.
 *
 * Pure.
 * @throws Error for a horizon beyond the format's two days.
 */
export function benchmarkToProblem(inst: VrpInstance, objective: BenchmarkObjective = 'distance'): ProblemJson {
  const n = inst.nNodes;
  const tw = inst.kind === 'vrptw';
  const hierarchical = objective === 'hierarchical';
  // internal units (tenths for Solomon) to document units
  const timeScale = tw && hierarchical ? HIERARCHICAL_SCALE / inst.costScale : 1;
  const t = (v: number): number => Math.round(v * timeScale);
  const open = tw ? t(inst.ready[0] ?? 0) : 0;
  const close = tw ? t(inst.due[0] ?? 0) : MAX_CLOCK;
  if (close > MAX_CLOCK) throw new Error(`cannot convert ${inst.name}: the depot closes at ${close}, beyond the format's ${MAX_CLOCK} s`);
  const distances: number[][] = [];
  const durations: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      if (tw && hierarchical) {
        const d = Math.hypot((inst.x[i] ?? 0) - (inst.x[j] ?? 0), (inst.y[i] ?? 0) - (inst.y[j] ?? 0));
        row.push(Math.ceil(HIERARCHICAL_SCALE * d - 1e-9));
      } else row.push(inst.dist[i * n + j] ?? 0);
    }
    distances.push(row);
    durations.push(tw ? [...row] : row.map(() => 0));
  }
  // the instance's coordinates, moved to put the depot at [0, 0] and scaled into one degree: only
  // their directions from the depot are read (SWAP*'s polar sectors), never their distances
  const x0 = inst.x[0] ?? 0;
  const y0 = inst.y[0] ?? 0;
  let span = 1;
  for (let i = 1; i < n; i++) span = Math.max(span, Math.abs((inst.x[i] ?? 0) - x0), Math.abs((inst.y[i] ?? 0) - y0));
  const place = (i: number): [number, number] => [((inst.x[i] ?? 0) - x0) / span, ((inst.y[i] ?? 0) - y0) / span];
  const bins: ProblemJson['bins'] = [];
  for (let i = 1; i < n; i++) {
    const demand = inst.demand[i] ?? 0;
    bins.push({
      id: benchmarkBinId(inst, i),
      locationIndex: i,
      location: place(i),
      approach: 'either',
      stream: 'residual',
      demandLitres: demand,
      demandKg: demand,
      serviceSec: tw ? t(inst.service[i] ?? 0) : 0,
      ...(tw ? { timeWindows: [{ openSec: t(inst.ready[i] ?? 0), closeSec: t(inst.due[i] ?? 0) }] } : {}),
      mandatory: true,
    });
  }
  const fleet = Number.isFinite(inst.maxVehicles) ? inst.maxVehicles : cvrpFleet(inst);
  const vehicles: ProblemJson['vehicles'] = Array.from({ length: fleet }, (_, k) => ({
    id: `v${k + 1}`,
    streams: ['residual'],
    capacityLitres: inst.capacity,
    capacityKg: inst.capacity,
    dailyCapacityKg: inst.capacity,
    shiftStartSec: open,
    shiftEndSec: close,
    breaks: [],
    startDepotId: BENCHMARK_DEPOT_ID,
    endDepotId: BENCHMARK_DEPOT_ID,
    costs: { perKm: BENCHMARK_COST_PER_KM, perHour: 0, fixed: hierarchical ? HIERARCHICAL_VEHICLE_COST : 0 },
    co2KgPerKm: 0,
  }));
  const units = tw ? (hierarchical ? `1/${HIERARCHICAL_SCALE} file units` : 'tenths of file units (DIMACS)') : 'file units';
  return {
    version: 1,
    name: `${inst.name} (${tw ? 'Solomon VRPTW' : 'CVRPLIB'}; metres and seconds are ${units})`,
    depots: [{ id: BENCHMARK_DEPOT_ID, locationIndex: 0, location: place(0), openSec: open, closeSec: close }],
    disposalSites: [{ id: BENCHMARK_SITE_ID, locationIndex: 0, location: place(0), timeWindows: [{ openSec: open, closeSec: close }], unloadingSec: 0, streams: [...STREAMS] }],
    bins,
    vehicles,
    matrix: { durationsSec: durations, distancesM: distances },
    objective: { type: 'weighted' },
    fixedPrefixes: [],
    locks: [],
  };
}

/**
 * The routes of a plan of a converted instance as the instance's node lists (bin steps' matrix
 * indices in driving order), for `checkVrpSolution` and `writeSol`. Routes without bins are dropped.
 */
export function planToRoutes(plan: PlanJson): number[][] {
  return plan.routes.map((r) => r.steps.filter((s) => s.type === 'bin').map((s) => s.locationIndex ?? -1)).filter((r) => r.length > 0);
}
