import { describe, expect, it } from 'vitest';
import { planHorizon, type BinForecast, type HorizonBin, type HorizonDay, type HorizonInput } from '../../src/index.js';

const LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Mon+', 'Tue+', 'Wed+', 'Thu+', 'Fri+', 'Mon++', 'Tue++', 'Wed++', 'Thu++', 'Fri++'];
/** Working days Mon–Fri over three weeks, today Monday: offsets 0–4, 7–11, 14–18. */
const DAYS: HorizonDay[] = LABELS.map((label, k) => ({ label, offsetDays: Math.floor(k / 5) * 7 + (k % 5) }));

const steady = (fillPercent: number, ratePercentPerDay: number): BinForecast => ({ fillPercent, fillSdPercent: 0, ratePercentPerDay, rateSdPercentPerDay: 0 });

function bin(binId: string, areaId: string, forecast: BinForecast, stream: HorizonBin['stream'] = 'residual'): HorizonBin {
  return { binId, areaId, stream, capacityLitres: 660, stopHours: 0.05, forecast };
}

function input(bins: HorizonBin[], extra: Partial<HorizonInput> = {}): HorizonInput {
  const areas = [...new Set(bins.map((b) => b.areaId))].map((areaId) => ({ areaId, visitCostEur: 20, visitHours: 0.3 }));
  return { bins, areas, vehicleTypes: [{ typeId: 'bom', streams: ['residual', 'packaging'], count: 1, shiftHours: 7 }], days: DAYS, stopCostEur: 4, riskPercent: 5, ...extra };
}

describe('planHorizon', () => {
  it('visits an area on the last working day its fastest bin stays under full, and a fast bin forces its area earlier', () => {
    const slow = planHorizon(input([bin('a1', 'A', steady(20, 10)), bin('a2', 'A', steady(20, 10))]));
    // 20 + 10 t reaches 95 at t = 7.5 days: the last safe working day is next Monday (offset 7).
    expect(slow.areas[0]!.visitDays[0]).toBe(5);
    const withFast = planHorizon(input([bin('a1', 'A', steady(20, 10)), bin('a2', 'A', steady(20, 10)), bin('a3', 'A', steady(20, 30))]));
    // 20 + 30 t reaches 95 at t = 2.5: visited Wednesday (offset 2).
    expect(withFast.areas[0]!.visitDays[0]).toBe(2);
    expect(withFast.bins.find((b) => b.binId === 'a3')!.collectDay).toBe(2);
  });

  it('leaves a slow area unvisited within the horizon and says when it is next visited', () => {
    const plan = planHorizon(input([bin('s1', 'S', steady(10, 2)), bin('f1', 'F', steady(90, 10))]));
    const slow = plan.areas.find((a) => a.areaId === 'S')!;
    expect(slow.visitDays).toEqual([]);
    expect(slow.reason).toMatch(/not visited within 7 working days/);
    expect(plan.bins.find((b) => b.binId === 's1')!.collectDay).toBeNull();
    expect(plan.today).toEqual(['f1']);
  });

  it('takes in a visited area only the bins that would not last until its next visit, and explains both', () => {
    const plan = planHorizon(input([bin('hot', 'A', steady(96, 10)), bin('cold', 'A', steady(5, 1))]));
    expect(plan.today).toEqual(['hot']);
    const hot = plan.bins.find((b) => b.binId === 'hot')!;
    const cold = plan.bins.find((b) => b.binId === 'cold')!;
    expect(hot.reason).toMatch(/^area visited today; reaches \d+ % \(95 % bound\) before its next visit on \w/);
    expect(cold.reason).toMatch(/^area visited today; 5 % now, lasts until its next visit on /);
    expect(plan.areas[0]!.reason).toMatch(/^area visited today.*fastest bin hot fills 10 %\/day/);
  });

  it('takes a bin earlier at a lower risk: the upper bound reaches full sooner with spread', () => {
    const uncertain: BinForecast = { fillPercent: 50, fillSdPercent: 5, ratePercentPerDay: 8, rateSdPercentPerDay: 3 };
    const bold = planHorizon(input([bin('u', 'A', uncertain)], { riskPercent: 40 }));
    const careful = planHorizon(input([bin('u', 'A', uncertain)], { riskPercent: 1 }));
    expect(careful.bins[0]!.collectDay!).toBeLessThan(bold.bins[0]!.collectDay!);
  });

  it('respects each vehicle type’s hours: an overloaded day moves visits earlier, never later', () => {
    // 30 areas of 4 bins all due Wednesday: 30 × (0.3 + 0.2) = 15 h against 7 × 0.8 = 5.6 h a day.
    const bins = Array.from({ length: 120 }, (_, k) => bin(`b${k}`, `A${Math.floor(k / 4)}`, steady(35, 25)));
    const plan = planHorizon(input(bins));
    for (const day of plan.days.slice(1)) expect(day.overHours.bom).toBe(0);
    const dueDay = 2;
    for (const b of plan.bins) expect(b.collectDay).not.toBeNull();
    for (const b of plan.bins) expect(b.collectDay!).toBeLessThanOrEqual(dueDay);
    // No visit is lost by the moves: the days list every area's planned visits.
    const visits = plan.days.reduce((s, d) => s + d.visits.length, 0);
    expect(visits).toBe(plan.areas.reduce((s, a) => s + a.visitDays.length, 0));
    for (const a of plan.areas) expect(a.visitDays[0]!).toBeLessThanOrEqual(dueDay);
    expect(plan.bins.some((b) => /moved to/.test(b.reason))).toBe(true);
  });

  it('plans streams of the same area as separate visits and refuses a bin whose area has no cost', () => {
    const plan = planHorizon(input([bin('r', 'A', steady(96, 10)), bin('p', 'A', steady(96, 10), 'packaging')]));
    expect(plan.days[0]!.visits.map((v) => v.stream).sort()).toEqual(['packaging', 'residual']);
    expect(() => planHorizon({ ...input([bin('r', 'A', steady(10, 1))]), areas: [] })).toThrow(/no cost for area 'A'/);
  });

  it('is deterministic for a seed', () => {
    const bins = Array.from({ length: 60 }, (_, k) => bin(`b${k}`, `A${k % 9}`, steady((k * 37) % 90, 3 + (k % 7) * 2)));
    expect(planHorizon(input(bins, { seed: 3 }))).toEqual(planHorizon(input(bins, { seed: 3 })));
  });
});

describe('planHorizon with home weekdays', () => {
  const week: HorizonDay[] = DAYS.map((d, k) => ({ ...d, weekday: 1 + (k % 5) }));
  const phased = (bins: HorizonBin[], homes: Record<string, number[]>): HorizonInput => ({
    ...input(bins),
    days: week,
    areas: Object.entries(homes).map(([areaId, homeWeekdays]) => ({ areaId, visitCostEur: 20, visitHours: 0.3, homeWeekdays })),
  });

  it('visits an area on its home day before the due day, and only on home days after', () => {
    // Due next Monday (20 + 10 t reaches 95 at t = 7.5), home Tuesday: visited this Tuesday and next.
    const plan = planHorizon(phased([bin('a', 'A', steady(20, 10))], { A: [2] }));
    expect(plan.areas[0]!.visitDays.every((d) => week[d]!.weekday === 2)).toBe(true);
    expect(plan.areas[0]!.visitDays).toEqual([1, 6]);
  });

  it('pulls a visit that cannot wait for its home day to the latest day other areas are visited', () => {
    // Area A's home is Friday but its bin is due Wednesday; B's home is Tuesday: A goes on Tuesday.
    const plan = planHorizon(phased([bin('a', 'A', steady(60, 15)), bin('b', 'B', steady(10, 1))], { A: [5], B: [2] }));
    expect(plan.bins.find((b) => b.binId === 'a')!.collectDay).toBe(1);
  });
});
