import type { Routes } from '../routes.js';

/**
 * A move of the local search between two nodes (PyVRP's `LocalSearchOperator` shape):
 * `evaluate` prices the move without changing anything and returns the change of the penalised
 * cost, or `NO_MOVE` when the move is not allowed or cannot improve (lower bounds, see each
 * operator); `apply` makes it.
 */
export interface NodeOperator {
  readonly name: string;
  evaluate(s: Routes, u: number, v: number): number;
  apply(s: Routes, u: number, v: number): void;
}
