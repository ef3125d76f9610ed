/**
 * Pure builders for the offline MapLibre style: every source is a GeoJSON source filled from the API
 * (the `/api/roads` street network is the basemap), no tiles, no glyphs, no sprite. Stop numbers
 * and arrows are icons generated at run time (see `stop-icon.ts`).
 */
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { fillColorExpression } from './fill-color-scale.js';
import { DEFAULT_HORIZON_STREAM, HORIZON_DAY_COLORS, HORIZON_LATER_COLOR, horizonFilter } from './horizon-sources.js';

/**
 * The OpenStreetMap credit (ODbL) as MapLibre attribution HTML: a link to the copyright page with
 * `text` (the credit in the dashboard's language), HTML-escaped.
 */
export function osmAttribution(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">${escaped}</a>`;
}

/** The credit in English, OpenStreetMap's own wording. */
export const OSM_ATTRIBUTION = osmAttribution('© OpenStreetMap contributors');

export const SOURCE = {
  roads: 'roads',
  cells: 'cells',
  horizon: 'horizon',
  bins: 'bins',
  routes: 'routes',
  stops: 'stops',
  disposalVisits: 'disposal-visits',
  sites: 'sites',
} as const;

export const LAYER = {
  background: 'background',
  cellsFill: 'cells-fill',
  cellsOutline: 'cells-outline',
  horizonFill: 'horizon-fill',
  horizonOutline: 'horizon-outline',
  routesCasing: 'routes-casing',
  routesLine: 'routes-line',
  routesArrows: 'routes-arrows',
  bins: 'bins',
  stops: 'stops',
  sites: 'sites',
  sitesLabel: 'sites-icon',
  disposalVisits: 'disposal-visits',
} as const;

/** Layers switched together by each panel checkbox. */
export const LAYER_GROUPS = {
  bins: [LAYER.bins],
  cells: [LAYER.cellsFill, LAYER.cellsOutline],
  horizon: [LAYER.horizonFill, LAYER.horizonOutline],
  routes: [LAYER.routesCasing, LAYER.routesLine, LAYER.routesArrows, LAYER.stops, LAYER.disposalVisits],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;

export const BACKGROUND_COLOR = '#f4f1ea';
/** Image id of the direction arrow drawn along routes. */
export const ARROW_ICON_ID = 'route-arrow';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Road classes by visual weight, from OSM `highway` values. */
export const ROAD_CLASSES = {
  major: ['motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link'],
  medium: ['secondary', 'secondary_link', 'tertiary', 'tertiary_link'],
  minor: ['residential', 'unclassified', 'living_street', 'service', 'road'],
  path: ['footway', 'path', 'steps', 'pedestrian', 'cycleway', 'track', 'bridleway', 'corridor'],
} as const;

const inClass = (values: readonly string[]): FilterSpecification =>
  ['in', ['get', 'highway'], ['literal', [...values]]] as FilterSpecification;

const zoomWidth = (z12: number, z18: number): ExpressionSpecification => ['interpolate', ['exponential', 1.6], ['zoom'], 12, z12, 18, z18];

/** Road layers, from faint footpaths to thick motorways; non-drivable roads are drawn lighter. */
export function buildRoadLayers(): LayerSpecification[] {
  const drivableOr = (drivable: string, notDrivable: string): ExpressionSpecification => ['case', ['get', 'drivable'], drivable, notDrivable];
  const allClassified = [...ROAD_CLASSES.major, ...ROAD_CLASSES.medium, ...ROAD_CLASSES.path];
  return [
    {
      id: 'roads-path',
      type: 'line',
      source: SOURCE.roads,
      filter: inClass(ROAD_CLASSES.path),
      layout: { 'line-cap': 'butt' },
      paint: { 'line-color': '#a9a49a', 'line-width': zoomWidth(0.6, 1.8), 'line-dasharray': [2, 1.5], 'line-opacity': 0.8 },
    },
    {
      id: 'roads-minor-edge',
      type: 'line',
      source: SOURCE.roads,
      filter: ['!', inClass(allClassified)] as FilterSpecification,
      paint: { 'line-color': drivableOr('#bdb6a8', '#d6d0c4'), 'line-width': 0.7, 'line-gap-width': zoomWidth(1.4, 7) },
    },
    {
      id: 'roads-minor',
      type: 'line',
      source: SOURCE.roads,
      filter: ['!', inClass(allClassified)] as FilterSpecification,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': drivableOr('#ffffff', '#ebe8e2'), 'line-width': zoomWidth(1.4, 7) },
    },
    {
      id: 'roads-medium',
      type: 'line',
      source: SOURCE.roads,
      filter: inClass(ROAD_CLASSES.medium),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': drivableOr('#f7e08a', '#f3efe2'), 'line-width': zoomWidth(2, 10) },
    },
    {
      id: 'roads-major',
      type: 'line',
      source: SOURCE.roads,
      filter: inClass(ROAD_CLASSES.major),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': drivableOr('#f0a95a', '#f3e4cc'), 'line-width': zoomWidth(3, 14) },
    },
  ];
}

/** H3 cells: translucent fill by mean fill percent plus a thin outline. */
export function buildCellLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.cellsFill,
      type: 'fill',
      source: SOURCE.cells,
      paint: { 'fill-color': fillColorExpression('meanFillPercent'), 'fill-opacity': 0.14 },
    },
    {
      id: LAYER.cellsOutline,
      type: 'line',
      source: SOURCE.cells,
      paint: { 'line-color': '#8a857b', 'line-width': 0.5, 'line-opacity': 0.35 },
    },
  ];
}

/**
 * Planned visits (issue #17): the areas of the horizon plan coloured by their next visit day
 * (`dayIndex`, see `horizon-sources.ts`), hidden until the panel's checkbox shows them.
 */
export function buildHorizonLayers(): LayerSpecification[] {
  const color = ['match', ['get', 'dayIndex'], ...HORIZON_DAY_COLORS.flatMap((c, i) => [i, c]), HORIZON_LATER_COLOR] as unknown as ExpressionSpecification;
  return [
    { id: LAYER.horizonFill, type: 'fill', source: SOURCE.horizon, filter: horizonFilter(DEFAULT_HORIZON_STREAM) as FilterSpecification, layout: { visibility: 'none' }, paint: { 'fill-color': color, 'fill-opacity': 0.32 } },
    { id: LAYER.horizonOutline, type: 'line', source: SOURCE.horizon, filter: horizonFilter(DEFAULT_HORIZON_STREAM) as FilterSpecification, layout: { visibility: 'none' }, paint: { 'line-color': color, 'line-width': 1.5, 'line-opacity': 0.9 } },
  ];
}

/** Route lines in their own colour (from the plan GeoJSON `color`), with direction arrows. */
export function buildRouteLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.routesCasing,
      type: 'line',
      source: SOURCE.routes,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': zoomWidth(4, 11), 'line-opacity': 0.9 },
    },
    {
      id: LAYER.routesLine,
      type: 'line',
      source: SOURCE.routes,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['get', 'color'], 'line-width': zoomWidth(2.2, 7), 'line-opacity': 0.9 },
    },
    {
      id: LAYER.routesArrows,
      type: 'symbol',
      source: SOURCE.routes,
      minzoom: 14,
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 90,
        'icon-image': ARROW_ICON_ID,
        'icon-size': 0.6,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-rotation-alignment': 'map',
      },
      paint: { 'icon-opacity': 0.9 },
    },
  ];
}

/**
 * Icon id expression of a stop: `stop-<seq>-<color>`; the icon (a circle in the route colour with
 * the number) is drawn on demand by the missing-image resolver.
 */
export const STOP_ICON_EXPRESSION: ExpressionSpecification = ['concat', 'stop-', ['to-string', ['get', 'seq']], '-', ['get', 'color']];

/**
 * Icon id expression of a disposal visit: `disposal-<seq>-<color>`, a square in the route colour
 * with the stop number (bins are circles), drawn on demand like the stop icons.
 */
export const DISPOSAL_VISIT_ICON_EXPRESSION: ExpressionSpecification = ['concat', 'disposal-', ['to-string', ['get', 'seq']], '-', ['get', 'color']];

/** Pixels between the disposal-visit markers fanned out below their site (see `fan` in plan-sources). */
export const DISPOSAL_VISIT_SPACING_PX = 22;
/** Disposal-visit markers per row of the grid below a site. */
export const DISPOSAL_VISITS_PER_ROW = 4;
/** Ranks laid out one by one; later visits share the last slot. */
const MAX_FAN = 48;

/**
 * Pixel offset of the disposal visit of rank `fan` at a site: a grid of
 * {@link DISPOSAL_VISITS_PER_ROW} columns centred under the site marker (radius 11 px + border),
 * filled row by row, so the numbered squares neither hide the site nor each other.
 */
export function disposalVisitOffset(fan: number): [number, number] {
  const rank = Math.min(Math.max(0, Math.floor(fan)), MAX_FAN - 1);
  const col = rank % DISPOSAL_VISITS_PER_ROW;
  const row = Math.floor(rank / DISPOSAL_VISITS_PER_ROW);
  return [(col - (DISPOSAL_VISITS_PER_ROW - 1) / 2) * DISPOSAL_VISIT_SPACING_PX, 27 + row * DISPOSAL_VISIT_SPACING_PX];
}

/** `icon-offset` expression giving each disposal visit its {@link disposalVisitOffset} from its `fan` property. */
function disposalVisitOffsetExpression(): ExpressionSpecification {
  const cases: unknown[] = [];
  for (let fan = 0; fan < MAX_FAN; fan++) cases.push(fan, ['literal', disposalVisitOffset(fan)]);
  return ['match', ['get', 'fan'], ...cases, ['literal', disposalVisitOffset(MAX_FAN - 1)]] as unknown as ExpressionSpecification;
}

/** Bins as circles coloured by fill; unreachable bins get a thick black outline. */
export function buildBinLayer(): LayerSpecification {
  return {
    id: LAYER.bins,
    type: 'circle',
    source: SOURCE.bins,
    paint: {
      // the fill the plan shown used (its forecast), else the last reading (set by the dashboard)
      'circle-color': fillColorExpression('shownFillPercent'),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 1.8, 14, 3.5, 17, 7, 19, 10],
      'circle-stroke-color': ['case', ['==', ['typeof', ['get', 'unreachableReason']], 'string'], '#000000', '#ffffff'],
      'circle-stroke-width': ['case', ['==', ['typeof', ['get', 'unreachableReason']], 'string'], 2, 0.6],
    },
  };
}

/** Stop numbers (run-time icons), the depot / disposal markers, and the routes' disposal visits beside them. */
export function buildStopAndSiteLayers(): LayerSpecification[] {
  return [
    {
      id: LAYER.stops,
      type: 'symbol',
      source: SOURCE.stops,
      minzoom: 13,
      layout: {
        'icon-image': STOP_ICON_EXPRESSION,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 13, 0.55, 17, 1],
        'icon-allow-overlap': false,
        'symbol-sort-key': ['get', 'seq'],
      },
    },
    {
      id: LAYER.sites,
      type: 'circle',
      source: SOURCE.sites,
      paint: {
        'circle-radius': 11,
        'circle-color': ['match', ['get', 'kind'], 'depot', '#1f3a93', '#6b3fa0'],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2.5,
      },
    },
    {
      id: LAYER.sitesLabel,
      type: 'symbol',
      source: SOURCE.sites,
      layout: {
        'icon-image': ['concat', 'site-', ['get', 'kind']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
    {
      // Each route's unloading visits: numbered squares in a grid below the site marker.
      id: LAYER.disposalVisits,
      type: 'symbol',
      source: SOURCE.disposalVisits,
      layout: {
        'icon-image': DISPOSAL_VISIT_ICON_EXPRESSION,
        'icon-offset': disposalVisitOffsetExpression(),
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'symbol-sort-key': ['get', 'fan'],
      },
    },
  ];
}

/**
 * The complete offline style: a light background, then roads, cells, routes, bins, stops, sites and
 * disposal visits, all with empty GeoJSON sources to be filled with `setData`. No `glyphs`, no
 * `sprite`, no text. `attribution` is the roads source's credit (default {@link OSM_ATTRIBUTION}).
 */
export function buildMapStyle(attribution: string = OSM_ATTRIBUTION): StyleSpecification {
  const geojson = (credit?: string) => ({ type: 'geojson' as const, data: EMPTY, ...(credit ? { attribution: credit } : {}) });
  return {
    version: 8,
    name: 'collecte-offline',
    sources: {
      [SOURCE.roads]: geojson(attribution),
      [SOURCE.cells]: geojson(),
      [SOURCE.horizon]: geojson(),
      [SOURCE.routes]: geojson(),
      [SOURCE.bins]: geojson(),
      [SOURCE.stops]: geojson(),
      [SOURCE.disposalVisits]: geojson(),
      [SOURCE.sites]: geojson(),
    },
    layers: [
      { id: LAYER.background, type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      ...buildRoadLayers(),
      ...buildCellLayers(),
      ...buildHorizonLayers(),
      ...buildRouteLayers(),
      buildBinLayer(),
      ...buildStopAndSiteLayers(),
    ],
  };
}
