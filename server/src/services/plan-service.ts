/**
 * Plans: load bins and readings → decide `must` / `may` / `skip` for a collection at the plan
 * date's local noon with the next chance the day after (DecisionService) → `must` bins are
 * mandatory; `may` bins are added (also as mandatory) only when a `must` bin of the same stream
 * is within {@link MAY_NEAR_M} road metres. Issue #5 replaces this with optional bins carrying a
 * prize in the solver. → build the routing Problem on the road network → solve → checkPlan → persist.
 * A plan whose checkPlan reports violations is stored as `failed`, never as `done`.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  checkPlan,
  pathsAlong,
  solve,
  travelMatrix,
  type Kilograms,
  type Litres,
  type LngLat,
  type Plan,
  type PlanStep,
  type Problem,
  type ProblemBin,
  type ProblemVehicle,
  type Seconds,
  type Snap,
  type TravelMatrix,
  type Unassigned,
} from '../solver.js';
import type { Db } from '../db/connection.js';
import { BinsRepository, type BinRow } from '../db/repositories/bins-repository.js';
import { FleetRepository, type SiteRow, type VehicleRow } from '../db/repositories/fleet-repository.js';
import { PlansRepository, type PlanResult, type PlanRouteRow, type PlanStepRow } from '../db/repositories/plans-repository.js';
import { DecisionService } from './decision-service.js';
import type { ForecastService } from './forecast-service.js';
import type { JobQueue } from './job-queue.js';
import { demandOf } from './loose-density.js';
import { hhmmToSec, localSecToIso, SERVICE_TIME_ZONE } from './local-time.js';
import type { RoadContext } from './road-context.js';

/** One colour per route, cycled (ColorBrewer Dark2 + Set1, readable on a light basemap). */
export const ROUTE_PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#e41a1c', '#377eb8', '#984ea3'];
/** Colour of depot and disposal markers. */
export const SITE_COLOR = '#333333';

/**
 * Local-search passes per plan. The search also stops at the first pass without improvement,
 * so this only bounds the worst case; it is fixed (never a wall-clock limit) so plans are
 * reproducible.
 */
export const DEFAULT_SOLVE_ITERATIONS = 200;

/**
 * A `may` bin joins the plan when a `must` bin of its stream is at most this far by road (either
 * direction), metres. Stop-gap until issue #5 gives the solver optional bins with prizes.
 */
export const MAY_NEAR_M = 300;

export interface PlanServiceOptions {
  /** Solver RNG seed. Default 1. */
  seed?: number;
  /** Local-search iteration budget. Default {@link DEFAULT_SOLVE_ITERATIONS}. */
  maxIterations?: number;
  timeZone?: string;
  now: () => Date;
  log?: (line: string) => void;
}

/** A location of the problem matrix. */
export interface ProblemLocation {
  kind: 'depot' | 'disposal' | 'bin';
  refId: string;
  lngLat: LngLat;
  snap: Snap;
}

/** The problem of a date, with what the server needs around it. */
export interface BuiltProblem {
  problem: Problem;
  locations: ProblemLocation[];
  /** Selected bins that never reached the solver (no snap, not connected). */
  preUnassigned: Unassigned[];
  binsSelected: number;
  depot: SiteRow;
  disposal: SiteRow;
  vehicles: VehicleRow[];
  binsById: Map<string, BinRow>;
}

/** Thrown when the data cannot make a problem (no depot, depot unreachable); the plan fails with this message. */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
}

/** Progress of running plans, for Server-Sent Events. */
export class PlanEvents extends EventEmitter {
  readonly last = new Map<string, { fraction: number; message: string }>();

  progress(id: string, fraction: number, message: string): void {
    const ev = { fraction: Math.min(1, Math.max(0, fraction)), message };
    this.last.set(id, ev);
    this.emit(`progress:${id}`, ev);
  }

  done(id: string, status: 'done' | 'failed', error: string | null): void {
    this.last.delete(id);
    this.emit(`done:${id}`, { id, status, error });
  }
}

/** Creates, runs (through the job queue) and reads plans. */
export class PlanService {
  readonly events = new PlanEvents();
  private readonly bins: BinsRepository;
  private readonly fleet: FleetRepository;
  private readonly decisions: DecisionService;
  readonly plans: PlansRepository;
  private readonly seed: number;
  private readonly maxIterations: number;
  private readonly timeZone: string;
  private readonly log: (line: string) => void;

  constructor(
    private readonly db: Db,
    private readonly road: RoadContext,
    private readonly forecast: ForecastService,
    private readonly queue: JobQueue,
    private readonly options: PlanServiceOptions,
  ) {
    this.bins = new BinsRepository(db);
    this.fleet = new FleetRepository(db);
    this.plans = new PlansRepository(db);
    this.seed = options.seed ?? 1;
    this.maxIterations = options.maxIterations ?? DEFAULT_SOLVE_ITERATIONS;
    this.timeZone = options.timeZone ?? SERVICE_TIME_ZONE;
    this.decisions = new DecisionService(db, this.timeZone);
    this.log = options.log ?? (() => {});
  }

  /** Creates a queued plan for `date` and runs it after the current tick. */
  create(date: string): { id: string; status: 'queued' } {
    const id = randomUUID();
    this.plans.create(id, date, this.options.now().toISOString());
    this.queue.enqueue(`plan ${id}`, () => this.run(id));
    return { id, status: 'queued' };
  }

  /**
   * Builds the routing problem of `date` from the current database content.
   * Deterministic for unchanged data, so tests can rebuild it to re-check a stored plan.
   * @throws PlanInputError when there is no depot, disposal site or vehicle, or the depot or
   *   disposal site is off the network.
   */
  buildProblem(date: string): BuiltProblem {
    const sites = this.fleet.sites();
    const depot = sites.find((s) => s.kind === 'depot');
    const disposal = sites.find((s) => s.kind === 'disposal');
    if (!depot || !disposal) throw new PlanInputError('no depot or no disposal site in the database');
    const vehicles = this.fleet.vehicles();
    if (vehicles.length === 0) throw new PlanInputError('no vehicle in the database');
    const siteSnap = (s: SiteRow): Snap => {
      const r = this.road.siteSnaps.get(s.id);
      if (!r) throw new PlanInputError(`site '${s.id}' was not snapped at boot`);
      if (!r.ok) throw new PlanInputError(`site '${s.id}' is off the road network: ${r.reason}`);
      return r.snap;
    };
    const locations: ProblemLocation[] = [
      { kind: 'depot', refId: depot.id, lngLat: [depot.lng, depot.lat], snap: siteSnap(depot) },
      { kind: 'disposal', refId: disposal.id, lngLat: [disposal.lng, disposal.lat], snap: siteSnap(disposal) },
    ];

    const decisions = new Map(this.decisions.decide(date).decisions.map((d) => [d.binId, d]));
    const allBins = this.bins.all();
    const binsById = new Map(allBins.map((b) => [b.id, b]));
    const preUnassigned: Unassigned[] = [];
    const candidates: { bin: BinRow; forecast: number; must: boolean }[] = [];
    for (const bin of allBins) {
      const d = decisions.get(bin.id);
      if (!d || d.decision === 'skip') continue;
      const snap = this.road.binSnaps.get(bin.id);
      if (!snap || !snap.ok) {
        if (d.decision === 'must') preUnassigned.push({ binId: bin.id, reason: 'unreachable', detail: snap && !snap.ok ? snap.reason : 'not snapped to the road network' });
        continue;
      }
      candidates.push({ bin, forecast: d.expectedAtPlanPercent ?? 100, must: d.decision === 'must' });
      locations.push({ kind: 'bin', refId: bin.id, lngLat: [bin.lng, bin.lat], snap: snap.snap });
    }

    const full = travelMatrix(this.road.net, locations.map((l) => l.snap), 0, this.road.engine);
    const bad = new Map(full.unreachable.map((u) => [u.index, u.reason]));
    for (const idx of [0, 1]) {
      if (bad.has(idx)) throw new PlanInputError(`${locations[idx]!.kind} '${locations[idx]!.refId}' is not connected: ${bad.get(idx)}`);
    }
    // Location i >= 2 is candidates[i - 2]. A `may` bin stays only near a reachable `must` bin of its stream.
    const size = full.matrix.size;
    const mustLocs = candidates.flatMap((c, k) => (c.must && !bad.has(k + 2) ? [k + 2] : []));
    const nearMust = (i: number): boolean => {
      const stream = candidates[i - 2]!.bin.stream;
      return mustLocs.some(
        (j) => candidates[j - 2]!.bin.stream === stream && Math.min(full.matrix.distances[i * size + j]!, full.matrix.distances[j * size + i]!) <= MAY_NEAR_M,
      );
    };
    const keep: number[] = [];
    let binsSelected = preUnassigned.length;
    locations.forEach((loc, i) => {
      const candidate = i >= 2 ? candidates[i - 2]! : null;
      if (candidate && !candidate.must && (bad.has(i) || !nearMust(i))) return;
      if (candidate) binsSelected++;
      const reason = bad.get(i);
      if (reason === undefined) keep.push(i);
      else {
        preUnassigned.push({ binId: loc.refId, reason: 'unreachable', detail: reason });
        this.road.unreachable.set(loc.refId, reason);
      }
    });
    const matrix = keep.length === locations.length ? full.matrix : subMatrix(full.matrix, keep);
    const keptLocations = keep.map((i) => locations[i]!);
    const forecastById = new Map(candidates.map((c) => [c.bin.id, c.forecast]));

    const problemBins: ProblemBin[] = [];
    keptLocations.forEach((loc, locIdx) => {
      if (loc.kind !== 'bin') return;
      const bin = binsById.get(loc.refId)!;
      const demand = demandOf(bin.stream, bin.capacityLitres, forecastById.get(bin.id)!);
      problemBins.push({
        binId: bin.id,
        locIdx,
        stream: bin.stream,
        demandLitres: demand.litres as Litres,
        demandKg: demand.kg as Kilograms,
        serviceSec: bin.serviceSec as Seconds,
      });
    });
    const problemVehicles: ProblemVehicle[] = vehicles.map((v) => ({
      vehicleId: v.id,
      capacityLitres: v.capacityLitres as Litres,
      capacityKg: v.capacityKg as Kilograms,
      streams: v.streams,
      shiftStartSec: hhmmToSec(v.shiftStart) as Seconds,
      shiftEndSec: hhmmToSec(v.shiftEnd) as Seconds,
    }));
    const problem: Problem = {
      matrix,
      depotLocIdx: 0,
      disposalLocIdx: 1,
      disposalServiceSec: disposal.serviceSec as Seconds,
      bins: problemBins,
      vehicles: problemVehicles,
    };
    return { problem, locations: keptLocations, preUnassigned, binsSelected, depot, disposal, vehicles, binsById };
  }

  /** Solves a queued plan and stores the result (or the failure). Never throws. */
  run(id: string): void {
    const plan = this.plans.get(id);
    if (!plan) return;
    const t0 = performance.now();
    try {
      this.plans.setStatus(id, 'running');
      this.events.progress(id, 0, 'building the problem');
      const built = this.buildProblem(plan.date);
      this.events.progress(id, 0.1, `solving ${built.problem.bins.length} bins with ${built.problem.vehicles.length} vehicles`);
      const solved = solve(built.problem, {
        seed: this.seed,
        maxIterations: this.maxIterations,
        onProgress: (f, message) => this.events.progress(id, 0.1 + 0.8 * f, message),
      });
      const violations = checkPlan(built.problem, solved);
      if (violations.length > 0) {
        const text = violations.map((v) => `${v.code}: ${v.message}`).join('; ');
        throw new PlanInputError(`checkPlan found ${violations.length} violation(s): ${text}`);
      }
      this.events.progress(id, 0.9, 'building route geometry');
      this.plans.saveResult(id, this.toResult(plan.date, built, solved));
      this.log(`[plan] ${plan.date} ${id} done in ${Math.round(performance.now() - t0)} ms (${solved.routes.length} routes, ${built.binsSelected} bins selected)`);
      this.events.done(id, 'done', null);
    } catch (err) {
      const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
      this.log(`[plan] ${plan.date} ${id} failed: ${message}`);
      this.plans.setStatus(id, 'failed', message);
      this.events.done(id, 'failed', message);
    }
  }

  private toResult(date: string, built: BuiltProblem, solved: Plan): PlanResult {
    const { locations, vehicles, problem } = built;
    const vehicleById = new Map(vehicles.map((v) => [v.id, v]));
    const binById = new Map(problem.bins.map((b) => [b.binId, b]));
    const iso = (sec: number): string => localSecToIso(date, sec, this.timeZone);
    const routes: PlanRouteRow[] = [];
    const steps: PlanStepRow[] = [];
    let co2Kg = 0;
    solved.routes.forEach((route, k) => {
      const routeId = `r${k + 1}`;
      const vehicle = vehicleById.get(route.vehicleId);
      if (!vehicle) throw new Error(`solver returned unknown vehicle '${route.vehicleId}'`);
      const legs = pathsAlong(this.road.net, route.steps.map((s) => locations[s.locIdx]!.snap), this.road.engine);
      const geometry: [number, number][] = [];
      for (const leg of legs) {
        for (const p of leg) {
          const last = geometry[geometry.length - 1];
          if (!last || last[0] !== p[0] || last[1] !== p[1]) geometry.push([p[0], p[1]]);
        }
      }
      if (geometry.length < 2) {
        const a = locations[route.steps[0]!.locIdx]!.snap.lngLat;
        geometry.push([a[0], a[1]], [a[0], a[1]]);
      }
      let collectedLitres = 0;
      let collectedKg = 0;
      route.steps.forEach((st: PlanStep, stepIdx) => {
        const loc = locations[st.locIdx]!;
        if (st.kind === 'bin') {
          const pb = binById.get(st.binId!)!;
          collectedLitres += pb.demandLitres;
          collectedKg += pb.demandKg;
        }
        steps.push({
          routeId,
          stepIdx,
          kind: st.kind,
          refId: st.kind === 'bin' ? st.binId! : loc.refId,
          locIdx: st.locIdx,
          lng: loc.lngLat[0],
          lat: loc.lngLat[1],
          arrivalSec: st.arrivalSec,
          departureSec: st.departureSec,
          arrivalAt: iso(st.arrivalSec),
          departureAt: iso(st.departureSec),
          loadAfterLitres: st.loadAfterLitres,
          loadAfterKg: st.loadAfterKg,
          distanceFromPrevM: st.distanceFromPrevM,
        });
      });
      co2Kg += (route.distanceM / 1000) * vehicle.co2KgPerKm;
      const first = route.steps[0]!;
      const last = route.steps[route.steps.length - 1]!;
      routes.push({
        routeId,
        routeIdx: k,
        vehicleId: vehicle.id,
        vehicleName: vehicle.name,
        streams: vehicle.streams,
        capacityLitres: vehicle.capacityLitres,
        capacityKg: vehicle.capacityKg,
        distanceM: route.distanceM,
        durationS: route.durationSec,
        startAt: iso(first.departureSec),
        endAt: iso(last.arrivalSec),
        binCount: route.steps.filter((s) => s.kind === 'bin').length,
        disposalTrips: route.steps.filter((s) => s.kind === 'disposal').length,
        collectedLitres,
        collectedKg,
        color: ROUTE_PALETTE[k % ROUTE_PALETTE.length]!,
        geometry,
      });
    });
    const unassigned = [...built.preUnassigned, ...solved.unassigned].map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail }));
    return {
      summary: {
        distanceM: solved.totalDistanceM,
        durationS: solved.totalDurationSec,
        vehiclesUsed: solved.routes.length,
        binsSelected: built.binsSelected,
        binsRouted: routes.reduce((n, r) => n + r.binCount, 0),
        co2Kg: Math.round(co2Kg * 10) / 10,
      },
      routes,
      steps,
      unassigned,
    };
  }

  /**
   * Rebuilds the solver Plan of a stored plan from its rows (routes and the problem's own
   * unassigned bins), e.g. to run `checkPlan` on it again.
   * @param preUnassignedIds bins removed before solving (they are not part of the problem).
   */
  storedSolverPlan(planId: string, preUnassignedIds: ReadonlySet<string> = new Set()): Plan {
    const rows = this.plans.steps(planId);
    const routes = this.plans.routes(planId).map((r) => {
      const st = rows.filter((s) => s.routeId === r.routeId).sort((a, b) => a.stepIdx - b.stepIdx);
      return {
        vehicleId: r.vehicleId,
        distanceM: r.distanceM,
        durationSec: r.durationS,
        steps: st.map((s) => ({
          kind: s.kind,
          ...(s.kind === 'bin' ? { binId: s.refId } : {}),
          locIdx: s.locIdx,
          arrivalSec: s.arrivalSec,
          departureSec: s.departureSec,
          loadAfterLitres: s.loadAfterLitres,
          loadAfterKg: s.loadAfterKg,
          distanceFromPrevM: s.distanceFromPrevM,
        })),
      };
    });
    const unassigned = this.plans
      .unassigned(planId)
      .filter((u) => !preUnassignedIds.has(u.binId))
      .map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail }));
    return {
      routes,
      unassigned,
      totalDistanceM: routes.reduce((n, r) => n + r.distanceM, 0),
      totalDurationSec: routes.reduce((n, r) => n + r.durationSec, 0),
    } as unknown as Plan;
  }
}

/** The square sub-matrix of `m` on the locations `keep` (in that order). */
function subMatrix(m: TravelMatrix, keep: readonly number[]): TravelMatrix {
  const n = keep.length;
  const distances = new Array<number>(n * n);
  const durations = new Array<number>(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      distances[i * n + j] = m.distances[keep[i]! * m.size + keep[j]!]!;
      durations[i * n + j] = m.durations[keep[i]! * m.size + keep[j]!]!;
    }
  }
  return { size: n, distances, durations };
}
