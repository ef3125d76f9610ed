import { CURRENT_POSITION_ID, PLAN_UNASSIGNED_REASONS, type PlanJson, type PlanRouteJson, type PlanStepJson } from '../model/plan-json.js';
import type { ProblemJson } from '../model/problem-json.js';
import type { ResolvedProblem } from '../model/resolve-problem.js';
import type { Stream } from '../model/types.js';

/**
 * Closed list of the violation codes {@link checkDayPlan} reports: conservation, vehicles, streams,
 * capacities, shifts, step order, loads, clock times and distances, and the rules of the full
 * problem format (time windows, disposal sites, breaks, working time, daily limits, locks, fixed
 * prefixes, costs and totals).
 */
export const DAY_PLAN_VIOLATION_CODES = [
  'bin_missing',
  'bin_duplicated',
  'unknown_bin',
  'unknown_vehicle',
  'vehicle_used_twice',
  'wrong_stream',
  'capacity_exceeded_litres',
  'capacity_exceeded_kg',
  'shift_exceeded',
  'not_starting_at_depot',
  'not_ending_at_depot',
  'misplaced_step',
  'location_mismatch',
  'not_empty_at_end',
  'load_mismatch',
  'time_mismatch',
  'distance_mismatch',
  'unknown_reason',
  'time_window_violated',
  'disposal_window_violated',
  'disposal_stream_refused',
  'break_missing',
  'break_misplaced',
  'working_time_exceeded',
  'daily_capacity_exceeded',
  'max_stops_exceeded',
  'lock_violated',
  'prefix_violated',
  'cost_mismatch',
  'totals_mismatch',
  'mandatory_not_worth',
] as const;

/** One of {@link DAY_PLAN_VIOLATION_CODES}. */
export type DayPlanViolationCode = (typeof DAY_PLAN_VIOLATION_CODES)[number];

/** One broken rule of a plan, with the vehicle and/or bin it concerns when there is one. */
export interface DayPlanViolation {
  readonly code: DayPlanViolationCode;
  readonly message: string;
  readonly vehicleId?: string;
  readonly binId?: string;
}

export { CURRENT_POSITION_ID };

/** Relative tolerance on costs and CO2 (floating-point sums of products). */
const COST_RELATIVE_TOLERANCE = 1e-9;

type Bin = ProblemJson['bins'][number];
type Vehicle = ProblemJson['vehicles'][number];
type Break = Vehicle['breaks'][number];
type Prefix = ProblemJson['fixedPrefixes'][number];
type Window = { readonly openSec: number; readonly closeSec: number };

const STEP_TYPES: ReadonlySet<string> = new Set(['start', 'bin', 'disposal', 'break', 'end']);

const inWindows = (t: number, windows: readonly Window[]): boolean => windows.some((w) => t >= w.openSec && t <= w.closeSec);
const showWindows = (windows: readonly Window[]): string => windows.map((w) => `[${w.openSec}, ${w.closeSec}]`).join(', ');
const closeEnough = (reported: number, expected: number): boolean =>
  Math.abs(reported - expected) <= COST_RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));

/** Shared state of one check. */
interface Ctx {
  readonly r: ResolvedProblem;
  readonly out: DayPlanViolation[];
  readonly bins: ReadonlyMap<string, Bin>;
  readonly vehicles: ReadonlyMap<string, Vehicle>;
  readonly prefixes: ReadonlyMap<string, Prefix>;
  /** Where each known bin appears: `route of "V"`, `unassigned`, `fixed prefix of "V"`. */
  readonly seen: Map<string, string[]>;
  /** Vehicle serving each routed bin (first occurrence). */
  readonly servedBy: Map<string, string>;
  /** Bin sequence of the first route of each vehicle. */
  readonly routeBins: Map<string, string[]>;
}

const see = (ctx: Ctx, binId: string, where: string): void => {
  const list = ctx.seen.get(binId);
  if (list) list.push(where);
  else ctx.seen.set(binId, [where]);
};

/**
 * Independently checks a plan of a collection day (the documented plan format) against its
 * resolved problem. It recomputes everything from the problem and the matrix and never trusts the
 * plan's numbers; it shares no code with the solver. Clock times are seconds since the plan day's
 * midnight, loads whole litres and kilograms, distances whole metres. Rules, with their codes:
 *
 * - **Conservation.** Every bin of the problem appears exactly once: as a `bin` step of one route,
 *   in `unassigned`, or in a fixed prefix's `doneBinIds` (already collected: it must then appear
 *   nowhere else, `prefix_violated`). Otherwise `bin_missing` / `bin_duplicated`; ids not in the
 *   problem are `unknown_bin`; a reason outside the plan format's list is `unknown_reason`; a
 *   mandatory bin unassigned as `not_worth_collecting` is `mandatory_not_worth`.
 * - **Route shape.** The vehicle exists (`unknown_vehicle`) and has at most one route
 *   (`vehicle_used_twice`). The first step is `start` (`not_starting_at_depot`), the last `end`
 *   (`not_ending_at_depot`), only `bin`, `disposal` and `break` in between (`misplaced_step`).
 *   Without a fixed prefix the `start` id is the vehicle's `startDepotId`; with one it is
 *   `current-position` at the prefix's location, departing at or after `atSec`, with
 *   the prefix's load on board (`prefix_violated`). The `end` id is the vehicle's `endDepotId`.
 *   A vehicle with a fixed prefix must have a route (it has to get home), else `prefix_violated`.
 * - **Locations.** Each step's `locationIndex` is the resolved location of its id
 *   (`location_mismatch`; also for a disposal id that is not a site). A break happens where the
 *   truck stands: its `locationIndex` is absent or that place.
 * - **Clock.** For each step after the first, `drivingFromPrevSec` and `distanceFromPrevM` equal
 *   the matrix entry from the last located step (0 for breaks and for the first step);
 *   arrival = previous step's departure + driving; start ≥ arrival (waiting is allowed before
 *   `bin`, `disposal` and `break` steps: a crew waiting for a window may take its break then);
 *   departure = start + `serviceSec` (bin), + `unloadingSec` (disposal), + the matched break's
 *   `durationSec` (break, whose arrival is the previous departure); `start` and
 *   `end` steps have arrival = start = departure (all `time_mismatch`, and
 *   `distance_mismatch` for metres). Each check compares with the plan's own previous departure,
 *   so one wrong time is reported once, not on every later step.
 * - **Shift.** `start` departs at or after max(`shiftStartSec`, start depot `openSec`) (not
 *   checked after a fixed prefix); `end` arrives by min(`shiftEndSec`, end depot `closeSec`)
 *   (`shift_exceeded`). Working time = end arrival − start departure ≤ `maxWorkingSec`
 *   (`working_time_exceeded`); with a fixed prefix only the planned part is counted, since the
 *   problem does not say when the truck left.
 * - **Windows.** A bin with time windows starts service within one of them, bounds included
 *   (`time_window_violated`); a disposal step starts within one of the site's windows
 *   (`disposal_window_violated`).
 * - **Breaks.** Break steps are matched to the vehicle's breaks in listed order: a break step
 *   matches the next unmatched vehicle break whose duration it has and whose
 *   [`earliestStartSec`, `latestStartSec`] holds its start; a break step that matches none is
 *   `break_misplaced` (it stands for the next unmatched break, or is an extra one). A vehicle
 *   break left unmatched is `break_missing` when it is required: the route's `end` arrives after
 *   its `latestStartSec`, and (after a fixed prefix) its window opens at or after `atSec` — a
 *   break that could have been taken before the prefix's `atSec` is optional.
 * - **Loads.** A `bin` adds its `demandLitres` / `demandKg`, a `disposal` empties the truck; the
 *   load after each step equals the recomputation (`load_mismatch`); it never exceeds
 *   `capacityLitres` / `capacityKg` (`capacity_exceeded_litres` / `_kg`, once per trip); the truck
 *   is empty at `end` (`not_empty_at_end`); a disposal site accepts every stream in the load it
 *   takes (`disposal_stream_refused`); the vehicle carries each bin's stream (`wrong_stream`).
 *   The load of a fixed prefix is taken to hold the streams of the last done bins whose demands
 *   add up to it. Over the day (fixed prefix's done bins included) the collected kilograms stay
 *   within `dailyCapacityKg` (`daily_capacity_exceeded`) and the bin stops within `maxStops`
 *   (`max_stops_exceeded`).
 * - **Locks.** Every locked bin is a `bin` step of the lock's vehicle (served by another vehicle
 *   or unassigned is a violation), in the lock's relative order; with `wholeRoute` that route
 *   serves no other bin (`lock_violated`).
 * - **Route figures.** `distanceM` (`distance_mismatch`), `drivingSec` and `workingSec`
 *   (`time_mismatch`) equal the recomputation; `binCount`, `disposalTrips`, `collectedLitres`,
 *   `collectedKg` too (`totals_mismatch`); `cost` = `costs.fixed` + `costs.perKm` × km +
 *   `costs.perHour` × working hours and `co2Kg` = km × `co2KgPerKm`, within a relative tolerance of
 *   1e-9 (`cost_mismatch`). Every route pays the fixed cost, even one without bins.
 * - **Totals.** `distanceM`, `drivingSec`, `workingSec`, `binsServed`, `cost`, `co2Kg` are the sums
 *   of the routes' reported figures (each of which is checked above, so a wrong route figure is
 *   reported once), `vehiclesUsed` is the number of routes, `unassigned` the number of unassigned
 *   entries (`totals_mismatch`).
 *
 * Pure. The plan must have the plan format's shape (parse it with `PlanJsonSchema` first); any
 * ids and numbers in it are checked.
 * @returns every violation found, each with a message carrying the numbers and ids involved; an
 *   empty array means the plan is valid. Never throws on a bad plan.
 */
export function checkDayPlan(resolved: ResolvedProblem, plan: PlanJson): DayPlanViolation[] {
  const { problem } = resolved;
  const ctx: Ctx = {
    r: resolved,
    out: [],
    bins: new Map(problem.bins.map((b) => [b.id, b])),
    vehicles: new Map(problem.vehicles.map((v) => [v.id, v])),
    prefixes: new Map(problem.fixedPrefixes.map((f) => [f.vehicleId, f])),
    seen: new Map(),
    servedBy: new Map(),
    routeBins: new Map(),
  };
  const { out } = ctx;

  for (const f of problem.fixedPrefixes) for (const id of f.doneBinIds) see(ctx, id, `fixed prefix of "${f.vehicleId}"`);

  const routed = new Set<string>();
  for (const route of plan.routes) {
    const vehicleId = route.vehicleId;
    if (!ctx.vehicles.has(vehicleId)) out.push({ code: 'unknown_vehicle', message: `route of vehicle "${vehicleId}": no such vehicle in the problem`, vehicleId });
    if (routed.has(vehicleId)) out.push({ code: 'vehicle_used_twice', message: `vehicle "${vehicleId}" has more than one route`, vehicleId });
    checkRoute(ctx, route, !routed.has(vehicleId));
    routed.add(vehicleId);
  }
  for (const f of problem.fixedPrefixes) {
    if (!routed.has(f.vehicleId))
      out.push({ code: 'prefix_violated', message: `vehicle "${f.vehicleId}" has a fixed prefix (at location ${String(f.locationIndex)} at ${f.atSec} s) but no route home`, vehicleId: f.vehicleId });
  }

  const reasons: ReadonlySet<string> = new Set(PLAN_UNASSIGNED_REASONS);
  for (const u of plan.unassigned) {
    const bin = ctx.bins.get(u.binId);
    if (!bin) out.push({ code: 'unknown_bin', message: `unassigned bin "${u.binId}" is not in the problem`, binId: u.binId });
    else see(ctx, u.binId, 'unassigned');
    if (!reasons.has(u.reason)) out.push({ code: 'unknown_reason', message: `bin "${u.binId}" is unassigned with unknown reason "${u.reason}"`, binId: u.binId });
    if (bin && bin.mandatory && u.reason === 'not_worth_collecting')
      out.push({ code: 'mandatory_not_worth', message: `mandatory bin "${u.binId}" is unassigned as not_worth_collecting`, binId: u.binId });
  }

  for (const bin of problem.bins) {
    const where = ctx.seen.get(bin.id) ?? [];
    const prefix = where.find((w) => w.startsWith('fixed prefix'));
    if (where.length === 0) out.push({ code: 'bin_missing', message: `bin "${bin.id}" is in no route, not unassigned and not in a fixed prefix`, binId: bin.id });
    else if (prefix !== undefined && where.length > 1)
      out.push({ code: 'prefix_violated', message: `bin "${bin.id}" was already collected (${prefix}) but also appears in: ${where.filter((w) => w !== prefix).join('; ')}`, binId: bin.id });
    else if (where.length > 1) out.push({ code: 'bin_duplicated', message: `bin "${bin.id}" appears ${where.length} times: ${where.join('; ')}`, binId: bin.id });
  }

  checkLocks(ctx);
  checkTotals(ctx, plan);
  return out;
}

/** Checks one route; `first` is false for a second route of the same vehicle (not used for locks). */
function checkRoute(ctx: Ctx, route: PlanRouteJson, first: boolean): void {
  const { out, r } = ctx;
  const vehicleId = route.vehicleId;
  const v = ctx.vehicles.get(vehicleId);
  const prefix = ctx.prefixes.get(vehicleId);
  const steps = route.steps;
  const size = r.matrix.size;
  const inMatrix = (i: number | undefined): i is number => i !== undefined && Number.isInteger(i) && i >= 0 && i < size;
  const push = (code: DayPlanViolationCode, message: string, binId?: string): void => {
    out.push({ code, message, vehicleId, ...(binId !== undefined ? { binId } : {}) });
  };
  const lastIdx = steps.length - 1;
  const firstStep = steps[0];
  const lastStep = steps[lastIdx];

  // Shape.
  steps.forEach((s, i) => {
    if (!STEP_TYPES.has(s.type)) push('misplaced_step', `step ${i} of "${vehicleId}" has unknown type "${String(s.type)}"`);
    else if (s.type === 'start' && i !== 0) push('misplaced_step', `step ${i} of "${vehicleId}" is a start step but not the first step`);
    else if (s.type === 'end' && i !== lastIdx) push('misplaced_step', `step ${i} of "${vehicleId}" is an end step but not the last step`);
  });
  if (!firstStep || firstStep.type !== 'start')
    push('not_starting_at_depot', `route of "${vehicleId}" begins with ${firstStep ? `a ${firstStep.type} step` : 'no step'}, not a start step`);
  if (!lastStep || lastIdx < 1 || lastStep.type !== 'end')
    push('not_ending_at_depot', `route of "${vehicleId}" finishes with ${lastStep && lastIdx >= 1 ? `a ${lastStep.type} step` : 'no step'}, not an end step`);

  // Start and end identity and shift.
  if (firstStep?.type === 'start') {
    if (prefix) {
      const at = r.loc.prefixes.get(vehicleId);
      if (firstStep.id !== CURRENT_POSITION_ID || firstStep.locationIndex !== at)
        push('prefix_violated', `route of "${vehicleId}" starts at "${String(firstStep.id)}" (location ${String(firstStep.locationIndex)}), expected "${CURRENT_POSITION_ID}" at the fixed prefix's location ${String(at)}`);
      if (firstStep.departureSec < prefix.atSec)
        push('prefix_violated', `route of "${vehicleId}" leaves its current position at ${firstStep.departureSec} s, before the fixed prefix's time ${prefix.atSec} s`);
      if (firstStep.loadLitres !== prefix.loadLitres || firstStep.loadKg !== prefix.loadKg)
        push('prefix_violated', `start step of "${vehicleId}" carries ${firstStep.loadLitres} L / ${firstStep.loadKg} kg, the fixed prefix has ${prefix.loadLitres} L / ${prefix.loadKg} kg on board`);
    } else if (v) {
      if (firstStep.id !== v.startDepotId)
        push('not_starting_at_depot', `route of "${vehicleId}" starts at "${String(firstStep.id)}", its start depot is "${v.startDepotId}"`);
      const depot = ctx.r.problem.depots.find((d) => d.id === v.startDepotId);
      const earliest = Math.max(v.shiftStartSec, depot?.openSec ?? 0);
      if (firstStep.departureSec < earliest)
        push('shift_exceeded', `"${vehicleId}" leaves at ${firstStep.departureSec} s, before ${earliest} s (shift starts ${v.shiftStartSec} s, depot "${v.startDepotId}" opens ${String(depot?.openSec)} s)`);
    }
  }
  if (lastStep?.type === 'end' && lastIdx >= 1 && v) {
    if (lastStep.id !== v.endDepotId)
      push('not_ending_at_depot', `route of "${vehicleId}" ends at "${String(lastStep.id)}", its end depot is "${v.endDepotId}"`);
    const depot = ctx.r.problem.depots.find((d) => d.id === v.endDepotId);
    const latest = Math.min(v.shiftEndSec, depot?.closeSec ?? Number.POSITIVE_INFINITY);
    if (lastStep.arrivalSec > latest)
      push('shift_exceeded', `"${vehicleId}" is back at ${lastStep.arrivalSec} s, after ${latest} s (shift ends ${v.shiftEndSec} s, depot "${v.endDepotId}" closes ${String(depot?.closeSec)} s)`);
  }

  // Breaks: which vehicle break each break step stands for.
  const breakOf = new Map<number, Break>();
  if (v) {
    const endSec = lastStep ? lastStep.arrivalSec : 0;
    const required = (b: Break): boolean => endSec > b.latestStartSec && !(prefix && b.earliestStartSec < prefix.atSec);
    const describe = (b: Break, j: number): string => `break ${j} of "${vehicleId}" (${b.durationSec} s starting in [${b.earliestStartSec}, ${b.latestStartSec}])`;
    let next = 0;
    const skip = (upTo: number): void => {
      for (; next < upTo; next++) {
        const b = v.breaks[next] as Break;
        if (required(b)) push('break_missing', `${describe(b, next)} is not taken, though the route ends at ${endSec} s`);
      }
    };
    steps.forEach((s, i) => {
      if (s.type !== 'break') return;
      const taken = s.departureSec - s.startSec;
      let j = next;
      while (j < v.breaks.length) {
        const b = v.breaks[j] as Break;
        if (b.durationSec === taken && s.startSec >= b.earliestStartSec && s.startSec <= b.latestStartSec) break;
        j++;
      }
      if (j < v.breaks.length) {
        skip(j);
        breakOf.set(i, v.breaks[j] as Break);
        next = j + 1;
      } else if (next < v.breaks.length) {
        push('break_misplaced', `step ${i} of "${vehicleId}" is a ${taken} s break starting at ${s.startSec} s; ${describe(v.breaks[next] as Break, next)}`);
        next++;
      } else {
        push('break_misplaced', `step ${i} of "${vehicleId}" is a ${taken} s break starting at ${s.startSec} s, but the vehicle has no break left to take (${v.breaks.length} in all)`);
      }
    });
    skip(v.breaks.length);
  }

  // Walk: locations, travel, clock, loads.
  const dur = (a: number, b: number): number => r.matrix.durations[a * size + b] as number;
  const dist = (a: number, b: number): number => r.matrix.distances[a * size + b] as number;
  let litres = prefix ? prefix.loadLitres : 0;
  let kg = prefix ? prefix.loadKg : 0;
  const onBoard = new Set<Stream>(prefix ? prefixStreams(ctx, prefix) : []);
  let overLitres = false;
  let overKg = false;
  let here: number | undefined;
  let prev: PlanStepJson | undefined;
  let drivingSec = 0;
  let distanceM = 0;
  let binCount = 0;
  let disposalTrips = 0;
  let collectedLitres = 0;
  let collectedKg = 0;
  const binSeq: string[] = [];

  steps.forEach((s, i) => {
    const where = `step ${i} (${String(s.type)} "${String(s.id ?? '')}") of "${vehicleId}"`;
    // The true location of the step's id; undefined when unknown or for a break.
    let truth: number | undefined;
    if (s.type === 'start') truth = prefix ? r.loc.prefixes.get(vehicleId) : r.loc.depots.get(s.id ?? '');
    else if (s.type === 'end') truth = r.loc.depots.get(s.id ?? '');
    else if (s.type === 'bin') truth = r.loc.bins.get(s.id ?? '');
    else if (s.type === 'disposal') truth = r.loc.disposalSites.get(s.id ?? '');

    if (s.type === 'break') {
      if (s.locationIndex !== undefined && s.locationIndex !== here)
        push('location_mismatch', `${where} is at location ${s.locationIndex}, but the truck stands at ${String(here)}`);
    } else if (truth !== undefined && s.locationIndex !== truth && !(s.type === 'start' && prefix)) {
      push('location_mismatch', `${where} is at location ${String(s.locationIndex)}, "${String(s.id)}" is at ${truth}`, s.type === 'bin' ? s.id : undefined);
    } else if (truth === undefined && s.type === 'disposal') {
      push('location_mismatch', `${where}: no disposal site "${String(s.id)}" in the problem`);
    }

    const to = s.type === 'break' ? undefined : truth ?? (inMatrix(s.locationIndex) ? s.locationIndex : undefined);
    let legSec: number | undefined = 0;
    let legM: number | undefined = 0;
    if (i > 0 && s.type !== 'break') {
      legSec = here !== undefined && to !== undefined ? dur(here, to) : undefined;
      legM = here !== undefined && to !== undefined ? dist(here, to) : undefined;
    }
    if (legSec !== undefined && legM !== undefined) {
      drivingSec += legSec;
      distanceM += legM;
      if (s.drivingFromPrevSec !== legSec)
        push('time_mismatch', `${where} reports ${s.drivingFromPrevSec} s of driving from the previous place, the matrix says ${legSec} s`);
      if (s.distanceFromPrevM !== legM)
        push('distance_mismatch', `${where} reports ${s.distanceFromPrevM} m from the previous place, the matrix says ${legM} m`);
      if (prev && s.arrivalSec !== prev.departureSec + legSec)
        push('time_mismatch', `${where} arrives at ${s.arrivalSec} s, expected ${prev.departureSec + legSec} s (previous departure ${prev.departureSec} s + ${legSec} s driving)`);
    }
    if ((s.type === 'bin' || s.type === 'disposal' || s.type === 'break') && s.startSec < s.arrivalSec) push('time_mismatch', `${where} starts at ${s.startSec} s, before it arrives at ${s.arrivalSec} s`);
    const expectDeparture = (serviceSec: number, what: string): void => {
      if (s.departureSec !== s.startSec + serviceSec)
        push('time_mismatch', `${where} departs at ${s.departureSec} s, expected ${s.startSec + serviceSec} s (start ${s.startSec} s + ${serviceSec} s ${what})`);
    };

    if (s.type === 'start' || s.type === 'end') {
      if (s.startSec !== s.arrivalSec) push('time_mismatch', `${where} starts at ${s.startSec} s, expected its arrival ${s.arrivalSec} s`);
      expectDeparture(0, `at the ${s.type}`);
      if (s.type === 'end' && (litres !== 0 || kg !== 0))
        push('not_empty_at_end', `"${vehicleId}" ends with ${litres} L / ${kg} kg on board (no disposal after its last bin)`);
    } else if (s.type === 'break') {
      const b = breakOf.get(i);
      if (b) expectDeparture(b.durationSec, 'break');
    } else if (s.type === 'bin') {
      const bin = ctx.bins.get(s.id ?? '');
      if (!bin) {
        push('unknown_bin', `${where}: no bin "${String(s.id)}" in the problem`, s.id);
      } else {
        see(ctx, bin.id, `route of "${vehicleId}" (step ${i})`);
        if (!ctx.servedBy.has(bin.id)) ctx.servedBy.set(bin.id, vehicleId);
        binSeq.push(bin.id);
        binCount++;
        collectedLitres += bin.demandLitres;
        collectedKg += bin.demandKg;
        expectDeparture(bin.serviceSec, 'service');
        if (bin.timeWindows && bin.timeWindows.length > 0 && !inWindows(s.startSec, bin.timeWindows))
          push('time_window_violated', `${where} starts service at ${s.startSec} s, outside the bin's windows ${showWindows(bin.timeWindows)}`, bin.id);
        if (v && !v.streams.includes(bin.stream))
          push('wrong_stream', `vehicle "${vehicleId}" carries ${v.streams.join(', ')}, not ${bin.stream} (bin "${bin.id}")`, bin.id);
        litres += bin.demandLitres;
        kg += bin.demandKg;
        onBoard.add(bin.stream);
        if (v && litres > v.capacityLitres && !overLitres) {
          overLitres = true;
          push('capacity_exceeded_litres', `load reaches ${litres} L at bin "${bin.id}" (step ${i}), capacity of "${vehicleId}" is ${v.capacityLitres} L`, bin.id);
        }
        if (v && kg > v.capacityKg && !overKg) {
          overKg = true;
          push('capacity_exceeded_kg', `load reaches ${kg} kg at bin "${bin.id}" (step ${i}), capacity of "${vehicleId}" is ${v.capacityKg} kg`, bin.id);
        }
      }
    } else if (s.type === 'disposal') {
      disposalTrips++;
      const site = ctx.r.problem.disposalSites.find((d) => d.id === s.id);
      if (site) {
        expectDeparture(site.unloadingSec, 'unloading');
        if (!inWindows(s.startSec, site.timeWindows))
          push('disposal_window_violated', `${where} starts unloading at ${s.startSec} s, outside the site's windows ${showWindows(site.timeWindows)}`);
        const refused = [...onBoard].filter((st) => !site.streams.includes(st));
        if (refused.length > 0)
          push('disposal_stream_refused', `${where}: site "${site.id}" accepts ${site.streams.join(', ')}, not ${refused.join(', ')} in the load of ${litres} L / ${kg} kg`);
      }
      litres = 0;
      kg = 0;
      onBoard.clear();
      overLitres = false;
      overKg = false;
    }

    if (!(s.type === 'start' && prefix) && (s.loadLitres !== litres || s.loadKg !== kg))
      push('load_mismatch', `${where} reports ${s.loadLitres} L / ${s.loadKg} kg on board, recomputed ${litres} L / ${kg} kg`, s.type === 'bin' ? s.id : undefined);
    if (to !== undefined) here = to;
    prev = s;
  });

  // Route figures.
  const workingSec = firstStep && lastStep ? lastStep.arrivalSec - firstStep.departureSec : 0;
  if (route.workingSec !== workingSec)
    push('time_mismatch', `route of "${vehicleId}" reports ${route.workingSec} s of work, end arrival − start departure is ${workingSec} s`);
  if (route.drivingSec !== drivingSec) push('time_mismatch', `route of "${vehicleId}" reports ${route.drivingSec} s of driving, recomputed ${drivingSec} s`);
  if (route.distanceM !== distanceM) push('distance_mismatch', `route of "${vehicleId}" reports ${route.distanceM} m, recomputed ${distanceM} m`);
  const counts: [string, number, number][] = [
    ['binCount', route.binCount, binCount],
    ['disposalTrips', route.disposalTrips, disposalTrips],
    ['collectedLitres', route.collectedLitres, collectedLitres],
    ['collectedKg', route.collectedKg, collectedKg],
  ];
  for (const [name, reported, expected] of counts)
    if (reported !== expected) push('totals_mismatch', `route of "${vehicleId}" reports ${name} ${reported}, recomputed ${expected}`);

  if (v) {
    if (v.maxWorkingSec !== undefined && workingSec > v.maxWorkingSec)
      push('working_time_exceeded', `"${vehicleId}" works ${workingSec} s (${firstStep?.departureSec} s to ${lastStep?.arrivalSec} s), more than its ${v.maxWorkingSec} s`);
    const km = distanceM / 1000;
    const cost = v.costs.fixed + v.costs.perKm * km + v.costs.perHour * (workingSec / 3600);
    if (!closeEnough(route.cost, cost))
      push('cost_mismatch', `route of "${vehicleId}" reports cost ${route.cost}, recomputed ${cost} (fixed ${v.costs.fixed} + ${v.costs.perKm}/km × ${km} km + ${v.costs.perHour}/h × ${workingSec / 3600} h)`);
    const co2 = km * v.co2KgPerKm;
    if (!closeEnough(route.co2Kg, co2)) push('cost_mismatch', `route of "${vehicleId}" reports ${route.co2Kg} kg CO2, recomputed ${co2} kg (${km} km × ${v.co2KgPerKm} kg/km)`);

    const done = prefix ? prefix.doneBinIds.map((id) => ctx.bins.get(id)).filter((b): b is Bin => b !== undefined) : [];
    const dayKg = collectedKg + done.reduce((sum, b) => sum + b.demandKg, 0);
    if (v.dailyCapacityKg !== undefined && dayKg > v.dailyCapacityKg)
      push('daily_capacity_exceeded', `"${vehicleId}" collects ${dayKg} kg over the day${done.length > 0 ? ` (${done.length} done bins included)` : ''}, its daily capacity is ${v.dailyCapacityKg} kg`);
    const stops = binCount + done.length;
    if (v.maxStops !== undefined && stops > v.maxStops)
      push('max_stops_exceeded', `"${vehicleId}" serves ${stops} bins over the day${done.length > 0 ? ` (${done.length} done bins included)` : ''}, its limit is ${v.maxStops}`);
  }
  if (first) ctx.routeBins.set(vehicleId, binSeq);
}

/**
 * Streams in a fixed prefix's load: those of the last done bins whose litres and kilograms add up
 * to the load on board (all done bins when they never do).
 */
function prefixStreams(ctx: Ctx, prefix: Prefix): Stream[] {
  if (prefix.loadLitres === 0 && prefix.loadKg === 0) return [];
  const streams: Stream[] = [];
  let litres = 0;
  let kg = 0;
  for (let i = prefix.doneBinIds.length - 1; i >= 0; i--) {
    const bin = ctx.bins.get(prefix.doneBinIds[i] as string);
    if (!bin) continue;
    streams.push(bin.stream);
    litres += bin.demandLitres;
    kg += bin.demandKg;
    if (litres >= prefix.loadLitres && kg >= prefix.loadKg) break;
  }
  return streams;
}

function checkLocks(ctx: Ctx): void {
  for (const lock of ctx.r.problem.locks) {
    const vehicleId = lock.vehicleId;
    const seq = ctx.routeBins.get(vehicleId) ?? [];
    const push = (message: string, binId?: string): void => {
      ctx.out.push({ code: 'lock_violated', message, vehicleId, ...(binId !== undefined ? { binId } : {}) });
    };
    const present: string[] = [];
    for (const id of lock.binIds) {
      if (seq.includes(id)) {
        present.push(id);
        continue;
      }
      const other = ctx.servedBy.get(id);
      push(`bin "${id}" is locked to "${vehicleId}" but ${other !== undefined ? `is served by "${other}"` : 'is not served'}`, id);
    }
    const order = present.map((id) => seq.indexOf(id));
    if (order.some((p, k) => k > 0 && p < (order[k - 1] as number))) {
      const served = [...present].sort((a, b) => seq.indexOf(a) - seq.indexOf(b));
      push(`"${vehicleId}" serves its locked bins in the order ${served.join(', ')}, the lock says ${lock.binIds.join(', ')}`);
    }
    if (lock.wholeRoute) {
      const extra = seq.filter((id) => !lock.binIds.includes(id));
      if (extra.length > 0) push(`"${vehicleId}" is locked to exactly ${lock.binIds.join(', ')} but also serves ${extra.join(', ')}`);
    }
  }
}

function checkTotals(ctx: Ctx, plan: PlanJson): void {
  const t = plan.totals;
  const sum = (f: (r: PlanRouteJson) => number): number => plan.routes.reduce((s, r) => s + f(r), 0);
  const exact: [string, number, number][] = [
    ['distanceM', t.distanceM, sum((r) => r.distanceM)],
    ['drivingSec', t.drivingSec, sum((r) => r.drivingSec)],
    ['workingSec', t.workingSec, sum((r) => r.workingSec)],
    ['vehiclesUsed', t.vehiclesUsed, plan.routes.length],
    ['binsServed', t.binsServed, sum((r) => r.binCount)],
    ['unassigned', t.unassigned, plan.unassigned.length],
  ];
  for (const [name, reported, expected] of exact)
    if (reported !== expected) ctx.out.push({ code: 'totals_mismatch', message: `plan totals report ${name} ${reported}, the routes and unassigned list give ${expected}` });
  const approx: [string, number, number][] = [
    ['cost', t.cost, sum((r) => r.cost)],
    ['co2Kg', t.co2Kg, sum((r) => r.co2Kg)],
  ];
  for (const [name, reported, expected] of approx)
    if (!closeEnough(reported, expected)) ctx.out.push({ code: 'totals_mismatch', message: `plan totals report ${name} ${reported}, the routes sum to ${expected}` });
}
