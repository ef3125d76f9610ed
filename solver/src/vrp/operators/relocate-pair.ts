import type { LocalSearch } from '../local-search.js';
import { COST_SCALE } from '../penalties.js';
import { NO_MOVE } from './no-move.js';

/**
 * RELOCATE of two consecutive customers (also known as or-opt-2): moves `u` and its successor
 * `x` (in that order) to just after node `v`. HGS-CVRP move 2 (Vidal 2022).
 */
export const RelocatePair = {
  name: 'relocate-pair',
  evaluate(ls: LocalSearch, u: number, v: number): number {
    const x = ls.nxt[u] ?? 0;
    if (u === v || x === v || ls.isDepot(x)) return NO_MOVE;
    const pu = ls.prv[u] ?? 0;
    if (pu === v) return NO_MOVE;
    const xn = ls.nxt[x] ?? 0;
    const y = ls.nxt[v] ?? 0;
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    const dd = COST_SCALE * (ls.d(pu, xn) - ls.d(pu, u) - ls.d(x, xn) + ls.d(v, u) + ls.d(x, y) - ls.d(v, y));
    if (ru !== rv) {
      if (dd >= (ls.rPen[ru] ?? 0) + (ls.rPen[rv] ?? 0)) return NO_MOVE;
      ls.accPrefix(pu);
      ls.accSuffix(xn);
      const cu = ls.accCost();
      ls.accPrefix(v);
      ls.accNode(u);
      ls.accNode(x);
      ls.accSuffix(y);
      return cu + ls.accCost() - (ls.rCost[ru] ?? 0) - (ls.rCost[rv] ?? 0);
    }
    if (!ls.tw) return dd;
    if (dd >= (ls.rPen[ru] ?? 0)) return NO_MOVE;
    if ((ls.pos[u] ?? 0) < (ls.pos[v] ?? 0)) {
      ls.accPrefix(pu);
      ls.accRange(xn, v);
      ls.accNode(u);
      ls.accNode(x);
      ls.accSuffix(y);
    } else {
      ls.accPrefix(v);
      ls.accNode(u);
      ls.accNode(x);
      ls.accRange(y, pu);
      ls.accSuffix(xn);
    }
    return ls.accCost() - (ls.rCost[ru] ?? 0);
  },
  apply(ls: LocalSearch, u: number, v: number): void {
    const x = ls.nxt[u] ?? 0;
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    ls.moveAfter(u, v);
    ls.moveAfter(x, u);
    ls.touch(ru, rv);
  },
};
