import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chCacheFile, loadRoadContext } from './roads-cache.js';
import { serializeCh } from './solver.js';

const osm = new Uint8Array(readFileSync(new URL('../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'roads-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('contraction hierarchy cache', () => {
  it('builds and writes the hierarchy once, then loads the identical bytes from the file', () => {
    const logs: string[] = [];
    const first = loadRoadContext(osm, 'monaco.osm.pbf', [], [], { cacheDir: dir, log: (l) => logs.push(l) });
    expect(first.engineFromCache).toBe(false);
    const file = chCacheFile(dir, osm);
    expect(readdirSync(dir)).toEqual([file.split('/').at(-1)]);
    expect(logs.some((l) => l.includes('built turn graph and contraction hierarchy'))).toBe(true);
    const second = loadRoadContext(osm, 'monaco.osm.pbf', [], [], { cacheDir: dir });
    expect(second.engineFromCache).toBe(true);
    expect(serializeCh(second.engine!.ch)).toEqual(serializeCh(first.engine!.ch));
  });

  it('rebuilds and rewrites a corrupt cache file, logging why it was ignored', () => {
    const file = chCacheFile(dir, osm);
    writeFileSync(file, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]));
    const logs: string[] = [];
    const road = loadRoadContext(osm, 'monaco.osm.pbf', [], [], { cacheDir: dir, log: (l) => logs.push(l) });
    expect(road.engineFromCache).toBe(false);
    expect(road.engineCacheError).toBe('contraction hierarchy: not a contraction hierarchy (bad magic or version)');
    expect(logs.some((l) => l.startsWith('[boot] ignored cached contraction hierarchy'))).toBe(true);
    expect(loadRoadContext(osm, 'monaco.osm.pbf', [], [], { cacheDir: dir }).engineFromCache).toBe(true);
  });

  it('keys the file by the extract bytes', () => {
    const other = osm.slice();
    other[other.length - 1] = (other[other.length - 1]! + 1) % 256;
    expect(chCacheFile(dir, other)).not.toBe(chCacheFile(dir, osm));
  });
});
