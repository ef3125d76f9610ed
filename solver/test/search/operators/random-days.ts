/**
 * Days for the operator tests.
 *
 * Random small days: every move an operator can make is applied for real and its true change of
 * the total cost is compared with what `evaluate` said (the same number, or `NO_MOVE` only when
 * the move does not improve: a lower bound may skip it). Five kinds of day, each on a symmetric
 * matrix and on an asymmetric one (one-way streets: going "up" the list of places costs half as
 * much again):
 * - `trips`: time windows on a third of the bins, trucks of 900 L (several loads each) and a
 *   disposal site, costs per km and per hour;
 * - `breaks`: the same with a lunch break, two streams and a glass-only truck;
 * - `plain`: a CVRP (no time at all, one load per truck), the segments' lightest form;
 * - `prizes`: the `trips` day with a third of the bins optional (a prize of 5) and some bins
 *   left out at the start;
 * - `plain-prizes`: the `plain` day with the same optional and left-out bins (insertions priced
 *   from the prefixes alone, suffixes built only when a move asks for them).
 *
 * And a hand-made square for the moves whose gain is known: D (0,0), b1 (0,2), b2 (2,2),
 * b3 (2,0) on the Manhattan test grid, 1 per km, so the best round D→b1→b2→b3→D costs 8.
 */
import { expect } from 'vitest';
import { Rng } from '../../../src/model/rng.js';
import { BIN, END, buildDayModel } from '../../../src/search/model.js';
import type { NodeOperator } from '../../../src/search/operators/operator.js';
import { Routes } from '../../../src/search/routes.js';
import { NO_MOVE } from '../../../src/search/segment.js';
import { dayDocument, H, resolveDay, resolveDocument, type DaySpec } from '../helpers.js';

/**
 * `trips`, `breaks`, `prizes`: time and disposal trips; `plain`, `plain-prizes`: a CVRP (one
 * load, no time); `windows`: a VRPTW (one load per truck, time windows, nothing else: the lean
 * timed form); `windows-streams`: one load per truck and time, with a glass-only truck (time
 * without trips, not lean).
 */
export type DayKind = 'trips' | 'breaks' | 'plain' | 'prizes' | 'plain-prizes' | 'windows' | 'windows-streams';
export const DAY_KINDS: readonly DayKind[] = ['trips', 'breaks', 'plain', 'prizes', 'plain-prizes', 'windows', 'windows-streams'];

/** A random day of 10 bins on 3 trucks, loaded with a random start, at penalty scale 10^-3. */
export function randomDay(seed: number, kind: DayKind, asymmetric: boolean): Routes {
  const rng = new Rng(seed);
  const n = 10;
  const plain = kind === 'plain' || kind === 'plain-prizes';
  const prizes = kind === 'prizes' || kind === 'plain-prizes';
  const oneLoad = kind === 'windows' || kind === 'windows-streams';
  const streams = kind === 'breaks' || kind === 'windows-streams';
  const spec: DaySpec = {
    at: Object.fromEntries([
      ['D', [0, 0]],
      ['S', plain ? [0, 0] : [rng.nextInt(6), rng.nextInt(6)]],
      ...Array.from({ length: n }, (_, i) => [`b${i}`, [rng.nextInt(9), rng.nextInt(9)]] as const),
    ]),
    ...(plain ? { disposalSites: [{ id: 'S', unloadingSec: 0 }], secPerKm: 0 } : {}),
    bins: Array.from({ length: n }, (_, i) => {
      const litres = 100 + 100 * rng.nextInt(4);
      return {
        id: `b${i}`,
        demandLitres: litres,
        ...(plain ? { demandKg: litres, serviceSec: 0 } : {}),
        ...(streams && i % 4 === 0 ? { stream: 'glass' } : {}),
        ...(prizes && i % 3 === 0 ? { mandatory: false, prize: 5 } : {}),
        ...(!plain && rng.nextInt(3) === 0 ? { timeWindows: [{ openSec: 8 * H + 600 * rng.nextInt(6), closeSec: 9 * H + 600 * rng.nextInt(6) }] } : {}),
      };
    }),
    vehicles: ['T1', 'T2', 'T3'].map((id, k) => ({
      id,
      capacityLitres: plain ? 1500 : oneLoad ? 5000 : 900,
      ...(plain ? { capacityKg: 1500, dailyCapacityKg: 1500 } : {}),
      costs: { perKm: 1, perHour: plain ? 0 : 30, fixed: 0 },
      ...(streams ? { streams: k === 0 ? ['glass'] : ['residual', 'glass'] } : {}),
      ...(kind === 'breaks' ? { breaks: [{ earliestStartSec: 10 * H, latestStartSec: 10 * H + 1800, durationSec: 1200 }] } : {}),
    })),
  };
  const doc = dayDocument(spec) as { matrix: { durationsSec: number[][]; distancesM: number[][] } };
  if (asymmetric) {
    const skew = (m: number[][]): number[][] => m.map((row, i) => row.map((x, j) => (j > i ? Math.round(x * 1.5) : x)));
    doc.matrix = { durationsSec: skew(doc.matrix.durationsSec), distancesM: skew(doc.matrix.distancesM) };
  }
  const m = buildDayModel(resolveDocument(doc));
  // each kind exercises its form of the segments
  expect([m.timed, m.trips]).toEqual(plain ? [false, false] : [true, !oneLoad]);
  if (oneLoad) expect(m.lean).toBe(kind === 'windows');
  const s = new Routes(m, everyOther(m.nBins));
  // a random start spread over the trucks that may carry each bin
  const routes: number[][] = m.routes.map(() => []);
  for (const b of rng.shuffle(Array.from({ length: m.nBins }, (_, i) => i))) {
    if (prizes && b % 4 === 1) continue;
    const ok = m.routes.filter((r) => s.allowed(b, r.index));
    routes[ok[rng.nextInt(ok.length)]?.index ?? 0]?.push(b);
  }
  s.load(routes);
  s.setPenaltyScale(1e-3);
  return s;
}

/** Neighbour lists holding every other bin. */
function everyOther(n: number): Int32Array[] {
  return Array.from({ length: n }, (_, u) => Int32Array.from({ length: n }, (_, i) => i).filter((v) => v !== u));
}

/**
 * The hand-made square with `routes` loaded (node sequences: b1 = 0, b2 = 1, b3 = 2, and b4 = 3
 * at (0,4) when `withB4`), on trucks `T1` and `T2` (1 per km, nothing else).
 */
export function square(routes: number[][], withB4 = false): Routes {
  const m = buildDayModel(
    resolveDay({
      at: { D: [0, 0], S: [0, 0], b1: [0, 2], b2: [2, 2], b3: [2, 0], ...(withB4 ? { b4: [0, 4] } : {}) },
      disposalSites: [{ id: 'S', unloadingSec: 0 }],
      bins: [{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }, ...(withB4 ? [{ id: 'b4' }] : [])],
      vehicles: [{ id: 'T1' }, { id: 'T2' }],
    }),
  );
  const s = new Routes(m, everyOther(m.nBins));
  s.load(routes);
  return s;
}

/** Applies a move, returns the true change of the total cost, and restores the day. */
export function trueDelta(s: Routes, op: NodeOperator, u: number, v: number): number {
  const before = s.totalCost();
  const saved = s.routes();
  op.apply(s, u, v);
  const after = s.totalCost();
  s.load(saved);
  return after - before;
}

/** What {@link checkOperator} saw. */
export interface OperatorCheck {
  /** Moves whose evaluation was compared with their true change. */
  readonly checked: number;
  /** Of those, the improving ones. */
  readonly improving: number;
  /** Moves skipped (`NO_MOVE`), each checked not to improve. */
  readonly skipped: number;
}

/**
 * On random days of every kind (seeds 1..`seeds`), evaluates `op` on every pair (u, v) that
 * `legal` admits (u routed or a bin left out, v routed), applies it, and expects the evaluation to equal the true change of the
 * total cost, or to be `NO_MOVE` only when the move does not improve.
 */
export function checkOperator(op: NodeOperator, legal: (s: Routes, u: number, v: number) => boolean, asymmetric: boolean, seeds = 6): OperatorCheck {
  let checked = 0;
  let improving = 0;
  let skipped = 0;
  for (const kind of DAY_KINDS) {
    for (let seed = 1; seed <= seeds; seed++) {
      const s = randomDay(seed, kind, asymmetric);
      const nodes = Array.from({ length: s.m.nNodes }, (_, i) => i).filter((v) => (s.rte[v] ?? -1) >= 0);
      // bins left out may move too (insertions, replacements)
      const movers = Array.from({ length: s.m.nNodes }, (_, i) => i).filter((v) => (s.rte[v] ?? -1) >= 0 || v < s.m.nBins);
      for (const u of movers) {
        for (const v of nodes) {
          if (!legal(s, u, v)) continue;
          const said = op.evaluate(s, u, v);
          const real = trueDelta(s, op, u, v);
          if (said === NO_MOVE) {
            skipped++;
            expect(real, `${kind} day ${seed}: ${op.name}(${u}, ${v}) was skipped but improves`).toBeGreaterThanOrEqual(-1e-6);
          } else {
            checked++;
            if (real < -1e-6) improving++;
            expect(said, `${kind} day ${seed}: ${op.name}(${u}, ${v})`).toBeCloseTo(real, 6);
          }
        }
      }
    }
  }
  return { checked, improving, skipped };
}

/** Structural conditions shared by the node operators: both nodes routed and distinct, u a bin. */
export function routedBinAndNode(s: Routes, u: number, v: number): boolean {
  return (s.rte[u] ?? -1) >= 0 && (s.rte[v] ?? -1) >= 0 && u !== v && s.m.kind[u] === BIN;
}

export { BIN, END };
