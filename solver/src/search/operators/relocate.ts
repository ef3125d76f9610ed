import { BREAK, END } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { NO_MOVE } from '../segment.js';
import type { NodeOperator } from './operator.js';
import { plainRelocate } from './plain.js';

/**
 * Lower bound on the cost change of moving u (between pu and x) to between v and y: the driving
 * change (an end leg counting as the arc into the end node) minus the waiting and penalties of
 * the routes involved (same end legs and rates required, and u's route must keep a bin);
 * -Infinity when it cannot be bounded.
 */
function bound(s: Routes, pu: number, u: number, x: number, v: number, y: number, ru: number, rv: number): number {
  const m = s.m;
  if (ru !== rv && (!s.sameEnd[ru * m.nRoutes + rv] || (s.rSize[ru] ?? 0) <= 1)) return -Infinity;
  const k = m.kind;
  if (k[x] === BREAK || k[y] === BREAK) return -Infinity;
  const lp = s.placeOf(pu);
  const lu = s.placeOf(u);
  const lv = s.placeOf(v);
  if (lp < 0 || lu < 0 || lv < 0) return -Infinity;
  const rs = m.routes[ru];
  if (!rs) return -Infinity;
  // x or y may be an end node: its arc is the end leg (NaN, so no bound, where that is unknown)
  const drive = s.arcTo(rs, lp, x) - s.leg(rs, lp, lu) - s.arcTo(rs, lu, x) + s.leg(rs, lv, lu) + s.arcTo(rs, lu, y) - s.arcTo(rs, lv, y);
  const b = drive - (s.rSlack[ru] ?? 0) - (ru !== rv ? s.rSlack[rv] ?? 0 : 0);
  return b === b ? b : -Infinity;
}

/**
 * RELOCATE (Savelsbergh 1992; as in HGS-CVRP, Vidal 2022): node u, routed or in the pool, to just
 * after v. From the pool it is an insertion, priced with the prize it earns. Also known as
 * or-opt-1 and (between routes) insertion.
 */
export const Relocate: NodeOperator = {
  name: 'relocate',
  evaluate(s: Routes, u: number, v: number): number {
    if (u === v) return NO_MOVE;
    const ru = s.rte[u] ?? POOL;
    // from the pool: an insertion, skipped when its detour alone cannot pay (plain days price it in O(1))
    if (ru === POOL) return !s.plain && s.insertBound(u, v) >= 0 ? NO_MOVE : s.evalInsert(u, v);
    const pu = s.prv[u] ?? 0;
    if (pu === v) return NO_MOVE;
    const rv = s.rte[v] ?? POOL;
    if (rv === POOL || s.m.kind[v] === END) return NO_MOVE;
    if (s.m.locked[u]) return NO_MOVE;
    if (s.plain) return ru !== rv && !s.allowed(u, rv) ? NO_MOVE : plainRelocate(s, u, v);
    const x = s.nxt[u] ?? 0;
    const y = s.nxt[v] ?? 0;
    if (bound(s, pu, u, x, v, y, ru, rv) >= 0) return NO_MOVE;
    if (ru !== rv) {
      if (!s.allowed(u, rv)) return NO_MOVE;
      s.accPrefix(pu);
      s.accSuffix(x);
      const cu = s.accCost();
      if (cu === NO_MOVE) return NO_MOVE;
      s.accPrefix(v);
      s.accSingle(u);
      s.accSuffix(y);
      return cu + s.accCost() - (s.rCost[ru] ?? 0) - (s.rCost[rv] ?? 0);
    }
    if ((s.pos[u] ?? 0) < (s.pos[v] ?? 0)) {
      s.accPrefix(pu);
      s.accRange(x, v);
      s.accSingle(u);
      s.accSuffix(y);
    } else {
      s.accPrefix(v);
      s.accSingle(u);
      s.accRange(y, pu);
      s.accSuffix(x);
    }
    return s.accCost() - (s.rCost[ru] ?? 0);
  },
  apply(s: Routes, u: number, v: number): void {
    s.insertAfter(u, v);
  },
};
