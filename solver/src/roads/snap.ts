import { haversineRawM } from '../geo/haversine.js';
import type { LngLat } from '../model/types.js';
import type { RoadNetwork } from './road-network.js';

/** A location placed on a drivable street. */
export interface Snap {
  /** Directed edge the location lies on (the segment's forward edge when two-way). */
  readonly edgeIdx: number;
  /** Position along the edge in driving direction, 0 (from node) .. 1 (to node), by length. */
  readonly t: number;
  /** Snapped point on the street geometry. */
  readonly lngLat: LngLat;
  /** Distance from the original point to the street, metres. */
  readonly offsetM: number;
  /**
   * Side of the street the original point lies on, seen driving along `edgeIdx`; absent when
   * the point is on the centre line (under 0.1 m) or for snaps made by hand. Used for
   * kerb-side service (see `locationStates`).
   */
  readonly side?: 'left' | 'right';
}

/** Result of snapping one point: a {@link Snap}, or the reason it failed. */
export type SnapResult = { readonly ok: true; readonly snap: Snap } | { readonly ok: false; readonly reason: string };

const M_PER_DEG = (6_371_008.8 * Math.PI) / 180;
const CELL_M = 64;

/** Uniform grid over the segment pieces (consecutive point pairs), in local metres. */
interface SnapIndex {
  readonly kx: number;
  readonly ky: number;
  readonly cells: Map<number, Int32Array>;
  /** Segment of each piece, indexed by the piece's first point index (-1: not a piece start). */
  readonly pieceSegment: Int32Array;
  readonly seen: Int32Array;
  stamp: number;
}

const indexCache = new WeakMap<RoadNetwork, SnapIndex>();

const cellKey = (cx: number, cy: number): number => (cx + 1_048_576) * 2_097_152 + (cy + 1_048_576);

function buildIndex(net: RoadNetwork): SnapIndex {
  let latSum = 0;
  for (let n = 0; n < net.nodeCount; n++) latSum += net.nodeLat[n] as number;
  const lat0 = net.nodeCount > 0 ? latSum / net.nodeCount : 0;
  const kx = M_PER_DEG * Math.cos((lat0 * Math.PI) / 180);
  const ky = M_PER_DEG;
  const pointCount = net.coords.length / 2;
  const pieceSegment = new Int32Array(pointCount).fill(-1);
  const lists = new Map<number, number[]>();
  for (let s = 0; s < net.segmentCount; s++) {
    const start = net.segmentCoordStart[s] as number;
    const end = (net.segmentCoordStart[s + 1] as number) - 1;
    for (let i = start; i < end; i++) {
      pieceSegment[i] = s;
      const x0 = (net.coords[2 * i] as number) * kx;
      const y0 = (net.coords[2 * i + 1] as number) * ky;
      const x1 = (net.coords[2 * i + 2] as number) * kx;
      const y1 = (net.coords[2 * i + 3] as number) * ky;
      const cx0 = Math.floor(Math.min(x0, x1) / CELL_M);
      const cx1 = Math.floor(Math.max(x0, x1) / CELL_M);
      const cy0 = Math.floor(Math.min(y0, y1) / CELL_M);
      const cy1 = Math.floor(Math.max(y0, y1) / CELL_M);
      for (let cx = cx0; cx <= cx1; cx++) {
        for (let cy = cy0; cy <= cy1; cy++) {
          const key = cellKey(cx, cy);
          let list = lists.get(key);
          if (!list) lists.set(key, (list = []));
          list.push(i);
        }
      }
    }
  }
  const cells = new Map<number, Int32Array>();
  for (const [k, v] of lists) cells.set(k, Int32Array.from(v));
  return { kx, ky, cells, pieceSegment, seen: new Int32Array(pointCount), stamp: 0 };
}

function snapOne(net: RoadNetwork, idx: SnapIndex, p: LngLat, maxSnapM: number, closed?: ReadonlySet<number>): SnapResult {
  const [lng, lat] = p;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) {
    return { ok: false, reason: `invalid coordinate [${lng}, ${lat}]` };
  }
  const px = lng * idx.kx;
  const py = lat * idx.ky;
  const pcx = Math.floor(px / CELL_M);
  const pcy = Math.floor(py / CELL_M);
  const maxRing = Math.ceil(maxSnapM / CELL_M) + 1;
  idx.stamp++;
  let bestD2 = Infinity;
  let bestPiece = -1;
  let bestF = 0;
  let bestCross = 0;
  for (let r = 0; r <= maxRing; r++) {
    for (let cx = pcx - r; cx <= pcx + r; cx++) {
      const onEdgeX = cx === pcx - r || cx === pcx + r;
      for (let cy = pcy - r; cy <= pcy + r; cy += onEdgeX ? 1 : 2 * r) {
        const list = idx.cells.get(cellKey(cx, cy));
        if (list !== undefined) {
          for (let k = 0; k < list.length; k++) {
            const i = list[k] as number;
            if (idx.seen[i] === idx.stamp) continue;
            idx.seen[i] = idx.stamp;
            if (closed !== undefined && closed.has(idx.pieceSegment[i] as number)) continue;
            const x0 = (net.coords[2 * i] as number) * idx.kx;
            const y0 = (net.coords[2 * i + 1] as number) * idx.ky;
            const dx = (net.coords[2 * i + 2] as number) * idx.kx - x0;
            const dy = (net.coords[2 * i + 3] as number) * idx.ky - y0;
            const len2 = dx * dx + dy * dy;
            let f = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            const ex = x0 + f * dx - px;
            const ey = y0 + f * dy - py;
            const d2 = ex * ex + ey * ey;
            if (d2 < bestD2) {
              bestD2 = d2;
              bestPiece = i;
              bestF = f;
              bestCross = dx * -ey - dy * -ex;
            }
          }
        }
        if (r === 0) break;
      }
    }
    // Unvisited pieces lie in rings > r, at least r cells away.
    if (bestPiece >= 0 && Math.sqrt(bestD2) <= r * CELL_M) break;
  }
  if (bestPiece < 0 || Math.sqrt(bestD2) > maxSnapM * 1.01) {
    return { ok: false, reason: `no drivable street within ${maxSnapM} m` };
  }
  const i = bestPiece;
  const seg = idx.pieceSegment[i] as number;
  const x0 = net.coords[2 * i] as number;
  const y0 = net.coords[2 * i + 1] as number;
  const sLng = x0 + bestF * ((net.coords[2 * i + 2] as number) - x0);
  const sLat = y0 + bestF * ((net.coords[2 * i + 3] as number) - y0);
  const offsetM = haversineRawM(lng, lat, sLng, sLat);
  if (offsetM > maxSnapM) return { ok: false, reason: `no drivable street within ${maxSnapM} m` };
  const c0 = net.coordCumM[i] as number;
  const c1 = net.coordCumM[i + 1] as number;
  const segLen = net.segmentLengthM[seg] as number;
  const sSeg = segLen > 0 ? Math.min(1, Math.max(0, (c0 + bestF * (c1 - c0)) / segLen)) : 0;
  const fwd = net.segmentForwardEdge[seg] as number;
  const edgeIdx = fwd >= 0 ? fwd : (net.segmentBackwardEdge[seg] as number);
  const t = fwd >= 0 ? sSeg : 1 - sSeg;
  const snap: Snap = { edgeIdx, t, lngLat: [sLng, sLat], offsetM };
  if (offsetM < 0.1) return { ok: true, snap };
  // Cross product > 0: the point is left of the geometry direction.
  const leftOfGeometry = bestCross > 0;
  const side = leftOfGeometry === (fwd >= 0) ? 'left' : 'right';
  return { ok: true, snap: { ...snap, side } };
}

/**
 * Places each point on the nearest drivable street geometry (grid spatial index, built once
 * per network and cached). On a two-way street the snap always uses the segment's forward
 * directed edge (the one following the OSM way order); travel may still leave and arrive in
 * both directions.
 *
 * @param net road network
 * @param points `[lng, lat]` points to place
 * @param maxSnapM largest accepted distance to a street, metres
 * @param closedSegments street segments that are closed (see `closures.ts`): never snapped to, so a
 *   point by a closed street lands on the nearest open one
 * @returns one result per point, in order; failures carry a reason such as
 *   `"no drivable street within 100 m"`
 */
export function snapPoints(net: RoadNetwork, points: readonly LngLat[], maxSnapM = 100, closedSegments?: ReadonlySet<number>): SnapResult[] {
  let idx = indexCache.get(net);
  if (!idx) {
    idx = buildIndex(net);
    indexCache.set(net, idx);
  }
  const index = idx;
  return points.map((p) => snapOne(net, index, p, maxSnapM, closedSegments !== undefined && closedSegments.size > 0 ? closedSegments : undefined));
}
