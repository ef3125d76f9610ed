import { describe, expect, it } from 'vitest';
import type { FillReading, Kilograms, Litres, Seconds, Stream } from '../../solver/src/index.js';
import { compareFrontiers, frontierSvg, paretoFront, type FrontierPoint } from './frontier-svg.js';
import { looksFaulty } from './horizon-strategy.js';
import { simulate, type SimBin, type SimWorld } from './simulate-core.js';

const MONDAY = Date.UTC(2026, 9, 5);
const DAY = 86_400_000;
const H = 3_600_000;

/** Readings every 6 h for `days` days up to `at`, fill = f(k). */
function series(at: number, days: number, f: (k: number) => number): FillReading[] {
  return Array.from({ length: days * 4 }, (_, k) => ({ measuredAtMs: at - (days * 4 - k) * 6 * H, fillPercent: Math.round(f(k) * 10) / 10 }));
}

describe('looksFaulty', () => {
  const at = MONDAY + 10 * DAY;
  it('passes a healthy rising sensor and flags silent, stuck, noisy and reading-slow ones', () => {
    expect(looksFaulty(series(at, 5, (k) => 10 + k * 1.5 + (k % 2)), at, 6, 6)).toBe(false);
    expect(looksFaulty(series(at - 2 * DAY, 5, (k) => 10 + k), at, 6, 6)).toBe(true);
    expect(looksFaulty(series(at, 5, () => 42), at, 6, 6)).toBe(true);
    expect(looksFaulty(series(at, 5, (k) => (k % 2 === 0 ? 10 : 60)), at, 6, 6)).toBe(true);
    expect(looksFaulty(series(at, 5, (k) => 10 + k * 0.1), at, 1, 6)).toBe(true);
  });
  it('does not call a bin stuck at the sensor ceiling faulty (it is full)', () => {
    expect(looksFaulty(series(at, 5, () => 100), at, 6, 6)).toBe(false);
  });
});

describe('frontier SVG', () => {
  const points: FrontierPoint[] = [
    { label: 'fixed-weekly', family: 'fixed', km: 9000, overflowBinDays: 700 },
    { label: 'fixed-twice-weekly', family: 'fixed', km: 15000, overflowBinDays: 100 },
    { label: 'fixed-fortnightly', family: 'fixed', km: 5000, overflowBinDays: 4000 },
    { label: 'fixed-bad', family: 'fixed', km: 16000, overflowBinDays: 800 },
    { label: 'sensor risk 5 %', family: 'sensor', km: 6000, overflowBinDays: 650 },
  ];
  it('keeps only the non-dominated points of a family on its frontier', () => {
    expect(paretoFront(points.filter((p) => p.family === 'fixed')).map((p) => p.label)).toEqual(['fixed-twice-weekly', 'fixed-weekly', 'fixed-fortnightly']);
  });
  it('compares each fixed schedule with the sensor settings at its overflow level, by a dominating run and on the sensor line', () => {
    const mixed: FrontierPoint[] = [
      ...points.filter((p) => p.family === 'fixed' && p.label !== 'fixed-bad'),
      { label: 'sweep 3', family: 'sensor', km: 9500, overflowBinDays: 600 },
      { label: 'sweep 5', family: 'sensor', km: 8000, overflowBinDays: 900 },
      { label: 'sweep 10', family: 'sensor', km: 5100, overflowBinDays: 4100 },
    ];
    const c = compareFrontiers(mixed);
    expect(c.map((x) => x.fixed)).toEqual(['fixed-twice-weekly', 'fixed-weekly', 'fixed-fortnightly']);
    // nothing sensor at 100 overflow bin-days or fewer
    expect(c[0]).toMatchObject({ bestSensor: null, dominated: false, belowOnLine: false, sensorFrontierKm: null });
    // at 700: no single run dominates (sweep 3 drives more), but the line 600 -> 900 passes at 9,000 km: not below 9,000
    expect(c[1]).toMatchObject({ bestSensor: 'sweep 3', bestSensorKm: 9500, dominated: false, sensorFrontierKm: 9000, belowOnLine: false });
    // at 4,000: the best run at no more overflow is sweep 5 (8,000 km); the line 900 -> 4,100 passes at 5,190.6 km, above 5,000
    expect(c[2]).toMatchObject({ dominated: false, belowOnLine: false });
    expect(c[2]!.sensorFrontierKm).toBeCloseTo(8000 + ((5100 - 8000) * (4000 - 900)) / (4100 - 900), 0);
    const better = compareFrontiers([...mixed, { label: 'sweep 4', family: 'sensor', km: 8500, overflowBinDays: 700 }]);
    expect(better[1]).toMatchObject({ bestSensor: 'sweep 4', dominated: true, belowOnLine: true, sensorFrontierKm: 8500 });
  });

  it('draws one labelled point per run with axes titles', () => {
    const svg = frontierSvg(points, 'Strategies & seeds');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<circle cx=/g)!.length).toBe(points.length + 2);
    expect(svg).toContain('sensor risk 5 %: 6000 km, 650 overflow bin-days');
    expect(svg).toContain('Strategies &amp; seeds');
    expect(svg).toContain('overflow bin-days');
  });
});

describe('simulate() with the horizon sensor strategy', () => {
  const STREAMS: readonly Stream[] = ['residual', 'packaging', 'glass'];
  /** A 60-bin grid city (100 m spacing), one truck per stream. */
  function gridWorld(): SimWorld {
    const bins: SimBin[] = Array.from({ length: 60 }, (_, i) => ({ binId: `B${i}`, stream: STREAMS[i % 3]!, capacityLitres: 660, serviceSec: 30, lng: 7.4 + (i % 10) * 0.002, lat: 43.72 + Math.floor(i / 10) * 0.002 }));
    const xy = [[0, 0], [0, 0], ...bins.map((_, i) => [(i % 10) * 160, Math.floor(i / 10) * 220])] as [number, number][];
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
    const vehicles = STREAMS.map((s) => ({ vehicleId: `T-${s}`, streams: [s], capacityLitres: 200_000 as Litres, capacityKg: 50_000 as Kilograms, shiftStartSec: 21_600 as Seconds, shiftEndSec: 50_400 as Seconds, co2KgPerKm: 2.5 }));
    return { bins, vehicles, matrix: { size, distances, durations }, unreachableBins: new Set(), disposalServiceSec: 600, utcOffsetSec: 3600 };
  }

  it('runs two weeks checker-clean, with fewer lifts at a fuller mean fill than the weekly schedule', () => {
    const world = gridWorld();
    const base = { truth: 'anchored' as const, weeks: 2, warmupWeeks: 2, startMs: MONDAY, seed: 4, maxIterations: 2 };
    const sensor = simulate(world, { ...base, strategy: 'sensor' });
    const weekly = simulate(world, { ...base, strategy: 'fixed-weekly' });
    expect(sensor.days).toHaveLength(14);
    expect(sensor.unassigned).toBe(0);
    expect(sensor.collections).toBeGreaterThan(0);
    expect(sensor.collections).toBeLessThan(weekly.collections);
    expect(sensor.meanFillAtCollection).toBeGreaterThan(weekly.meanFillAtCollection);
    expect(sensor.costEur).toBeGreaterThan(0);
  });
});
