import { describe, expect, it } from 'vitest';
import { PlanGeoJsonSchema, type PlanGeoJson } from '../../server/contract/index.js';
import { boundsOf, planToSources, routeHighlightOpacity, sitesToGeoJson } from '../src/map/plan-sources.js';
import { parseDisposalIconId, parseStopIconId } from '../src/map/stop-icon.js';

const route = (routeId: string, color: string, coordinates: [number, number][]) => ({
  type: 'Feature' as const,
  geometry: { type: 'LineString' as const, coordinates },
  properties: { kind: 'route' as const, routeId, vehicleId: `v-${routeId}`, color, distanceM: 1000, durationS: 600 },
});
const point = (kind: 'stop' | 'disposal_visit' | 'depot' | 'disposal', routeId: string | null, seq: number | null, coordinates: [number, number]) => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates },
  properties: { kind, routeId, vehicleId: routeId ? `v-${routeId}` : null, binId: kind === 'stop' ? `bin-${seq}` : kind === 'disposal_visit' ? 'x1' : null, seq, color: '#e41a1c' },
});

const PLAN: PlanGeoJson = PlanGeoJsonSchema.parse({
  type: 'FeatureCollection',
  features: [
    route('r1', '#e41a1c', [[7.41, 43.73], [7.42, 43.74]]),
    route('r2', '#377eb8', [[7.43, 43.72], [7.44, 43.75]]),
    point('stop', 'r1', 1, [7.415, 43.735]),
    point('stop', 'r1', 2, [7.418, 43.738]),
    point('stop', 'r2', 1, [7.435, 43.73]),
    point('disposal_visit', 'r1', 3, [7.45, 43.76]),
    point('disposal_visit', 'r2', 2, [7.45, 43.76]),
    point('disposal_visit', 'r1', 4, [7.47, 43.77]),
    point('depot', null, null, [7.4, 43.72]),
    point('disposal', null, null, [7.45, 43.76]),
  ],
});

describe('planToSources', () => {
  it('returns one route feature per route LineString', () => {
    const { routes } = planToSources(PLAN);
    expect(routes.features).toHaveLength(2);
    expect(routes.features.map((f) => f.properties.color)).toEqual(['#e41a1c', '#377eb8']);
  });

  it('keeps only bin stops, each carrying its seq', () => {
    const { stops } = planToSources(PLAN);
    expect(stops.features).toHaveLength(3);
    expect(stops.features.map((f) => f.properties.seq)).toEqual([1, 2, 1]);
    expect(stops.features.every((f) => f.properties.kind === 'stop')).toBe(true);
  });

  it('puts disposal visits in their own source, ranked per place so their markers fan out beside the site', () => {
    const { disposalVisits } = planToSources(PLAN);
    expect(disposalVisits.features.map((f) => [f.properties.routeId, f.properties.seq, f.properties.fan])).toEqual([
      ['r1', 3, 0],
      ['r2', 2, 1],
      ['r1', 4, 0],
    ]);
    expect(disposalVisits.features.every((f) => f.properties.kind === 'disposal_visit' && f.properties.binId === 'x1')).toBe(true);
  });

  it('returns empty collections for an empty plan', () => {
    const { routes, stops, disposalVisits } = planToSources({ type: 'FeatureCollection', features: [] });
    expect(routes.features).toEqual([]);
    expect(stops.features).toEqual([]);
    expect(disposalVisits.features).toEqual([]);
  });
});

describe('boundsOf', () => {
  it('spans every coordinate in [lng, lat] order', () => {
    expect(boundsOf(PLAN.features.map((f) => f.geometry))).toEqual([
      [7.4, 43.72],
      [7.47, 43.77],
    ]);
  });

  it('is null without coordinates', () => {
    expect(boundsOf([])).toBeNull();
  });
});

describe('sitesToGeoJson', () => {
  it('turns each site into a point with its kind', () => {
    const fc = sitesToGeoJson([
      { id: 'd1', kind: 'depot', name: 'Dépôt', lngLat: [7.41, 43.73] },
      { id: 'x1', kind: 'disposal', name: 'UVE', lngLat: [7.45, 43.76] },
    ]);
    expect(fc.features.map((f) => [f.properties?.kind, f.geometry.coordinates])).toEqual([
      ['depot', [7.41, 43.73]],
      ['disposal', [7.45, 43.76]],
    ]);
  });
});

describe('route highlight and stop icons', () => {
  it('fades other routes when one is selected and restores all otherwise', () => {
    expect(routeHighlightOpacity(null)).toBe(0.9);
    expect(routeHighlightOpacity('r2')).toEqual(['case', ['==', ['get', 'routeId'], 'r2'], 1, 0.15]);
  });

  it('parses stop icon ids built by the style expression', () => {
    expect(parseStopIconId('stop-12-#e41a1c')).toEqual({ seq: 12, color: '#e41a1c' });
    expect(parseStopIconId('route-arrow')).toBeNull();
    expect(parseStopIconId('stop-x-#fff')).toBeNull();
  });

  it('parses disposal-visit icon ids, distinct from bin stops', () => {
    expect(parseDisposalIconId('disposal-7-#1b9e77')).toEqual({ seq: 7, color: '#1b9e77' });
    expect(parseDisposalIconId('stop-7-#1b9e77')).toBeNull();
    expect(parseStopIconId('disposal-7-#1b9e77')).toBeNull();
  });
});
