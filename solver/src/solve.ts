import type { Plan, Problem, SolveOptions, Unassigned } from './model/types.js';
import { buildInstance } from './model/instance.js';
import { ProblemError } from './model/errors.js';
import type { ProblemIssue } from './model/errors.js';
import { Rng } from './model/rng.js';
import { RouteState } from './evaluate/route-state.js';
import { toPlan } from './evaluate/to-plan.js';
import { findUnservable, soloDurationSec } from './construct/unservable.js';
import { cheapestInsertion, farthestFirst } from './construct/cheapest-insertion.js';
import { localSearch } from './search/local-search.js';
import { savings } from './construct/savings.js';
import { compareCost } from './evaluate/cost.js';

/**
 * Solves one day of waste collection: assigns bins to vehicles and orders them into trips.
 *
 * **Model.** Every vehicle leaves the depot at `shiftStartSec` and must be back by `shiftEndSec`.
 * It carries only bins whose stream is in its `streams`. Its day is a sequence of trips
 * `depot → bins… → disposal → bins… → disposal → depot`: each trip's load stays within
 * `capacityLitres` and `capacityKg`; each trip ends at `disposalLocIdx`, where unloading takes
 * `disposalServiceSec` and empties the truck; the day always ends empty (a disposal visit) before the
 * depot. Travel times and distances come from `problem.matrix`; there is no waiting.
 *
 * **Objective**, lexicographic and in exact integers: serve as many bins as possible, then minimise
 * total distance (metres), then total duration (seconds).
 *
 * **Unassigned bins** carry a reason and a detail with numbers: `no_compatible_vehicle` (no vehicle
 * carries the stream), `capacity` (demand above every compatible truck, litres or kg),
 * `shift_too_short` (the solo round trip depot → bin → disposal → depot exceeds every compatible
 * shift, or, after the search, "no shift time left"). `unreachable` is decided by the caller, who
 * leaves such bins out of the problem.
 *
 * **Algorithm.** Two constructions, keeping the better: sequential cheapest insertion, farthest bins
 * first (Rosenkrantz et al. 1977; Solomon 1987), and per-stream Clarke & Wright (1964) savings trips
 * packed into shifts by best-fit decreasing duration; then first-improvement local search with relocate, swap, or-opt (Or 1976), 2-opt
 * (Croes 1958), 2-opt* (Potvin & Rousseau 1995) and whole-trip moves, over 30-nearest neighbour
 * lists; one iteration is one full pass over all routed bins (see `localSearch`).
 *
 * **Determinism.** No clock is read: the same problem, `seed` and `maxIterations` give the same plan.
 * `onProgress` is called after construction and after each pass.
 *
 * @returns a Plan with external ids only; every input bin is in exactly one route or in `unassigned`.
 * @throws ProblemError listing every issue when the problem or options are malformed (duplicate ids,
 *   location indices outside the matrix, negative or non-integer quantities, unknown streams,
 *   `shiftEndSec < shiftStartSec`, `maxIterations` not a non-negative integer, non-finite seed).
 */
export function solve(problem: Problem, options: SolveOptions): Plan {
  const optionIssues: ProblemIssue[] = [];
  if (!Number.isInteger(options.maxIterations) || options.maxIterations < 0)
    optionIssues.push({ path: 'options.maxIterations', message: `must be a non-negative integer, got ${options.maxIterations}` });
  if (!Number.isFinite(options.seed)) optionIssues.push({ path: 'options.seed', message: `must be a finite number, got ${options.seed}` });
  if (optionIssues.length > 0) throw new ProblemError(optionIssues);

  const inst = buildInstance(problem);
  const unservable = findUnservable(inst);
  const unservableIdx = new Set(unservable.map((u) => u.binIdx));
  const servable: number[] = [];
  for (let b = 0; b < inst.nBins; b++) if (!unservableIdx.has(b)) servable.push(b);

  const byInsertion = new RouteState(inst);
  const leftByInsertion = cheapestInsertion(byInsertion, farthestFirst(byInsertion, servable));
  const bySavings = new RouteState(inst);
  const leftBySavings = savings(bySavings, servable);
  const savingsWins = compareCost(bySavings.cost(), byInsertion.cost()) < 0;
  const st = savingsWins ? bySavings : byInsertion;
  const left = savingsWins ? leftBySavings : leftByInsertion;
  options.onProgress?.(0, `constructed: ${servable.length - left.length} of ${inst.nBins} bins routed`);
  localSearch(st, {
    maxIterations: options.maxIterations,
    rng: new Rng(options.seed),
    retryBins: left,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });

  const reasons = new Map<number, Unassigned>();
  for (const u of unservable) {
    const bin = problem.bins[u.binIdx];
    if (bin) reasons.set(u.binIdx, { binId: bin.binId, reason: u.reason, detail: u.detail });
  }
  for (const b of st.unassigned) {
    const bin = problem.bins[b];
    if (!bin || reasons.has(b)) continue;
    reasons.set(b, {
      binId: bin.binId,
      reason: 'shift_too_short',
      detail: `no shift time left: serving it needs at least ${soloDurationSec(inst, b)} s alone and no compatible vehicle has room after routing the other bins`,
    });
  }
  const unassigned = [...reasons.entries()].sort((a, b) => a[0] - b[0]).map(([, u]) => u);
  options.onProgress?.(1, `done: ${inst.nBins - unassigned.length} bins routed, ${unassigned.length} unassigned`);
  return toPlan(inst, st.trips, unassigned);
}
