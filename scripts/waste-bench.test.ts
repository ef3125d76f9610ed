import { describe, expect, it } from 'vitest';
import { loadWasteRoads, runWasteInstance, wasteCsv, wasteMarkdown, wasteSummary, WASTE_SET } from './lib/waste-bench.js';

describe('waste bench', () => {
  it('runs a small sample-city day through the baseline and the search with checker-clean plans and every report field', () => {
    const row = runWasteInstance(
      { name: 'tiny', bins: 60, vehicles: 2, disposalSites: 1, loadsPerTruck: 2, seed: 5 },
      loadWasteRoads(),
      { seed: 1, iterations: 20, timeLimitMs: 20_000 },
    );
    expect(row).toMatchObject({ instance: 'tiny', bins: 60, vehiclesAvailable: 2, disposalSites: 1 });
    for (const f of [row.baseline, row.search]) {
      expect(f.violations).toBe(0);
      expect(f.served + f.unassigned).toBe(60);
      expect(Object.values(f.unassignedByReason).reduce((a, b) => a + b, 0)).toBe(f.unassigned);
      expect(f.vehicles).toBeGreaterThan(0);
      expect(f.vehicles).toBeLessThanOrEqual(2);
      expect(f.km).toBeGreaterThan(0);
      expect(f.cost).toBeGreaterThan(0);
      expect(f.net).toBeCloseTo(f.cost - f.prizes, 9);
      expect(f.timeMs).toBeGreaterThanOrEqual(0);
    }
    expect(row.gainCostPercent).toBeCloseTo((100 * (row.baseline.cost - row.search.cost)) / row.baseline.cost, 9);
    expect(row.gainKmPercent).toBeCloseTo((100 * (row.baseline.km - row.search.km)) / row.baseline.km, 9);

    const csv = wasteCsv([row]).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toContain('cost,prizes,net,vehicles,km,hours,served,unassigned,mandatory_unassigned,unassigned_by_reason');
    expect(csv[1]).toMatch(/^tiny,60,\d+,2,1,baseline,/);
    expect(csv[2]).toMatch(/^tiny,60,\d+,2,1,search,/);
    const md = wasteMarkdown([row], { date: 'd', commit: 'c', machine: 'm', seed: 1, timeLimitSec: 1, solver: 'solveDay' });
    expect(md).toContain('every plan passes `checkDayPlan`: yes');
    expect(md).toContain('| tiny |');
    expect(wasteSummary([row])).toMatchObject({ set: 'waste', instances: 1, allChecked: true });
  });

  it('names three days of growing size', () => {
    expect(WASTE_SET.map((w) => w.bins)).toEqual([300, 800, 1500]);
    expect(new Set(WASTE_SET.map((w) => w.name)).size).toBe(3);
  });
});
