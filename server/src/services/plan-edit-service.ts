/**
 * Editing the plans of one space (issue #14, items 2 and 3). A plan's edits are re-evaluated in
 * the queries worker on the plan's own travel matrix (`compute/plan-edit.ts`) and checked by
 * `checkDayPlan`; `evaluate` answers without storing, `store` keeps the result as a new version
 * (the routes, stops and unassigned rows then hold it; violations are kept with it and shown,
 * never repaired), `undo` and `redo` move between versions. `reoptimise` runs `solveDay` around the
 * locks in the planning worker as a job; `accept` stores its proposal as a new version.
 *
 * Version 0 is the solver's plan; it is written to `plan_versions` with the first stored edit.
 */
import { randomUUID } from 'node:crypto';
import type { PlanDto } from '../../contract/index.js';
import type { EvaluatedPlan, PlanEdit, PlanEditState, PlanLock, PlanViolation, ReoptimiseJob } from '../../contract/plan-edit.js';
import type { ComputeWorker } from '../compute/compute-client.js';
import type { EditMeta, EditOutcome, EditRows } from '../compute/plan-edit.js';
import type { FleetRepository } from '../db/repositories/fleet-repository.js';
import type { PlanEditsRepository } from '../db/repositories/plan-edits-repository.js';
import type { PlanRow, PlansRepository } from '../db/repositories/plans-repository.js';
import { ConflictError, InvalidInputError, NotFoundError, TooManyRequestsError } from '../errors.js';
import { forcedBinsOf, toPlanDto } from '../presenters/plan-presenter.js';
import type { PlanJson } from '../solver.js';
import type { PlanService } from './plan-service.js';

/** A plan version as the edits see it. */
interface Current {
  readonly row: PlanRow;
  readonly version: number;
  readonly latest: number;
  readonly plan: PlanJson;
  readonly locks: PlanLock[];
  readonly violations: PlanViolation[];
  readonly problem: string;
}

interface Job {
  dto: Omit<ReoptimiseJob, 'proposal'>;
  proposal: { plan: PlanJson; locks: PlanLock[]; violations: PlanViolation[]; dto: PlanDto; deltaDistanceM: number; deltaCost: number } | null;
}

/** Re-optimisation jobs kept per space (finished ones are dropped oldest first). */
const MAX_JOBS = 20;
/** Parsed plan versions kept per space. */
const VERSION_CACHE_SIZE = 8;

/** The edits, versions and re-optimisations of one space's plans (see the file comment). */
export class PlanEditService {
  private readonly jobs = new Map<string, Job>();
  /**
   * Parsed plan versions by `plan|version|kind` (a stored version never changes; version 0 read
   * from the rows until the first edit stores it). Entries are shared: never mutated.
   */
  private readonly versions = new Map<string, Pick<Current, 'plan' | 'locks' | 'violations'>>();

  constructor(
    private readonly plans: PlanService,
    private readonly plansRepo: PlansRepository,
    private readonly edits: PlanEditsRepository,
    private readonly fleet: FleetRepository,
    private readonly queries: ComputeWorker,
    private readonly planner: ComputeWorker,
    private readonly options: { timeZone: string; now: () => Date; iterations: number },
  ) {}

  /**
   * The current version of a done plan of this space.
   * @throws NotFoundError for a plan of another space; ConflictError for a plan not done, or stored before plans kept their problem.
   */
  private current(planId: string): Current {
    const row = this.plans.get(planId);
    if (!row) throw new NotFoundError(`unknown plan '${planId}'`);
    if (row.status !== 'done') throw new ConflictError(`plan '${planId}' is ${row.status}: only a finished plan can be edited`);
    const problem = this.edits.problem(planId);
    if (problem === undefined) throw new ConflictError(`plan '${planId}' was stored before plans kept their problem: plan the day again to edit it`);
    const version = this.edits.head(planId);
    const latest = this.edits.latest(planId) ?? 0;
    const key = `${planId}|${version}|${latest === 0 ? 'solver' : 'stored'}`;
    let hit = this.versions.get(key);
    if (!hit) {
      if (version === 0 && latest === 0) hit = { plan: this.plans.storedDayPlan(planId), locks: [], violations: [] };
      else {
        const v = this.edits.version(planId, version);
        if (!v) throw new Error(`plan '${planId}' has no stored version ${version}`);
        hit = { plan: JSON.parse(v.plan) as PlanJson, locks: JSON.parse(v.locks) as PlanLock[], violations: JSON.parse(v.violations) as PlanViolation[] };
      }
      this.versions.set(key, hit);
      while (this.versions.size > VERSION_CACHE_SIZE) this.versions.delete(this.versions.keys().next().value!);
    }
    return { row, version, latest, ...hit, problem };
  }

  private meta(row: PlanRow): EditMeta {
    return {
      date: row.date,
      timeZone: this.options.timeZone,
      vehicles: this.fleet.vehicles().map((v) => ({ id: v.id, name: v.name, streams: v.streams, capacityLitres: v.capacityLitres, capacityKg: v.capacityKg })),
      binsSelected: row.summary?.binsSelected ?? 0,
      binsOptional: row.summary?.binsOptional,
    };
  }

  private async run(cur: Current, base: PlanJson, locks: readonly PlanLock[], edits: readonly PlanEdit[], geometry: boolean): Promise<Extract<EditOutcome, { ok: true }>> {
    const out = await this.queries.run({ kind: 'edit', planId: cur.row.id, problem: cur.problem, base, locks, edits, meta: this.meta(cur.row), geometry });
    if (!out.ok) throw new InvalidInputError(out.issues);
    return out;
  }

  private dtoOf(row: PlanRow, rows: EditRows): PlanDto {
    return toPlanDto({ ...row, summary: rows.summary }, rows.routes, rows.steps, rows.unassigned, forcedBinsOf(this.plansRepo.inputs(row.id)));
  }

  private state(planId: string, version: number, latest: number, locks: PlanLock[], violations: PlanViolation[]): PlanEditState {
    return { planId, version, latestVersion: latest, canUndo: version > 0, canRedo: version < latest, locks, violations };
  }

  /** Where plan `planId` stands in its edits. */
  editState(planId: string): PlanEditState {
    const cur = this.current(planId);
    return this.state(planId, cur.version, cur.latest, cur.locks, cur.violations);
  }

  /** The current version with `edits` applied, re-evaluated and checked; nothing stored. @throws InvalidInputError for edits naming unknown bins or vehicles. */
  async evaluate(planId: string, edits: readonly PlanEdit[]): Promise<EvaluatedPlan> {
    const cur = this.current(planId);
    const out = await this.run(cur, cur.plan, cur.locks, edits, false);
    return { ...this.state(planId, cur.version, cur.latest, out.locks, out.violations.map(toViolation)), stored: false, plan: this.dtoOf(cur.row, out.rows) };
  }

  /**
   * Stores `outcome` as the version after `baseVersion` (dropping any redo branch), in one transaction.
   * @throws ConflictError when `baseVersion` is no longer the current version.
   */
  private commit(cur: Current, baseVersion: number, editsRecord: unknown, outcome: Extract<EditOutcome, { ok: true }>, author: string | null): EvaluatedPlan {
    const planId = cur.row.id;
    const violations = outcome.violations.map(toViolation);
    const createdAt = this.options.now().toISOString();
    this.edits.transaction(() => {
      if (this.edits.head(planId) !== baseVersion) throw new ConflictError(`plan '${planId}' is at version ${this.edits.head(planId)}, not ${baseVersion}: reload it`);
      if (this.edits.latest(planId) === null) {
        this.edits.insert(planId, { version: 0, createdAt: cur.row.createdAt, author: null, edits: '[]', locks: '[]', plan: JSON.stringify(cur.plan), violations: '[]' });
      }
      this.edits.deleteAfter(planId, baseVersion);
      this.edits.insert(planId, {
        version: baseVersion + 1,
        createdAt,
        author,
        edits: JSON.stringify(editsRecord),
        locks: JSON.stringify(outcome.locks),
        plan: JSON.stringify(outcome.plan),
        violations: JSON.stringify(violations),
      });
      this.edits.setHead(planId, baseVersion + 1);
      this.plansRepo.replaceRows(planId, outcome.rows);
    });
    // a new version may take the number of one a redo branch held
    for (const key of [...this.versions.keys()]) if (key.startsWith(`${planId}|`)) this.versions.delete(key);
    const d = this.plans.details(planId);
    return { ...this.state(planId, baseVersion + 1, baseVersion + 1, outcome.locks, violations), stored: true, plan: toPlanDto(d.plan, d.routes, d.steps, d.unassigned, d.forcedBins) };
  }

  /**
   * Applies `edits` to version `baseVersion` and stores the result as the next version, with its
   * violations (kept and shown, never repaired).
   * @throws ConflictError when `baseVersion` is not the current version; InvalidInputError for bad edits.
   */
  async store(planId: string, baseVersion: number, edits: readonly PlanEdit[], author: string | null): Promise<EvaluatedPlan> {
    const cur = this.current(planId);
    if (cur.version !== baseVersion) throw new ConflictError(`plan '${planId}' is at version ${cur.version}, not ${baseVersion}: reload it`);
    const out = await this.run(cur, cur.plan, cur.locks, edits, true);
    return this.commit(cur, baseVersion, edits, out, author);
  }

  /** Moves the plan to version `to` (undo, redo): its rows are rebuilt from that version. */
  private async moveTo(planId: string, to: (cur: Current) => number | null, what: string): Promise<EvaluatedPlan> {
    const cur = this.current(planId);
    const target = to(cur);
    if (target === null) throw new ConflictError(`nothing to ${what} on plan '${planId}'`);
    const v = this.edits.version(planId, target);
    if (!v) throw new ConflictError(`plan '${planId}' has no version ${target}`);
    const locks = JSON.parse(v.locks) as PlanLock[];
    const out = await this.run(cur, JSON.parse(v.plan) as PlanJson, locks, [], true);
    const violations = out.violations.map(toViolation);
    this.edits.transaction(() => {
      if (this.edits.head(planId) !== cur.version) throw new ConflictError(`plan '${planId}' changed meanwhile: reload it`);
      this.edits.setHead(planId, target);
      this.plansRepo.replaceRows(planId, out.rows);
    });
    const d = this.plans.details(planId);
    return { ...this.state(planId, target, cur.latest, locks, violations), stored: true, plan: toPlanDto(d.plan, d.routes, d.steps, d.unassigned, d.forcedBins) };
  }

  /** Back to the version before. @throws ConflictError at version 0. */
  undo(planId: string): Promise<EvaluatedPlan> {
    return this.moveTo(planId, (c) => (c.version > 0 ? c.version - 1 : null), 'undo');
  }

  /** Forward to the version an undo left. @throws ConflictError when there is none. */
  redo(planId: string): Promise<EvaluatedPlan> {
    return this.moveTo(planId, (c) => (c.version < c.latest ? c.version + 1 : null), 'redo');
  }

  /**
   * Starts re-optimising the rest of the current version around its locks (planning worker).
   * @throws TooManyRequestsError when a re-optimisation of this plan is already running.
   */
  reoptimise(planId: string, seed: number | undefined, iterations: number | undefined): ReoptimiseJob {
    const cur = this.current(planId);
    for (const j of this.jobs.values()) if (j.dto.planId === planId && j.dto.status === 'running') throw new TooManyRequestsError(`plan '${planId}' is already being re-optimised`, 5);
    const job: Job = {
      dto: {
        jobId: randomUUID(),
        planId,
        status: 'running',
        fraction: 0,
        message: 'queued',
        baseVersion: cur.version,
        createdAt: this.options.now().toISOString(),
        error: null,
      },
      proposal: null,
    };
    this.jobs.set(job.dto.jobId, job);
    for (const [id, j] of this.jobs) {
      if (this.jobs.size <= MAX_JOBS) break;
      if (j.dto.status !== 'running') this.jobs.delete(id);
    }
    const its = iterations ?? this.options.iterations;
    this.planner
      .run({ kind: 'reoptimise', planId, problem: cur.problem, base: cur.plan, locks: cur.locks, seed: seed ?? 1, iterations: its, meta: this.meta(cur.row) }, (fraction, message) => {
        job.dto.fraction = Math.min(1, Math.max(0, fraction));
        job.dto.message = message;
      })
      .then((out) => {
        job.proposal = {
          plan: out.plan,
          locks: cur.locks,
          violations: out.violations.map(toViolation),
          dto: this.dtoOf(cur.row, out.rows),
          deltaDistanceM: out.plan.totals.distanceM - cur.plan.totals.distanceM,
          deltaCost: Math.round((out.plan.totals.cost - cur.plan.totals.cost) * 100) / 100,
        };
        job.dto = { ...job.dto, status: 'done', fraction: 1, message: 'done' };
      })
      .catch((err: unknown) => {
        job.dto = { ...job.dto, status: 'failed', error: err instanceof Error ? err.message : String(err), message: 'failed' };
      });
    return this.jobDto(job);
  }

  private findJob(planId: string, jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job || job.dto.planId !== planId) throw new NotFoundError(`unknown re-optimisation '${jobId}'`);
    return job;
  }

  private jobDto(job: Job): ReoptimiseJob {
    const p = job.proposal;
    return { ...job.dto, proposal: p && { plan: p.dto, locks: p.locks, violations: p.violations, deltaDistanceM: p.deltaDistanceM, deltaCost: p.deltaCost } };
  }

  /** A re-optimisation of plan `planId`: progress, then its proposal. @throws NotFoundError for an unknown job. */
  job(planId: string, jobId: string): ReoptimiseJob {
    if (!this.plans.get(planId)) throw new NotFoundError(`unknown plan '${planId}'`);
    return this.jobDto(this.findJob(planId, jobId));
  }

  /**
   * Stores a finished re-optimisation's proposal as the next version.
   * @throws ConflictError when the job is not done or the plan changed since it started.
   */
  async accept(planId: string, jobId: string, author: string | null): Promise<EvaluatedPlan> {
    const cur = this.current(planId);
    const job = this.findJob(planId, jobId);
    if (job.dto.status !== 'done' || !job.proposal) throw new ConflictError(`re-optimisation '${jobId}' is ${job.dto.status}`);
    if (job.dto.baseVersion !== cur.version) throw new ConflictError(`plan '${planId}' changed since the re-optimisation started (version ${cur.version}, not ${job.dto.baseVersion})`);
    const out = await this.run(cur, job.proposal.plan, job.proposal.locks, [], true);
    const result = this.commit(cur, cur.version, [{ op: 'reoptimise', jobId }], out, author);
    this.jobs.delete(jobId);
    return result;
  }
}

function toViolation(v: { code: string; message: string; vehicleId?: string; binId?: string }): PlanViolation {
  return { code: v.code, message: v.message, ...(v.vehicleId !== undefined ? { vehicleId: v.vehicleId } : {}), ...(v.binId !== undefined ? { binId: v.binId } : {}) };
}
