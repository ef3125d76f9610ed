import type { MasterProblem } from './master.js';

/** Column name of pool route k (FORMULATION.md, variable x_k). */
export const columnName = (k: number): string => `x_${k}`;
/** Row name of the covering constraint of item i (FORMULATION.md, cover_i). */
export const coverRow = (i: number): string => `cover_${i}`;
/** Row name of the fleet constraint of vehicle class g (FORMULATION.md, fleet_g). */
export const fleetRow = (g: number): string => `fleet_${g}`;

/** Objective coefficient of column k: its cost minus the prizes of the optional items it covers. */
export function columnObjective(problem: MasterProblem, k: number): number {
  const c = problem.columns[k];
  if (!c) return 0;
  let v = c.cost;
  for (const i of c.items) if (!problem.required[i]) v -= problem.prizes[i] ?? 0;
  return v;
}

/** The columns covering each item (items no column covers get an empty list). */
export function columnsByItem(problem: MasterProblem): number[][] {
  const by: number[][] = Array.from({ length: problem.nItems }, () => []);
  problem.columns.forEach((c, k) => {
    for (const i of c.items) by[i]?.push(k);
  });
  return by;
}

/** Classes whose fleet row can bind (fewer vehicles than columns of the class). */
export function bindingGroups(problem: MasterProblem): number[] {
  const count = new Array<number>(problem.groupLimits.length).fill(0);
  for (const c of problem.columns) count[c.group] = (count[c.group] ?? 0) + 1;
  return problem.groupLimits.map((limit, g) => (Number.isFinite(limit) && (count[g] ?? 0) > limit ? g : -1)).filter((g) => g >= 0);
}

/** Numbers as the LP format reads them (no exponent form, which some readers reject). */
function num(x: number): string {
  const s = String(x);
  return /e/i.test(s) ? x.toFixed(9) : s;
}

/**
 * Writes the master in CPLEX LP format, with the labels of FORMULATION.md as row and column names.
 * Long expressions are wrapped (LP format allows line breaks in sums).
 */
export function writeSetPartitioningLp(problem: MasterProblem): string {
  const out: string[] = ['Minimize'];
  const wrap = (terms: string[]): string => {
    const lines: string[] = [];
    for (let i = 0; i < terms.length; i += 8) lines.push('  ' + terms.slice(i, i + 8).join(' + ').replaceAll('+ -', '- '));
    return lines.join('\n');
  };
  out.push(' obj:');
  out.push(wrap(problem.columns.map((_, k) => `${num(columnObjective(problem, k))} ${columnName(k)}`)));
  out.push('Subject To');
  const byItem = columnsByItem(problem);
  for (let i = 0; i < problem.nItems; i++) {
    const cols = byItem[i] ?? [];
    if (cols.length === 0) continue;
    out.push(` ${coverRow(i)}:`);
    out.push(wrap(cols.map(columnName)) + (problem.required[i] ? ' = 1' : ' <= 1'));
  }
  for (const g of bindingGroups(problem)) {
    out.push(` ${fleetRow(g)}:`);
    out.push(wrap(problem.columns.flatMap((c, k) => (c.group === g ? [columnName(k)] : []))) + ` <= ${problem.groupLimits[g]}`);
  }
  out.push('Binary');
  out.push(wrap(problem.columns.map((_, k) => columnName(k))).replaceAll(' + ', ' '));
  out.push('End');
  return out.join('\n') + '\n';
}

/**
 * Reads a 0/1 column assignment back and verifies it: binary values, every required item
 * covered once, no item twice, each class within its vehicles; returns the chosen column indices
 * or null.
 */
export function checkSelection(problem: MasterProblem, value: (k: number) => number): number[] | null {
  const chosen: number[] = [];
  const count = new Int32Array(problem.nItems);
  const used = new Array<number>(problem.groupLimits.length).fill(0);
  for (let k = 0; k < problem.columns.length; k++) {
    const v = value(k);
    if (v > 0.5) {
      if (Math.abs(v - 1) > 1e-6) return null;
      const c = problem.columns[k];
      if (!c) return null;
      chosen.push(k);
      used[c.group] = (used[c.group] ?? 0) + 1;
      for (const i of c.items) count[i] = (count[i] ?? 0) + 1;
    } else if (Math.abs(v) > 1e-6) return null;
  }
  for (let i = 0; i < problem.nItems; i++) {
    if ((count[i] ?? 0) > 1) return null;
    if (problem.required[i] && count[i] !== 1) return null;
  }
  if (used.some((u, g) => u > (problem.groupLimits[g] ?? 0))) return null;
  return chosen;
}

/** Objective of a selection of columns. */
export function selectionObjective(problem: MasterProblem, chosen: readonly number[]): number {
  return chosen.reduce((s, k) => s + columnObjective(problem, k), 0);
}
