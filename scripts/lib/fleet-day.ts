/**
 * Seeded generator of collection days built around a known fleet, to test and measure route
 * elimination: `trucks` clusters of bins, each exactly what one truck can do in its shift with
 * `loads` disposal trips (Kim, Kim & Sahoo 2006 style: disposal trips, a lunch break, time windows
 * on some bins), offered to `trucks + extraTrucks` identical trucks.
 *
 * The known fleet is the smallest: every cluster holds 95 % of a truck's daily tonnage
 * (`dailyCapacityKg` = `loads` × `capacityKg`), so `trucks − 1` trucks cannot carry the day for
 * any `trucks` below 20. It is feasible: {@link plannedRoutes} drives each cluster in sweep order
 * with the plan builder, unloading when the next bin would not fit, and the shift is that round's
 * working time over 0.85; bins with a window get one hour either side of their planned service.
 *
 * Places sit on a Manhattan grid in km (metres = 1000 × km, 120 s per km: 30 km/h in town); the
 * matrix is explicit, so the day solves without the road engine. Pure: same options, same day.
 */
import {
  DayRouteBuilder,
  Rng,
  STREAMS,
  assembleDayPlan,
  parseProblemJson,
  resolveExplicitMatrix,
  type PlanJson,
  type ProblemJson,
  type ResolvedProblem,
} from '../../solver/src/index.js';

/** Options of {@link generateFleetDay}. */
export interface FleetDayOptions {
  /** The known (smallest) fleet, below 20. */
  readonly trucks: number;
  /** Trucks offered beyond it. */
  readonly extraTrucks: number;
  readonly binsPerTruck: number;
  /** Loads each truck unloads in its day. */
  readonly loads: number;
  readonly seed: number;
  /** `hierarchical` (vehicles first) or `weighted` with a fixed cost per truck. */
  readonly objective: 'hierarchical' | 'weighted';
}

const SEC_PER_KM = 120;
const SHIFT_START = 7 * 3600;
/** Share of a shift the planned round uses. */
const PLANNED_SHARE = 0.85;
/** Share of a truck's daily tonnage in each cluster. */
const FILL = 0.95;
const BREAK = { durationSec: 20 * 60, afterStartSec: 3 * 3600, latestAfterStartSec: 6 * 3600 };
/** Costs of the weighted objective, EUR (primer §8: truck + crew per hour, fuel per km, a day's fixed cost). */
const COSTS = { perKm: 1.2, perHour: 120, fixed: 250 };

type Pt = readonly [number, number];

/** Bin ids of each cluster, in planned (sweep) order. */
export type Clusters = readonly (readonly string[])[];

/** A day and the clusters it was built around. */
export interface FleetDay {
  readonly problem: ProblemJson;
  readonly clusters: Clusters;
}

/** Generates a day (see the file comment). */
export function generateFleetDay(o: FleetDayOptions): FleetDay {
  if (!(o.trucks >= 1 && o.trucks < 20)) throw new RangeError(`trucks must be in 1..19, got ${o.trucks}`);
  const rng = new Rng(o.seed);
  const unit = (): number => rng.nextU32() / 2 ** 32;
  const places: Pt[] = [[0, 0]];
  const sites: Pt[] = [[3, 0], [-3, 0]];
  places.push(...sites);
  const bins: { id: string; at: number; kg: number }[] = [];
  const clusters: string[][] = [];
  for (let k = 0; k < o.trucks; k++) {
    const angle = (2 * Math.PI * k) / o.trucks + (unit() - 0.5) * 0.3;
    const cx = 7 * Math.cos(angle);
    const cy = 7 * Math.sin(angle);
    const members: { id: string; at: number; kg: number; a: number }[] = [];
    for (let i = 0; i < o.binsPerTruck; i++) {
      const r = 1.5 * Math.sqrt(unit());
      const t = 2 * Math.PI * unit();
      const p: Pt = [Math.round((cx + r * Math.cos(t)) * 10) / 10, Math.round((cy + r * Math.sin(t)) * 10) / 10];
      places.push(p);
      members.push({ id: `k${k}-b${i}`, at: places.length - 1, kg: 40 + rng.nextInt(81), a: Math.atan2(p[1] - cy, p[0] - cx) });
    }
    members.sort((a, b) => a.a - b.a);
    clusters.push(members.map((b) => b.id));
    bins.push(...members);
  }
  // every cluster holds the same tonnage: FILL of the daily limit (the last bin takes the rest)
  const perCluster = Math.max(...clusters.map((c) => c.reduce((s, id) => s + (bins.find((b) => b.id === id)?.kg ?? 0), 0)));
  const capacityKg = Math.ceil(perCluster / (o.loads * FILL));
  const target = Math.round(FILL * o.loads * capacityKg);
  for (const c of clusters) {
    const members = c.map((id) => bins.find((b) => b.id === id)).filter((b) => b !== undefined);
    const sum = members.reduce((s, b) => s + b.kg, 0);
    const last = members[members.length - 1];
    if (last) last.kg += target - sum;
  }
  const km = (a: Pt, b: Pt): number => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);
  const matrix = {
    distancesM: places.map((p) => places.map((q) => Math.round(km(p, q) * 1000))),
    durationsSec: places.map((p) => places.map((q) => Math.round(km(p, q) * SEC_PER_KM))),
  };
  const doc = (shiftSec: number, windows: ReadonlyMap<string, number>): ProblemJson =>
    parseProblemJson({
      version: 1,
      name: `fleet day: ${o.trucks} trucks needed, ${o.trucks + o.extraTrucks} offered, ${o.binsPerTruck} bins each, ${o.loads} loads, seed ${o.seed}`,
      depots: [{ id: 'depot', locationIndex: 0 }],
      disposalSites: sites.map((_, i) => ({ id: `site-${i + 1}`, locationIndex: 1 + i, unloadingSec: 900, streams: [...STREAMS] })),
      bins: bins.map((b) => {
        const t = windows.get(b.id);
        return {
          id: b.id,
          locationIndex: b.at,
          stream: 'residual',
          demandLitres: Math.round(b.kg / 0.12),
          demandKg: b.kg,
          serviceSec: 60,
          ...(t !== undefined ? { timeWindows: [{ openSec: Math.max(SHIFT_START, t - 3600), closeSec: Math.min(SHIFT_START + shiftSec, t + 3600) }] } : {}),
        };
      }),
      vehicles: Array.from({ length: o.trucks + o.extraTrucks }, (_, v) => ({
        id: `truck-${v + 1}`,
        streams: ['residual'],
        capacityLitres: Math.round(capacityKg / 0.12),
        capacityKg,
        dailyCapacityKg: o.loads * capacityKg,
        shiftStartSec: SHIFT_START,
        shiftEndSec: SHIFT_START + shiftSec,
        breaks: [{ earliestStartSec: SHIFT_START + BREAK.afterStartSec, latestStartSec: SHIFT_START + BREAK.latestAfterStartSec, durationSec: BREAK.durationSec }],
        startDepotId: 'depot',
        endDepotId: 'depot',
        costs: o.objective === 'weighted' ? COSTS : { perKm: 0, perHour: 0, fixed: 0 },
      })),
      matrix,
      objective: { type: o.objective },
    });
  // first pass: a long shift, to time the planned rounds
  const draft = plannedRoutes(resolveExplicitMatrix(doc(16 * 3600, new Map())), clusters);
  const worked = Math.max(...draft.routes.map((r) => r.workingSec));
  const shiftSec = Math.ceil(worked / PLANNED_SHARE / 300) * 300;
  const windows = new Map<string, number>();
  let n = 0;
  for (const r of draft.routes) for (const s of r.steps) if (s.type === 'bin' && n++ % 4 === 0) windows.set(s.id ?? '', s.startSec);
  return { problem: doc(shiftSec, windows), clusters };
}

/**
 * The planned day: truck k drives cluster k in sweep order, unloading at the nearest site when
 * the next bin would not fit, its break as soon as the window opens, home empty.
 */
export function plannedRoutes(resolved: ResolvedProblem, clusters: Clusters): PlanJson {
  const p = resolved.problem;
  const bins = new Map(p.bins.map((b) => [b.id, b]));
  const routes = clusters.map((ids, k) => {
    const vehicle = p.vehicles[k];
    if (!vehicle) throw new Error(`no vehicle for cluster ${k}`);
    const builder = DayRouteBuilder.atStart(resolved, vehicle);
    const brk = vehicle.breaks[0];
    let breakTaken = brk === undefined;
    const nearestSite = (): ProblemJson['disposalSites'][number] => {
      const here = builder.locationIndex;
      return [...p.disposalSites].sort((a, b) => builder.durationSec(here, resolved.loc.disposalSites.get(a.id) ?? 0) - builder.durationSec(here, resolved.loc.disposalSites.get(b.id) ?? 0))[0] ?? p.disposalSites[0]!;
    };
    for (const id of ids) {
      const bin = bins.get(id);
      if (!bin) continue;
      if (builder.loadKg + bin.demandKg > vehicle.capacityKg || builder.loadLitres + bin.demandLitres > vehicle.capacityLitres) builder.visitDisposal(nearestSite());
      if (!breakTaken && brk && builder.nowSec >= brk.earliestStartSec) {
        builder.takeBreak(brk.durationSec);
        breakTaken = true;
      }
      builder.visitBin(bin);
    }
    builder.visitDisposal(nearestSite());
    if (!breakTaken && brk) builder.takeBreak(brk.durationSec, Math.max(builder.nowSec, brk.earliestStartSec));
    return builder.finish();
  });
  return assembleDayPlan(routes, [], p.name);
}
