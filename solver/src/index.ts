/**
 * Public surface of the solver library. Nothing else in `solver/src` may be imported from outside
 * (ESLint enforces it for the server).
 */
export * from './model/types.js';
export { Rng } from './model/rng.js';
export { ProblemError, InternalError } from './model/errors.js';
export type { ProblemIssue } from './model/errors.js';
export { solve } from './solve.js';
export { checkPlan, VIOLATION_CODES } from './check/check-plan.js';
export type { Violation, ViolationCode } from './check/check-plan.js';
export * from './roads/index.js';
export { haversineM } from './geo/haversine.js';
export { selectBins, DEFAULT_THRESHOLD_PERCENT, OUTLIER_PERCENT } from './forecast/select-bins.js';
export type { BinReadings, BinSelection, SelectOptions } from './forecast/select-bins.js';
export {
  detectResets,
  readingsSinceReset,
  removeSpikes,
  fitFillLine,
  estimateFillRate,
  streamMedianRates,
  RESET_DROP_PERCENT,
  MIN_READINGS_FOR_RATE,
  DEFAULT_RATE_PERCENT_PER_DAY,
} from './forecast/fill-rate.js';
export type { FillReading, FillLine } from './forecast/fill-rate.js';
export { h3Cells, H3_RESOLUTION } from './cluster/h3-cells.js';
export type { Locatable } from './cluster/h3-cells.js';
export { cellOf, cellBoundary } from './geo/h3.js';
export { parseProblemJson, problemJsonSchema, formatPath, PROBLEM_FORMAT_VERSION } from './model/problem-json.js';
export type { ProblemJson } from './model/problem-json.js';
