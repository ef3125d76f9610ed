/**
 * Builds one vehicle's day in the plan format step by step, computing clock times, loads and
 * driving from the resolved matrix, so that every producer of day plans (baseline, search) writes
 * the same, checker-clean numbers. It enforces nothing: callers decide feasibility first (see
 * {@link DayRouteBuilder.peek}); `checkDayPlan` verifies the result independently.
 */
import type { ProblemJson } from './problem-json.js';
import { CURRENT_POSITION_ID, type PlanJson, type PlanRouteJson, type PlanStepJson, type PlanUnassignedJson } from './plan-json.js';
import type { ResolvedProblem } from './resolve-problem.js';
import type { Stream } from './types.js';

type Vehicle = ProblemJson['vehicles'][number];
type Bin = ProblemJson['bins'][number];
type Site = ProblemJson['disposalSites'][number];
type Window = { openSec: number; closeSec: number };

/** Where and when a visit would start and end, without changing the route. */
export interface VisitPreview {
  readonly arrivalSec: number;
  /** Start of service (after any wait for a window), or null when every window has closed. */
  readonly startSec: number | null;
  readonly departureSec: number;
  readonly drivingSec: number;
  readonly distanceM: number;
}

/** Earliest service start at or after `arrival` within `windows` (none: any time); null if all closed. */
export function earliestStart(arrival: number, windows: readonly Window[] | undefined): number | null {
  if (!windows || windows.length === 0) return arrival;
  let best: number | null = null;
  for (const w of windows) {
    if (arrival > w.closeSec) continue;
    const s = Math.max(arrival, w.openSec);
    if (best === null || s < best) best = s;
  }
  return best;
}

/** One vehicle's day under construction. */
export class DayRouteBuilder {
  readonly steps: PlanStepJson[] = [];
  /** Matrix index of the last located step (breaks happen where the truck stands). */
  private at: number;
  private clock: number;
  private litres: number;
  private kg: number;
  /** Streams of the bins on board since the last unloading. */
  private readonly onBoard = new Set<Stream>();
  private binSteps = 0;
  private collectedKgToday = 0;

  /**
   * @param resolved the problem and its matrix.
   * @param vehicle the vehicle driving this day.
   * @param start where and when the day starts: the start depot at shift start, or a fixed prefix's position.
   */
  constructor(
    private readonly resolved: ResolvedProblem,
    readonly vehicle: Vehicle,
    start: { id: string; locationIndex: number; atSec: number; loadLitres: number; loadKg: number; streams: readonly Stream[]; doneBins: number; doneKg: number },
  ) {
    this.at = start.locationIndex;
    this.clock = start.atSec;
    this.litres = start.loadLitres;
    this.kg = start.loadKg;
    for (const s of start.streams) this.onBoard.add(s);
    this.binSteps = start.doneBins;
    this.collectedKgToday = start.doneKg;
    this.steps.push({
      type: 'start',
      id: start.id,
      locationIndex: start.locationIndex,
      arrivalSec: start.atSec,
      startSec: start.atSec,
      departureSec: start.atSec,
      loadLitres: start.loadLitres,
      loadKg: start.loadKg,
      distanceFromPrevM: 0,
      drivingFromPrevSec: 0,
    });
  }

  /**
   * A builder positioned at the vehicle's start: its start depot at max(shift start, depot
   * opening), or the current position, clock and load of its fixed prefix (the load's streams
   * are those of the bins already collected).
   */
  static atStart(resolved: ResolvedProblem, vehicle: Vehicle): DayRouteBuilder {
    const p = resolved.problem;
    const prefix = p.fixedPrefixes.find((f) => f.vehicleId === vehicle.id);
    const depot = p.depots.find((d) => d.id === vehicle.startDepotId);
    const depotLoc = resolved.loc.depots.get(vehicle.startDepotId) ?? 0;
    if (!prefix) {
      return new DayRouteBuilder(resolved, vehicle, {
        id: vehicle.startDepotId,
        locationIndex: depotLoc,
        atSec: Math.max(vehicle.shiftStartSec, depot?.openSec ?? 0),
        loadLitres: 0,
        loadKg: 0,
        streams: [],
        doneBins: 0,
        doneKg: 0,
      });
    }
    const binsById = new Map(p.bins.map((b) => [b.id, b]));
    const streams: Stream[] = [];
    for (const id of prefix.doneBinIds) {
      const b = binsById.get(id);
      if (b) streams.push(b.stream);
    }
    return new DayRouteBuilder(resolved, vehicle, {
      id: CURRENT_POSITION_ID,
      locationIndex: resolved.loc.prefixes.get(vehicle.id) ?? depotLoc,
      atSec: prefix.atSec,
      loadLitres: prefix.loadLitres,
      loadKg: prefix.loadKg,
      streams: prefix.loadLitres > 0 || prefix.loadKg > 0 ? streams : [],
      doneBins: prefix.doneBinIds.length,
      doneKg: prefix.doneBinIds.reduce((a, id) => a + (binsById.get(id)?.demandKg ?? 0), 0),
    });
  }

  /** Current clock (departure of the last step), seconds since midnight. */
  get nowSec(): number {
    return this.clock;
  }
  /** Matrix index of the truck. */
  get locationIndex(): number {
    return this.at;
  }
  get loadLitres(): number {
    return this.litres;
  }
  get loadKg(): number {
    return this.kg;
  }
  get streamsOnBoard(): ReadonlySet<Stream> {
    return this.onBoard;
  }
  /** Bin steps so far today, fixed prefix included. */
  get binCount(): number {
    return this.binSteps;
  }
  /** Kilograms collected so far today, fixed prefix included. */
  get collectedKg(): number {
    return this.collectedKgToday;
  }

  /** Driving seconds from `from` to `to` (Infinity when unreachable). */
  durationSec(from: number, to: number): number {
    return this.resolved.matrix.durations[from * this.resolved.matrix.size + to] ?? Infinity;
  }
  /** Driving metres from `from` to `to`. */
  distanceM(from: number, to: number): number {
    return this.resolved.matrix.distances[from * this.resolved.matrix.size + to] ?? Infinity;
  }

  /** Times of a visit to `locationIndex` from the current position at the current clock. */
  peek(locationIndex: number, windows: readonly Window[] | undefined, serviceSec: number, fromSec = this.clock, from = this.at): VisitPreview {
    const drivingSec = this.durationSec(from, locationIndex);
    const arrivalSec = fromSec + drivingSec;
    const startSec = earliestStart(arrivalSec, windows);
    return { arrivalSec, startSec, departureSec: (startSec ?? arrivalSec) + serviceSec, drivingSec, distanceM: this.distanceM(from, locationIndex) };
  }

  private pushVisit(type: 'bin' | 'disposal' | 'end', id: string, locationIndex: number, preview: VisitPreview): void {
    if (preview.startSec === null) throw new RangeError(`${type} ${id}: every time window has closed at ${preview.arrivalSec}`);
    this.steps.push({
      type,
      id,
      locationIndex,
      arrivalSec: preview.arrivalSec,
      startSec: preview.startSec,
      departureSec: preview.departureSec,
      loadLitres: this.litres,
      loadKg: this.kg,
      distanceFromPrevM: preview.distanceM,
      drivingFromPrevSec: preview.drivingSec,
    });
    this.at = locationIndex;
    this.clock = preview.departureSec;
  }

  /** Drives to `bin` and loads it (waiting for its window if needed). */
  visitBin(bin: Bin): void {
    const loc = this.resolved.loc.bins.get(bin.id);
    if (loc === undefined) throw new RangeError(`bin ${bin.id} has no location`);
    const preview = this.peek(loc, bin.timeWindows, bin.serviceSec);
    this.litres += bin.demandLitres;
    this.kg += bin.demandKg;
    this.onBoard.add(bin.stream);
    this.binSteps += 1;
    this.collectedKgToday += bin.demandKg;
    this.pushVisit('bin', bin.id, loc, preview);
  }

  /** Drives to `site` and unloads everything. */
  visitDisposal(site: Site): void {
    const loc = this.resolved.loc.disposalSites.get(site.id);
    if (loc === undefined) throw new RangeError(`disposal site ${site.id} has no location`);
    const preview = this.peek(loc, site.timeWindows, site.unloadingSec);
    this.litres = 0;
    this.kg = 0;
    this.onBoard.clear();
    this.pushVisit('disposal', site.id, loc, preview);
  }

  /** Takes a break where the truck stands, starting at `startSec` (default now; later means waiting first). */
  takeBreak(durationSec: number, startSec = this.clock): void {
    if (startSec < this.clock) throw new RangeError(`break at ${startSec} before the truck is free at ${this.clock}`);
    this.steps.push({
      type: 'break',
      arrivalSec: this.clock,
      startSec,
      departureSec: startSec + durationSec,
      loadLitres: this.litres,
      loadKg: this.kg,
      distanceFromPrevM: 0,
      drivingFromPrevSec: 0,
    });
    this.clock = startSec + durationSec;
  }

  /** Drives to the end depot and closes the day; returns the route with its totals and cost. */
  finish(): PlanRouteJson {
    const depotId = this.vehicle.endDepotId;
    const loc = this.resolved.loc.depots.get(depotId);
    if (loc === undefined) throw new RangeError(`depot ${depotId} has no location`);
    const preview = this.peek(loc, undefined, 0);
    this.pushVisit('end', depotId, loc, preview);
    return summariseRoute(this.vehicle, this.steps, this.resolved.problem);
  }
}

/**
 * Totals, cost and CO2 of a finished route (cost = fixed + perKm × km + perHour × working hours).
 * Exported for producers that assemble steps themselves.
 */
export function summariseRoute(vehicle: Vehicle, steps: readonly PlanStepJson[], problem: ProblemJson): PlanRouteJson {
  const binsById = new Map(problem.bins.map((b) => [b.id, b]));
  let distanceM = 0;
  let drivingSec = 0;
  let binCount = 0;
  let disposalTrips = 0;
  let collectedLitres = 0;
  let collectedKg = 0;
  for (const s of steps) {
    distanceM += s.distanceFromPrevM;
    drivingSec += s.drivingFromPrevSec;
    if (s.type === 'bin') {
      binCount += 1;
      const b = s.id === undefined ? undefined : binsById.get(s.id);
      collectedLitres += b?.demandLitres ?? 0;
      collectedKg += b?.demandKg ?? 0;
    } else if (s.type === 'disposal') disposalTrips += 1;
  }
  const first = steps[0];
  const last = steps[steps.length - 1];
  const workingSec = first && last ? last.arrivalSec - first.departureSec : 0;
  const km = distanceM / 1000;
  const cost = vehicle.costs.fixed + vehicle.costs.perKm * km + (vehicle.costs.perHour * workingSec) / 3600;
  return {
    vehicleId: vehicle.id,
    steps: [...steps],
    distanceM,
    drivingSec,
    workingSec,
    binCount,
    disposalTrips,
    collectedLitres,
    collectedKg,
    cost,
    co2Kg: km * vehicle.co2KgPerKm,
  };
}

/**
 * A day plan from its routes and the bins left out, with the totals summed from the routes (the
 * checker recomputes them independently).
 */
export function assembleDayPlan(routes: readonly PlanRouteJson[], unassigned: readonly PlanUnassignedJson[], problemName?: string): PlanJson {
  const sum = (f: (r: PlanRouteJson) => number): number => routes.reduce((a, r) => a + f(r), 0);
  return {
    version: 1,
    ...(problemName ? { problemName } : {}),
    routes: [...routes],
    unassigned: [...unassigned],
    totals: {
      distanceM: sum((r) => r.distanceM),
      drivingSec: sum((r) => r.drivingSec),
      workingSec: sum((r) => r.workingSec),
      vehiclesUsed: routes.length,
      binsServed: sum((r) => r.binCount),
      unassigned: unassigned.length,
      cost: sum((r) => r.cost),
      co2Kg: sum((r) => r.co2Kg),
    },
  };
}
