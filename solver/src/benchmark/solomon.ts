import { buildInstance, type VrpInstance } from './instance.js';

/**
 * Parses a Solomon / Gehring-Homberger VRPTW `.txt` file from its text. Customer numbers are
 * kept as in the file (depot is customer 0). Times and distances are scaled by 10 internally
 * (DIMACS one-decimal truncation); the fleet is limited to the file's vehicle number.
 * @throws Error listing every problem found.
 */
export function parseSolomon(text: string): VrpInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const problems: string[] = [];
  const name = lines.find((l) => l !== '') ?? '';
  let vehicles = 0;
  let capacity = 0;
  const rows: number[][] = [];
  let mode = '';
  for (const line of lines) {
    if (line === '') continue;
    if (/^VEHICLE/.test(line)) { mode = 'vehicle'; continue; }
    if (/^CUSTOMER/.test(line)) { mode = 'customer'; continue; }
    if (/^[A-Z]/.test(line)) continue;
    const parts = line.split(/\s+/).map(Number);
    if (parts.some((p) => !Number.isFinite(p))) { problems.push(`unreadable line "${line}"`); continue; }
    if (mode === 'vehicle' && parts.length >= 2) { vehicles = parts[0] ?? 0; capacity = parts[1] ?? 0; }
    else if (mode === 'customer' && parts.length >= 7) rows.push(parts);
  }
  if (!(vehicles > 0)) problems.push('vehicle number missing');
  if (!(capacity > 0)) problems.push('capacity missing');
  if (rows.length < 2) problems.push('fewer than one customer');
  rows.forEach((r, i) => { if (r[0] !== i) problems.push(`customer row ${i} has number ${r[0]}`); });
  if (problems.length > 0) throw new Error(`invalid Solomon file ${name}: ${problems.join('; ')}`);
  const col = (k: number) => rows.map((r) => r[k] ?? 0);
  return buildInstance({
    name,
    kind: 'vrptw',
    x: col(1),
    y: col(2),
    ids: col(0),
    demand: col(3),
    capacity,
    ready: col(4),
    due: col(5),
    service: col(6),
    maxVehicles: vehicles,
  });
}
