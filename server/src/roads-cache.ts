/**
 * On-disk cache of the contraction hierarchy: the solver (de)serialises bytes, this edge does
 * the file I/O. Files are keyed by sha256 of the `.osm.pbf` bytes and of the resolved truck
 * profile JSON: `<cacheDir>/roads-ch-<pbf16>-<profile16>.bin`. A missing, stale or corrupt file
 * is rebuilt and rewritten (atomically: temp file then rename); write failures are logged, never fatal.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRoadContext, type Located, type RoadContext } from './services/road-context.js';
import { resolveTruckProfile, serializeCh } from './solver.js';

/** Default cache folder (ignored by git and ESLint). */
export const ROADS_CACHE_DIR = 'var/cache';

/** Cache file name of an extract under the default truck profile. */
export function chCacheFile(cacheDir: string, osmBytes: Uint8Array): string {
  const sha = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex').slice(0, 16);
  return join(cacheDir, `roads-ch-${sha(osmBytes)}-${sha(JSON.stringify(resolveTruckProfile()))}.bin`);
}

/**
 * {@link buildRoadContext} with the contraction hierarchy read from / written to `cacheDir`.
 * @throws RoadDataError when the OSM bytes are unusable (a bad cache file is only logged).
 */
export function loadRoadContext(
  osmBytes: Uint8Array,
  sourceName: string,
  bins: readonly Located[],
  sites: readonly Located[],
  options: { cacheDir?: string; log?: (line: string) => void } = {},
): RoadContext {
  const log = options.log ?? (() => {});
  const file = chCacheFile(options.cacheDir ?? ROADS_CACHE_DIR, osmBytes);
  const cachedCh = existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
  const road = buildRoadContext(osmBytes, sourceName, bins, sites, log, cachedCh ? { cachedCh } : {});
  if (!road.engineFromCache && road.engine) {
    try {
      mkdirSync(options.cacheDir ?? ROADS_CACHE_DIR, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, serializeCh(road.engine.ch));
      renameSync(tmp, file);
      log(`[boot] wrote ${file}`);
    } catch (err) {
      log(`[boot] could not write the road cache ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return road;
}
