import { describe, expect, it } from 'vitest';
import { removeSpikes } from '../../src/forecast/readings.js';

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0); // 2026-11-20T00:00Z
const H = 3_600_000;

describe('removeSpikes', () => {
  it('drops an isolated reading far above or below both neighbours but keeps a real collection', () => {
    const r = [20, 22, 95, 24, 40, 2, 42, 44, 60, 3, 5].map((f, i) => ({ measuredAtMs: T0 + i * H, fillPercent: f }));
    expect(removeSpikes(r).map((x) => x.fillPercent)).toEqual([20, 22, 24, 40, 42, 44, 60, 3, 5]);
  });
});
