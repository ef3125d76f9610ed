/**
 * Plans on the collection-day model (issue #5): load bins and readings → decide `must` / `may` /
 * `skip` for a collection at the plan date's local noon with the next chance the day after
 * (DecisionService) → build the day's problem document (`ProblemJson`: `must` bins mandatory,
 * `may` bins optional with a prize, the fleet with shifts and a lunch break, the depot and every
 * disposal site, costs in EUR) → `parseProblemJson` → `resolveOnRoads` on the server's turn-aware
 * engine → `solveDay` (seeded, iteration budget; in a worker thread, see `solve-day-runner.ts`) →
 * `checkDayPlan` → persist.
 *
 * A plan whose checker reports violations is stored as `failed`, never as `done`. A problem the
 * parser refuses is a bug of this service (the database schema guarantees valid rows): the plan
 * fails with every problem listed.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  assembleDayPlan,
  checkDayPlan,
  parseProblemJson,
  pathsAlong,
  PlanJsonSchema,
  ProblemError,
  resolveOnRoads,
  type PlanJson,
  type ProblemJson,
  type ResolvedProblem,
  type Snap,
  type Stream,
} from '../solver.js';
import type { Db } from '../db/connection.js';
import { BinsRepository } from '../db/repositories/bins-repository.js';
import { FleetRepository, type SiteRow, type VehicleRow } from '../db/repositories/fleet-repository.js';
import { PlansRepository, type PlanResult, type PlanRouteRow, type PlanStepRow } from '../db/repositories/plans-repository.js';
import { DecisionService } from './decision-service.js';
import type { ForecastService } from './forecast-service.js';
import type { JobQueue } from './job-queue.js';
import { demandOf } from './loose-density.js';
import { hhmmToSec, localSecToIso, SERVICE_TIME_ZONE } from './local-time.js';
import { MAX_SNAP_M, type RoadContext } from './road-context.js';
import { runSolveDay } from './solve-day-runner.js';

/** One colour per route, cycled (ColorBrewer Dark2 + Set1, readable on a light basemap). */
export const ROUTE_PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#e41a1c', '#377eb8', '#984ea3'];
/** Colour of depot and disposal markers. */
export const SITE_COLOR = '#333333';

/**
 * Iterations of the day search per plan (`solveDay`). Fixed, never a wall-clock limit by default,
 * so a plan is reproducible from its data and seed; small enough that boot, which plans today,
 * stays fast. Measured on the sample city's day (267 bins, 6 trucks) on a loaded 2-core machine,
 * 2026-11-28: 200 iterations search in about 3 s; 100 cost about 3 % more; 500 were no cheaper.
 * See {@link PlanServiceOptions.timeLimitMs} for a safety cap.
 */
export const DEFAULT_SOLVE_ITERATIONS = 200;

const H = 3600;

/**
 * Vehicle costs of the weighted objective, EUR. `perHour`: truck + crew of three, 120 EUR per
 * working hour (domain primer §8 "truck-hour cost", derived in §6). `perKm`: diesel at 80 L/100 km
 * (primer §8) × about 1.5 EUR/L (assumed pump price) = 1.2 EUR/km, the same figures as
 * `npm run generate:day`. The §6 truck-hour already counts about 12 EUR/h of diesel, so the two
 * overlap slightly; kept as in the generator so server plans and benchmark days compare.
 * `fixed`: 0, the fleet is owned and every truck goes out anyway.
 */
export const DAY_COSTS_EUR = { perKm: 1.2, perHour: 120, fixed: 0 } as const;

/**
 * Value of collecting a full `may` bin today, EUR (the objective's unit): the truck-hour cost of a
 * 3-minute detour (120 EUR/h, primer §8). A `may` bin's prize is this × its forecast fill at the
 * plan instant, so the search takes it when the detour costs less than that. Rounded to the cent.
 */
export const MAY_PRIZE_EUR_PER_FULL_BIN = 6;

/**
 * The crew's break (primer §4, §8: a 20-minute uninterrupted break once daily work reaches 6 h).
 * Given to every shift longer than {@link BREAK_AFTER_WORK_SEC}; it starts between 3 h after the
 * shift starts and the 6 h mark.
 */
export const BREAK_DURATION_SEC = 20 * 60;
export const BREAK_AFTER_WORK_SEC = 6 * H;
export const BREAK_EARLIEST_AFTER_START_SEC = 3 * H;

/**
 * Opening hours of the disposal sites (the database has none): 05:00-19:00, primer §4 ("UVE /
 * centres de tri / glass platforms: assumed Mon-Fri ~05:00-19:00"), applied every day. Sites
 * accept every stream (the database does not say otherwise).
 */
export const DISPOSAL_OPEN_SEC = 5 * H;
export const DISPOSAL_CLOSE_SEC = 19 * H;

const ALL_STREAMS: Stream[] = ['residual', 'packaging', 'glass', 'paper', 'biowaste'];

export interface PlanServiceOptions {
  /** Solver RNG seed. Default 1. */
  seed?: number;
  /** Day-search iteration budget. Default {@link DEFAULT_SOLVE_ITERATIONS}. */
  maxIterations?: number;
  /**
   * Optional wall-clock cap of the search, ms (the search stops at whichever limit comes first).
   * Off by default: plans then depend only on the data, the seed and the iterations.
   */
  timeLimitMs?: number;
  timeZone?: string;
  now: () => Date;
  log?: (line: string) => void;
}

/** The problem document of a date, with what the server needs around it. */
export interface BuiltProblem {
  /** Parsed by `parseProblemJson` (defaults applied). */
  problem: ProblemJson;
  /** `must` + `may` bins offered to the solver. */
  binsSelected: number;
  /** Of those, the `may` bins (optional, with a prize). */
  binsOptional: number;
  depot: SiteRow;
  disposalSites: SiteRow[];
  vehicles: VehicleRow[];
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

/** Lets the event loop run (HTTP responses, Server-Sent Events) between the steps of a plan. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Problems of a document, one per line-ish, for a plan's error message. */
function listIssues(err: ProblemError): string {
  return err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
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
    db: Db,
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
   * Builds the problem document of `date` from the current database content and parses it.
   * Deterministic for unchanged data, so tests can rebuild it to re-check a stored plan.
   *
   * - bins: `must` → mandatory; `may` → optional with prize {@link MAY_PRIZE_EUR_PER_FULL_BIN} ×
   *   forecast fill; `skip` bins are left out. Demand: forecast fill at the plan instant × container
   *   litres, × the stream's loose density for kilograms (`loose-density.ts`).
   * - vehicles: the fleet with its shift, a {@link BREAK_DURATION_SEC} break when the shift is longer
   *   than {@link BREAK_AFTER_WORK_SEC}, the costs {@link DAY_COSTS_EUR}; start and end at the depot.
   * - the first depot (by id) and every disposal site ({@link DISPOSAL_OPEN_SEC}–{@link DISPOSAL_CLOSE_SEC}).
   * - objective: weighted (EUR).
   * @throws PlanInputError when there is no depot, disposal site or vehicle, or when the document
   *   fails `parseProblemJson` (a bug of this builder: every problem is listed).
   */
  buildProblem(date: string): BuiltProblem {
    const sites = this.fleet.sites();
    const depot = sites.find((s) => s.kind === 'depot');
    const disposalSites = sites.filter((s) => s.kind === 'disposal');
    if (!depot || disposalSites.length === 0) throw new PlanInputError('no depot or no disposal site in the database');
    const vehicles = this.fleet.vehicles();
    if (vehicles.length === 0) throw new PlanInputError('no vehicle in the database');

    const decisions = new Map(this.decisions.decide(date).decisions.map((d) => [d.binId, d]));
    const bins: ProblemJson['bins'] = [];
    let binsOptional = 0;
    for (const bin of this.bins.all()) {
      const d = decisions.get(bin.id);
      if (!d || d.decision === 'skip') continue;
      const fillPercent = Math.min(100, Math.max(0, d.expectedAtPlanPercent ?? 100));
      const demand = demandOf(bin.stream, bin.capacityLitres, fillPercent);
      const mandatory = d.decision === 'must';
      if (!mandatory) binsOptional++;
      bins.push({
        id: bin.id,
        location: [bin.lng, bin.lat],
        approach: 'either',
        stream: bin.stream,
        demandLitres: demand.litres,
        demandKg: demand.kg,
        serviceSec: bin.serviceSec,
        mandatory,
        ...(mandatory ? {} : { prize: Math.round(MAY_PRIZE_EUR_PER_FULL_BIN * fillPercent) / 100 }),
      });
    }

    const doc = {
      version: 1,
      name: `plan ${date}`,
      date,
      timeZone: this.timeZone,
      depots: [{ id: depot.id, name: depot.name, location: [depot.lng, depot.lat] }],
      disposalSites: disposalSites.map((s) => ({
        id: s.id,
        name: s.name,
        location: [s.lng, s.lat],
        timeWindows: [{ openSec: DISPOSAL_OPEN_SEC, closeSec: DISPOSAL_CLOSE_SEC }],
        unloadingSec: s.serviceSec,
        streams: ALL_STREAMS,
      })),
      bins,
      vehicles: vehicles.map((v) => {
        const shiftStartSec = hhmmToSec(v.shiftStart);
        const shiftEndSec = hhmmToSec(v.shiftEnd);
        const breaks =
          shiftEndSec - shiftStartSec > BREAK_AFTER_WORK_SEC
            ? [{ earliestStartSec: shiftStartSec + BREAK_EARLIEST_AFTER_START_SEC, latestStartSec: shiftStartSec + BREAK_AFTER_WORK_SEC, durationSec: BREAK_DURATION_SEC }]
            : [];
        return {
          id: v.id,
          type: v.type,
          streams: v.streams,
          capacityLitres: v.capacityLitres,
          capacityKg: v.capacityKg,
          shiftStartSec,
          shiftEndSec,
          breaks,
          startDepotId: depot.id,
          endDepotId: depot.id,
          costs: { ...DAY_COSTS_EUR },
          co2KgPerKm: v.co2KgPerKm,
        };
      }),
      objective: { type: 'weighted' },
    };
    let problem: ProblemJson;
    try {
      problem = parseProblemJson(doc);
    } catch (err) {
      if (err instanceof ProblemError) throw new PlanInputError(`the problem built from the database is malformed (a bug of this service, or bad fleet rows): ${listIssues(err)}`);
      throw err;
    }
    return { problem, binsSelected: bins.length, binsOptional, depot, disposalSites, vehicles };
  }

  /**
   * Places the problem on the road network (the boot-time turn-aware engine) and records the
   * bins no truck can reach, for the bins API.
   * @throws PlanInputError when the depot or a disposal site is off the network or cut off.
   */
  resolve(built: BuiltProblem): ResolvedProblem {
    let resolved: ResolvedProblem;
    try {
      resolved = resolveOnRoads(built.problem, this.road.net, MAX_SNAP_M, this.road.engine).resolved;
    } catch (err) {
      if (err instanceof ProblemError) throw new PlanInputError(`a site is not on the road network: ${listIssues(err)}`);
      throw err;
    }
    for (const [binId, reason] of resolved.unreachableBins ?? []) this.road.unreachable.set(binId, reason);
    return resolved;
  }

  /**
   * Solves a queued plan and stores the result (or the failure). Yields to the event loop between
   * steps, and searches in a worker thread, so the server keeps answering and each step's and the
   * search's progress reaches `GET /api/plans/:id/events` while it runs. Never throws.
   */
  async run(id: string): Promise<void> {
    const plan = this.plans.get(id);
    if (!plan) return;
    const t0 = performance.now();
    const lapMs: Record<string, number> = {};
    let lapStart = t0;
    const lap = (what: string): void => {
      const now = performance.now();
      lapMs[what] = Math.round(now - lapStart);
      lapStart = now;
    };
    try {
      this.plans.setStatus(id, 'running');
      this.events.progress(id, 0, 'building the problem');
      await yieldToLoop();
      const built = this.buildProblem(plan.date);
      lap('build');
      this.events.progress(id, 0.05, `placing ${built.problem.bins.length} bins on the streets`);
      await yieldToLoop();
      const resolved = this.resolve(built);
      lap('roads');
      this.events.progress(id, 0.2, `solving ${built.problem.bins.length} bins with ${built.problem.vehicles.length} vehicles`);
      await yieldToLoop();
      const iterations = this.maxIterations;
      let lastReported = -1;
      const { plan: solved, stats } = await runSolveDay(
        resolved,
        { seed: this.seed, iterations, ...(this.options.timeLimitMs !== undefined ? { timeLimitMs: this.options.timeLimitMs } : {}) },
        (p) => {
          const fraction = iterations > 0 ? Math.min(1, p.iteration / iterations) : 1;
          if (fraction - lastReported < 0.02) return;
          lastReported = fraction;
          this.events.progress(id, 0.2 + 0.6 * fraction, `iteration ${p.iteration} of ${iterations}, best cost ${p.bestCost.toFixed(2)} EUR`);
        },
      );
      lap('search');
      this.events.progress(id, 0.8, 'checking the plan');
      await yieldToLoop();
      const shape = PlanJsonSchema.safeParse(solved);
      if (!shape.success) throw new PlanInputError(`the solver returned a malformed plan: ${shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const violations = checkDayPlan(resolved, solved);
      if (violations.length > 0) {
        const text = violations.map((v) => `${v.code}: ${v.message}`).join('; ');
        throw new PlanInputError(`checkDayPlan found ${violations.length} violation(s): ${text}`);
      }
      lap('check');
      this.events.progress(id, 0.9, 'building route geometry');
      await yieldToLoop();
      this.plans.saveResult(id, this.toResult(plan.date, built, solved));
      lap('store');
      this.log(
        `[plan] ${plan.date} ${id} done in ${Math.round(performance.now() - t0)} ms (${solved.routes.length} routes, ` +
          `${built.binsSelected} bins selected, ${stats.iterations} iterations, cost ${solved.totals.cost.toFixed(2)} EUR; ` +
          `${Object.entries(lapMs).map(([k, v]) => `${k} ${v} ms`).join(', ')})`,
      );
      this.events.done(id, 'done', null);
    } catch (err) {
      const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
      this.log(`[plan] ${plan.date} ${id} failed: ${message}`);
      this.plans.setStatus(id, 'failed', message);
      this.events.done(id, 'failed', message);
    }
  }

  /** Snap of a place of the plan (bins and sites were snapped at boot with the same rule as `resolveOnRoads`). */
  private snapOf(kind: 'bin' | 'site', id: string): Snap {
    const r = (kind === 'bin' ? this.road.binSnaps : this.road.siteSnaps).get(id);
    if (!r || !r.ok) throw new PlanInputError(`${kind} '${id}' of the plan has no snap on the road network`);
    return r.snap;
  }

  private toResult(date: string, built: BuiltProblem, solved: PlanJson): PlanResult {
    const vehicleById = new Map(built.vehicles.map((v) => [v.id, v]));
    const binById = new Map(built.problem.bins.map((b) => [b.id, b]));
    const siteById = new Map([built.depot, ...built.disposalSites].map((s) => [s.id, s]));
    const iso = (sec: number): string => localSecToIso(date, sec, this.timeZone);
    const routes: PlanRouteRow[] = [];
    const steps: PlanStepRow[] = [];
    solved.routes.forEach((route, k) => {
      const routeId = `r${k + 1}`;
      const vehicle = vehicleById.get(route.vehicleId);
      if (!vehicle) throw new Error(`solver returned unknown vehicle '${route.vehicleId}'`);
      const located: Snap[] = [];
      let here: [number, number] = [built.depot.lng, built.depot.lat];
      let breakS = 0;
      route.steps.forEach((st, stepIdx) => {
        if (st.type === 'break') {
          breakS += st.departureSec - st.startSec;
        } else {
          const id = st.id ?? '';
          if (st.type === 'bin') {
            const bin = binById.get(id);
            if (!bin?.location) throw new Error(`solver returned unknown bin '${id}'`);
            here = [bin.location[0], bin.location[1]];
            located.push(this.snapOf('bin', id));
          } else {
            const site = siteById.get(id);
            if (!site) throw new Error(`solver returned unknown site '${id}'`);
            here = [site.lng, site.lat];
            located.push(this.snapOf('site', id));
          }
        }
        steps.push({
          routeId,
          stepIdx,
          kind: st.type,
          refId: st.type === 'break' ? null : (st.id ?? ''),
          locIdx: st.type === 'break' ? null : (st.locationIndex ?? null),
          lng: here[0],
          lat: here[1],
          arrivalSec: st.arrivalSec,
          startSec: st.startSec,
          departureSec: st.departureSec,
          arrivalAt: iso(st.arrivalSec),
          startAt: iso(st.startSec),
          departureAt: iso(st.departureSec),
          loadAfterLitres: st.loadLitres,
          loadAfterKg: st.loadKg,
          distanceFromPrevM: st.distanceFromPrevM,
          drivingFromPrevSec: st.drivingFromPrevSec,
        });
      });
      const geometry: [number, number][] = [];
      for (const leg of pathsAlong(this.road.net, located, this.road.engine)) {
        for (const p of leg) {
          const last = geometry[geometry.length - 1];
          if (!last || last[0] !== p[0] || last[1] !== p[1]) geometry.push([p[0], p[1]]);
        }
      }
      if (geometry.length < 2) {
        const a = located[0]?.lngLat ?? [built.depot.lng, built.depot.lat];
        geometry.push([a[0], a[1]], [a[0], a[1]]);
      }
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
        durationS: route.workingSec,
        drivingS: route.drivingSec,
        breakS,
        cost: route.cost,
        co2Kg: route.co2Kg,
        startAt: iso(first.departureSec),
        endAt: iso(last.arrivalSec),
        binCount: route.binCount,
        disposalTrips: route.disposalTrips,
        collectedLitres: route.collectedLitres,
        collectedKg: route.collectedKg,
        color: ROUTE_PALETTE[k % ROUTE_PALETTE.length]!,
        geometry,
      });
    });
    return {
      summary: {
        distanceM: solved.totals.distanceM,
        durationS: solved.totals.workingSec,
        vehiclesUsed: solved.totals.vehiclesUsed,
        binsSelected: built.binsSelected,
        binsRouted: solved.totals.binsServed,
        co2Kg: Math.round(solved.totals.co2Kg * 10) / 10,
        cost: solved.totals.cost,
        binsOptional: built.binsOptional,
      },
      routes,
      steps,
      unassigned: solved.unassigned.map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail })),
    };
  }

  /**
   * Rebuilds the plan document (plan format) of a stored plan from its rows, e.g. to run
   * `checkDayPlan` on it again against {@link buildProblem} + {@link resolve} of its date.
   * @throws PlanInputError for a plan stored before the collection-day model (no driving times).
   */
  storedDayPlan(planId: string): PlanJson {
    const rows = this.plans.steps(planId);
    const routes = this.plans.routes(planId).map((r) => {
      const st = rows.filter((s) => s.routeId === r.routeId).sort((a, b) => a.stepIdx - b.stepIdx);
      if (r.drivingS === null || r.cost === null || r.co2Kg === null || st.some((s) => s.drivingFromPrevSec === null))
        throw new PlanInputError(`plan '${planId}' was stored before the collection-day model`);
      return {
        vehicleId: r.vehicleId,
        steps: st.map((s) => ({
          type: s.kind,
          ...(s.refId !== null ? { id: s.refId } : {}),
          ...(s.locIdx !== null ? { locationIndex: s.locIdx } : {}),
          arrivalSec: s.arrivalSec,
          startSec: s.startSec,
          departureSec: s.departureSec,
          loadLitres: s.loadAfterLitres,
          loadKg: s.loadAfterKg,
          distanceFromPrevM: s.distanceFromPrevM,
          drivingFromPrevSec: s.drivingFromPrevSec ?? 0,
        })),
        distanceM: r.distanceM,
        drivingSec: r.drivingS,
        workingSec: r.durationS,
        binCount: r.binCount,
        disposalTrips: r.disposalTrips,
        collectedLitres: r.collectedLitres,
        collectedKg: r.collectedKg,
        cost: r.cost,
        co2Kg: r.co2Kg,
      };
    });
    // stored reasons are validated here (the column is free text)
    const unassigned = PlanJsonSchema.shape.unassigned.parse(this.plans.unassigned(planId).map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail })));
    return PlanJsonSchema.parse(assembleDayPlan(routes, unassigned));
  }
}
