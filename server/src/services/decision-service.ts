/**
 * Which bins to collect on a date (`must` / `may` / `skip`, each with its reason), from the
 * database readings: the solver's `decideBins` with each bin borrowing strength from its H3 cell,
 * then its container type, then its stream. Results are memoised per (readings count, date, next
 * date, risk); readings are insert-only, so the count changes whenever the data do.
 */
import type { BinDecisionDto, DecisionList } from '../../contract/index.js';
import { decideBins, type BinDecision, type DecisionInput, type FillReading } from '../solver.js';
import { BinsRepository } from '../db/repositories/bins-repository.js';
import { ReadingsRepository } from '../db/repositories/readings-repository.js';
import type { Db } from '../db/connection.js';
import { planForecastMs, SERVICE_TIME_ZONE } from './local-time.js';

/** Readings older than this before the plan instant are not used: about three fill cycles. */
export const DECISION_WINDOW_DAYS = 21;
/** Default overflow risk that makes a bin `must`, percent. */
export const DEFAULT_DECISION_RISK_PERCENT = 10;

/** The day after an ISO date (calendar arithmetic in UTC). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Decisions of one date with the instants they refer to. */
export interface DecisionSet {
  readonly date: string;
  readonly next: string;
  readonly riskPercent: number;
  readonly planAtMs: number;
  readonly decisions: readonly BinDecision[];
}

/** Computes and memoises decisions (see the file comment). */
export class DecisionService {
  private readonly bins: BinsRepository;
  private readonly readings: ReadingsRepository;
  private readonly cache = new Map<string, DecisionSet>();

  constructor(
    db: Db,
    private readonly timeZone: string = SERVICE_TIME_ZONE,
  ) {
    this.bins = new BinsRepository(db);
    this.readings = new ReadingsRepository(db);
  }

  /**
   * Decisions for a collection on `date` (at local noon, the plan's forecast instant) when the
   * next possible collection is on `next` (default the day after), at `riskPercent`.
   * @throws RangeError when `next` is before `date` or the risk is outside (0, 50).
   */
  decide(date: string, next: string = nextDate(date), riskPercent: number = DEFAULT_DECISION_RISK_PERCENT): DecisionSet {
    const key = `${this.readings.count()}|${date}|${next}|${riskPercent}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const planAtMs = planForecastMs(date, this.timeZone);
    const nextAtMs = planForecastMs(next, this.timeZone);
    const from = new Date(planAtMs - DECISION_WINDOW_DAYS * 86_400_000).toISOString();
    const byBin = new Map<string, FillReading[]>();
    for (const r of this.readings.window(from, new Date(planAtMs).toISOString())) {
      const list = byBin.get(r.binId) ?? [];
      list.push({ measuredAtMs: Date.parse(r.measuredAt), fillPercent: r.fillPercent });
      byBin.set(r.binId, list);
    }
    const inputs: DecisionInput[] = this.bins.all().map((b) => ({
      binId: b.id,
      stream: b.stream,
      readings: byBin.get(b.id) ?? [],
      groups: [`cell:${b.h3Cell}`, `container:${b.container}`],
    }));
    const decisions = decideBins(inputs, planAtMs, nextAtMs, { riskPercent, timeZone: this.timeZone });
    const set: DecisionSet = { date, next, riskPercent, planAtMs, decisions };
    if (this.cache.size > 16) this.cache.clear();
    this.cache.set(key, set);
    return set;
  }
}

/** A solver decision as the API's DTO. */
export function toDecisionDto(d: BinDecision, planAtMs: number): BinDecisionDto {
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
    planAt: new Date(planAtMs).toISOString(),
    nextChanceAt: new Date(d.nextChanceMs).toISOString(),
  };
}

/** A decision set as the API's list DTO. */
export function toDecisionList(set: DecisionSet): DecisionList {
  const counts = { must: 0, may: 0, skip: 0 };
  for (const d of set.decisions) counts[d.decision]++;
  return { date: set.date, next: set.next, riskPercent: set.riskPercent, counts, decisions: set.decisions.map((d) => toDecisionDto(d, set.planAtMs)) };
}
