import type { RouteChange } from '../evaluate/route-state.js';

/** One trip edit: vehicle `v`'s trip `t` becomes `bins` (empty removes it). */
export type TripEdit = readonly [v: number, t: number, bins: readonly number[]];

/**
 * Groups trip edits (and whole-trip appends/removals) into one {@link RouteChange} per vehicle,
 * the shape `RouteState.evaluateChanges`/`applyChanges` take. Used by every operator.
 */
export function toRouteChanges(
  edits: readonly TripEdit[],
  appends: readonly (readonly [v: number, bins: readonly number[]])[] = [],
  removes: readonly (readonly [v: number, t: number])[] = [],
): RouteChange[] {
  const byV = new Map<number, { replace: Map<number, readonly number[]>; append: (readonly number[])[]; remove: number[] }>();
  const get = (v: number) => {
    let e = byV.get(v);
    if (!e) {
      e = { replace: new Map(), append: [], remove: [] };
      byV.set(v, e);
    }
    return e;
  };
  for (const [v, t, bins] of edits) get(v).replace.set(t, bins);
  for (const [v, bins] of appends) get(v).append.push(bins);
  for (const [v, t] of removes) get(v).remove.push(t);
  return [...byV.entries()].map(([v, e]) => ({ v, replace: e.replace, append: e.append, remove: e.remove }));
}
