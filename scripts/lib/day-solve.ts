/**
 * `npm run solve -- problem.json --out plan.json`: solves a collection day in the problem format
 * (docs/problem-format.md). Places given as `[lng, lat]` are routed on the sample extract's
 * turn-aware road engine; problems with an explicit `matrix` use it as given. The plan is checked
 * by `checkDayPlan` before it is written.
 *
 * Today the day is solved by the nearest-neighbour baseline (`nearestNeighbourDay`): the search
 * of issue #5 on the benchmark engine is not built yet, and this says so in the summary.
 */
import { readFileSync } from 'node:fs';
import {
  buildRoadNetwork,
  buildRoutingEngine,
  checkDayPlan,
  nearestNeighbourDay,
  parseOsm,
  parseProblemJson,
  resolveExplicitMatrix,
  resolveOnRoads,
  type PlanJson,
  type ResolvedProblem,
} from '../../solver/src/index.js';

/** The road extract days without a matrix are routed on. */
export const DAY_ROADS_PBF = 'data/osm/monaco-2016-03-05.osm.pbf';

/** Result of {@link solveDayFile}: the plan and its JSON summary line. */
export interface DaySolveResult {
  readonly plan: PlanJson;
  readonly summary: Record<string, unknown>;
}

/**
 * Reads, resolves, solves and checks a problem document.
 * @throws ProblemError listing every problem of a malformed document; Error when the plan fails the checker.
 */
export function solveDayFile(file: string, log: (line: string) => void): DaySolveResult {
  const started = performance.now();
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
  const plan = nearestNeighbourDay(resolved);
  const violations = checkDayPlan(resolved, plan);
  if (violations.length > 0) throw new Error(`plan fails the checker: ${violations.slice(0, 5).map((v) => `${v.code}: ${v.message}`).join('; ')}`);
  return {
    plan,
    summary: {
      instance: problem.name ?? file,
      solver: 'nearest-neighbour baseline',
      cost: Math.round(plan.totals.cost * 100) / 100,
      km: Math.round(plan.totals.distanceM / 100) / 10,
      routes: plan.routes.length,
      vehicles: plan.totals.vehiclesUsed,
      binsServed: plan.totals.binsServed,
      unassigned: plan.totals.unassigned,
      checkerViolations: 0,
      timeMs: Math.round(performance.now() - started),
    },
  };
}
