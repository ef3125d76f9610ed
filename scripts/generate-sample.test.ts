/**
 * The committed sample city is exactly what the generator produces from its defaults, and the
 * generator is deterministic: regenerate in memory and compare with data/sample/ byte for byte.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCity, SAMPLE_DEFAULTS, type SampleCityFiles } from './lib/sample-city.js';

function generate(seed: number = SAMPLE_DEFAULTS.seed): SampleCityFiles {
  return generateSampleCity({
    roadsPbf: readFileSync(SAMPLE_DEFAULTS.roads),
    extraWastePbfs: [{ name: SAMPLE_DEFAULTS.extraWaste, bytes: readFileSync(SAMPLE_DEFAULTS.extraWaste) }],
    seed,
    binCount: SAMPLE_DEFAULTS.bins,
    weeks: SAMPLE_DEFAULTS.weeks,
    endIso: SAMPLE_DEFAULTS.end,
  });
}

describe('sample city generator', () => {
  let files: SampleCityFiles;
  beforeAll(() => {
    files = generate();
  });

  it('reproduces the committed data/sample files exactly', () => {
    expect(files.binsCsv).toBe(readFileSync('data/sample/bins.csv', 'utf8'));
    expect(files.sitesJson).toBe(readFileSync('data/sample/sites.json', 'utf8'));
    expect(files.fleetJson).toBe(readFileSync('data/sample/fleet.json', 'utf8'));
    expect(files.spacesJson).toBe(readFileSync('data/sample/spaces.json', 'utf8'));
    expect(files.metaJson).toBe(readFileSync('data/sample/meta.json', 'utf8'));
    expect(files.collectionsCsv).toBe(readFileSync('data/sample/collections.csv', 'utf8'));
    expect(files.readingsCsv).toBe(gunzipSync(readFileSync('data/sample/readings.csv.gz')).toString('utf8'));
  });

  it('holds every real OSM waste point and about 1,500 bins in all, with unique ids', () => {
    const rows = files.binsCsv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(SAMPLE_DEFAULTS.bins);
    const ids = rows.map((r) => r.split(',')[0]);
    expect(new Set(ids).size).toBe(ids.length);
    // 5 points in the 2016 extract, 56 in the 2021 one; none is shared.
    expect(files.stats.osmBins).toBeGreaterThanOrEqual(56);
    for (const stream of ['residual', 'packaging', 'glass', 'paper', 'biowaste'] as const) {
      expect(files.stats.byStream[stream]).toBeGreaterThan(50);
    }
  });

  it('writes readings that stay within 0..100 and reset after collections', () => {
    const lines = files.readingsCsv.trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(SAMPLE_DEFAULTS.bins * SAMPLE_DEFAULTS.weeks * 7 * 3);
    for (const line of lines.slice(0, 20_000)) {
      const fill = Number(line.split(',')[2]);
      expect(fill).toBeGreaterThanOrEqual(0);
      expect(fill).toBeLessThanOrEqual(100);
    }
    expect(files.stats.collections).toBeGreaterThan(SAMPLE_DEFAULTS.bins * 4);
  });

  it('gives a different inventory for a different seed', () => {
    expect(generate(SAMPLE_DEFAULTS.seed + 1).binsCsv).not.toBe(files.binsCsv);
  });
});
