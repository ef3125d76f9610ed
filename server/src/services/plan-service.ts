/**
 * Plans as jobs: `create` checks the date window and the queue bound and queues a plan; plans run
 * one at a time: the decision set of the date (computed from the current data, the same one the
 * decision endpoints show), the bins, sites and fleet go to the planning worker thread, which runs
 * the whole pipeline (`compute/plan-pipeline.ts`: problem, roads, search, checker, geometry); the
 * result is stored in one transaction. Progress reaches `GET /api/plans/:id/events`; the event loop
 * is never held by the work.
 *
 * A plan can be cancelled while queued or running: a running search is asked to stop (a flag shared
 * with the worker) and its best plan so far, checked by `checkDayPlan` like any plan, is kept with
 * the status `cancelled` (a worker that does not answer within {@link CANCEL_GRACE_MS} is stopped and
 * replaced, and the plan keeps no routes). Each plan stores its inputs (decisions, rows, seed,
 * iterations, options): `reproduce` runs them again and gets the same routes. A plan with routes is
 * a `draft` of the day until a manager publishes it; drivers see published plans only. A plan made
 * with `selection: 'horizon'` (issue #17) takes its mandatory bins from the rolling-horizon planner
 * of the same forecast (`horizon-service.ts`, `horizonSelection`) instead of the day's decisions. A plan left
 * queued or running by a stopped server is queued again at the next start (`resumeInterrupted`):
 * plans depend only on the data, the seed and the iteration budget, so resuming is running again.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { DEFAULT_HORIZON_RISK_PERCENT, MAX_PENDING_PLANS, PLAN_DAYS_AFTER_TODAY, PLAN_DAYS_BEFORE_TODAY, type DayStatus, type PlanDto, type PlanRoundsEvent } from '../../contract/index.js';
import { ComputeTaskError, WorkerStoppedError, type ComputeWorker } from '../compute/compute-client.js';
import {
  buildDayProblem,
  DEFAULT_SOLVE_ITERATIONS,
  resolveDayProblem,
  type BuiltProblem,
  type PlanInput,
} from '../compute/plan-pipeline.js';
import type { BinRow, BinsRepository } from '../db/repositories/bins-repository.js';
import type { FleetRepository } from '../db/repositories/fleet-repository.js';
import type { PlanOptions, PlanResult, PlanRouteRow, PlanRow, PlanStepRow, PlansRepository, PlanUnassignedRow } from '../db/repositories/plans-repository.js';
import { ConflictError, InvalidInputError, NotFoundError, TooManyRequestsError } from '../errors.js';
import { forcedBinsOf } from '../presenters/plan-presenter.js';
import { assembleDayPlan, PlanJsonSchema, type PlanJson, type ResolvedProblem } from '../solver.js';
import type { BinsService } from './bins-service.js';
import { DEFAULT_DECISION_RISK_PERCENT, nextDate, type DecisionService } from './decision-service.js';
import { horizonSelection, type HorizonService } from './horizon-service.js';
import type { JobQueue } from './job-queue.js';
import { localDateOf, SERVICE_TIME_ZONE } from './local-time.js';
import type { RoadContext } from './road-context.js';
import { routeInstructions, type RouteInstructionsResult } from './route-instructions-service.js';

export {
  BREAK_DURATION_SEC,
  DAY_COSTS_EUR,
  DEFAULT_SOLVE_ITERATIONS,
  MAY_PRIZE_EUR_PER_FULL_BIN,
  PlanInputError,
  ROUTE_PALETTE,
  SITE_COLOR,
} from '../compute/plan-pipeline.js';

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

/** What a progress event carries beyond its fraction and sentence (see `PlanProgressEventSchema`). */
export interface ProgressExtra {
  phase?: 'queued' | 'forecast' | 'build' | 'roads' | 'search' | 'check' | 'geometry' | 'store';
  elapsedS?: number;
  iteration?: number;
  iterations?: number;
  bestCostEur?: number;
}

/** Milliseconds a cancelled search has to stop and hand back its best plan before its worker is stopped. */
export const CANCEL_GRACE_MS = 20_000;

/** Progress of running plans, for Server-Sent Events: `progress`, `rounds` (the search's current routes), `done`. */
export class PlanEvents extends EventEmitter {
  readonly last = new Map<string, { fraction: number; message: string } & ProgressExtra>();
  readonly lastRounds = new Map<string, PlanRoundsEvent>();

  progress(id: string, fraction: number, message: string, extra: ProgressExtra = {}): void {
    const ev = { fraction: Math.min(1, Math.max(0, fraction)), message, ...extra };
    this.last.set(id, ev);
    this.emit(`progress:${id}`, ev);
  }

  rounds(id: string, ev: PlanRoundsEvent): void {
    this.lastRounds.set(id, ev);
    this.emit(`rounds:${id}`, ev);
  }

  done(id: string, status: 'done' | 'failed' | 'cancelled', error: string | null): void {
    this.last.delete(id);
    this.lastRounds.delete(id);
    this.emit(`done:${id}`, { id, status, error });
  }
}

/**
 * What changes a plan's day beyond the data (street closures, a mid-day re-plan): given the
 * plan's input to extend, and its result to annotate before it is stored (`replan-service.ts`).
 */
export interface PlanDayChanges {
  input(planId: string, base: PlanInput): PlanInput;
  result(planId: string, result: PlanResult): PlanResult;
}

/** Calendar arithmetic on ISO dates (UTC). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A failure as the manager reads it: the error's sentence, with its kind when it has one. */
function failureMessage(err: unknown): string {
  if (err instanceof ComputeTaskError) return err.errorName === 'Error' ? err.message : `${err.errorName}: ${err.message}`;
  if (err instanceof Error) return err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
  return String(err);
}

/** The solver's reason behind each reason the server adds (`SERVER_UNASSIGNED_REASONS`). */
const SOLVER_REASON_OF: Readonly<Record<string, string>> = { closed_street: 'unreachable', vehicle_unavailable: 'shift_too_short' };

/** The repositories of one space a {@link PlanService} reads and writes. */
export interface PlanRepositories {
  readonly bins: BinsRepository;
  readonly fleet: FleetRepository;
  readonly plans: PlansRepository;
}

/** A stored plan with everything it holds. */
export interface PlanDetails {
  readonly plan: PlanRow;
  readonly routes: PlanRouteRow[];
  readonly steps: PlanStepRow[];
  readonly unassigned: PlanUnassignedRow[];
  /** Bins the plan had to collect whatever their forecast, with the reason (from its stored inputs). */
  readonly forcedBins: PlanDto['forcedBins'];
}

/** Creates, runs, cancels and reads the plans of one space (see the file comment). */
export class PlanService {
  private readonly plans: PlansRepository;
  private readonly bins: BinsRepository;
  private readonly fleet: FleetRepository;
  private readonly seed: number;
  private readonly maxIterations: number;
  private readonly timeZone: string;
  private readonly log: (line: string) => void;
  /** Plans being cancelled while they run (their search is asked to stop). */
  private readonly cancelling = new Set<string>();
  /** The stop flag of the running plan's search (shared with the worker). */
  private stopFlag: Int32Array | null = null;
  private running: string | null = null;
  /** Recent plan durations, ms, for `Retry-After`. */
  private readonly durationsMs: number[] = [];
  private dayChanges: PlanDayChanges | null = null;

  constructor(
    repos: PlanRepositories,
    private readonly road: RoadContext,
    private readonly decisions: DecisionService,
    private readonly binsService: BinsService,
    private readonly worker: ComputeWorker,
    private readonly queue: JobQueue,
    readonly events: PlanEvents,
    private readonly options: PlanServiceOptions,
    /** The rolling-horizon planner, for plans made with `selection: 'horizon'` (issue #17). */
    private readonly horizon: HorizonService | null = null,
  ) {
    this.bins = repos.bins;
    this.fleet = repos.fleet;
    this.plans = repos.plans;
    this.seed = options.seed ?? 1;
    this.maxIterations = options.maxIterations ?? DEFAULT_SOLVE_ITERATIONS;
    this.timeZone = options.timeZone ?? SERVICE_TIME_ZONE;
    this.log = options.log ?? (() => {});
  }

  /** Closures and re-plans change the days this service plans (set once, by the space context). */
  useDayChanges(changes: PlanDayChanges): void {
    this.dayChanges = changes;
  }

  /** A plan of this space, or undefined. */
  get(id: string): PlanRow | undefined {
    return this.plans.get(id);
  }

  /** The space's plans, latest first, optionally of one date. */
  list(date?: string): PlanRow[] {
    return this.plans.list(date);
  }

  /**
   * A plan with its routes, steps and unassigned bins.
   * @throws NotFoundError for a plan that is not of this space.
   */
  details(id: string): PlanDetails {
    const plan = this.plans.get(id);
    if (!plan) throw new NotFoundError(`unknown plan '${id}'`);
    return { plan, routes: this.plans.routes(id), steps: this.plans.steps(id), unassigned: this.plans.unassigned(id), forcedBins: forcedBinsOf(this.plans.inputs(id)) };
  }

  /**
   * The forecast plan `id` used per bin (decision and fill at the plan instant), from its stored inputs.
   * @throws NotFoundError for an unknown plan; ConflictError when its inputs are not stored.
   */
  forecast(id: string): { binId: string; decision: 'must' | 'may' | 'skip'; forecastFillPercent: number | null }[] {
    if (!this.plans.get(id)) throw new NotFoundError(`unknown plan '${id.slice(0, 64)}'`);
    const inputs = this.plans.inputs(id) as PlanInput | null;
    if (inputs === null) throw new ConflictError(`plan '${id}' has no stored inputs (planned before they were kept, or not started)`);
    return inputs.decisions.map((d) => ({ binId: d.binId, decision: d.decision, forecastFillPercent: d.expectedAtPlanPercent }));
  }

  /**
   * A plan's rows for its exports (all rounds, or `routeId`'s), with the space's bins by id.
   * @throws NotFoundError for a plan or route that is not of this space.
   */
  exportRows(id: string, routeId?: string): { plan: PlanRow; routes: PlanRouteRow[]; steps: PlanStepRow[]; bins: Map<string, BinRow> } {
    const d = this.details(id);
    const routes = routeId === undefined ? d.routes : d.routes.filter((r) => r.routeId === routeId);
    if (routeId !== undefined && routes.length === 0) throw new NotFoundError(`plan '${id}' has no route '${routeId.slice(0, 64)}'`);
    const keep = new Set(routes.map((r) => r.routeId));
    return { plan: d.plan, routes, steps: d.steps.filter((s) => keep.has(s.routeId)), bins: new Map(this.bins.all().map((b) => [b.id, b])) };
  }

  /**
   * Turn-by-turn instructions of a route of a done plan (routed in the queries worker).
   * @throws NotFoundError / ConflictError as `routeInstructions` says.
   */
  instructions(queries: ComputeWorker, hasRoads: boolean, planId: string, routeId: string): Promise<RouteInstructionsResult> {
    return routeInstructions(queries, hasRoads, this.plans, planId, routeId);
  }

  /** The dates a plan may be made for now, inclusive. */
  dateWindow(): { from: string; to: string } {
    const today = localDateOf(this.options.now(), this.timeZone);
    return { from: addDays(today, -PLAN_DAYS_BEFORE_TODAY), to: addDays(today, PLAN_DAYS_AFTER_TODAY) };
  }

  /**
   * Creates a queued plan for `date` and runs it after the plans before it.
   * @throws InvalidInputError outside {@link dateWindow}; TooManyRequestsError when
   *   `MAX_PENDING_PLANS` plans are already queued or running.
   */
  create(date: string, options: { overtimeMin?: number; selection?: 'decisions' | 'horizon'; horizonRiskPercent?: number } = {}): { id: string; status: 'queued' } {
    const { from, to } = this.dateWindow();
    if (date < from || date > to) {
      throw new InvalidInputError([{ path: 'date', message: `must be from ${from} to ${to} (${PLAN_DAYS_BEFORE_TODAY} days back, ${PLAN_DAYS_AFTER_TODAY} ahead)`, code: 'out_of_window' }]);
    }
    const { queued, running } = this.plans.pendingCounts();
    if (queued + running >= MAX_PENDING_PLANS) {
      throw new TooManyRequestsError(`${queued + running} plans are already queued or running (at most ${MAX_PENDING_PLANS}): try again later`, this.retryAfterS());
    }
    const id = randomUUID();
    this.plans.create(id, date, this.options.now().toISOString());
    this.requestedOptions.set(id, {
      overtimeMin: options.overtimeMin ?? 0,
      ...(options.selection === 'horizon' ? { selection: 'horizon' as const, horizonRiskPercent: options.horizonRiskPercent ?? DEFAULT_HORIZON_RISK_PERCENT } : {}),
    });
    this.enqueue(id);
    return { id, status: 'queued' };
  }

  /** Options asked for plans not yet started (their inputs are stored when they start). */
  private readonly requestedOptions = new Map<string, PlanOptions>();

  /**
   * Queues a new plan with the stored inputs of plan `id` (same decisions, rows, seed, iterations
   * and options): it gets the same routes.
   * @throws NotFoundError for an unknown plan; ConflictError when its inputs are not stored (a plan
   *   stored before issue #14, or one that never started); TooManyRequestsError as `create`.
   */
  reproduce(id: string): { id: string; status: 'queued' } {
    const source = this.plans.get(id);
    if (!source) throw new NotFoundError(`unknown plan '${id.slice(0, 64)}'`);
    const inputs = this.plans.inputs(id);
    if (inputs === null) throw new ConflictError(`plan '${id}' has no stored inputs: it cannot be reproduced`);
    const { queued, running } = this.plans.pendingCounts();
    if (queued + running >= MAX_PENDING_PLANS) {
      throw new TooManyRequestsError(`${queued + running} plans are already queued or running (at most ${MAX_PENDING_PLANS}): try again later`, this.retryAfterS());
    }
    const copy = randomUUID();
    this.plans.create(copy, source.date, this.options.now().toISOString());
    this.plans.setInputs(copy, inputs, source.options);
    this.enqueue(copy);
    return { id: copy, status: 'queued' };
  }

  /**
   * Moves a plan forward in its day: `published` from `draft` (then drivers see it), `in_progress`
   * from `published`, `done` from `in_progress`.
   * @throws NotFoundError for an unknown plan; ConflictError for any other move.
   */
  setDayStatus(id: string, to: Exclude<DayStatus, 'draft'>): { id: string; dayStatus: DayStatus; publishedAt: string | null } {
    const plan = this.plans.get(id);
    if (!plan) throw new NotFoundError(`unknown plan '${id.slice(0, 64)}'`);
    const from: DayStatus = to === 'published' ? 'draft' : to === 'in_progress' ? 'published' : 'in_progress';
    if (plan.dayStatus !== from || !this.plans.setDayStatus(id, from, to, this.options.now().toISOString())) {
      throw new ConflictError(`plan '${id}' is ${plan.dayStatus ?? plan.status}: only a ${from} plan can become ${to}`);
    }
    const after = this.plans.get(id)!;
    return { id, dayStatus: after.dayStatus!, publishedAt: after.publishedAt };
  }

  /**
   * The round of `vehicleId` on `date` in the last published plan (what a driver sees).
   * @throws NotFoundError when no plan of that date is published, or it has no round for the vehicle.
   */
  publishedRound(date: string, vehicleId: string): { plan: PlanRow; route: PlanRouteRow; steps: PlanStepRow[] } {
    const plan = this.plans.published(date);
    if (!plan) throw new NotFoundError(`no plan of ${date} is published`);
    const route = this.plans.routes(plan.id).find((r) => r.vehicleId === vehicleId);
    if (!route) throw new NotFoundError(`the published plan of ${date} has no round for vehicle '${vehicleId}'`);
    return { plan, route, steps: this.plans.steps(plan.id).filter((s) => s.routeId === route.routeId) };
  }

  /** Puts a queued plan of this space in the job queue (also for plans resumed after a restart). */
  enqueue(id: string, label = `plan ${id}`): void {
    this.queue.enqueue(label, () => this.run(id));
  }

  /**
   * Cancels a queued or running plan.
   * @throws NotFoundError for an unknown plan; ConflictError when it has already finished.
   */
  async cancel(id: string): Promise<PlanRow> {
    const plan = this.plans.get(id);
    if (!plan) throw new NotFoundError(`unknown plan '${id.slice(0, 64)}'`);
    if (plan.status !== 'queued' && plan.status !== 'running') throw new ConflictError(`plan '${id}' is ${plan.status}: only a queued or running plan can be cancelled`);
    const message = `cancelled at ${this.options.now().toISOString()}`;
    this.plans.setStatus(id, 'cancelled', message);
    this.requestedOptions.delete(id);
    if (this.running === id) {
      this.cancelling.add(id);
      if (this.stopFlag) {
        // the search stops at its next step and hands back its best plan so far; a worker that
        // does not answer in time is stopped (the plan then keeps no routes)
        Atomics.store(this.stopFlag, 0, 1);
        setTimeout(() => {
          if (this.running === id) void this.worker.stop(`plan ${id} was cancelled`);
        }, CANCEL_GRACE_MS).unref();
      } else await this.worker.stop(`plan ${id} was cancelled`);
    } else this.events.done(id, 'cancelled', message);
    return this.plans.get(id)!;
  }

  /** Plans queued and running, and the bound. */
  pending(): { queued: number; running: number; max: number } {
    return { ...this.plans.pendingCounts(), max: MAX_PENDING_PLANS };
  }

  private retryAfterS(): number {
    const recent = this.durationsMs.length > 0 ? this.durationsMs.reduce((a, b) => a + b, 0) / this.durationsMs.length : 30_000;
    return Math.max(5, Math.round(recent / 1000));
  }

  /**
   * Everything the plan of `date` is computed from, with the decisions from the current data; with
   * `selection: 'horizon'`, the decisions the horizon planner makes of the same forecast
   * (`horizonSelection`).
   */
  async planInput(date: string, options: Pick<PlanOptions, 'selection' | 'horizonRiskPercent'> = {}): Promise<PlanInput> {
    let set = await this.decisions.decide(date, nextDate(date), DEFAULT_DECISION_RISK_PERCENT, 'fresh');
    if (options.selection === 'horizon') {
      if (!this.horizon) throw new Error('this plan service has no horizon planner');
      set = horizonSelection(set, this.horizon.fromSet(set, options.horizonRiskPercent ?? DEFAULT_HORIZON_RISK_PERCENT));
    }
    return {
      date,
      timeZone: this.timeZone,
      decisions: set.decisions.map((d) => ({
        binId: d.binId,
        decision: d.decision,
        expectedAtPlanPercent: d.expectedAtPlanPercent,
        ratePercentPerDay: d.ratePercentPerDay,
        ...(d.reasonCode ? { reasonCode: d.reasonCode } : {}),
      })),
      bins: this.bins.all(),
      sites: this.fleet.sites(),
      vehicles: this.fleet.vehicles(),
      seed: this.seed,
      iterations: this.maxIterations,
      ...(this.options.timeLimitMs !== undefined ? { timeLimitMs: this.options.timeLimitMs } : {}),
    };
  }

  /**
   * The problem document of `date` from the current data, built on this thread (for tests that
   * re-check a stored plan against it). Deterministic for unchanged data.
   */
  async buildProblem(date: string, options: Pick<PlanOptions, 'selection' | 'horizonRiskPercent'> = {}): Promise<BuiltProblem> {
    return buildDayProblem(await this.planInput(date, options));
  }

  /** {@link buildProblem}'s problem on the server's road network (this thread; for tests). */
  resolve(built: BuiltProblem): ResolvedProblem {
    return resolveDayProblem(built, this.road).resolved;
  }

  /**
   * Solves a queued plan and stores the result (or the failure, or the cancellation). Never throws.
   */
  async run(id: string): Promise<void> {
    const plan = this.plans.get(id);
    if (!plan || plan.status !== 'queued') return;
    const t0 = performance.now();
    this.running = id;
    const elapsedS = (): number => Math.round((performance.now() - t0) / 100) / 10;
    try {
      this.plans.setStatus(id, 'running');
      this.events.progress(id, 0, 'forecasting which bins to collect', { phase: 'forecast', elapsedS: 0 });
      const stored = this.plans.inputs(id) as PlanInput | null;
      let input: PlanInput;
      if (stored) input = stored;
      else {
        const options = this.requestedOptions.get(id) ?? plan.options;
        const base: PlanInput = { ...(await this.planInput(plan.date, options)), ...(options.overtimeMin > 0 ? { overtimeMin: options.overtimeMin } : {}) };
        // closures in force and a re-plan's fixed prefixes are part of the stored inputs, so the plan can be reproduced
        input = this.dayChanges ? this.dayChanges.input(id, base) : base;
        this.plans.setInputs(id, input, options);
      }
      this.requestedOptions.delete(id);
      if (this.plans.get(id)?.status !== 'running') throw new WorkerStoppedError('cancelled');
      const flag = new Int32Array(new SharedArrayBuffer(4));
      this.stopFlag = flag;
      const outcome = await this.worker.run({ kind: 'plan', input, stop: flag.buffer as SharedArrayBuffer }, (fraction, message, detail) => {
        const { rounds, ...rest }: Partial<NonNullable<typeof detail>> = detail ?? {};
        this.events.progress(id, fraction, message, { ...rest, elapsedS: elapsedS() });
        if (rounds) this.events.rounds(id, { iteration: rest.iteration ?? 0, routes: rounds });
      });
      const cancelled = this.plans.get(id)?.status === 'cancelled';
      if (!cancelled && this.plans.get(id)?.status !== 'running') throw new WorkerStoppedError('cancelled');
      this.binsService.noteUnreachable(outcome.unreachable);
      this.events.progress(id, 0.95, 'storing the plan', { phase: 'store', elapsedS: elapsedS() });
      const tStore = performance.now();
      this.plans.saveResult(id, this.dayChanges ? this.dayChanges.result(id, outcome.result) : outcome.result, cancelled ? 'cancelled' : 'done');
      if (cancelled) {
        this.log(`[plan] ${plan.date} ${id} cancelled; its best plan so far is kept (${outcome.result.routes.length} routes, ${outcome.iterations} iterations)`);
        this.events.done(id, 'cancelled', this.plans.get(id)?.error ?? 'cancelled');
        return;
      }
      const ms = Math.round(performance.now() - t0);
      this.durationsMs.push(ms);
      if (this.durationsMs.length > 5) this.durationsMs.shift();
      const laps = { ...outcome.lapMs, store: Math.round(performance.now() - tStore) };
      this.log(
        `[plan] ${plan.date} ${id} done in ${ms} ms (${outcome.result.routes.length} routes, ${outcome.result.summary.binsSelected} bins selected, ` +
          `${outcome.iterations} iterations, cost ${(outcome.result.summary.cost ?? 0).toFixed(2)} EUR; ` +
          `${Object.entries(laps).map(([k, v]) => `${k} ${v} ms`).join(', ')})`,
      );
      this.events.done(id, 'done', null);
    } catch (err) {
      if (this.cancelling.has(id) || (err instanceof WorkerStoppedError && this.plans.get(id)?.status === 'cancelled')) {
        const row = this.plans.get(id);
        this.log(`[plan] ${plan.date} ${id} cancelled`);
        this.events.done(id, 'cancelled', row?.error ?? 'cancelled');
        return;
      }
      const message = failureMessage(err);
      this.log(`[plan] ${plan.date} ${id} failed: ${message}`);
      this.plans.setStatus(id, 'failed', message);
      this.events.done(id, 'failed', message);
    } finally {
      this.cancelling.delete(id);
      this.running = null;
      this.stopFlag = null;
    }
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
        throw new Error(`plan '${planId}' was stored before the collection-day model`);
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
    const unassigned = PlanJsonSchema.shape.unassigned.parse(this.plans.unassigned(planId).map((u) => ({ binId: u.binId, reason: SOLVER_REASON_OF[u.reason] ?? u.reason, detail: u.detail })));
    return PlanJsonSchema.parse(assembleDayPlan(routes, unassigned));
  }
}
