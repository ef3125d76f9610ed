/** Bins (rows + latest reading + forecast + reachability) → `BinCollection`, and H3 cells → `CellCollection`. */
import type { BinCollection, CellCollection } from '../../contract/index.js';
import type { BinRow } from '../db/repositories/bins-repository.js';
import type { LatestReading } from '../db/repositories/readings-repository.js';
import { cellBoundary, H3_RESOLUTION } from '../solver.js';
import type { SnapResult } from '../solver.js';

/**
 * One Point feature per bin; `forecast` is each bin's expected fill today (the decision set's
 * `expectedAtPlanPercent`, null without readings).
 */
export function toBinCollection(
  bins: readonly BinRow[],
  latest: readonly LatestReading[],
  forecast: ReadonlyMap<string, number | null>,
  snaps: ReadonlyMap<string, SnapResult>,
  unreachable: ReadonlyMap<string, string>,
): BinCollection {
  const latestById = new Map(latest.map((l) => [l.binId, l]));
  return {
    type: 'FeatureCollection',
    features: bins.map((b) => {
      const last = latestById.get(b.id);
      const snap = snaps.get(b.id);
      const unreachableReason = snap && !snap.ok ? snap.reason : (unreachable.get(b.id) ?? null);
      return {
        type: 'Feature' as const,
        id: b.id,
        geometry: { type: 'Point' as const, coordinates: [b.lng, b.lat] as [number, number] },
        properties: {
          id: b.id,
          stream: b.stream,
          capacityLitres: b.capacityLitres,
          origin: b.origin,
          fillPercent: last?.fillPercent ?? null,
          measuredAt: last ? new Date(last.measuredAt).toISOString() : null,
          forecastFillPercent: forecast.get(b.id) ?? null,
          h3Cell: b.h3Cell,
          unreachableReason,
        },
      };
    }),
  };
}

/**
 * One Polygon feature per H3 cell holding bins, with the bin count, the mean latest fill and the
 * mean forecast fill today (`forecast` as for {@link toBinCollection}).
 */
export function toCellCollection(bins: readonly BinRow[], latest: readonly LatestReading[], forecast: ReadonlyMap<string, number | null>): CellCollection {
  const latestById = new Map(latest.map((l) => [l.binId, l.fillPercent]));
  const cells = new Map<string, { count: number; sum: number; withReading: number; forecastSum: number; withForecast: number }>();
  for (const b of bins) {
    const c = cells.get(b.h3Cell) ?? { count: 0, sum: 0, withReading: 0, forecastSum: 0, withForecast: 0 };
    c.count++;
    const fill = latestById.get(b.id);
    if (fill !== undefined) {
      c.sum += fill;
      c.withReading++;
    }
    const f = forecast.get(b.id);
    if (f !== undefined && f !== null) {
      c.forecastSum += f;
      c.withForecast++;
    }
    cells.set(b.h3Cell, c);
  }
  return {
    type: 'FeatureCollection',
    features: [...cells].map(([cell, c]) => ({
      type: 'Feature' as const,
      geometry: { type: 'Polygon' as const, coordinates: [cellBoundary(cell).map((p) => [p[0], p[1]] as [number, number])] },
      properties: {
        h3Cell: cell,
        resolution: H3_RESOLUTION,
        binCount: c.count,
        meanFillPercent: c.withReading === 0 ? null : Math.round((c.sum / c.withReading) * 10) / 10,
        meanForecastPercent: c.withForecast === 0 ? null : Math.round((c.forecastSum / c.withForecast) * 10) / 10,
      },
    })),
  };
}
