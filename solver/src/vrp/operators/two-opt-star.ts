import type { LocalSearch } from '../local-search.js';
import { COST_SCALE } from '../penalties.js';
import { NO_MOVE } from './no-move.js';

/**
 * 2-OPT* (also known as swap tails, cross): for `u` and `v` in different routes, replaces arcs
 * (u, x) and (v, y) by (u, y) and (v, x), exchanging the route tails. `v` may be a start depot.
 * HGS-CVRP move 9 (Vidal 2022); Potvin & Rousseau (1995).
 */
export const TwoOptStar = {
  name: 'two-opt-star',
  evaluate(ls: LocalSearch, u: number, v: number): number {
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    if (ru === rv) return NO_MOVE;
    const x = ls.nxt[u] ?? 0;
    const y = ls.nxt[v] ?? 0;
    const dd = COST_SCALE * (ls.d(u, y) + ls.d(v, x) - ls.d(u, x) - ls.d(v, y));
    if (dd >= (ls.rPen[ru] ?? 0) + (ls.rPen[rv] ?? 0)) return NO_MOVE;
    ls.accPrefix(u);
    ls.accSuffix(y);
    const cu = ls.accCost();
    ls.accPrefix(v);
    ls.accSuffix(x);
    return cu + ls.accCost() - (ls.rCost[ru] ?? 0) - (ls.rCost[rv] ?? 0);
  },
  apply(ls: LocalSearch, u: number, v: number): void {
    const ru = ls.rte[u] ?? 0;
    const rv = ls.rte[v] ?? 0;
    const x = ls.nxt[u] ?? 0;
    const y = ls.nxt[v] ?? 0;
    ls.nxt[u] = y; ls.prv[y] = u; ls.nxt[v] = x; ls.prv[x] = v;
    // each route keeps its own end depot node
    const endU = ls.endDepot(ru);
    const endV = ls.endDepot(rv);
    const lastU = ls.prv[endV] ?? 0;
    const lastV = ls.prv[endU] ?? 0;
    ls.nxt[lastU] = endU; ls.prv[endU] = lastU;
    ls.nxt[lastV] = endV; ls.prv[endV] = lastV;
    ls.touch(ru, rv);
  },
};
