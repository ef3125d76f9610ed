import { describe, expect, it } from 'vitest';
import { buildDayModel, BIN, END } from '../../src/day/day-model.js';
import { DaySearch, NO_MOVE } from '../../src/day/day-search.js';
import { Rng } from '../../src/model/rng.js';
import { dayDocument, H, resolveDocument, type DaySpec } from './helpers.js';

/**
 * The lower bounds that skip move evaluations must never hide an improving move: on random days,
 * every move the search can make is applied for real, and its true cost change is compared with
 * what the evaluation said (the same number, or "no move" only when the move does not improve).
 */
function randomDay(seed: number, asymmetric: boolean): DaySearch {
  const rng = new Rng(seed);
  const n = 10;
  const spec: DaySpec = {
    at: Object.fromEntries([
      ['D', [0, 0]],
      ['S', [rng.nextInt(6), rng.nextInt(6)]],
      ...Array.from({ length: n }, (_, i) => [`b${i}`, [rng.nextInt(9), rng.nextInt(9)]] as const),
    ]),
    bins: Array.from({ length: n }, (_, i) => ({
      id: `b${i}`,
      demandLitres: 100 + 100 * rng.nextInt(4),
      ...(rng.nextInt(3) === 0 ? { timeWindows: [{ openSec: 8 * H + 600 * rng.nextInt(6), closeSec: 9 * H + 600 * rng.nextInt(6) }] } : {}),
    })),
    vehicles: ['T1', 'T2', 'T3'].map((id) => ({ id, capacityLitres: 900, costs: { perKm: 1, perHour: 30, fixed: 0 } })),
  };
  const doc = dayDocument(spec) as { matrix: { durationsSec: number[][]; distancesM: number[][] } };
  if (asymmetric) {
    // one-way streets: going "up" the list of places costs half as much again
    const skew = (m: number[][]): number[][] => m.map((row, i) => row.map((x, j) => (j > i ? Math.round(x * 1.5) : x)));
    doc.matrix = { durationsSec: skew(doc.matrix.durationsSec), distancesM: skew(doc.matrix.distancesM) };
  }
  const m = buildDayModel(resolveDocument(doc));
  const all = (u: number): Int32Array => Int32Array.from({ length: m.nBins }, (_, i) => i).filter((v) => v !== u);
  const s = new DaySearch(m, Array.from({ length: m.nBins }, (_, u) => all(u)));
  // a random start spread over the trucks
  const routes: number[][] = m.routes.map(() => []);
  for (const b of rng.shuffle(Array.from({ length: m.nBins }, (_, i) => i))) routes[rng.nextInt(routes.length)]?.push(b);
  s.load(routes);
  s.setPenaltyScale(1e-3);
  return s;
}

type Move = 'swap' | 'relocatePair' | 'relocate' | 'twoOpt' | 'twoOptStar';

/** Applies a move, returns the true change of total cost, and restores the day. */
function trueDelta(s: DaySearch, move: Move, u: number, v: number): number {
  const before = s.totalCost();
  const saved = s.routes();
  if (move === 'swap') s.applySwap(u, v);
  else if (move === 'relocatePair') s.applyRelocatePair(u, v);
  else if (move === 'relocate') s.applyRelocate(u, v);
  else if (move === 'twoOpt') s.applyTwoOpt(u, v);
  else s.applyTwoOptStar(u, v);
  const after = s.totalCost();
  s.load(saved);
  return after - before;
}

function evaluate(s: DaySearch, move: Move, u: number, v: number): number {
  if (move === 'swap') return s.evalSwap(u, v);
  if (move === 'relocatePair') return s.evalRelocatePair(u, v);
  if (move === 'relocate') return s.evalRelocate(u, v);
  if (move === 'twoOpt') return s.evalTwoOpt(u, v);
  return s.evalTwoOptStar(u, v);
}

/** Whether the move is one the search could make (the structural conditions of each evaluation). */
function legal(s: DaySearch, move: Move, u: number, v: number): boolean {
  const m = s.m;
  const ru = s.rte[u] ?? -1;
  const rv = s.rte[v] ?? -1;
  if (ru < 0 || rv < 0 || u === v || m.kind[u] !== BIN) return false;
  const x = s.nxt[u] ?? -1;
  const pu = s.prv[u] ?? -1;
  if (move === 'swap') return m.kind[v] === BIN && x !== v && s.nxt[v] !== u;
  if (move === 'relocate') return m.kind[v] !== END && pu !== v;
  if (move === 'relocatePair') return m.kind[x] === BIN && m.kind[v] !== END && v !== x && pu !== v;
  if (move === 'twoOpt') return ru === rv && (s.pos[u] ?? 0) < (s.pos[v] ?? 0) && x !== v && m.kind[v] !== END;
  return ru !== rv && m.kind[v] !== END;
}

describe('DaySearch move evaluation with lower bounds', () => {
  for (const asymmetric of [false, true]) {
    it(`matches the true cost change of every move, or skips only non-improving ones (${asymmetric ? 'asymmetric' : 'symmetric'} matrix)`, () => {
      let checked = 0;
      let skipped = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const s = randomDay(seed, asymmetric);
        const nodes = Array.from({ length: s.m.nNodes }, (_, i) => i).filter((v) => (s.rte[v] ?? -1) >= 0);
        for (const move of ['swap', 'relocatePair', 'relocate', 'twoOpt', 'twoOptStar'] as const) {
          for (const u of nodes) {
            for (const v of nodes) {
              if (!legal(s, move, u, v)) continue;
              const said = evaluate(s, move, u, v);
              const real = trueDelta(s, move, u, v);
              if (said === NO_MOVE) {
                skipped++;
                expect(real, `${move}(${u}, ${v}) was skipped but improves`).toBeGreaterThanOrEqual(-1e-6);
              } else {
                checked++;
                expect(said, `${move}(${u}, ${v})`).toBeCloseTo(real, 6);
              }
            }
          }
        }
      }
      // both kinds of outcome really occur
      expect(checked).toBeGreaterThan(100);
      expect(skipped).toBeGreaterThan(10);
    });
  }
});
