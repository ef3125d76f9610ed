/**
 * Mid-day re-plans and done stops of one space. `POST /api/plans/:id/replan` makes a new plan of
 * the same day from a finished one (`replan-prefixes.ts` computes each truck's fixed prefix and
 * changes from the stored rows, kept with the new plan so running it again gives the same day);
 * it runs in the plans queue like any plan. Every plan of the space's day also routes around the
 * closures in force (`ClosuresService`): both reach the planning worker through {@link input},
 * and {@link result} names the bins an unavailable truck leaves (`vehicle_unavailable`). A plan's
 * done stops are those marked done (or carried over) and the bins its drivers reported collected
 * (issue #15: the current report of the step says `collected`).
 */
import { randomUUID } from 'node:crypto';
import { MAX_PENDING_PLANS, type ReplanInput } from '../../contract/index.js';
import type { PlanInput } from '../compute/plan-pipeline.js';
import type { FleetRepository } from '../db/repositories/fleet-repository.js';
import type { PlanResult, PlansRepository } from '../db/repositories/plans-repository.js';
import type { DoneStopRow, ReplansRepository } from '../db/repositories/replans-repository.js';
import { ConflictError, InvalidInputError, NotFoundError, TooManyRequestsError } from '../errors.js';
import type { ClosuresService } from './closures-service.js';
import { hhmmToSec } from './local-time.js';
import type { PlanDayChanges, PlanService } from './plan-service.js';
import { replanSpec, type ReplanPlanSpec } from './replan-prefixes.js';

const hhmm = (sec: number): string => `${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}`;

/** Re-plans, done stops, and the day changes of every plan (see the file comment). */
export class ReplanService implements PlanDayChanges {
  constructor(
    private readonly plansRepo: PlansRepository,
    private readonly replans: ReplansRepository,
    private readonly fleet: FleetRepository,
    private readonly closures: ClosuresService,
    private readonly plans: PlanService,
    private readonly now: () => Date,
    /** The bins drivers reported collected on a plan (issue #15): done for a re-plan like the stops marked done. */
    private readonly reportedDone: (planId: string) => DoneStopRow[] = () => [],
  ) {}

  /** A plan's done stops: those marked done or carried over, then the bins its drivers reported collected. */
  private allDone(planId: string): DoneStopRow[] {
    const marked = this.replans.doneStops(planId);
    const seen = new Set(marked.map((d) => d.binId));
    return [...marked, ...this.reportedDone(planId).filter((d) => !seen.has(d.binId))];
  }

  /**
   * Queues the re-plan of finished plan `sourceId`.
   * @throws NotFoundError for a plan of another space; ConflictError when it is not done;
   *   InvalidInputError for an unknown truck; TooManyRequestsError when the queue is full.
   */
  create(sourceId: string, body: ReplanInput): { id: string; status: 'queued'; sourcePlanId: string } {
    const source = this.plansRepo.get(sourceId);
    if (!source) throw new NotFoundError(`unknown plan '${sourceId.slice(0, 64)}'`);
    if (source.status !== 'done') throw new ConflictError(`plan '${sourceId}' is ${source.status}: only a done plan can be re-planned`);
    const vehicles = this.fleet.vehicles();
    const known = new Set(vehicles.map((v) => v.id));
    const issues = body.unavailable.flatMap((u, i) =>
      known.has(u.vehicleId) ? [] : [{ path: `unavailable[${i}].vehicleId`, message: `unknown vehicle '${u.vehicleId.slice(0, 64)}'`, code: 'unknown_vehicle' }],
    );
    if (issues.length > 0) throw new InvalidInputError(issues);
    const { queued, running } = this.plansRepo.pendingCounts();
    if (queued + running >= MAX_PENDING_PLANS) throw new TooManyRequestsError(`${queued + running} plans are already queued or running (at most ${MAX_PENDING_PLANS}): try again later`, 30);
    const depot = this.fleet.sites().find((s) => s.kind === 'depot');
    if (!depot) throw new ConflictError('the space has no depot');
    const atSec = hhmmToSec(body.at);
    const unavailable = body.unavailable.map((u) => ({ vehicleId: u.vehicleId, fromSec: hhmmToSec(u.from) }));
    const spec = replanSpec(
      this.plansRepo.routes(sourceId),
      this.plansRepo.steps(sourceId),
      this.allDone(sourceId),
      vehicles,
      [depot.lng, depot.lat],
      { atSec, unavailable: new Map(unavailable.map((u) => [u.vehicleId, u.fromSec])), assumeDoneBeforeAt: body.assumeDoneBeforeAt },
    );
    const id = randomUUID();
    this.replans.create(this.plansRepo, { planId: id, sourcePlanId: sourceId, atSec, unavailable, doneBeforeAt: body.assumeDoneBeforeAt, spec }, source.date, this.now().toISOString(), spec.carried);
    this.plans.enqueue(id, `re-plan ${id} of ${sourceId}`);
    return { id, status: 'queued', sourcePlanId: sourceId };
  }

  /** The done stops of a plan and, for a re-plan, what it was made from. @throws NotFoundError */
  doneStops(planId: string): { planId: string; done: DoneStopRow[]; replanOf: { sourcePlanId: string; at: string; unavailable: { vehicleId: string; from: string }[]; assumeDoneBeforeAt: boolean } | null } {
    if (!this.plansRepo.get(planId)) throw new NotFoundError(`unknown plan '${planId.slice(0, 64)}'`);
    const r = this.replans.get(planId);
    return {
      planId,
      done: this.allDone(planId),
      replanOf: r ? { sourcePlanId: r.sourcePlanId, at: hhmm(r.atSec), unavailable: r.unavailable.map((u) => ({ vehicleId: u.vehicleId, from: hhmm(u.fromSec) })), assumeDoneBeforeAt: r.doneBeforeAt } : null,
    };
  }

  /**
   * Reports a bin stop of a done plan done (the manager, for a driver).
   * @throws NotFoundError for an unknown plan, or a bin no route of it serves; ConflictError when the plan is not done.
   */
  markDone(planId: string, binId: string): void {
    const plan = this.plansRepo.get(planId);
    if (!plan) throw new NotFoundError(`unknown plan '${planId.slice(0, 64)}'`);
    if (plan.status !== 'done') throw new ConflictError(`plan '${planId}' is ${plan.status}: stops are reported done on a done plan`);
    if (!this.plansRepo.steps(planId).some((s) => s.kind === 'bin' && s.refId === binId)) throw new NotFoundError(`no route of plan '${planId}' serves bin '${binId.slice(0, 64)}'`);
    this.replans.markDone(planId, binId, this.now().toISOString());
  }

  /**
   * @throws NotFoundError when the stop was not reported done (or was carried over from an earlier
   *   plan); ConflictError when it is done by a driver's report (reports are kept as sent: the
   *   driver corrects it from the tablet).
   */
  unmarkDone(planId: string, binId: string): void {
    if (!this.plansRepo.get(planId)) throw new NotFoundError(`unknown plan '${planId.slice(0, 64)}'`);
    if (this.replans.unmarkDone(planId, binId)) return;
    if (this.reportedDone(planId).some((d) => d.binId === binId)) {
      throw new ConflictError(`bin '${binId.slice(0, 64)}' is done by a driver's report on plan '${planId}': reports are kept as sent, the driver corrects them from the tablet`);
    }
    throw new NotFoundError(`bin '${binId.slice(0, 64)}' is not reported done on plan '${planId}'`);
  }

  /** The plan's input with the closures of its day and, for a re-plan, its prefixes (see the file comment). */
  input(planId: string, base: PlanInput): PlanInput {
    const closures = this.closures.inForceOn(base.date);
    const row = this.replans.get(planId);
    if (!row) return closures.length > 0 ? { ...base, closures } : base;
    const spec = row.spec as ReplanPlanSpec;
    const known = new Set(base.bins.map((b) => b.id));
    const doneIds = new Set(spec.prefixes.flatMap((p) => p.doneBinIds));
    const keep = new Set(spec.keepBinIds);
    const decisions = new Map(base.decisions.map((d) => [d.binId, d]));
    for (const id of [...doneIds, ...keep]) {
      if (!known.has(id)) continue;
      const d = decisions.get(id);
      if (!d || d.decision === 'skip') decisions.set(id, { binId: id, decision: doneIds.has(id) ? 'must' : 'may', expectedAtPlanPercent: d?.expectedAtPlanPercent ?? null });
    }
    const prefixes = spec.prefixes.map((p) => ({ ...p, doneBinIds: p.doneBinIds.filter((id) => known.has(id)) }));
    return { ...base, decisions: [...decisions.values()], replan: { atSec: spec.atSec, prefixes, changes: spec.changes }, ...(closures.length > 0 ? { closures } : {}) };
  }

  /** A finished plan's rows with the reason `vehicle_unavailable` where an unavailable truck left a bin no other truck could take. */
  result(planId: string, result: PlanResult): PlanResult {
    const row = this.replans.get(planId);
    if (!row) return result;
    const spec = row.spec as ReplanPlanSpec;
    const left = new Map(spec.unavailableBins.map((u) => [u.binId, u]));
    const carried = spec.prefixes.reduce((n, p) => n + p.doneBinIds.length, 0);
    return {
      ...result,
      // the bins of the rest of the day: the done ones are counted in the notice, not as selected
      summary: { ...result.summary, binsSelected: Math.max(0, result.summary.binsSelected - carried) },
      notice:
        result.notice ??
        `re-plan from ${hhmm(row.atSec)} of plan ${row.sourcePlanId}: ${carried} stop(s) already done kept` +
          (row.unavailable.length > 0 ? `; unavailable: ${row.unavailable.map((u) => `${u.vehicleId} from ${hhmm(u.fromSec)}`).join(', ')}` : ''),
      unassigned: result.unassigned.map((u) => {
        const l = left.get(u.binId);
        if (!l || u.reason !== 'shift_too_short') return u;
        return { binId: u.binId, reason: 'vehicle_unavailable', detail: `its truck ${l.vehicleId} is unavailable from ${hhmm(l.fromSec)} and no other truck has time for it (${u.detail})` };
      }),
    };
  }
}
