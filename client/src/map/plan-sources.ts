/**
 * Pure DTO → GeoJSON conversions for the plan, site and bin sources, plus bounds helpers.
 */
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { PlanGeoJson, SiteDto } from '../../../server/contract/index.js';

type PlanFeature = PlanGeoJson['features'][number];
export type RouteFeature = Extract<PlanFeature, { geometry: { type: 'LineString' } }>;
export type PointFeature = Extract<PlanFeature, { geometry: { type: 'Point' } }>;

/** `[[west, south], [east, north]]` in degrees. */
export type Bounds = [[number, number], [number, number]];

/**
 * A route's visit to a disposal site, with `fan`: its rank among the visits drawn at the same
 * place (0, 1, ...), so the markers can be spread beside the site instead of piling up on it.
 */
export type DisposalVisitFeature = PointFeature & { properties: PointFeature['properties'] & { fan: number } };

/**
 * The plan GeoJSON split into the map's `routes`, `stops` (bins only, ordered by seq) and
 * `disposalVisits` sources.
 */
export interface PlanSources {
  routes: { type: 'FeatureCollection'; features: RouteFeature[] };
  stops: { type: 'FeatureCollection'; features: PointFeature[] };
  disposalVisits: { type: 'FeatureCollection'; features: DisposalVisitFeature[] };
}

function isRoute(feature: PlanFeature): feature is RouteFeature {
  return feature.geometry.type === 'LineString';
}

/** Splits the `?format=geojson` plan into route lines, numbered bin stops and numbered disposal visits. */
export function planToSources(plan: PlanGeoJson): PlanSources {
  const routes: RouteFeature[] = [];
  const stops: PointFeature[] = [];
  const disposalVisits: DisposalVisitFeature[] = [];
  const visitsAt = new Map<string, number>();
  for (const feature of plan.features) {
    if (isRoute(feature)) routes.push(feature);
    else if (feature.properties.kind === 'stop' && feature.properties.seq !== null) stops.push(feature);
    else if (feature.properties.kind === 'disposal_visit' && feature.properties.seq !== null) {
      const place = feature.geometry.coordinates.join(',');
      const fan = visitsAt.get(place) ?? 0;
      visitsAt.set(place, fan + 1);
      disposalVisits.push({ ...feature, properties: { ...feature.properties, fan } });
    }
  }
  return {
    routes: { type: 'FeatureCollection', features: routes },
    stops: { type: 'FeatureCollection', features: stops },
    disposalVisits: { type: 'FeatureCollection', features: disposalVisits },
  };
}

/** Depot and disposal sites as points with `kind`, `id` and `name`. */
export function sitesToGeoJson(sites: readonly SiteDto[]): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: sites.map((site) => ({
      type: 'Feature',
      id: site.id,
      geometry: { type: 'Point', coordinates: [site.lngLat[0], site.lngLat[1]] },
      properties: { id: site.id, kind: site.kind, name: site.name },
    })),
  };
}

/** Bounding box of all coordinates of the given geometries, or null when there are none. */
export function boundsOf(geometries: Iterable<GeoJSON.Geometry>): Bounds | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (position: GeoJSON.Position): void => {
    const [lng, lat] = position;
    if (lng === undefined || lat === undefined) return;
    if (lng < west) west = lng;
    if (lng > east) east = lng;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  };
  for (const geometry of geometries) {
    switch (geometry.type) {
      case 'Point':
        visit(geometry.coordinates);
        break;
      case 'LineString':
      case 'MultiPoint':
        geometry.coordinates.forEach(visit);
        break;
      case 'Polygon':
      case 'MultiLineString':
        geometry.coordinates.forEach((ring) => ring.forEach(visit));
        break;
      case 'MultiPolygon':
        geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)));
        break;
      case 'GeometryCollection':
        break;
    }
  }
  return west <= east ? [[west, south], [east, north]] : null;
}

/**
 * Opacity expression that highlights one route (others faded to `faded`), or gives every route
 * `normal` when `routeId` is null. Used for route lines, casings and stop icons.
 */
export function routeHighlightOpacity(routeId: string | null, normal = 0.9, faded = 0.15): ExpressionSpecification | number {
  return routeId === null ? normal : ['case', ['==', ['get', 'routeId'], routeId], 1, faded];
}
