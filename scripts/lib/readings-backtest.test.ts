import { describe, expect, it } from 'vitest';
import { fitBinModels } from '../../solver/src/index.js';
import { runBacktest } from './backtest-core.js';
import { generateDailySeries } from './daily-series.js';
import { METHODS, runReadingsBacktest } from './readings-backtest.js';

const D = 86_400_000;

describe('readings backtest (daily series of large containers)', () => {
  it('the fill model beats persistence, last rate and stream mean at every horizon, and says "full" mostly right', () => {
    const bins = generateDailySeries({ bins: 12, days: 70, seed: 5, daysToFullMedian: 20, noiseSd: 4 });
    const f = runReadingsBacktest(bins, { windowHours: 12, warmupDays: 21, stepDays: 2 });
    expect(f.pairsByHorizon.every((n) => n > 50)).toBe(true);
    for (const h of f.maeByHorizon) {
      for (const m of METHODS) if (m !== 'model') expect(h.model, `${m} at ${h.horizonDays} d`).toBeLessThan(h[m]);
    }
    // Day 1: anchored on the latest reading, the model is not worse than repeating it.
    expect(f.maeByHorizon[0]!.model).toBeLessThan(f.maeByHorizon[0]!.persistence);
    expect(f.onset.model.precision).toBeGreaterThan(0.5);
    expect(f.onset.persistence.recall).toBe(0);
  });

  it('leaves out observations after a collection and bins already full at the origin', () => {
    const t0 = Date.UTC(2026, 0, 5);
    const readings = Array.from({ length: 30 }, (_, d) => ({ measuredAtMs: t0 + d * D + 12 * 3_600_000, fillPercent: d < 20 ? 10 + 2 * d : 96 }));
    const collected = { binId: 'C', stream: 'residual' as const, readings, collections: [{ atMs: t0 + 16 * D, full: false }] };
    const f = runReadingsBacktest([collected], { warmupDays: 14, windowHours: 12 });
    // Origins at 13:00 on days 14..22. Day 14: only horizon 1 comes before the collection (day 16 00:00);
    // day 15: none; days 16-19: all 7 horizons (no collection after); days 20-22: the bin reads 96, already full.
    expect(f.pairsByHorizon.reduce((a, b) => a + b, 0)).toBe(1 + 4 * 7);
  });
});

describe('collection-event backtest (Edinburgh shape)', () => {
  it('reports persistence as the previous collection fill carried forward, and onset figures', () => {
    const t0 = Date.UTC(2016, 5, 1);
    const events = new Map<string, { atMs: number; fillBeforePercent: number }[]>();
    for (let b = 0; b < 6; b++) events.set(`S${b}`, Array.from({ length: 20 }, (_, i) => ({ atMs: t0 + i * 2 * D, fillBeforePercent: b === 0 ? (i % 2 === 0 ? 100 : 60) : 80 })));
    const f = runBacktest(events);
    // S0 alternates 100/60: persistence is 40 points off on each of its replayed intervals, exact on the others.
    // Replayed: intervals whose start is after the 7-day warm-up, i.e. events 5..19 of each bin (15 per bin).
    expect(f.events).toBe(6 * 15);
    expect(f.maePersistence).toBeCloseTo((40 * 15) / (6 * 15), 2);
    expect(f.onsetFullPercent).toBe(100);
    expect(f.onsetIntervals).toBe(f.events);
    // S0 reads 100 at its even events: 6, 8, ..., 18.
    expect(f.onsetFullIntervals).toBe(7);
    // In-sample bound: S0's one cell (2-day gaps) is full 7 times in 15; every other cell never.
    // From a 0.3 or 0.4 threshold S0 is said full each time (7 right, 8 wrong, every full found);
    // from 0.5 nothing is.
    expect(f.onsetInSampleBound).toEqual([
      { threshold: 0.3, precision: 0.47, recall: 1 },
      { threshold: 0.4, precision: 0.47, recall: 1 },
      { threshold: 0.5, precision: 0, recall: 0 },
      { threshold: 0.6, precision: 0, recall: 0 },
    ]);
  });
});

describe('faulty sensors in daily series (issue #17: 15 % faulty)', () => {
  it('flags most stuck and noisy sensors by the right name and under 1 % of healthy ones', () => {
    const bins = generateDailySeries({ bins: 120, days: 100, seed: 23, daysToFullMedian: 20, noiseSd: 4, faultyShare: 0.15 });
    expect(bins.filter((b) => b.fault !== null).length).toBeGreaterThan(10);
    const inputs = bins.map((b) => ({ binId: b.binId, stream: b.stream, readings: b.readings, groups: b.groups }));
    const start = Date.UTC(2026, 0, 5);
    const found = new Map<string, { n: number; right: number }>();
    let healthy = 0;
    let falseFlags = 0;
    for (let d = 25; d < 95; d += 5) {
      const at = start + d * D + 13 * 3_600_000;
      const models = fitBinModels(inputs, at);
      bins.forEach((b, i) => {
        const m = models[i];
        if (!m) return;
        if (b.fault === null) {
          healthy++;
          // Healthy sensors lose 4 % of readings: two days without one is a real silence, not a false flag.
          if (m.sensorFault !== null && m.sensorFault !== 'silent') falseFlags++;
        } else if (at >= b.fault.fromMs + 3 * D && at < b.fault.toMs) {
          const s = found.get(b.fault.kind) ?? { n: 0, right: 0 };
          s.n++;
          if (m.sensorFault === b.fault.kind) s.right++;
          found.set(b.fault.kind, s);
        }
      });
    }
    for (const kind of ['stuck', 'noisy']) {
      const s = found.get(kind)!;
      expect(s.n, kind).toBeGreaterThan(5);
      expect(s.right / s.n, kind).toBeGreaterThan(kind === 'stuck' ? 0.9 : 0.4);
    }
    expect(falseFlags / healthy).toBeLessThan(0.01);
  });
});
