/**
 * Ruin and recreate for the day search (Schrimpf et al. 2000; string-like removals and blinks as
 * in SISR, Christiaens & Vanden Berghe 2020).
 */
import type { Rng } from '../model/rng.js';
import type { Routes } from './routes.js';

/** A random routed bin that is not locked, or -1. */
function randomRoutedBin(s: Routes, rng: Rng): number {
  const routed: number[] = [];
  for (let b = 0; b < s.m.nBins; b++) if ((s.rte[b] ?? -1) >= 0 && !s.m.locked[b]) routed.push(b);
  return routed.length === 0 ? -1 : routed[rng.nextInt(routed.length)] ?? -1;
}

/**
 * Share (percent) of ruins started next to a mandatory bin left out, when some is. On the
 * 1,500-bin, 6-truck sample-city day (60 s, quiet machine) the mandatory bins left out went from
 * 131 to 130 with 25 % and to 117 (seed 2: 116) with 50 %; the engine before issue #12 leaves 123
 * (seed 2: 115). Benchmark instances, where every bin fits, never take this branch.
 */
const FOCUS_PERCENT = 50;

/**
 * Where a ruin starts: usually a random routed bin; while mandatory bins are left out, now and then
 * the routed bin nearest to one of them, so that the bins around it (optional ones among them)
 * make room for it. Draws nothing extra from `rng` when every mandatory bin is served.
 */
function ruinSeed(s: Routes, rng: Rng): number {
  const m = s.m;
  const waiting: number[] = [];
  for (let b = 0; b < m.nBins; b++) if ((s.rte[b] ?? -1) < 0 && (m.prize[b] ?? -1) < 0) waiting.push(b);
  if (waiting.length > 0 && rng.nextInt(100) < FOCUS_PERCENT) {
    const u = waiting[rng.nextInt(waiting.length)] ?? 0;
    for (const v of s.neighbours[u] ?? []) if ((s.rte[v] ?? -1) >= 0 && !m.locked[v]) return v;
  }
  return randomRoutedBin(s, rng);
}

/** Removes a cluster of nearby routed bins (never locked ones); returns them. */
export function ruin(s: Routes, rng: Rng, count: number): number[] {
  const m = s.m;
  const seed = ruinSeed(s, rng);
  if (seed < 0) return [];
  const removed: number[] = [];
  const queue = [seed];
  const seen = new Set<number>([seed]);
  const touched = new Set<number>();
  while (queue.length > 0 && removed.length < count) {
    const u = queue.shift() ?? 0;
    const r = s.rte[u] ?? -1;
    if (r >= 0 && !m.locked[u]) {
      s.unlink(u);
      touched.add(r);
      removed.push(u);
    }
    for (const v of s.neighbours[u] ?? []) {
      if (!seen.has(v)) {
        seen.add(v);
        queue.push(v);
      }
    }
  }
  for (const r of touched) s.touch(r, r);
  return removed;
}

/**
 * SISR string removal (Christiaens & Vanden Berghe 2020): from the routes of a random bin and of
 * its nearest neighbours, one string of up to `MAX_STRING` consecutive bins around that bin each,
 * until `count` bins are out (never locked ones); returns them.
 */
export function ruinStrings(s: Routes, rng: Rng, count: number): number[] {
  const m = s.m;
  const seed = ruinSeed(s, rng);
  if (seed < 0) return [];
  const removed: number[] = [];
  const ruined = new Set<number>();
  const isBin = (v: number): boolean => v >= 0 && v < m.nBins;
  for (const v of [seed, ...(s.neighbours[seed] ?? [])]) {
    if (removed.length >= count) break;
    const r = s.rte[v] ?? -1;
    if (r < 0 || ruined.has(r)) continue;
    ruined.add(r);
    const len = 1 + rng.nextInt(Math.min(MAX_STRING, s.rSize[r] ?? 1, count - removed.length));
    // walk back up to len - 1 bins, then take len bins forward
    let first = v;
    for (let k = rng.nextInt(len); k > 0; k--) {
      let p = s.prv[first] ?? -1;
      while (p >= 0 && !isBin(p) && m.kind[p] !== 3) p = s.prv[p] ?? -1;
      if (!isBin(p)) break;
      first = p;
    }
    let u = first;
    for (let k = 0; k < len && isBin(u); k++) {
      let next = s.nxt[u] ?? -1;
      while (next >= 0 && !isBin(next) && m.kind[next] !== 4) next = s.nxt[next] ?? -1;
      if (!m.locked[u]) {
        s.unlink(u);
        removed.push(u);
      }
      u = next;
    }
  }
  for (const r of ruined) s.touch(r, r);
  return removed;
}

const STRING_PERCENT = 50;

/** Longest string {@link ruinStrings} removes from one route. */
const MAX_STRING = 10;

/** Cheapest insertion of `bins` where it pays, in the given order. */
export function recreate(s: Routes, rng: Rng, bins: readonly number[]): void {
  const m = s.m;
  for (const u of bins) {
    if ((s.rte[u] ?? -1) >= 0) continue;
    // evalInsert counts the prize (mandatory bins: a prize larger than any detour), so a bin
    // goes in only where it pays, and never where it would make a route late or overloaded
    let best = -1e-9;
    let bestV = -1;
    for (let r = 0; r < m.nRoutes; r++) {
      if (!s.allowed(u, r)) continue;
      for (let v = s.startNode(r); v >= 0 && m.kind[v] !== 4; v = s.nxt[v] ?? -1) {
        if (rng.nextInt(100) === 0) continue; // blinks (SISR)
        // a place whose detour alone costs more than the best so far is not priced in full (plain
        // days price an insertion in O(1) from the prefixes already)
        if (!s.plain && s.insertBound(u, v) >= best) continue;
        const d = s.evalInsert(u, v);
        if (d < best) {
          best = d;
          bestV = v;
        }
      }
    }
    if (bestV >= 0) s.insertAfter(u, bestV);
  }
}

/**
 * One ruin-and-recreate step: removes a cluster of 5 to 5 + min(40, n/10) nearby bins (half the
 * time next to a mandatory bin left out, while one is), then
 * re-inserts them and the left-out bins near them, in random order but mandatory bins first,
 * where they pay.
 */
export function ruinAndRecreate(s: Routes, rng: Rng): void {
  const n = s.m.nBins;
  const size = Math.max(2, Math.min(n, 5 + rng.nextInt(Math.max(1, Math.min(40, Math.ceil(n / 10))))));
  const removed = rng.nextInt(100) < STRING_PERCENT ? ruinStrings(s, rng, size) : ruin(s, rng, size);
  // nearby bins waiting in the pool get a chance too
  const extra = new Set<number>();
  for (const u of removed) for (const v of s.neighbours[u] ?? []) if ((s.rte[v] ?? -1) < 0) extra.add(v);
  const order = [...removed, ...extra];
  rng.shuffle(order);
  // mandatory bins first (a stable partition of the shuffle): an optional bin must not take the
  // time a mandatory one needs
  const mandatory = order.filter((b) => (s.m.prize[b] ?? -1) < 0);
  const optional = order.filter((b) => (s.m.prize[b] ?? -1) >= 0);
  recreate(s, rng, [...mandatory, ...optional]);
}
