import { BIN, BREAK, END, type RouteSpec } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { NO_MOVE } from '../segment.js';
import type { NodeOperator } from './operator.js';
import { plainRelocatePair } from './plain.js';

/**
 * RELOCATE-PAIR (or-opt-2; Or 1976, as in HGS-CVRP, Vidal 2022): bin u and the bin after it, in
 * that order, to just after v.
 */
export const RelocatePair: NodeOperator = {
  name: 'relocate-pair',
  evaluate(s: Routes, u: number, v: number): number {
    const m = s.m;
    const ru = s.rte[u] ?? POOL;
    if (ru === POOL || m.kind[u] !== BIN || m.locked[u]) return NO_MOVE;
    const x = s.nxt[u] ?? -1;
    if (x < 0 || m.kind[x] !== BIN || m.locked[x] || v === u || v === x) return NO_MOVE;
    const pu = s.prv[u] ?? 0;
    if (pu === v) return NO_MOVE;
    const rv = s.rte[v] ?? POOL;
    if (rv === POOL || m.kind[v] === END) return NO_MOVE;
    if (s.plain) return ru !== rv && (!s.allowed(u, rv) || !s.allowed(x, rv)) ? NO_MOVE : plainRelocatePair(s, u, x, v);
    const xx = s.nxt[x] ?? 0;
    const y = s.nxt[v] ?? 0;
    // the pair leaves its place (pu → xx) and enters between v and y; a break after xx or y
    // would move with them, and an emptied route changes its fixed cost: no bound then
    if (m.kind[xx] !== BREAK && m.kind[y] !== BREAK && v !== xx && (ru === rv || (s.rSize[ru] ?? 0) > 2)) {
      const lp = s.placeOf(pu);
      const lu = s.placeOf(u);
      const lx = s.placeOf(x);
      const lv = s.placeOf(v);
      const rs = m.routes[ru] as RouteSpec;
      if (lp >= 0 && lu >= 0 && lx >= 0 && lv >= 0) {
        // xx or y may be an end node: its arc is the end leg
        const bound = s.arcTo(rs, lp, xx) + s.leg(rs, lv, lu) + s.arcTo(rs, lx, y) - s.leg(rs, lp, lu) - s.arcTo(rs, lx, xx) - s.arcTo(rs, lv, y) - s.pairSlack(ru, rv);
        if (bound >= 0) return NO_MOVE; // NaN: no bound
      }
    }
    if (ru !== rv) {
      if (!s.allowed(u, rv) || !s.allowed(x, rv)) return NO_MOVE;
      s.accPrefix(pu);
      s.accSuffix(xx);
      const cu = s.accCost();
      if (cu === NO_MOVE) return NO_MOVE;
      s.accPrefix(v);
      s.accSingle(u);
      s.accSingle(x);
      s.accSuffix(y);
      return cu + s.accCost() - (s.rCost[ru] ?? 0) - (s.rCost[rv] ?? 0);
    }
    if ((s.pos[u] ?? 0) < (s.pos[v] ?? 0)) {
      s.accPrefix(pu);
      s.accRange(xx, v);
      s.accSingle(u);
      s.accSingle(x);
      s.accSuffix(y);
    } else {
      s.accPrefix(v);
      s.accSingle(u);
      s.accSingle(x);
      s.accRange(y, pu);
      s.accSuffix(xx);
    }
    return s.accCost() - (s.rCost[ru] ?? 0);
  },
  apply(s: Routes, u: number, v: number): void {
    const ru = s.rte[u] ?? POOL;
    const rv = s.rte[v] ?? POOL;
    const x = s.nxt[u] ?? 0;
    s.unlink(u);
    s.unlink(x);
    s.linkAfter(u, v);
    s.linkAfter(x, u);
    s.touch(ru, rv);
  },
};
