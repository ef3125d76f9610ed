/**
 * First-run seeding of a new database from the sample files in `data/sample/`.
 *
 * Week shift: the sample readings end on a fixed date (about 2026-11-27). So that a fresh
 * install always has "current" data, the seeder shifts every reading timestamp by a whole
 * number of weeks so that the last reading falls within the 7 days before the seeding
 * instant (`lastShifted ∈ (now − 7 d, now]`). Whole weeks keep weekday patterns (e.g. market
 * days, weekend peaks) on the right weekday. The shift is 0 when the data is already in that
 * window, and can be turned off (`shiftReadingsToNow: false`) to load timestamps verbatim.
 */
import { splitCsvLine } from '../csv.js';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { cellOf, H3_RESOLUTION } from '../solver.js';
import type { Db } from './connection.js';
import { BinsRepository, type BinRow } from './repositories/bins-repository.js';
import { FleetRepository, type SiteRow, type VehicleRow } from './repositories/fleet-repository.js';
import { ReadingsRepository, type ReadingRow } from './repositories/readings-repository.js';

const WEEK_MS = 7 * 86_400_000;
const STREAMS = new Set(['residual', 'packaging', 'glass', 'paper', 'biowaste']);

/** Options of {@link seedFromData}. */
export interface SeedOptions {
  /** Folder holding `sample/bins.csv`, `sample/sites.json`, `sample/fleet.json`, `sample/readings.csv.gz`. */
  dataDir: string;
  /** The seeding instant (for the week shift). */
  now: Date;
  /** Shift readings by whole weeks so the last one is within 7 days before `now`. Default true. */
  shiftReadingsToNow?: boolean;
  log?: (line: string) => void;
}

/** Counts of what the seeder wrote. */
export interface SeedStats {
  bins: number;
  sites: number;
  vehicles: number;
  readings: number;
  duplicateReadings: number;
  rejectedReadings: number;
  /** Whole weeks added to every reading timestamp (may be negative or 0). */
  shiftWeeks: number;
}

/** Error in a sample data file, with the file and line. */
export class SeedDataError extends Error {
  override readonly name = 'SeedDataError';
}

/** Parses `bins.csv` text into rows (with their H3 cell). @throws SeedDataError naming the line. */
export function parseBinsCsv(text: string, source = 'bins.csv'): BinRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new SeedDataError(`${source}: missing column '${name}'`);
    return i;
  };
  const c = {
    id: col('bin_id'), lng: col('lng'), lat: col('lat'), stream: col('stream'), container: col('container'),
    cap: col('capacity_litres'), service: col('service_sec'), origin: col('origin'), osmRef: col('osm_ref'),
  };
  return lines.slice(1).map((line, i) => {
    const f = splitCsvLine(line);
    const lng = Number(f[c.lng]);
    const lat = Number(f[c.lat]);
    const stream = f[c.stream] ?? '';
    const origin = f[c.origin] ?? '';
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || !STREAMS.has(stream) || (origin !== 'osm' && origin !== 'generated')) {
      throw new SeedDataError(`${source}:${i + 2}: bad row '${line}'`);
    }
    return {
      id: f[c.id]!,
      lng,
      lat,
      stream: stream as BinRow['stream'],
      container: f[c.container] ?? '',
      capacityLitres: Math.round(Number(f[c.cap])),
      serviceSec: Math.round(Number(f[c.service])),
      origin,
      osmRef: f[c.osmRef] ? f[c.osmRef]! : null,
      h3Cell: cellOf([lng, lat], H3_RESOLUTION),
    };
  });
}

interface RawSite { id: string; kind: 'depot' | 'disposal'; name: string; lng: number; lat: number; serviceSec: number }
interface RawVehicle {
  vehicleId: string; name: string; type: string; streams: VehicleRow['streams']; capacityLitres: number; capacityKg: number;
  shiftStart: string; shiftEnd: string; co2KgPerKm: number;
}

/** Site rows from `sites.json` content. */
export function parseSites(json: unknown): SiteRow[] {
  return (json as RawSite[]).map((s) => ({ id: s.id, kind: s.kind, name: s.name, lng: s.lng, lat: s.lat, serviceSec: s.serviceSec }));
}

/** Vehicle rows from `fleet.json` content. */
export function parseFleet(json: unknown): VehicleRow[] {
  return (json as RawVehicle[]).map((v) => ({
    id: v.vehicleId, name: v.name, type: v.type, streams: v.streams, capacityLitres: v.capacityLitres, capacityKg: v.capacityKg,
    shiftStart: v.shiftStart, shiftEnd: v.shiftEnd, co2KgPerKm: v.co2KgPerKm,
  }));
}

/** Streams `bin_id,measured_at,fill_percent` rows out of a gzip CSV (readline over zlib). */
async function readReadings(path: string, onRow: (binId: string, ms: number, fill: number, line: number) => void): Promise<void> {
  const rl = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (lineNo === 1 || line === '') continue;
    const [binId, at, fill] = line.split(',');
    onRow(binId ?? '', Date.parse(at ?? ''), Number(fill), lineNo);
  }
}

/**
 * Whole weeks to add to timestamps so that `lastMs` lands in `(nowMs − 7 d, nowMs]`.
 */
export function weekShift(lastMs: number, nowMs: number): number {
  return Math.floor((nowMs - lastMs) / WEEK_MS);
}

/**
 * Seeds an empty database from `dataDir/sample/` in one transaction: bins (with H3 cell),
 * sites, vehicles, then readings (normalised to `toISOString()` UTC, week-shifted, inserted
 * with INSERT OR IGNORE). Readings with an unknown bin, a bad instant or a fill outside 0–100
 * are counted as rejected and the first few are logged; nothing is dropped silently.
 * Does nothing (returns null) when the database already has bins.
 * @throws SeedDataError when a sample file is missing or malformed.
 */
export async function seedFromData(db: Db, options: SeedOptions): Promise<SeedStats | null> {
  const log = options.log ?? (() => {});
  const binsRepo = new BinsRepository(db);
  if (binsRepo.count() > 0) return null;
  const dir = join(options.dataDir, 'sample');
  const file = (name: string): string => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new SeedDataError(`missing sample file ${name} in ${dir}`);
    return p;
  };
  const bins = parseBinsCsv(readFileSync(file('bins.csv'), 'utf8'));
  const sites = parseSites(JSON.parse(readFileSync(file('sites.json'), 'utf8')));
  const vehicles = parseFleet(JSON.parse(readFileSync(file('fleet.json'), 'utf8')));

  const known = new Set(bins.map((b) => b.id));
  const rows: { binId: string; ms: number; fill: number }[] = [];
  let rejected = 0;
  let lastMs = -Infinity;
  await readReadings(file('readings.csv.gz'), (binId, ms, fill, line) => {
    if (!known.has(binId) || !Number.isFinite(ms) || !Number.isFinite(fill) || fill < 0 || fill > 100) {
      if (rejected < 5) log(`[seed] rejected readings.csv.gz:${line} (${!known.has(binId) ? `unknown bin '${binId}'` : 'bad instant or fill'})`);
      rejected++;
      return;
    }
    rows.push({ binId, ms, fill });
    if (ms > lastMs) lastMs = ms;
  });
  const shiftWeeks = options.shiftReadingsToNow === false || rows.length === 0 ? 0 : weekShift(lastMs, options.now.getTime());
  const shiftMs = shiftWeeks * WEEK_MS;

  const fleet = new FleetRepository(db);
  const readings = new ReadingsRepository(db);
  let counts = { inserted: 0, duplicates: 0, conflicts: [] as unknown[] };
  db.transaction(() => {
    binsRepo.insert(bins);
    fleet.insertSites(sites);
    fleet.insertVehicles(vehicles);
    function* shifted(): Generator<ReadingRow> {
      for (const r of rows) yield { binId: r.binId, measuredAt: new Date(r.ms + shiftMs).toISOString(), fillPercent: r.fill };
    }
    counts = readings.insert(shifted());
  })();
  if (rejected > 0) log(`[seed] ${rejected} readings rejected`);
  if (counts.conflicts.length > 0) log(`[seed] ${counts.conflicts.length} readings contradict an earlier one of the same bin and instant (the first is kept)`);
  return {
    bins: bins.length,
    sites: sites.length,
    vehicles: vehicles.length,
    readings: counts.inserted,
    duplicateReadings: counts.duplicates + counts.conflicts.length,
    rejectedReadings: rejected,
    shiftWeeks,
  };
}
