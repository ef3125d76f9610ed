import { describe, expect, it } from 'vitest';
import { parseProblemJson } from '../solver/src/index.js';
import { generateCollectionDay, type CollectionDayOptions } from './lib/collection-day.js';
import { readSampleCity } from './lib/sample-files.js';

const sample = readSampleCity();
const options = (over: Partial<CollectionDayOptions> = {}): CollectionDayOptions => ({
  ...sample,
  binCount: 300,
  vehicleCount: 6,
  disposalSites: 2,
  loadsPerTruck: 2,
  seed: 7,
  date: '2026-11-30',
  ...over,
});

describe('collection-day generator', () => {
  it('writes a valid problem document with breaks, time windows, kerb bins and optional bins with prizes', () => {
    const day = parseProblemJson(generateCollectionDay(options()));
    expect(day.bins).toHaveLength(300);
    expect(day.vehicles).toHaveLength(6);
    expect(day.disposalSites).toHaveLength(2);
    expect(day.vehicles.every((v) => v.breaks.length === 1)).toBe(true);
    expect(day.bins.some((b) => b.timeWindows?.length === 1)).toBe(true);
    expect(day.bins.some((b) => b.timeWindows?.length === 2)).toBe(true);
    expect(day.bins.some((b) => b.approach === 'kerb')).toBe(true);
    const optional = day.bins.filter((b) => !b.mandatory);
    expect(optional.length).toBeGreaterThan(0);
    expect(optional.every((b) => b.prize !== undefined && b.prize > 0)).toBe(true);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateCollectionDay(options())).toEqual(generateCollectionDay(options()));
    expect(generateCollectionDay(options({ seed: 8 })).bins.map((b) => b.id)).not.toEqual(generateCollectionDay(options()).bins.map((b) => b.id));
  });

  it('sizes every truck so that its stream group needs about the asked number of loads', () => {
    const day = generateCollectionDay(options({ loadsPerTruck: 2 }));
    for (const v of day.vehicles) {
      const litres = day.bins.filter((b) => v.streams.includes(b.stream)).reduce((a, b) => a + b.demandLitres, 0);
      const sharers = day.vehicles.filter((x) => x.streams.some((s) => v.streams.includes(s))).length;
      expect(litres / sharers / v.capacityLitres).toBeLessThanOrEqual(2);
    }
  });

  it('refuses more bins than the sample holds', () => {
    expect(() => generateCollectionDay(options({ binCount: 5000 }))).toThrow(/the sample holds 1500 bins/);
  });
});
