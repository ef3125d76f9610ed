import { describe, expect, it } from 'vitest';
import { benchmarkToProblem, parseCvrplib, parseProblemJson, resolveExplicitMatrix } from '../../src/index.js';
import { Rng } from '../../src/model/rng.js';
import { buildDayModel } from '../../src/search/model.js';
import { neighbourLists } from '../../src/search/neighbours.js';
import { Routes } from '../../src/search/routes.js';
import { ruin } from '../../src/search/ruin-recreate.js';
import { NO_MOVE } from '../../src/search/segment.js';
import { DAY_KINDS, END, randomDay } from './operators/random-days.js';

/** Twelve customers on a line east of the depot (x = 1 … 12), one unit each, trucks of 100. */
const file = [
  'NAME : line', 'TYPE : CVRP', 'DIMENSION : 13', 'EDGE_WEIGHT_TYPE : EUC_2D', 'CAPACITY : 100',
  'NODE_COORD_SECTION', '1 0 0', ...Array.from({ length: 12 }, (_, i) => `${i + 2} ${i + 1} 0`),
  'DEMAND_SECTION', '1 0', ...Array.from({ length: 12 }, (_, i) => `${i + 2} 1`),
  'DEPOT_SECTION', '1', '-1', 'EOF', '',
].join('\n');
const model = buildDayModel(resolveExplicitMatrix(parseProblemJson(JSON.parse(JSON.stringify(benchmarkToProblem(parseCvrplib(file)))) as unknown)));
/** Model node of the customer at x (bins c1 … c12 in file order). */
const at = (x: number): number => model.binNode.get(`c${x}`) ?? -1;

/** Share of 400 one-bin ruins that take out the bin at x = 11, from a day where `loaded` are routed. */
function shareNextTo11(loaded: readonly number[]): number {
  const s = new Routes(model, neighbourLists(model));
  const rng = new Rng(7);
  let hits = 0;
  for (let k = 0; k < 400; k++) {
    s.load([loaded.map(at)]);
    const out = ruin(s, rng, 1);
    if (out[0] === at(11)) hits++;
  }
  return hits / 400;
}

describe('ruin', () => {
  it('starts next to a mandatory bin left out about half the time', () => {
    // x = 12 waits in the pool; its nearest routed bin is x = 11 (one of 11 routed bins)
    const share = shareNextTo11([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.65);
  });

  it('starts at a random routed bin when every mandatory bin is served', () => {
    const share = shareNextTo11([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(share).toBeLessThan(0.2);
  });
});

describe('insertBound', () => {
  it('never exceeds the price of the insertion it bounds, on random days of every kind, and bounds most places', () => {
    let bounded = 0;
    let pairs = 0;
    for (const kind of DAY_KINDS) {
      for (let seed = 1; seed <= 6; seed++) {
        const s = randomDay(seed, kind, seed % 2 === 0);
        const start = s.routes();
        for (let u = 0; u < s.m.nBins; u++) {
          s.load(start);
          if ((s.rte[u] ?? -1) >= 0) s.remove(u);
          for (let v = 0; v < s.m.nNodes; v++) {
            if ((s.rte[v] ?? -1) < 0 || s.m.kind[v] === END) continue;
            const price = s.evalInsert(u, v);
            if (price === NO_MOVE) continue;
            const bound = s.insertBound(u, v);
            pairs++;
            if (bound > -Infinity) bounded++;
            expect(bound, `${kind} day ${seed}: insert ${u} after ${v}`).toBeLessThanOrEqual(price + 1e-9 * Math.max(1, Math.abs(price)));
          }
        }
      }
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(bounded / pairs).toBeGreaterThan(0.5);
  });
});
