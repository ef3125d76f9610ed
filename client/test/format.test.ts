import { afterEach, describe, expect, it } from 'vitest';
import { loadBarData, loadRatio } from '../src/charts/load-bar.js';
import { setLanguage } from '../src/i18n/index.js';
import { formatClock, formatDate, formatDuration, formatEuros, formatInstant, formatKm, formatPercent, formatRouteDay, formatWait, isoDate } from '../src/views/format.js';

/** Intl puts narrow and plain no-break spaces in French numbers: compare with plain spaces. */
const plain = (text: string): string => text.replace(/\s/g, ' ');

afterEach(() => setLanguage('fr'));

describe('formatting', () => {
  it('formats durations as "1 h 30" in French and "1:30" in English', () => {
    expect(formatDuration(0)).toBe('0 h 00');
    expect(formatDuration(5400)).toBe('1 h 30');
    expect(formatDuration(7 * 3600 + 5 * 60 + 29)).toBe('7 h 05');
    setLanguage('en');
    expect(formatDuration(5400)).toBe('1:30');
  });

  it('formats metres as km with one decimal and French separators, English ones in English', () => {
    expect(plain(formatKm(12345))).toBe('12,3 km');
    expect(plain(formatKm(1234567))).toBe('1 234,6 km');
    setLanguage('en');
    expect(formatKm(1234567)).toBe('1,234.6 km');
  });

  it('formats euros, dates and instants in the current language', () => {
    expect(plain(formatEuros(2415))).toBe('2 415 €');
    expect(formatDate('2026-11-28')).toBe('samedi 28 novembre 2026');
    expect(formatInstant('2026-11-28T06:00:00Z')).toBe('28/11/2026 07:00');
    setLanguage('en');
    expect(formatEuros(2415)).toBe('€2,415');
    expect(formatDate('2026-11-28')).toBe('Saturday, 28 November 2026');
  });

  it('says a Retry-After wait in seconds below a minute, else in minutes rounded up', () => {
    expect(formatWait(1)).toBe('1 seconde');
    expect(formatWait(45)).toBe('45 secondes');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(900)).toBe('15 minutes');
    expect(formatWait(901)).toBe('16 minutes');
    setLanguage('en');
    expect(formatWait(1)).toBe('1 second');
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
    expect(formatRouteDay({ steps, breakS: 1200 })).toBe('Vidages 08:40 (n° 2), 11:05 (n° 4) · Pause 0 h 20 à 10:15');
    expect(formatRouteDay({ steps: [steps[0]!, steps[2]!, steps[6]!], breakS: 0 })).toBe('Vidage 08:40 (n° 2) · Pas de pause');
    expect(formatRouteDay({ steps: [steps[0]!, steps[6]!], breakS: 0 })).toBe('Aucun vidage · Pas de pause');
    setLanguage('en');
    expect(formatRouteDay({ steps, breakS: 1200 })).toBe('Disposal 08:40 (#2), 11:05 (#4) · Break 0:20 at 10:15');
    expect(formatRouteDay({ steps: [steps[0]!, steps[6]!], breakS: 0 })).toBe('No disposal trip · No break');
  });

  it('shows a dash for missing readings', () => {
    expect(formatPercent(null)).toBe('—');
    expect(plain(formatPercent(72.4))).toBe('72 %');
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
