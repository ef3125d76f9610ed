/**
 * The server's single door into the solver library: everything comes from
 * `solver/src/index.ts`, re-exported here so server modules import one path.
 */
export * from '../../solver/src/index.js';
