/**
 * Pure builder of the desk's hexagon map style (offline: the `/api/roads` streets as basemap, no
 * tiles or glyphs): H3 hexagons coloured by the mean fill (the dashboard's fill scale) or by the
 * overflow bin-days (a sequential scale), drawn over the streets.
 */
import type { ExpressionSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { fillColorExpression } from './fill-color-scale.js';
import { BACKGROUND_COLOR, buildRoadLayers, OSM_ATTRIBUTION, SOURCE } from './map-style.js';

/** Source and layer ids of the hexagon map. */
export const HEX = { source: 'desk-cells', fill: 'desk-cells-fill', outline: 'desk-cells-outline' } as const;

/** What the hexagons are coloured by. */
export type HexMetric = 'meanFillPercent' | 'overflowBinDays';

/** Steps of the overflow scale: bin-days (0, 1-4, 5-14, 15-39, 40 and more). */
export const OVERFLOW_STEPS = [1, 5, 15, 40] as const;
export const OVERFLOW_COLORS = ['#f7f4ef', '#fdd49e', '#fc8d59', '#d7301f', '#7f0000'] as const;

/** The fill colour expression of a metric. */
export function hexColor(metric: HexMetric): ExpressionSpecification {
  if (metric === 'meanFillPercent') return fillColorExpression('meanFillPercent');
  const stops: (number | string)[] = [];
  OVERFLOW_STEPS.forEach((s, i) => stops.push(s, OVERFLOW_COLORS[i + 1]!));
  return ['step', ['coalesce', ['get', 'overflowBinDays'], 0], OVERFLOW_COLORS[0], ...stops] as ExpressionSpecification;
}

/** The style: background, streets, hexagons. */
export function buildHexStyle(metric: HexMetric, attribution: string = OSM_ATTRIBUTION): StyleSpecification {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  return {
    version: 8,
    name: 'collecte-desk-hexagons',
    sources: {
      [SOURCE.roads]: { type: 'geojson', data: empty, attribution },
      [HEX.source]: { type: 'geojson', data: empty },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      ...buildRoadLayers(),
      { id: HEX.fill, type: 'fill', source: HEX.source, paint: { 'fill-color': hexColor(metric), 'fill-opacity': 0.55 } },
      { id: HEX.outline, type: 'line', source: HEX.source, paint: { 'line-color': '#4a463f', 'line-width': 0.6, 'line-opacity': 0.6 } },
    ],
  };
}
