import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { FILL_COLORS, NO_READING_COLOR, fillColor, fillColorExpression } from '../src/map/fill-color-scale.js';
import { DISPOSAL_VISIT_ICON_EXPRESSION, DISPOSAL_VISIT_SPACING_PX, LAYER, LAYER_GROUPS, OSM_ATTRIBUTION, SOURCE, STOP_ICON_EXPRESSION, buildMapStyle, disposalVisitOffset } from '../src/map/map-style.js';

/** Evaluates the `case`/`step` expression produced by fillColorExpression for one value. */
function evaluateFillExpression(expression: unknown, value: unknown): string {
  const [op, , stepExpr, fallback] = expression as [string, unknown, unknown[], string];
  expect(op).toBe('case');
  if (typeof value !== 'number') return fallback;
  const [, , base, ...stops] = stepExpr as [string, unknown, string, ...(number | string)[]];
  let color = base;
  for (let i = 0; i < stops.length; i += 2) if (value >= (stops[i] as number)) color = stops[i + 1] as string;
  return color;
}

describe('fill colour scale', () => {
  it('is green below 50 %, amber from 50 % to below 70 %, red from 70 %, grey without reading', () => {
    expect(fillColor(0)).toBe(FILL_COLORS[0]);
    expect(fillColor(49.9)).toBe(FILL_COLORS[0]);
    expect(fillColor(50)).toBe(FILL_COLORS[1]);
    expect(fillColor(69.9)).toBe(FILL_COLORS[1]);
    expect(fillColor(70)).toBe(FILL_COLORS[2]);
    expect(fillColor(100)).toBe(FILL_COLORS[2]);
    expect(fillColor(null)).toBe(NO_READING_COLOR);
  });

  it('builds a MapLibre step expression with the same thresholds as the d3 scale', () => {
    const expression = fillColorExpression('fillPercent');
    expect(JSON.stringify(expression)).toContain('["step",["get","fillPercent"]');
    for (const value of [0, 49, 50, 69, 70, 99, null]) {
      expect(evaluateFillExpression(expression, value)).toBe(fillColor(value));
    }
  });
});

describe('offline map style', () => {
  const style = buildMapStyle();

  it('is a valid style with no glyphs, sprite or remote URL', () => {
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const urls = JSON.stringify(style).match(/https?:\/\/[^"\\ ]+/g) ?? [];
    expect(urls.every((url) => url.startsWith('https://www.openstreetmap.org/copyright'))).toBe(true);
  });

  it('has no text-field anywhere, because no glyphs are available', () => {
    for (const layer of style.layers) {
      expect(JSON.stringify((layer as { layout?: unknown }).layout ?? {})).not.toContain('text-field');
    }
  });

  it('uses only GeoJSON sources, the roads one carrying the OSM attribution', () => {
    for (const source of Object.values(style.sources)) expect(source.type).toBe('geojson');
    expect((style.sources[SOURCE.roads] as { attribution?: string }).attribution).toBe(OSM_ATTRIBUTION);
    expect(OSM_ATTRIBUTION).toContain('© OpenStreetMap contributors');
  });

  it('draws background first, then roads, cells, routes, bins, stops and sites', () => {
    const ids = style.layers.map((layer) => layer.id);
    expect(ids[0]).toBe(LAYER.background);
    const order = [LAYER.cellsFill, LAYER.routesLine, LAYER.bins, LAYER.stops, LAYER.sites].map((id) => ids.indexOf(id));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(ids.filter((id) => id.startsWith('roads-')).length).toBeGreaterThanOrEqual(4);
  });

  it('colours route lines from the feature colour and numbers stops with run-time icons', () => {
    const routeLine = style.layers.find((layer) => layer.id === LAYER.routesLine);
    expect(routeLine?.type === 'line' && routeLine.paint?.['line-color']).toEqual(['get', 'color']);
    const stops = style.layers.find((layer) => layer.id === LAYER.stops);
    expect(stops?.type === 'symbol' && stops.layout?.['icon-image']).toEqual(STOP_ICON_EXPRESSION);
  });

  it('draws disposal visits above the sites with their own numbered icons, fanned out by rank, toggled with the routes', () => {
    const ids = style.layers.map((layer) => layer.id);
    expect(ids.indexOf(LAYER.disposalVisits)).toBeGreaterThan(ids.indexOf(LAYER.sitesLabel));
    const visits = style.layers.find((layer) => layer.id === LAYER.disposalVisits);
    if (visits?.type !== 'symbol') throw new Error('disposal-visits must be a symbol layer');
    expect(visits.source).toBe(SOURCE.disposalVisits);
    expect(visits.layout?.['icon-image']).toEqual(DISPOSAL_VISIT_ICON_EXPRESSION);
    expect(JSON.stringify(visits.layout?.['icon-offset'])).toContain('["get","fan"]');
    expect(LAYER_GROUPS.routes).toContain(LAYER.disposalVisits);
  });

  it('lays disposal visits out on a grid below the site, each rank on its own slot', () => {
    expect(disposalVisitOffset(0)).toEqual([-1.5 * DISPOSAL_VISIT_SPACING_PX, 27]);
    expect(disposalVisitOffset(3)).toEqual([1.5 * DISPOSAL_VISIT_SPACING_PX, 27]);
    expect(disposalVisitOffset(4)).toEqual([-1.5 * DISPOSAL_VISIT_SPACING_PX, 27 + DISPOSAL_VISIT_SPACING_PX]);
    const slots = new Set(Array.from({ length: 40 }, (_, fan) => disposalVisitOffset(fan).join(',')));
    expect(slots.size).toBe(40);
    expect(disposalVisitOffset(1000)).toEqual(disposalVisitOffset(47));
  });

  it('dashes footways and steps', () => {
    const path = style.layers.find((layer) => layer.id === 'roads-path');
    if (path?.type !== 'line') throw new Error('roads-path must be a line layer');
    expect(path.paint?.['line-dasharray']).toBeTruthy();
    expect(JSON.stringify(path.filter)).toContain('footway');
    expect(JSON.stringify(path.filter)).toContain('steps');
  });

  it('maps each layer toggle to layers that exist in the style', () => {
    const ids = new Set(style.layers.map((layer) => layer.id));
    for (const layers of Object.values(LAYER_GROUPS)) for (const id of layers) expect(ids.has(id)).toBe(true);
  });
});
