import { BREAK, END, START } from '../model.js';
import { POOL, type Routes } from '../routes.js';
import { F_BRK, F_LOCK, F_MASK, NF, NO_MOVE } from '../segment.js';
import type { NodeOperator } from './operator.js';
import { plainTwoOptStar } from './plain.js';

/**
 * Lower bound on the cost change of replacing arcs (a→b) + (c→d) by (a→d) + (c→b) on two routes
 * with identical end legs and rates: the driving change (an end leg counting as the arc into the
 * end node), minus all the waiting and penalties the two routes carry; -Infinity when it cannot
 * be bounded.
 */
function bound(s: Routes, a: number, b: number, c: number, d: number, ru: number, rv: number): number {
  const m = s.m;
  if (!s.sameEnd[ru * m.nRoutes + rv]) return -Infinity;
  const la = s.placeOf(a);
  const lc = s.placeOf(c);
  if (la < 0 || lc < 0 || m.kind[b] === BREAK || m.kind[d] === BREAK) return -Infinity;
  // a route left with no bin costs nothing at all (no end leg): no bound
  if ((m.kind[a] === START && m.kind[d] === END) || (m.kind[c] === START && m.kind[b] === END)) return -Infinity;
  const rs = m.routes[ru];
  if (!rs) return -Infinity;
  // b or d may be an end node: its arc is the end leg (NaN, no bound, where that is unknown)
  const drive = s.arcTo(rs, la, d) + s.arcTo(rs, lc, b) - s.arcTo(rs, la, b) - s.arcTo(rs, lc, d);
  const bound = drive - (s.rSlack[ru] ?? 0) - (s.rSlack[rv] ?? 0);
  return bound === bound ? bound : -Infinity;
}

/**
 * 2-OPT* (Potvin & Rousseau 1995; also known as SWAP-TAILS, as in PyVRP and HGS-CVRP): routes of u
 * and v (different) exchange their tails after u and after v. The tails' streams must suit the
 * other vehicle; breaks and locked bins stay put.
 */
export const TwoOptStar: NodeOperator = {
  name: 'two-opt-star',
  evaluate(s: Routes, u: number, v: number): number {
    const m = s.m;
    const ru = s.rte[u] ?? POOL;
    const rv = s.rte[v] ?? POOL;
    if (ru === POOL || rv === POOL || ru === rv || m.kind[u] === END || m.kind[v] === END) return NO_MOVE;
    const x = s.nxt[u] ?? 0;
    const y = s.nxt[v] ?? 0;
    const ou = m.routes[ru];
    const ov = m.routes[rv];
    if (!ou || !ov || ou.closed || ov.closed) return NO_MOVE;
    // plain days have no streams to check, locks or breaks (and price from the prefixes alone)
    if (s.plain) return plainTwoOptStar(s, u, v);
    if (m.kind[x] === BREAK || m.kind[y] === BREAK) return NO_MOVE;
    if (bound(s, u, x, v, y, ru, rv) >= 0) return NO_MOVE;
    // the tails' streams, locks and breaks are read from the suffixes (built on demand)
    s.ensureSuffixes(ru);
    s.ensureSuffixes(rv);
    const maskX = m.kind[x] === END ? 0 : s.suf[x * NF + F_MASK] ?? 0;
    const maskY = m.kind[y] === END ? 0 : s.suf[y * NF + F_MASK] ?? 0;
    if ((maskX & ~ov.acceptMask) !== 0 || (maskY & ~ou.acceptMask) !== 0) return NO_MOVE;
    const lockX = m.kind[x] === END ? 0 : (s.suf[x * NF + F_LOCK] ?? 0) + (s.suf[x * NF + F_BRK] ?? 0);
    const lockY = m.kind[y] === END ? 0 : (s.suf[y * NF + F_LOCK] ?? 0) + (s.suf[y * NF + F_BRK] ?? 0);
    if (lockX > 0 || lockY > 0) return NO_MOVE;
    s.accPrefix(u);
    s.accSuffix(y);
    const cu = s.accCost();
    if (cu === NO_MOVE) return NO_MOVE;
    s.accPrefix(v);
    s.accSuffix(x);
    return cu + s.accCost() - (s.rCost[ru] ?? 0) - (s.rCost[rv] ?? 0);
  },
  apply(s: Routes, u: number, v: number): void {
    const ru = s.rte[u] ?? 0;
    const rv = s.rte[v] ?? 0;
    const x = s.nxt[u] ?? 0;
    const y = s.nxt[v] ?? 0;
    const endU = s.endNode(ru);
    const endV = s.endNode(rv);
    const lastX = s.prv[endU] ?? 0;
    const lastY = s.prv[endV] ?? 0;
    // u -> y .. lastY -> endU ; v -> x .. lastX -> endV
    if (y === endV) {
      s.nxt[u] = endU; s.prv[endU] = u;
    } else {
      s.nxt[u] = y; s.prv[y] = u; s.nxt[lastY] = endU; s.prv[endU] = lastY;
    }
    if (x === endU) {
      s.nxt[v] = endV; s.prv[endV] = v;
    } else {
      s.nxt[v] = x; s.prv[x] = v; s.nxt[lastX] = endV; s.prv[endV] = lastX;
    }
    for (let w = s.nxt[s.startNode(ru)] ?? -1; w >= 0 && w !== endU; w = s.nxt[w] ?? -1) s.rte[w] = ru;
    for (let w = s.nxt[s.startNode(rv)] ?? -1; w >= 0 && w !== endV; w = s.nxt[w] ?? -1) s.rte[w] = rv;
    s.touch(ru, rv);
  },
};
