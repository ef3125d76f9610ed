/**
 * Rolling-horizon area planner (issue #17): for the next H working days, which areas (H3 cells or
 * groups of cells, one visit per area and stream) each vehicle type visits on which day, and within
 * a visited area which bins to take: those that would not last until the area's next planned visit
 * at the chosen risk. Only today's part is executed; the caller plans again tomorrow with new
 * readings, and routes today's bins with the one engine (`solveDay`).
 *
 * Heuristic, per area and stream (a "unit"):
 * 1. Each bin's forecast ({@link BinForecast}: fill now, rate, and their spread) gives the
 *    `1 − risk` upper bound of its fill on each coming working day; its latest safe day is the last
 *    day on which that bound is still under `fullPercent`. The unit's first visit is the earliest
 *    latest-safe day of its bins (the fastest bin sets it).
 * 2. At a visit, for each candidate next visit day `n` the bins taken are those whose bound
 *    reaches full by `n`; `n` is feasible when the bins taken, emptied, last until `n` too. The
 *    chosen `n` minimises the cost per day covered: (area visit cost + stop cost × lifts, a lift
 *    weighted up by the air it carries) ÷ days until `n`. Then the unit is simulated forward to `n`
 *    (taken bins refill from {@link RESIDUE_PERCENT}) and planned again, until past the horizon.
 * 3. Capacity: each day's hours per vehicle type (the types serving the stream, shift hours ×
 *    count × {@link USABLE_SHIFT_SHARE}) must hold the day's visits; from the last day back to the
 *    second, a day over its hours moves its cheapest-to-move visits one day earlier (earlier is
 *    always safe). Today's excess stays (reported in `overHours`).
 *
 * Pure: no clock, no I/O; day offsets are parameters and the result depends only on the input
 * (the seed breaks ties between equal moves, the iteration budget caps the balancing moves).
 */
import type { Stream } from '../model/types.js';
import { normalQuantile } from '../forecast/decide-bins.js';
import { Rng } from '../model/rng.js';

/** Fill a collection leaves, percent. */
export const RESIDUE_PERCENT = 2;
/** Share of a shift the planner fills with area visits (travel between areas, breaks and disposal trips take the rest). */
export const USABLE_SHIFT_SHARE = 0.8;

/**
 * What the planner needs to know about a bin's coming fill: level now and rate, each with its
 * spread. The fill at `t` days is taken as normal with mean `fill + rate t` and standard deviation
 * `sqrt(fillSd² + (rateSd t)²)`, so the day it reaches full is a distribution. A better forecaster
 * feeds the same four numbers.
 */
export interface BinForecast {
  /** Expected fill at the plan instant, percent (may exceed 100). */
  readonly fillPercent: number;
  readonly fillSdPercent: number;
  /** Mean fill rate over the coming days, percent per calendar day. */
  readonly ratePercentPerDay: number;
  readonly rateSdPercentPerDay: number;
}

/** A bin of the planned area. */
export interface HorizonBin {
  readonly binId: string;
  /** The area the bin belongs to (e.g. its H3 cell). */
  readonly areaId: string;
  readonly stream: Stream;
  readonly capacityLitres: number;
  /** Stop time at this bin, hours (service + the walk to it). */
  readonly stopHours: number;
  readonly forecast: BinForecast;
}

/** Caller's estimate of one visit to an area (from the road network), any stream. */
export interface AreaCost {
  readonly areaId: string;
  /** Cost of reaching and leaving the area on a round, EUR (its share of depot and disposal trips included). */
  readonly visitCostEur: number;
  /** Driving time of that, hours. */
  readonly visitHours: number;
  /**
   * The area's home weekdays (0 = Sunday), if it keeps a phase: it is visited only on those days,
   * except when a bin would overflow before the next one (an off-phase visit, said so). Keeping
   * neighbouring areas on the same day keeps each day's rounds compact. Absent: any day.
   */
  readonly homeWeekdays?: readonly number[];
}

/** A type of vehicle: streams it carries, how many, shift length. */
export interface HorizonVehicleType {
  readonly typeId: string;
  readonly streams: readonly Stream[];
  readonly count: number;
  readonly shiftHours: number;
}

/** A working day of the horizon. */
export interface HorizonDay {
  /** Calendar days from the plan instant to this day's collections (today: 0). */
  readonly offsetDays: number;
  /** How the explanations name the day, e.g. `Tue 06/10`. */
  readonly label: string;
  /** Weekday (0 = Sunday), for areas with home weekdays. */
  readonly weekday?: number;
}

export interface HorizonInput {
  readonly bins: readonly HorizonBin[];
  readonly areas: readonly AreaCost[];
  readonly vehicleTypes: readonly HorizonVehicleType[];
  /**
   * The coming working days, today first: the first `horizonDays` are planned, the rest (at least
   * one more) are where a visit planned past the horizon may land.
   */
  readonly days: readonly HorizonDay[];
  /** Planned days, default 7 (capped at `days.length − 1`). */
  readonly horizonDays?: number;
  /** Accepted probability that a bin overflows before its area's next visit, percent (0 < risk < 50). Default 5. */
  readonly riskPercent?: number;
  /** Fill that counts as full, percent. Default 95. */
  readonly fullPercent?: number;
  /** Cost of one stop, EUR (truck and crew time). */
  readonly stopCostEur: number;
  readonly seed?: number;
  /** Cap on capacity-balancing moves. Default 10,000. */
  readonly maxIterations?: number;
}

/** One visit: an area, a stream, the vehicle type and the bins it takes. */
export interface AreaVisit {
  readonly areaId: string;
  readonly stream: Stream;
  readonly vehicleTypeId: string | null;
  readonly binIds: readonly string[];
  readonly hours: number;
  readonly costEur: number;
}

export interface PlannedDay {
  readonly label: string;
  readonly offsetDays: number;
  readonly visits: readonly AreaVisit[];
  /** Hours planned per vehicle type. */
  readonly hoursByType: Readonly<Record<string, number>>;
  /** Hours over the usable shift hours per vehicle type (today only can be > 0). */
  readonly overHours: Readonly<Record<string, number>>;
}

/** Per area and stream: the planned visit days (indices into the days) and why. */
export interface AreaDecision {
  readonly areaId: string;
  readonly stream: Stream;
  readonly visitDays: readonly number[];
  readonly reason: string;
}

/** Per bin: the day it is taken within the horizon (null: not within it) and why. */
export interface BinPlan {
  readonly binId: string;
  readonly collectDay: number | null;
  readonly reason: string;
}

export interface HorizonPlan {
  readonly days: readonly PlannedDay[];
  readonly areas: readonly AreaDecision[];
  readonly bins: readonly BinPlan[];
  /** Bin ids to collect today (day 0), in input order. */
  readonly today: readonly string[];
}

/** One unit's bins with a simulated state: fill mean at the last reset, its offset, and spreads. */
interface UnitBin {
  readonly k: number;
  fill: number;
  fillSd: number;
  fromOffset: number;
  readonly rate: number;
  readonly rateSd: number;
}

const r0 = (x: number): number => Math.round(x);

/**
 * Plans the horizon (see the file comment).
 * @throws RangeError on a bad risk, fewer than two days, or a bin whose area has no cost.
 */
export function planHorizon(input: HorizonInput): HorizonPlan {
  const risk = input.riskPercent ?? 5;
  if (!(risk > 0 && risk < 50)) throw new RangeError(`riskPercent must be in (0, 50), got ${risk}`);
  if (input.days.length < 2) throw new RangeError('days must list at least two working days (today and one after the horizon)');
  const z = normalQuantile(1 - risk / 100);
  const full = input.fullPercent ?? 95;
  const horizon = Math.max(1, Math.min(input.horizonDays ?? 7, input.days.length - 1));
  const days = input.days;
  const areaCost = new Map(input.areas.map((a) => [a.areaId, a]));
  const rng = new Rng(input.seed ?? 1);

  const upperAt = (b: UnitBin, offset: number): number => {
    const t = Math.max(0, offset - b.fromOffset);
    return b.fill + b.rate * t + z * Math.sqrt(b.fillSd * b.fillSd + b.rateSd * b.rateSd * t * t);
  };
  const meanAt = (b: UnitBin, offset: number): number => b.fill + b.rate * Math.max(0, offset - b.fromOffset);
  /** Last day index (≥ from) on which the bin's bound is still under full; `days.length` if never within the days. */
  const latestSafe = (b: UnitBin, from: number): number => {
    if (upperAt(b, days[from]!.offsetDays) >= full) return from;
    for (let d = from + 1; d < days.length; d++) if (upperAt(b, days[d]!.offsetDays) >= full) return d - 1;
    return days.length;
  };

  // Units: area × stream.
  const units = new Map<string, { areaId: string; stream: Stream; bins: number[] }>();
  input.bins.forEach((b, k) => {
    if (!areaCost.has(b.areaId)) throw new RangeError(`bin '${b.binId}': no cost for area '${b.areaId}'`);
    const key = `${b.areaId}|${b.stream}`;
    const u = units.get(key) ?? { areaId: b.areaId, stream: b.stream, bins: [] };
    u.bins.push(k);
    units.set(key, u);
  });

  const binDay = new Array<number | null>(input.bins.length).fill(null);
  const binReason = new Array<string>(input.bins.length).fill('');
  const visitsByDay: { unitKey: string; binKs: number[]; hours: number; cost: number; day: number }[][] = days.map(() => []);
  const areaDecisions: AreaDecision[] = [];

  const homeDays = new Set(input.areas.flatMap((a) => a.homeWeekdays ?? [0, 1, 2, 3, 4, 5, 6]));
  const anyHome = (day: number): boolean => days[day]!.weekday === undefined || homeDays.has(days[day]!.weekday!);
  for (const [key, unit] of units) {
    const cost = areaCost.get(unit.areaId)!;
    const state: UnitBin[] = unit.bins.map((k) => {
      const f = input.bins[k]!.forecast;
      return { k, fill: f.fillPercent, fillSd: f.fillSdPercent, fromOffset: 0, rate: Math.max(0, f.ratePercentPerDay), rateSd: Math.max(0, f.rateSdPercentPerDay) };
    });
    const visitDays: number[] = [];
    const home = (day: number): boolean => cost.homeWeekdays === undefined || days[day]!.weekday === undefined || cost.homeWeekdays.includes(days[day]!.weekday!);
    let d = Math.min(...state.map((b) => latestSafe(b, 0)));
    if (d < horizon) {
      // The latest home day on or before the due day; none: the latest day that is any area's home
      // day (trucks are out then anyway); none: an off-phase visit on the due day.
      let h = d;
      while (h >= 0 && !home(h)) h--;
      if (h < 0) {
        h = d;
        while (h >= 0 && !anyHome(h)) h--;
      }
      if (h >= 0) d = h;
    }
    while (d < horizon) {
      // Choose the next visit n > d: a home day whose taken bins, emptied, last until it.
      const dOff = days[d]!.offsetDays;
      let best: { n: number; taken: UnitBin[]; score: number } | null = null;
      let lastFeasible = d + 1;
      for (let n = d + 1; n < days.length; n++) {
        const nOff = days[n]!.offsetDays;
        const taken = state.filter((b) => upperAt(b, nOff) >= full);
        const refillOk = taken.every((b) => RESIDUE_PERCENT + b.rate * (nOff - dOff) + z * b.rateSd * (nOff - dOff) < full);
        if (!refillOk && n > d + 1) break;
        lastFeasible = n;
        if (!home(n)) continue;
        const lifts = taken.reduce((s, b) => s + 1 + Math.max(0, 1 - meanAt(b, dOff) / 100), 0);
        const score = (cost.visitCostEur + input.stopCostEur * lifts) / (nOff - dOff);
        if (!best || score < best.score - 1e-9) best = { n, taken, score };
      }
      if (!best) {
        const nOff = days[lastFeasible]!.offsetDays;
        best = { n: lastFeasible, taken: state.filter((b) => upperAt(b, nOff) >= full), score: 0 };
      }
      const chosen = best!;
      const nextLabel = days[chosen.n]!.label;
      const taken = chosen.taken;
      // A visit always takes at least the bin that forced it.
      if (taken.length === 0) taken.push(state.reduce((a, b) => (upperAt(b, dOff) > upperAt(a, dOff) ? b : a)));
      const nOff = days[chosen.n]!.offsetDays;
      for (const b of taken) {
        if (binDay[b.k] === null) {
          binDay[b.k] = d;
          binReason[b.k] = `area visited ${d === 0 ? 'today' : days[d]!.label}; reaches ${r0(Math.min(999, upperAt(b, nOff)))} % (${100 - risk} % bound) before its next visit on ${nextLabel}`;
        }
      }
      const hours = cost.visitHours + taken.reduce((s, b) => s + input.bins[b.k]!.stopHours, 0);
      const visitCost = cost.visitCostEur + input.stopCostEur * taken.length;
      visitsByDay[d]!.push({ unitKey: key, binKs: taken.map((b) => b.k), hours, cost: visitCost, day: d });
      visitDays.push(d);
      for (const b of taken) {
        b.fill = RESIDUE_PERCENT;
        b.fillSd = 0;
        b.fromOffset = dOff;
      }
      d = chosen.n;
    }
    // Bins not taken within the horizon: their fill at the area's next visit.
    // `d` is now the unit's first visit at or after the horizon (days.length: beyond the listed days).
    const nextVisit = days[Math.min(d, days.length - 1)]!;
    const nextName = d >= days.length ? `after ${days.at(-1)!.label}` : nextVisit.label;
    for (const b of state) {
      const k = b.k;
      if (binDay[k] !== null) continue;
      const atNext = meanAt(b, nextVisit.offsetDays);
      binReason[k] =
        visitDays.includes(0) && b.fromOffset === 0
          ? `area visited today; ${r0(input.bins[k]!.forecast.fillPercent)} % now, lasts until its next visit on ${nextName} (${r0(atNext)} % then)`
          : `area next visited ${nextName}; ${r0(atNext)} % then`;
    }
    const fastest = state.reduce((a, b) => (b.rate > a.rate ? b : a));
    areaDecisions.push({
      areaId: unit.areaId,
      stream: unit.stream,
      visitDays,
      reason:
        visitDays.length === 0
          ? `area not visited within ${horizon} working days: every ${unit.stream} bin stays under ${full} % (${100 - risk} % bound) until ${nextName}`
          : `area visited ${visitDays.map((v) => (v === 0 ? 'today' : days[v]!.label)).join(', ')}; fastest bin ${input.bins[fastest.k]!.binId} fills ${r0(fastest.rate)} %/day`,
    });
  }

  // Capacity: hours per vehicle type per day; move excess visits one day earlier, last day first.
  const typeFor = (stream: Stream): HorizonVehicleType | undefined => input.vehicleTypes.find((t) => t.streams.includes(stream));
  const usable = (t: HorizonVehicleType): number => t.count * t.shiftHours * USABLE_SHIFT_SHARE;
  const hoursOf = (d: number): Map<string, number> => {
    const h = new Map<string, number>();
    for (const v of visitsByDay[d]!) {
      const t = typeFor(units.get(v.unitKey)!.stream);
      if (t) h.set(t.typeId, (h.get(t.typeId) ?? 0) + v.hours);
    }
    return h;
  };
  let moves = 0;
  const maxMoves = input.maxIterations ?? 10_000;
  for (let d = horizon - 1; d >= 1 && moves < maxMoves; d--) {
    for (const t of input.vehicleTypes) {
      let used = hoursOf(d).get(t.typeId) ?? 0;
      const list = visitsByDay[d]!.filter((v) => typeFor(units.get(v.unitKey)!.stream)?.typeId === t.typeId);
      // Move the smallest visits first (least waste of an early visit); ties by seeded order.
      rng.shuffle(list);
      list.sort((a, b) => a.hours - b.hours);
      for (const v of list) {
        if (used <= usable(t) || moves >= maxMoves) break;
        visitsByDay[d] = visitsByDay[d]!.filter((x) => x !== v);
        visitsByDay[d - 1]!.push({ ...v, day: d - 1 });
        used -= v.hours;
        moves++;
        for (const k of v.binKs) {
          if (binDay[k] === d) {
            binDay[k] = d - 1;
            binReason[k] = `${binReason[k]}; moved to ${d - 1 === 0 ? 'today' : days[d - 1]!.label}: ${t.typeId} full on ${days[d]!.label}`;
          }
        }
        const ad = areaDecisions.find((a) => `${a.areaId}|${a.stream}` === v.unitKey);
        if (ad) (ad.visitDays as number[]).splice(ad.visitDays.indexOf(d), 1, d - 1);
      }
    }
  }

  const planned: PlannedDay[] = days.slice(0, horizon).map((day, d) => {
    const hours = hoursOf(d);
    const hoursByType: Record<string, number> = {};
    const overHours: Record<string, number> = {};
    for (const t of input.vehicleTypes) {
      hoursByType[t.typeId] = Math.round((hours.get(t.typeId) ?? 0) * 100) / 100;
      overHours[t.typeId] = Math.max(0, Math.round(((hours.get(t.typeId) ?? 0) - usable(t)) * 100) / 100);
    }
    return {
      label: day.label,
      offsetDays: day.offsetDays,
      visits: visitsByDay[d]!.map((v) => {
        const u = units.get(v.unitKey)!;
        return { areaId: u.areaId, stream: u.stream, vehicleTypeId: typeFor(u.stream)?.typeId ?? null, binIds: v.binKs.map((k) => input.bins[k]!.binId), hours: Math.round(v.hours * 100) / 100, costEur: Math.round(v.cost * 100) / 100 };
      }),
      hoursByType,
      overHours,
    };
  });
  return {
    days: planned,
    areas: areaDecisions,
    bins: input.bins.map((b, k) => ({ binId: b.binId, collectDay: binDay[k]! !== null && binDay[k]! < horizon ? binDay[k]! : null, reason: binReason[k]! })),
    today: input.bins.filter((_, k) => binDay[k] === 0).map((b) => b.binId),
  };
}
