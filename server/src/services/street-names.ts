/**
 * The street of a place, in words, from the bundled road graph (the names the road engine gives
 * turn-by-turn instructions): the name of the street the place snaps to, or, when that piece has
 * no name (a service road, a car-park lane), the nearest named street along the graph within
 * {@link MAX_NAME_SEARCH_M}. The database holds no postal address.
 */
import type { RoadNetwork, SnapResult } from '../solver.js';

/** How far along the streets the nearest name is looked for, metres. */
export const MAX_NAME_SEARCH_M = 400;

/** The name of edge `e`'s way, or null. */
function edgeName(net: RoadNetwork, e: number): string | null {
  const seg = net.edgeSegment[e];
  if (seg === undefined) return null;
  const way = net.segmentWay[seg];
  return way === undefined ? null : (net.wayNames[way] ?? null);
}

/**
 * The nearest named street of a snapped place: its own edge's name, else the first named edge met
 * by a shortest-distance walk from both ends of it (outgoing edges), within {@link MAX_NAME_SEARCH_M}.
 * @returns null when the place has no snap or no named street is near.
 */
export function nearestStreetName(net: RoadNetwork | null, snap: SnapResult | undefined): string | null {
  if (!net || !snap?.ok) return null;
  const start = snap.snap.edgeIdx;
  const own = edgeName(net, start);
  if (own) return own;
  const dist = new Map<number, number>();
  const frontier: [number, number][] = [];
  const push = (node: number, d: number): void => {
    if (d > MAX_NAME_SEARCH_M || (dist.get(node) ?? Infinity) <= d) return;
    dist.set(node, d);
    frontier.push([d, node]);
  };
  const len = net.edgeLengthM[start] ?? 0;
  push(net.edgeFrom[start]!, len * snap.snap.t);
  push(net.edgeTo[start]!, len * (1 - snap.snap.t));
  let best: { name: string; d: number } | null = null;
  while (frontier.length > 0) {
    frontier.sort((a, b) => a[0] - b[0]);
    const [d, node] = frontier.shift()!;
    if (d > (dist.get(node) ?? Infinity)) continue;
    if (best && d >= best.d) break;
    for (let i = net.outStart[node]!; i < net.outStart[node + 1]!; i++) {
      const e = net.outEdges[i]!;
      const name = edgeName(net, e);
      if (name && (!best || d < best.d)) best = { name, d };
      push(net.edgeTo[e]!, d + (net.edgeLengthM[e] ?? 0));
    }
  }
  return best?.name ?? null;
}
