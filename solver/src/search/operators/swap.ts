import { BIN, BREAK, type RouteSpec } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { NO_MOVE } from '../segment.js';
import type { NodeOperator } from './operator.js';
import { plainSwap } from './plain.js';

/**
 * SWAP (exchange; Savelsbergh 1992, as in HGS-CVRP, Vidal 2022): routed bins u and v (not
 * adjacent) trade places, in one route or across two.
 */
export const Swap: NodeOperator = {
  name: 'swap',
  evaluate(s: Routes, u: number, v: number): number {
    const m = s.m;
    if (u === v || m.kind[u] !== BIN || m.kind[v] !== BIN || m.locked[u] || m.locked[v]) return NO_MOVE;
    const ru = s.rte[u] ?? POOL;
    const rv = s.rte[v] ?? POOL;
    if (ru === POOL || rv === POOL) return NO_MOVE;
    const pu = s.prv[u] ?? 0;
    const x = s.nxt[u] ?? 0;
    const pv = s.prv[v] ?? 0;
    const y = s.nxt[v] ?? 0;
    if (x === v || y === u) return NO_MOVE;
    if (s.plain) return ru !== rv && (!s.allowed(u, rv) || !s.allowed(v, ru)) ? NO_MOVE : plainSwap(s, u, v);
    if (m.kind[x] !== BREAK && m.kind[y] !== BREAK) {
      const lpu = s.placeOf(pu);
      const lu = s.placeOf(u);
      const lpv = s.placeOf(pv);
      const lv = s.placeOf(v);
      const rs = m.routes[ru] as RouteSpec;
      if (lpu >= 0 && lu >= 0 && lpv >= 0 && lv >= 0) {
        // x or y may be an end node: its arc is the end leg
        const bound = s.leg(rs, lpu, lv) + s.arcTo(rs, lv, x) + s.leg(rs, lpv, lu) + s.arcTo(rs, lu, y) - s.leg(rs, lpu, lu) - s.arcTo(rs, lu, x) - s.leg(rs, lpv, lv) - s.arcTo(rs, lv, y) - s.pairSlack(ru, rv);
        if (bound >= 0) return NO_MOVE; // NaN: no bound
      }
    }
    if (ru !== rv) {
      if (!s.allowed(u, rv) || !s.allowed(v, ru)) return NO_MOVE;
      s.accPrefix(pu);
      s.accSingle(v);
      s.accSuffix(x);
      const cu = s.accCost();
      if (cu === NO_MOVE) return NO_MOVE;
      s.accPrefix(pv);
      s.accSingle(u);
      s.accSuffix(y);
      return cu + s.accCost() - (s.rCost[ru] ?? 0) - (s.rCost[rv] ?? 0);
    }
    if ((s.pos[u] ?? 0) < (s.pos[v] ?? 0)) {
      s.accPrefix(pu);
      s.accSingle(v);
      s.accRange(x, pv);
      s.accSingle(u);
      s.accSuffix(y);
    } else {
      s.accPrefix(pv);
      s.accSingle(u);
      s.accRange(y, pu);
      s.accSingle(v);
      s.accSuffix(x);
    }
    return s.accCost() - (s.rCost[ru] ?? 0);
  },
  apply(s: Routes, u: number, v: number): void {
    const ru = s.rte[u] ?? 0;
    const rv = s.rte[v] ?? 0;
    const pu = s.prv[u] ?? 0;
    const x = s.nxt[u] ?? 0;
    const pv = s.prv[v] ?? 0;
    const y = s.nxt[v] ?? 0;
    s.nxt[pu] = v; s.prv[v] = pu; s.nxt[v] = x; s.prv[x] = v;
    s.nxt[pv] = u; s.prv[u] = pv; s.nxt[u] = y; s.prv[y] = u;
    s.rte[u] = rv;
    s.rte[v] = ru;
    s.touch(ru, rv);
  },
};
