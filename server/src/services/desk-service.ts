/**
 * The analyst's desk of one space (issue #16): history aggregated on the server by day, weekday,
 * stream, commune and H3 cell; the plans' figures per day; fill at collection; period and strategy
 * comparisons; the open-data statistics of each bin.
 *
 * Every aggregate starts from the readings of the period grouped per bin and local day in SQL
 * (about 1,500 bins × 56 days rows for 8 weeks of the sample), kept for a minute per period, and
 * the period's collections. A bin-day overflows when a reading of it is at 100 % (sensors cannot
 * see above the rim) or a collection that day found the bin over its rim.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Issue } from '../../contract/index.js';
import {
  DEFAULT_PERIOD_DAYS,
  FILL_CLASSES,
  MAX_BIN_HISTORY_POINTS,
  MAX_PERIOD_DAYS,
  OPEN_DATA_COLUMNS,
  type BinHistoryDto,
  type BreakdownDto,
  type CellStatsDto,
  type ComparedTotalsDto,
  type DailySeriesDto,
  type FillAtCollectionDto,
  type PeriodComparisonDto,
  type PeriodDto,
  type RoundDaysDto,
  type StrategyComparisonDto,
} from '../../contract/desk.js';
import type { BinDayTuple, CollectionRow, DeskBinRow, HistoryRepository } from '../db/repositories/history-repository.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { cellBoundary, cellOf } from '../solver.js';
import { localDateOf, utcOffsetMs } from './local-time.js';

const DAY_MS = 86_400_000;
/** Longest a cached aggregate is kept, ms (it is dropped sooner when the space's data change). */
const CACHE_MS = 10 * 60_000;
const CACHE_SIZE = 8;

/**
 * The simulator's result file the strategy comparison reads: `npm run simulate -- --strategy
 * fixed,sensor` on the sample city (anchored truth, seed 1, 8 weeks, solveDay 300 iterations a day).
 */
export const STRATEGY_RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/simulate-anchored-summary-solveday-i300-s1-8w.csv');

/** A resolved period: local dates and the UTC instants bounding them. */
export interface Period {
  from: string;
  to: string;
  fromIso: string;
  /** Exclusive: local midnight after `to`. */
  toIso: string;
}

/** Selection of bins: stream, commune, ids. */
export interface Selection {
  stream?: string | undefined;
  commune?: string | undefined;
  bins?: string[] | undefined;
}

/** Per-bin totals of a period (open data, cells, breakdowns). */
interface BinTotals {
  readings: number;
  sum: number;
  max: number | null;
  overflowDays: number;
  collections: number;
  fillAtCollectionSum: number;
  fillAtCollectionKnown: number;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}
/** ISO weekday (1 Monday … 7 Sunday) of a date. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const mean = (sum: number, n: number): number | null => (n > 0 ? round1(sum / n) : null);

/** The analyst's desk of one space (see the file comment). */
export class DeskService {
  private readonly cache = new Map<string, { at: number; rows: BinDayTuple[] }>();
  private readonly collectionsCache = new Map<string, { at: number; rows: CollectionRow[] }>();
  private binsCache: { at: number; version: number; rows: DeskBinRow[] } | null = null;

  /**
   * @param version the space's data version (bumped by every write of readings or inventory):
   *   cached aggregates of another version are recomputed.
   */
  constructor(
    private readonly repo: HistoryRepository,
    private readonly timeZone: string,
    private readonly now: () => Date,
    private readonly version: () => number = () => 0,
  ) {}

  /**
   * The period of a request: `from`/`to` when given; else {@link DEFAULT_PERIOD_DAYS} days ending
   * on `to`, or on the latest day with history (today when there is none).
   * @throws InvalidInputError when `from` is after `to` or the period is longer than {@link MAX_PERIOD_DAYS}.
   */
  period(q: { from?: string | undefined; to?: string | undefined }, prefix = ''): Period {
    const today = localDateOf(this.now(), this.timeZone);
    const last = this.repo.lastDay();
    const to = q.to ?? (q.from ? addDays(q.from, DEFAULT_PERIOD_DAYS - 1) : last && last < today ? last : today);
    const from = q.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
    const issues: Issue[] = [];
    if (from > to) issues.push({ path: `${prefix}from`, message: `must not be after ${prefix}to (${to})` });
    else if (daysBetween(from, to) > MAX_PERIOD_DAYS) issues.push({ path: `${prefix}to`, message: `the period must be at most ${MAX_PERIOD_DAYS} days` });
    if (issues.length > 0) throw new InvalidInputError(issues);
    return { from, to, fromIso: this.localMidnightIso(from), toIso: this.localMidnightIso(addDays(to, 1)) };
  }

  periodDto(p: Period): PeriodDto {
    return { from: p.from, to: p.to, timeZone: this.timeZone };
  }

  /** One bin's readings (at most {@link MAX_BIN_HISTORY_POINTS}) and collections. @throws NotFoundError for a bin not of this space. */
  binHistory(binId: string, p: Period): BinHistoryDto {
    const bin = this.bins().find((b) => b.id === binId);
    if (!bin) throw new NotFoundError(`no bin '${binId.slice(0, 64)}' in this space`);
    const rows = this.repo.binReadings(binId, p.fromIso, p.toIso, MAX_BIN_HISTORY_POINTS + 1);
    return {
      binId,
      stream: bin.stream as BinHistoryDto['stream'],
      capacityLitres: bin.capacityLitres,
      period: this.periodDto(p),
      readings: rows.slice(0, MAX_BIN_HISTORY_POINTS).map(([measuredAt, fillPercent]) => ({ measuredAt, fillPercent })),
      truncated: rows.length > MAX_BIN_HISTORY_POINTS,
      collections: this.repo.binCollections(binId, p.from, p.to).map((c) => ({
        collectedAt: c.collectedAt,
        fillBeforePercent: c.fillBeforePercent,
        overflowed: c.overflowed === null ? null : c.overflowed === 1,
        source: c.source,
      })),
    };
  }

  /** Per local day: readings, mean fill, collections and overflow bin-days of a selection. */
  daily(p: Period, sel: Selection): DailySeriesDto {
    const chosen = this.select(sel);
    const days = new Map<string, { readings: number; sum: number; collections: number; overflow: Set<string> }>();
    for (let d = p.from; d <= p.to; d = addDays(d, 1)) days.set(d, { readings: 0, sum: 0, collections: 0, overflow: new Set() });
    for (const [binId, day, n, sum, , , full] of this.binDays(p)) {
      const row = days.get(day);
      if (!row || !chosen.has(binId)) continue;
      row.readings += n;
      row.sum += sum;
      if (full > 0) row.overflow.add(binId);
    }
    for (const c of this.collections(p)) {
      const row = days.get(c.day);
      if (!row || !chosen.has(c.binId)) continue;
      row.collections++;
      if (c.overflowed === 1) row.overflow.add(c.binId);
    }
    return {
      period: this.periodDto(p),
      binCount: chosen.size,
      days: [...days].map(([date, r]) => ({ date, readings: r.readings, meanFillPercent: mean(r.sum, r.readings), collections: r.collections, overflowBinDays: r.overflow.size })),
    };
  }

  /** Mean fill, readings, collections and overflow bin-days by stream, commune, weekday, or weekday and stream. */
  breakdown(p: Period, by: BreakdownDto['by']): BreakdownDto {
    const bins = new Map(this.bins().map((b) => [b.id, b]));
    const groups = new Map<string, { stream: string | null; weekday: number | null; commune: string | null; bins: Set<string>; readings: number; sum: number; collections: number; overflow: Set<string> }>();
    const keyOf = (binId: string, day: string): string | null => {
      const b = bins.get(binId);
      if (!b) return null;
      if (by === 'stream') return b.stream;
      if (by === 'commune') return b.commune ?? '';
      if (by === 'weekday') return String(isoWeekday(day));
      return `${isoWeekday(day)}|${b.stream}`;
    };
    const group = (key: string, binId: string, day: string): NonNullable<ReturnType<typeof groups.get>> => {
      let g = groups.get(key);
      if (!g) {
        const b = bins.get(binId)!;
        g = {
          stream: by === 'stream' || by === 'weekday_stream' ? b.stream : null,
          weekday: by === 'weekday' || by === 'weekday_stream' ? isoWeekday(day) : null,
          commune: by === 'commune' ? b.commune : null,
          bins: new Set(),
          readings: 0,
          sum: 0,
          collections: 0,
          overflow: new Set(),
        };
        groups.set(key, g);
      }
      return g;
    };
    for (const [binId, day, n, sum, , , full] of this.binDays(p)) {
      const key = keyOf(binId, day);
      if (key === null) continue;
      const g = group(key, binId, day);
      g.bins.add(binId);
      g.readings += n;
      g.sum += sum;
      if (full > 0) g.overflow.add(`${binId}|${day}`);
    }
    for (const c of this.collections(p)) {
      const key = keyOf(c.binId, c.day);
      if (key === null) continue;
      const g = group(key, c.binId, c.day);
      g.bins.add(c.binId);
      g.collections++;
      if (c.overflowed === 1) g.overflow.add(`${c.binId}|${c.day}`);
    }
    const rows = [...groups].map(([key, g]) => ({
      key,
      stream: g.stream as BreakdownDto['rows'][number]['stream'],
      weekday: g.weekday,
      commune: g.commune,
      binCount: g.bins.size,
      readings: g.readings,
      meanFillPercent: mean(g.sum, g.readings),
      collections: g.collections,
      overflowBinDays: g.overflow.size,
    }));
    rows.sort((a, b) => (a.weekday ?? 0) - (b.weekday ?? 0) || a.key.localeCompare(b.key));
    return { period: this.periodDto(p), by, rows };
  }

  /** H3 hexagons (resolution 7-9) with mean fill, overflow bin-days and collections of the period. */
  cells(p: Period, resolution: number, stream?: string): CellStatsDto {
    const totals = this.binTotals(p);
    const cells = new Map<string, { bins: number; readings: number; sum: number; overflow: number; collections: number }>();
    for (const b of this.bins()) {
      if (b.retiredAt !== null || (stream && b.stream !== stream)) continue;
      const cell = resolution === 9 ? b.h3Cell : cellOf([b.lng, b.lat], resolution);
      const c = cells.get(cell) ?? { bins: 0, readings: 0, sum: 0, overflow: 0, collections: 0 };
      const t = totals.get(b.id);
      c.bins++;
      if (t) {
        c.readings += t.readings;
        c.sum += t.sum;
        c.overflow += t.overflowDays;
        c.collections += t.collections;
      }
      cells.set(cell, c);
    }
    return {
      type: 'FeatureCollection',
      period: this.periodDto(p),
      resolution,
      features: [...cells]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([h3Cell, c]) => {
          const ring = cellBoundary(h3Cell).map(([x, y]): [number, number] => [round6(x), round6(y)]);
          return {
            type: 'Feature' as const,
            geometry: { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!]] },
            properties: { h3Cell, binCount: c.bins, readings: c.readings, meanFillPercent: mean(c.sum, c.readings), overflowBinDays: c.overflow, collections: c.collections },
          };
        }),
    };
  }

  /** Per local day: the plan's figures (when there was one), the collections and the overflow bin-days. */
  rounds(p: Period): RoundDaysDto {
    const daily = this.daily(p, {});
    const plans = new Map(this.repo.planDays(p.from, p.to).map((r) => [r.day, r]));
    return {
      period: this.periodDto(p),
      days: daily.days.map((d) => {
        const plan = plans.get(d.date);
        return {
          date: d.date,
          source: plan?.source ?? null,
          routes: plan?.routes ?? 0,
          km: round1(plan?.km ?? 0),
          truckHours: round2(plan?.truckHours ?? 0),
          costEur: round2(plan?.costEur ?? 0),
          co2Kg: round1(plan?.co2Kg ?? 0),
          binsPlanned: plan?.binsPlanned ?? 0,
          binsCollected: plan?.binsCollected ?? 0,
          collections: d.collections,
          overflowBinDays: d.overflowBinDays,
        };
      }),
    };
  }

  /** How full bins were when emptied, by fill class and stream. */
  fillAtCollection(p: Period): FillAtCollectionDto {
    const bins = new Map(this.bins().map((b) => [b.id, b.stream]));
    const counts = new Map<string, number>();
    const streams = new Map<string, { n: number; known: number; sum: number; underHalf: number }>();
    for (const c of this.collections(p)) {
      const stream = bins.get(c.binId);
      if (!stream) continue;
      const s = streams.get(stream) ?? { n: 0, known: 0, sum: 0, underHalf: 0 };
      s.n++;
      let cls: (typeof FILL_CLASSES)[number] | null = null;
      if (c.overflowed === 1) cls = 'overflow';
      else if (c.fillBeforePercent !== null) cls = FILL_CLASSES[Math.min(9, Math.floor(c.fillBeforePercent / 10))]!;
      if (c.fillBeforePercent !== null) {
        s.known++;
        s.sum += c.fillBeforePercent;
        if (c.fillBeforePercent < 50) s.underHalf++;
      }
      streams.set(stream, s);
      if (cls) counts.set(`${cls}|${stream}`, (counts.get(`${cls}|${stream}`) ?? 0) + 1);
    }
    const streamList = [...streams.keys()].sort();
    return {
      period: this.periodDto(p),
      rows: FILL_CLASSES.flatMap((fillClass) => streamList.map((stream) => ({ fillClass, stream: stream as FillAtCollectionDto['rows'][number]['stream'], collections: counts.get(`${fillClass}|${stream}`) ?? 0 }))),
      streams: streamList.map((stream) => {
        const s = streams.get(stream)!;
        return {
          stream: stream as FillAtCollectionDto['streams'][number]['stream'],
          collections: s.n,
          meanFillPercent: mean(s.sum, s.known),
          underHalfPercent: s.known > 0 ? round1((100 * s.underHalf) / s.known) : null,
        };
      }),
    };
  }

  /** Totals of a period: km, truck-hours, CO2 (plans), collections, overflow bin-days, mean fill at collection. */
  totals(p: Period): ComparedTotalsDto {
    const r = this.rounds(p);
    let fillSum = 0;
    let fillN = 0;
    for (const c of this.collections(p)) {
      if (c.fillBeforePercent !== null) {
        fillSum += c.fillBeforePercent;
        fillN++;
      }
    }
    const sum = (f: (d: RoundDaysDto['days'][number]) => number): number => r.days.reduce((s, d) => s + f(d), 0);
    return {
      label: `${p.from}/${p.to}`,
      days: r.days.length,
      km: round1(sum((d) => d.km)),
      truckHours: round1(sum((d) => d.truckHours)),
      overflowBinDays: sum((d) => d.overflowBinDays),
      co2Kg: Math.round(sum((d) => d.co2Kg)),
      collections: sum((d) => d.collections),
      meanFillAtCollectionPercent: mean(fillSum, fillN),
    };
  }

  /** Two periods side by side. */
  compare(a: Period, b: Period): PeriodComparisonDto {
    return { timeZone: this.timeZone, periods: [this.totals(a), this.totals(b)] };
  }

  /** The simulated strategies of {@link STRATEGY_RESULTS_FILE} (empty when the file is missing). */
  strategies(file = STRATEGY_RESULTS_FILE): StrategyComparisonDto {
    const source = file.slice(file.lastIndexOf('bench/'));
    if (!existsSync(file)) return { source, strategies: [] };
    const rows = parseCsv(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    return {
      source,
      strategies: rows.map((r) => ({
        label: r.strategy ?? '',
        days: Number(r.weeks) * 7,
        km: Number(r.km),
        truckHours: Number(r.truck_hours),
        overflowBinDays: Number(r.overflow_bin_days),
        co2Kg: Number(r.co2_kg),
        collections: Number(r.collections),
        meanFillAtCollectionPercent: r.mean_fill_at_collection_percent ? Number(r.mean_fill_at_collection_percent) : null,
      })),
    };
  }

  /**
   * The open-data rows of the space's bins in service (no personal, driver, position or plan data):
   * location, stream, container and the fill statistics of the period.
   */
  openData(p: Period): Record<(typeof OPEN_DATA_COLUMNS)[number], string | number | null>[] {
    const totals = this.binTotals(p);
    return this.bins()
      .filter((b) => b.retiredAt === null)
      .map((b) => {
        const t = totals.get(b.id);
        return {
          id: b.id,
          stream: b.stream,
          container: b.container,
          capacity_litres: b.capacityLitres,
          lng: round6(b.lng),
          lat: round6(b.lat),
          commune: b.commune,
          h3_cell: b.h3Cell,
          period_start: p.from,
          period_end: p.to,
          readings: t?.readings ?? 0,
          mean_fill_percent: t ? mean(t.sum, t.readings) : null,
          max_fill_percent: t?.max ?? null,
          overflow_days: t?.overflowDays ?? 0,
          collections: t?.collections ?? 0,
          mean_fill_at_collection_percent: t ? mean(t.fillAtCollectionSum, t.fillAtCollectionKnown) : null,
        };
      });
  }

  private bins(): DeskBinRow[] {
    const at = Date.now();
    const version = this.version();
    if (!this.binsCache || at - this.binsCache.at > CACHE_MS || this.binsCache.version !== version) this.binsCache = { at, version, rows: this.repo.bins() };
    return this.binsCache.rows;
  }

  /** The collections of a period, kept like {@link binDays}. */
  private collections(p: Period): CollectionRow[] {
    return cached(this.collectionsCache, `${p.from}|${p.to}|${this.version()}`, () => this.repo.collections(p.from, p.to));
  }

  /** Ids of the bins of a selection. */
  private select(sel: Selection): Set<string> {
    const ids = sel.bins ? new Set(sel.bins) : null;
    return new Set(
      this.bins()
        .filter((b) => (!sel.stream || b.stream === sel.stream) && (!sel.commune || b.commune === sel.commune) && (!ids || ids.has(b.id)))
        .map((b) => b.id),
    );
  }

  private binTotals(p: Period): Map<string, BinTotals> {
    const out = new Map<string, BinTotals>();
    const get = (id: string): BinTotals => {
      let t = out.get(id);
      if (!t) {
        t = { readings: 0, sum: 0, max: null, overflowDays: 0, collections: 0, fillAtCollectionSum: 0, fillAtCollectionKnown: 0 };
        out.set(id, t);
      }
      return t;
    };
    const overflow = new Set<string>();
    for (const [binId, day, n, sum, , max, full] of this.binDays(p)) {
      const t = get(binId);
      t.readings += n;
      t.sum += sum;
      t.max = t.max === null ? max : Math.max(t.max, max);
      if (full > 0) overflow.add(`${binId}|${day}`);
    }
    for (const c of this.collections(p) as CollectionRow[]) {
      const t = get(c.binId);
      t.collections++;
      if (c.fillBeforePercent !== null) {
        t.fillAtCollectionSum += c.fillBeforePercent;
        t.fillAtCollectionKnown++;
      }
      if (c.overflowed === 1) overflow.add(`${c.binId}|${c.day}`);
    }
    for (const key of overflow) get(key.slice(0, key.lastIndexOf('|'))).overflowDays++;
    return out;
  }

  /** The readings of a period per bin and local day, kept {@link CACHE_MS}. */
  private binDays(p: Period): BinDayTuple[] {
    return cached(this.cache, `${p.fromIso}|${p.toIso}|${this.version()}`, () => this.repo.binDays(p.fromIso, p.toIso, this.offsetSegments(p)));
  }

  /** The time zone's UTC offsets over a period: from each instant on, an offset in minutes. */
  private offsetSegments(p: Period): { fromIso: string; offsetMin: number }[] {
    const start = Date.parse(p.fromIso);
    const end = Date.parse(p.toIso);
    const off = (ms: number): number => Math.round(utcOffsetMs(ms, this.timeZone) / 60_000);
    const segments = [{ fromIso: p.fromIso, offsetMin: off(start) }];
    for (let t = start; t < end; t += DAY_MS) {
      const next = Math.min(end, t + DAY_MS);
      if (off(next) === segments[segments.length - 1]!.offsetMin) continue;
      // the change is within (t, next]: find its hour
      let lo = t;
      let hi = next;
      while (hi - lo > 3_600_000) {
        const mid = lo + Math.floor((hi - lo) / 7_200_000) * 3_600_000 || lo + 3_600_000;
        if (off(mid) === segments[segments.length - 1]!.offsetMin) lo = mid;
        else hi = mid;
      }
      segments.push({ fromIso: new Date(hi).toISOString(), offsetMin: off(hi) });
    }
    return segments;
  }

  /** The UTC instant of local midnight starting `date`. */
  private localMidnightIso(date: string): string {
    const utcMidnight = Date.parse(`${date}T00:00:00Z`);
    const guess = utcMidnight - utcOffsetMs(utcMidnight, this.timeZone);
    return new Date(utcMidnight - utcOffsetMs(guess, this.timeZone)).toISOString();
  }
}

/** The value of `key` in a small cache (at most {@link CACHE_SIZE} entries, {@link CACHE_MS} old). */
function cached<T>(cache: Map<string, { at: number; rows: T }>, key: string, load: () => T): T {
  const at = Date.now();
  const hit = cache.get(key);
  if (hit && at - hit.at < CACHE_MS) return hit.rows;
  const rows = load();
  cache.delete(key);
  cache.set(key, { at, rows });
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return rows;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
