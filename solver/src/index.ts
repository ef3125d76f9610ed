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
