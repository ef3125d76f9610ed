/**
 * Deterministic generator of the bundled sample city: the bin inventory (every real OSM waste point
 * plus bins placed along drivable streets), one depot and one disposal site, a fleet, and 8 weeks of
 * sensor readings per bin.
 *
 * Everything is derived from the OSM bytes and a seed; the same inputs give byte-identical files.
 * Figures (container sizes, days to fill, weekday multipliers, densities, truck sizes, shifts,
 * service times) are the defaults of `../shared/domain-primer.md` §8; see data/sample/README.md.
 */
import {
  buildRoadNetwork,
  drivableSegments,
  edgeInfo,
  parseOsm,
  wastePoints,
  Rng,
  type LngLat,
  type Stream,
} from '../../solver/src/index.js';

/** Defaults that produce the committed sample. */
export const SAMPLE_DEFAULTS = {
  seed: 20261127,
  bins: 1500,
  weeks: 8,
  end: '2026-11-27T23:00:00Z',
  roads: 'data/osm/monaco-2016-03-05.osm.pbf',
  extraWaste: 'data/osm/monaco-2021-04-21.osm.pbf',
} as const;

/** Inputs of {@link generateSampleCity}. */
export interface SampleCityOptions {
  /** Bytes of the road extract (the 2016 OSRM extract covers the French communes). */
  readonly roadsPbf: Uint8Array;
  /** Extra extracts whose waste points are added (deduplicated by OSM id), e.g. the 2021 extract. */
  readonly extraWastePbfs: readonly { name: string; bytes: Uint8Array }[];
  readonly seed: number;
  /** Total bins wanted (real OSM points included). */
  readonly binCount: number;
  readonly weeks: number;
  /** Last instant of the reading period, ISO UTC; readings cover `weeks` weeks before it. */
  readonly endIso: string;
  readonly onProgress?: (message: string) => void;
}

/** The generated files, as text (readings CSV uncompressed; the CLI gzips it). */
export interface SampleCityFiles {
  readonly binsCsv: string;
  readonly sitesJson: string;
  readonly fleetJson: string;
  /** The spaces (collectivités): `area` names the `.poly` outline of a space's bins, null for the rest. */
  readonly spacesJson: string;
  readonly readingsCsv: string;
  readonly collectionsCsv: string;
  readonly metaJson: string;
  readonly stats: {
    readonly bins: number;
    readonly osmBins: number;
    readonly readings: number;
    readonly collections: number;
    readonly byStream: Record<Stream, number>;
  };
}

/** A container model: what it is, its volume and the time a stop takes. */
interface Container {
  readonly container: string;
  readonly capacityLitres: number;
  readonly serviceSec: number;
}

const BAC_120: Container = { container: 'bac_120', capacityLitres: 120, serviceSec: 25 };
const BAC_240: Container = { container: 'bac_240', capacityLitres: 240, serviceSec: 25 };
const BAC_360: Container = { container: 'bac_360', capacityLitres: 360, serviceSec: 30 };
const BAC_660: Container = { container: 'bac_660', capacityLitres: 660, serviceSec: 40 };
const BAC_770: Container = { container: 'bac_770', capacityLitres: 770, serviceSec: 40 };
const PAV_4M3: Container = { container: 'pav_column', capacityLitres: 4000, serviceSec: 240 };
const PAV_UNDERGROUND: Container = { container: 'pav_underground', capacityLitres: 5000, serviceSec: 360 };
const STREET_BIN: Container = { container: 'street_bin', capacityLitres: 80, serviceSec: 30 };

/** Share of generated bins per stream (dense town with PAV for glass and paper). */
const STREAM_MIX: readonly (readonly [Stream, number])[] = [
  ['residual', 0.44],
  ['packaging', 0.22],
  ['biowaste', 0.18],
  ['glass', 0.08],
  ['paper', 0.08],
];

/** Container mix per stream: collective 4-wheel bins dominate in Monaco's flats. */
const CONTAINER_MIX: Record<Stream, readonly (readonly [Container, number])[]> = {
  residual: [
    [BAC_240, 0.2],
    [BAC_360, 0.05],
    [BAC_660, 0.5],
    [BAC_770, 0.15],
    [PAV_UNDERGROUND, 0.1],
  ],
  packaging: [
    [BAC_240, 0.25],
    [BAC_660, 0.5],
    [PAV_4M3, 0.25],
  ],
  biowaste: [
    [BAC_120, 0.5],
    [BAC_240, 0.5],
  ],
  glass: [[PAV_4M3, 1]],
  paper: [
    [BAC_660, 0.3],
    [PAV_4M3, 0.7],
  ],
};

/** Median days from empty to full per stream (primer §8: glass 14, paper 11, packaging 7, OMR 9; biowaste 6, assumed). */
export const DAYS_TO_FULL: Record<Stream, number> = { residual: 9, packaging: 7, glass: 14, paper: 11, biowaste: 6 };

/** Deposit multiplier by UTC weekday index 0=Sunday (primer: Sat-Sun 1.3, Mon 1.1, else 0.9). */
export const WEEKDAY_MULTIPLIER = [1.3, 1.1, 0.9, 0.9, 0.9, 0.9, 1.3] as const;

/**
 * Today's practice the readings reflect: a fixed schedule per stream (weekdays, 0=Sunday) and the
 * local hour the truck passes. Bins are emptied whatever their fill, which is what sensors change.
 */
export const FIXED_SCHEDULE: Record<Stream, { days: readonly number[]; everyOtherWeek?: boolean }> = {
  residual: { days: [1, 4] },
  packaging: { days: [3] },
  biowaste: { days: [2, 5] },
  glass: { days: [2], everyOtherWeek: true },
  paper: { days: [4], everyOtherWeek: true },
};

/** Highway classes along which bins are placed (no motorways, trunks or links). */
const PLACEABLE_HIGHWAYS = new Set(['primary', 'secondary', 'tertiary', 'unclassified', 'residential', 'living_street', 'service']);

/** Minimum distance between two generated bins, metres. */
const MIN_SPACING_M = 12;
/** Readings per day per sensor (primer: 5-24; 4 keeps the committed file small). */
export const READINGS_PER_DAY = 4;
/** Sensor noise, standard deviation in fill points (primer: 3% of height). */
export const NOISE_SD = 3;
/** Share of readings that are outliers (primer: 2%). */
export const OUTLIER_SHARE = 0.02;
/** Share of readings lost to radio dropouts. */
export const MISSING_SHARE = 0.03;
/** Share of sensors that go down for a stretch of days (primer: 5%). */
const DOWN_SENSOR_SHARE = 0.05;

const DAY_MS = 86_400_000;

/**
 * The two spaces (collectivités) of the sample: the Principality, and the French communes around
 * it as one intercommunalité. A bin belongs to `monaco` when it lies inside the Principality's
 * outline (`area`: the `data/osm/monaco.poly` boundary), to `riviera` otherwise.
 */
const SPACES = [
  { id: 'monaco', name: 'Principauté de Monaco', kind: 'commune', communes: ['Monaco'], timeZone: 'Europe/Monaco', area: 'monaco.poly' },
  {
    id: 'riviera',
    name: 'Riviera française (communes limitrophes)',
    kind: 'intercommunalite',
    communes: ['Beausoleil', "Cap-d'Ail", 'Roquebrune-Cap-Martin', 'La Turbie'],
    timeZone: 'Europe/Paris',
    area: null,
  },
] as const;

/**
 * Invented sites (there is no real transfer station in the extract): see data/sample/README.md.
 * Each space has its own depot; both unload at the Cap-d'Ail transfer quay, which each space lists
 * as its own site.
 */
const SITES = [
  {
    id: 'depot-fontvieille',
    space: 'monaco',
    kind: 'depot',
    name: 'Dépôt de Fontvieille (invented)',
    lng: 7.41555,
    lat: 43.72905,
    serviceSec: 0,
  },
  {
    id: 'disposal-cap-d-ail',
    space: 'monaco',
    kind: 'disposal',
    name: "Quai de transfert de Cap-d'Ail (invented)",
    lng: 7.40505,
    lat: 43.7279,
    serviceSec: 1200,
  },
  {
    id: 'depot-beausoleil',
    space: 'riviera',
    kind: 'depot',
    name: 'Dépôt intercommunal de Beausoleil (invented)',
    lng: 7.42275,
    lat: 43.74295,
    serviceSec: 0,
  },
  {
    id: 'riviera-disposal-cap-d-ail',
    space: 'riviera',
    kind: 'disposal',
    name: "Quai de transfert de Cap-d'Ail (invented)",
    lng: 7.40505,
    lat: 43.7279,
    serviceSec: 1200,
  },
] as const;

/**
 * The fleet (primer §3 and §8), in the order of the first sample (BOM-05 and MC-BOM-02 came with
 * the spaces, so the riviera has a packaging truck and Monaco a residual one). `capacityLitres` is the loose volume the body takes after
 * compaction: body m³ × 1000 × compaction ratio (OMR ~4, packaging ~3, none for glass and biowaste).
 */
const FLEET = [
  { vehicleId: 'BOM-01', space: 'riviera', name: 'BOM 26 t OMR', type: 'bom26', streams: ['residual'], capacityLitres: 80_000, capacityKg: 11_000, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
  { vehicleId: 'BOM-03', space: 'monaco', name: 'BOM 19 t emballages + papiers', type: 'bom19', streams: ['packaging', 'paper'], capacityLitres: 45_000, capacityKg: 8_500, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
  { vehicleId: 'BOM-04', space: 'riviera', name: 'BOM 19 t OMR (après-midi)', type: 'bom19', streams: ['residual', 'biowaste'], capacityLitres: 60_000, capacityKg: 8_500, shiftStart: '13:00', shiftEnd: '20:00', co2KgPerKm: 2.5 },
  { vehicleId: 'MINI-01', space: 'monaco', name: 'Mini-BOM électrique biodéchets', type: 'mini', streams: ['biowaste'], capacityLitres: 10_000, capacityKg: 3_500, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 0.5 },
  { vehicleId: 'GRUE-01', space: 'monaco', name: 'Camion-grue PAV verre / papier', type: 'crane', streams: ['glass', 'paper'], capacityLitres: 30_000, capacityKg: 10_000, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
  { vehicleId: 'GRUE-02', space: 'riviera', name: 'Camion-grue PAV verre', type: 'crane', streams: ['glass'], capacityLitres: 30_000, capacityKg: 10_000, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
  { vehicleId: 'BOM-05', space: 'riviera', name: 'BOM 19 t emballages + papiers', type: 'bom19', streams: ['packaging', 'paper'], capacityLitres: 45_000, capacityKg: 8_500, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
  { vehicleId: 'MC-BOM-02', space: 'monaco', name: 'BOM 19 t OMR', type: 'bom19', streams: ['residual'], capacityLitres: 60_000, capacityKg: 8_500, shiftStart: '06:00', shiftEnd: '13:00', co2KgPerKm: 2.5 },
] as const;

/** Local hour (Europe/Monaco, expressed in UTC: CET = UTC+1 in Oct-Nov after the change) trucks pass. */
export const COLLECTION_UTC_HOUR_FROM = 5;
export const COLLECTION_UTC_HOUR_TO = 12;

interface GeneratedBin {
  readonly binId: string;
  readonly lngLat: LngLat;
  readonly stream: Stream;
  readonly container: Container;
  readonly origin: 'osm' | 'generated';
  readonly osmRef: string;
}

/** Uniform float in [0, 1) from the seeded RNG. */
function unit(rng: Rng): number {
  return rng.nextU32() / 4_294_967_296;
}

function pick<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let u = unit(rng);
  for (const [value, weight] of table) {
    u -= weight;
    if (u < 0) return value;
  }
  const last = table[table.length - 1];
  if (!last) throw new Error('pick: empty table');
  return last[0];
}

/** Standard normal by Box-Muller from the seeded RNG. */
function gaussian(rng: Rng): number {
  const u = Math.max(unit(rng), 1e-12);
  const v = unit(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Metres between two [lng, lat] points on a local equirectangular projection (fine at city scale). */
function localDistanceM(a: LngLat, b: LngLat): number {
  const kx = 111_320 * Math.cos((a[1] * Math.PI) / 180);
  const dx = (a[0] - b[0]) * kx;
  const dy = (a[1] - b[1]) * 110_574;
  return Math.hypot(dx, dy);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Stream and container of a real OSM waste point, from its tags. */
function classifyOsmPoint(amenity: string, tags: Record<string, string>): { stream: Stream; container: Container } {
  if (amenity === 'waste_basket') return { stream: 'residual', container: STREET_BIN };
  if (amenity === 'waste_disposal') return { stream: 'residual', container: BAC_660 };
  const has = (k: string): boolean => tags[`recycling:${k}`] === 'yes';
  const underground = tags['location'] === 'underground';
  const container = underground ? PAV_UNDERGROUND : PAV_4M3;
  if (has('glass') || has('glass_bottles')) return { stream: 'glass', container };
  if (has('paper') || has('newspaper') || has('cardboard')) return { stream: 'paper', container };
  return { stream: 'packaging', container };
}

/** A point `offsetM` metres to the right of the segment a→b at fraction `f` (kerb side, France drives on the right). */
function kerbPoint(a: LngLat, b: LngLat, f: number, offsetM: number): LngLat {
  const kx = 111_320 * Math.cos((a[1] * Math.PI) / 180);
  const ky = 110_574;
  const dx = (b[0] - a[0]) * kx;
  const dy = (b[1] - a[1]) * ky;
  const len = Math.hypot(dx, dy) || 1;
  const rx = dy / len;
  const ry = -dx / len;
  return [a[0] + (b[0] - a[0]) * f + (rx * offsetM) / kx, a[1] + (b[1] - a[1]) * f + (ry * offsetM) / ky];
}

/** Sample a point along a polyline at a uniform position by length. */
function pointAlong(coords: readonly LngLat[], rng: Rng): { a: LngLat; b: LngLat; f: number } {
  let total = 0;
  const lens: number[] = [];
  for (let i = 1; i < coords.length; i++) {
    const len = localDistanceM(coords[i - 1] as LngLat, coords[i] as LngLat);
    lens.push(len);
    total += len;
  }
  let target = unit(rng) * total;
  for (let i = 0; i < lens.length; i++) {
    const len = lens[i] as number;
    if (target <= len || i === lens.length - 1) {
      return { a: coords[i] as LngLat, b: coords[i + 1] as LngLat, f: len > 0 ? Math.min(1, target / len) : 0 };
    }
    target -= len;
  }
  return { a: coords[0] as LngLat, b: coords[1] as LngLat, f: 0 };
}

/** Spatial hash to enforce the minimum spacing between bins. */
class SpacingGrid {
  private readonly cells = new Map<string, LngLat[]>();
  private readonly cellDeg = 0.0005;
  private key(p: LngLat, dx = 0, dy = 0): string {
    return `${Math.floor(p[0] / this.cellDeg) + dx}:${Math.floor(p[1] / this.cellDeg) + dy}`;
  }
  isFree(p: LngLat, minM: number): boolean {
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(this.key(p, dx, dy)) ?? []) if (localDistanceM(p, q) < minM) return false;
      }
    }
    return true;
  }
  add(p: LngLat): void {
    const k = this.key(p);
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [p]);
  }
}

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Generate the sample city. Pure apart from `onProgress`: the same options give identical output.
 * @throws RoadDataError when an extract cannot be parsed.
 */
export function generateSampleCity(options: SampleCityOptions): SampleCityFiles {
  const log = options.onProgress ?? ((): void => undefined);
  const rng = new Rng(options.seed);
  const osm = parseOsm(options.roadsPbf, 'roads extract');
  const net = buildRoadNetwork(osm);
  log(`road network built`);

  // 1. Real OSM waste points, deduplicated by id (the newer extract wins), inside the roads bbox.
  const osmPoints = new Map<string, { lngLat: LngLat; amenity: string; tags: Record<string, string> }>();
  for (const p of wastePoints(osm)) osmPoints.set(p.osmId, p);
  for (const extra of options.extraWastePbfs) {
    for (const p of wastePoints(parseOsm(extra.bytes, extra.name))) osmPoints.set(p.osmId, p);
  }
  const bins: GeneratedBin[] = [];
  const grid = new SpacingGrid();
  const sortedOsm = [...osmPoints.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [osmId, p] of sortedOsm) {
    const { stream, container } = classifyOsmPoint(p.amenity, p.tags);
    const lngLat: LngLat = [round6(p.lngLat[0]), round6(p.lngLat[1])];
    bins.push({ binId: `OSM-${osmId.replace('/', '-')}`, lngLat, stream, container, origin: 'osm', osmRef: osmId });
    grid.add(lngLat);
  }
  const osmBins = bins.length;
  log(`${osmBins} real OSM waste points`);

  // 2. Generated bins along drivable streets, uniform by length, on the kerb side.
  // Only streets of the main strongly connected component: a truck from the depot can reach them and come back.
  const inMain = (edgeIdx: number): boolean => {
    const e = edgeInfo(net, edgeIdx);
    return net.componentOf[e.from] === net.largestComponent && net.componentOf[e.to] === net.largestComponent;
  };
  const segments = drivableSegments(net).filter((s) => PLACEABLE_HIGHWAYS.has(s.highway) && s.lengthM >= 10 && inMain(s.edgeIdx));
  const cumulative: number[] = [];
  let totalLength = 0;
  for (const s of segments) {
    totalLength += s.lengthM;
    cumulative.push(totalLength);
  }
  let serial = 0;
  let attempts = 0;
  while (bins.length < options.binCount) {
    if (++attempts > options.binCount * 50) throw new Error(`could only place ${bins.length} bins with ${MIN_SPACING_M} m spacing`);
    const target = unit(rng) * totalLength;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    const seg = segments[lo];
    if (!seg) continue;
    const { a, b, f } = pointAlong(seg.coordinates, rng);
    const raw = kerbPoint(a, b, f, 4 + unit(rng) * 3);
    const lngLat: LngLat = [round6(raw[0]), round6(raw[1])];
    if (!grid.isFree(lngLat, MIN_SPACING_M)) continue;
    grid.add(lngLat);
    const stream = pick(rng, STREAM_MIX);
    const container = pick(rng, CONTAINER_MIX[stream]);
    serial += 1;
    bins.push({ binId: `B${String(serial).padStart(4, '0')}`, lngLat, stream, container, origin: 'generated', osmRef: '' });
  }
  log(`${bins.length} bins placed`);

  // 3. Eight weeks of filling, fixed-schedule collections and sensor readings.
  const endMs = Date.parse(options.endIso);
  if (Number.isNaN(endMs)) throw new Error(`endIso is not a date: ${options.endIso}`);
  const startMs = endMs - options.weeks * 7 * DAY_MS;
  const readings: string[] = ['bin_id,measured_at,fill_percent'];
  const collections: string[] = ['bin_id,collected_at,fill_before_percent,overflowed'];
  const stepMs = DAY_MS / READINGS_PER_DAY;
  const weekOfStart = Math.floor(startMs / (7 * DAY_MS));
  for (const bin of bins) {
    // Per-bin rate: median from the stream, log-normal spread (sd 0.35), in fill points per day.
    const baseRate = (100 / DAYS_TO_FULL[bin.stream]) * Math.exp(0.35 * gaussian(rng));
    const schedule = FIXED_SCHEDULE[bin.stream];
    const passHour = COLLECTION_UTC_HOUR_FROM + unit(rng) * (COLLECTION_UTC_HOUR_TO - COLLECTION_UTC_HOUR_FROM);
    const phase = unit(rng) < 0.5 ? 0 : 1;
    const sensorDown = unit(rng) < DOWN_SENSOR_SHARE;
    const downFrom = startMs + unit(rng) * (endMs - startMs);
    const downUntil = downFrom + (2 + unit(rng) * 8) * DAY_MS;
    // Collection instants over the period.
    const pickups: number[] = [];
    for (let day = startMs - (startMs % DAY_MS); day < endMs; day += DAY_MS) {
      const date = new Date(day);
      if (!schedule.days.includes(date.getUTCDay())) continue;
      const week = Math.floor(day / (7 * DAY_MS)) - weekOfStart;
      if (schedule.everyOtherWeek && (week + phase) % 2 !== 0) continue;
      const at = day + passHour * 3_600_000;
      if (at > startMs && at < endMs) pickups.push(at);
    }
    let fill = unit(rng) * 60;
    let t = startMs;
    let nextPickup = 0;
    const advance = (untilMs: number): void => {
      // Integrate hourly so weekday and daytime patterns show in the readings.
      while (t < untilMs) {
        const dt = Math.min(3_600_000, untilMs - t);
        const d = new Date(t);
        const hour = d.getUTCHours();
        const daytime = hour >= 6 && hour < 21 ? 1.45 : 0.25;
        fill += (baseRate * (WEEKDAY_MULTIPLIER[d.getUTCDay()] ?? 1) * daytime * dt) / DAY_MS;
        t += dt;
      }
    };
    for (let k = 0; ; k++) {
      const at = startMs + k * stepMs + Math.round((unit(rng) - 0.5) * 40) * 60_000;
      if (at > endMs) break;
      while (nextPickup < pickups.length && (pickups[nextPickup] as number) <= at) {
        const pickupAt = pickups[nextPickup] as number;
        advance(pickupAt);
        const before = Math.min(fill, 100);
        collections.push(`${bin.binId},${new Date(pickupAt).toISOString().slice(0, 19)}Z,${before.toFixed(1)},${fill > 100 ? 1 : 0}`);
        fill = unit(rng) * 4;
        nextPickup += 1;
      }
      advance(Math.max(at, t));
      if (sensorDown && at >= downFrom && at < downUntil) continue;
      if (unit(rng) < MISSING_SHARE) continue;
      let reading = Math.min(fill, 100) + NOISE_SD * gaussian(rng);
      if (unit(rng) < OUTLIER_SHARE) reading = unit(rng) * 100;
      reading = Math.max(0, Math.min(100, reading));
      readings.push(`${bin.binId},${new Date(at - (at % 60_000)).toISOString().slice(0, 19)}Z,${reading.toFixed(1)}`);
    }
  }
  log(`${readings.length - 1} readings, ${collections.length - 1} collections`);

  const byStream: Record<Stream, number> = { residual: 0, packaging: 0, glass: 0, paper: 0, biowaste: 0 };
  for (const b of bins) byStream[b.stream] += 1;
  const binsCsv = [
    'bin_id,lng,lat,stream,container,capacity_litres,service_sec,origin,osm_ref',
    ...bins.map((b) =>
      [b.binId, b.lngLat[0], b.lngLat[1], b.stream, b.container.container, b.container.capacityLitres, b.container.serviceSec, b.origin, b.osmRef]
        .map((v) => csvField(String(v)))
        .join(','),
    ),
  ].join('\n');
  const meta = {
    generator: 'scripts/generate-sample.ts',
    seed: options.seed,
    binCount: bins.length,
    weeks: options.weeks,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    timezone: 'Europe/Monaco',
    readingsPerDay: READINGS_PER_DAY,
    daysToFull: DAYS_TO_FULL,
    fixedSchedule: FIXED_SCHEDULE,
  };
  return {
    binsCsv: `${binsCsv}\n`,
    sitesJson: `${JSON.stringify(SITES, null, 2)}\n`,
    fleetJson: `${JSON.stringify(FLEET, null, 2)}\n`,
    spacesJson: `${JSON.stringify(SPACES, null, 2)}\n`,
    readingsCsv: `${readings.join('\n')}\n`,
    collectionsCsv: `${collections.join('\n')}\n`,
    metaJson: `${JSON.stringify(meta, null, 2)}\n`,
    stats: { bins: bins.length, osmBins, readings: readings.length - 1, collections: collections.length - 1, byStream },
  };
}
