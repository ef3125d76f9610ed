import { describe, expect, it } from 'vitest';
import { H3_RESOLUTION, h3Cells } from '../../src/cluster/h3-cells.js';
import { cellBoundary, cellOf } from '../../src/geo/h3.js';
import type { LngLat } from '../../src/model/types.js';

/** Deterministic LCG so the test needs no RNG dependency. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('h3 helpers', () => {
  it('cellOf takes [lng, lat] and returns a resolution-9 cell whose ring contains the point', () => {
    const p: LngLat = [7.4246, 43.7384];
    const cell = cellOf(p, H3_RESOLUTION);
    expect(cell).toMatch(/^89[0-9a-f]+$/);
    const ring = cellBoundary(cell);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const lngs = ring.map((c) => c[0]);
    const lats = ring.map((c) => c[1]);
    expect(Math.min(...lngs)).toBeLessThan(p[0]);
    expect(Math.max(...lngs)).toBeGreaterThan(p[0]);
    expect(Math.min(...lats)).toBeLessThan(p[1]);
    expect(Math.max(...lats)).toBeGreaterThan(p[1]);
    // Monaco is at lat 43.7, lng 7.4: ring points must be in GeoJSON order.
    expect(lngs.every((x) => x > 7 && x < 8)).toBe(true);
    expect(lats.every((y) => y > 43 && y < 44)).toBe(true);
  });
});

describe('h3Cells', () => {
  it('partitions the bins: every bin is in exactly one cell, and that cell contains it', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = lcg(seed);
      const bins = Array.from({ length: 300 }, (_, i) => ({
        binId: `B${i}`,
        lngLat: [7.40 + rnd() * 0.04, 43.72 + rnd() * 0.03] as LngLat,
      }));
      const cells = h3Cells(bins);
      const seen = new Map<string, string>();
      for (const [cell, ids] of cells) {
        for (const id of ids) {
          expect(seen.has(id), `seed ${seed}: ${id} in two cells`).toBe(false);
          seen.set(id, cell);
        }
      }
      expect(seen.size).toBe(bins.length);
      for (const bin of bins) expect(seen.get(bin.binId)).toBe(cellOf(bin.lngLat, H3_RESOLUTION));
      expect(cells.size).toBeGreaterThan(1);
    }
  });

  it('returns no cells for no bins', () => {
    expect(h3Cells([]).size).toBe(0);
  });
});
