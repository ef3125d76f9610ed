import { describe, expect, it } from 'vitest';
import { hhmmToSec, localDateOf, localSecToIso, planForecastMs } from '../src/services/local-time.js';

describe('local time in Europe/Monaco', () => {
  it('converts seconds since local midnight to UTC instants in winter and summer', () => {
    expect(localSecToIso('2026-11-28', hhmmToSec('06:00'))).toBe('2026-11-28T05:00:00.000Z');
    expect(localSecToIso('2026-07-14', hhmmToSec('06:00'))).toBe('2026-07-14T04:00:00.000Z');
    expect(new Date(planForecastMs('2026-11-28')).toISOString()).toBe('2026-11-28T11:00:00.000Z');
  });

  it('keeps wall-clock shift times on DST change days', () => {
    expect(localSecToIso('2026-03-29', hhmmToSec('06:00'))).toBe('2026-03-29T04:00:00.000Z');
    expect(localSecToIso('2026-10-25', hhmmToSec('06:00'))).toBe('2026-10-25T05:00:00.000Z');
  });

  it('finds the local date of an instant', () => {
    expect(localDateOf(new Date('2026-11-28T23:30:00Z'))).toBe('2026-11-29');
    expect(localDateOf(new Date('2026-11-28T22:30:00Z'))).toBe('2026-11-28');
  });

  it('rejects a malformed wall-clock time', () => {
    expect(() => hhmmToSec('6h')).toThrow("not a wall-clock time: '6h'");
  });
});
