import { describe, expect, it } from 'vitest';
import type { Stream } from '../../solver/src/index.js';
import { ANCHOR_RANGE_PERCENT, FAULTY_SHARE, FillTruth, hashUnit } from './fill-truth.js';

const MONDAY = Date.UTC(2026, 9, 5);
const DAY = 86_400_000;

/** Mean true fill (capped) at a weekly collection (bin i on weekday 1 + i mod 5, 08:00 UTC) over 4 counted weeks after 3 of warm-up. */
function weeklyMeanFill(truth: FillTruth, n: number, from: number): number {
  let sum = 0;
  let count = 0;
  for (let day = from; day < from + 49 * DAY; day += DAY) {
    truth.advance(day + 8 * 3_600_000);
    for (let i = 0; i < n; i++) {
      if (1 + (i % 5) !== new Date(day).getUTCDay()) continue;
      const before = Math.min(100, truth.empty(i));
      if (day >= from + 21 * DAY) {
        sum += before;
        count++;
      }
    }
  }
  return sum / count;
}

describe('truthful ground truth (issue #17)', () => {
  const streams: Stream[] = Array.from({ length: 1000 }, (_, i) => (['residual', 'packaging', 'glass', 'paper', 'biowaste'] as const)[i % 5]!);

  it('keeps the weekly-collection anchor: mean fill at a weekly round stays in the primer range', () => {
    const truth = new FillTruth(streams, 5, MONDAY - 21 * DAY, 'anchored', 'truthful');
    const mean = weeklyMeanFill(truth, streams.length, MONDAY - 21 * DAY);
    expect(mean).toBeGreaterThanOrEqual(ANCHOR_RANGE_PERCENT.min);
    expect(mean).toBeLessThanOrEqual(ANCHOR_RANGE_PERCENT.max);
  });

  it('gives about 15 % of bins a faulty sensor, of all four kinds, and none under the plain truth', () => {
    const truth = new FillTruth(streams, 2, MONDAY, 'anchored', 'truthful');
    const faults = streams.map((_, i) => truth.sensorFault(i)).filter((f) => f !== null);
    expect(faults.length / streams.length).toBeGreaterThan(FAULTY_SHARE - 0.03);
    expect(faults.length / streams.length).toBeLessThan(FAULTY_SHARE + 0.03);
    expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(['stuck', 'silent', 'noisy', 'drift']));
    const plain = new FillTruth(streams, 2, MONDAY, 'anchored');
    expect(streams.some((_, i) => plain.sensorFault(i) !== null)).toBe(false);
  });

  it('makes faulty sensors misreport after their onset: stuck repeats one value, silent goes quiet for days', () => {
    const truth = new FillTruth(streams, 4, MONDAY, 'anchored', 'truthful');
    const readings = truth.advance(MONDAY + 70 * DAY);
    let stuckSeen = 0;
    let silentSeen = 0;
    streams.forEach((_, i) => {
      const f = truth.sensorFault(i);
      if (!f) return;
      const after = readings[i]!.filter((r) => r.measuredAtMs > f.onsetMs + 6 * 3_600_000);
      if (f.kind === 'stuck' && after.length > 8) {
        expect(new Set(after.map((r) => r.fillPercent)).size).toBe(1);
        stuckSeen++;
      }
      if (f.kind === 'silent' && f.onsetMs < MONDAY + 50 * DAY) {
        // 4 readings a day: a silent spell of ≥ 2 days leaves a gap of more than a day.
        const times = readings[i]!.map((r) => r.measuredAtMs).filter((t) => t >= f.onsetMs - DAY);
        const gaps = times.slice(1).map((t, k) => t - times[k]!);
        expect(Math.max(...gaps)).toBeGreaterThan(1.5 * DAY);
        silentSeen++;
      }
    });
    expect(stuckSeen).toBeGreaterThan(5);
    expect(silentSeen).toBeGreaterThan(5);
  });

  it('empties bins without telling the sensors about 1 % of bin-days, on the same hours whatever the caller does', () => {
    const truth = new FillTruth(streams, 6, MONDAY, 'anchored', 'truthful');
    truth.advance(MONDAY + 20 * DAY);
    const perBinDay = truth.unreportedEmpties / (streams.length * 20);
    expect(perBinDay).toBeGreaterThan(0.006);
    expect(perBinDay).toBeLessThan(0.014);
    expect(hashUnit(6, 10, 500)).toBe(hashUnit(6, 10, 500));
    expect(hashUnit(6, 10, 500)).not.toBe(hashUnit(6, 11, 500));
  });

  it('gives bins their own weekday pattern while the plain truth shares the stream’s', () => {
    const gainsByWeekday = (realism: 'truthful' | 'plain'): number[][] => {
      const truth = new FillTruth(['residual', 'residual'], 8, MONDAY, 'anchored', realism);
      const out: number[][] = [[], []];
      for (let d = 0; d < 7; d++) {
        const before = Float64Array.from(truth.fill);
        truth.advance(MONDAY + (d + 1) * DAY);
        for (let i = 0; i < 2; i++) out[i]!.push((truth.fill[i]! - before[i]!) / truth.baseRate[i]!);
      }
      return out;
    };
    const plain = gainsByWeekday('plain');
    plain[0]!.forEach((g, d) => expect(g).toBeCloseTo(plain[1]![d]!, 6));
    const truthful = gainsByWeekday('truthful');
    expect(truthful[0]!.some((g, d) => Math.abs(g - truthful[1]![d]!) > 0.05)).toBe(true);
  });
});
