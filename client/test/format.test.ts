import { describe, expect, it } from 'vitest';
import { loadBarData, loadRatio } from '../src/charts/load-bar.js';
import { formatClock, formatDuration, formatKm, formatPercent, formatRouteDay, isoDate } from '../src/views/format.js';

describe('formatting', () => {
  it('formats durations as h:mm', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5400)).toBe('1:30');
    expect(formatDuration(7 * 3600 + 5 * 60 + 29)).toBe('7:05');
  });

  it('formats metres as km with one decimal and French separators', () => {
    expect(formatKm(12345).replace(/\s/g, ' ')).toBe('12,3 km');
  });

  it('formats instants as Monaco wall-clock hours', () => {
    expect(formatClock('2026-11-28T09:15:00.000Z')).toBe('10:15');
    expect(formatClock(null)).toBe('—');
  });

  it('sums up a route day: its disposal visits with their stop numbers and its break', () => {
    const step = (kind: 'depot' | 'bin' | 'disposal' | 'break', seq: number | null, start: string) => ({
      kind,
      id: kind === 'break' ? null : 'x',
      seq,
      arrival: start,
      start,
      departure: start,
      loadAfterL: 0,
      loadAfterKg: 0,
      distanceFromPrevM: 0,
      lngLat: [7.4, 43.7] as [number, number],
    });
    const steps = [
      step('depot', null, '2026-11-28T05:00:00Z'),
      step('bin', 1, '2026-11-28T05:10:00Z'),
      step('disposal', 2, '2026-11-28T07:40:00Z'),
      step('break', null, '2026-11-28T09:15:00Z'),
      step('bin', 3, '2026-11-28T09:40:00Z'),
      step('disposal', 4, '2026-11-28T10:05:00Z'),
      step('depot', null, '2026-11-28T10:30:00Z'),
    ];
    expect(formatRouteDay({ steps, breakS: 1200 })).toBe('Disposal 08:40 (#2), 11:05 (#4) · Break 0:20 at 10:15');
    expect(formatRouteDay({ steps: [steps[0]!, steps[6]!], breakS: 0 })).toBe('No disposal trip · No break');
  });

  it('shows a dash for missing readings', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(72.4).replace(/\s/g, ' ')).toBe('72 %');
  });

  it('gives the calendar date of the injected clock in Monaco, whatever the browser time zone', () => {
    expect(isoDate(new Date('2026-01-05T22:59:00Z'))).toBe('2026-01-05');
    expect(isoDate(new Date('2026-01-05T23:30:00Z'))).toBe('2026-01-06');
    expect(isoDate(new Date('2026-07-05T21:30:00Z'))).toBe('2026-07-05');
    expect(isoDate(new Date('2026-07-05T22:30:00Z'))).toBe('2026-07-06');
    expect(isoDate(new Date('2026-01-05T23:30:00Z'), 'UTC')).toBe('2026-01-05');
  });
});

describe('load bar data', () => {
  it('has one bar for litres and one for kg: the peak load between disposals as a share of capacity', () => {
    const stops = [
      { loadAfterL: 3000, loadAfterKg: 500 },
      { loadAfterL: 5000, loadAfterKg: 900 },
      { loadAfterL: 0, loadAfterKg: 0 },
      { loadAfterL: 4000, loadAfterKg: 700 },
    ];
    const data = loadBarData({ capacityLitres: 20000, capacityKg: 3000, stops });
    expect(data.map((d) => [d.label, loadRatio(d)])).toEqual([
      ['L', 0.25],
      ['kg', 0.3],
    ]);
  });

  it('is empty for a zero capacity and clamped when overloaded', () => {
    expect(loadRatio({ label: 'L', collected: 10, capacity: 0 })).toBe(0);
    expect(loadRatio({ label: 'L', collected: 300, capacity: 100 })).toBe(1.2);
  });
});
