/**
 * Seeded generator of realistic collection days on the sample city, in the problem format
 * (`solver/src/model/problem-json.ts`): bins drawn from `data/sample/bins.csv` with today's fill,
 * several streams, one or two disposal sites with opening hours, trucks with shifts and a lunch
 * break, market-street and school time windows, kerb-side bins, and optional bins with a prize.
 *
 * Locations are `[lng, lat]` (no matrix): the solver routes them on the road engine. Figures are
 * the domain primer's defaults (§3, §4, §8); each choice is documented where it is made.
 */
import { Rng, type ProblemJson, type Stream } from '../../solver/src/index.js';

/** Loose densities in the bin, kg/L (primer §1, §8). */
const LOOSE_KG_PER_L: Record<Stream, number> = { residual: 0.12, packaging: 0.025, glass: 0.3, paper: 0.2, biowaste: 0.4 };

/** A row of data/sample/bins.csv. */
export interface SampleBin {
  readonly binId: string;
  readonly lngLat: readonly [number, number];
  readonly stream: Stream;
  readonly container: string;
  readonly capacityLitres: number;
  readonly serviceSec: number;
}

/** A row of data/sample/sites.json. */
export interface SampleSite {
  readonly id: string;
  readonly kind: 'depot' | 'disposal';
  readonly name: string;
  readonly lng: number;
  readonly lat: number;
  readonly serviceSec: number;
}

/** A row of data/sample/fleet.json. */
export interface SampleVehicle {
  readonly vehicleId: string;
  readonly name: string;
  readonly type: string;
  readonly streams: readonly Stream[];
  readonly capacityLitres: number;
  readonly capacityKg: number;
  readonly co2KgPerKm: number;
}

/** Options of {@link generateCollectionDay}. */
export interface CollectionDayOptions {
  readonly bins: readonly SampleBin[];
  readonly sites: readonly SampleSite[];
  readonly fleet: readonly SampleVehicle[];
  readonly binCount: number;
  readonly vehicleCount: number;
  /** 1: the transfer station only; 2: plus a second site that closes at noon. */
  readonly disposalSites: 1 | 2;
  /** Loads per truck the capacities are sized for (primer: 1-2 for OMR, 2-4 for packaging). */
  readonly loadsPerTruck: number;
  readonly seed: number;
  readonly date: string;
}

const H = 3600;
/** Shift 06:00-13:30 with a 20 min break between 09:30 and 11:30 (primer §4: 20 min once work reaches 6 h). */
const SHIFT_START_SEC = 6 * H;
const SHIFT_END_SEC = 13.5 * H;
const BREAK = { earliestStartSec: 9.5 * H, latestStartSec: 11.5 * H, durationSec: 20 * 60 };
/** Bins at or above this fill are mandatory; below, optional with a prize (the forecast's `may`). */
const MANDATORY_FILL = 0.75;
/** Share of bins on market streets (served 07:00-09:30) and near schools (not 08:00-08:45). */
const MARKET_SHARE = 0.05;
const SCHOOL_SHARE = 0.05;
/** Share of bins that must be collected from the kerb side (busy streets). */
const KERB_SHARE = 0.2;

/** The second, invented disposal site: a glass and recyclables platform in Beausoleil, mornings only. */
const SECOND_SITE = { id: 'disposal-beausoleil', name: 'Plateforme de Beausoleil (invented)', lng: 7.42676, lat: 43.74237 };

function unit(rng: Rng): number {
  return rng.nextU32() / 4_294_967_296;
}

/**
 * Generates one collection day. Pure: the same options give the same document.
 * @throws Error when more bins or vehicles are asked than the sample holds.
 */
export function generateCollectionDay(o: CollectionDayOptions): ProblemJson {
  if (o.binCount > o.bins.length) throw new Error(`--bins ${o.binCount}: the sample holds ${o.bins.length} bins`);
  if (o.vehicleCount < 1) throw new Error('--vehicles must be at least 1');
  const rng = new Rng(o.seed);
  const depot = o.sites.find((s) => s.kind === 'depot');
  const transfer = o.sites.find((s) => s.kind === 'disposal');
  if (!depot || !transfer) throw new Error('sites.json needs a depot and a disposal site');

  const chosen = rng.shuffle([...o.bins]).slice(0, o.binCount);
  chosen.sort((a, b) => (a.binId < b.binId ? -1 : a.binId > b.binId ? 1 : 0));
  const bins: ProblemJson['bins'] = chosen.map((b) => {
    const fill = 0.55 + 0.45 * unit(rng);
    const demandLitres = Math.round(fill * b.capacityLitres);
    const mandatory = fill >= MANDATORY_FILL;
    const u = unit(rng);
    const timeWindows =
      u < MARKET_SHARE
        ? [{ openSec: 7 * H, closeSec: 9.5 * H }]
        : u < MARKET_SHARE + SCHOOL_SHARE
          ? [
              { openSec: SHIFT_START_SEC, closeSec: 8 * H },
              { openSec: 8.75 * H, closeSec: SHIFT_END_SEC },
            ]
          : undefined;
    return {
      id: b.binId,
      location: [b.lngLat[0], b.lngLat[1]] as [number, number],
      approach: unit(rng) < KERB_SHARE ? ('kerb' as const) : ('either' as const),
      stream: b.stream,
      demandLitres,
      demandKg: Math.round(demandLitres * LOOSE_KG_PER_L[b.stream]),
      serviceSec: b.serviceSec,
      ...(timeWindows ? { timeWindows } : {}),
      mandatory,
      // A 'may' bin is worth its fill: about what a 2-minute detour costs at 120 EUR/h when nearly full.
      ...(mandatory ? {} : { prize: Math.round(fill * 6 * 100) / 100 }),
    };
  });

  // Trucks: the sample fleet's stream groups, cycled; each sized for `loadsPerTruck` loads of its group.
  const templates = Array.from({ length: o.vehicleCount }, (_, i) => o.fleet[i % o.fleet.length] as SampleVehicle);
  const groupKey = (t: SampleVehicle): string => [...t.streams].sort().join('+');
  const trucksPerGroup = new Map<string, number>();
  for (const t of templates) trucksPerGroup.set(groupKey(t), (trucksPerGroup.get(groupKey(t)) ?? 0) + 1);
  const vehicles: ProblemJson['vehicles'] = templates.map((t, i) => {
    const group = bins.filter((b) => t.streams.includes(b.stream));
    // Trucks sharing a stream split its demand: count every truck that accepts each stream once.
    const sharers = templates.filter((x) => x.streams.some((s) => t.streams.includes(s))).length;
    const litres = group.reduce((a, b) => a + b.demandLitres, 0);
    const kg = group.reduce((a, b) => a + b.demandKg, 0);
    const perLoad = (total: number, floor: number): number => Math.max(floor, Math.ceil((total / (sharers * o.loadsPerTruck)) * 1.1 / 1000) * 1000);
    return {
      id: `${t.vehicleId}-${String(i + 1).padStart(2, '0')}`,
      type: t.type,
      streams: [...t.streams],
      capacityLitres: perLoad(litres, 5_000),
      capacityKg: perLoad(kg, 1_000),
      dailyCapacityKg: perLoad(kg, 1_000) * (o.loadsPerTruck + 1),
      maxStops: 800,
      shiftStartSec: SHIFT_START_SEC,
      shiftEndSec: SHIFT_END_SEC,
      maxWorkingSec: SHIFT_END_SEC - SHIFT_START_SEC,
      breaks: [{ ...BREAK }],
      startDepotId: depot.id,
      endDepotId: depot.id,
      // Diesel 80 L/100 km at ~1.5 EUR/L; truck + crew 120 EUR/h (primer §3, §6).
      costs: { perKm: 1.2, perHour: 120, fixed: 0 },
      co2KgPerKm: t.co2KgPerKm,
    };
  });

  const allStreams: Stream[] = ['residual', 'packaging', 'glass', 'paper', 'biowaste'];
  const disposalSites: ProblemJson['disposalSites'] = [
    {
      id: transfer.id,
      name: transfer.name,
      location: [transfer.lng, transfer.lat],
      // Transfer station: Mon-Fri about 05:00-19:00 (primer §4, assumed).
      timeWindows: [{ openSec: 5 * H, closeSec: 19 * H }],
      unloadingSec: transfer.serviceSec,
      streams: allStreams,
    },
  ];
  if (o.disposalSites === 2) {
    disposalSites.push({
      id: SECOND_SITE.id,
      name: SECOND_SITE.name,
      location: [SECOND_SITE.lng, SECOND_SITE.lat],
      timeWindows: [{ openSec: 6 * H, closeSec: 12 * H }],
      unloadingSec: 15 * 60,
      streams: ['glass', 'paper', 'packaging'],
    });
  }

  return {
    version: 1,
    name: `sample-city day: ${o.binCount} bins, ${o.vehicleCount} trucks, ${o.disposalSites} disposal site(s), seed ${o.seed}`,
    date: o.date,
    timeZone: 'Europe/Monaco',
    depots: [{ id: depot.id, name: depot.name, location: [depot.lng, depot.lat], openSec: 5 * H, closeSec: 21 * H }],
    disposalSites,
    bins,
    vehicles,
    objective: { type: 'weighted' },
    fixedPrefixes: [],
    locks: [],
  };
}
