/**
 * Pure builders of the driver's map (issue #15): the round's line on the streets (from the
 * turn-by-turn legs' geometry), the leg to the next stop drawn on top in a strong colour, and the
 * numbered stops and disposal visits coloured by state (done: grey, next: red, to do: blue). They
 * fill the offline style's `routes`, `stops` and `disposalVisits` sources (see `map-style.ts`).
 */
import type { RoundTodayDto } from '../../../server/contract/driver.js';

/** Colours of the driver's map (high contrast on the light basemap). */
export const DRIVER_COLORS = { route: '#7b86b3', nextLeg: '#0d2a8a', todo: '#1f3a93', next: '#c0180c', done: '#707070' } as const;

type Feature<G extends GeoJSON.Geometry, P> = { type: 'Feature'; geometry: G; properties: P };
type Collection<G extends GeoJSON.Geometry, P> = { type: 'FeatureCollection'; features: Feature<G, P>[] };

/** The three sources of the driver's map. */
export interface DriverSources {
  routes: Collection<GeoJSON.LineString, { routeId: string; color: string; next: boolean }>;
  stops: Collection<GeoJSON.Point, { seq: number; color: string; stepIndex: number }>;
  disposalVisits: Collection<GeoJSON.Point, { seq: number; color: string; stepIndex: number; fan: number }>;
}

/**
 * The driver's map data. `reported` holds the step indices already reported; `nextLeg` is the
 * geometry of the leg to the next stop (null when none).
 */
export function driverSources(
  round: Pick<RoundTodayDto, 'route' | 'instructions'>,
  reported: ReadonlySet<number>,
  next: number | null,
  nextLeg: GeoJSON.LineString | null,
): DriverSources {
  const routeId = round.route.routeId;
  const line = round.instructions.legs.flatMap((leg, i) => (i === 0 ? leg.geometry.coordinates : leg.geometry.coordinates.slice(1)));
  const routes: DriverSources['routes']['features'] = [];
  if (line.length > 1) routes.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { routeId, color: DRIVER_COLORS.route, next: false } });
  if (nextLeg && nextLeg.coordinates.length > 1) routes.push({ type: 'Feature', geometry: nextLeg, properties: { routeId, color: DRIVER_COLORS.nextLeg, next: true } });
  const colorOf = (i: number): string => (i === next ? DRIVER_COLORS.next : reported.has(i) ? DRIVER_COLORS.done : DRIVER_COLORS.todo);
  const stops: DriverSources['stops']['features'] = [];
  const disposalVisits: DriverSources['disposalVisits']['features'] = [];
  const visitsAt = new Map<string, number>();
  round.route.steps.forEach((step, i) => {
    if (step.seq === null) return;
    const geometry: GeoJSON.Point = { type: 'Point', coordinates: [...step.lngLat] };
    if (step.kind === 'bin') stops.push({ type: 'Feature', geometry, properties: { seq: step.seq, color: colorOf(i), stepIndex: i } });
    else if (step.kind === 'disposal') {
      const place = step.lngLat.join(',');
      const fan = visitsAt.get(place) ?? 0;
      visitsAt.set(place, fan + 1);
      disposalVisits.push({ type: 'Feature', geometry, properties: { seq: step.seq, color: colorOf(i), stepIndex: i, fan } });
    }
  });
  // the next stop drawn last, so no other badge hides it
  stops.sort((a, b) => Number(a.properties.color === DRIVER_COLORS.next) - Number(b.properties.color === DRIVER_COLORS.next));
  return {
    routes: { type: 'FeatureCollection', features: routes },
    stops: { type: 'FeatureCollection', features: stops },
    disposalVisits: { type: 'FeatureCollection', features: disposalVisits },
  };
}
