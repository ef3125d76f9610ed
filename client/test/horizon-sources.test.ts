import { describe, expect, it } from 'vitest';
import type { HorizonDto } from '../../server/contract/index.js';
import { horizonFilter, horizonRows, horizonToGeoJson } from '../src/map/horizon-sources.js';

const ring: [number, number][] = [[7.42, 43.73], [7.43, 43.73], [7.43, 43.74], [7.42, 43.73]];
const plan: HorizonDto = {
  date: '2026-11-30',
  riskPercent: 5,
  fullPercent: 95,
  h3Resolution: 8,
  days: [
    { date: '2026-11-30', label: 'Monday 30/11', visits: [{ areaId: 'B', stream: 'glass', vehicleTypeId: 'glass', binIds: ['g1'], hours: 0.5, costEur: 40 }], hoursByType: {}, overHours: {} },
    { date: '2026-12-01', label: 'Tuesday 01/12', visits: [{ areaId: 'A', stream: 'residual', vehicleTypeId: 'residual', binIds: ['r1', 'r2'], hours: 1, costEur: 80 }], hoursByType: {}, overHours: {} },
  ],
  areas: [
    { areaId: 'A', stream: 'residual', visitDates: ['2026-12-01'], nextVisitDate: '2026-12-01', reason: '' },
    { areaId: 'A', stream: 'glass', visitDates: [], nextVisitDate: null, reason: '' },
    { areaId: 'B', stream: 'glass', visitDates: ['2026-11-30'], nextVisitDate: '2026-11-30', reason: '' },
  ],
  cells: [{ areaId: 'A', boundary: ring }, { areaId: 'B', boundary: ring }],
  bins: [],
  today: ['g1'],
};

describe('planned-visits layer sources', () => {
  it('gives each area and stream the index of its next visit day, -1 beyond the horizon, and each area its nearest visit of any stream', () => {
    const props = horizonToGeoJson(plan).features.map((f) => f.properties);
    const of = (areaId: string, stream: string) => props.find((p) => p.areaId === areaId && p.stream === stream)?.dayIndex;
    expect(of('A', 'residual')).toBe(1);
    expect(of('A', 'glass')).toBe(-1);
    expect(of('A', 'all')).toBe(1);
    expect(of('B', 'glass')).toBe(0);
    expect(of('B', 'all')).toBe(0);
    expect(props).toHaveLength(5);
    expect(horizonFilter('glass')).toEqual(['==', ['get', 'stream'], 'glass']);
  });

  it('lists the visits day by day for the table', () => {
    expect(horizonRows(plan).map((r) => [r.date, r.areaId, r.stream, r.binIds.length])).toEqual([
      ['2026-11-30', 'B', 'glass', 1],
      ['2026-12-01', 'A', 'residual', 2],
    ]);
  });
});
