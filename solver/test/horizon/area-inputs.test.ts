import { describe, expect, it } from 'vitest';
import { homeWeekdaysWestToEast, vehicleTypesByStreams } from '../../src/index.js';

describe('horizon planner inputs', () => {
  it('gives areas home weekdays west to east, cut by bin count at each area middle bin', () => {
    const home = homeWeekdaysWestToEast(
      [
        { areaId: 'east', lng: 7.44, bins: 10 },
        { areaId: 'west', lng: 7.40, bins: 30 },
        { areaId: 'middle', lng: 7.42, bins: 20 },
      ],
      [4, 2],
    );
    // 60 bins over Tue and Thu: west's middle bin is the 15th (Tue), middle's the 40th and east's the 55th (Thu)
    expect(Object.fromEntries(home)).toEqual({ west: 2, middle: 4, east: 4 });
  });

  it('groups vehicles by the set of streams they carry, counting them and keeping the longest shift', () => {
    const types = vehicleTypesByStreams([
      { streams: ['residual'], shiftHours: 7 },
      { streams: ['paper', 'packaging'], shiftHours: 6 },
      { streams: ['residual'], shiftHours: 8 },
      { streams: ['packaging', 'paper'], shiftHours: 5 },
    ]);
    expect(types).toEqual([
      { typeId: 'residual', streams: ['residual'], count: 2, shiftHours: 8 },
      { typeId: 'packaging+paper', streams: ['paper', 'packaging'], count: 2, shiftHours: 6 },
    ]);
  });
});
