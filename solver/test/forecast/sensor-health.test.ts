import { describe, expect, it } from 'vitest';
import { fitBinModel, forecastFill, type RatePrior } from '../../src/forecast/fill-model.js';
import type { FillReading } from '../../src/forecast/readings.js';
import { sensorHealth } from '../../src/forecast/sensor-health.js';
import { decideBins } from '../../src/forecast/decide-bins.js';

const T0 = Date.UTC(2026, 10, 2);
const H = 3_600_000;
const D = 24 * H;
const PRIOR: RatePrior = { ratePercentPerDay: 10, rateVar: 4, label: 'residual median' };

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Readings every 6 h of a bin filling at 10 %/day from 5 %, emptied every 7 days, noise ± `noise`; `edit` rewrites each reading. */
function healthy(days: number, o: { noise?: number; seed?: number; edit?: (fill: number, t: number, cycle: number) => number | null } = {}): FillReading[] {
  const rnd = lcg(o.seed ?? 7);
  const out: FillReading[] = [];
  for (let t = T0; t <= T0 + days * D; t += 6 * H) {
    const cycle = Math.floor((t - T0) / (7 * D));
    const fill = 5 + (10 * ((t - T0) % (7 * D))) / D;
    const noisy = fill + (rnd() - 0.5) * 2 * (o.noise ?? 2);
    const seen = o.edit ? o.edit(noisy, t, cycle) : noisy;
    if (seen !== null) out.push({ measuredAtMs: t, fillPercent: Math.min(100, Math.max(0, seen)) });
  }
  return out;
}

describe('sensorHealth and the fill model fallback for faulty sensors', () => {
  it('finds nothing wrong with a healthy sensor', () => {
    const m = fitBinModel(healthy(34), T0 + 34 * D, PRIOR)!;
    expect(m.sensorFault).toBeNull();
    expect(m.sensorFaultReason).toBe('');
    expect(m.rateSource).not.toBe('group');
  });

  it('flags a silent sensor and forecasts on from its last reading', () => {
    const rs = healthy(30).filter((r) => r.measuredAtMs <= T0 + 25 * D);
    const m = fitBinModel(rs, T0 + 30 * D, PRIOR)!;
    expect(m.sensorFault).toBe('silent');
    expect(m.sensorFaultReason).toMatch(/no reading for 5 days/);
    // Level at day 25 (fill 5 + 40 = 45 in its 4th cycle), 10 %/day on: about 95 % at day 30.
    expect(forecastFill(m, T0 + 30 * D).meanPercent).toBeGreaterThan(85);
  });

  it('flags a stuck sensor and lets the bin fill on at the group rate from the first stuck reading', () => {
    // From day 22 the sensor repeats 27 % whatever the fill.
    const rs = healthy(25, { edit: (f, t) => (t >= T0 + 22 * D ? 27 : f) });
    const m = fitBinModel(rs, T0 + 25 * D, PRIOR)!;
    expect(m.sensorFault).toBe('stuck');
    expect(m.rateSource).toBe('group');
    expect(m.ratePercentPerDay).toBe(10);
    // Stuck since day 22: 27 + 10 × 3 days ≈ 57 % now, not 27 %.
    expect(forecastFill(m, T0 + 25 * D).meanPercent).toBeCloseTo(57, 0);
  });

  it('does not call a bin stuck at its sensor ceiling stuck (it is full)', () => {
    const rs = healthy(20, { edit: (f, t) => (t >= T0 + 16 * D ? 100 : f) });
    const m = fitBinModel(rs, T0 + 20 * D, PRIOR)!;
    expect(m.sensorFault).toBeNull();
    expect(m.saturated).toBe(true);
  });

  it('flags a noisy sensor (±30 points) and uses the group rate', () => {
    const m = fitBinModel(healthy(34, { noise: 30, seed: 3 }), T0 + 34 * D, PRIOR)!;
    expect(m.sensorFault).toBe('noisy');
    expect(m.rateSource).toBe('group');
    expect(m.levelSdPercent).toBeGreaterThan(10);
  });

  it('flags a drifting sensor (its empty level creeping up 8 points a week) and forecasts from empty at the last emptying', () => {
    const rs = healthy(44, { edit: (f, _t, cycle) => f + 8 * cycle });
    const m = fitBinModel(rs, T0 + 44 * D, PRIOR)!;
    expect(m.sensorFault).toBe('drifting');
    expect(m.sensorFaultReason).toMatch(/right after emptying/);
    // Last emptying at day 42: 2 days at the group's 10 %/day, not the sensor's 5 + 20 + 48 = 73 %.
    expect(forecastFill(m, T0 + 44 * D).meanPercent).toBeCloseTo(20, 0);
  });

  it('tells the fault in the decision and its reason', () => {
    const stuck = healthy(25, { edit: (f, t) => (t >= T0 + 22 * D ? 27 : f) });
    const [d] = decideBins([{ binId: 'S', stream: 'residual', readings: stuck }], T0 + 25 * D, T0 + 26 * D);
    expect(d!.sensorFault).toBe('stuck');
    expect(d!.reason).toMatch(/sensor stuck: stuck at 27% for 3 days/);
  });

  it('needs the run to be long enough for a moving bin to have moved', () => {
    const still = Array.from({ length: 8 }, (_, i) => ({ measuredAtMs: T0 + i * 6 * H, fillPercent: 40 }));
    // 8 readings over 1.75 days: stuck for a bin filling 10 %/day, plausible for one filling 1 %/day.
    expect(sensorHealth(still, T0 + 2 * D, [], null, 10, 97).fault).toBe('stuck');
    expect(sensorHealth(still, T0 + 2 * D, [], null, 1, 97).fault).toBeNull();
  });
});
