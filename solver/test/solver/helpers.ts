import fc from 'fast-check';
import type { Kilograms, Litres, Problem, ProblemBin, ProblemVehicle, Seconds, Stream } from '../../src/model/types.js';
import { STREAMS } from '../../src/model/types.js';
import { buildInstance } from '../../src/model/instance.js';
import { RouteState } from '../../src/evaluate/route-state.js';
import { evaluateRoute } from '../../src/evaluate/trip-cost.js';
import type { Cost } from '../../src/evaluate/cost.js';

/** A test bin at (x, y) metres; defaults: residual, 100 L, 10 kg, 30 s. */
export interface BinSpec {
  readonly x: number;
  readonly y: number;
  readonly stream?: Stream;
  readonly litres?: number;
  readonly kg?: number;
  readonly serviceSec?: number;
}
/** A test vehicle; defaults: residual only, 10 000 L, 10 000 kg, shift 06:00–14:00. */
export interface VehicleSpec {
  readonly streams?: readonly Stream[];
  readonly capacityLitres?: number;
  readonly capacityKg?: number;
  readonly shiftStartSec?: number;
  readonly shiftEndSec?: number;
}
/** A Euclidean test problem; depot and disposal default to the origin, disposal service 600 s. */
export interface ProblemSpec {
  readonly depot?: readonly [number, number];
  readonly disposal?: readonly [number, number];
  readonly disposalServiceSec?: number;
  readonly bins: readonly BinSpec[];
  readonly vehicles: readonly VehicleSpec[];
  /** Metres per second used to derive durations (default 10). */
  readonly speed?: number;
}

/**
 * Euclidean test problem: location 0 is the depot, 1 the disposal site, 2.. the bins in order.
 * Distances are rounded metres, durations rounded `distance / speed` seconds.
 */
export function euclideanProblem(spec: ProblemSpec): Problem {
  const pts: (readonly [number, number])[] = [spec.depot ?? [0, 0], spec.disposal ?? [0, 0], ...spec.bins.map((b) => [b.x, b.y] as const)];
  const size = pts.length;
  const speed = spec.speed ?? 10;
  const distances = new Array<number>(size * size);
  const durations = new Array<number>(size * size);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const [ax, ay] = pts[i] ?? [0, 0];
      const [bx, by] = pts[j] ?? [0, 0];
      const d = Math.round(Math.hypot(ax - bx, ay - by));
      distances[i * size + j] = d;
      durations[i * size + j] = Math.round(d / speed);
    }
  const bins: ProblemBin[] = spec.bins.map((b, i) => ({
    binId: `b${i}`,
    locIdx: i + 2,
    stream: b.stream ?? 'residual',
    demandLitres: (b.litres ?? 100) as Litres,
    demandKg: (b.kg ?? 10) as Kilograms,
    serviceSec: (b.serviceSec ?? 30) as Seconds,
  }));
  const vehicles: ProblemVehicle[] = spec.vehicles.map((v, i) => ({
    vehicleId: `v${i}`,
    capacityLitres: (v.capacityLitres ?? 10_000) as Litres,
    capacityKg: (v.capacityKg ?? 10_000) as Kilograms,
    streams: v.streams ?? ['residual'],
    shiftStartSec: (v.shiftStartSec ?? 6 * 3600) as Seconds,
    shiftEndSec: (v.shiftEndSec ?? 14 * 3600) as Seconds,
  }));
  return {
    matrix: { size, distances, durations },
    depotLocIdx: 0,
    disposalLocIdx: 1,
    disposalServiceSec: (spec.disposalServiceSec ?? 600) as Seconds,
    bins,
    vehicles,
  };
}

/** A RouteState for `problem` with the given trips per vehicle (binIdx lists). */
export function stateWith(problem: Problem, trips: number[][][]): RouteState {
  const st = new RouteState(buildInstance(problem));
  trips.forEach((t, v) => st.setRoute(v, t.map((x) => x.slice())));
  return st;
}

/** Cost of a RouteState recomputed from scratch (no caches). */
export function scratchCost(st: RouteState): Cost {
  let distanceM = 0;
  let durationSec = 0;
  st.trips.forEach((trips, v) => {
    const r = evaluateRoute(st.inst, v, trips);
    distanceM += r.distanceM;
    durationSec += r.durationSec;
  });
  return { unassigned: st.unassigned.size, distanceM, durationSec };
}

const streamArb = fc.constantFrom<Stream>(...STREAMS.slice(0, 3));

/** fast-check arbitrary: 1–40 bins, 1–5 vehicles, random points, streams, capacities, shifts. */
export const problemArb: fc.Arbitrary<Problem> = fc
  .record({
    depot: fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 })),
    disposal: fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 })),
    disposalServiceSec: fc.integer({ min: 0, max: 900 }),
    bins: fc.array(
      fc.record({
        x: fc.integer({ min: 0, max: 5000 }),
        y: fc.integer({ min: 0, max: 5000 }),
        stream: streamArb,
        litres: fc.integer({ min: 0, max: 1500 }),
        kg: fc.integer({ min: 0, max: 300 }),
        serviceSec: fc.integer({ min: 0, max: 120 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    vehicles: fc.array(
      fc.record({
        streams: fc.uniqueArray(streamArb, { minLength: 1, maxLength: 3 }),
        capacityLitres: fc.integer({ min: 500, max: 6000 }),
        capacityKg: fc.integer({ min: 100, max: 1200 }),
        shiftStartSec: fc.integer({ min: 5 * 3600, max: 7 * 3600 }),
        shiftLen: fc.integer({ min: 600, max: 4 * 3600 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map((r) =>
    euclideanProblem({
      ...r,
      vehicles: r.vehicles.map((v) => ({ ...v, shiftEndSec: v.shiftStartSec + v.shiftLen })),
    }),
  );

/** Like {@link problemArb} but with an asymmetric matrix (deterministic detours added to some legs). */
export const asymmetricProblemArb: fc.Arbitrary<Problem> = fc.tuple(problemArb, fc.integer({ min: 1, max: 400 })).map(([p, k]) => {
  const size = p.matrix.size;
  const distances = Array.from(p.matrix.distances);
  const durations = Array.from(p.matrix.durations);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++)
      if (i !== j && (i * 31 + j * 17) % 3 === 0) {
        const extra = ((i * 7 + j * 13 + k) % 23) * k;
        distances[i * size + j] = (distances[i * size + j] ?? 0) + extra;
        durations[i * size + j] = (durations[i * size + j] ?? 0) + Math.floor(extra / 10);
      }
  return { ...p, matrix: { size, distances, durations } };
});
