import type { MasterProblem } from './master.js';

/** Column name of pool route k (FORMULATION.md, variable x_k). */
export const columnName = (k: number): string => `x_${k}`;
/** Row name of the covering constraint of customer i (FORMULATION.md, cover_i). */
export const coverRow = (i: number): string => `cover_${i}`;
/** Row name of the fleet constraint (FORMULATION.md, fleet). */
export const FLEET_ROW = 'fleet';

/**
 * Writes the set-partitioning master in CPLEX LP format, with the labels of FORMULATION.md as
 * row and column names. Long expressions are wrapped (LP format allows line breaks in sums).
 */
export function writeSetPartitioningLp(problem: MasterProblem): string {
  const out: string[] = ['Minimize'];
  const wrap = (terms: string[]): string => {
    const lines: string[] = [];
    for (let i = 0; i < terms.length; i += 8) lines.push('  ' + terms.slice(i, i + 8).join(' + '));
    return lines.join('\n');
  };
  out.push(' obj:');
  out.push(wrap(problem.columns.map((c, k) => `${c.cost} ${columnName(k)}`)));
  out.push('Subject To');
  const byCustomer: string[][] = Array.from({ length: problem.nNodes }, () => []);
  problem.columns.forEach((c, k) => { for (const i of c.customers) byCustomer[i]?.push(columnName(k)); });
  for (let i = 1; i < problem.nNodes; i++) {
    out.push(` ${coverRow(i)}:`);
    out.push(wrap(byCustomer[i] ?? []) + ' = 1');
  }
  if (Number.isFinite(problem.maxRoutes)) {
    out.push(` ${FLEET_ROW}:`);
    out.push(wrap(problem.columns.map((_, k) => columnName(k))) + ` <= ${problem.maxRoutes}`);
  }
  out.push('Binary');
  out.push(wrap(problem.columns.map((_, k) => columnName(k))).replaceAll(' + ', ' '));
  out.push('End');
  return out.join('\n') + '\n';
}

/**
 * Reads a 0/1 column assignment back and verifies it is a partition within the fleet limit;
 * returns the chosen column indices or null.
 */
export function checkPartition(problem: MasterProblem, value: (k: number) => number): number[] | null {
  const chosen: number[] = [];
  const count = new Int32Array(problem.nNodes);
  for (let k = 0; k < problem.columns.length; k++) {
    const v = value(k);
    if (v > 0.5) {
      if (Math.abs(v - 1) > 1e-6) return null;
      chosen.push(k);
      for (const i of problem.columns[k]?.customers ?? []) count[i] = (count[i] ?? 0) + 1;
    } else if (Math.abs(v) > 1e-6) return null;
  }
  for (let i = 1; i < problem.nNodes; i++) if (count[i] !== 1) return null;
  if (chosen.length > problem.maxRoutes) return null;
  return chosen;
}
