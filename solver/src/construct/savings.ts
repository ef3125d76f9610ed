import type { RouteState } from '../evaluate/route-state.js';
import { tripCost } from '../evaluate/trip-cost.js';
import { cheapestInsertion, farthestFirst } from './cheapest-insertion.js';

/**
 * Savings construction adapted to multi-trip waste collection:
 * 1. per stream, Clarke & Wright (1964) parallel savings builds capacity-feasible trips that start
 *    and end at the disposal site: joining the end `i` of one trip to the start `j` of another
 *    saves `d(i, disposal) + d(disposal, j) - d(i, j)` metres; the trip capacity is that of the
 *    compatible vehicle with the most litres, and a trip never exceeds that vehicle's shift;
 * 2. trips are packed into vehicles' shifts by best-fit decreasing duration (Johnson 1974):
 *    each trip goes to the compatible vehicle with the least shift time left after taking it;
 * 3. the trip whose first bin gains most from starting at the depot rather than the disposal site
 *    becomes each vehicle's first trip (kept only if it shortens the day);
 * 4. bins of trips that fit no vehicle are inserted one by one by cheapest insertion.
 * Mutates `st` (which must hold no routed bins); returns the bins still unassigned.
 * O(n² log n) for the savings list.
 */
export function savings(st: RouteState, bins: readonly number[]): number[] {
  const inst = st.inst;
  const n = inst.size;
  const D = inst.dist;
  const disp = inst.disposal;
  const byStream = new Map<string, number[]>();
  for (const b of bins) {
    const s = inst.problem.bins[b]?.stream ?? '';
    const g = byStream.get(s);
    if (g) g.push(b);
    else byStream.set(s, [b]);
  }
  const trips: number[][] = [];
  for (const group of byStream.values()) {
    const first = group[0] as number;
    let cap = -1;
    for (let v = 0; v < inst.nVehicles; v++) {
      if (inst.compat[v * inst.nBins + first] !== 1) continue;
      if (cap < 0 || (inst.capLitres[v] as number) > (inst.capLitres[cap] as number) ||
        ((inst.capLitres[v] as number) === (inst.capLitres[cap] as number) && (inst.capKg[v] as number) > (inst.capKg[cap] as number)))
        cap = v;
    }
    if (cap < 0) continue;
    const capL = inst.capLitres[cap] as number;
    const capKg = inst.capKg[cap] as number;
    const maxDur = Math.max(...Array.from({ length: inst.nVehicles }, (_, v) => (inst.compat[v * inst.nBins + first] === 1 ? (inst.shiftLenSec[v] as number) : 0)));
    interface Chain {
      bins: number[];
      litres: number;
      kg: number;
      durationSec: number;
    }
    const T = inst.dur;
    const chainOf = new Map<number, Chain>();
    const fits = (b: number): boolean => (inst.binLitres[b] as number) <= capL && (inst.binKg[b] as number) <= capKg;
    const members = group.filter(fits);
    for (const b of members) {
      const c = tripCost(inst, disp, [b]);
      chainOf.set(b, { bins: [b], litres: c.litres, kg: c.kg, durationSec: c.durationSec });
    }
    const loc = (b: number): number => inst.binLoc[b] as number;
    const pairs: [number, number, number][] = [];
    for (const i of members)
      for (const j of members) {
        if (i === j) continue;
        const s = (D[loc(i) * n + disp] as number) + (D[disp * n + loc(j)] as number) - (D[loc(i) * n + loc(j)] as number);
        if (s > 0) pairs.push([s, i, j]);
      }
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [, i, j] of pairs) {
      const ci = chainOf.get(i);
      const cj = chainOf.get(j);
      if (!ci || !cj || ci === cj || ci.bins[ci.bins.length - 1] !== i || cj.bins[0] !== j) continue;
      if (ci.litres + cj.litres > capL || ci.kg + cj.kg > capKg) continue;
      const durationSec =
        ci.durationSec + cj.durationSec - inst.disposalServiceSec -
        (T[loc(i) * n + disp] as number) - (T[disp * n + loc(j)] as number) + (T[loc(i) * n + loc(j)] as number);
      if (durationSec > maxDur) continue;
      const merged: Chain = { bins: ci.bins.concat(cj.bins), litres: ci.litres + cj.litres, kg: ci.kg + cj.kg, durationSec };
      for (const b of merged.bins) chainOf.set(b, merged);
    }
    const seen = new Set<Chain>();
    for (const b of members) {
      const c = chainOf.get(b);
      if (c && !seen.has(c)) {
        seen.add(c);
        trips.push(c.bins);
      }
    }
  }
  const withDur = trips.map((t, k) => ({ t, k, dur: tripCost(inst, disp, t).durationSec }));
  withDur.sort((a, b) => b.dur - a.dur || a.k - b.k);
  const left: number[] = [];
  for (const { t } of withDur) {
    let best = -1;
    let bestSlack = Number.POSITIVE_INFINITY;
    for (let v = 0; v < inst.nVehicles; v++) {
      const d = st.evaluateChanges([{ v, append: [t] }]);
      if (d === null) continue;
      const slack = (inst.shiftLenSec[v] as number) - (st.routeDur[v] as number) - d.durationSec;
      if (slack < bestSlack) {
        bestSlack = slack;
        best = v;
      }
    }
    if (best < 0) left.push(...t);
    else st.applyChanges([{ v: best, append: [t] }]);
  }
  for (let v = 0; v < inst.nVehicles; v++) {
    const day = st.route(v).map((t) => t.slice());
    if (day.length < 2) continue;
    const gain = (t: readonly number[]): number => {
      const l = inst.binLoc[t[0] as number] as number;
      return (D[disp * n + l] as number) - (D[inst.depot * n + l] as number);
    };
    let bestK = 0;
    day.forEach((t, k) => {
      if (gain(t) > gain(day[bestK] as number[])) bestK = k;
    });
    const reordered = [day[bestK] as number[], ...day.filter((_, k) => k !== bestK)];
    const r0 = st.routeDist[v] as number;
    const d0 = st.routeDur[v] as number;
    st.setRoute(v, reordered);
    if ((st.routeDur[v] as number) > (inst.shiftLenSec[v] as number) || (st.routeDist[v] as number) > r0 || ((st.routeDist[v] as number) === r0 && (st.routeDur[v] as number) > d0))
      st.setRoute(v, day);
  }
  const remaining = new Set(bins.filter((b) => st.unassigned.has(b)));
  for (const b of left) remaining.add(b);
  return cheapestInsertion(st, farthestFirst(st, [...remaining]));
}
