/**
 * Pure builders of the citizens' map (issue #16): the MapLibre style (the street basemap and the
 * drop-off points), the status symbols (shape and colour, so status is never told by colour alone:
 * a circle has room, a triangle is nearly full, a square is full) drawn as run-time icons, and the
 * filtering of the list.
 */
import type { LayerSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { PointStatus, PublicPoint, PublicPoints } from '../../../server/contract/citizens.js';
import { BACKGROUND_COLOR, buildRoadLayers, OSM_ATTRIBUTION, SOURCE } from './map-style.js';

/** Source and layer of the points. */
export const POINTS_SOURCE = 'public-points';
export const POINTS_LAYER = 'public-points';

/** The symbol of each status: its shape and colours (contrast ≥ 3:1 against the basemap). */
export const STATUS_SYMBOLS: Readonly<Record<PointStatus, { shape: 'circle' | 'triangle' | 'square'; fill: string }>> = {
  room: { shape: 'circle', fill: '#1a7f37' },
  nearly_full: { shape: 'triangle', fill: '#a15c00' },
  full: { shape: 'square', fill: '#b3261e' },
};

/** Map icon id of a status. */
export const statusIconId = (status: PointStatus): string => `point-${status}`;

/** The offline style of the public map: the streets (OpenStreetMap) and the points. */
export function buildPublicMapStyle(attribution: string = OSM_ATTRIBUTION): StyleSpecification {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  const points: LayerSpecification = {
    id: POINTS_LAYER,
    type: 'symbol',
    source: POINTS_SOURCE,
    layout: {
      'icon-image': ['concat', 'point-', ['get', 'status']],
      'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.55, 15, 0.8, 18, 1.1],
      'icon-allow-overlap': true,
      'symbol-sort-key': ['match', ['get', 'status'], 'full', 3, 'nearly_full', 2, 1],
    },
  };
  return {
    version: 8,
    name: 'collecte-public',
    sources: { [SOURCE.roads]: { type: 'geojson', data: empty, attribution }, [POINTS_SOURCE]: { type: 'geojson', data: empty } },
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }, ...buildRoadLayers(), points],
  };
}

/** Draws a status symbol on a 2D context at (cx, cy) with radius r (the same shape as the legend). */
export function drawStatusSymbol(ctx: CanvasRenderingContext2D, status: PointStatus, cx: number, cy: number, r: number): void {
  const { shape, fill } = STATUS_SYMBOLS[status];
  ctx.beginPath();
  if (shape === 'circle') ctx.arc(cx, cy, r, 0, Math.PI * 2);
  else if (shape === 'square') ctx.rect(cx - r * 0.9, cy - r * 0.9, r * 1.8, r * 1.8);
  else {
    ctx.moveTo(cx, cy - r * 1.1);
    ctx.lineTo(cx + r * 1.1, cy + r * 0.85);
    ctx.lineTo(cx - r * 1.1, cy + r * 0.85);
    ctx.closePath();
  }
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
}

/** SVG path data of a status symbol in a 20×20 box (the legend and the list). */
export function statusSymbolPath(status: PointStatus): string {
  switch (STATUS_SYMBOLS[status].shape) {
    case 'circle':
      return 'M10 2a8 8 0 1 1 0 16a8 8 0 1 1 0-16z';
    case 'triangle':
      return 'M10 1.5L19 17.5H1z';
    default:
      return 'M2.5 2.5h15v15h-15z';
  }
}

/** Filters of the list and the map. */
export interface PointFilter {
  stream: PublicPoint['properties']['stream'] | 'all';
  status: PointStatus | 'all';
}

/** The points that pass the filter, sorted for the list: full first, then by address. */
export function filterPoints(points: PublicPoints, filter: PointFilter): PublicPoint[] {
  const rank: Record<PointStatus, number> = { full: 0, nearly_full: 1, room: 2 };
  return points.features
    .filter((f) => (filter.stream === 'all' || f.properties.stream === filter.stream) && (filter.status === 'all' || f.properties.status === filter.status))
    .sort((a, b) => rank[a.properties.status] - rank[b.properties.status] || a.properties.address.localeCompare(b.properties.address, 'fr') || a.properties.id.localeCompare(b.properties.id));
}

/** `[west, south, east, north]` of the points, or null without any. */
export function pointsBounds(points: readonly PublicPoint[]): [number, number, number, number] | null {
  if (points.length === 0) return null;
  const lngs = points.map((p) => p.geometry.coordinates[0]);
  const lats = points.map((p) => p.geometry.coordinates[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}
