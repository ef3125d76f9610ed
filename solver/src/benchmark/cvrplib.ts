import { buildInstance, type VrpInstance } from './instance.js';

/**
 * Parses a CVRPLIB / TSPLIB `.vrp` file (EUC_2D, one depot) from its text.
 * Customers keep their file numbering minus one (`.sol` convention): node k of the file
 * (k >= 2) is customer k - 1. The fleet is unlimited.
 * @throws Error listing every problem found (unsupported edge weight type, missing sections).
 */
export function parseCvrplib(text: string): VrpInstance {
  const lines = text.split(/\r?\n/);
  const problems: string[] = [];
  let name = '';
  let dimension = 0;
  let capacity = 0;
  let section = '';
  const coords = new Map<number, [number, number]>();
  const demands = new Map<number, number>();
  const depots: number[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line === 'EOF') continue;
    const kv = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (kv) {
      const key = kv[1] ?? '';
      const value = (kv[2] ?? '').trim();
      if (key === 'NAME') name = value;
      else if (key === 'DIMENSION') dimension = Number(value);
      else if (key === 'CAPACITY') capacity = Number(value);
      else if (key === 'EDGE_WEIGHT_TYPE' && value !== 'EUC_2D') problems.push(`unsupported EDGE_WEIGHT_TYPE ${value}`);
      section = '';
      continue;
    }
    if (/^[A-Z_]+_SECTION/.test(line)) {
      section = line.split(/\s+/)[0] ?? '';
      continue;
    }
    const parts = line.split(/\s+/).map(Number);
    if (section === 'NODE_COORD_SECTION') coords.set(parts[0] ?? 0, [parts[1] ?? 0, parts[2] ?? 0]);
    else if (section === 'DEMAND_SECTION') demands.set(parts[0] ?? 0, parts[1] ?? 0);
    else if (section === 'DEPOT_SECTION') {
      if ((parts[0] ?? -1) >= 0) depots.push(parts[0] ?? 0);
    }
  }
  if (dimension < 2) problems.push('DIMENSION missing or < 2');
  if (!(capacity > 0)) problems.push('CAPACITY missing or not positive');
  if (coords.size !== dimension) problems.push(`NODE_COORD_SECTION has ${coords.size} nodes, DIMENSION is ${dimension}`);
  if (demands.size !== dimension) problems.push(`DEMAND_SECTION has ${demands.size} nodes, DIMENSION is ${dimension}`);
  if (depots.length !== 1 || depots[0] !== 1) problems.push('DEPOT_SECTION must name node 1 as the only depot');
  if (problems.length > 0) throw new Error(`invalid CVRPLIB file ${name}: ${problems.join('; ')}`);
  const x: number[] = [];
  const y: number[] = [];
  const ids: number[] = [];
  const demand: number[] = [];
  for (let k = 1; k <= dimension; k++) {
    const c = coords.get(k) ?? [0, 0];
    x.push(c[0]);
    y.push(c[1]);
    ids.push(k - 1);
    demand.push(demands.get(k) ?? 0);
  }
  return buildInstance({ name, kind: 'cvrp', x, y, ids, demand, capacity, maxVehicles: Infinity });
}
