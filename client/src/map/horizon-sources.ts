/**
 * Pure builders for the planned-visits layer (issue #17): the horizon plan's areas as GeoJSON
 * polygons with the index of their next visit day, and its visits as table rows.
 */
import type { HorizonDto, StreamDto } from '../../../server/contract/index.js';

/**
 * One colour per planned working day, today first: warm for the coming days, cool for later ones
 * (ColorBrewer RdYlBu-like, distinct side by side), and grey for areas not visited within them.
 */
export const HORIZON_DAY_COLORS = ['#b2182b', '#e66101', '#fdb863', '#b8e186', '#4dac26', '#67a9cf', '#2166ac'] as const;
export const HORIZON_LATER_COLOR = '#9e9e9e';

/** What the layer shows: one stream's visits, or (`all`) each area's nearest visit of any stream. */
export type HorizonStreamChoice = StreamDto | 'all';
/** The stream shown first: residual waste, the stream every area has and visits most often. */
export const DEFAULT_HORIZON_STREAM: HorizonStreamChoice = 'residual';

/** Properties of an area of the layer (one feature per area and stream, and one for `all`). */
export interface HorizonAreaProperties {
  areaId: string;
  stream: HorizonStreamChoice;
  /** Index of the area's next visit day in `days` (any stream), -1 when none within them. */
  dayIndex: number;
  nextVisitDate: string | null;
}

/**
 * The areas of a horizon plan as polygons coloured by their next visit day: one feature per area
 * and stream it has, and one per area for `all` (its nearest visit of any stream); the layer's
 * filter picks the stream shown.
 */
export function horizonToGeoJson(h: HorizonDto): GeoJSON.FeatureCollection<GeoJSON.Polygon, HorizonAreaProperties> {
  const dayOf = new Map(h.days.map((d, i) => [d.date, i]));
  const next = new Map<string, number>();
  const keep = (key: string, i: number): void => {
    const before = next.get(key);
    if (before === undefined || before === -1 || (i !== -1 && i < before)) next.set(key, i);
  };
  for (const a of h.areas) {
    const i = a.nextVisitDate === null ? -1 : (dayOf.get(a.nextVisitDate) ?? -1);
    keep(`${a.areaId}|${a.stream}`, i);
    keep(`${a.areaId}|all`, i);
  }
  const boundary = new Map(h.cells.map((c) => [c.areaId, c.boundary]));
  return {
    type: 'FeatureCollection',
    features: [...next].flatMap(([key, dayIndex]) => {
      const [areaId, stream] = key.split('|') as [string, HorizonStreamChoice];
      const ring = boundary.get(areaId);
      if (!ring) return [];
      return [
        {
          type: 'Feature' as const,
          geometry: { type: 'Polygon' as const, coordinates: [ring] },
          properties: { areaId, stream, dayIndex, nextVisitDate: dayIndex === -1 ? null : h.days[dayIndex]!.date },
        },
      ];
    }),
  };
}

/** The layer filter showing one stream's areas (or `all`). */
export function horizonFilter(stream: HorizonStreamChoice): ['==', ['get', 'stream'], string] {
  return ['==', ['get', 'stream'], stream];
}

/** One row of the planned-visits table. */
export interface HorizonRow {
  date: string;
  dayIndex: number;
  areaId: string;
  stream: StreamDto;
  binIds: readonly string[];
}

/** The visits of a horizon plan, day by day, then by area and stream. */
export function horizonRows(h: HorizonDto): HorizonRow[] {
  return h.days.flatMap((d, dayIndex) =>
    [...d.visits]
      .sort((a, b) => a.areaId.localeCompare(b.areaId) || a.stream.localeCompare(b.stream))
      .map((v) => ({ date: d.date, dayIndex, areaId: v.areaId, stream: v.stream, binIds: v.binIds })),
  );
}
