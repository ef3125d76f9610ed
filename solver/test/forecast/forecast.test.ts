import { describe, expect, it } from 'vitest';
import { detectResets, estimateFillRate, readingsSinceReset, removeSpikes, type FillReading } from '../../src/forecast/fill-rate.js';
import { selectBins } from '../../src/forecast/select-bins.js';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0); // 2026-11-20T00:00Z
const H = 3_600_000;
const D = 24 * H;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Readings every 6 h from T0 for `days`, filling at `rate` %/day from `start`, with optional noise, resets and gaps. */
function series(opts: { days: number; rate: number; start?: number; noise?: number; resetAtDay?: number; dropEvery?: number; seed?: number }): FillReading[] {
  const rnd = lcg(opts.seed ?? 7);
  const out: FillReading[] = [];
  let fill = opts.start ?? 5;
  let reset = false;
  for (let t = T0, i = 0; t <= T0 + opts.days * D; t += 6 * H, i++) {
    if (opts.resetAtDay !== undefined && !reset && t >= T0 + opts.resetAtDay * D) {
      fill = 3;
      reset = true;
    }
    const noisy = Math.min(100, Math.max(0, fill + (rnd() - 0.5) * 2 * (opts.noise ?? 0)));
    if (!(opts.dropEvery && i % opts.dropEvery === 1)) out.push({ measuredAtMs: t, fillPercent: noisy });
    fill += opts.rate / 4;
  }
  return out;
}

describe('detectResets', () => {
  it('finds a drop of more than 30 points and ignores small noisy dips', () => {
    const r = [10, 30, 25, 60, 85, 4, 8].map((f, i) => ({ measuredAtMs: T0 + i * H, fillPercent: f }));
    expect(detectResets(r)).toEqual([5]);
    expect(readingsSinceReset(r).map((x) => x.fillPercent)).toEqual([4, 8]);
  });

  it('does not count a drop of exactly 30 points as a collection', () => {
    const r = [50, 20].map((f, i) => ({ measuredAtMs: T0 + i * H, fillPercent: f }));
    expect(detectResets(r)).toEqual([]);
  });
});

describe('removeSpikes', () => {
  it('drops an isolated reading far above or below both neighbours but keeps a real collection', () => {
    const r = [20, 22, 95, 24, 40, 2, 42, 44, 60, 3, 5].map((f, i) => ({ measuredAtMs: T0 + i * H, fillPercent: f }));
    expect(removeSpikes(r).map((x) => x.fillPercent)).toEqual([20, 22, 24, 40, 42, 44, 60, 3, 5]);
  });
});

describe('estimateFillRate', () => {
  it('is not thrown off by a few uniform outliers', () => {
    const r = series({ days: 6, rate: 8, noise: 3, seed: 5 }).map((x, i) => (i % 9 === 4 ? { ...x, fillPercent: 97 } : x));
    expect(estimateFillRate(r)!).toBeGreaterThan(7);
    expect(estimateFillRate(r)!).toBeLessThan(9);
  });

  it('recovers the slope of a clean series exactly', () => {
    expect(estimateFillRate(series({ days: 4, rate: 12 }))).toBeCloseTo(12, 9);
  });

  it('recovers the slope within 1 %/day from noisy readings with missing ones', () => {
    const r = series({ days: 6, rate: 9.5, noise: 3, dropEvery: 3, seed: 42 });
    expect(estimateFillRate(r)!).toBeGreaterThan(8.5);
    expect(estimateFillRate(r)!).toBeLessThan(10.5);
  });

  it('returns null with fewer than 3 readings and clamps a negative slope to 0', () => {
    expect(estimateFillRate(series({ days: 0.3, rate: 10 }))).toBeNull();
    const falling = [40, 38, 36].map((f, i) => ({ measuredAtMs: T0 + i * D, fillPercent: f }));
    expect(estimateFillRate(falling)).toBe(0);
  });

  it('uses only the readings since the last reset', () => {
    const r = series({ days: 8, rate: 10, start: 20, resetAtDay: 5 });
    expect(estimateFillRate(readingsSinceReset(r))).toBeCloseTo(10, 9);
  });
});

describe('selectBins', () => {
  const at = T0 + 6 * D + 12 * H; // 2026-11-26T12:00Z

  it('selects a bin forecast above the threshold and explains it with numbers', () => {
    const r = series({ days: 6, rate: 10, start: 5 }); // last 65% at day 6 00:00 -> 70% at 12:00
    const [s] = selectBins([{ binId: 'A', stream: 'residual', readings: r }], at, { thresholdPercent: 70 });
    expect(s!.forecastFillPercent).toBeCloseTo(70, 6);
    expect(s!.selected).toBe(true);
    expect(s!.reason).toBe('forecast 70% at 2026-11-26 12:00 (last 65% on 11-26 00:00, +10%/day) >= 70%: collect');
  });

  it('formats the reason in the requested time zone', () => {
    const r = series({ days: 6, rate: 10, start: 5 });
    const [s] = selectBins([{ binId: 'A', stream: 'residual', readings: r }], at, { timeZone: 'Europe/Monaco' });
    expect(s!.reason).toContain('at 2026-11-26 13:00 (last 65% on 11-26 01:00');
  });

  it('reports the raw forecast above 100 but decides on the capped value', () => {
    const r = series({ days: 6, rate: 20, start: 0 }).map((x) => ({ ...x, fillPercent: Math.min(x.fillPercent, 95) }));
    const [s] = selectBins([{ binId: 'A', stream: 'glass', readings: r }], at + 2 * D, { thresholdPercent: 70 });
    expect(s!.forecastFillPercent!).toBeGreaterThan(100);
    expect(s!.selected).toBe(true);
  });

  it('does not select a bin just emptied, and uses the stream median when too few readings follow the reset', () => {
    const others = [1, 2, 3].map((k) => ({ binId: `P${k}`, stream: 'paper' as const, readings: series({ days: 6, rate: 4 + k }) }));
    const emptied = series({ days: 6, rate: 10, start: 20, resetAtDay: 5.9 }); // reset at day 6, 1 reading after
    const sel = selectBins([...others, { binId: 'E', stream: 'paper', readings: emptied }], at);
    const e = sel[3]!;
    expect(e.rateSource).toBe('stream_median');
    expect(e.ratePercentPerDay).toBeCloseTo(6, 6); // median of 5, 6, 7
    expect(e.forecastFillPercent).toBeCloseTo(3 + 6 * 0.5, 6);
    expect(e.selected).toBe(false);
    expect(e.reason).toContain('(paper median)');
  });

  it('anchors on the fitted level when the last reading is an outlier', () => {
    const r = series({ days: 6, rate: 10, start: 5 });
    // A glitch reading 99% instead of 65%. (A glitch far *below* looks exactly like a collection
    // until the next reading, so it is taken as one.)
    r[r.length - 1] = { ...r[r.length - 1]!, fillPercent: 99 };
    const [s] = selectBins([{ binId: 'A', stream: 'residual', readings: r }], at);
    expect(s!.forecastFillPercent).toBeCloseTo(70, 6);
    expect(s!.selected).toBe(true);
  });

  it('ignores readings after the forecast instant', () => {
    const r = series({ days: 8, rate: 10, start: 5 });
    const [s] = selectBins([{ binId: 'A', stream: 'residual', readings: r }], at);
    expect(s!.lastMeasuredAtMs).toBe(T0 + 6 * D + 12 * H);
  });

  it('does not select a bin without readings and says so', () => {
    const [s] = selectBins([{ binId: 'N', stream: 'biowaste', readings: [] }], at);
    expect(s).toMatchObject({ binId: 'N', forecastFillPercent: null, selected: false });
    expect(s!.reason).toBe('no reading before 2026-11-26 12:00: not selected');
  });
});
