import { BREAK, END, type RouteSpec } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { F_BRK, F_LOCK, NF, NO_MOVE } from '../segment.js';
import type { NodeOperator } from './operator.js';
import { plainTwoOpt } from './plain.js';

/**
 * 2-OPT (Croes 1958; intra-route, as in HGS-CVRP, Vidal 2022): with u before v in one route,
 * reverses the stretch after u up to v (at most one locked bin inside it).
 */
export const TwoOpt: NodeOperator = {
  name: 'two-opt',
  evaluate(s: Routes, u: number, v: number): number {
    const r = s.rte[u] ?? POOL;
    if (r === POOL || r !== s.rte[v] || (s.pos[u] ?? 0) >= (s.pos[v] ?? 0) || s.m.kind[v] === END) return NO_MOVE;
    const x = s.nxt[u] ?? 0;
    if (x === v) return NO_MOVE;
    const locks = (s.pre[v * NF + F_LOCK] ?? 0) - (s.pre[u * NF + F_LOCK] ?? 0);
    if (locks > 1) return NO_MOVE;
    if (s.plain && s.symmetric) return plainTwoOpt(s, u, v);
    const y = s.nxt[v] ?? 0;
    const k = s.m.kind;
    // no break inside the stretch on a one-way matrix: its place would move with the reversal
    const breaksInside = !s.lean && (s.pre[v * NF + F_BRK] as number) !== (s.pre[u * NF + F_BRK] as number);
    if (k[u] !== BREAK && k[x] !== BREAK && k[v] !== BREAK && k[y] !== BREAK && (s.symmetric || !breaksInside)) {
      const lu = s.placeOf(u);
      const lx = s.placeOf(x);
      const lv = s.placeOf(v);
      const rs = s.m.routes[r] as RouteSpec;
      // with symmetric legs the reversed stretch drives the same; on a one-way matrix its reversed
      // arcs replace its own (the route's running sums of both directions). y may be the end node:
      // its arc is the end leg (NaN, no bound, where that is unknown)
      const reversed = s.symmetric ? 0 : (s.bwd[v] as number) - (s.bwd[x] as number) - ((s.fwd[v] as number) - (s.fwd[x] as number));
      if (lu >= 0 && lx >= 0 && lv >= 0 && s.leg(rs, lu, lv) + reversed + s.arcTo(rs, lx, y) - s.leg(rs, lu, lx) - s.arcTo(rs, lv, y) - (s.rSlack[r] as number) >= 0) return NO_MOVE;
    }
    s.accPrefix(u);
    s.accRangeReversed(v, x);
    s.accSuffix(y);
    return s.accCost() - (s.rCost[r] ?? 0);
  },
  apply(s: Routes, u: number, v: number): void {
    const x = s.nxt[u] ?? 0;
    const y = s.nxt[v] ?? 0;
    let cur = x;
    for (;;) {
      const next = s.nxt[cur] ?? 0;
      s.nxt[cur] = s.prv[cur] ?? 0;
      s.prv[cur] = next;
      if (cur === v) break;
      cur = next;
    }
    s.nxt[u] = v; s.prv[v] = u; s.nxt[x] = y; s.prv[y] = x;
    const r = s.rte[u] ?? 0;
    s.touch(r, r);
  },
};
