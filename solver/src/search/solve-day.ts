/**
 * Search for collection days in the problem format (issue #5).
 *
 * 1. The nearest-neighbour baseline gives a feasible start (`nearestNeighbourDay`).
 * 2. The granular local search of {@link Routes} (RELOCATE, SWAP, 2-OPT, 2-OPT* with O(1)
 *    segment evaluation; disposal visits and breaks re-placed; optional bins in and out of a pool)
 *    takes it to a local optimum.
 * 3. With a uniform fleet and nothing pinned, the hybrid genetic search of
 *    {@link solveDayGenetic} (population, crossover + Split, ruin and recreate as mutation).
 *    Otherwise ruin and recreate (Schrimpf et al. 2000; string-like removals as in SISR,
 *    Christiaens & Vanden Berghe 2020): remove a cluster of nearby bins, re-insert them (and
 *    nearby optional bins) at their cheapest positions, local search again, and accept under a
 *    threshold that falls linearly to zero (record-to-record travel, Dueck 1993).
 * 4. The best solution is driven with `DayRouteBuilder`, checked with `checkDayPlan`; a bin whose
 *    window or shift the exact clock cannot meet is taken out and reported (repair), and the
 *    search never returns a plan worse than the baseline's.
 *
 * Pure and deterministic: same problem, seed and iterations → same plan. A time limit needs the
 * caller's clock (`now`); the solver never reads one.
 */
import { checkDayPlan } from '../check/check-day-plan.js';
import { nearestNeighbourDay } from '../construct/nearest-neighbour-day.js';
import type { PlanJson, PlanRouteJson } from '../model/plan-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import { Rng } from '../model/rng.js';
import { BIN, setSite, type DayModel, buildDayModel } from './model.js';
import { Individual } from './individual.js';
import { geneticApplies, solveDayGenetic, type GeneticSeeding } from './genetic.js';
import { ruinAndRecreate } from './ruin-recreate.js';
import { localSearch } from './local-search.js';
import { neighbourLists } from './neighbours.js';
import { Routes } from './routes.js';
import { assemblePlan, buildRoute, ClosedWindowError } from './to-plan.js';

/** Progress of a running search, reported every few iterations. */
export interface SolveDayProgress {
  readonly iteration: number;
  readonly bestCost: number;
  readonly elapsedMs: number;
}

/** Options of {@link solveDay}. Same seed and iterations (no time limit) → same plan. */
export interface SolveDayOptions {
  readonly seed: number;
  /** Ruin-and-recreate iterations (default 2,000). */
  readonly iterations?: number;
  /** Wall-clock budget in ms; requires `now`. The search stops at whichever limit comes first. */
  readonly timeLimitMs?: number;
  /** Clock in ms (e.g. `performance.now`); the solver never reads a clock itself. */
  readonly now?: () => number;
  readonly onProgress?: (p: SolveDayProgress) => void;
  /**
   * Record-to-record threshold at the start, as a fraction of the mean route cost per served bin
   * (falls linearly to 0). Default {@link DEFAULT_ACCEPTANCE}.
   */
  readonly acceptance?: number;
  /**
   * Starting scale of the lateness and overload weights; below 1 the search may cross late or
   * overloaded solutions (the scale then adapts) and only feasible ones are kept as best.
   */
  readonly penaltyScale?: number;
  /** Settings under study (benchmarks only). */
  readonly tuning?: { readonly seeding?: GeneticSeeding; readonly mutationPercent?: number };
}

/** Starting penalty scale of the search (1 = lateness all but forbidden throughout). */
export const DEFAULT_PENALTY_SCALE = 1e-6;

/** Default starting threshold of the acceptance rule (tuned on Solomon R1/RC2, seed 7). */
export const DEFAULT_ACCEPTANCE = 0.3;

/** Plan and search statistics. */
export interface SolveDayResult {
  readonly plan: PlanJson;
  readonly stats: {
    readonly iterations: number;
    /** Objective value (see {@link planObjective}) of the nearest-neighbour baseline. */
    readonly baselineCost: number;
    /** Objective value of the returned plan. */
    readonly cost: number;
    /** Bins the repair step took out because the exact clock could not fit them. */
    readonly repaired: number;
    /** True when the baseline plan is returned (the search found nothing better). */
    readonly usedBaseline: boolean;
    /** Mandatory bins left out by the returned plan and by the baseline. */
    readonly mandatoryUnassigned: number;
    readonly baselineMandatoryUnassigned: number;
  };
}

const DEFAULT_ITERATIONS = 2000;

/**
 * Objective value of a plan, as the search minimises it: under `weighted`, route costs plus the
 * prizes of optional bins left out; under `hierarchical`, 10^7 per vehicle plus working seconds
 * plus those prizes. Mandatory bins left out weigh 10^9 each.
 */
export function planObjective(resolved: ResolvedProblem, plan: PlanJson): number {
  const p = resolved.problem;
  const bins = new Map(p.bins.map((b) => [b.id, b]));
  let value = p.objective.type === 'hierarchical' ? plan.totals.vehiclesUsed * 1e7 + plan.totals.workingSec : plan.totals.cost;
  for (const u of plan.unassigned) {
    const b = bins.get(u.binId);
    if (!b) continue;
    value += b.mandatory ? 1e9 : b.prize ?? 0;
  }
  return value;
}

/** Mandatory bins in a plan's `unassigned`. */
function mandatoryLeftOut(resolved: ResolvedProblem, plan: PlanJson): number {
  const mandatory = new Set(resolved.problem.bins.filter((b) => b.mandatory).map((b) => b.id));
  return plan.unassigned.filter((u) => mandatory.has(u.binId)).length;
}

/** Node sequences of the baseline plan, every break of a used vehicle included. */
function fromPlan(m: DayModel, plan: PlanJson): number[][] {
  const p = m.resolved.problem;
  const routes: number[][] = m.routes.map(() => []);
  const siteIndex = new Map(p.disposalSites.map((s, i) => [s.id, i]));
  let nextDisposal = m.firstDisposal;
  for (const route of plan.routes) {
    const r = p.vehicles.findIndex((v) => v.id === route.vehicleId);
    const seq = routes[r];
    const rs = m.routes[r];
    if (!seq || !rs) continue;
    let k = 0;
    for (const step of route.steps) {
      if (step.type === 'bin') {
        const n = m.binNode.get(step.id ?? '');
        if (n !== undefined) seq.push(n);
      } else if (step.type === 'disposal' && nextDisposal < m.firstBreak) {
        setSite(m, nextDisposal, siteIndex.get(step.id ?? '') ?? 0);
        seq.push(nextDisposal++);
      } else if (step.type === 'break') {
        const b = rs.breakNodes[k++];
        if (b !== undefined) seq.push(b);
      }
    }
  }
  // breaks the baseline did not need stay out; the search adds them when the day grows past them
  for (let n = m.firstDisposal; n < m.firstBreak; n++) if ((m.siteOf[n] ?? -1) < 0) setSite(m, n, m.routes[0]?.sites[0] ?? 0);
  return routes;
}

interface Snapshot {
  readonly routes: number[][];
  readonly sites: Int32Array;
}

const snapshot = (s: Routes): Snapshot => ({ routes: s.routes(), sites: s.m.siteOf.slice() });

function restore(s: Routes, snap: Snapshot): void {
  for (let n = s.m.firstDisposal; n < s.m.firstBreak; n++) s.setSiteOf(n, snap.sites[n] ?? 0);
  s.load(snap.routes);
}

/** Solves a resolved collection day. */
export function solveDay(resolved: ResolvedProblem, options: SolveDayOptions): SolveDayResult {
  const now = options.now;
  const t0 = now ? now() : 0;
  const elapsed = (): number => (now ? now() - t0 : 0);
  const deadline = options.timeLimitMs !== undefined && now ? options.timeLimitMs : Infinity;
  const maxIterations = options.iterations ?? DEFAULT_ITERATIONS;
  const rng = new Rng(options.seed);

  const baseline = nearestNeighbourDay(resolved);
  const baselineCost = planObjective(resolved, baseline);
  const m = buildDayModel(resolved);
  const baseMissing = mandatoryLeftOut(resolved, baseline);
  if (m.nBins === 0) return { plan: baseline, stats: { iterations: 0, baselineCost, cost: baselineCost, repaired: 0, usedBaseline: true, mandatoryUnassigned: baseMissing, baselineMandatoryUnassigned: baseMissing } };

  const s = new Routes(m, neighbourLists(m));
  s.load(fromPlan(m, baseline));
  localSearch(s, rng);
  let current = s.totalCost();
  let best = current;
  let bestSnap = snapshot(s);
  let curSnap = bestSnap;
  // threshold scale: the mean route cost per served bin (prizes of left-out bins excluded)
  let routed = 0;
  let routeCost = 0;
  for (let r = 0; r < m.nRoutes; r++) {
    routed += s.rSize[r] ?? 0;
    routeCost += s.rCost[r] ?? 0;
  }
  const threshold0 = (options.acceptance ?? DEFAULT_ACCEPTANCE) * (routeCost / Math.max(1, routed));

  // Penalty scale adapted as in HGS (Vidal 2012): aim at about half the iterations feasible.
  let scale = options.penaltyScale ?? DEFAULT_PENALTY_SCALE;
  const adaptive = scale < 1;
  if (adaptive) {
    s.setPenaltyScale(scale);
    current = s.totalCost();
  }
  let feasibleRun = 0;
  let window = 0;
  let it = 0;
  // the genetic search takes the whole budget; otherwise ruin and recreate does
  const genetic = geneticApplies(m);
  if (genetic) {
    s.setPenaltyScale(1);
    const start = new Individual(s);
    const g = solveDayGenetic(s, rng, start, {
      maxIterations,
      timeUp: () => elapsed() >= deadline,
      seeding: options.tuning?.seeding ?? 'ruin-start',
      mutationPercent: options.tuning?.mutationPercent ?? 50,
      onIteration: (i, b) => {
        if (options.onProgress && i % 10 === 0) options.onProgress({ iteration: i, bestCost: b, elapsedMs: elapsed() });
      },
    });
    it = g.iterations;
    s.setPenaltyScale(1);
    g.best.loadInto(s);
    bestSnap = snapshot(s);
    best = g.best.objective;
  }
  for (; !genetic && it < maxIterations && elapsed() < deadline; it++) {
    const progress = deadline < Infinity ? elapsed() / deadline : it / maxIterations;
    ruinAndRecreate(s, rng);
    localSearch(s, rng);
    const cost = s.totalCost();
    const feasible = !adaptive || s.isFeasible();
    if (feasible) {
      feasibleRun++;
      // a feasible solution carries no penalty: its cost is its cost under any weights
      if (cost < best - 1e-9) {
        best = cost;
        bestSnap = snapshot(s);
      }
    }
    const threshold = threshold0 * (1 - progress);
    if (cost < current + threshold) {
      current = cost;
      curSnap = snapshot(s);
    } else {
      restore(s, curSnap);
    }
    if (adaptive && ++window === 20) {
      const ratio = feasibleRun / window;
      const next = ratio < 0.4 ? Math.min(1, scale * 2) : ratio > 0.6 ? Math.max(1e-9, scale / 2) : scale;
      window = 0;
      feasibleRun = 0;
      if (next !== scale) {
        scale = next;
        s.setPenaltyScale(scale);
        current = s.totalCost();
        curSnap = snapshot(s);
      }
    }
    if (options.onProgress && it % 10 === 0) options.onProgress({ iteration: it, bestCost: best, elapsedMs: elapsed() });
  }
  if (adaptive) s.setPenaltyScale(1);
  restore(s, bestSnap);

  const { plan, repaired } = buildChecked(s);
  const cost = planObjective(resolved, plan);
  const clean = checkDayPlan(resolved, plan).length === 0;
  // the baseline is only a fallback when it is itself checker-clean and no worse
  const baselineClean = checkDayPlan(resolved, baseline).length === 0;
  if (baselineClean && (!clean || cost > baselineCost)) {
    return { plan: baseline, stats: { iterations: it, baselineCost, cost: baselineCost, repaired, usedBaseline: true, mandatoryUnassigned: baseMissing, baselineMandatoryUnassigned: baseMissing } };
  }
  return { plan, stats: { iterations: it, baselineCost, cost, repaired, usedBaseline: false, mandatoryUnassigned: mandatoryLeftOut(resolved, plan), baselineMandatoryUnassigned: baseMissing } };
}

/**
 * Drives the search's routes and checks them; while the checker objects (a window or shift the
 * search's single-window model missed), takes the offending bin (or the route's last free bin)
 * out and drives again.
 */
function buildChecked(s: Routes): { plan: PlanJson; repaired: number } {
  const m = s.m;
  let repaired = 0;
  for (let attempt = 0; attempt <= m.nBins; attempt++) {
    const seqs = s.routes();
    const routes: PlanRouteJson[] = [];
    const routeOf = new Map<string, number>();
    let closed = -1;
    seqs.forEach((seq, r) => {
      if (closed >= 0) return;
      try {
        const route = buildRoute(m, r, seq);
        if (route) {
          routeOf.set(route.vehicleId, r);
          routes.push(route);
        }
      } catch (e) {
        if (!(e instanceof ClosedWindowError)) throw e;
        closed = e.node;
      }
    });
    if (closed >= 0 && !m.locked[closed]) {
      s.remove(closed);
      repaired++;
      continue;
    }
    if (closed >= 0) return { plan: assemblePlan(m, [], []), repaired };
    const leftOut: number[] = [];
    for (let b = 0; b < m.nBins; b++) if ((s.rte[b] ?? -1) < 0) leftOut.push(b);
    const plan = assemblePlan(m, routes, leftOut);
    const violations = checkDayPlan(m.resolved, plan);
    if (violations.length === 0) return { plan, repaired };
    const v = violations[0];
    let victim = v?.binId !== undefined ? m.binNode.get(v.binId) ?? -1 : -1;
    if (victim < 0 || (s.rte[victim] ?? -1) < 0 || m.locked[victim]) {
      const r = v?.vehicleId !== undefined ? routeOf.get(v.vehicleId) ?? -1 : -1;
      const seq = r >= 0 ? seqs[r] ?? [] : [];
      victim = -1;
      for (let i = seq.length - 1; i >= 0; i--) {
        const n = seq[i] ?? -1;
        if (m.kind[n] === BIN && !m.locked[n]) {
          victim = n;
          break;
        }
      }
    }
    if (victim < 0) return { plan, repaired };
    s.remove(victim);
    repaired++;
  }
  return { plan: assemblePlan(m, [], []), repaired };
}

