/**
 * Plans edited by hand, run in a compute worker thread (never on the event loop): the edits of a
 * manager applied to a stored plan and the touched rounds rebuilt on the plan's own travel matrix
 * with the solver's `DayRouteBuilder` (arrival times, loads, disposal visits where the truck is
 * full or as placed, the break, the way home), the whole plan re-checked by `checkDayPlan` with
 * the locks in force; and the re-optimisation of the rest of a plan around its locks (`solveDay`).
 *
 * Nothing is repaired: a bin on a truck of the wrong stream, a round past its shift, a broken lock
 * are kept as the manager made them and reported as violations. The resolved problem of each plan
 * is built once per thread from the stored problem document and kept (a few plans).
 */
import type { PlanEdit, PlanLock } from '../../contract/plan-edit.js';
import type { PlanResult, PlanRouteRow, PlanStepRow, PlanSummaryJson } from '../db/repositories/plans-repository.js';
import { localSecToIso } from '../services/local-time.js';
import {
  assembleDayPlan,
  checkDayPlan,
  DayRouteBuilder,
  parseProblemJson,
  resolveOnRoads,
  snapPoints,
  solveDay,
  type DayPlanViolation,
  type LngLat,
  type MasterSolver,
  type PlanJson,
  type PlanRouteJson,
  type PlanStepJson,
  type ProblemJson,
  type ResolvedProblem,
  type Snap,
} from '../solver.js';
import { lineAlong, MAX_SNAP_M, routeRow, stepRow, type PlanRoads } from './plan-pipeline.js';

type Vehicle = ProblemJson['vehicles'][number];
type Bin = ProblemJson['bins'][number];
type Site = ProblemJson['disposalSites'][number];
type Unassigned = PlanJson['unassigned'][number];

/** What the rows of an edited plan need besides the plan: vehicle names and the plan's counts. */
export interface EditMeta {
  readonly date: string;
  readonly timeZone: string;
  readonly vehicles: readonly { readonly id: string; readonly name: string; readonly streams: readonly string[]; readonly capacityLitres: number; readonly capacityKg: number }[];
  readonly binsSelected: number;
  readonly binsOptional: number | undefined;
}

/** Edits to apply to a plan version (`edits` may be empty: the version itself, checked). */
export interface EditTask {
  readonly kind: 'edit';
  readonly planId: string;
  /** The problem document the plan was solved on (JSON text). */
  readonly problem: string;
  readonly base: PlanJson;
  readonly locks: readonly PlanLock[];
  readonly edits: readonly PlanEdit[];
  readonly meta: EditMeta;
  /** Route geometry on the streets too (to store the version; evaluation skips it). */
  readonly geometry: boolean;
}

/** The rows a plan version is stored as. */
/** The rows an edit rewrites (the notice and the shortfall stay those of the solve). */
export type EditRows = Omit<PlanResult, 'notice' | 'problem' | 'noticeCode' | 'noticeParams' | 'shortfall'>;

/** Answer of an {@link EditTask}: the edits' problems (then nothing else), or the plan, its locks, violations and rows. */
export type EditOutcome =
  | { readonly ok: false; readonly issues: { path: string; message: string }[] }
  | { readonly ok: true; readonly plan: PlanJson; readonly locks: PlanLock[]; readonly violations: DayPlanViolation[]; readonly rows: EditRows };

/** Re-optimises the rest of a plan version around its locks. */
export interface ReoptimiseTask {
  readonly kind: 'reoptimise';
  readonly planId: string;
  readonly problem: string;
  readonly base: PlanJson;
  readonly locks: readonly PlanLock[];
  readonly seed: number;
  readonly iterations: number;
  readonly meta: EditMeta;
}

/** The proposed plan, checked, with its rows (no geometry) for the manager to compare. */
export interface ReoptimiseOutcome {
  readonly plan: PlanJson;
  readonly violations: DayPlanViolation[];
  readonly rows: EditRows;
}

const REMOVED_DETAIL = 'removed from its round by a manager';

/** Resolved problems by plan id (most recent last), per thread. */
const resolvedCache = new Map<string, { text: string; resolved: ResolvedProblem }>();
const RESOLVED_CACHE_SIZE = 4;

/** The resolved problem of a plan: its document on the road network, built once per thread. */
export function resolvedOf(planId: string, text: string, roads: PlanRoads): ResolvedProblem {
  const hit = resolvedCache.get(planId);
  if (hit && hit.text === text) {
    resolvedCache.delete(planId);
    resolvedCache.set(planId, hit);
    return hit.resolved;
  }
  const problem = parseProblemJson(JSON.parse(text) as unknown);
  const { resolved } = resolveOnRoads(problem, roads.net, MAX_SNAP_M, roads.engine);
  resolvedCache.set(planId, { text, resolved });
  while (resolvedCache.size > RESOLVED_CACHE_SIZE) resolvedCache.delete(resolvedCache.keys().next().value!);
  return resolved;
}

/** The problem with the locks in force (the checker and the search read `problem.locks`). */
export function withLocks(resolved: ResolvedProblem, locks: readonly PlanLock[]): ResolvedProblem {
  return { ...resolved, problem: { ...resolved.problem, locks: locks.map((l) => ({ vehicleId: l.vehicleId, binIds: [...l.binIds], wholeRoute: l.wholeRoute })) } };
}

type Item = { readonly type: 'bin' | 'disposal'; readonly id: string };

/** A plan as the manager edits it: per vehicle its stops in order, the bins left out, the rounds touched. */
interface Draft {
  readonly order: string[];
  readonly items: Map<string, Item[]>;
  readonly unassigned: Map<string, Unassigned>;
  readonly touched: Set<string>;
  readonly routes: Map<string, PlanRouteJson>;
  locks: PlanLock[];
}

function draftOf(base: PlanJson, locks: readonly PlanLock[]): Draft {
  const items = new Map<string, Item[]>();
  const routes = new Map<string, PlanRouteJson>();
  for (const r of base.routes) {
    routes.set(r.vehicleId, r);
    items.set(
      r.vehicleId,
      r.steps.flatMap((s) => ((s.type === 'bin' || s.type === 'disposal') && s.id !== undefined ? [{ type: s.type, id: s.id }] : [])),
    );
  }
  return {
    order: base.routes.map((r) => r.vehicleId),
    items,
    unassigned: new Map(base.unassigned.map((u) => [u.binId, u])),
    touched: new Set(),
    routes,
    locks: locks.map((l) => ({ ...l, binIds: [...l.binIds] })),
  };
}

/** Where a bin is routed: vehicle and position among its stops. */
function findBin(d: Draft, binId: string): { vehicleId: string; index: number } | null {
  for (const [vehicleId, list] of d.items) {
    const index = list.findIndex((i) => i.type === 'bin' && i.id === binId);
    if (index >= 0) return { vehicleId, index };
  }
  return null;
}

function takeOut(d: Draft, binId: string): void {
  const at = findBin(d, binId);
  if (at) {
    d.items.get(at.vehicleId)!.splice(at.index, 1);
    d.touched.add(at.vehicleId);
  }
  d.unassigned.delete(binId);
}

function putIn(d: Draft, binId: string, vehicleId: string, index: number | undefined): void {
  let list = d.items.get(vehicleId);
  if (!list) {
    list = [];
    d.items.set(vehicleId, list);
    d.order.push(vehicleId);
  }
  list.splice(Math.min(index ?? list.length, list.length), 0, { type: 'bin', id: binId });
  d.touched.add(vehicleId);
}

/** Takes `binIds` out of every lock (locks left empty go). */
function unlockBins(d: Draft, binIds: ReadonlySet<string>): void {
  d.locks = d.locks.map((l) => ({ ...l, binIds: l.binIds.filter((b) => !binIds.has(b)) })).filter((l) => l.binIds.length > 0);
}

/**
 * Applies `edits` in order. @returns the problems of edits naming unknown bins or vehicles, or a
 * bin where the edit cannot take it (each with its path `edits[i].field`), else none.
 */
function applyEdits(d: Draft, problem: ProblemJson, edits: readonly PlanEdit[]): { path: string; message: string }[] {
  const bins = new Set(problem.bins.map((b) => b.id));
  const vehicles = new Set(problem.vehicles.map((v) => v.id));
  const issues: { path: string; message: string }[] = [];
  const binOk = (i: number, field: string, id: string): boolean => {
    if (bins.has(id)) return true;
    issues.push({ path: `edits[${i}].${field}`, message: `bin '${id}' is not in this plan's problem` });
    return false;
  };
  const vehicleOk = (i: number, field: string, id: string): boolean => {
    if (vehicles.has(id)) return true;
    issues.push({ path: `edits[${i}].${field}`, message: `unknown vehicle '${id}'` });
    return false;
  };
  edits.forEach((e, i) => {
    switch (e.op) {
      case 'move':
        if (!binOk(i, 'binId', e.binId) || !vehicleOk(i, 'toVehicleId', e.toVehicleId)) return;
        takeOut(d, e.binId);
        putIn(d, e.binId, e.toVehicleId, e.toIndex);
        return;
      case 'add':
        if (!binOk(i, 'binId', e.binId) || !vehicleOk(i, 'vehicleId', e.vehicleId)) return;
        if (!d.unassigned.has(e.binId)) {
          issues.push({ path: `edits[${i}].binId`, message: `bin '${e.binId}' is already in a round (move it instead)` });
          return;
        }
        takeOut(d, e.binId);
        putIn(d, e.binId, e.vehicleId, e.index);
        return;
      case 'remove':
        if (!binOk(i, 'binId', e.binId)) return;
        if (!findBin(d, e.binId)) {
          issues.push({ path: `edits[${i}].binId`, message: `bin '${e.binId}' is in no round` });
          return;
        }
        takeOut(d, e.binId);
        d.unassigned.set(e.binId, { binId: e.binId, reason: 'removed_by_manager', detail: REMOVED_DETAIL });
        return;
      case 'swapVehicles': {
        if (!vehicleOk(i, 'vehicleA', e.vehicleA) || !vehicleOk(i, 'vehicleB', e.vehicleB)) return;
        const a = d.items.get(e.vehicleA) ?? [];
        const b = d.items.get(e.vehicleB) ?? [];
        d.items.set(e.vehicleA, b);
        d.items.set(e.vehicleB, a);
        for (const v of [e.vehicleA, e.vehicleB]) if (!d.order.includes(v)) d.order.push(v);
        d.touched.add(e.vehicleA);
        d.touched.add(e.vehicleB);
        return;
      }
      case 'lock': {
        if (!vehicleOk(i, 'vehicleId', e.vehicleId) || !e.binIds.every((b, j) => binOk(i, `binIds[${j}]`, b))) return;
        unlockBins(d, new Set(e.binIds));
        d.locks.push({ vehicleId: e.vehicleId, binIds: [...new Set(e.binIds)], wholeRoute: false });
        return;
      }
      case 'lockRoute': {
        if (!vehicleOk(i, 'vehicleId', e.vehicleId)) return;
        const own = (d.items.get(e.vehicleId) ?? []).filter((it) => it.type === 'bin').map((it) => it.id);
        if (own.length === 0) {
          issues.push({ path: `edits[${i}].vehicleId`, message: `vehicle '${e.vehicleId}' has no round to lock` });
          return;
        }
        d.locks = d.locks.filter((l) => l.vehicleId !== e.vehicleId);
        unlockBins(d, new Set(own));
        d.locks.push({ vehicleId: e.vehicleId, binIds: own, wholeRoute: true });
        return;
      }
      case 'unlock':
        if (e.vehicleId !== undefined) d.locks = d.locks.filter((l) => l.vehicleId !== e.vehicleId);
        if (e.binIds) unlockBins(d, new Set(e.binIds));
        return;
    }
  });
  return issues;
}

/**
 * The round of `vehicle` through `items` in order, built on the plan's matrix: a disposal visit is
 * added before a bin that would not fit (at the site nearest the way) and at the end when the truck
 * is not empty; the crew's break is taken at the first stop once its earliest start has come (or
 * before a leg that would carry the day past its latest start). A window that has closed is not
 * waited for: the visit is made anyway and the checker reports it. A break is owed only by a day
 * that runs past its latest start (as the solver and the checker count it): the round is first
 * built without breaks, and built again with them only when that day ends after a latest start.
 */
export function rebuildRound(resolved: ResolvedProblem, vehicle: Vehicle, items: readonly Item[]): PlanRouteJson {
  const bare = buildRound(resolved, vehicle, items, false);
  const endSec = bare.steps.at(-1)?.arrivalSec ?? 0;
  return vehicle.breaks.some((br) => endSec > br.latestStartSec) ? buildRound(resolved, vehicle, items, true) : bare;
}

/** {@link rebuildRound} with or without the vehicle's breaks. */
function buildRound(resolved: ResolvedProblem, vehicle: Vehicle, items: readonly Item[], takeBreaks: boolean): PlanRouteJson {
  const p = resolved.problem;
  const binsById = new Map(p.bins.map((b) => [b.id, b]));
  const sitesById = new Map(p.disposalSites.map((s) => [s.id, s]));
  const b = DayRouteBuilder.atStart(resolved, vehicle);
  const breaks = takeBreaks ? [...vehicle.breaks].sort((x, y) => x.earliestStartSec - y.earliestStartSec) : [];
  const beforeLeg = (to: number, serviceSec: number): void => {
    const next = breaks[0];
    if (!next) return;
    const due = b.nowSec >= next.earliestStartSec || b.nowSec + b.durationSec(b.locationIndex, to) + serviceSec > next.latestStartSec;
    if (!due) return;
    breaks.shift();
    b.takeBreak(next.durationSec, Math.max(b.nowSec, next.earliestStartSec));
  };
  const unload = (site: Site): void => {
    const loc = resolved.loc.disposalSites.get(site.id) ?? 0;
    beforeLeg(loc, site.unloadingSec);
    const open = b.peek(loc, site.timeWindows, site.unloadingSec).startSec !== null;
    b.visitDisposal(open ? site : { ...site, timeWindows: [] });
  };
  const nearestSite = (then: number | null): Site | undefined => {
    let best: Site | undefined;
    let bestCost = Infinity;
    for (const s of p.disposalSites) {
      if (![...b.streamsOnBoard].every((st) => s.streams.includes(st))) continue;
      const loc = resolved.loc.disposalSites.get(s.id);
      if (loc === undefined) continue;
      const cost = b.durationSec(b.locationIndex, loc) + (then === null ? 0 : b.durationSec(loc, then));
      if (cost < bestCost) {
        bestCost = cost;
        best = s;
      }
    }
    return best ?? p.disposalSites[0];
  };
  for (const it of items) {
    if (it.type === 'disposal') {
      const site = sitesById.get(it.id);
      if (site) unload(site);
      continue;
    }
    const bin: Bin | undefined = binsById.get(it.id);
    const loc = resolved.loc.bins.get(it.id);
    if (!bin || loc === undefined) continue;
    const full = b.loadLitres + bin.demandLitres > vehicle.capacityLitres || b.loadKg + bin.demandKg > vehicle.capacityKg;
    if (full && (b.loadLitres > 0 || b.loadKg > 0)) {
      const site = nearestSite(loc);
      if (site) unload(site);
    }
    beforeLeg(loc, bin.serviceSec);
    const open = b.peek(loc, bin.timeWindows, bin.serviceSec).startSec !== null;
    b.visitBin(open ? bin : { ...bin, timeWindows: [] });
  }
  if (b.loadLitres > 0 || b.loadKg > 0) {
    const site = nearestSite(null);
    if (site) unload(site);
  }
  const home = resolved.loc.depots.get(vehicle.endDepotId) ?? 0;
  const next = breaks[0];
  if (next && b.nowSec + b.durationSec(b.locationIndex, home) > next.latestStartSec) {
    breaks.shift();
    b.takeBreak(next.durationSec, Math.max(b.nowSec, next.earliestStartSec));
  }
  return b.finish();
}

/** The draft as a plan: untouched rounds as they were, touched ones rebuilt, empty ones dropped. */
function planOf(resolved: ResolvedProblem, d: Draft): PlanJson {
  const vehicles = new Map(resolved.problem.vehicles.map((v) => [v.id, v]));
  const routes: PlanRouteJson[] = [];
  for (const vehicleId of d.order) {
    const items = d.items.get(vehicleId) ?? [];
    const before = d.routes.get(vehicleId);
    if (!d.touched.has(vehicleId) && before) {
      routes.push(before);
      continue;
    }
    if (!items.some((i) => i.type === 'bin')) continue;
    routes.push(rebuildRound(resolved, vehicles.get(vehicleId)!, items));
  }
  return assembleDayPlan(routes, [...d.unassigned.values()].sort((a, b) => (a.binId < b.binId ? -1 : a.binId > b.binId ? 1 : 0)));
}

/** The rows of a plan (as the pipeline stores them), with route geometry on the streets when `roads` is given. */
export function rowsOf(resolved: ResolvedProblem, plan: PlanJson, meta: EditMeta, roads: PlanRoads | null): EditRows {
  const p = resolved.problem;
  const binAt = new Map(p.bins.map((b) => [b.id, b.location]));
  const siteAt = new Map([...p.depots.map((s) => [s.id, s.location] as const), ...p.disposalSites.map((s) => [s.id, s.location] as const)]);
  const vehicleMeta = new Map(meta.vehicles.map((v) => [v.id, v]));
  // localSecToIso uses one offset for the whole day (local noon's): computed once, not per step (Intl is slow)
  const midnightMs = Date.parse(localSecToIso(meta.date, 0, meta.timeZone));
  const iso = (sec: number): string => new Date(midnightMs + sec * 1000).toISOString();
  const snapCache = new Map<string, Snap>();
  const snapOf = (key: string, at: LngLat): Snap | null => {
    if (!roads) return null;
    let snap = snapCache.get(key);
    if (!snap) {
      const r = snapPoints(roads.net, [at], MAX_SNAP_M)[0];
      if (!r || !r.ok) return null;
      snap = r.snap;
      snapCache.set(key, snap);
    }
    return snap;
  };
  const routes: PlanRouteRow[] = [];
  const steps: PlanStepRow[] = [];
  plan.routes.forEach((route, k) => {
    const routeId = `r${k + 1}`;
    const v = vehicleMeta.get(route.vehicleId);
    const located: Snap[] = [];
    const firstAt = siteAt.get(route.steps[0]?.id ?? '');
    let here: [number, number] = firstAt ? [firstAt[0], firstAt[1]] : [0, 0];
    let breakS = 0;
    route.steps.forEach((st: PlanStepJson, stepIdx) => {
      if (st.type === 'break') breakS += st.departureSec - st.startSec;
      else {
        const id = st.id ?? '';
        const at = st.type === 'bin' ? binAt.get(id) : siteAt.get(id);
        if (at) here = [at[0], at[1]];
        const snap = snapOf(`${st.type === 'bin' ? 'bin' : 'site'} ${id}`, here);
        if (snap) located.push(snap);
      }
      steps.push(stepRow(routeId, stepIdx, st, here, iso));
    });
    const geometry = roads ? lineAlong(roads, located) : [];
    if (geometry.length < 2) geometry.push([here[0], here[1]], [here[0], here[1]]);
    const truck = { id: route.vehicleId, name: v?.name ?? route.vehicleId, streams: v?.streams ?? [], capacityLitres: v?.capacityLitres ?? 0, capacityKg: v?.capacityKg ?? 0 };
    routes.push(routeRow(routeId, k, route, truck, breakS, geometry, iso));
  });
  const summary: PlanSummaryJson = {
    distanceM: plan.totals.distanceM,
    durationS: plan.totals.workingSec,
    vehiclesUsed: plan.totals.vehiclesUsed,
    binsSelected: meta.binsSelected,
    binsRouted: plan.totals.binsServed,
    co2Kg: Math.round(plan.totals.co2Kg * 10) / 10,
    cost: plan.totals.cost,
    ...(meta.binsOptional !== undefined ? { binsOptional: meta.binsOptional } : {}),
  };
  return { summary, routes, steps, unassigned: plan.unassigned.map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail })) };
}

/** Runs an {@link EditTask} (see the file comment). */
export function runEdit(task: EditTask, roadsOf: () => PlanRoads): EditOutcome {
  const roads = roadsOf();
  const resolved = resolvedOf(task.planId, task.problem, roads);
  const d = draftOf(task.base, task.locks);
  const issues = applyEdits(d, resolved.problem, task.edits);
  if (issues.length > 0) return { ok: false, issues };
  const plan = planOf(resolved, d);
  const violations = checkDayPlan(withLocks(resolved, d.locks), plan);
  return { ok: true, plan, locks: d.locks, violations, rows: rowsOf(resolved, plan, task.meta, task.geometry ? roads : null) };
}

/**
 * Runs a {@link ReoptimiseTask}: `solveDay` on the plan's problem with the locks in force and
 * without the bins the manager removed (they stay out, as `removed_by_manager`), then
 * `checkDayPlan` on the whole problem with the locks.
 */
export function runReoptimise(
  task: ReoptimiseTask,
  roadsOf: () => PlanRoads,
  master: MasterSolver | undefined,
  progress: (fraction: number, message: string) => void,
): ReoptimiseOutcome {
  const resolved = withLocks(resolvedOf(task.planId, task.problem, roadsOf()), task.locks);
  const removed = task.base.unassigned.filter((u) => u.reason === 'removed_by_manager');
  const out = new Set(removed.map((u) => u.binId));
  const rest: ResolvedProblem =
    out.size === 0
      ? resolved
      : {
          ...resolved,
          problem: {
            ...resolved.problem,
            bins: resolved.problem.bins.filter((b) => !out.has(b.id)),
            locks: resolved.problem.locks.map((l) => ({ ...l, binIds: l.binIds.filter((b) => !out.has(b)) })).filter((l) => l.binIds.length > 0),
          },
        };
  let lastReported = -1;
  const { plan: solved } = solveDay(rest, {
    seed: task.seed,
    iterations: task.iterations,
    ...(master ? { master } : {}),
    onProgress: (p) => {
      const fraction = Math.min(1, p.iteration / task.iterations);
      if (fraction - lastReported < 0.02) return;
      lastReported = fraction;
      progress(0.05 + 0.9 * fraction, `iteration ${p.iteration} of ${task.iterations}, best cost ${p.bestCost.toFixed(2)} EUR`);
    },
  });
  const plan = assembleDayPlan(solved.routes, [...solved.unassigned, ...removed]);
  const violations = checkDayPlan(resolved, plan);
  return { plan, violations, rows: rowsOf(resolved, plan, task.meta, null) };
}
