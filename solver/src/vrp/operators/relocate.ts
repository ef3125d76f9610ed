import type { LocalSearch } from '../local-search.js';
import { COST_SCALE } from '../penalties.js';
import { NO_MOVE } from './no-move.js';

/**
 * RELOCATE (also known as insertion, or-opt-1): moves customer `u` to just after node `v`
 * (a customer or a start depot), within or between routes. HGS-CVRP move 1 (Vidal 2022).
 * `evaluate` returns the exact penalised cost delta without mutating; `apply` performs it.
 */
export const Relocate = {
  name: 'relocate',
  evaluate(ls: LocalSearch, u: number, v: number): number {
    if (u === v) return NO_MOVE;
    const pu = ls.prv[u] ?? 0;
    if (pu === v) return NO_MOVE;
    const x = ls.nxt[u] ?? 0;
    const y = ls.nxt[v] ?? 0;
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    const dd = COST_SCALE * (ls.d(pu, x) - ls.d(pu, u) - ls.d(u, x) + ls.d(v, u) + ls.d(u, y) - ls.d(v, y));
    if (ru !== rv) {
      if (dd >= (ls.rPen[ru] ?? 0) + (ls.rPen[rv] ?? 0)) return NO_MOVE;
      ls.accPrefix(pu);
      ls.accSuffix(x);
      const cu = ls.accCost();
      ls.accPrefix(v);
      ls.accNode(u);
      ls.accSuffix(y);
      return cu + ls.accCost() - (ls.rCost[ru] ?? 0) - (ls.rCost[rv] ?? 0);
    }
    if (!ls.tw) return dd;
    if (dd >= (ls.rPen[ru] ?? 0)) return NO_MOVE;
    if ((ls.pos[u] ?? 0) < (ls.pos[v] ?? 0)) {
      ls.accPrefix(pu);
      ls.accRange(x, v);
      ls.accNode(u);
      ls.accSuffix(y);
    } else {
      ls.accPrefix(v);
      ls.accNode(u);
      ls.accRange(y, pu);
      ls.accSuffix(x);
    }
    return ls.accCost() - (ls.rCost[ru] ?? 0);
  },
  apply(ls: LocalSearch, u: number, v: number): void {
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    ls.moveAfter(u, v);
    ls.touch(ru, rv);
  },
};
