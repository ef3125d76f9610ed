/**
 * Instance model of the benchmark-grade routing engine (CVRP and VRPTW).
 *
 * Node 0 is the depot, nodes 1..n are customers. All quantities are integers in internal units:
 * CVRP distances are TSPLIB EUC_2D `nint` (scale 1); Solomon distances and travel times are
 * truncated to one decimal (DIMACS convention) and stored multiplied by 10 (scale 10). Travel
 * time equals distance.
 */
export interface VrpInstance {
  /** Instance name from the file header. */
  readonly name: string;
  /** `cvrp` (no time windows) or `vrptw`. */
  readonly kind: 'cvrp' | 'vrptw';
  /** Number of nodes including the depot (customers + 1). */
  readonly nNodes: number;
  /** Coordinates as read from the file (only used by the checker and the decomposition). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Customer number as printed in `.sol` files, per node (depot 0). */
  readonly ids: Int32Array;
  /** Demand per node (depot 0). */
  readonly demand: Int32Array;
  /** Vehicle capacity. */
  readonly capacity: number;
  /** Row-major `nNodes x nNodes` integer distance (= travel time) matrix in internal units. */
  readonly dist: Int32Array;
  /** Time windows and service durations in internal units (all zero / horizon for CVRP). */
  readonly ready: Int32Array;
  readonly due: Int32Array;
  readonly service: Int32Array;
  /** True when time windows must be respected. */
  readonly hasTimeWindows: boolean;
  /** Largest number of routes allowed (`Infinity` when the fleet is unlimited). */
  readonly maxVehicles: number;
  /** Internal units per file unit of distance (1 for CVRP, 10 for Solomon). */
  readonly costScale: number;
}

/** Fields a parser provides; the distance matrix is derived by {@link buildInstance}. */
export interface InstanceSpec {
  name: string;
  kind: 'cvrp' | 'vrptw';
  x: number[];
  y: number[];
  ids: number[];
  demand: number[];
  capacity: number;
  ready?: number[];
  due?: number[];
  service?: number[];
  maxVehicles: number;
}

/** Integer square root: the largest r with r*r <= v (v a non-negative safe integer). */
export function isqrt(v: number): number {
  let r = Math.floor(Math.sqrt(v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/**
 * TSPLIB EUC_2D distance `nint(sqrt(dx^2+dy^2))` with `nint(x) = floor(x + 0.5)`, computed
 * exactly for integer coordinates.
 */
export function euc2dNint(dx: number, dy: number): number {
  const d2 = dx * dx + dy * dy;
  if (Number.isInteger(d2)) {
    const r = isqrt(d2);
    return d2 > r * r + r ? r + 1 : r;
  }
  return Math.floor(Math.sqrt(d2) + 0.5);
}

/**
 * DIMACS VRPTW distance `floor(10 * sqrt(dx^2+dy^2))`, i.e. the one-decimal truncated distance
 * times 10, computed exactly for integer coordinates.
 */
export function dimacsTenths(dx: number, dy: number): number {
  const d2 = dx * dx + dy * dy;
  if (Number.isInteger(d2)) return isqrt(100 * d2);
  return Math.floor(10 * Math.sqrt(d2));
}

/** Builds an instance with its distance matrix from parsed fields. */
export function buildInstance(spec: InstanceSpec): VrpInstance {
  const n = spec.x.length;
  const scale = spec.kind === 'vrptw' ? 10 : 1;
  const dist = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (spec.x[i] ?? 0) - (spec.x[j] ?? 0);
      const dy = (spec.y[i] ?? 0) - (spec.y[j] ?? 0);
      const d = spec.kind === 'vrptw' ? dimacsTenths(dx, dy) : euc2dNint(dx, dy);
      dist[i * n + j] = d;
      dist[j * n + i] = d;
    }
  }
  const hasTw = spec.kind === 'vrptw';
  const big = 1 << 30;
  const toInt = (arr: number[] | undefined, fallback: number) =>
    Int32Array.from({ length: n }, (_, i) => (arr === undefined ? fallback : Math.round((arr[i] ?? 0) * scale)));
  return {
    name: spec.name,
    kind: spec.kind,
    nNodes: n,
    x: Float64Array.from(spec.x),
    y: Float64Array.from(spec.y),
    ids: Int32Array.from(spec.ids),
    demand: Int32Array.from(spec.demand),
    capacity: spec.capacity,
    dist,
    ready: hasTw ? toInt(spec.ready, 0) : new Int32Array(n),
    due: hasTw ? toInt(spec.due, big) : new Int32Array(n).fill(big),
    service: hasTw ? toInt(spec.service, 0) : new Int32Array(n),
    hasTimeWindows: hasTw,
    maxVehicles: spec.maxVehicles,
    costScale: scale,
  };
}

/** Total distance of routes (lists of node indices without depot) in internal units. */
export function routesDistance(inst: VrpInstance, routes: readonly (readonly number[])[]): number {
  const n = inst.nNodes;
  let total = 0;
  for (const r of routes) {
    let prev = 0;
    for (const c of r) {
      total += inst.dist[prev * n + c] ?? 0;
      prev = c;
    }
    total += inst.dist[prev * n] ?? 0;
  }
  return total;
}
