/**
 * The collection-day problem flattened onto typed arrays for the search (issue #5).
 *
 * Search nodes are numbered: bins `0..nBins-1`, then disposal visits (a pool per route, each
 * visit bound to one site at a time), then breaks (pinned to their vehicle's route), then one
 * start and one end node per route. Places are matrix indices of the resolved problem; a break
 * has no place of its own (it happens where the truck stands). Bins that no vehicle can ever
 * serve (unreachable, no vehicle carries the stream, bigger than every compatible truck, windows
 * outside every compatible shift) never enter the search: {@link DayModel.excluded} holds their
 * reasons.
 */
import type { PlanUnassignedJson } from '../model/plan-json.js';
import type { ProblemJson } from '../model/problem-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import { STREAMS, type Stream } from '../model/types.js';

type Bin = ProblemJson['bins'][number];
type Vehicle = ProblemJson['vehicles'][number];

/** Node kinds. */
export const BIN = 0;
export const DISPOSAL = 1;
export const BREAK = 2;
export const START = 3;
export const END = 4;

/** Cost of using a vehicle under the hierarchical objective, in seconds of working time. */
export const HIERARCHICAL_VEHICLE_COST = 1e7;

/** A disposal site as the search sees it. */
export interface SiteSpec {
  readonly index: number;
  readonly id: string;
  readonly loc: number;
  /** Earliest opening and latest closing over its windows (the plan builder checks each window). */
  readonly ready: number;
  readonly due: number;
  readonly unloadSec: number;
  readonly mask: number;
}

/** One vehicle's day as the search sees it. */
export interface RouteSpec {
  readonly vehicle: Vehicle;
  readonly index: number;
  readonly startLoc: number;
  readonly startSec: number;
  readonly startLoadL: number;
  readonly startLoadK: number;
  /** Bins and kilograms already collected (fixed prefix), counted against the daily limits. */
  readonly doneBins: number;
  readonly doneKg: number;
  readonly hasPrefix: boolean;
  readonly endLoc: number;
  /** Latest arrival at the end depot. */
  readonly endDue: number;
  readonly maxWorkingSec: number;
  readonly capL: number;
  readonly capK: number;
  readonly dailyK: number;
  readonly maxStops: number;
  readonly acceptMask: number;
  /** Sites accepting every stream the vehicle carries (all sites when none does). */
  readonly sites: readonly number[];
  /** Only its locked bins (a `wholeRoute` lock). */
  readonly closed: boolean;
  readonly fixedCost: number;
  /** Cost per metre and per second under the objective. */
  readonly perM: number;
  readonly perSec: number;
  /** Break nodes of this route, in the vehicle's order. */
  readonly breakNodes: readonly number[];
}

export interface DayModel {
  readonly resolved: ResolvedProblem;
  readonly size: number;
  readonly durations: ArrayLike<number>;
  readonly distances: ArrayLike<number>;
  readonly nBins: number;
  readonly nNodes: number;
  readonly nRoutes: number;
  readonly kind: Uint8Array;
  readonly loc: Int32Array;
  readonly ready: Float64Array;
  readonly due: Float64Array;
  readonly service: Float64Array;
  readonly demL: Float64Array;
  readonly demK: Float64Array;
  readonly mask: Int32Array;
  /** Prize of an optional bin; -1 for a mandatory one. */
  readonly prize: Float64Array;
  /** Route a bin is locked to (-1: free); breaks, start and end nodes: their route. */
  readonly pinRoute: Int32Array;
  readonly locked: Uint8Array;
  /** Break durations etc. are in ready/due/service; disposal nodes' site (mutable). */
  readonly siteOf: Int32Array;
  readonly sites: readonly SiteSpec[];
  readonly routes: readonly RouteSpec[];
  readonly bins: readonly Bin[];
  /** Windows of bins with more than one (sorted by opening); the search uses one at a time. */
  readonly windows: ReadonlyMap<number, readonly { openSec: number; closeSec: number }[]>;
  readonly binNode: ReadonlyMap<string, number>;
  readonly excluded: readonly PlanUnassignedJson[];
  readonly firstDisposal: number;
  readonly firstBreak: number;
  readonly firstStart: number;
  readonly firstEnd: number;
  readonly hierarchical: boolean;
  /** Cost of one second of an average truck (scale of the penalties). */
  readonly costPerSec: number;
  /**
   * Whether time can matter: false when every travel, service and unloading time is zero, no bin
   * has a window and no vehicle a break, and every shift and site is open at each start (a CVRP).
   * Segments then carry no time block (see segment.ts).
   */
  readonly timed: boolean;
  /**
   * Whether a route may hold more than one trip or a break: disposal visits exist (some vehicle may
   * need a second load), a truck starts loaded, or a vehicle has a break. Segments then carry the
   * trips block (see segment.ts).
   */
  readonly trips: boolean;
  /**
   * Whether a route is just one load of bins any vehicle may carry: no trips (see
   * {@link trips}), no locks, no fixed prefixes, and every vehicle takes every stream there is.
   * Segments then leave out the daily totals, streams and locks, which equal the load or do not
   * matter (see segment.ts).
   */
  readonly lean: boolean;
  /**
   * Polar angle of each bin around the first vehicle's start depot, in 1/65,536 of a turn (as
   * HGS-CVRP's circle sectors), from the places' `[lng, lat]`; null when a bin or that depot has
   * none (a bare matrix). SWAP* then tries only routes whose sectors overlap.
   */
  readonly angle: Int32Array | null;
}

/** Polar angles of the bins around the first vehicle's start depot (see {@link DayModel.angle}). */
function polarAngles(p: ResolvedProblem['problem'], bins: readonly Bin[]): Int32Array | null {
  const first = p.vehicles[0];
  const centre = first ? p.depots.find((d) => d.id === first.startDepotId)?.location : undefined;
  if (!centre || bins.some((b) => !b.location)) return null;
  const shrink = Math.cos((centre[1] * Math.PI) / 180);
  return Int32Array.from(bins, (b) => {
    const [lng, lat] = b.location as readonly [number, number];
    const a = Math.atan2(lat - centre[1], (lng - centre[0]) * shrink);
    return ((Math.round((32768 * a) / Math.PI) % 65536) + 65536) % 65536;
  });
}

const streamBit = (s: Stream): number => 1 << STREAMS.indexOf(s);
const maskOf = (streams: readonly Stream[]): number => streams.reduce((m, s) => m | streamBit(s), 0);

/** Why a bin can never be served, or null when some vehicle might serve it. */
function unservable(bin: Bin, r: ResolvedProblem): PlanUnassignedJson | null {
  const p = r.problem;
  const size = r.matrix.size;
  const known = r.unreachableBins?.get(bin.id);
  if (known !== undefined) return { binId: bin.id, reason: 'unreachable', detail: known };
  const loc = r.loc.bins.get(bin.id);
  const reachable = (v: Vehicle): boolean => {
    const d = r.loc.depots.get(v.startDepotId);
    return loc !== undefined && d !== undefined && Number.isFinite(r.matrix.durations[d * size + loc] ?? Infinity) && Number.isFinite(r.matrix.durations[loc * size + d] ?? Infinity);
  };
  if (!p.vehicles.some(reachable)) return { binId: bin.id, reason: 'unreachable', detail: 'no drivable path from a depot and back' };
  const compatible = p.vehicles.filter((v) => v.streams.includes(bin.stream));
  if (compatible.length === 0) return { binId: bin.id, reason: 'no_compatible_vehicle', detail: `no vehicle carries ${bin.stream}` };
  const big = compatible.filter((v) => v.capacityLitres >= bin.demandLitres && v.capacityKg >= bin.demandKg && (v.dailyCapacityKg ?? Infinity) >= bin.demandKg);
  if (big.length === 0) {
    const maxL = Math.max(...compatible.map((v) => v.capacityLitres));
    const maxK = Math.max(...compatible.map((v) => Math.min(v.capacityKg, v.dailyCapacityKg ?? Infinity)));
    return { binId: bin.id, reason: 'capacity', detail: `needs ${bin.demandLitres} L / ${bin.demandKg} kg; the largest ${bin.stream} truck takes ${maxL} L / ${maxK} kg` };
  }
  if (bin.timeWindows && bin.timeWindows.length > 0) {
    const fits = big.some((v) => bin.timeWindows?.some((w) => w.closeSec >= v.shiftStartSec && w.openSec <= v.shiftEndSec));
    if (!fits) return { binId: bin.id, reason: 'time_window', detail: 'its windows do not meet any compatible shift' };
  }
  return null;
}

/** Builds the search model of a resolved problem. */
export function buildDayModel(resolved: ResolvedProblem): DayModel {
  const p = resolved.problem;
  const size = resolved.matrix.size;
  const done = new Set(p.fixedPrefixes.flatMap((f) => f.doneBinIds));
  const excluded: PlanUnassignedJson[] = [];
  const bins: Bin[] = [];
  for (const b of p.bins) {
    if (done.has(b.id)) continue;
    const why = unservable(b, resolved);
    if (why) excluded.push(why);
    else bins.push(b);
  }
  const hierarchical = p.objective.type === 'hierarchical';
  const sites: SiteSpec[] = p.disposalSites.map((s, index) => ({
    index,
    id: s.id,
    loc: resolved.loc.disposalSites.get(s.id) ?? 0,
    ready: Math.min(...s.timeWindows.map((w) => w.openSec)),
    due: Math.max(...s.timeWindows.map((w) => w.closeSec)),
    unloadSec: s.unloadingSec,
    mask: maskOf(s.streams),
  }));
  const binsById = new Map(p.bins.map((b) => [b.id, b]));

  // Disposal visits needed at most: every compatible bin's load, plus slack; none for a vehicle
  // that never needs a second load (everything it may carry fits in one, or its daily tonnage
  // fits in one load and no bin fills the body faster in litres than in kilograms).
  const nRoutes = p.vehicles.length;
  const disposalCount = p.vehicles.map((v) => {
    const m = maskOf(v.streams);
    let l = 0;
    let k = 0;
    let litresFirst = false;
    for (const b of bins) {
      if (!(m & streamBit(b.stream))) continue;
      l += b.demandLitres;
      k += b.demandKg;
      if (b.demandLitres * v.capacityKg > b.demandKg * v.capacityLitres) litresFirst = true;
    }
    const prefix = p.fixedPrefixes.find((f) => f.vehicleId === v.id);
    const startLoaded = prefix !== undefined && (prefix.loadLitres > 0 || prefix.loadKg > 0);
    const oneLoad = (l <= v.capacityLitres && k <= v.capacityKg) || ((v.dailyCapacityKg ?? Infinity) <= v.capacityKg && !litresFirst);
    if (oneLoad && !startLoaded) return 0;
    const trips = Math.max(l / v.capacityLitres, k / v.capacityKg);
    return Math.min(Math.ceil(trips) + 2, 2 + Math.ceil(bins.length / 2));
  });
  const breakCount = p.vehicles.map((v) => v.breaks.length);
  const nBins = bins.length;
  const firstDisposal = nBins;
  const firstBreak = firstDisposal + disposalCount.reduce((a, b) => a + b, 0);
  const firstStart = firstBreak + breakCount.reduce((a, b) => a + b, 0);
  const firstEnd = firstStart + nRoutes;
  const nNodes = firstEnd + nRoutes;

  const kind = new Uint8Array(nNodes);
  const loc = new Int32Array(nNodes).fill(-1);
  const ready = new Float64Array(nNodes);
  const due = new Float64Array(nNodes).fill(Number.MAX_SAFE_INTEGER);
  const service = new Float64Array(nNodes);
  const demL = new Float64Array(nNodes);
  const demK = new Float64Array(nNodes);
  const mask = new Int32Array(nNodes);
  const prize = new Float64Array(nNodes).fill(-1);
  const pinRoute = new Int32Array(nNodes).fill(-1);
  const locked = new Uint8Array(nNodes);
  const siteOf = new Int32Array(nNodes).fill(-1);
  const binNode = new Map<string, number>();
  const windows = new Map<number, { openSec: number; closeSec: number }[]>();

  bins.forEach((b, i) => {
    binNode.set(b.id, i);
    kind[i] = BIN;
    loc[i] = resolved.loc.bins.get(b.id) ?? 0;
    const w = b.timeWindows;
    if (w && w.length > 0) {
      const sorted = [...w].sort((a, b) => a.openSec - b.openSec);
      // the widest window until the search picks one (see Routes.pickWindows)
      const widest = sorted.reduce((a, b) => (b.closeSec - b.openSec > a.closeSec - a.openSec ? b : a));
      ready[i] = widest.openSec;
      due[i] = widest.closeSec;
      if (sorted.length > 1) windows.set(i, sorted);
    }
    service[i] = b.serviceSec;
    demL[i] = b.demandLitres;
    demK[i] = b.demandKg;
    mask[i] = streamBit(b.stream);
    if (!b.mandatory) prize[i] = b.prize ?? 0;
  });
  const lockOf = new Map<string, number>();
  const closedRoutes = new Set<number>();
  p.locks.forEach((l) => {
    const r = p.vehicles.findIndex((v) => v.id === l.vehicleId);
    if (r < 0) return;
    if (l.wholeRoute) closedRoutes.add(r);
    for (const id of l.binIds) lockOf.set(id, r);
  });
  for (const [id, r] of lockOf) {
    const n = binNode.get(id);
    if (n === undefined) continue;
    pinRoute[n] = r;
    locked[n] = 1;
  }

  const routes: RouteSpec[] = [];
  let nextDisposal = firstDisposal;
  let nextBreak = firstBreak;
  let perSecSum = 0;
  p.vehicles.forEach((v, r) => {
    const prefix = p.fixedPrefixes.find((f) => f.vehicleId === v.id);
    const depot = p.depots.find((d) => d.id === v.startDepotId);
    const endDepot = p.depots.find((d) => d.id === v.endDepotId);
    const startSec = prefix ? prefix.atSec : Math.max(v.shiftStartSec, depot?.openSec ?? 0);
    const accept = maskOf(v.streams);
    let allowed = sites.filter((s) => (s.mask & accept) === accept).map((s) => s.index);
    if (allowed.length === 0) allowed = sites.map((s) => s.index);
    // disposal visits sized to this vehicle's loads; any route may use any of them
    for (let k = 0; k < (disposalCount[r] ?? 0); k++) kind[nextDisposal++] = DISPOSAL;
    const breakNodes: number[] = [];
    for (const b of v.breaks) {
      const n = nextBreak++;
      kind[n] = BREAK;
      ready[n] = b.earliestStartSec;
      due[n] = b.latestStartSec;
      service[n] = b.durationSec;
      pinRoute[n] = r;
      breakNodes.push(n);
    }
    const startNode = firstStart + r;
    const endNode = firstEnd + r;
    const startLoc = prefix ? resolved.loc.prefixes.get(v.id) ?? 0 : resolved.loc.depots.get(v.startDepotId) ?? 0;
    const endLoc = resolved.loc.depots.get(v.endDepotId) ?? 0;
    kind[startNode] = START;
    loc[startNode] = startLoc;
    ready[startNode] = startSec;
    due[startNode] = startSec;
    kind[endNode] = END;
    loc[endNode] = endLoc;
    const endDue = Math.min(v.shiftEndSec, endDepot?.closeSec ?? Infinity);
    due[endNode] = endDue;
    pinRoute[startNode] = r;
    pinRoute[endNode] = r;
    const perM = hierarchical ? 0 : v.costs.perKm / 1000;
    const perSec = hierarchical ? 1 : v.costs.perHour / 3600;
    perSecSum += perSec + perM * 8;
    const doneIds = prefix?.doneBinIds ?? [];
    routes.push({
      vehicle: v,
      index: r,
      startLoc,
      startSec,
      startLoadL: prefix?.loadLitres ?? 0,
      startLoadK: prefix?.loadKg ?? 0,
      doneBins: doneIds.length,
      doneKg: doneIds.reduce((a, id) => a + (binsById.get(id)?.demandKg ?? 0), 0),
      hasPrefix: prefix !== undefined,
      endLoc,
      endDue,
      maxWorkingSec: v.maxWorkingSec ?? Infinity,
      capL: v.capacityLitres,
      capK: v.capacityKg,
      dailyK: v.dailyCapacityKg ?? Infinity,
      maxStops: v.maxStops ?? Infinity,
      acceptMask: accept,
      sites: allowed,
      closed: closedRoutes.has(r),
      fixedCost: hierarchical ? HIERARCHICAL_VEHICLE_COST : v.costs.fixed,
      perM,
      perSec,
      breakNodes,
    });
  });
  const costPerSec = perSecSum / Math.max(1, nRoutes) || 1;
  const anyBreak = firstStart > firstBreak;
  let timed = anyBreak || windows.size > 0 || bins.some((b) => (b.timeWindows?.length ?? 0) > 0 || b.serviceSec > 0) || sites.some((s) => s.unloadSec > 0);
  for (let i = 0; !timed && i < resolved.matrix.durations.length; i++) if ((resolved.matrix.durations[i] ?? 0) !== 0) timed = true;
  for (const r of routes) if (r.startSec > r.endDue || r.maxWorkingSec < 0 || sites.some((s) => s.ready > r.startSec || s.due < r.startSec)) timed = true;
  const trips = anyBreak || firstBreak > firstDisposal || routes.some((r) => r.startLoadL > 0 || r.startLoadK > 0);
  const binMask = bins.reduce((a, b) => a | streamBit(b.stream), 0);
  const lean = !trips && lockOf.size === 0 && closedRoutes.size === 0 && routes.every((r) => !r.hasPrefix && (binMask & ~r.acceptMask) === 0);
  return {
    resolved,
    size,
    durations: resolved.matrix.durations,
    distances: resolved.matrix.distances,
    nBins,
    nNodes,
    nRoutes,
    kind,
    loc,
    ready,
    due,
    service,
    demL,
    demK,
    mask,
    prize,
    pinRoute,
    locked,
    siteOf,
    sites,
    routes,
    bins,
    windows,
    binNode,
    excluded,
    firstDisposal,
    firstBreak,
    firstStart,
    firstEnd,
    hierarchical,
    costPerSec,
    timed,
    trips,
    lean,
    angle: polarAngles(p, bins),
  };
}

/** Binds disposal node `n` to site `s` (its place, hours and unloading time). */
export function setSite(m: DayModel, n: number, s: number): void {
  const site = m.sites[s];
  if (!site) return;
  m.siteOf[n] = s;
  m.loc[n] = site.loc;
  m.ready[n] = site.ready;
  m.due[n] = site.due;
  m.service[n] = site.unloadSec;
  m.mask[n] = site.mask;
}

/**
 * What makes two vehicles interchangeable: the same places, hours, start load, capacities,
 * limits, streams, sites, costs and breaks (a tour can then be split over either, a pooled route
 * driven by either).
 */
export function vehicleKey(m: DayModel, r: RouteSpec): string {
  const breaks = r.breakNodes.map((b) => `${m.ready[b]}-${m.due[b]}-${m.service[b]}`).join(';');
  return [r.startLoc, r.startSec, r.startLoadL, r.startLoadK, r.endLoc, r.endDue, r.maxWorkingSec, r.capL, r.capK, r.dailyK, r.maxStops, r.acceptMask, r.sites.join(','), r.fixedCost, r.perM, r.perSec, breaks].join('|');
}
