import type { VrpInstance } from './instance.js';

/**
 * Writes the CVRPLIB `.sol` text: `Route #k: c1 c2 ...` with customer numbers as in the
 * benchmark files, then `Cost N` with the cost in file units (one decimal for Solomon).
 */
export function writeSol(inst: VrpInstance, routes: readonly (readonly number[])[], costInternal: number): string {
  const out: string[] = [];
  let k = 0;
  for (const r of routes) {
    if (r.length === 0) continue;
    k++;
    out.push(`Route #${k}: ${r.map((c) => inst.ids[c]).join(' ')}`);
  }
  out.push(`Cost ${formatCost(inst, costInternal)}`);
  return out.join('\n') + '\n';
}

/** Cost in file units as text (`27591` for CVRP, `827.3` for Solomon). */
export function formatCost(inst: VrpInstance, costInternal: number): string {
  if (inst.costScale === 1) return String(costInternal);
  return (costInternal / inst.costScale).toFixed(1);
}

/**
 * Parses a `.sol` text back into routes of node indices of `inst`.
 * @throws Error when a customer number is unknown.
 */
export function parseSol(inst: VrpInstance, text: string): { routes: number[][]; cost: number | null } {
  const byId = new Map<number, number>();
  for (let i = 1; i < inst.nNodes; i++) byId.set(inst.ids[i] ?? -1, i);
  const routes: number[][] = [];
  let cost: number | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^Route\s*#\d+\s*:(.*)$/i.exec(line);
    if (m) {
      const ids = (m[1] ?? '').trim().split(/\s+/).filter((s) => s !== '').map(Number);
      routes.push(ids.map((id) => {
        const node = byId.get(id);
        if (node === undefined) throw new Error(`unknown customer ${id} in solution`);
        return node;
      }));
    }
    const c = /^Cost\s+([0-9.]+)/i.exec(line);
    if (c) cost = Number(c[1]);
  }
  return { routes, cost };
}
