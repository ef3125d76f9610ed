import type { LocalSearch } from '../local-search.js';
import { COST_SCALE } from '../penalties.js';
import { NO_MOVE } from './no-move.js';

/**
 * SWAP (also known as exchange, 1-1 interchange): exchanges the positions of customers `u` and
 * `v`, within or between routes. HGS-CVRP move 4 (Vidal 2022). Adjacent pairs are left to
 * RELOCATE.
 */
export const Swap = {
  name: 'swap',
  evaluate(ls: LocalSearch, u: number, v: number): number {
    if (u === v || ls.isDepot(v)) return NO_MOVE;
    const pu = ls.prv[u] ?? 0;
    const x = ls.nxt[u] ?? 0;
    const pv = ls.prv[v] ?? 0;
    const y = ls.nxt[v] ?? 0;
    if (x === v || y === u) return NO_MOVE;
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    const dd = COST_SCALE * (ls.d(pu, v) + ls.d(v, x) - ls.d(pu, u) - ls.d(u, x) + ls.d(pv, u) + ls.d(u, y) - ls.d(pv, v) - ls.d(v, y));
    if (ru !== rv) {
      if (dd >= (ls.rPen[ru] ?? 0) + (ls.rPen[rv] ?? 0)) return NO_MOVE;
      ls.accPrefix(pu);
      ls.accNode(v);
      ls.accSuffix(x);
      const cu = ls.accCost();
      ls.accPrefix(pv);
      ls.accNode(u);
      ls.accSuffix(y);
      return cu + ls.accCost() - (ls.rCost[ru] ?? 0) - (ls.rCost[rv] ?? 0);
    }
    if (!ls.tw) return dd;
    if (dd >= (ls.rPen[ru] ?? 0)) return NO_MOVE;
    if ((ls.pos[u] ?? 0) < (ls.pos[v] ?? 0)) {
      ls.accPrefix(pu);
      ls.accNode(v);
      ls.accRange(x, pv);
      ls.accNode(u);
      ls.accSuffix(y);
    } else {
      ls.accPrefix(pv);
      ls.accNode(u);
      ls.accRange(y, pu);
      ls.accNode(v);
      ls.accSuffix(x);
    }
    return ls.accCost() - (ls.rCost[ru] ?? 0);
  },
  apply(ls: LocalSearch, u: number, v: number): void {
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    const pu = ls.prv[u] ?? 0;
    const x = ls.nxt[u] ?? 0;
    const pv = ls.prv[v] ?? 0;
    const y = ls.nxt[v] ?? 0;
    ls.nxt[pu] = v; ls.prv[v] = pu; ls.nxt[v] = x; ls.prv[x] = v;
    ls.nxt[pv] = u; ls.prv[u] = pv; ls.nxt[u] = y; ls.prv[y] = u;
    ls.touch(ru, rv);
  },
};
