/**
 * Public surface of the solver library. Nothing else in `solver/src` may be imported from outside.
 */
export * from './model/types.js';
