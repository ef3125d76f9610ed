import { describe, expect, it } from 'vitest';
import type { PublicPoints } from '../../server/contract/citizens.js';
import { buildPublicMapStyle, filterPoints, POINTS_LAYER, pointsBounds, statusSymbolPath, STATUS_SYMBOLS } from '../src/map/public-points.js';

const point = (id: string, stream: 'glass' | 'paper', status: 'room' | 'nearly_full' | 'full', address: string, lng: number, lat: number): PublicPoints['features'][number] => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: { id, stream, status, name: 'Colonne', address },
});
const POINTS: PublicPoints = {
  type: 'FeatureCollection',
  features: [
    point('a', 'glass', 'room', 'Rue B, Monaco', 7.41, 43.73),
    point('b', 'paper', 'full', 'Rue C, Monaco', 7.43, 43.74),
    point('c', 'glass', 'nearly_full', 'Rue A, Monaco', 7.42, 43.72),
    point('d', 'glass', 'full', 'Rue D, Monaco', 7.44, 43.75),
  ],
};

describe('public points', () => {
  it('lists the points that pass the filters, full first, then by address', () => {
    expect(filterPoints(POINTS, { stream: 'all', status: 'all' }).map((p) => p.properties.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(filterPoints(POINTS, { stream: 'glass', status: 'all' }).map((p) => p.properties.id)).toEqual(['d', 'c', 'a']);
    expect(filterPoints(POINTS, { stream: 'glass', status: 'room' }).map((p) => p.properties.id)).toEqual(['a']);
    expect(filterPoints(POINTS, { stream: 'paper', status: 'room' })).toEqual([]);
  });

  it('gives the extent of the points, or null without any', () => {
    expect(pointsBounds(POINTS.features)).toEqual([7.41, 43.72, 7.44, 43.75]);
    expect(pointsBounds([])).toBeNull();
  });

  it('tells each status by a different shape as well as a colour', () => {
    const shapes = Object.values(STATUS_SYMBOLS).map((s) => s.shape);
    expect(new Set(shapes).size).toBe(3);
    expect(new Set(Object.values(STATUS_SYMBOLS).map((s) => s.fill)).size).toBe(3);
    expect(new Set((['room', 'nearly_full', 'full'] as const).map(statusSymbolPath)).size).toBe(3);
  });

  it('draws the points above the streets, each with the icon of its status', () => {
    const style = buildPublicMapStyle();
    expect(style.layers.at(-1)).toMatchObject({ id: POINTS_LAYER, type: 'symbol', layout: { 'icon-image': ['concat', 'point-', ['get', 'status']] } });
    expect(Object.keys(style.sources).sort()).toEqual(['public-points', 'roads']);
  });
});
