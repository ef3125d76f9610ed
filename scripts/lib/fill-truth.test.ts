import { describe, expect, it } from 'vitest';
import { FillTruth } from './fill-truth.js';
import { DAYS_TO_FULL } from './sample-city.js';
import { secondRoundDay, weeklySectors } from './simulate-core.js';

const MONDAY = Date.UTC(2026, 9, 5);
const DAY = 86_400_000;

describe('FillTruth (the simulator ground truth)', () => {
  it('fills each stream at the generator median rate, weekday and daytime patterns averaging out over a week', () => {
    const streams = Array.from({ length: 400 }, () => 'residual' as const);
    const truth = new FillTruth(streams, 7, MONDAY, 'primer-defaults');
    const start = Float64Array.from(truth.fill);
    truth.advance(MONDAY + 7 * DAY);
    const gains = [...truth.fill].map((f, i) => (f - start[i]!) / 7).sort((a, b) => a - b);
    const median = gains[200]!;
    // Weekly mean multiplier (2 × 1.3 + 1.1 + 4 × 0.9) / 7 = 1.043.
    expect(median).toBeGreaterThan((100 / DAYS_TO_FULL.residual) * 1.043 * 0.9);
    expect(median).toBeLessThan((100 / DAYS_TO_FULL.residual) * 1.043 * 1.1);
  });

  it('takes 4 noisy readings a day, clipped to 0..100 even when the bin overflows, and counts each overflow day once', () => {
    const truth = new FillTruth(['biowaste'], 3, MONDAY, 'primer-defaults');
    const readings = truth.advance(MONDAY + 14 * DAY)[0]!;
    expect(readings.length).toBeGreaterThan(50);
    expect(readings.length).toBeLessThanOrEqual(57);
    expect(readings.every((r) => r.fillPercent >= 0 && r.fillPercent <= 100)).toBe(true);
    expect(truth.fill[0]!).toBeGreaterThan(100);
    expect(truth.overflowBinDays).toBeGreaterThan(0);
    expect(truth.overflowBinDays).toBeLessThanOrEqual(15);
    const before = truth.empty(0);
    expect(before).toBeGreaterThan(100);
    expect(truth.fill[0]!).toBeLessThan(4);
  });

  it('is deterministic for a seed', () => {
    const a = new FillTruth(['glass', 'paper'], 11, MONDAY, 'anchored');
    const b = new FillTruth(['glass', 'paper'], 11, MONDAY, 'anchored');
    expect(a.advance(MONDAY + 3 * DAY)).toEqual(b.advance(MONDAY + 3 * DAY));
  });
});

describe('weeklySectors', () => {
  it('cuts each stream into five longitude sectors of equal size, west to east, Monday to Friday', () => {
    const bins = Array.from({ length: 10 }, (_, i) => ({ binId: `b${i}`, stream: 'glass' as const, capacityLitres: 1, serviceSec: 1, lng: 7.4 + (9 - i) * 0.001 }));
    expect(weeklySectors(bins)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });
});

describe('secondRoundDay', () => {
  it('pairs Mon+Wed, Tue+Thu, Wed+Fri, Thu+Mon and Fri+Tue', () => {
    expect([1, 2, 3, 4, 5].map(secondRoundDay)).toEqual([3, 4, 5, 1, 2]);
  });
});
