import type { RouteState } from '../evaluate/route-state.js';
import { isImproving } from '../evaluate/cost.js';
import type { Delta } from '../evaluate/cost.js';
import type { Rng } from '../model/rng.js';
import { bestInsertion, cheapestInsertion } from '../construct/cheapest-insertion.js';
import { neighbours } from './neighbours.js';
import { tripStartLoc } from '../evaluate/trip-cost.js';
import { Relocate } from './operators/relocate.js';
import { Swap } from './operators/swap.js';
import { OrOpt } from './operators/or-opt.js';
import { TwoOpt } from './operators/two-opt.js';
import { TwoOptStar } from './operators/two-opt-star.js';
import { TripRelocate } from './operators/trip-relocate.js';

/** Settings of {@link localSearch}. */
export interface LocalSearchOptions {
  /** Maximum number of passes (see {@link localSearch} for what a pass is). 0 = no search. */
  readonly maxIterations: number;
  /** Seeded RNG deciding the order in which bins are visited in each pass. */
  readonly rng: Rng;
  /** Neighbour-list size (default 30). */
  readonly neighbourCount?: number;
  /** Bins that may be retried after each pass (unassigned but servable alone). */
  readonly retryBins?: readonly number[];
  /** Progress callback: fraction in [0, 1] of the iteration budget, short message. */
  readonly onProgress?: (fraction: number, message: string) => void;
}

/** What a local-search run did. */
export interface LocalSearchStats {
  /** Passes performed. */
  readonly iterations: number;
  /** Moves applied (improving moves, balancing trip moves and reinsertions). */
  readonly moves: number;
  /** True when the last pass found nothing to improve (a local optimum for these operators). */
  readonly localOptimum: boolean;
}

/**
 * First-improvement local search (variable-neighbourhood descent over granular neighbour lists).
 *
 * One **iteration** is one full pass: every routed bin `u`, in a seeded random order, is tried
 * against each of its k nearest bins `w` with, in order, relocate (u after / before w), swap,
 * or-opt (segments of 2 and 3 starting at u, after / before w), intra-trip 2-opt (Croes 1958) and
 * 2-opt* (Potvin & Rousseau 1995) making u and w adjacent; the first strictly improving feasible
 * move (less distance, or equal distance and less duration) is applied at once. Candidates whose
 * edge-exchange distance estimate is positive are skipped before exact evaluation. Then each whole
 * trip is tried on every other vehicle (improving, or cost-neutral and shortening the busier of
 * the two shifts), and the retry bins are re-inserted by cheapest insertion where they now fit
 * (for up to 5 bins per pass that fit nowhere, a whole trip is first moved to another vehicle if that
 * makes room: this may add metres but serves one more bin, which ranks first in the objective).
 * The search stops after `maxIterations` passes or after a pass with no improvement.
 *
 * Never worsens the lexicographic cost (unassigned, metres, seconds). Mutates `st`.
 * Deterministic for a given RNG state.
 */
export function localSearch(st: RouteState, opts: LocalSearchOptions): LocalSearchStats {
  const inst = st.inst;
  const neigh = neighbours(inst, opts.neighbourCount ?? 30);
  let moves = 0;
  let iterations = 0;
  let localOptimum = false;
  const better = (d: Delta | null): d is Delta => d !== null && isImproving(d);

  const n = inst.size;
  const D = inst.dist;
  const d = (a: number, b: number): number => D[a * n + b] as number;
  const locOf = (b: number): number => inst.binLoc[b] as number;
  /** Location before position `p` of trip `t` (the trip's start for p = 0). */
  const before = (trip: readonly number[], t: number, p: number): number =>
    p === 0 ? tripStartLoc(inst, t) : locOf(trip[p - 1] as number);
  /** Location after position `p` (the disposal site after the last bin). */
  const after = (trip: readonly number[], p: number): number => (p + 1 < trip.length ? locOf(trip[p + 1] as number) : inst.disposal);

  /**
   * Tries moves pairing `u` with its neighbour `w`. Each candidate is first screened with its
   * edge-exchange distance estimate (exact for symmetric matrices and trips that stay non-empty);
   * only candidates whose estimate is <= 0 are evaluated exactly by the operator.
   */
  const tryPair = (u: number, w: number): boolean => {
    const vu = st.binVeh[u] as number;
    const tu = st.binTrip[u] as number;
    const pu = st.binPos[u] as number;
    const vw = st.binVeh[w] as number;
    const tw = st.binTrip[w] as number;
    const pw = st.binPos[w] as number;
    if (vu < 0 || vw < 0) return false;
    const tripU = st.trip(vu, tu);
    const tripW = st.trip(vw, tw);
    const lu = locOf(u);
    const lw = locOf(w);
    const pU = before(tripU, tu, pu);
    const nU = after(tripU, pu);
    const pW = before(tripW, tw, pw);
    const nW = after(tripW, pw);
    const sameTrip = vu === vw && tu === tw;
    const uFirst = sameTrip && pu < pw;

    const removeU = d(pU, nU) - d(pU, lu) - d(lu, nU);
    const screens: [number, number][] = [
      [uFirst ? pw : pw + 1, removeU + d(lw, lu) + d(lu, nW) - d(lw, nW)],
      [uFirst ? pw - 1 : pw, removeU + d(pW, lu) + d(lu, lw) - d(pW, lw)],
    ];
    for (const [toPos, est] of screens) {
      if (est > 0 || (sameTrip && toPos === pu)) continue;
      const m = { bin: u, toVeh: vw, toTrip: tw, toPos };
      if (better(Relocate.evaluate(st, m))) {
        Relocate.apply(st, m);
        return true;
      }
    }
    const swapEst = d(pU, lw) + d(lw, nU) - d(pU, lu) - d(lu, nU) + d(pW, lu) + d(lu, nW) - d(pW, lw) - d(lw, nW);
    if (swapEst <= 0 && better(Swap.evaluate(st, { a: u, b: w }))) {
      Swap.apply(st, { a: u, b: w });
      return true;
    }
    for (const length of [2, 3]) {
      if (pu + length > tripU.length) break;
      if (sameTrip && pw >= pu && pw < pu + length) continue;
      const lastLoc = locOf(tripU[pu + length - 1] as number);
      const nSeg = after(tripU, pu + length - 1);
      const removeSeg = d(pU, nSeg) - d(pU, lu) - d(lastLoc, nSeg);
      const segScreens: [number, number][] = [
        [uFirst ? pw - length + 1 : pw + 1, removeSeg + d(lw, lu) + d(lastLoc, nW) - d(lw, nW)],
        [uFirst ? pw - length : pw, removeSeg + d(pW, lu) + d(lastLoc, lw) - d(pW, lw)],
      ];
      for (const [toPos, est] of segScreens) {
        if (est > 0 || (sameTrip && toPos === pu)) continue;
        const m = { bin: u, length, toVeh: vw, toTrip: tw, toPos };
        if (better(OrOpt.evaluate(st, m))) {
          OrOpt.apply(st, m);
          return true;
        }
      }
    }
    if (sameTrip) {
      const m = pu < pw ? { v: vu, t: tu, i: pu + 1, j: pw } : { v: vu, t: tu, i: pw, j: pu - 1 };
      if (m.i < m.j) {
        const a = before(tripU, tu, m.i);
        const li = locOf(tripU[m.i] as number);
        const lj = locOf(tripU[m.j] as number);
        const b = after(tripU, m.j);
        const est = d(a, lj) + d(li, b) - d(a, li) - d(lj, b);
        if (est <= 0 && better(TwoOpt.evaluate(st, m))) {
          TwoOpt.apply(st, m);
          return true;
        }
      }
    } else {
      const starScreens: [{ v1: number; t1: number; i: number; v2: number; t2: number; j: number }, number][] = [
        [{ v1: vu, t1: tu, i: pu + 1, v2: vw, t2: tw, j: pw }, d(lu, lw) + d(pW, nU) - d(lu, nU) - d(pW, lw)],
        [{ v1: vu, t1: tu, i: pu, v2: vw, t2: tw, j: pw + 1 }, d(lw, lu) + d(pU, nW) - d(pU, lu) - d(lw, nW)],
      ];
      for (const [m, est] of starScreens) {
        if (est <= 0 && better(TwoOptStar.evaluate(st, m))) {
          TwoOptStar.apply(st, m);
          return true;
        }
      }
    }
    return false;
  };

  const tripMoves = (): number => {
    let applied = 0;
    for (let from = 0; from < inst.nVehicles; from++) {
      for (let t = 0; t < st.route(from).length; t++) {
        for (let to = 0; to < inst.nVehicles; to++) {
          if (to === from) continue;
          const m = { fromVeh: from, t, toVeh: to };
          const d = TripRelocate.evaluate(st, m);
          if (d === null) continue;
          const neutral = d.distanceM === 0 && d.durationSec === 0;
          if (isImproving(d) || (neutral && busiestAfter(st, m) < Math.max(st.routeDur[from] as number, st.routeDur[to] as number))) {
            TripRelocate.apply(st, m);
            applied++;
            t = -1;
            break;
          }
        }
      }
    }
    return applied;
  };

  /** Inserts pending bins; for a bin that fits nowhere, tries moving one trip first to make room. */
  const reinsert = (pending: readonly number[]): number => {
    let inserted = 0;
    let rescues = 0;
    for (const b of pending) {
      if (cheapestInsertion(st, [b]).length === 0) {
        inserted++;
        continue;
      }
      if (rescues >= MAX_RESCUES_PER_PASS) continue;
      rescues++;
      rescue: for (let from = 0; from < inst.nVehicles; from++) {
        for (let t = 0; t < st.route(from).length; t++) {
          for (let to = 0; to < inst.nVehicles; to++) {
            const m = { fromVeh: from, t, toVeh: to };
            if (to === from || TripRelocate.evaluate(st, m) === null) continue;
            const trial = st.clone();
            TripRelocate.apply(trial, m);
            if (bestInsertion(trial, b) === null) continue;
            TripRelocate.apply(st, m);
            cheapestInsertion(st, [b]);
            inserted++;
            break rescue;
          }
        }
      }
    }
    return inserted;
  };

  const retry = [...(opts.retryBins ?? [])];
  for (let iter = 0; iter < opts.maxIterations; iter++) {
    iterations++;
    let improved = 0;
    const order: number[] = [];
    for (let b = 0; b < inst.nBins; b++) if ((st.binVeh[b] as number) >= 0) order.push(b);
    opts.rng.shuffle(order);
    for (const u of order) {
      for (const w of neigh[u] ?? []) {
        if (tryPair(u, w)) improved++;
      }
    }
    improved += tripMoves();
    const pending = retry.filter((b) => st.unassigned.has(b));
    if (pending.length > 0) improved += reinsert(pending);
    moves += improved;
    opts.onProgress?.((iter + 1) / opts.maxIterations, `local search pass ${iter + 1}: ${improved} moves`);
    if (improved === 0) {
      localOptimum = true;
      break;
    }
  }
  return { iterations, moves, localOptimum };
}

/** Busier shift (seconds) of the two vehicles if trip `m.t` moved from `m.fromVeh` to `m.toVeh`. */
function busiestAfter(st: RouteState, m: { fromVeh: number; t: number; toVeh: number }): number {
  const fromD = st.evaluateChanges([{ v: m.fromVeh, remove: [m.t] }]);
  const toD = st.evaluateChanges([{ v: m.toVeh, append: [st.trip(m.fromVeh, m.t)] }]);
  if (fromD === null || toD === null) return Number.POSITIVE_INFINITY;
  return Math.max((st.routeDur[m.fromVeh] as number) + fromD.durationSec, (st.routeDur[m.toVeh] as number) + toD.durationSec);
}

/** Trip-move rescues attempted per pass (each clones the state once per candidate move). */
const MAX_RESCUES_PER_PASS = 5;
