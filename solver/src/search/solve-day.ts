/**
 * The engine: every solve of the product goes through {@link solveDay}, collection days from the
 * server and the simulator as well as CVRPLIB and Solomon instances converted to the problem
 * format (see `benchmark/to-problem.ts`).
 *
 * 1. The nearest-neighbour baseline gives a feasible start (`nearestNeighbourDay`), taken to a
 *    local optimum by the granular local search (local-search.ts: RELOCATE, RELOCATE-PAIR, SWAP,
 *    2-OPT, 2-OPT*, SWAP* with O(1) segment evaluation; disposal visits and breaks re-placed;
 *    optional bins in and out of a pool).
 * 2. When the objective charges vehicles (hierarchical, or fixed costs), route elimination
 *    (route-elimination.ts) takes routes out while the day stays feasible and gets cheaper.
 * 3. The improvement phase (improve.ts): the hybrid genetic search for a uniform fleet of at most
 *    300 bins, ruin and recreate otherwise; the set-partitioning master over the pool of routes
 *    (when a back-end is given) and, above 300 bins, decomposition rounds.
 * 4. A last master solve; the best day is driven with `DayRouteBuilder` and checked with
 *    `checkDayPlan`; a bin whose window or shift the exact clock cannot meet is taken out and
 *    reported (repair), and the search never returns a plan worse than the baseline's.
 *
 * Pure and deterministic: same problem, seed and iterations → same plan. A time limit needs the
 * caller's clock (`now`); the solver never reads one. The master back-end (HiGHS or
 * javascript-lp-solver, `lp/`) is loaded by the caller, since HiGHS loads asynchronously.
 */
import { checkDayPlan } from '../check/check-day-plan.js';
import { nearestNeighbourDay } from '../construct/nearest-neighbour-day.js';
import type { MasterSolver } from '../lp/master.js';
import type { PlanJson, PlanRouteJson } from '../model/plan-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import { Rng } from '../model/rng.js';
import { Budget } from './budget.js';
import { DEFAULT_IMPROVE, improveDay, runMaster, type ImproveSettings } from './improve.js';
import { localSearch } from './local-search.js';
import { BIN, setSite, type DayModel, buildDayModel } from './model.js';
import { neighbourLists } from './neighbours.js';
import { eliminateRoutes, eliminationApplies } from './route-elimination.js';
import { RoutePool, type MasterStats } from './route-pool.js';
import { Routes } from './routes.js';
import { assemblePlan, buildRoute, ClosedWindowError } from './to-plan.js';

/** Progress of a running search, reported every few iterations. */
export interface SolveDayProgress {
  readonly iteration: number;
  readonly bestCost: number;
  readonly elapsedMs: number;
  /** The search's current routes (bin ids in order, per vehicle; empty routes left out), built on demand. */
  readonly routes: () => { vehicleId: string; binIds: string[] }[];
}

/** Options of {@link solveDay}. Same seed and iterations (no time limit) → same plan. */
export interface SolveDayOptions {
  readonly seed: number;
  /** Iteration budget of the search (default 2,000). */
  readonly iterations?: number;
  /** Wall-clock budget in ms; requires `now`. The search stops at whichever limit comes first. */
  readonly timeLimitMs?: number;
  /** Clock in ms (e.g. `performance.now`); the solver never reads a clock itself. */
  readonly now?: () => number;
  readonly onProgress?: (p: SolveDayProgress) => void;
  /**
   * Cooperative stop (e.g. a cancelled job), asked as the search goes: once it answers true the
   * search ends and the best plan so far is driven, checked and returned as usual.
   */
  readonly shouldStop?: () => boolean;
  /**
   * Set-partitioning back-end (`loadMaster('highs')`); without one the master step is skipped.
   * Without a clock its solves are capped by branch-and-bound nodes, so the plan stays
   * deterministic.
   */
  readonly master?: MasterSolver;
  /** Whether route elimination runs when the objective charges vehicles (default true). */
  readonly eliminateRoutes?: boolean;
  /**
   * Whether the local search uses SWAP* (default: on one-load days without time, as HGS-CVRP; on
   * the 1,500-bin sample-city day it cost 2.6 times the CPU for the same plan).
   */
  readonly swapStar?: boolean;
  /** Settings of the improvement phase (defaults: `DEFAULT_IMPROVE`). */
  readonly settings?: Partial<ImproveSettings>;
  /** Granular neighbours per bin (default: see `neighbourLists`). */
  readonly neighbours?: number;
}

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
    /** Vehicles used by the start (the baseline after local search) and routes route elimination took out. */
    readonly startVehicles: number;
    readonly routesEliminated: number;
    /** Set-partitioning master solves and improvements (zeros without a back-end). */
    readonly master: MasterStats;
  };
}

const DEFAULT_ITERATIONS = 2000;
/** Share of a timed budget route elimination may use, and its steps without a clock. */
const ELIMINATION_SHARE = 0.3;
const ELIMINATION_STEPS = 2000;
/** Time kept for the last master solve, as a share of a timed budget (at most a second). */
const FINAL_MASTER_SHARE = 0.05;

/**
 * Objective value of a plan, as the search minimises it: under `weighted`, route costs plus the
 * prizes of optional bins left out; under `hierarchical`, 10^7 per vehicle plus working seconds
 * plus those prizes. Mandatory bins left out weigh 10^9 each, or 100 vehicles' fixed cost when
 * that is more.
 */
export function planObjective(resolved: ResolvedProblem, plan: PlanJson): number {
  const p = resolved.problem;
  const bins = new Map(p.bins.map((b) => [b.id, b]));
  const missing = Math.max(1e9, 100 * Math.max(0, ...p.vehicles.map((v) => v.costs.fixed)));
  let value = p.objective.type === 'hierarchical' ? plan.totals.vehiclesUsed * 1e7 + plan.totals.workingSec : plan.totals.cost;
  for (const u of plan.unassigned) {
    const b = bins.get(u.binId);
    if (!b) continue;
    value += b.mandatory ? missing : b.prize ?? 0;
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

/** Solves a resolved collection day (or a benchmark instance converted to one). */
export function solveDay(resolved: ResolvedProblem, options: SolveDayOptions): SolveDayResult {
  const rng = new Rng(options.seed);
  const settings: ImproveSettings = { ...DEFAULT_IMPROVE, ...options.settings };
  const maxIterations = options.iterations ?? DEFAULT_ITERATIONS;
  const timed = options.now !== undefined && options.timeLimitMs !== undefined;
  const total = new Budget(maxIterations, options.now, timed ? options.timeLimitMs : Infinity, options.shouldStop);
  const noMaster: MasterStats = { solves: 0, improvements: 0, columns: 0, timeMs: 0 };

  const baseline = nearestNeighbourDay(resolved);
  const baselineCost = planObjective(resolved, baseline);
  const m = buildDayModel(resolved);
  const baseMissing = mandatoryLeftOut(resolved, baseline);
  if (m.nBins === 0) return { plan: baseline, stats: { iterations: 0, baselineCost, cost: baselineCost, repaired: 0, usedBaseline: true, mandatoryUnassigned: baseMissing, baselineMandatoryUnassigned: baseMissing, startVehicles: baseline.totals.vehiclesUsed, routesEliminated: 0, master: noMaster } };

  const s = new Routes(m, neighbourLists(m, options.neighbours));
  s.useSwapStar = options.swapStar ?? (m.lean && !m.timed);
  s.load(fromPlan(m, baseline));
  localSearch(s, rng);
  let startVehicles = 0;
  for (let r = 0; r < m.nRoutes; r++) if ((s.rSize[r] ?? 0) > 0) startVehicles++;
  const pool = options.master ? new RoutePool(s) : undefined;
  const currentRoutes = (): { vehicleId: string; binIds: string[] }[] =>
    s.routes().flatMap((seq, r) => {
      const binIds = seq.filter((v) => v < m.nBins).map((v) => m.bins[v]!.id);
      return binIds.length > 0 ? [{ vehicleId: m.routes[r]!.vehicle.id, binIds }] : [];
    });
  const progress = (iteration: number, bestCost: number): void => {
    if (options.onProgress && iteration % 10 === 0) options.onProgress({ iteration, bestCost, elapsedMs: total.elapsed(), routes: currentRoutes });
  };

  let routesEliminated = 0;
  if ((options.eliminateRoutes ?? true) && eliminationApplies(s)) {
    // its own budget: insertion steps without a clock, a share of the time with one
    const part = timed ? total.part(Infinity, ELIMINATION_SHARE) : new Budget(ELIMINATION_STEPS, undefined, Infinity, options.shouldStop);
    routesEliminated = eliminateRoutes(s, rng, part).removed;
    // the improvement then works with the fleet found, as HGS with a fleet limit: unused vehicles
    // stay shut (a vehicle costs more than anything it could save here)
    for (let r = 0; r < m.nRoutes; r++) if ((s.rSize[r] ?? 0) === 0 && !m.routes[r]?.hasPrefix) s.disabled[r] = 1;
  }
  // the last master solve keeps a little time for itself
  const reserve = timed && pool ? Math.min(1000, FINAL_MASTER_SHARE * total.limitMs) : 0;
  const main = total.part(maxIterations, 1, timed ? total.remainingMs() - reserve : undefined);
  improveDay(s, rng, main, { settings, ...(pool && options.master ? { pool, master: options.master } : {}), onProgress: progress });
  const iterations = main.iterations;
  if (pool && options.master) runMaster(s, rng, total, { settings, pool, master: options.master });
  s.disabled.fill(0);

  const { plan, repaired } = buildChecked(s);
  const cost = planObjective(resolved, plan);
  const clean = checkDayPlan(resolved, plan).length === 0;
  const common = { iterations, baselineCost, repaired, baselineMandatoryUnassigned: baseMissing, startVehicles, routesEliminated, master: pool?.stats ?? noMaster };
  // the baseline is only a fallback when it is itself checker-clean and no worse
  const baselineClean = checkDayPlan(resolved, baseline).length === 0;
  if (baselineClean && (!clean || cost > baselineCost)) {
    return { plan: baseline, stats: { ...common, cost: baselineCost, usedBaseline: true, mandatoryUnassigned: baseMissing } };
  }
  return { plan, stats: { ...common, cost, usedBaseline: false, mandatoryUnassigned: mandatoryLeftOut(resolved, plan) } };
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

