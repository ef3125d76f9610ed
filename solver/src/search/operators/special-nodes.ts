import { DISPOSAL, END } from '../model.js';
import { POOL, type Routes } from '../routes.js';

/**
 * Re-places the disposal visits and breaks of route r (a route operator, run on every route a
 * pass of the local search changed): each is taken out and put back at its best position (and,
 * for a disposal visit, at its best site), or left out when the route is cheaper without it; a
 * break not yet in the route goes in when it pays or when it is owed (the day ends after its
 * latest start); then one spare disposal visit is added where it pays (an overloaded trip).
 * O(L) evaluations per special node: RELOCATE of the special nodes over every gap of the route,
 * with the site as a further choice (the disposal trips of the waste-collection VRP with time
 * windows, Kim, Kim & Sahoo 2006, placed by best insertion).
 * @returns whether the route improved.
 */
export const SpecialNodes = {
  name: 'special-nodes',
  apply(s: Routes, r: number): boolean {
    const m = s.m;
    const rs = m.routes[r];
    if (!rs) return false;
    let improved = false;
    const specials = s.routeSeq(r).filter((v) => s.isSpecial(v));
    for (const w of specials) {
      const before = s.rCost[r] ?? 0;
      const eps = 1e-9 * Math.max(1, Math.abs(before));
      const origPrev = s.prv[w] ?? s.startNode(r);
      const own = m.siteOf[w] ?? -1;
      s.unlink(w);
      s.updateRoute(r);
      const without = s.rCost[r] ?? 0;
      if (without < before - eps) {
        s.touch(r, r);
        improved = true;
        continue;
      }
      let best = before;
      let bestV = origPrev;
      let bestSite = own;
      for (const site of m.kind[w] === DISPOSAL ? rs.sites : [-1]) {
        if (site >= 0) s.setSiteOf(w, site);
        for (let v = s.startNode(r); v >= 0 && m.kind[v] !== END; v = s.nxt[v] ?? -1) {
          const c = without + s.evalInsert(w, v);
          if (c < best - eps) {
            best = c;
            bestV = v;
            bestSite = site;
          }
        }
      }
      if (bestSite >= 0) s.setSiteOf(w, bestSite);
      s.linkAfter(w, bestV);
      s.touch(r, r);
      if (bestV !== origPrev || bestSite !== own) improved = true;
    }
    for (const b of rs.breakNodes) {
      if (s.rte[b] !== POOL) continue;
      const before = s.rCost[r] ?? 0;
      // an owed break (the day ends after its latest start) goes in at its best place even when
      // that costs more than the estimate it was priced at; otherwise only when it pays
      const used = (s.rCost[r] ?? 0) !== 0;
      const owed = used && s.endArrival(r) > (m.due[b] ?? 0);
      let best = owed ? Infinity : -1e-9 * Math.max(1, Math.abs(before));
      let bestV = -1;
      for (let v = s.startNode(r); v >= 0 && m.kind[v] !== END; v = s.nxt[v] ?? -1) {
        const d = s.evalInsert(b, v);
        if (d < best) {
          best = d;
          bestV = v;
        }
      }
      if (bestV >= 0) {
        s.linkAfter(b, bestV);
        s.touch(r, r);
        improved = true;
      }
    }
    const spare = s.spareDisposal();
    if (spare >= 0) {
      const before = s.rCost[r] ?? 0;
      const eps = 1e-9 * Math.max(1, Math.abs(before));
      let best = 0;
      let bestV = -1;
      let bestSite = -1;
      for (const site of rs.sites) {
        s.setSiteOf(spare, site);
        for (let v = s.nxt[s.startNode(r)] ?? -1; v >= 0 && m.kind[v] !== END; v = s.nxt[v] ?? -1) {
          const d = s.evalInsert(spare, v);
          if (d < best - eps) {
            best = d;
            bestV = v;
            bestSite = site;
          }
        }
      }
      if (bestV >= 0) {
        s.setSiteOf(spare, bestSite);
        s.linkAfter(spare, bestV);
        s.touch(r, r);
        improved = true;
      }
    }
    return improved;
  },
};
