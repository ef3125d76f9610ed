import { describe, expect, it } from 'vitest';
import type { FillReading } from '../../src/forecast/readings.js';
import {
  FLAT_PROFILE,
  anchoredLevel,
  effectiveDays,
  estimateProfile,
  fitBinModel,
  forecastFill,
  profileBlock,
  sensorCeiling,
  splitCycles,
  timeToFull,
  type RatePrior,
} from '../../src/forecast/fill-model.js';

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0); // Monday 2026-11-02 00:00Z
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
const at = (fills: readonly number[], stepH = 6): FillReading[] => fills.map((f, i) => ({ measuredAtMs: T0 + i * stepH * H, fillPercent: f }));

/** Readings every 6 h (irregular ± 20 min, some lost) of a bin filling at `rate` %/day, emptied at the given days, noise ± `noise`. */
function series(o: { days: number; rate: number; start?: number; noise?: number; emptyAtDays?: number[]; lose?: number; seed?: number; cap?: number }): FillReading[] {
  const rnd = lcg(o.seed ?? 3);
  const out: FillReading[] = [];
  let fill = o.start ?? 5;
  const empties = [...(o.emptyAtDays ?? [])];
  for (let t = T0; t <= T0 + o.days * D; t += 6 * H) {
    if (empties.length > 0 && t >= T0 + empties[0]! * D) {
      fill = 2;
      empties.shift();
    }
    const jitter = Math.round((rnd() - 0.5) * 40) * 60_000;
    const noisy = Math.min(o.cap ?? 100, Math.max(0, fill + (rnd() - 0.5) * 2 * (o.noise ?? 0)));
    if (rnd() >= (o.lose ?? 0)) out.push({ measuredAtMs: t + jitter, fillPercent: noisy });
    fill += o.rate / 4;
  }
  return out;
}

describe('splitCycles (unreported collections)', () => {
  it('cuts at a large fall and at a small fall that the next reading confirms', () => {
    const cycles = splitCycles(at([10, 20, 30, 55, 20, 25, 30, 35, 5, 8, 11]));
    expect(cycles.map((c) => c.readings.map((r) => r.fillPercent))).toEqual([
      [10, 20, 30, 55],
      [20, 25, 30, 35],
      [5, 8, 11],
    ]);
    expect(cycles.map((c) => c.closed)).toEqual([true, true, false]);
  });

  it('does not cut at one low outlier or at noisy dips of 15 points or less', () => {
    const cycles = splitCycles(at([40, 42, 3, 46, 48, 36, 50, 52]));
    expect(cycles).toHaveLength(1);
  });

  it('cuts at a reported collection even when the fall is small', () => {
    const rs = at([10, 20, 30, 22, 26]);
    const cycles = splitCycles(rs, [T0 + 13 * H]);
    expect(cycles.map((c) => c.readings.length)).toEqual([3, 2]);
  });

  it('needs a fall of more than 30 points to cut at the very last reading', () => {
    expect(splitCycles(at([50, 60, 40]))).toHaveLength(1);
    expect(splitCycles(at([50, 60, 20]))).toHaveLength(2);
  });
});

describe('fitBinModel (rate estimation)', () => {
  it('recovers a known rate from noisy, irregular, gappy readings over several cycles', () => {
    const rs = series({ days: 28, rate: 8, noise: 3, emptyAtDays: [9, 18], lose: 0.1, seed: 11 });
    const m = fitBinModel(rs, T0 + 28 * D, PRIOR)!;
    expect(m.ratePercentPerDay).toBeGreaterThan(7.5);
    expect(m.ratePercentPerDay).toBeLessThan(8.5);
    expect(m.rateSource).toBe('bin');
    // Current cycle started at day 18 at 2 %: about 82 % at day 28.
    expect(forecastFill(m, T0 + 28 * D).meanPercent).toBeGreaterThan(78);
    expect(forecastFill(m, T0 + 28 * D).meanPercent).toBeLessThan(86);
  });

  it('ignores saturated readings, so a bin stuck at the sensor ceiling keeps its rate and is flagged', () => {
    const rs = series({ days: 14, rate: 12, start: 10 });
    const m = fitBinModel(rs, T0 + 14 * D, PRIOR)!;
    expect(rs.at(-1)!.fillPercent).toBe(100);
    expect(m.saturated).toBe(true);
    expect(m.ratePercentPerDay).toBeGreaterThan(11);
    expect(m.levelPercent).toBeGreaterThanOrEqual(97);
  });

  it('uses the group prior for a bin with two readings and mostly its own data after weeks', () => {
    const young = fitBinModel(at([20, 22]), T0 + 6 * H, PRIOR)!;
    expect(young.rateSource).toBe('group');
    expect(young.ratePercentPerDay).toBeCloseTo(10, 5);
    const veteran = fitBinModel(series({ days: 21, rate: 4, emptyAtDays: [10], seed: 2, noise: 2 }), T0 + 21 * D, PRIOR)!;
    expect(veteran.ownWeight).toBeGreaterThan(0.6);
    expect(veteran.ratePercentPerDay).toBeLessThan(6);
    const short = fitBinModel(series({ days: 1.5, rate: 4, seed: 2, noise: 2 }), T0 + 1.5 * D, PRIOR)!;
    expect(short.ratePercentPerDay).toBeGreaterThan(veteran.ratePercentPerDay);
    expect(short.rateSource).not.toBe('bin');
  });

  it('empties a bin at a reported collection after its last reading (a driver said collected): level 0 there, same rate, not saturated', () => {
    const rs = series({ days: 14, rate: 12, start: 10 });
    const collected = rs.at(-1)!.measuredAtMs + 2 * H;
    const before = fitBinModel(rs, T0 + 15 * D, PRIOR)!;
    const after = fitBinModel(rs, T0 + 15 * D, PRIOR, FLAT_PROFILE, { collectedAtMs: [collected] })!;
    expect(before.saturated).toBe(true);
    expect(after).toMatchObject({ levelPercent: 0, levelAtMs: collected, saturated: false });
    expect(after.ratePercentPerDay).toBeCloseTo(before.ratePercentPerDay, 9);
    expect(forecastFill(after, collected + D).meanPercent).toBeCloseTo(after.ratePercentPerDay, 6);
    // a collection reported after the forecast instant does not empty it yet
    const early = fitBinModel(rs, collected - H, PRIOR, FLAT_PROFILE, { collectedAtMs: [collected] })!;
    expect(early.levelPercent).toBe(before.levelPercent);
  });

  it('returns null without readings before the instant', () => {
    expect(fitBinModel(at([20, 30]), T0 - 1, PRIOR)).toBeNull();
  });
});

describe('profiles and forecasts', () => {
  it('finds the weekend surge in pooled readings (weekend blocks above weekday blocks)', () => {
    const bins: FillReading[][] = [];
    for (let b = 0; b < 20; b++) {
      const out: FillReading[] = [];
      let fill = 5;
      for (let t = T0; t <= T0 + 28 * D; t += 6 * H) {
        const dow = new Date(t).getUTCDay();
        if (fill > 90) fill = 3;
        out.push({ measuredAtMs: t, fillPercent: fill });
        fill += ((dow === 0 || dow === 6 ? 1.3 : 0.9) * 10) / 4;
      }
      bins.push(out);
    }
    const p = estimateProfile(bins);
    const sat = p[profileBlock(Date.UTC(2026, 10, 7, 8))]!;
    const wed = p[profileBlock(Date.UTC(2026, 10, 4, 8))]!;
    expect(sat / wed).toBeGreaterThan(1.25);
    expect(p.reduce((s, x) => s + x, 0) / p.length).toBeCloseTo(1, 6);
  });

  it('counts effective days block by block (flat profile = calendar days)', () => {
    expect(effectiveDays(FLAT_PROFILE, T0, T0 + 3.5 * D)).toBeCloseTo(3.5, 9);
    const double = FLAT_PROFILE.map(() => 2);
    expect(effectiveDays(double, T0 + 3 * H, T0 + 9 * H)).toBeCloseTo(0.5, 9);
  });

  it('forecasts the hour a bin reaches full from a known level and rate', () => {
    const m = fitBinModel(at([50, 52.5, 55, 57.5, 60]), T0 + D, { ...PRIOR, ratePercentPerDay: 10, rateVar: 1e-6 })!;
    expect(m.levelPercent).toBeCloseTo(60, 6);
    expect(timeToFull(m, T0 + D)).toBe(T0 + 5 * D);
    const f = forecastFill(m, T0 + 3 * D);
    expect(f.meanPercent).toBeCloseTo(80, 6);
    expect(f.sdPercent).toBeGreaterThan(0);
    // A higher quantile reaches full earlier.
    expect(timeToFull(m, T0 + D, { z: 1.645 })!).toBeLessThan(T0 + 5 * D);
  });
});

describe('sensorCeiling (saturation below physical full)', () => {
  it('finds a sensor that stops at 80 % and keeps the rate estimate from the readings below it', () => {
    const rs = series({ days: 20, rate: 10, emptyAtDays: [10], start: 5, cap: 80, noise: 0.5, seed: 4 });
    const cycles = splitCycles(rs);
    expect(cycles).toHaveLength(2);
    expect(sensorCeiling(cycles)).toBeGreaterThan(79);
    expect(sensorCeiling(cycles)).toBeLessThanOrEqual(80.5);
    const m = fitBinModel(rs, T0 + 20 * D, PRIOR)!;
    expect(m.saturated).toBe(true);
    expect(m.ratePercentPerDay).toBeGreaterThan(9);
    expect(m.ratePercentPerDay).toBeLessThan(11);
  });

  it('is 100 for a bin that is emptied before any plateau, and ignores a plateau that later readings exceed', () => {
    expect(sensorCeiling(splitCycles(series({ days: 20, rate: 10, emptyAtDays: [7, 14] })))).toBe(100);
    const plateauThenHigher = [...at([50, 60, 70, 70, 70, 5, 30, 60, 90])];
    expect(sensorCeiling(splitCycles(plateauThenHigher))).toBe(100);
  });
});

describe('anchoredLevel and fitBinModel anchor on the latest reading', () => {
  /** Daily readings at 12:00Z of a slow bin: 2 %/day from 30 %, then `jump` points on day `jumpDay`. */
  const daily = (days: number, jumpDay: number, jump: number): FillReading[] =>
    Array.from({ length: days }, (_, d) => ({ measuredAtMs: T0 + d * D + 12 * H, fillPercent: 30 + 2 * d + (d >= jumpDay ? jump : 0) }));

  it('forecasts a bin whose latest readings jumped to 88 % at about 88 % + rate, not at the cycle line', () => {
    // 20 days at 2 %/day (30 → 68), then a 20-point dump two days before the end: the last readings are 86 and 88.
    const rs = daily(20, 18, 20);
    const last = rs[rs.length - 1]!;
    expect(last.fillPercent).toBe(88);
    const m = fitBinModel(rs, last.measuredAtMs + H, { ratePercentPerDay: 2, rateVar: 1, label: 'test' })!;
    expect(m.levelPercent).toBeGreaterThan(86);
    expect(m.levelPercent).toBeLessThan(90);
    const tomorrow = forecastFill(m, last.measuredAtMs + D).meanPercent;
    expect(tomorrow).toBeGreaterThan(88);
    expect(tomorrow).toBeLessThan(93);
  });

  it('ignores one outlier at the end but follows two readings that agree', () => {
    const rs = daily(10, 99, 0);
    const flat = FLAT_PROFILE;
    const glitch = [...rs, { measuredAtMs: T0 + 10 * D + 12 * H, fillPercent: 95 }];
    expect(anchoredLevel(glitch, flat, 2, 0.2).levelPercent).toBeCloseTo(50, 0);
    const jump = [...glitch, { measuredAtMs: T0 + 11 * D + 12 * H, fillPercent: 97 - 3 }];
    expect(anchoredLevel(jump, flat, 2, 0.2).levelPercent).toBeCloseTo(94, 0);
  });

  it('keeps a bin stuck at the sensor ceiling growing above 100 % (overflow)', () => {
    // 10 %/day from 40 %: full on day 6, then the sensor reads 100 for 3 more days.
    const rs = Array.from({ length: 10 }, (_, d) => ({ measuredAtMs: T0 + d * D, fillPercent: Math.min(100, 40 + 10 * d) }));
    const m = fitBinModel(rs, T0 + 9 * D, { ratePercentPerDay: 10, rateVar: 1, label: 'test' })!;
    expect(m.saturated).toBe(true);
    expect(m.levelPercent).toBeGreaterThan(125);
    expect(forecastFill(m, T0 + 10 * D).meanPercent).toBeGreaterThan(135);
  });

  it('does not take a slow bin sitting still in its current cycle for a sensor ceiling', () => {
    const rs = [...daily(10, 99, 0), ...[50, 50.5, 50, 50.2].map((f, i) => ({ measuredAtMs: T0 + (10 + i) * D + 12 * H, fillPercent: f }))];
    expect(sensorCeiling(splitCycles(rs))).toBe(100);
    expect(fitBinModel(rs, T0 + 14 * D, PRIOR)!.saturated).toBe(false);
  });
});
