/**
 * Fill forecasts for all bins at an instant, from the database readings, cached until new
 * readings arrive.
 */
import { selectBins, type BinSelection } from '../solver.js';
import type { BinsRepository } from '../db/repositories/bins-repository.js';
import type { ReadingsRepository } from '../db/repositories/readings-repository.js';
import { SERVICE_TIME_ZONE } from './local-time.js';

/**
 * Readings older than this before the forecast instant are not loaded. Bins are collected at
 * least every two weeks, so a fill cycle fits; a bin with no reading in the window has no forecast.
 */
export const FORECAST_WINDOW_DAYS = 21;

/** Forecasts of all bins at an instant, memoised per (instant, readings version). */
export class ForecastService {
  private version = 0;
  private cache = new Map<string, Map<string, BinSelection>>();

  constructor(
    private readonly bins: BinsRepository,
    private readonly readings: ReadingsRepository,
    private readonly timeZone: string = SERVICE_TIME_ZONE,
    private readonly thresholdPercent = 70,
  ) {}

  /** Drops cached forecasts; call after readings are written. */
  invalidate(): void {
    this.version++;
    this.cache.clear();
  }

  /** Forecast and selection of every bin at `atMs` (epoch ms), keyed by bin id. */
  at(atMs: number): Map<string, BinSelection> {
    const key = `${this.version}:${atMs}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const from = new Date(atMs - FORECAST_WINDOW_DAYS * 86_400_000).toISOString();
    const rows = this.readings.window(from, new Date(atMs).toISOString());
    const byBin = new Map<string, { measuredAtMs: number; fillPercent: number }[]>();
    for (const r of rows) {
      const list = byBin.get(r.binId) ?? [];
      list.push({ measuredAtMs: Date.parse(r.measuredAt), fillPercent: r.fillPercent });
      byBin.set(r.binId, list);
    }
    const input = this.bins.all().map((b) => ({ binId: b.id, stream: b.stream, readings: byBin.get(b.id) ?? [] }));
    const result = new Map(selectBins(input, atMs, { thresholdPercent: this.thresholdPercent, timeZone: this.timeZone }).map((s) => [s.binId, s]));
    if (this.cache.size > 16) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }
}
