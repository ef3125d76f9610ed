import { describe, expect, it } from 'vitest';
import type { FillReading } from '../../src/forecast/readings.js';
import { FLAT_PROFILE } from '../../src/forecast/fill-model.js';
import { decideBins, normalCdf, normalQuantile, type DecisionInput } from '../../src/forecast/decide-bins.js';

const T0 = Date.UTC(2026, 10, 2, 0, 0, 0); // Monday
const H = 3_600_000;
const D = 24 * H;
const flat = new Map([['residual', FLAT_PROFILE] as const]);

/** A clean line of readings every 6 h over `days` days ending at `endMs`, reaching `endFill` at the end, at `rate` %/day. */
function line(endMs: number, endFill: number, rate: number, days = 4): FillReading[] {
  const out: FillReading[] = [];
  for (let t = endMs - days * D; t <= endMs; t += 6 * H) out.push({ measuredAtMs: t, fillPercent: endFill - (rate * (endMs - t)) / D });
  return out;
}

/** Ten steady bins (rate 10) so the stream prior is well defined, plus the bins under test. */
function withPeers(...bins: DecisionInput[]): DecisionInput[] {
  const peers = Array.from({ length: 10 }, (_, i): DecisionInput => ({ binId: `P${i}`, stream: 'residual', readings: line(T0 + 10 * D, 40, 10) }));
  return [...bins, ...peers];
}

const PLAN = T0 + 10 * D + 8 * H; // Thu 12/11 08:00
const NEXT = PLAN + 2 * D;

describe('decideBins', () => {
  it('is must when the forecast reaches 100 % before the next chance, with the numbers in the reason', () => {
    const [d] = decideBins(withPeers({ binId: 'A', stream: 'residual', readings: line(T0 + 10 * D, 70, 10) }), PLAN, NEXT, { profiles: flat });
    expect(d!.decision).toBe('must');
    expect(d!.expectedAtNextPercent!).toBeCloseTo(93.3, 0);
    expect(d!.reason).toMatch(/^must: 93% expected by Sat 14\/11 08:00 \(next chance; 90% bound \d+%\), overflow risk \d+% ≥ 10%; fills 10%\/day/);
    expect(d!.reason).toContain('full by Sun 15/11 00:00');
  });

  it('is may when the expected fill at the next chance is between the may threshold and the risk bound', () => {
    const [d] = decideBins(withPeers({ binId: 'B', stream: 'residual', readings: line(T0 + 10 * D, 50, 10) }), PLAN, NEXT, { profiles: flat });
    expect(d!.expectedAtNextPercent!).toBeCloseTo(73.3, 0);
    expect(d!.decision).toBe('may');
    expect(d!.reason).toMatch(/^may: 73% expected by Sat 14\/11 08:00/);
  });

  it('is skip when the bin stays below the may threshold, and says by how much', () => {
    const [d] = decideBins(withPeers({ binId: 'C', stream: 'residual', readings: line(T0 + 10 * D, 20, 10) }), PLAN, NEXT, { profiles: flat });
    expect(d!.decision).toBe('skip');
    expect(d!.reason).toMatch(/^skip: 23% now, 43% expected .* < 70%/);
  });

  it('turns may into must when the accepted risk grows, and must into may when it shrinks', () => {
    const bins = withPeers({ binId: 'E', stream: 'residual', readings: line(T0 + 10 * D, 68, 10) });
    const loose = decideBins(bins, PLAN, NEXT, { profiles: flat, riskPercent: 40 })[0]!;
    const strict = decideBins(bins, PLAN, NEXT, { profiles: flat, riskPercent: 1 })[0]!;
    expect(loose.decision).toBe('may');
    expect(strict.decision).toBe('must');
  });

  it('is must when the sensor is stuck at its ceiling, and when the bin is already over 100 %', () => {
    const sat = decideBins(withPeers({ binId: 'S', stream: 'residual', readings: line(T0 + 10 * D, 100, 10).map((r) => ({ ...r, fillPercent: Math.min(100, r.fillPercent) })) }), PLAN, NEXT, { profiles: flat })[0]!;
    expect(sat.decision).toBe('must');
    expect(sat.saturated).toBe(true);
    expect(sat.reason).toMatch(/^must: sensor at its ceiling/);
    const over = decideBins(withPeers({ binId: 'O', stream: 'residual', readings: line(T0 + 10 * D, 95, 10) }), PLAN + 2 * D, PLAN + 2 * D, { profiles: flat })[0]!;
    expect(over.decision).toBe('must');
  });

  it('is skip with a reason for a bin without readings, and uses the stream prior for a bin with two', () => {
    const [none, young] = decideBins(
      withPeers({ binId: 'N', stream: 'residual', readings: [] }, { binId: 'Y', stream: 'residual', readings: line(T0 + 10 * D, 60, 0, 0.25) }),
      PLAN,
      NEXT,
      { profiles: flat },
    );
    expect(none!.decision).toBe('skip');
    expect(none!.reason).toBe('skip: no reading before Thu 12/11 08:00');
    expect(young!.rateSource).toBe('group');
    expect(young!.ratePercentPerDay).toBeCloseTo(10, 0);
    expect(young!.reason).toContain('(stream:residual median)');
  });

  it('rejects a risk outside (0, 50) and a next chance before the plan', () => {
    const bins = withPeers();
    expect(() => decideBins(bins, PLAN, NEXT, { riskPercent: 0 })).toThrow(RangeError);
    expect(() => decideBins(bins, PLAN, NEXT, { riskPercent: 50 })).toThrow(RangeError);
    expect(() => decideBins(bins, PLAN, PLAN - 1)).toThrow(/before the plan instant/);
  });
});

describe('normal distribution helpers', () => {
  it('match the textbook values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6449, 3);
  });
});

describe('the day a bin reaches full, as a distribution', () => {
  it('puts the bin at 70 % filling 10 %/day at even odds of full on day 3, rising day by day', () => {
    const [d] = decideBins(withPeers({ binId: 'X', stream: 'residual', readings: line(T0 + 10 * D, 70, 10) }), T0 + 10 * D, T0 + 11 * D, { profiles: flat }).filter(
      (x) => x.binId === 'X',
    );
    const p = d!.fullByDayProbability;
    expect(p).toHaveLength(7);
    for (let k = 1; k < 7; k++) expect(p[k]!).toBeGreaterThanOrEqual(p[k - 1]!);
    expect(p[0]!).toBeLessThan(0.05);
    expect(p[2]!).toBeGreaterThan(0.3);
    expect(p[2]!).toBeLessThan(0.7);
    expect(p[6]!).toBeGreaterThan(0.95);
    // The expected instant it reaches full lies on day 3.
    expect(d!.fullAtMs!).toBeGreaterThan(T0 + 12 * D);
    expect(d!.fullAtMs!).toBeLessThanOrEqual(T0 + 13 * D);
  });
});
