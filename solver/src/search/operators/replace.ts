import { BIN } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { NO_MOVE } from '../segment.js';
import type { NodeOperator } from './operator.js';

/**
 * REPLACE (swap-in / swap-out of prize-collecting routing, e.g. the orienteering local searches of
 * Vansteenwegen et al. 2009): bin u, left out, takes the place of v, a routed optional bin, which
 * leaves. Priced with both prizes: a mandatory bin left out weighs far more than an optional
 * one, so on a day with more bins than time this makes room for the mandatory ones that plain
 * insertion cannot fit.
 */
export const Replace: NodeOperator = {
  name: 'replace',
  evaluate(s: Routes, u: number, v: number): number {
    const m = s.m;
    if (u === v || m.kind[u] !== BIN || m.kind[v] !== BIN || (s.rte[u] ?? POOL) !== POOL) return NO_MOVE;
    const rv = s.rte[v] ?? POOL;
    if (rv === POOL || m.locked[v] || (m.prize[v] ?? -1) < 0 || !s.allowed(u, rv)) return NO_MOVE;
    const gain = s.prizeOf(u) - s.prizeOf(v);
    if (gain <= 0) return NO_MOVE;
    s.accPrefix(s.prv[v] ?? 0);
    s.accSingle(u);
    s.accSuffix(s.nxt[v] ?? 0);
    const c = s.accCost();
    if (c === NO_MOVE) return NO_MOVE;
    return c - (s.rCost[rv] ?? 0) - gain;
  },
  apply(s: Routes, u: number, v: number): void {
    const p = s.prv[v] ?? 0;
    const r = s.rte[v] ?? POOL;
    s.unlink(v);
    s.linkAfter(u, p);
    s.touch(r, r);
  },
};
