import { describe, expect, it } from 'vitest';
import type { Kilograms, Litres, Seconds, Stream } from '../../solver/src/index.js';
import { ANCHOR_RANGE_PERCENT, ANCHORED_FILL_AT_WEEKLY_COLLECTION, FillTruth, RATE_SPREAD_SD, anchoredMedianRate, expectedWeeklyFill, medianRatePerDay, type TruthCalibration } from './fill-truth.js';
import { DAYS_TO_FULL } from './sample-city.js';
import { simulate, type SimBin, type SimWorld } from './simulate-core.js';

const MONDAY = Date.UTC(2026, 9, 5);
const DAY = 86_400_000;
const STREAMS: readonly Stream[] = ['residual', 'packaging', 'biowaste', 'glass', 'paper'];

/** The sample city's stream mix (638 / 341 / 275 / 126 / 120 of 1,500), scaled to `n` bins, interleaved. */
function streamMix(n: number): Stream[] {
  const share: Record<Stream, number> = { residual: 638, packaging: 341, biowaste: 275, glass: 126, paper: 120 };
  return Array.from({ length: n }, (_, i) => {
    const x = ((i * 0.618034) % 1) * 1500;
    let acc = 0;
    for (const s of STREAMS) {
      acc += share[s];
      if (x < acc) return s;
    }
    return 'residual';
  });
}

/**
 * Empties every bin once a week on its own weekday (bin i on weekday 1 + i mod 5) at 08:00 UTC,
 * after a 3-week warm-up, and returns the mean true fill (capped at 100) at the counted collections.
 */
function weeklyMeanFill(streams: readonly Stream[], calibration: TruthCalibration, seed: number): { all: number; byStream: Map<Stream, number> } {
  const start = MONDAY - 21 * DAY;
  const truth = new FillTruth(streams, seed, start, calibration);
  const sums = new Map<Stream, { sum: number; n: number }>();
  let sum = 0;
  let n = 0;
  for (let day = start; day < MONDAY + 28 * DAY; day += DAY) {
    truth.advance(day + 8 * 3_600_000);
    const weekday = new Date(day).getUTCDay();
    streams.forEach((s, i) => {
      if (1 + (i % 5) !== weekday) return;
      const before = Math.min(100, truth.empty(i));
      if (day < MONDAY) return;
      sum += before;
      n++;
      const acc = sums.get(s) ?? { sum: 0, n: 0 };
      acc.sum += before;
      acc.n++;
      sums.set(s, acc);
    });
  }
  return { all: sum / n, byStream: new Map([...sums].map(([s, a]) => [s, a.sum / a.n])) };
}

describe('anchored ground-truth calibration', () => {
  it('solves each stream median so the expected weekly fill equals its anchor, and the uncapped closed form agrees', () => {
    for (const s of STREAMS) {
      const m = anchoredMedianRate(ANCHORED_FILL_AT_WEEKLY_COLLECTION[s]);
      expect(expectedWeeklyFill(m)).toBeCloseTo(ANCHORED_FILL_AT_WEEKLY_COLLECTION[s], 6);
    }
    // Far from the cap, E[2 + 7.3 m exp(0.35 Z)] = 2 + 7.3 m exp(0.35² / 2).
    const m = anchoredMedianRate(30);
    expect(2 + 7.3 * m * Math.exp((RATE_SPREAD_SD * RATE_SPREAD_SD) / 2)).toBeCloseTo(30, 2);
    expect(() => anchoredMedianRate(100)).toThrow(RangeError);
  });

  it('keeps the primer-defaults rates at 100 / days to full (the sample generator’s)', () => {
    for (const s of STREAMS) expect(medianRatePerDay(s, 'primer-defaults')).toBe(100 / DAYS_TO_FULL[s]);
  });

  it('gives a mean true fill at weekly collection inside the primer anchor range on a seeded 1,000-bin city, each stream within 3 points of its anchor', () => {
    const streams = streamMix(1000);
    const { all, byStream } = weeklyMeanFill(streams, 'anchored', 5);
    expect(all).toBeGreaterThanOrEqual(ANCHOR_RANGE_PERCENT.min);
    expect(all).toBeLessThanOrEqual(ANCHOR_RANGE_PERCENT.max);
    for (const s of STREAMS) expect(Math.abs(byStream.get(s)! - ANCHORED_FILL_AT_WEEKLY_COLLECTION[s])).toBeLessThan(3);
  });

  it('tells the calibrations apart: the primer defaults collect far fuller bins on the same city and seed', () => {
    const { all } = weeklyMeanFill(streamMix(1000), 'primer-defaults', 5);
    expect(all).toBeGreaterThan(75);
  });

  it('draws the same per-bin factors under both calibrations (only the stream medians differ)', () => {
    const streams = streamMix(50);
    const a = new FillTruth(streams, 9, MONDAY, 'anchored');
    const p = new FillTruth(streams, 9, MONDAY, 'primer-defaults');
    streams.forEach((s, i) => {
      expect(a.baseRate[i]! / medianRatePerDay(s, 'anchored')).toBeCloseTo(p.baseRate[i]! / medianRatePerDay(s, 'primer-defaults'), 10);
      expect(a.fill[i]).toBe(p.fill[i]);
    });
  });
});

describe('simulate() under the anchored truth', () => {
  /** A 120-bin grid city (100 m spacing, 30 km/h), depot and disposal at the corner, one truck per stream with room for everything. */
  function gridWorld(): SimWorld {
    const streams = streamMix(120);
    const bins: SimBin[] = streams.map((stream, i) => ({ binId: `B${i}`, stream, capacityLitres: 660, serviceSec: 30, lng: 7.40 + (i % 12) * 0.001 }));
    const xy = [[0, 0], [0, 0], ...bins.map((_, i) => [(i % 12) * 100, Math.floor(i / 12) * 100])] as [number, number][];
    const size = xy.length;
    const distances = new Float64Array(size * size);
    const durations = new Float64Array(size * size);
    for (let a = 0; a < size; a++) {
      for (let b = 0; b < size; b++) {
        const d = Math.abs(xy[a]![0] - xy[b]![0]) + Math.abs(xy[a]![1] - xy[b]![1]);
        distances[a * size + b] = d;
        durations[a * size + b] = Math.round(d / 8.33);
      }
    }
    const vehicles = STREAMS.map((s) => ({
      vehicleId: `T-${s}`,
      streams: [s],
      capacityLitres: 200_000 as Litres,
      capacityKg: 50_000 as Kilograms,
      shiftStartSec: 21_600 as Seconds,
      shiftEndSec: 50_400 as Seconds,
      co2KgPerKm: 2.5,
    }));
    return { bins, vehicles, matrix: { size, distances, durations }, unreachableBins: new Set(), disposalServiceSec: 600, utcOffsetSec: 3600 };
  }

  it('collects at a mean fill inside the anchor range under the fixed weekly schedule, and far above it with the primer defaults', () => {
    const world = gridWorld();
    const run = (truth: TruthCalibration): number =>
      simulate(world, { strategy: 'fixed-weekly', truth, weeks: 3, warmupWeeks: 2, startMs: MONDAY, seed: 3, maxIterations: 2 }).meanFillAtCollection;
    const anchored = run('anchored');
    expect(anchored).toBeGreaterThanOrEqual(ANCHOR_RANGE_PERCENT.min);
    expect(anchored).toBeLessThanOrEqual(ANCHOR_RANGE_PERCENT.max);
    expect(run('primer-defaults')).toBeGreaterThan(ANCHOR_RANGE_PERCENT.max + 10);
  });
});
