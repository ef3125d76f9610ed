/**
 * Pure builders for street closures on the map: the closures source (lines and areas), the draft
 * being drawn, the hatch pattern of areas, the layers, and the parsing of typed coordinates (the
 * keyboard alternative to drawing).
 */
import type { ClosureDto, ClosureGeometryDto, RoadCollection } from '../../../server/contract/index.js';

export const CLOSURE_SOURCE = 'closures';
export const CLOSURE_DRAFT_SOURCE = 'closure-draft';
export const CLOSURE_HATCH = 'closure-hatch';
/** Red of closures (contrast 6.6:1 on white), with a dashed edge and hatching so colour is not the only cue. */
export const CLOSURE_COLOR = '#b30000';

export const CLOSURE_LAYER = {
  areaFill: 'closures-area-fill',
  casing: 'closures-casing',
  line: 'closures-line',
  draftLine: 'closure-draft-line',
  draftPoints: 'closure-draft-points',
} as const;

type Position = [number, number];
type Geometry = { type: 'LineString'; coordinates: Position[] } | { type: 'MultiLineString'; coordinates: Position[][] } | { type: 'Polygon'; coordinates: Position[][] };

/** A GeoJSON feature collection of closures (properties: id, label, kind). */
export interface ClosureFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: Geometry; properties: { id: string; label: string; kind: 'street' | 'area' | 'draft' } }[];
}

/** The closures as map features. */
export function closuresToGeoJson(closures: readonly ClosureDto[]): ClosureFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: closures.map((c) => ({ type: 'Feature', geometry: c.geometry as Geometry, properties: { id: c.id, label: c.label, kind: c.kind } })),
  };
}

/** Result of reading typed coordinates: the points, or the first bad line (1-based) and its text. */
export type ParsedCoords = { ok: true; points: Position[] } | { ok: false; line: number; text: string };

/** Reads `lng, lat` (or `lng lat`, `lng;lat`) lines; blank lines are skipped. */
export function parseCoordinates(text: string): ParsedCoords {
  const points: Position[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const parts = raw.split(/[\s,;]+/).filter((p) => p !== '');
    const lng = Number(parts[0]);
    const lat = Number(parts[1]);
    if (parts.length !== 2 || !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) return { ok: false, line: i + 1, text: raw };
    points.push([lng, lat]);
  }
  return { ok: true, points };
}

/** Coordinates as the text the coordinates field shows (6 decimals, about 10 cm). */
export function formatCoordinates(points: readonly Position[]): string {
  return points.map(([lng, lat]) => `${lng.toFixed(6)}, ${lat.toFixed(6)}`).join('\n');
}

/**
 * The geometry of a closure drawn as points: a line, or a polygon (closed here); null when there
 * are too few points (2 for a line, 3 for an area).
 */
export function closureGeometry(kind: 'street' | 'area', points: readonly Position[]): ClosureGeometryDto | null {
  if (kind === 'street') return points.length >= 2 ? { type: 'LineString', coordinates: points.map((p) => [p[0], p[1]]) } : null;
  if (points.length < 3) return null;
  const ring = points.map((p): Position => [p[0], p[1]]);
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring.length >= 4 ? { type: 'Polygon', coordinates: [ring] } : null;
}

/** Street names of the basemap, sorted (French collation), each once. */
export function streetNames(roads: RoadCollection, locale = 'fr'): string[] {
  const names = new Set<string>();
  for (const f of roads.features) if (f.properties.drivable && f.properties.name) names.add(f.properties.name);
  return [...names].sort((a, b) => a.localeCompare(b, locale));
}

/** The pieces of the named street, as one MultiLineString (null when no drivable piece has that name). */
export function streetGeometry(roads: RoadCollection, name: string): ClosureGeometryDto | null {
  const lines = roads.features.filter((f) => f.properties.drivable && f.properties.name === name).map((f) => f.geometry.coordinates.map((p): Position => [p[0], p[1]]));
  return lines.length > 0 ? { type: 'MultiLineString', coordinates: lines } : null;
}

/** The draft as map features: the points and, from 2 points on, the line (or the closed outline of an area). */
export function draftToGeoJson(kind: 'street' | 'area', points: readonly Position[]): { type: 'FeatureCollection'; features: unknown[] } {
  const features: unknown[] = points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }));
  if (points.length >= 2) {
    const line = kind === 'area' && points.length >= 3 ? [...points, points[0]!] : [...points];
    features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: {} });
  }
  return { type: 'FeatureCollection', features };
}

/** A 12×12 RGBA tile of red diagonal hatching on transparent, for the areas' `fill-pattern`. */
export function hatchImage(size = 12): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (x + y) % size;
      if (d <= 1) {
        const k = (y * size + x) * 4;
        data[k] = 0xb3;
        data[k + 1] = 0;
        data[k + 2] = 0;
        data[k + 3] = 200;
      }
    }
  }
  return { width: size, height: size, data };
}

/** The layers of the closures and the draft (added above the routes). */
export function closureLayers(): Record<string, unknown>[] {
  return [
    { id: CLOSURE_LAYER.areaFill, type: 'fill', source: CLOSURE_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-pattern': CLOSURE_HATCH, 'fill-opacity': 0.9 } },
    { id: CLOSURE_LAYER.casing, type: 'line', source: CLOSURE_SOURCE, paint: { 'line-color': '#ffffff', 'line-width': 7, 'line-opacity': 0.9 } },
    { id: CLOSURE_LAYER.line, type: 'line', source: CLOSURE_SOURCE, paint: { 'line-color': CLOSURE_COLOR, 'line-width': 4, 'line-dasharray': [1.5, 1] } },
    { id: CLOSURE_LAYER.draftLine, type: 'line', source: CLOSURE_DRAFT_SOURCE, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#1f1f1f', 'line-width': 3, 'line-dasharray': [2, 1] } },
    {
      id: CLOSURE_LAYER.draftPoints,
      type: 'circle',
      source: CLOSURE_DRAFT_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1f1f1f', 'circle-stroke-width': 2 },
    },
  ];
}
