/**
 * The fill-level colour scale shared by bins, H3 cells, the legend and the panel: green below 50 %,
 * amber from 50 % to 70 %, red from 70 %; grey when there is no reading.
 */
import { scaleThreshold } from 'd3';
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';

export const FILL_THRESHOLDS_PERCENT = [50, 70] as const;
export const FILL_COLORS = ['#2e9e44', '#f0a202', '#d7301f'] as const;
export const NO_READING_COLOR = '#9e9e9e';

/** d3 threshold scale: percent → colour. */
export const FILL_COLOR_SCALE = scaleThreshold<number, string>()
  .domain([...FILL_THRESHOLDS_PERCENT])
  .range([...FILL_COLORS]);

/** Colour of a fill percentage, or grey for `null` (no reading). */
export function fillColor(fillPercent: number | null): string {
  return fillPercent === null ? NO_READING_COLOR : FILL_COLOR_SCALE(fillPercent);
}

/**
 * MapLibre `step` expression equivalent to {@link FILL_COLOR_SCALE}, reading the numeric
 * property `property` (grey when null or missing). Built from the d3 scale's domain and range so the
 * map and the legend never disagree.
 */
export function fillColorExpression(property: string): ExpressionSpecification {
  const domain = FILL_COLOR_SCALE.domain();
  const range = FILL_COLOR_SCALE.range();
  const stops: (number | string)[] = [];
  domain.forEach((threshold, i) => {
    stops.push(threshold, range[i + 1] ?? NO_READING_COLOR);
  });
  return [
    'case',
    ['==', ['typeof', ['get', property]], 'number'],
    ['step', ['get', property], range[0] ?? NO_READING_COLOR, ...stops] as unknown as ExpressionSpecification,
    NO_READING_COLOR,
  ];
}
