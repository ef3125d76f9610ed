import { describe, expect, it } from 'vitest';
import { binOffset, fitIntervalModel, lastIntervalRate, predictFillFromEvents, type CollectionEvent } from '../../src/forecast/collection-events.js';

const T0 = Date.UTC(2016, 5, 6);
const D = 86_400_000;
const ev = (days: number, fill: number): CollectionEvent => ({ atMs: T0 + days * D, fillBeforePercent: fill });

/** Five bins collected every 2 days at 80 %, and one bin collected every 2 days at 60 %. */
function fleet(): Map<string, CollectionEvent[]> {
  const m = new Map<string, CollectionEvent[]>();
  for (let b = 0; b < 5; b++) m.set(`B${b}`, [0, 2, 4, 6, 8].map((d) => ev(d, 80)));
  m.set('LOW', [0, 2, 4, 6, 8].map((d) => ev(d, 60)));
  return m;
}

describe('fill forecast from collection events', () => {
  it('fits the pooled median fill per gap and a shrunk offset per bin', () => {
    const model = fitIntervalModel(fleet(), T0 + 10 * D);
    // 24 intervals of 2 days: the median is 80 %.
    expect(model.curvePercent[7]).toBe(80);
    expect(model.intervals).toBe(24);
    // LOW sits 20 points under the curve on 4 intervals; with 4 pseudo-intervals the offset is halved.
    expect(binOffset(model, fleet().get('LOW')!)).toBeCloseTo(-10, 9);
    expect(predictFillFromEvents(model, fleet().get('LOW')!, T0 + 10 * D)).toBeCloseTo(70, 9);
    expect(predictFillFromEvents(model, fleet().get('B0')!, T0 + 10 * D)).toBeCloseTo(80, 9);
  });

  it('uses only intervals closed by the cut-off, and caps forecasts at the sensor ceiling', () => {
    const m = fleet();
    m.set('LATE', [ev(9, 10), ev(9.5, 100)]);
    expect(fitIntervalModel(m, T0 + 9 * D).intervals).toBe(24);
    expect(fitIntervalModel(m, T0 + 10 * D).intervals).toBe(25);
    const model = fitIntervalModel(m, T0 + 10 * D);
    // A bin far above the curve after 1-day gaps (curve 40 %), forecast after 3 days (curve 95 %): 95 + 36 capped at 100.
    const curve = model.curvePercent.map((_, k) => (k === 4 ? 40 : k === 9 ? 95 : 60));
    const busy = [0, 1, 2, 3, 4, 5, 6].map((d) => ev(d, 100));
    expect(binOffset({ ...model, curvePercent: curve }, busy)).toBeCloseTo(36, 9);
    expect(predictFillFromEvents({ ...model, curvePercent: curve }, busy, T0 + 9 * D)).toBe(100);
  });

  it('gives the last interval rate in percent per calendar day, or null without an interval', () => {
    expect(lastIntervalRate([ev(0, 50), ev(2, 80)])).toBe(40);
    expect(lastIntervalRate([ev(0, 50)])).toBeNull();
    expect(() => predictFillFromEvents(fitIntervalModel(fleet(), T0), [], T0)).toThrow(RangeError);
  });
});
