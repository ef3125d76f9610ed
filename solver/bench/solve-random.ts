/**
 * Performance sanity check (not a test): solves a random 400-bin, 6-vehicle Euclidean instance and
 * prints one JSON line with wall-clock milliseconds and cost. Run: `npx tsx solver/bench/solve-random.ts [bins] [vehicles] [maxIterations]`.
 */

import { solve } from '../src/solve.js';
import { checkPlan } from '../src/check/check-plan.js';
import { Rng } from '../src/model/rng.js';
import type { Kilograms, Litres, Problem, Seconds, Stream } from '../src/model/types.js';

const nBins = Number(process.argv[2] ?? 400);
const nVehicles = Number(process.argv[3] ?? 6);
const maxIterations = Number(process.argv[4] ?? 50);
const rng = new Rng(42);
const pts: [number, number][] = [
  [10_000, 10_000],
  [2_000, 15_000],
];
for (let i = 0; i < nBins; i++) pts.push([rng.nextInt(20_000), rng.nextInt(20_000)]);
const size = pts.length;
const distances = new Array<number>(size * size);
const durations = new Array<number>(size * size);
for (let i = 0; i < size; i++)
  for (let j = 0; j < size; j++) {
    const a = pts[i] ?? [0, 0];
    const b = pts[j] ?? [0, 0];
    const d = Math.round(1.3 * Math.hypot(a[0] - b[0], a[1] - b[1]));
    distances[i * size + j] = d;
    durations[i * size + j] = Math.round(d / 8);
  }
const streams: Stream[] = ['residual', 'packaging'];
const problem: Problem = {
  matrix: { size, distances, durations },
  depotLocIdx: 0,
  disposalLocIdx: 1,
  disposalServiceSec: 900 as Seconds,
  bins: pts.slice(2).map((_, i) => ({
    binId: `bin-${i}`,
    locIdx: i + 2,
    stream: streams[i % 2] as Stream,
    demandLitres: (200 + rng.nextInt(800)) as Litres,
    demandKg: (20 + rng.nextInt(100)) as Kilograms,
    serviceSec: (30 + rng.nextInt(60)) as Seconds,
  })),
  vehicles: Array.from({ length: nVehicles }, (_, v) => ({
    vehicleId: `truck-${v}`,
    capacityLitres: 20_000 as Litres,
    capacityKg: 3_000 as Kilograms,
    streams: v % 3 === 2 ? (['residual', 'packaging'] as Stream[]) : [streams[v % 2] as Stream],
    shiftStartSec: (6 * 3600) as Seconds,
    shiftEndSec: (14 * 3600) as Seconds,
  })),
};

let iterationsSeen = 0;
const t0 = performance.now();
const plan = solve(problem, { seed: 1, maxIterations, onProgress: () => void iterationsSeen++ });
const ms = Math.round(performance.now() - t0);
const violations = checkPlan(problem, plan);
console.log(
  JSON.stringify({
    bins: nBins,
    vehicles: nVehicles,
    maxIterations,
    ms,
    totalDistanceM: plan.totalDistanceM,
    totalDurationSec: plan.totalDurationSec,
    routes: plan.routes.length,
    unassigned: plan.unassigned.length,
    progressCalls: iterationsSeen,
    violations: violations.length,
  }),
);
