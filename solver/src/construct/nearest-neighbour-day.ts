/**
 * The simple baseline for collection days: nearest-neighbour rounds (Rosenkrantz, Stearns &
 * Lewis 1977) that drive to the nearest open disposal site accepting the load when the truck is
 * full, take the break as soon as its window opens, and go home empty. Vehicles are filled one
 * after the other, in input order. Optional bins are never taken (`not_worth_collecting`).
 *
 * This is what a planner does by hand; the benchmark reports the search's gain over it.
 * Deterministic: ties are broken by the order of the problem's bins.
 */
import { assembleDayPlan, DayRouteBuilder } from '../model/day-route-builder.js';
import type { PlanJson, PlanRouteJson, PlanUnassignedJson } from '../model/plan-json.js';
import type { ProblemJson } from '../model/problem-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import type { Stream } from '../model/types.js';

type Vehicle = ProblemJson['vehicles'][number];
type Bin = ProblemJson['bins'][number];
type Site = ProblemJson['disposalSites'][number];

/** Why each mandatory bin left over could not be served, from the most specific cause. */
function reasonFor(bin: Bin, resolved: ResolvedProblem): PlanUnassignedJson {
  const p = resolved.problem;
  const loc = resolved.loc.bins.get(bin.id);
  const size = resolved.matrix.size;
  const compatible = p.vehicles.filter((v) => v.streams.includes(bin.stream));
  const known = resolved.unreachableBins?.get(bin.id);
  if (known !== undefined) return { binId: bin.id, reason: 'unreachable', detail: known };
  if (loc === undefined || p.depots.every((d) => {
    const dl = resolved.loc.depots.get(d.id);
    return dl === undefined || !Number.isFinite(resolved.matrix.durations[dl * size + loc] ?? Infinity);
  })) {
    return { binId: bin.id, reason: 'unreachable', detail: 'no drivable path from a depot' };
  }
  if (compatible.length === 0) return { binId: bin.id, reason: 'no_compatible_vehicle', detail: `no vehicle carries ${bin.stream}` };
  const big = compatible.filter((v) => v.capacityLitres >= bin.demandLitres && v.capacityKg >= bin.demandKg);
  if (big.length === 0) {
    const maxL = Math.max(...compatible.map((v) => v.capacityLitres));
    return { binId: bin.id, reason: 'capacity', detail: `needs ${bin.demandLitres} L / ${bin.demandKg} kg; the largest ${bin.stream} truck takes ${maxL} L` };
  }
  if (bin.timeWindows && bin.timeWindows.length > 0) {
    const latestClose = Math.max(...bin.timeWindows.map((w) => w.closeSec));
    const earliestShift = Math.min(...big.map((v) => v.shiftStartSec));
    const earliestOpen = Math.min(...bin.timeWindows.map((w) => w.openSec));
    const latestShiftEnd = Math.max(...big.map((v) => v.shiftEndSec));
    if (latestClose < earliestShift || earliestOpen > latestShiftEnd) {
      return { binId: bin.id, reason: 'time_window', detail: `its windows do not meet any compatible shift` };
    }
  }
  return { binId: bin.id, reason: 'shift_too_short', detail: 'no compatible truck had time left in its shift (nearest-neighbour baseline)' };
}

/** Day plan of the nearest-neighbour baseline. */
export function nearestNeighbourDay(resolved: ResolvedProblem): PlanJson {
  const p = resolved.problem;
  const done = new Set<string>(p.fixedPrefixes.flatMap((f) => f.doneBinIds));
  const lockedTo = new Map<string, string>();
  for (const l of p.locks) for (const id of l.binIds) lockedTo.set(id, l.vehicleId);
  const open = new Set(p.bins.filter((b) => b.mandatory && !done.has(b.id)).map((b) => b.id));
  const binsById = new Map(p.bins.map((b) => [b.id, b]));
  const routes: PlanRouteJson[] = [];

  for (const vehicle of p.vehicles) {
    const route = driveVehicle(resolved, vehicle, open, binsById, lockedTo);
    if (route) routes.push(route);
  }

  const unassigned: PlanUnassignedJson[] = [];
  for (const b of p.bins) {
    if (done.has(b.id)) continue;
    if (!b.mandatory) {
      if (!routes.some((r) => r.steps.some((s) => s.type === 'bin' && s.id === b.id))) {
        const cutOff = resolved.unreachableBins?.get(b.id);
        unassigned.push(
          cutOff !== undefined
            ? { binId: b.id, reason: 'unreachable', detail: cutOff }
            : { binId: b.id, reason: 'not_worth_collecting', detail: 'optional bin; the baseline takes mandatory bins only' },
        );
      }
    } else if (open.has(b.id)) unassigned.push(reasonFor(b, resolved));
  }
  return assembleDayPlan(routes, unassigned, p.name);
}

/** Fills one vehicle's day greedily; returns null when it serves nothing and has no fixed prefix. */
function driveVehicle(
  resolved: ResolvedProblem,
  vehicle: Vehicle,
  open: Set<string>,
  binsById: ReadonlyMap<string, Bin>,
  lockedTo: ReadonlyMap<string, string>,
): PlanRouteJson | null {
  const p = resolved.problem;
  const prefix = p.fixedPrefixes.find((f) => f.vehicleId === vehicle.id);
  const depot = p.depots.find((d) => d.id === vehicle.startDepotId);
  const depotLoc = resolved.loc.depots.get(vehicle.startDepotId);
  if (!depot || depotLoc === undefined) return null;
  const builder = DayRouteBuilder.atStart(resolved, vehicle);
  const endDepot = p.depots.find((d) => d.id === vehicle.endDepotId);
  const endLoc = resolved.loc.depots.get(vehicle.endDepotId);
  if (!endDepot || endLoc === undefined) return null;
  const dayEnd = Math.min(vehicle.shiftEndSec, endDepot.closeSec);
  const dayStart = builder.nowSec;
  const breaks = [...vehicle.breaks];
  const doneIds = new Set(prefix?.doneBinIds ?? []);
  const lockedSeq = p.locks.filter((l) => l.vehicleId === vehicle.id).flatMap((l) => l.binIds).filter((id) => !doneIds.has(id));
  const wholeRoute = p.locks.some((l) => l.vehicleId === vehicle.id && l.wholeRoute);

  /** Breaks still to take whose window has opened. */
  const breakDue = (): void => {
    const next = breaks[0];
    if (next && builder.nowSec >= next.earliestStartSec && builder.nowSec <= next.latestStartSec) {
      builder.takeBreak(next.durationSec);
      breaks.shift();
    }
  };
  /**
   * When the next step would end after the owed break's latest start, takes the break now (waiting
   * for its window to open if needed). Returns whether a break was taken.
   */
  const takeOwedBreakBefore = (nextEndSec: number): boolean => {
    const next = breaks[0];
    if (!next || nextEndSec <= next.latestStartSec) return false;
    const at = Math.max(builder.nowSec, next.earliestStartSec);
    if (at > next.latestStartSec) return false;
    builder.takeBreak(next.durationSec, at);
    breaks.shift();
    return true;
  };
  /** Seconds of breaks still owed if the day runs until `untilSec`. */
  const owedBreaks = (untilSec: number): number => breaks.filter((b) => untilSec > b.latestStartSec).reduce((a, b) => a + b.durationSec, 0);

  /** Nearest site open on arrival that accepts `streams`, from `from` at `atSec`; null when none. */
  const bestSite = (from: number, atSec: number, streams: ReadonlySet<Stream>): { site: Site; departureSec: number; loc: number } | null => {
    let best: { site: Site; departureSec: number; loc: number } | null = null;
    for (const site of p.disposalSites) {
      if ([...streams].some((s) => !site.streams.includes(s))) continue;
      const loc = resolved.loc.disposalSites.get(site.id);
      if (loc === undefined) continue;
      const v = builder.peek(loc, site.timeWindows, site.unloadingSec, atSec, from);
      if (v.startSec === null || !Number.isFinite(v.arrivalSec)) continue;
      if (!best || v.departureSec < best.departureSec) best = { site, departureSec: v.departureSec, loc };
    }
    return best;
  };
  /** Can the truck, standing at `from` at `atSec` with `streams` on board (empty: none), still get home in time? */
  const canGoHome = (from: number, atSec: number, streams: ReadonlySet<Stream>, loaded: boolean): boolean => {
    let t = atSec;
    let at = from;
    if (loaded) {
      const site = bestSite(from, atSec, streams);
      if (!site) return false;
      t = site.departureSec;
      at = site.loc;
    }
    const home = t + builder.durationSec(at, endLoc);
    const total = home + owedBreaks(home);
    return total <= dayEnd && (vehicle.maxWorkingSec === undefined || total - dayStart <= vehicle.maxWorkingSec);
  };

  /** Plan a visit to `bin` now, unloading first if it would not fit; null when infeasible. */
  const tryBin = (bin: Bin): { viaSite: Site | null; firstDepartureSec: number; arrivalCost: number } | null => {
    if (!vehicle.streams.includes(bin.stream)) return null;
    if (bin.demandLitres > vehicle.capacityLitres || bin.demandKg > vehicle.capacityKg) return null;
    if (vehicle.maxStops !== undefined && builder.binCount + 1 > vehicle.maxStops) return null;
    if (vehicle.dailyCapacityKg !== undefined && builder.collectedKg + bin.demandKg > vehicle.dailyCapacityKg) return null;
    const loc = resolved.loc.bins.get(bin.id);
    if (loc === undefined) return null;
    let from = builder.locationIndex;
    let t = builder.nowSec;
    let viaSite: Site | null = null;
    const fits = builder.loadLitres + bin.demandLitres <= vehicle.capacityLitres && builder.loadKg + bin.demandKg <= vehicle.capacityKg;
    if (!fits) {
      const site = bestSite(from, t, builder.streamsOnBoard);
      if (!site) return null;
      viaSite = site.site;
      from = site.loc;
      t = site.departureSec;
    }
    const v = builder.peek(loc, bin.timeWindows, bin.serviceSec, t, from);
    if (v.startSec === null || !Number.isFinite(v.arrivalSec)) return null;
    const streams = new Set(viaSite ? [] : builder.streamsOnBoard);
    streams.add(bin.stream);
    if (!canGoHome(loc, v.departureSec, streams, true)) return null;
    // Cost: time until service can start (waits count), so a far-off window is not taken first.
    return { viaSite, firstDepartureSec: viaSite ? t : v.departureSec, arrivalCost: (v.startSec ?? v.arrivalSec) - builder.nowSec };
  };

  for (;;) {
    breakDue();
    let chosen: { bin: Bin; viaSite: Site | null; firstDepartureSec: number; arrivalCost: number } | null = null;
    // Locked bins first, in their order; other vehicles' locked bins are never taken.
    const candidates = lockedSeq.length > 0 ? [lockedSeq[0] as string] : wholeRoute ? [] : [...open].filter((id) => !lockedTo.has(id));
    for (const id of candidates) {
      const bin = binsById.get(id);
      if (!bin) continue;
      const t = tryBin(bin);
      if (t && (!chosen || t.arrivalCost < chosen.arrivalCost)) chosen = { bin, ...t };
    }
    if (!chosen) break;
    // A break still owed must start before the next step would carry the day past its window.
    if (takeOwedBreakBefore(chosen.firstDepartureSec)) continue;
    if (chosen.viaSite) {
      builder.visitDisposal(chosen.viaSite);
      continue;
    }
    builder.visitBin(chosen.bin);
    open.delete(chosen.bin.id);
    if (lockedSeq[0] === chosen.bin.id) lockedSeq.shift();
  }

  if (builder.binCount === (prefix?.doneBinIds.length ?? 0) && !prefix) return null;
  if (builder.loadLitres > 0 || builder.loadKg > 0) {
    let site = bestSite(builder.locationIndex, builder.nowSec, builder.streamsOnBoard);
    // a break falling due while driving to, waiting at or unloading at the site comes first
    if (site && takeOwedBreakBefore(site.departureSec)) site = bestSite(builder.locationIndex, builder.nowSec, builder.streamsOnBoard);
    if (site) builder.visitDisposal(site.site);
  }
  breakDue();
  takeOwedBreakBefore(builder.nowSec + builder.durationSec(builder.locationIndex, endLoc));
  return builder.finish();
}
