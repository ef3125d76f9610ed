/**
 * Route elimination: fewer trucks when fewer suffice. The route-minimisation heuristic of
 * Nagata & Bräysy (2009, "A powerful route minimization heuristic for the vehicle routing
 * problem with time windows"), on the engine's segments:
 *
 * 1. take a route out: its vehicle is shut and its mandatory bins go to an ejection pool (EP);
 * 2. take the last bin of the EP and insert it where the day stays feasible, cheapest first;
 * 3. failing that, *squeeze* it in: insert it where it costs the least lateness and overload,
 *    and let the local search (penalties all but forbidding both) remove them; undone if it
 *    cannot;
 * 4. failing that, *eject*: raise the bin's counter p, insert it and take out of that route at
 *    most {@link MAX_EJECT} bins near the insertion such that the route becomes feasible,
 *    minimising the sum of their counters (bins that keep coming back get hard to eject), and
 *    put them in the EP; then perturb the day with random feasible moves;
 * 5. when the EP has not emptied after {@link EP_STEPS_PER_BIN} steps per bin (long routes with
 *    wide windows, where ejections of one or two bins rarely make room), ruin and recreate runs on
 *    the shut fleet with the bins left out as a pool;
 * 6. when every bin is back, the day has one route fewer: keep it if it is cheaper (always, when
 *    the objective counts vehicles first), and try the next route.
 *
 * Optional bins of a removed route simply leave (the search later takes them back where they pay).
 */
import type { Rng } from '../model/rng.js';
import type { Budget } from './budget.js';
import { localSearch } from './local-search.js';
import { BIN, END } from './model.js';
import { Relocate } from './operators/relocate.js';
import { Swap } from './operators/swap.js';
import { POOL, type DaySnapshot, type Routes } from './routes.js';
import { NO_MOVE } from './segment.js';
import { DEFAULT_ACCEPTANCE, DEFAULT_PENALTY_SCALE, thresholdSearch } from './threshold-search.js';

/** Most bins ejected for one insertion (Nagata & Bräysy use up to 5 with a lexicographic search). */
const MAX_EJECT = 2;
/** Bins on each side of the insertion point that may be ejected. */
const EJECT_WINDOW = 8;
/** Random moves of a perturbation. */
const PERTURB_MOVES = 30;
/** Failed attempts (a route that could not be emptied) before giving up. */
const MAX_FAILURES = 8;
/** Insertion steps of an attempt's ejection pool, per bin to put back. */
const EP_STEPS_PER_BIN = 40;
/** Ruin-and-recreate iterations of an attempt whose ejection pool did not empty. */
const RR_ITERATIONS = 200;

/** What {@link eliminateRoutes} did. */
export interface EliminationStats {
  /** Routes taken out for good. */
  removed: number;
  /** Routes tried (taken out, emptied or not). */
  attempts: number;
  /** Insertion steps made. */
  steps: number;
}

/** Whether route elimination can pay: the objective charges vehicles (hierarchical, or fixed costs). */
export function eliminationApplies(s: Routes): boolean {
  return s.m.hierarchical || s.m.routes.some((r) => r.fixedCost > 0);
}

/** Fewest routes the mandatory bins could need, by capacity alone (the largest truck's). */
function capacityBound(s: Routes): number {
  const m = s.m;
  let l = 0;
  let k = 0;
  for (let b = 0; b < m.nBins; b++) {
    if ((m.prize[b] ?? -1) >= 0) continue;
    l += m.demL[b] ?? 0;
    k += m.demK[b] ?? 0;
  }
  const capL = Math.max(...m.routes.map((r) => (m.trips ? Infinity : r.capL)));
  const capK = Math.max(...m.routes.map((r) => Math.min(r.dailyK, m.trips ? Infinity : r.capK)));
  return Math.max(1, Math.ceil(Math.max(l / capL, k / capK)));
}

/** Whether the accumulator's route is feasible. */
function accFeasible(s: Routes, cost: number): boolean {
  return cost !== NO_MOVE && s.aLate <= 1e-9 && s.aOver <= 1e-12;
}

/**
 * The insertion of pool bin u with the least `score` (node after which, or -1): `score` reads the
 * route's new cost and the accumulator's lateness and overload, and returns null to rule a
 * position out.
 */
function bestInsertion(s: Routes, u: number, score: (routeCost: number, delta: number) => number | null): number {
  const m = s.m;
  let best = Infinity;
  let at = -1;
  for (let r = 0; r < m.nRoutes; r++) {
    if ((s.rSize[r] ?? 0) === 0 || !s.allowed(u, r)) continue;
    for (let a = s.startNode(r); a >= 0 && m.kind[a] !== END; a = s.nxt[a] ?? -1) {
      s.accPrefix(a);
      s.accSingle(u);
      s.accSuffix(s.nxt[a] ?? 0);
      const c = s.accCost();
      if (c === NO_MOVE) continue;
      const v = score(c, c - (s.rCost[r] ?? 0));
      if (v !== null && v < best) {
        best = v;
        at = a;
      }
    }
  }
  return at;
}

/** Cheapest feasible insertion of pool bin u (node after which, or -1). */
function feasibleInsertion(s: Routes, u: number): number {
  return bestInsertion(s, u, (c, delta) => (accFeasible(s, c) ? delta : null));
}

/** Insertion of pool bin u with the least lateness and overload (node after which, or -1). */
function leastPenaltyInsertion(s: Routes, u: number): number {
  return bestInsertion(s, u, (c) => s.hardTime * s.aLate + s.hardCap * s.aOver + 1e-9 * c);
}

/**
 * Cost of route r (or NO_MOVE when infeasible) with bin u inserted after node `a` and the nodes
 * of `out` taken out.
 */
function routeWith(s: Routes, r: number, u: number, a: number, out: readonly number[]): number {
  const m = s.m;
  s.accStart(r);
  const start = s.startNode(r);
  if (a === start) s.accSingle(u);
  for (let w = s.nxt[start] ?? -1; w >= 0 && m.kind[w] !== END; w = s.nxt[w] ?? -1) {
    if (!out.includes(w)) s.accSingle(w);
    if (w === a) s.accSingle(u);
  }
  s.accEnd(r);
  const c = s.accCost();
  return accFeasible(s, c) ? c : NO_MOVE;
}

/**
 * The insertion of u with ejections that makes its route feasible with the least sum of counters
 * (then the least cost): insertion points next to u's granular neighbours, ejections among the
 * bins near the insertion point.
 */
function ejectionInsertion(s: Routes, u: number, p: Float64Array): { at: number; out: number[] } | null {
  const m = s.m;
  let bestP = Infinity;
  let bestC = Infinity;
  let best: { at: number; out: number[] } | null = null;
  const points = new Set<number>();
  for (const v of s.neighbours[u] ?? []) {
    const rv = s.rte[v] ?? POOL;
    if (rv === POOL || !s.allowed(u, rv)) continue;
    points.add(v);
    const pv = s.prv[v] ?? -1;
    if (pv >= 0) points.add(pv);
  }
  for (const a of points) {
    const r = s.rte[a] ?? POOL;
    if (r === POOL || m.kind[a] === END) continue;
    // bins around the insertion point, unlocked
    const near: number[] = [];
    for (let w = a; w >= 0 && near.length < EJECT_WINDOW; w = s.prv[w] ?? -1) if (m.kind[w] === BIN && !m.locked[w]) near.push(w);
    const before = near.length;
    for (let w = s.nxt[a] ?? -1; w >= 0 && m.kind[w] !== END && near.length < before + EJECT_WINDOW; w = s.nxt[w] ?? -1) if (m.kind[w] === BIN && !m.locked[w]) near.push(w);
    const tryOut = (out: number[]): void => {
      const pSum = out.reduce((acc, w) => acc + (p[w] ?? 1), 0);
      if (pSum > bestP) return;
      let anchor = a;
      while (anchor >= 0 && out.includes(anchor)) anchor = s.prv[anchor] ?? -1;
      if (anchor < 0) return;
      const c = routeWith(s, r, u, anchor, out);
      if (c === NO_MOVE) return;
      if (pSum < bestP || c < bestC) {
        bestP = pSum;
        bestC = c;
        best = { at: anchor, out };
      }
    };
    for (let i = 0; i < near.length; i++) {
      tryOut([near[i] as number]);
      if (MAX_EJECT < 2) continue;
      for (let j = i + 1; j < near.length; j++) tryOut([near[i] as number, near[j] as number]);
    }
  }
  return best;
}

/** A few random moves that keep the day feasible (Nagata & Bräysy's perturbation). */
function perturb(s: Routes, rng: Rng): void {
  const m = s.m;
  const tolerance = 0.1 * s.mandatoryPrize;
  for (let k = 0; k < PERTURB_MOVES; k++) {
    const u = rng.nextInt(m.nBins);
    if ((s.rte[u] ?? POOL) === POOL || m.locked[u]) continue;
    const list = s.neighbours[u];
    if (!list || list.length === 0) continue;
    const v = list[rng.nextInt(list.length)] ?? 0;
    if ((s.rte[v] ?? POOL) === POOL) continue;
    const op = rng.nextInt(2) === 0 ? Relocate : Swap;
    if (op.evaluate(s, u, v) < tolerance) op.apply(s, u, v);
  }
}

/**
 * Runs route elimination on the day loaded in `s` (feasible, penalty scale 1) until `budget` is
 * spent (an iteration is one insertion step), the capacity bound is reached, or
 * {@link MAX_FAILURES} routes could not be emptied; leaves the best day loaded.
 */
export function eliminateRoutes(s: Routes, rng: Rng, budget: Budget): EliminationStats {
  const m = s.m;
  const stats: EliminationStats = { removed: 0, attempts: 0, steps: 0 };
  s.setPenaltyScale(1);
  for (let b = 0; b < m.nBins; b++) if ((m.prize[b] ?? -1) < 0 && (s.rte[b] ?? POOL) === POOL) return stats;
  const bound = capacityBound(s);
  const p = new Float64Array(m.nBins).fill(1);
  let best: DaySnapshot = s.snapshot();
  let bestCost = s.totalCost();
  let failures = 0;
  const tried = new Set<number>();
  while (!budget.spent() && failures < MAX_FAILURES) {
    const used = Array.from({ length: m.nRoutes }, (_, r) => r).filter((r) => (s.rSize[r] ?? 0) > 0 && !m.routes[r]?.hasPrefix && !m.routes[r]?.closed);
    if (used.length <= bound) break;
    // the smallest route not tried yet on this day, else a random one
    const fresh = used.filter((r) => !tried.has(r)).sort((a, b) => (s.rSize[a] ?? 0) - (s.rSize[b] ?? 0) || a - b);
    const r = fresh[0] ?? used[rng.nextInt(used.length)] ?? 0;
    tried.add(r);
    stats.attempts++;
    const ep: number[] = [];
    for (const v of s.routeSeq(r)) {
      if (m.kind[v] === BIN && (m.prize[v] ?? -1) < 0) ep.push(v);
      s.unlink(v);
    }
    // the vehicle and every unused one stay shut: the bins must fit in the other routes
    for (let q = 0; q < m.nRoutes; q++) if (q === r || (s.rSize[q] ?? 0) === 0) s.disabled[q] = 1;
    s.touch(r, r);
    if (ep.some((v) => m.locked[v])) {
      s.disabled.fill(0);
      s.restore(best);
      failures++;
      continue;
    }
    rng.shuffle(ep);
    // the ejection pool's share of what is left: insertion steps, then half the time
    const steps = budget.part(EP_STEPS_PER_BIN * ep.length, 0.5);
    while (ep.some((v) => (s.rte[v] ?? POOL) === POOL) && !steps.spent()) {
      steps.iterations++;
      stats.steps++;
      const u = ep.pop() ?? 0;
      // the local search of a squeeze may have taken pool bins in already
      if ((s.rte[u] ?? POOL) !== POOL) continue;
      const at = feasibleInsertion(s, u);
      if (at >= 0) {
        s.insertAfter(u, at);
        continue;
      }
      const saved = s.snapshot();
      const squeeze = leastPenaltyInsertion(s, u);
      if (squeeze >= 0) {
        s.insertAfter(u, squeeze);
        localSearch(s, rng);
        if (s.isFeasible() && (s.rte[u] ?? POOL) !== POOL) continue;
        s.restore(saved);
      }
      p[u] = (p[u] ?? 1) + 1;
      const ej = ejectionInsertion(s, u, p);
      if (!ej) {
        ep.unshift(u);
        perturb(s, rng);
        continue;
      }
      for (const w of ej.out) s.unlink(w);
      s.linkAfter(u, ej.at);
      const rr = s.rte[u] ?? 0;
      s.touch(rr, rr);
      for (const w of ej.out) ep.push(w);
      perturb(s, rng);
    }
    budget.iterations += steps.iterations;
    if (ep.some((v) => (s.rte[v] ?? POOL) === POOL) && !budget.spent() && s.isFeasible()) {
      // long routes: the bins still left out get ruin and recreate on the shut fleet (its best is
      // the cheapest feasible day, and a left-out mandatory bin weighs more than any detour)
      const rr = budget.part(RR_ITERATIONS, 0.5);
      thresholdSearch(s, rng, rr, { acceptance: DEFAULT_ACCEPTANCE, penaltyScale: DEFAULT_PENALTY_SCALE, minScale: 1e-9 });
      budget.iterations += rr.iterations;
      stats.steps += rr.iterations;
    }
    s.disabled.fill(0);
    const done = ep.every((v) => (s.rte[v] ?? POOL) !== POOL);
    if (done && s.isFeasible()) {
      localSearch(s, rng);
      const cost = s.totalCost();
      if (s.isFeasible() && cost < bestCost - 1e-9 * Math.max(1, Math.abs(bestCost))) {
        best = s.snapshot();
        bestCost = cost;
        stats.removed++;
        tried.clear();
        failures = 0;
        continue;
      }
    }
    failures++;
    s.restore(best);
  }
  s.restore(best);
  return stats;
}
