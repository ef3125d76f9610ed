/**
 * Public surface of the solver library. Nothing else in `solver/src` may be imported from outside
 * (ESLint enforces it for the server).
 */
export * from './model/types.js';
export { Rng } from './model/rng.js';
export { ProblemError, InternalError } from './model/errors.js';
export type { ProblemIssue } from './model/errors.js';
export * from './roads/index.js';
export { haversineM } from './geo/haversine.js';
export { removeSpikes, RESET_DROP_PERCENT, DEFAULT_RATE_PERCENT_PER_DAY, MS_PER_DAY } from './forecast/readings.js';
export type { FillReading } from './forecast/readings.js';
export { h3Cells, H3_RESOLUTION } from './cluster/h3-cells.js';
export type { Locatable } from './cluster/h3-cells.js';
export { cellOf, cellBoundary } from './geo/h3.js';
export { parseProblemJson, problemJsonSchema, formatPath, PROBLEM_FORMAT_VERSION } from './model/problem-json.js';
export type { ProblemJson } from './model/problem-json.js';
export { PlanJsonSchema, planJsonSchema, PLAN_FORMAT_VERSION, PLAN_UNASSIGNED_REASONS, CURRENT_POSITION_ID as PLAN_CURRENT_POSITION_ID } from './model/plan-json.js';
export type { PlanJson, PlanRouteJson, PlanStepJson, PlanUnassignedJson } from './model/plan-json.js';
export {
  splitCycles,
  estimateProfile,
  effectiveDays,
  profileBlock,
  fitBinModel,
  forecastFill,
  timeToFull,
  groupPriors,
  ownRate,
  FLAT_PROFILE,
  PROFILE_BLOCKS,
  PROFILE_BLOCK_HOURS,
  SATURATION_PERCENT,
  RESET_MIN_DROP_PERCENT,
} from './forecast/fill-model.js';
export type { FillCycle, RateProfile, RatePrior, RateSource, BinFillModel, FillForecast } from './forecast/fill-model.js';
export { sensorHealth, SILENT_AFTER_DAYS, NOISY_SD_PERCENT } from './forecast/sensor-health.js';
export type { SensorFault, SensorHealth } from './forecast/sensor-health.js';
export { decideBins, fitBinModels, fullByDayProbabilities, FULL_DAYS_AHEAD, normalCdf, normalQuantile, DEFAULT_RISK_PERCENT, DEFAULT_MAY_PERCENT } from './forecast/decide-bins.js';
export type { DecisionInput, Decision, BinDecision, DecideOptions } from './forecast/decide-bins.js';
export { fitIntervalModel, predictFillFromEvents, fullProbabilityFromEvents, binOffset, lastIntervalRate, GAP_EDGES_DAYS, INTERVAL_PRIOR_COUNT, CEILING_PERCENT } from './forecast/collection-events.js';
export type { CollectionEvent, IntervalModel } from './forecast/collection-events.js';
export { resolveExplicitMatrix } from './model/resolve-problem.js';
export type { ResolvedProblem } from './model/resolve-problem.js';
export { checkDayPlan, DAY_PLAN_VIOLATION_CODES, CURRENT_POSITION_ID } from './check/check-day-plan.js';
export type { DayPlanViolation, DayPlanViolationCode } from './check/check-day-plan.js';
export { nearestNeighbourDay } from './construct/nearest-neighbour-day.js';
export { DayRouteBuilder, summariseRoute, earliestStart, assembleDayPlan } from './model/day-route-builder.js';
export type { VisitPreview } from './model/day-route-builder.js';
export { resolveOnRoads } from './roads/resolve-on-roads.js';
export type { RoadResolvedProblem } from './roads/resolve-on-roads.js';
export { sensorCeiling, PLATEAU_TOLERANCE_PERCENT } from './forecast/fill-model.js';
export { parseCvrplib } from './benchmark/cvrplib.js';
export { parseSolomon } from './benchmark/solomon.js';
export { writeSol, parseSol, formatCost } from './benchmark/sol.js';
export { checkVrpSolution } from './benchmark/check.js';
export type { VrpCheck } from './benchmark/check.js';
export { routesDistance } from './benchmark/instance.js';
export type { VrpInstance } from './benchmark/instance.js';
export { benchmarkToProblem, planToRoutes, benchmarkBinId, cvrpFleet, BENCHMARK_COST_PER_KM, HIERARCHICAL_SCALE, HIERARCHICAL_VEHICLE_COST } from './benchmark/to-problem.js';
export type { BenchmarkObjective } from './benchmark/to-problem.js';
export type { MasterSolver, MasterProblem, MasterLimits, MasterResult } from './lp/master.js';
export { loadMaster } from './lp/load-master.js';
export type { MasterKind } from './lp/load-master.js';
export { solveDay, planObjective } from './search/solve-day.js';
export type { SolveDayOptions, SolveDayResult, SolveDayProgress } from './search/solve-day.js';
export { DEFAULT_IMPROVE } from './search/improve.js';
export type { ImproveSettings } from './search/improve.js';
export { planHorizon, RESIDUE_PERCENT, USABLE_SHIFT_SHARE } from './horizon/plan-horizon.js';
export { forecastFromDecision, medianRateByStream, type ForecastFields } from './horizon/bin-forecast.js';
export { homeWeekdaysWestToEast, vehicleTypesByStreams, type AreaSpread } from './horizon/area-inputs.js';
export type { BinForecast, HorizonBin, AreaCost, HorizonVehicleType, HorizonDay, HorizonInput, AreaVisit, PlannedDay, AreaDecision, BinPlan, HorizonPlan } from './horizon/plan-horizon.js';
