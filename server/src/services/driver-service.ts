/**
 * The driver's tablet in one space (issue #15): the round of today in the last published plan,
 * with what the driver needs at each step (street, stream, volume, expected fill, access notes);
 * the reports the driver makes (append only, idempotent on the tablet-made id, checked all or
 * nothing); the truck's positions during the shift; and the manager's view of the day's progress.
 *
 * Reports are the truth the rest reads: the first report of a published plan moves its day to
 * `in_progress`; the current status of a step is its latest report (by `at`), a `collected` report resets the bin in the one forecast (`DecisionService`), a bin
 * reported overflowing is `must` until collected, and the mid-day re-plan counts collected bins
 * as done (`ReplanService`).
 */
import {
  REPORT_CORRECTION_MIN,
  type NotCollectedReason,
  type PlanProgressDto,
  type ReportInput,
  type ReportIssueCode,
  type ReportOutcome,
  type RoundStepDetail,
  type StoredReport,
} from '../../contract/driver.js';
import type { Issue } from '../../contract/index.js';
import type { PlanDecision, PlanInput } from '../compute/plan-pipeline.js';
import type { BinRow, BinsRepository } from '../db/repositories/bins-repository.js';
import type { DriverRepository, PositionRow, ReportRow } from '../db/repositories/driver-repository.js';
import type { FleetRepository } from '../db/repositories/fleet-repository.js';
import type { PlanRouteRow, PlanRow, PlanStepRow, PlansRepository } from '../db/repositories/plans-repository.js';
import type { DoneStopRow } from '../db/repositories/replans-repository.js';
import type { SpaceRow } from '../db/repositories/spaces-repository.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { snapPoints } from '../solver.js';
import { MAX_SNAP_M, type RoadContext } from './road-context.js';
import { localDateOf, planForecastMs } from './local-time.js';
import { nearestStreetName } from './street-names.js';

/** How far ahead of the server's clock a report's or position's `at` may be (tablet clock skew), ms. */
export const CLOCK_SKEW_MS = 2 * 60_000;
/** Positions are kept from this long before the round's start... */
export const SHIFT_BEFORE_MS = 30 * 60_000;
/** ...to this long after its end. */
export const SHIFT_AFTER_MS = 60 * 60_000;

/** Which outcomes a step kind accepts. */
const OUTCOMES_OF: Record<PlanStepRow['kind'], readonly ReportOutcome[]> = {
  start: [],
  end: [],
  bin: ['collected', 'not_collected'],
  disposal: ['disposal_done'],
  break: ['break_done'],
};
const KIND_WORD: Record<PlanStepRow['kind'], string> = { start: 'the depot', end: 'the depot', bin: 'a bin', disposal: 'a disposal visit', break: 'the break' };

/** A round of today with its parts, before presentation. */
export interface RoundToday {
  plan: PlanRow;
  route: PlanRouteRow;
  /** The route's steps in order (index = `stepIndex`). */
  steps: PlanStepRow[];
  details: RoundStepDetail[];
  reports: StoredReport[];
}

/** The latest report of each step, by `at` (then arrival at the server): the step's current status. */
export function currentReports(rows: readonly ReportRow[]): Map<string, ReportRow> {
  const out = new Map<string, ReportRow>();
  for (const r of rows) {
    const key = `${r.routeId}|${r.stepIdx}`;
    const prev = out.get(key);
    if (!prev || r.at > prev.at || (r.at === prev.at && r.receivedAt >= prev.receivedAt)) out.set(key, r);
  }
  return out;
}

/** A stored report as the contract's DTO. */
export function toStoredReport(r: ReportRow): StoredReport {
  return {
    id: r.id,
    stepIndex: r.stepIdx,
    outcome: r.outcome,
    reason: r.reason,
    note: r.note,
    fillPercent: r.fillPercent,
    weightKg: r.weightKg,
    at: r.at,
    receivedAt: r.receivedAt,
    corrects: r.corrects,
    by: r.byName,
  };
}

/** Who sends reports and positions: a signed-in driver bound to a truck. */
export interface Reporter {
  userId: string;
  displayName: string;
  vehicleId: string | null;
}

/** Whether a stored report says the same as an input (a retried send). */
function sameContent(r: ReportRow, i: ReportInput): boolean {
  const eq = (a: number | null, b: number | undefined): boolean => a === (b ?? null);
  return (
    r.planId === i.planId &&
    r.routeId === i.routeId &&
    r.stepIdx === i.stepIndex &&
    r.outcome === i.outcome &&
    r.reason === (i.reason ?? null) &&
    r.note === (i.note ?? null) &&
    eq(r.fillPercent, i.fillPercent) &&
    eq(r.weightKg, i.weightKg) &&
    Date.parse(r.at) === Date.parse(i.at) &&
    eq(r.lng, i.position?.lng) &&
    eq(r.lat, i.position?.lat) &&
    eq(r.accuracyM, i.position?.accuracyM)
  );
}

const hhmm = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** The tablet's services of one space (see the file comment). */
export class DriverService {
  private readonly streets = new Map<string, string | null>();

  constructor(
    private readonly space: SpaceRow,
    private readonly repo: DriverRepository,
    private readonly plans: PlansRepository,
    private readonly bins: BinsRepository,
    private readonly fleet: FleetRepository,
    private readonly road: RoadContext,
    private readonly now: () => Date,
    /** Called after reports are stored (the forecast and map bodies depend on them). */
    private readonly onReports: () => void,
  ) {}

  /** Today's date in the space's time zone. */
  today(): string {
    return localDateOf(this.now(), this.space.timeZone);
  }

  /**
   * The driver's round in the last published plan of today (space time zone), with the details of
   * each step and the stored reports.
   * @throws NotFoundError when the person drives no truck, no plan of today is published, or it
   *   has no round for the truck.
   */
  roundToday(vehicleId: string | null): RoundToday {
    if (vehicleId === null) throw new NotFoundError('this person drives no vehicle: an admin binds a driver to a truck');
    const date = this.today();
    const plan = this.plans.published(date);
    if (!plan) throw new NotFoundError(`no plan of today (${date}) is published yet: the manager publishes the day's plan for the drivers`);
    const route = this.plans.routes(plan.id).find((r) => r.vehicleId === vehicleId);
    if (!route) throw new NotFoundError(`the published plan of today (${date}) has no round for vehicle '${vehicleId}'`);
    const steps = this.routeSteps(plan.id, route.routeId);
    return { plan, route, steps, details: this.details(plan, steps), reports: this.repo.reportsOfRoute(plan.id, route.routeId).map(toStoredReport) };
  }

  private routeSteps(planId: string, routeId: string): PlanStepRow[] {
    return this.plans
      .steps(planId)
      .filter((s) => s.routeId === routeId)
      .sort((a, b) => a.stepIdx - b.stepIdx);
  }

  /** What the driver needs at each step (street, stream, volume, expected fill at the planned arrival, access notes). */
  private details(plan: PlanRow, steps: readonly PlanStepRow[]): RoundStepDetail[] {
    const inputs = this.plans.inputs(plan.id) as PlanInput | null;
    const binsById = new Map<string, BinRow>((inputs?.bins ?? this.bins.all()).map((b) => [b.id, b]));
    for (const b of this.bins.all()) if (!binsById.has(b.id)) binsById.set(b.id, b);
    const decisions = new Map<string, PlanDecision>((inputs?.decisions ?? []).map((d) => [d.binId, d]));
    const sites = new Map(this.fleet.sites().map((s) => [s.id, s]));
    const notes = this.bins.accessNotes();
    const planAtMs = planForecastMs(plan.date, this.space.timeZone);
    const commune = this.space.communes.length === 1 ? this.space.communes[0]! : null;
    return steps.map((s, stepIndex): RoundStepDetail => {
      const kind = s.kind === 'start' || s.kind === 'end' ? 'depot' : s.kind;
      const id = s.kind === 'break' ? null : s.refId;
      if (s.kind === 'bin' && id !== null) {
        const bin = binsById.get(id);
        const d = decisions.get(id);
        return {
          stepIndex,
          kind,
          id,
          address: this.address(`bin:${id}@${bin?.lng ?? s.lng},${bin?.lat ?? s.lat}`, bin ?? s, this.road.binSnaps.get(id), commune),
          label: null,
          stream: bin?.stream ?? null,
          volumeL: bin?.capacityLitres ?? null,
          expectedFillPercent: expectedFill(d, planAtMs, Date.parse(s.arrivalAt)),
          accessNotes: notes.get(id) ?? null,
        };
      }
      const site = id !== null ? sites.get(id) : undefined;
      return {
        stepIndex,
        kind,
        id,
        address: id === null ? null : this.address(`site:${id}@${site?.lng ?? s.lng},${site?.lat ?? s.lat}`, site ?? s, this.road.siteSnaps.get(id), commune),
        label: site?.name ?? null,
        stream: null,
        volumeL: null,
        expectedFillPercent: null,
        accessNotes: null,
      };
    });
  }

  /** "Street, Commune" of a place (its street cached by id and position), or the commune alone, or null. */
  private address(key: string, at: { lng: number; lat: number }, snap: Parameters<typeof nearestStreetName>[1], commune: string | null): string | null {
    let street = this.streets.get(key);
    if (street === undefined) {
      const net = this.road.source !== null ? this.road.net : null;
      const s = snap ?? (net ? snapPoints(net, [[at.lng, at.lat]], MAX_SNAP_M)[0] : undefined);
      street = nearestStreetName(net, s);
      this.streets.set(key, street);
    }
    if (street && commune) return `${street}, ${commune}`;
    return street ?? commune;
  }

  /**
   * Stores a batch of reports, all or nothing (see the file comment and `POST /api/reports`).
   * @returns each report's id and whether it was created or a duplicate of a stored one.
   * @throws InvalidInputError listing every problem by path; ConflictError (listing them too) when
   *   an id is already stored with other content.
   */
  report(reporter: Reporter, batch: readonly ReportInput[]): { id: string; status: 'created' | 'duplicate' }[] {
    const issues: Issue[] = [];
    let conflict = false;
    const nowMs = this.now().getTime();
    const receivedAt = new Date(nowMs).toISOString();
    const results: { id: string; status: 'created' | 'duplicate' }[] = [];
    const fresh: { index: number; input: ReportInput; plan: PlanRow; route: PlanRouteRow; step: PlanStepRow }[] = [];
    const seenInBatch = new Map<string, ReportInput>();
    const planCache = new Map<string, { plan: PlanRow; routes: PlanRouteRow[] } | null>();
    const stepsCache = new Map<string, PlanStepRow[]>();

    batch.forEach((input, i) => {
      const path = (f: string): string => `reports[${i}].${f}`;
      const stored = this.repo.reportAnySpace(input.id);
      const earlier = seenInBatch.get(input.id);
      if (stored || earlier) {
        const same = stored ? stored.spaceId === this.space.id && sameContent(stored, input) : JSON.stringify(earlier) === JSON.stringify(input);
        if (same) results.push({ id: input.id, status: 'duplicate' });
        else {
          conflict = true;
          issues.push({ path: path('id'), message: `report '${input.id}' is already ${stored ? 'stored' : 'in this batch'} with other content`, code: 'conflict' satisfies ReportIssueCode });
        }
        return;
      }
      seenInBatch.set(input.id, input);
      results.push({ id: input.id, status: 'created' });
      const before = issues.length;
      const add = (f: string, message: string, code: ReportIssueCode): void => void issues.push({ path: path(f), message, code });

      let p = planCache.get(input.planId);
      if (p === undefined) {
        const plan = this.plans.get(input.planId);
        p = plan ? { plan, routes: this.plans.routes(plan.id) } : null;
        planCache.set(input.planId, p);
      }
      if (!p) return add('planId', `unknown plan '${input.planId}'`, 'unknown_plan');
      if (p.plan.dayStatus === null || p.plan.dayStatus === 'draft') return add('planId', `plan '${input.planId}' is not published: drivers report on published plans only`, 'not_published');
      const route = p.routes.find((r) => r.routeId === input.routeId);
      if (!route) return add('routeId', `unknown route '${input.routeId}' in plan '${input.planId}'`, 'unknown_route');
      if (route.vehicleId !== reporter.vehicleId) return add('routeId', `route '${input.routeId}' is the round of another truck (${route.vehicleId}), not yours`, 'other_round');
      const key = `${input.planId}|${input.routeId}`;
      let steps = stepsCache.get(key);
      if (!steps) stepsCache.set(key, (steps = this.routeSteps(input.planId, input.routeId)));
      const step = steps[input.stepIndex];
      if (!step) return add('stepIndex', `route '${input.routeId}' has no step ${input.stepIndex} (it has ${steps.length})`, 'unknown_step');

      const allowed = OUTCOMES_OF[step.kind];
      if (!allowed.includes(input.outcome)) {
        add('outcome', allowed.length === 0 ? `step ${input.stepIndex} is ${KIND_WORD[step.kind]}: it takes no report` : `step ${input.stepIndex} is ${KIND_WORD[step.kind]}: the outcome must be ${allowed.join(' or ')}`, 'outcome_mismatch');
      }
      if (input.outcome === 'not_collected' && input.reason === undefined) add('reason', 'a not-collected report needs a reason', 'reason_required');
      if (input.outcome !== 'not_collected' && input.reason !== undefined) add('reason', 'a reason goes with not_collected only', 'reason_unexpected');
      if (input.reason === 'other' && !input.note?.trim()) add('note', "the reason 'other' needs a note", 'note_required');
      const atMs = Date.parse(input.at);
      if (atMs > nowMs + CLOCK_SKEW_MS) add('at', `${input.at} is in the future (the server's clock says ${receivedAt})`, 'in_future');
      else if (localDateOf(new Date(atMs), this.space.timeZone) !== p.plan.date) add('at', `${input.at} is not on the plan's date ${p.plan.date}`, 'wrong_date');
      if (issues.length === before) fresh.push({ index: i, input, plan: p.plan, route, step });
    });

    // corrections: each new report against the step's latest report so far (stored, then earlier in the batch by `at`)
    const rows: ReportRow[] = [];
    const history = new Map<string, ReportRow[]>();
    const windowMs = REPORT_CORRECTION_MIN * 60_000;
    for (const f of [...fresh].sort((a, b) => Date.parse(a.input.at) - Date.parse(b.input.at) || a.index - b.index)) {
      const key = `${f.input.planId}|${f.input.routeId}`;
      let h = history.get(key);
      if (!h) history.set(key, (h = this.repo.reportsOfRoute(f.input.planId, f.input.routeId)));
      const atIso = new Date(Date.parse(f.input.at)).toISOString();
      const prev = currentReports(h.filter((r) => r.stepIdx === f.input.stepIndex)).get(`${f.input.routeId}|${f.input.stepIndex}`);
      let corrects: string | null = null;
      if (prev) {
        const gap = Date.parse(atIso) - Date.parse(prev.at);
        if (Math.abs(gap) > windowMs) {
          issues.push({
            path: `reports[${f.index}].stepIndex`,
            message: `step ${f.input.stepIndex} was already reported at ${hhmm(prev.at, this.space.timeZone)} (${prev.outcome}): a report can be corrected within ${REPORT_CORRECTION_MIN} minutes only`,
            code: 'already_reported' satisfies ReportIssueCode,
          });
          continue;
        }
        if (gap >= 0) corrects = prev.id;
      }
      const row: ReportRow = {
        id: f.input.id,
        planId: f.input.planId,
        routeId: f.input.routeId,
        stepIdx: f.input.stepIndex,
        binId: f.step.kind === 'bin' ? f.step.refId : null,
        outcome: f.input.outcome,
        reason: (f.input.reason ?? null) as NotCollectedReason | null,
        note: f.input.note ?? null,
        fillPercent: f.input.fillPercent ?? null,
        weightKg: f.input.weightKg ?? null,
        at: atIso,
        receivedAt,
        lng: f.input.position?.lng ?? null,
        lat: f.input.position?.lat ?? null,
        accuracyM: f.input.position?.accuracyM ?? null,
        userId: reporter.userId,
        byName: reporter.displayName,
        corrects,
      };
      h.push(row);
      rows.push(row);
    }
    if (issues.length > 0) {
      issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
      const message = `${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was stored`;
      if (conflict) throw new ConflictError(message, issues);
      throw new InvalidInputError(issues, message);
    }
    if (rows.length > 0) {
      this.repo.transaction(() => {
        this.repo.insertReports(rows);
        // the first report of a published plan starts its day
        for (const id of new Set(rows.map((r) => r.planId))) this.plans.setDayStatus(id, 'published', 'in_progress', receivedAt);
      });
      this.onReports();
    }
    return results;
  }

  /**
   * The window in which a truck's positions are kept: its round of today in the last published
   * plan, from {@link SHIFT_BEFORE_MS} before its start to {@link SHIFT_AFTER_MS} after its end.
   * @returns null when the truck has no published round today.
   */
  shiftWindow(vehicleId: string | null, date: string = this.today()): { fromMs: number; toMs: number } | null {
    if (vehicleId === null) return null;
    const plan = this.plans.published(date);
    const route = plan && this.plans.routes(plan.id).find((r) => r.vehicleId === vehicleId);
    if (!route) return null;
    return { fromMs: Date.parse(route.startAt) - SHIFT_BEFORE_MS, toMs: Date.parse(route.endAt) + SHIFT_AFTER_MS };
  }

  /**
   * Stores the positions inside the driver's shift (see {@link shiftWindow}); the others are only
   * counted (RGPD: no position is kept outside the shift).
   */
  positions(reporter: Reporter, positions: readonly { lng: number; lat: number; accuracyM?: number; at: string }[]): { stored: number; outsideShift: number } {
    const window = this.shiftWindow(reporter.vehicleId);
    const nowMs = this.now().getTime();
    const keep: PositionRow[] = [];
    for (const p of positions) {
      const atMs = Date.parse(p.at);
      if (window && reporter.vehicleId !== null && atMs >= window.fromMs && atMs <= window.toMs && atMs <= nowMs + CLOCK_SKEW_MS) {
        keep.push({ userId: reporter.userId, vehicleId: reporter.vehicleId, at: new Date(atMs).toISOString(), lng: p.lng, lat: p.lat, accuracyM: p.accuracyM ?? null });
      }
    }
    if (keep.length > 0) this.repo.insertPositions(keep);
    return { stored: keep.length, outsideShift: positions.length - keep.length };
  }

  /**
   * Each round's progress in plan `planId` from the reports (manager): bins done, not collected
   * and pending, minutes late at the last reported step, the last report and position; the day's
   * not-collected stops; the current report of every reported step.
   * @throws NotFoundError for a plan that is not of this space.
   */
  progress(planId: string): PlanProgressDto {
    const plan = this.plans.get(planId);
    if (!plan) throw new NotFoundError(`unknown plan '${planId.slice(0, 64)}'`);
    const all = this.plans.steps(planId);
    const current = currentReports(this.repo.reportsOfPlan(planId));
    const routes = this.plans.routes(planId);
    const notCollected: { routeId: string; vehicleName: string; binId: string; reason: NotCollectedReason; note: string | null; at: string; by: string }[] = [];
    const progress = routes.map((r) => {
      const steps = all.filter((s) => s.routeId === r.routeId).sort((a, b) => a.stepIdx - b.stepIdx);
      let collected = 0;
      let missed = 0;
      let last: { report: ReportRow; step: PlanStepRow } | null = null;
      steps.forEach((s, i) => {
        const rep = current.get(`${r.routeId}|${i}`);
        if (!rep) return;
        if (s.kind === 'bin' && rep.outcome === 'collected') collected++;
        if (s.kind === 'bin' && rep.outcome === 'not_collected') {
          missed++;
          notCollected.push({ routeId: r.routeId, vehicleName: r.vehicleName, binId: s.refId ?? '', reason: rep.reason ?? 'other', note: rep.note, at: rep.at, by: rep.byName });
        }
        if (!last || rep.at > last.report.at) last = { report: rep, step: s };
      });
      const binsTotal = steps.filter((s) => s.kind === 'bin').length;
      const lastRep = last as { report: ReportRow; step: PlanStepRow } | null;
      const pos = this.repo.lastPosition(r.vehicleId, new Date(Date.parse(r.startAt) - SHIFT_BEFORE_MS).toISOString(), new Date(Date.parse(r.endAt) + SHIFT_AFTER_MS).toISOString());
      return {
        routeId: r.routeId,
        vehicleId: r.vehicleId,
        vehicleName: r.vehicleName,
        binsTotal,
        collected,
        notCollected: missed,
        pending: binsTotal - collected - missed,
        lateMin: lastRep ? Math.round((Date.parse(lastRep.report.at) - Date.parse(lastRep.step.departureAt)) / 60_000) : null,
        lastReportAt: lastRep?.report.at ?? null,
        lastPosition: pos ? { lngLat: [pos.lng, pos.lat] as [number, number], at: pos.at } : null,
      };
    });
    notCollected.sort((a, b) => a.at.localeCompare(b.at));
    const reports = [...current.values()].sort((a, b) => a.at.localeCompare(b.at)).map((r) => ({ ...toStoredReport(r), routeId: r.routeId }));
    return { planId, date: plan.date, routes: progress, notCollected, reports };
  }

  /** The bins of plan `planId` whose current report is `collected` (done for a re-plan), in the order they were collected. */
  reportedDone(planId: string): DoneStopRow[] {
    return [...currentReports(this.repo.reportsOfPlan(planId)).values()]
      .filter((r) => r.outcome === 'collected' && r.binId !== null)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((r) => ({ binId: r.binId!, vehicleId: null, doneAt: r.at }));
  }
}

/**
 * The forecast fill at a planned arrival from the plan's decision: the fill at the plan instant
 * moved by the bin's rate (when the plan kept it) over the time between; rounded to 0.1 %.
 */
export function expectedFill(d: PlanDecision | undefined, planAtMs: number, arrivalMs: number): number | null {
  if (!d || d.expectedAtPlanPercent === null) return null;
  const rate = d.ratePercentPerDay ?? 0;
  const v = d.expectedAtPlanPercent + (rate * (arrivalMs - planAtMs)) / 86_400_000;
  return Math.round(Math.max(0, v) * 10) / 10;
}
