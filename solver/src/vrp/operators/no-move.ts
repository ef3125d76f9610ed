/** Delta returned by an operator's `evaluate` when the move does not apply. */
export const NO_MOVE = Number.POSITIVE_INFINITY;
