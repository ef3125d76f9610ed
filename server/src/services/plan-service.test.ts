import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, type Running } from '../../test/helpers.js';
import { buildRoadContext } from './road-context.js';

/** Readings every 6 h over 4 days up to 2026-11-27T18:00Z, ending at `end` %, rising 10 %/day. */
function history(id: string, end: number): ReturnType<typeof readingRow>[] {
  const out = [];
  for (let k = 0; k <= 16; k++) {
    const t = Date.parse('2026-11-27T18:00:00Z') - (16 - k) * 6 * 3_600_000;
    out.push(readingRow(id, new Date(t).toISOString(), Math.max(0, end - (10 * (16 - k)) / 4)));
  }
  return out;
}

let run: Running;

beforeAll(async () => {
  const db = memoryDb();
  const bins = [
    binRow({ id: 'MUST', lng: 7.4246, lat: 43.7384 }),
    binRow({ id: 'MAY-NEAR', lng: 7.4248, lat: 43.7385 }),
    binRow({ id: 'MAY-FAR', lng: 7.4275, lat: 43.746 }),
    binRow({ id: 'MAY-GLASS', lng: 7.4247, lat: 43.7384, stream: 'glass' }),
    binRow({ id: 'SKIP', lng: 7.4249, lat: 43.7386 }),
  ];
  const sites = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow()],
    readings: [...history('MUST', 85), ...history('MAY-NEAR', 55), ...history('MAY-FAR', 55), ...history('MAY-GLASS', 55), ...history('SKIP', 10)],
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites);
  run = await startApp(db, road, { solveIterations: 10 });
});
afterAll(() => run?.close());

describe('plan problem built from must / may decisions', () => {
  it('routes must bins, adds may bins only within 300 m by road of a must bin of their stream, and leaves skip bins out', async () => {
    const decisions = (await (await fetch(`${run.url}/api/bins/decisions?date=2026-11-28`)).json()) as { decisions: { binId: string; decision: string }[] };
    expect(Object.fromEntries(decisions.decisions.map((d) => [d.binId, d.decision]))).toEqual({
      MUST: 'must',
      'MAY-NEAR': 'may',
      'MAY-FAR': 'may',
      'MAY-GLASS': 'may',
      SKIP: 'skip',
    });
    const built = run.app.ctx.plans.buildProblem('2026-11-28');
    expect(built.problem.bins.map((b) => b.binId).sort()).toEqual(['MAY-NEAR', 'MUST']);
    expect(built.binsSelected).toBe(2);
    expect(built.preUnassigned).toEqual([]);
  });
});
