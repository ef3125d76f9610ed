import { describe, expect, it } from 'vitest';
import { closureGeometry, closuresToGeoJson, draftToGeoJson, formatCoordinates, hatchImage, parseCoordinates, streetGeometry, streetNames } from '../src/map/closure-layers.js';
import type { RoadCollection } from '../../server/contract/index.js';

const roads: RoadCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[7.42, 43.73], [7.421, 43.731]] }, properties: { highway: 'residential', name: 'Rue Grimaldi', drivable: true, oneway: false } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[7.421, 43.731], [7.422, 43.732]] }, properties: { highway: 'residential', name: 'Rue Grimaldi', drivable: true, oneway: false } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[7.43, 43.74], [7.431, 43.741]] }, properties: { highway: 'residential', name: 'Avenue d’Ostende', drivable: true, oneway: true } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[7.43, 43.74], [7.431, 43.742]] }, properties: { highway: 'footway', name: 'Escalier', drivable: false, oneway: false } },
  ],
};

describe('closure layers', () => {
  it('reads typed coordinates line by line and names the first bad line', () => {
    expect(parseCoordinates('7.42, 43.73\n\n7.421;43.731\n7.422 43.732')).toEqual({ ok: true, points: [[7.42, 43.73], [7.421, 43.731], [7.422, 43.732]] });
    expect(parseCoordinates('7.42, 43.73\nrue Grimaldi')).toEqual({ ok: false, line: 2, text: 'rue Grimaldi' });
    expect(parseCoordinates('7.42, 95')).toMatchObject({ ok: false, line: 1 });
    expect(parseCoordinates(formatCoordinates([[7.4246, 43.7384]]))).toEqual({ ok: true, points: [[7.4246, 43.7384]] });
  });

  it('makes a line from 2 points and a closed polygon from 3, and nothing from fewer', () => {
    expect(closureGeometry('street', [[1, 2]])).toBeNull();
    expect(closureGeometry('street', [[1, 2], [3, 4]])).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
    expect(closureGeometry('area', [[1, 2], [3, 4]])).toBeNull();
    expect(closureGeometry('area', [[1, 2], [3, 4], [5, 2]])).toEqual({ type: 'Polygon', coordinates: [[[1, 2], [3, 4], [5, 2], [1, 2]]] });
  });

  it('lists drivable street names once, sorted, and joins the pieces of a street', () => {
    expect(streetNames(roads)).toEqual(['Avenue d’Ostende', 'Rue Grimaldi']);
    expect(streetGeometry(roads, 'Rue Grimaldi')).toEqual({ type: 'MultiLineString', coordinates: [[[7.42, 43.73], [7.421, 43.731]], [[7.421, 43.731], [7.422, 43.732]]] });
    expect(streetGeometry(roads, 'Escalier')).toBeNull();
  });

  it('draws the draft outline closed for an area, and the closures with their kind', () => {
    const draft = draftToGeoJson('area', [[1, 2], [3, 4], [5, 2]]);
    expect(draft.features).toHaveLength(4);
    expect(draft.features[3]).toMatchObject({ geometry: { type: 'LineString', coordinates: [[1, 2], [3, 4], [5, 2], [1, 2]] } });
    const fc = closuresToGeoJson([{ id: 'c1', label: 'Marché', kind: 'area', geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 4], [5, 2], [1, 2]]] }, validFrom: '2026-11-28T06:00', validTo: '2026-11-28T14:00', createdAt: '2026-11-28T05:00:00Z' }]);
    expect(fc.features[0]!.properties).toEqual({ id: 'c1', label: 'Marché', kind: 'area' });
  });

  it('hatches a tile with opaque diagonal pixels only', () => {
    const img = hatchImage(12);
    expect(img.data.length).toBe(12 * 12 * 4);
    expect(img.data[3]).toBe(200); // (0,0) is on the diagonal
    expect(img.data[(0 * 12 + 6) * 4 + 3]).toBe(0);
  });
});
