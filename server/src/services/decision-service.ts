/**
 * Which bins to collect on a date (`must` / `may` / `skip`, each with its reason), from the
 * database readings: the solver's `decideBins` with each bin borrowing strength from its H3 cell,
 * then its container type, then its stream. This is the one forecast of the product: the map's
 * forecast (`/api/bins`), the decisions endpoints and the plans all read these sets.
 *
 * The computation runs in a compute worker thread (readings are loaded in slices, packed and sent
 * there), so the event loop stays free. Sets are memoised per (date, next date, risk) and data
 * version (bumped by {@link DecisionService.invalidate} after readings are written); concurrent
 * requests for the same set share one computation.
 *
 * Drivers' reports (issue #15) are part of it: a bin reported `collected` starts a new fill cycle
 * at the report's instant (a collection event, as the readings' own drops are), and a bin whose
 * current report says `not_collected` because it overflows is `must` (reason code
 * `driver_report_overflowing`) until a later report says it was collected.
 *
 * Citizens' reports (issue #16) too: a bin with a report a manager accepted is `must` (reason code
 * `citizen_report`; an overflowing one counts as at least 100 % full) until a collection of the bin
 * after the report is recorded.
 */
import type { BinDecisionDto, DecisionList, MustReasonCode } from '../../contract/index.js';
import type { BinDecision } from '../solver.js';
import type { ComputeWorker } from '../compute/compute-client.js';
import { loadReadingsPack } from '../compute/readings-pack.js';
import type { BinsRepository } from '../db/repositories/bins-repository.js';
import type { BinFact } from '../db/repositories/driver-repository.js';
import type { ReadingsRepository } from '../db/repositories/readings-repository.js';
import { planForecastMs, SERVICE_TIME_ZONE } from './local-time.js';

/** Readings older than this before the plan instant are not used: about three fill cycles. */
export const DECISION_WINDOW_DAYS = 21;
/** Default overflow risk that makes a bin `must`, percent. */
export const DEFAULT_DECISION_RISK_PERCENT = 10;
/**
 * How fresh a set must be:
 * - `fresh`: computed from the current data (plans);
 * - `read`: the current data, or the computation already under way (decision endpoints: readings
 *   arriving during a computation do not start another for every request);
 * - `snapshot`: the latest set at once, refreshed in the background when the data moved on (the
 *   map's forecast under a stream of readings; a first request waits for one).
 */
export type Freshness = 'fresh' | 'read' | 'snapshot';

/** Sets kept in memory. */
const MAX_CACHED_SETS = 32;

/** The day after an ISO date (calendar arithmetic in UTC). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A solver decision, possibly forced by a driver's report or an accepted citizens' report. */
export type ForecastDecision = BinDecision & { readonly reasonCode?: MustReasonCode };

/** Where the forecast reads the bins accepted citizens' reports force in (issue #16). */
export interface CitizenMusts {
  openMusts(): readonly { readonly binId: string; readonly overflowing: boolean }[];
}

/** Where the forecast reads the drivers' bin reports. */
export interface BinReports {
  binFacts(fromIso: string, toIso: string): BinFact[];
}

/**
 * What the drivers' reports of `[from, until]` say about bins: reported collection instants (the
 * current report of a step only: a corrected report does not count) and the bins whose latest
 * current report is `not_collected` for `overflowing` with no later collection (with its instant).
 */
export function reportedFacts(facts: readonly BinFact[]): { collectedAtMs: Map<string, number[]>; overflowing: Map<string, number> } {
  const current = new Map<string, BinFact>();
  for (const f of facts) {
    const key = `${f.planId}|${f.routeId}|${f.stepIdx}`;
    const prev = current.get(key);
    if (!prev || f.at > prev.at || (f.at === prev.at && f.receivedAt >= prev.receivedAt)) current.set(key, f);
  }
  const collectedAtMs = new Map<string, number[]>();
  const overflowing = new Map<string, number>();
  for (const f of [...current.values()].sort((a, b) => a.at.localeCompare(b.at))) {
    const t = Date.parse(f.at);
    if (f.outcome === 'collected') {
      collectedAtMs.set(f.binId, [...(collectedAtMs.get(f.binId) ?? []), t]);
      overflowing.delete(f.binId);
    } else if (f.reason === 'overflowing') overflowing.set(f.binId, t);
  }
  return { collectedAtMs, overflowing };
}

/** Decisions of one date with the instants they refer to. */
export interface DecisionSet {
  readonly date: string;
  readonly next: string;
  readonly riskPercent: number;
  readonly planAtMs: number;
  readonly decisions: readonly ForecastDecision[];
  /** Data version the set was computed from, and when (monotonic `performance.now()` ms: staleness is wall time, not the business clock). */
  readonly version: number;
  readonly computedAtMs: number;
}

interface Entry {
  value?: DecisionSet;
  inFlight?: Promise<DecisionSet>;
  inFlightVersion?: number;
}

/** Computes and memoises decisions (see the file comment). */
export class DecisionService {
  private readonly entries = new Map<string, Entry>();
  private version = 0;

  constructor(
    private readonly bins: BinsRepository,
    private readonly readings: ReadingsRepository,
    private readonly worker: ComputeWorker,
    private readonly timeZone: string = SERVICE_TIME_ZONE,
    private readonly reports: BinReports | null = null,
    private readonly citizens: CitizenMusts | null = null,
  ) {}

  /** The data changed (readings written): later requests compute again. */
  invalidate(): void {
    this.version++;
  }

  /**
   * Decisions for a collection on `date` (at local noon, the plan's forecast instant) when the
   * next possible collection is on `next` (default the day after), at `riskPercent`.
   * @throws RangeError when `next` is before `date` or the risk is outside (0, 50).
   */
  async decide(
    date: string,
    next: string = nextDate(date),
    riskPercent: number = DEFAULT_DECISION_RISK_PERCENT,
    freshness: Freshness = 'read',
  ): Promise<DecisionSet> {
    const key = `${date}|${next}|${riskPercent}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= MAX_CACHED_SETS) this.entries.delete(this.entries.keys().next().value!);
      entry = {};
      this.entries.set(key, entry);
    }
    const v = entry.value;
    if (v && v.version === this.version) return v;
    if (entry.inFlight && (freshness !== 'fresh' || entry.inFlightVersion === this.version)) {
      return freshness === 'snapshot' && v ? v : entry.inFlight;
    }
    const promise = this.start(entry, date, next, riskPercent);
    if (freshness === 'snapshot' && v) {
      promise.catch(() => {}); // a failed background refresh leaves the previous set in place
      return v;
    }
    return promise;
  }

  private start(entry: Entry, date: string, next: string, riskPercent: number): Promise<DecisionSet> {
    const version = this.version;
    const promise: Promise<DecisionSet> = this.compute(date, next, riskPercent, version).then(
      (set) => {
        if (!entry.value || entry.value.version <= set.version) entry.value = set;
        if (entry.inFlight === promise) entry.inFlight = undefined;
        return set;
      },
      (err: unknown) => {
        if (entry.inFlight === promise) entry.inFlight = undefined;
        throw err;
      },
    );
    entry.inFlight = promise;
    entry.inFlightVersion = version;
    return promise;
  }

  private async compute(date: string, next: string, riskPercent: number, version: number): Promise<DecisionSet> {
    const planAtMs = planForecastMs(date, this.timeZone);
    const nextAtMs = planForecastMs(next, this.timeZone);
    if (nextAtMs < planAtMs) throw new RangeError(`next ${next} is before date ${date}`);
    if (!(riskPercent > 0 && riskPercent < 50)) throw new RangeError(`riskPercent must be in (0, 50), got ${riskPercent}`);
    const bins = this.bins.all();
    const from = new Date(planAtMs - DECISION_WINDOW_DAYS * 86_400_000).toISOString();
    const pack = await loadReadingsPack(this.readings, bins.map((b) => b.id), from, new Date(planAtMs).toISOString());
    // reports up to the next chance: a bin reported overflowing before it must go in this plan
    const { collectedAtMs, overflowing } = reportedFacts(this.reports?.binFacts(from, new Date(nextAtMs).toISOString()) ?? []);
    const solved = await this.worker.run({
      kind: 'decide',
      pack,
      bins: bins.map((b) => {
        const collected = collectedAtMs.get(b.id);
        return { stream: b.stream, groups: [`cell:${b.h3Cell}`, `container:${b.container}`], ...(collected ? { collectedAtMs: collected } : {}) };
      }),
      planAtMs,
      nextAtMs,
      riskPercent,
      timeZone: this.timeZone,
    });
    const citizenMusts = new Map((this.citizens?.openMusts() ?? []).map((m) => [m.binId, m.overflowing]));
    const decisions = solved.map((d): ForecastDecision => {
      const at = overflowing.get(d.binId);
      const citizen = citizenMusts.get(d.binId);
      if (at === undefined && citizen !== undefined) {
        const expected = citizen ? Math.max(d.expectedAtPlanPercent ?? 0, 100) : d.expectedAtPlanPercent;
        return { ...d, decision: 'must', expectedAtPlanPercent: expected, reason: `must: citizen report accepted by the manager${citizen ? ' (overflowing)' : ''}; ${d.reason}`, reasonCode: 'citizen_report' };
      }
      if (at === undefined) return d;
      const when = new Intl.DateTimeFormat('en-GB', { timeZone: this.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
      return { ...d, decision: 'must', reason: `must: reported overflowing and not collected by the driver (${when}); ${d.reason}`, reasonCode: 'driver_report_overflowing' };
    });
    return { date, next, riskPercent, planAtMs, decisions, version, computedAtMs: performance.now() };
  }
}

/** A solver decision as the API's DTO. */
export function toDecisionDto(d: ForecastDecision, planAtMs: number): BinDecisionDto {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    binId: d.binId,
    decision: d.decision,
    reason: d.reason,
    expectedAtPlanPercent: d.expectedAtPlanPercent,
    expectedAtNextPercent: d.expectedAtNextPercent,
    upperAtNextPercent: d.upperAtNextPercent,
    overflowProbability: d.overflowProbability,
    ratePercentPerDay: d.ratePercentPerDay,
    rateSdPercentPerDay: d.rateSdPercentPerDay,
    rateSource: d.rateSource,
    fullAt: iso(d.fullAtMs),
    lastFillPercent: d.lastFillPercent,
    lastMeasuredAt: iso(d.lastMeasuredAtMs),
    saturated: d.saturated,
    sensorFault: d.sensorFault,
    planAt: new Date(planAtMs).toISOString(),
    nextChanceAt: new Date(d.nextChanceMs).toISOString(),
    ...(d.reasonCode ? { reasonCode: d.reasonCode } : {}),
  };
}

/** A decision set as the API's list DTO. */
export function toDecisionList(set: DecisionSet): DecisionList {
  const counts = { must: 0, may: 0, skip: 0 };
  for (const d of set.decisions) counts[d.decision]++;
  return { date: set.date, next: set.next, riskPercent: set.riskPercent, counts, decisions: set.decisions.map((d) => toDecisionDto(d, set.planAtMs)) };
}
