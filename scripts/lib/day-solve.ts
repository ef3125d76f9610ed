/**
 * `npm run solve -- problem.json --out plan.json`: solves a collection day in the problem format
 * (docs/problem-format.md). Places given as `[lng, lat]` are routed on the sample extract's
 * turn-aware road engine; problems with an explicit `matrix` use it as given. The plan is checked
 * by `checkDayPlan` before it is written.
 *
 * The day is solved by the engine, `solveDay`, with the set-partitioning master on HiGHS (or
 * `lp`); the summary reports the nearest-neighbour baseline's objective next to it.
 */
import { readFileSync } from 'node:fs';
import {
  buildRoadNetwork,
  buildRoutingEngine,
  checkDayPlan,
  loadMaster,
  parseOsm,
  parseProblemJson,
  resolveExplicitMatrix,
  resolveOnRoads,
  solveDay,
  type MasterKind,
  type PlanJson,
  type ResolvedProblem,
} from '../../solver/src/index.js';

/** The road extract days without a matrix are routed on. */
export const DAY_ROADS_PBF = 'data/osm/monaco-2016-03-05.osm.pbf';

/** Search settings of {@link solveDayFile}. */
export interface DaySolveSettings {
  readonly seed: number;
  readonly timeLimitMs?: number;
  readonly iterations?: number;
  /** Set-partitioning back-end, or `off` (default `highs`). */
  readonly lp?: MasterKind | 'off';
}

/** Result of {@link solveDayFile}: the plan and its JSON summary line. */
export interface DaySolveResult {
  readonly plan: PlanJson;
  readonly summary: Record<string, unknown>;
}

/**
 * Reads, resolves, solves and checks a problem document.
 * @throws ProblemError listing every problem of a malformed document; Error when the plan fails the checker.
 */
export async function solveDayFile(file: string, log: (line: string) => void, settings: DaySolveSettings = { seed: 1, timeLimitMs: 30_000 }): Promise<DaySolveResult> {
  const started = performance.now();
  const lp = settings.lp ?? 'highs';
  const master = lp === 'off' ? undefined : await loadMaster(lp);
  const problem = parseProblemJson(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  let resolved: ResolvedProblem;
  if (problem.matrix) {
    resolved = resolveExplicitMatrix(problem);
  } else {
    const osm = parseOsm(readFileSync(DAY_ROADS_PBF), DAY_ROADS_PBF);
    const net = buildRoadNetwork(osm);
    log(`[solve] road network built (${net.nodeCount} nodes)`);
    const { engine } = buildRoutingEngine(net, osm);
    resolved = resolveOnRoads(problem, net, 100, engine).resolved;
    log(`[solve] ${resolved.matrix.size} places resolved on the roads`);
  }
  const resolvedAt = performance.now();
  const { plan, stats } = solveDay(resolved, {
    seed: settings.seed,
    ...(settings.iterations !== undefined ? { iterations: settings.iterations } : { iterations: Number.MAX_SAFE_INTEGER }),
    ...(settings.timeLimitMs !== undefined ? { timeLimitMs: settings.timeLimitMs } : {}),
    now: () => performance.now(),
    ...(master ? { master } : {}),
    onProgress: (p) => log(`[solve] iteration ${p.iteration}: best ${p.bestCost.toFixed(2)} after ${Math.round(p.elapsedMs)} ms`),
  });
  const violations = checkDayPlan(resolved, plan);
  if (violations.length > 0) throw new Error(`plan fails the checker: ${violations.slice(0, 5).map((v) => `${v.code}: ${v.message}`).join('; ')}`);
  return {
    plan,
    summary: {
      instance: problem.name ?? file,
      solver: stats.usedBaseline ? 'nearest-neighbour baseline (search found nothing better)' : 'solveDay',
      seed: settings.seed,
      iterations: stats.iterations,
      cost: Math.round(plan.totals.cost * 100) / 100,
      objective: Math.round(stats.cost * 100) / 100,
      baselineObjective: Math.round(stats.baselineCost * 100) / 100,
      mandatoryUnassigned: stats.mandatoryUnassigned,
      baselineMandatoryUnassigned: stats.baselineMandatoryUnassigned,
      // the objective weighs each mandatory bin left out 10^9: compare those counts first
      lp,
      lpSolves: stats.master.solves,
      lpImprovements: stats.master.improvements,
      startVehicles: stats.startVehicles,
      routesEliminated: stats.routesEliminated,
      gainPercent: stats.baselineCost > 0 ? Math.round((10000 * (stats.baselineCost - stats.cost)) / stats.baselineCost) / 100 : 0,
      repaired: stats.repaired,
      km: Math.round(plan.totals.distanceM / 100) / 10,
      routes: plan.routes.length,
      vehicles: plan.totals.vehiclesUsed,
      binsServed: plan.totals.binsServed,
      unassigned: plan.totals.unassigned,
      checkerViolations: 0,
      solveMs: Math.round(performance.now() - resolvedAt),
      timeMs: Math.round(performance.now() - started),
    },
  };
}
