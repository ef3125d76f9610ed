import { dimacsTenths, euc2dNint, type VrpInstance } from './instance.js';

/** Result of {@link checkVrpSolution}. */
export interface VrpCheck {
  /** Cost recomputed from coordinates, internal units (file units × `costScale`). */
  readonly cost: number;
  /** Number of non-empty routes. */
  readonly routes: number;
  /** Every violation found (empty when feasible). */
  readonly violations: string[];
}

/**
 * Independent checker: recomputes every arc from the coordinates with the benchmark convention
 * (EUC_2D nint for CVRP, one-decimal truncation for VRPTW; with `realDistances`, the exact
 * Euclidean distance of the hierarchical VRPTW literature, in tenths), and checks that each
 * customer is visited exactly once, capacity, time windows (service starts at max(arrival,
 * ready), arrival <= due, return to the depot by its due date) and the fleet limit. Does not use
 * the engine's distance matrix.
 */
export function checkVrpSolution(inst: VrpInstance, routes: readonly (readonly number[])[], options: { readonly realDistances?: boolean } = {}): VrpCheck {
  const violations: string[] = [];
  const seen = new Int32Array(inst.nNodes);
  // real distances are sums of doubles
  const eps = options.realDistances ? 1e-6 : 0;
  const arc = (a: number, b: number): number => {
    const dx = (inst.x[a] ?? 0) - (inst.x[b] ?? 0);
    const dy = (inst.y[a] ?? 0) - (inst.y[b] ?? 0);
    if (options.realDistances) return inst.costScale * Math.hypot(dx, dy);
    return inst.kind === 'vrptw' ? dimacsTenths(dx, dy) : euc2dNint(dx, dy);
  };
  let cost = 0;
  let used = 0;
  routes.forEach((route, k) => {
    if (route.length === 0) return;
    used++;
    let load = 0;
    let time = inst.ready[0] ?? 0;
    let prev = 0;
    for (const c of route) {
      if (!(c >= 1 && c < inst.nNodes)) { violations.push(`route ${k + 1}: node ${c} is not a customer`); continue; }
      seen[c] = (seen[c] ?? 0) + 1;
      load += inst.demand[c] ?? 0;
      const d = arc(prev, c);
      cost += d;
      if (inst.hasTimeWindows) {
        const arrival = time + (prev === 0 ? 0 : inst.service[prev] ?? 0) + d;
        if (arrival > (inst.due[c] ?? 0) + eps) violations.push(`route ${k + 1}: customer ${inst.ids[c]} reached at ${arrival / 10} after due ${(inst.due[c] ?? 0) / 10}`);
        time = Math.max(arrival, inst.ready[c] ?? 0);
      }
      prev = c;
    }
    const back = arc(prev, 0);
    cost += back;
    if (inst.hasTimeWindows) {
      const arrival = time + (prev === 0 ? 0 : inst.service[prev] ?? 0) + back;
      if (arrival > (inst.due[0] ?? 0) + eps) violations.push(`route ${k + 1}: returns at ${arrival / 10} after depot due ${(inst.due[0] ?? 0) / 10}`);
    }
    if (load > inst.capacity) violations.push(`route ${k + 1}: load ${load} exceeds capacity ${inst.capacity}`);
  });
  for (let c = 1; c < inst.nNodes; c++) {
    if (seen[c] !== 1) violations.push(`customer ${inst.ids[c]} visited ${seen[c]} times`);
  }
  if (used > inst.maxVehicles) violations.push(`${used} routes exceed the fleet of ${inst.maxVehicles}`);
  return { cost, routes: used, violations };
}
