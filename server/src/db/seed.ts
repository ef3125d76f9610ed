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
import { parse as parseCsvStream } from 'csv-parse';
import { parse as parseCsv } from 'csv-parse/sync';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { cellOf, H3_RESOLUTION } from '../solver.js';
import { utcOffsetMs } from '../services/local-time.js';
import type { Db } from './connection.js';
import { BinsRepository, type BinRow } from './repositories/bins-repository.js';
import { FleetRepository, type SiteRow, type VehicleRow } from './repositories/fleet-repository.js';
import { HistoryRepository, type CollectionInput, type PlanDayRow } from './repositories/history-repository.js';
import { ReadingsRepository, type ReadingRow } from './repositories/readings-repository.js';
import { SpacesRepository, type SpaceRow } from './repositories/spaces-repository.js';

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
  /** Each space created, with its number of bins. */
  spaces: { id: string; bins: number }[];
  bins: number;
  sites: number;
  vehicles: number;
  readings: number;
  duplicateReadings: number;
  rejectedReadings: number;
  /** Collections of `collections.csv` stored (the fixed schedule's ground truth), and rows rejected. */
  collections: number;
  rejectedCollections: number;
  /** Space-days of past plans stored from `plans-history.csv`. */
  planDays: number;
  /** Whole weeks added to every reading timestamp (may be negative or 0). */
  shiftWeeks: number;
}

/** Error in a sample data file, with the file and line. */
export class SeedDataError extends Error {
  override readonly name = 'SeedDataError';
}

/** Parses `bins.csv` text (csv-parse) into rows (with their H3 cell). @throws SeedDataError naming the line. */
export function parseBinsCsv(text: string, source = 'bins.csv'): BinRow[] {
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new SeedDataError(`${source}: not valid CSV (${err instanceof Error ? err.message : String(err)})`);
  }
  const header = records[0] ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new SeedDataError(`${source}: missing column '${name}'`);
    return i;
  };
  const c = {
    id: col('bin_id'), lng: col('lng'), lat: col('lat'), stream: col('stream'), container: col('container'),
    cap: col('capacity_litres'), service: col('service_sec'), origin: col('origin'), osmRef: col('osm_ref'),
  };
  return records.slice(1).map((f, i) => {
    const lng = Number(f[c.lng]);
    const lat = Number(f[c.lat]);
    const stream = f[c.stream] ?? '';
    const origin = f[c.origin] ?? '';
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || !STREAMS.has(stream) || (origin !== 'osm' && origin !== 'generated')) {
      throw new SeedDataError(`${source}:${i + 2}: bad row '${f.join(',')}'`);
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

interface RawSite { id: string; space?: string; kind: 'depot' | 'disposal'; name: string; lng: number; lat: number; serviceSec: number }
interface RawVehicle {
  vehicleId: string; space?: string; name: string; type: string; streams: VehicleRow['streams']; capacityLitres: number; capacityKg: number;
  shiftStart: string; shiftEnd: string; co2KgPerKm: number;
}
interface RawSpace { id: string; name: string; kind: SpaceRow['kind']; communes: string[]; timeZone: string; area: string | null }

/** The space of a sample without `spaces.json` (one collectivité). */
export const DEFAULT_SPACE = { id: 'principal', name: 'Espace principal', kind: 'commune', communes: [], timeZone: 'Europe/Monaco', area: null } as const;

/** Site rows from `sites.json` content, with their space (`fallback` when a row names none). */
export function parseSites(json: unknown, fallback: string = DEFAULT_SPACE.id): (SiteRow & { space: string })[] {
  return (json as RawSite[]).map((s) => ({ id: s.id, space: s.space ?? fallback, kind: s.kind, name: s.name, lng: s.lng, lat: s.lat, serviceSec: s.serviceSec }));
}

/** Vehicle rows from `fleet.json` content, with their space (`fallback` when a row names none). */
export function parseFleet(json: unknown, fallback: string = DEFAULT_SPACE.id): (VehicleRow & { space: string })[] {
  return (json as RawVehicle[]).map((v) => ({
    id: v.vehicleId, space: v.space ?? fallback, name: v.name, type: v.type, streams: v.streams, capacityLitres: v.capacityLitres, capacityKg: v.capacityKg,
    shiftStart: v.shiftStart, shiftEnd: v.shiftEnd, co2KgPerKm: v.co2KgPerKm,
  }));
}

/**
 * The outline of an Osmosis `.poly` file (its first ring) as a closed `[lng, lat]` ring.
 * @throws SeedDataError when the file holds no ring of at least 3 points.
 */
export function parsePoly(text: string, source: string): [number, number][] {
  const ring: [number, number][] = [];
  for (const line of text.split(/\r?\n/).slice(2)) {
    if (line.trim() === 'END') break;
    const [lng, lat] = line.trim().split(/\s+/).map(Number);
    if (Number.isFinite(lng) && Number.isFinite(lat)) ring.push([lng!, lat!]);
  }
  if (ring.length < 3) throw new SeedDataError(`${source}: no outline of 3 points or more`);
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring;
}

/**
 * The spaces of a sample and the rule placing each bin in one: `spaces.json` when present (a space
 * with an `area` holds the bins inside that outline, the space without one the rest), else one
 * space for everything.
 * @throws SeedDataError when the file is malformed or no space takes the remaining bins.
 */
function sampleSpaces(dir: string, dataDir: string, now: Date): { spaces: SpaceRow[]; spaceOf: (lngLat: [number, number]) => string } {
  const file = join(dir, 'spaces.json');
  const created = now.toISOString();
  if (!existsSync(file)) {
    return { spaces: [{ ...DEFAULT_SPACE, communes: [], createdAt: created }], spaceOf: () => DEFAULT_SPACE.id };
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSpace[];
  const areas = raw.filter((s) => s.area !== null).map((s) => ({ id: s.id, shape: polygon([parsePoly(readFileSync(join(dataDir, 'osm', s.area!), 'utf8'), s.area!)]) }));
  const rest = raw.find((s) => s.area === null);
  if (!rest) throw new SeedDataError('spaces.json: one space must have "area": null (it takes the bins outside every outline)');
  return {
    spaces: raw.map((s) => ({ id: s.id, name: s.name, kind: s.kind, communes: s.communes, timeZone: s.timeZone, createdAt: created })),
    spaceOf: (lngLat) => areas.find((a) => booleanPointInPolygon(point(lngLat), a.shape))?.id ?? rest.id,
  };
}

/** Streams `bin_id,measured_at,fill_percent` rows out of a gzip CSV (csv-parse over zlib). */
async function readReadings(path: string, onRow: (binId: string, ms: number, fill: number, line: number) => void): Promise<void> {
  const parser = createReadStream(path).pipe(createGunzip()).pipe(parseCsvStream({ from_line: 2, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const [binId, at, fill] = record;
    onRow(binId ?? '', Date.parse(at ?? ''), Number(fill), info.lines);
  }
}

/** A collection of `collections.csv`, its instant in ms. */
type SampleCollection = Omit<CollectionInput, 'day' | 'source' | 'collectedAt'> & { ms: number };

/**
 * Rows of `collections.csv` content (`bin_id,collected_at,fill_before_percent,overflowed`); a row
 * with an unknown bin, a bad instant, fill or flag is returned in `rejected` with its line.
 */
export function parseCollectionsCsv(text: string, known: ReadonlySet<string>, source = 'collections.csv'): { rows: SampleCollection[]; rejected: string[] } {
  const records = csvRecords(text, source);
  const header = records[0] ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new SeedDataError(`${source}: missing column '${name}'`);
    return i;
  };
  const c = { id: col('bin_id'), at: col('collected_at'), fill: col('fill_before_percent'), overflowed: col('overflowed') };
  const rows: SampleCollection[] = [];
  const rejected: string[] = [];
  records.slice(1).forEach((f, i) => {
    const ms = Date.parse(f[c.at] ?? '');
    const fillText = f[c.fill] ?? '';
    const fill = fillText === '' ? null : Number(fillText);
    const flag = f[c.overflowed] ?? '';
    const binId = f[c.id] ?? '';
    if (!known.has(binId) || Number.isNaN(ms) || (fill !== null && !(fill >= 0 && fill <= 150)) || !['', '0', '1'].includes(flag)) {
      rejected.push(`${source}:${i + 2}: ${!known.has(binId) ? `unknown bin '${binId.slice(0, 64)}'` : 'bad instant, fill or overflowed flag'}`);
      return;
    }
    rows.push({ binId, ms, fillBeforePercent: fill, overflowed: flag === '' ? null : flag === '1' });
  });
  return { rows, rejected };
}

/**
 * Rows of `plans-history.csv` content (`space,date,routes,km,truck_hours,cost_eur,co2_kg,
 * bins_planned,bins_collected,unassigned`), with their space.
 * @throws SeedDataError naming the first bad line (the file is generated: a bad row is a bug).
 */
export function parsePlansHistoryCsv(text: string, source = 'plans-history.csv'): (Omit<PlanDayRow, 'source'> & { space: string })[] {
  const records = csvRecords(text, source);
  const header = records[0] ?? [];
  const need = ['space', 'date', 'routes', 'km', 'truck_hours', 'cost_eur', 'co2_kg', 'bins_planned', 'bins_collected'];
  for (const n of need) if (!header.includes(n)) throw new SeedDataError(`${source}: missing column '${n}'`);
  return records.slice(1).map((f, i) => {
    const get = (n: string): string => f[header.indexOf(n)] ?? '';
    const nums = need.slice(2).map((n) => Number(get(n)));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(get('date')) || nums.some((x) => !Number.isFinite(x) || x < 0)) throw new SeedDataError(`${source}:${i + 2}: bad row '${f.join(',')}'`);
    const [routes, km, truckHours, costEur, co2Kg, binsPlanned, binsCollected] = nums as [number, number, number, number, number, number, number];
    return { space: get('space'), day: get('date'), routes, km, truckHours, costEur, co2Kg, binsPlanned, binsCollected };
  });
}

function csvRecords(text: string, source: string): string[][] {
  try {
    return parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new SeedDataError(`${source}: not valid CSV (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A commune's reference point (`communes.json`): the commune of a bin is the nearest one's. */
interface CommuneCentre { space: string; name: string; lng: number; lat: number }

/** The name of the centre nearest to a point (equirectangular distance: the communes are a few km apart). */
function nearestCommune(centres: readonly CommuneCentre[], lng: number, lat: number): string {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = centres[0]!;
  let bestD = Infinity;
  for (const c of centres) {
    const d = ((c.lng - lng) * k) ** 2 + (c.lat - lat) ** 2;
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best.name;
}

/** `date` + whole days, `YYYY-MM-DD`. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The local date of instants in a time zone, memoised per UTC hour (offsets change on the hour). */
function localDayOf(timeZone: string): (ms: number) => string {
  const byHour = new Map<number, number>();
  return (ms) => {
    const hour = Math.floor(ms / 3_600_000);
    let offset = byHour.get(hour);
    if (offset === undefined) {
      offset = utcOffsetMs(hour * 3_600_000, timeZone);
      byHour.set(hour, offset);
    }
    return new Date(ms + offset).toISOString().slice(0, 10);
  };
}

/**
 * Whole weeks to add to timestamps so that `lastMs` lands in `(nowMs − 7 d, nowMs]`.
 */
export function weekShift(lastMs: number, nowMs: number): number {
  return Math.floor((nowMs - lastMs) / WEEK_MS);
}

/**
 * Seeds an empty database from `dataDir/sample/` in one transaction: the spaces (`spaces.json`;
 * one space when absent), then for each space its bins (with H3 cell; a bin goes to the space whose
 * outline holds it), sites, vehicles, then readings (normalised to `toISOString()` UTC, week-shifted, inserted
 * with INSERT OR IGNORE). Readings with an unknown bin, a bad instant or a fill outside 0–100
 * are counted as rejected and the first few are logged; nothing is dropped silently.
 * Does nothing (returns null) when the database already has bins.
 * @throws SeedDataError when a sample file is missing or malformed.
 */
export async function seedFromData(db: Db, options: SeedOptions): Promise<SeedStats | null> {
  const log = options.log ?? (() => {});
  if ((db.prepare('SELECT EXISTS (SELECT 1 FROM bins)').pluck().get() as number) === 1) return null;
  const dir = join(options.dataDir, 'sample');
  const file = (name: string): string => {
    const p = join(dir, name);
    if (!existsSync(p)) throw new SeedDataError(`missing sample file ${name} in ${dir}`);
    return p;
  };
  const bins = parseBinsCsv(readFileSync(file('bins.csv'), 'utf8'));
  const { spaces, spaceOf } = sampleSpaces(dir, options.dataDir, options.now);
  const spaceIds = new Set(spaces.map((s) => s.id));
  const fallback = spaces[0]!.id;
  const sites = parseSites(JSON.parse(readFileSync(file('sites.json'), 'utf8')), fallback);
  const vehicles = parseFleet(JSON.parse(readFileSync(file('fleet.json'), 'utf8')), fallback);
  const unknownSpace = [...sites.map((x) => x.space), ...vehicles.map((x) => x.space)].find((id) => !spaceIds.has(id));
  if (unknownSpace !== undefined) throw new SeedDataError(`sites.json or fleet.json names the space '${unknownSpace}', which spaces.json does not define`);
  const binSpace = new Map(bins.map((b) => [b.id, spaceOf([b.lng, b.lat])]));

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

  // the fixed schedule's collections that shaped the readings, and the past plans built from them
  // (scripts/build-sample-plans.ts), shifted by the same whole weeks
  const collectionsFile = join(dir, 'collections.csv');
  const sampleCollections = existsSync(collectionsFile) ? parseCollectionsCsv(readFileSync(collectionsFile, 'utf8'), known) : { rows: [], rejected: [] };
  for (const line of sampleCollections.rejected.slice(0, 5)) log(`[seed] rejected ${line}`);
  const plansFile = join(dir, 'plans-history.csv');
  const planDays = existsSync(plansFile) ? parsePlansHistoryCsv(readFileSync(plansFile, 'utf8')) : [];
  const unknownPlanSpace = planDays.find((p) => !spaceIds.has(p.space));
  if (unknownPlanSpace) throw new SeedDataError(`plans-history.csv names the space '${unknownPlanSpace.space}', which spaces.json does not define`);
  let collectionsStored = 0;
  const communesFile = join(dir, 'communes.json');
  const communes = existsSync(communesFile) ? (JSON.parse(readFileSync(communesFile, 'utf8')) as CommuneCentre[]) : [];

  const counts = { inserted: 0, duplicates: 0, conflicts: [] as unknown[] };
  db.transaction(() => {
    const spacesRepo = new SpacesRepository(db);
    for (const space of spaces) {
      spacesRepo.insert(space);
      const fleet = new FleetRepository(db, space.id);
      new BinsRepository(db, space.id).insert(bins.filter((b) => binSpace.get(b.id) === space.id));
      fleet.insertSites(sites.filter((x) => x.space === space.id));
      fleet.insertVehicles(vehicles.filter((x) => x.space === space.id));
      function* shifted(): Generator<ReadingRow> {
        for (const r of rows) if (binSpace.get(r.binId) === space.id) yield { binId: r.binId, measuredAt: new Date(r.ms + shiftMs).toISOString(), fillPercent: r.fill };
      }
      const c = new ReadingsRepository(db, space.id).insert(shifted());
      counts.inserted += c.inserted;
      counts.duplicates += c.duplicates;
      counts.conflicts.push(...c.conflicts);
      const history = new HistoryRepository(db, space.id);
      const dayOf = localDayOf(space.timeZone);
      function* shiftedCollections(): Generator<CollectionInput> {
        for (const r of sampleCollections.rows) {
          if (binSpace.get(r.binId) !== space.id) continue;
          const ms = r.ms + shiftMs;
          yield { binId: r.binId, collectedAt: new Date(ms).toISOString(), day: dayOf(ms), fillBeforePercent: r.fillBeforePercent, overflowed: r.overflowed, source: 'sample' };
        }
      }
      collectionsStored += history.insertCollections(shiftedCollections());
      const centres = communes.filter((x) => x.space === space.id);
      if (centres.length > 0) {
        history.setCommunes(bins.filter((b) => binSpace.get(b.id) === space.id).map((b) => ({ binId: b.id, commune: nearestCommune(centres, b.lng, b.lat) })));
      }
      history.insertPlanDays(planDays.filter((p) => p.space === space.id).map(({ space: _space, ...p }) => ({ ...p, day: addDays(p.day, shiftWeeks * 7), source: 'sample' as const })));
    }
  })();
  if (rejected > 0) log(`[seed] ${rejected} readings rejected`);
  if (counts.conflicts.length > 0) log(`[seed] ${counts.conflicts.length} readings contradict an earlier one of the same bin and instant (the first is kept)`);
  return {
    spaces: spaces.map((x) => ({ id: x.id, bins: bins.filter((b) => binSpace.get(b.id) === x.id).length })),
    bins: bins.length,
    sites: sites.length,
    vehicles: vehicles.length,
    readings: counts.inserted,
    duplicateReadings: counts.duplicates + counts.conflicts.length,
    rejectedReadings: rejected,
    collections: collectionsStored,
    rejectedCollections: sampleCollections.rejected.length,
    planDays: planDays.length,
    shiftWeeks,
  };
}
