import type { LocalSearch } from '../local-search.js';
import { COST_SCALE } from '../penalties.js';
import { NO_MOVE } from './no-move.js';

/**
 * 2-OPT (intra-route): with `u` before `v` in the same route, replaces arcs (u, x) and (v, y)
 * by (u, v) and (x, y), reversing x..v. HGS-CVRP move 7 (Vidal 2022); Croes (1958).
 */
export const TwoOpt = {
  name: 'two-opt',
  evaluate(ls: LocalSearch, u: number, v: number): number {
    if (ls.rte[u] !== ls.rte[v] || (ls.pos[u] ?? 0) >= (ls.pos[v] ?? 0)) return NO_MOVE;
    const x = ls.nxt[u] ?? 0;
    if (x === v) return NO_MOVE;
    const y = ls.nxt[v] ?? 0;
    const r = ls.rte[u] ?? 0;
    const dd = COST_SCALE * (ls.d(u, v) + ls.d(x, y) - ls.d(u, x) - ls.d(v, y));
    if (!ls.tw) return dd;
    if (dd >= (ls.rPen[r] ?? 0)) return NO_MOVE;
    ls.accPrefix(u);
    ls.accRangeReversed(v, x);
    ls.accSuffix(y);
    return ls.accCost() - (ls.rCost[r] ?? 0);
  },
  apply(ls: LocalSearch, u: number, v: number): void {
    const x = ls.nxt[u] ?? 0;
    const y = ls.nxt[v] ?? 0;
    let cur = x;
    for (;;) {
      const next = ls.nxt[cur] ?? 0;
      ls.nxt[cur] = ls.prv[cur] ?? 0;
      ls.prv[cur] = next;
      if (cur === v) break;
      cur = next;
    }
    ls.nxt[u] = v; ls.prv[v] = u; ls.nxt[x] = y; ls.prv[y] = x;
    const r = ls.rte[u] ?? 0;
    ls.touch(r, r);
  },
};
