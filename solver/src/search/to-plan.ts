/**
 * Turns the search's routes into the documented plan format with `DayRouteBuilder` (the same
 * clock, load and cost arithmetic as every other producer of day plans), and gives each bin left
 * out its reason.
 */
import { assembleDayPlan, DayRouteBuilder } from '../model/day-route-builder.js';
import type { PlanJson, PlanRouteJson, PlanUnassignedJson } from '../model/plan-json.js';
import type { ProblemJson } from '../model/problem-json.js';
import { BIN, BREAK, DISPOSAL, type DayModel } from './model.js';

/** Thrown by {@link buildRoute} when a bin (search node) can no longer be reached in any window. */
export class ClosedWindowError extends Error {
  constructor(readonly node: number) {
    super(`node ${node}: every window has closed`);
  }
}

/**
 * Drives one route's node sequence; null for a vehicle that serves nothing and has no prefix.
 * @throws ClosedWindowError naming the bin to take out when a bin's windows (or every site's
 *   hours) have closed by the time the truck gets there.
 */
export function buildRoute(m: DayModel, r: number, seq: readonly number[]): PlanRouteJson | null {
  const rs = m.routes[r];
  if (!rs) return null;
  if (!rs.hasPrefix && !seq.some((v) => m.kind[v] === BIN)) return null;
  const p = m.resolved.problem;
  const builder = DayRouteBuilder.atStart(m.resolved, rs.vehicle);
  let sinceUnload = rs.startLoadL > 0 || rs.startLoadK > 0;
  let lastBin = -1;
  for (const v of seq) {
    const k = m.kind[v];
    if (k === BIN) {
      const bin = m.bins[v];
      if (!bin) continue;
      if (builder.peek(m.loc[v] ?? 0, bin.timeWindows, bin.serviceSec).startSec === null) throw new ClosedWindowError(v);
      builder.visitBin(bin);
      sinceUnload = true;
      lastBin = v;
    } else if (k === DISPOSAL) {
      if (!sinceUnload) continue;
      // the chosen site, or another allowed one if it has closed by then
      const order = [m.siteOf[v] ?? 0, ...rs.sites.filter((x) => x !== m.siteOf[v])];
      const open = order.find((x) => {
        const site = p.disposalSites[x];
        return site !== undefined && builder.peek(m.sites[x]?.loc ?? 0, site.timeWindows, site.unloadingSec).startSec !== null;
      });
      const site = open === undefined ? undefined : p.disposalSites[open];
      if (!site) throw new ClosedWindowError(lastBin);
      builder.visitDisposal(site);
      sinceUnload = false;
    } else if (k === BREAK) {
      builder.takeBreak(m.service[v] ?? 0, Math.max(builder.nowSec, m.ready[v] ?? 0));
    }
  }
  if (builder.loadLitres > 0 || builder.loadKg > 0) {
    // final unloading: the allowed site, open on arrival, that gets the truck home first
    const endLoc = rs.endLoc;
    let best: { site: ProblemJson['disposalSites'][number]; home: number } | null = null;
    for (const s of rs.sites) {
      const site = p.disposalSites[s];
      const spec = m.sites[s];
      if (!site || !spec) continue;
      const v = builder.peek(spec.loc, site.timeWindows, site.unloadingSec);
      if (v.startSec === null) continue;
      const home = v.departureSec + builder.durationSec(spec.loc, endLoc);
      if (!best || home < best.home) best = { site, home };
    }
    if (!best) throw new ClosedWindowError(lastBin);
    builder.visitDisposal(best.site);
  }
  return builder.finish();
}

/** Reason for a bin the search left out. */
export function leftOutReason(m: DayModel, b: number): PlanUnassignedJson {
  const bin = m.bins[b];
  const id = bin?.id ?? String(b);
  if ((m.prize[b] ?? -1) >= 0) return { binId: id, reason: 'not_worth_collecting', detail: `optional; its prize ${m.prize[b] ?? 0} does not pay for the detour` };
  if (bin?.timeWindows && bin.timeWindows.length > 0) {
    return { binId: id, reason: 'time_window', detail: 'no compatible truck can reach it inside its windows with the rest of its round' };
  }
  return { binId: id, reason: 'shift_too_short', detail: 'no compatible truck has time (or daily capacity) left in its shift' };
}

/** Assembles the plan from routes and the bins left out (with their reasons). */
export function assemblePlan(m: DayModel, routes: readonly PlanRouteJson[], leftOut: readonly number[]): PlanJson {
  const unassigned: PlanUnassignedJson[] = [...m.excluded, ...leftOut.map((b) => leftOutReason(m, b))];
  return assembleDayPlan(routes, unassigned, m.resolved.problem.name);
}
