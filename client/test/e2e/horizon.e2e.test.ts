/**
 * Browser test of the planned-visits layer (issue #17): a manager shows "Visites prévues" on the
 * dashboard map; the H3 areas of the horizon plan are drawn coloured by their next visit day, the
 * legend names the coming working days, the table lists per day the areas, streams and bins to
 * take (the same as `GET /api/horizon`, on the day of the sample's latest readings), a lower risk takes at least as many bins today, and
 * axe-core finds no serious or critical violation. Screenshots at 1440×900, 1280×800 and 800×1280
 * The manager then computes the day's rounds from the planned visits. Screenshots
 * (dashboard-horizon*.png, and the table opened: dashboard-horizon-table.png; docs/screenshots/ with UPDATE=1). Boots the real server without a plan
 * of today (see harness.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinCollectionSchema, HorizonSchema, PlanListSchema, PlanSchema } from '../../../server/contract/index.js';
import { startHarness, type Harness } from './harness.js';

describe('planned visits on the dashboard map', () => {
  let hx: Harness;
  let page: Page;
  let cookie: string;

  beforeAll(async () => {
    hx = await startHarness({ name: 'horizon', planToday: false });
    page = hx.page;
    cookie = await hx.cookieOf('manager@monaco');
  }, 400_000);

  afterAll(async () => {
    await hx?.close();
  });

  const rendered = (): Promise<number> =>
    page.evaluate(() => window.__collecte!.map.queryRenderedFeatures({ layers: ['horizon-fill'] }).length);

  it('shows the areas coloured by their next visit day, with the legend of the days and a table of the visits', async () => {
    await page.goto(hx.url);
    await hx.signIn('manager@monaco');
    expect(await hx.waitForMap()).toMatch(/^idle/);
    expect(await page.textContent('#horizon-heading')).toBe('Visites prévues');
    expect(await page.isDisabled('#horizon-risk')).toBe(true);
    expect(await page.evaluate(() => window.__collecte!.map.getLayoutProperty('horizon-fill', 'visibility'))).toBe('none');
    // the day of the sample's latest readings (the wall clock may be days later: every sensor would
    // then look silent and every area be due today)
    const bins = BinCollectionSchema.parse(await hx.getJson('/api/bins', cookie));
    const latest = bins.features.map((f) => f.properties.measuredAt ?? '').sort().at(-1)!;
    await page.fill('#plan-date', latest.slice(0, 10));
    await page.dispatchEvent('#plan-date', 'change');
    expect(await hx.waitForMap()).toMatch(/^idle/);

    await page.check('#toggle-horizon');
    await page.waitForSelector('.horizon-legend .legend-item', { timeout: 120_000 });
    expect(await page.evaluate(() => window.__collecte!.map.getLayoutProperty('horizon-fill', 'visibility'))).toBe('visible');
    const date = await page.inputValue('#plan-date');
    const api = HorizonSchema.parse(await hx.getJson(`/api/horizon?date=${date}&risk=5`, cookie));
    // legend: one label per planned day (weekday and date, in French), then "plus tard"
    const legend = await page.locator('.horizon-legend .legend-item').allTextContents();
    expect(legend).toHaveLength(api.days.length + 1);
    expect(legend.slice(0, -1).every((l) => /^(lun|mar|mer|jeu|ven|sam|dim)\.? \d\d\/\d\d$/.test(l.trim()))).toBe(true);
    expect(legend.at(-1)!.trim()).toBe('plus tard');
    expect(await page.textContent('.horizon-summary')).toMatch(new RegExp(`^Aujourd’hui : \\d+ zones, ${api.today.length} bacs à prendre`));
    // the table: one row per planned visit, with the area, stream and bins
    await page.click('.horizon-details summary');
    const rows = page.locator('.horizon-table tbody tr');
    const visits = api.days.flatMap((d) => d.visits);
    expect(await rows.count()).toBe(visits.length);
    const first = api.days.find((d) => d.visits.length > 0)!;
    const firstRow = rows.first();
    expect(await firstRow.getAttribute('data-day')).toBe(first.date);
    const sorted = [...first.visits].sort((a, b) => a.areaId.localeCompare(b.areaId) || a.stream.localeCompare(b.stream));
    expect(await firstRow.locator('td').first().textContent()).toBe(sorted[0]!.areaId);
    expect(await firstRow.locator('td').nth(2).textContent()).toContain(sorted[0]!.binIds[0]!);
    // the hexagons are drawn
    await page.waitForFunction(() => window.__collecte!.map.queryRenderedFeatures({ layers: ['horizon-fill'] }).length > 0, undefined, { timeout: 60_000 });
    expect(await rendered()).toBeGreaterThan(0);
    // one stream at a time (residual first), or every stream's nearest visit
    expect(await page.inputValue('#horizon-stream')).toBe('residual');
    await page.selectOption('#horizon-stream', 'all');
    expect(await page.evaluate(() => window.__collecte!.map.getFilter('horizon-fill'))).toEqual(['==', ['get', 'stream'], 'all']);
    await page.selectOption('#horizon-stream', 'residual');
    expect(hx.pageErrors).toEqual([]);
  }, 400_000);

  it('replans with the risk chosen: a risk of 1 % takes at least as many bins today as 30 %', async () => {
    const todayBins = async (): Promise<number> => Number(/(\d+) bacs à prendre/.exec((await page.textContent('.horizon-summary')) ?? '')?.[1] ?? NaN);
    await page.selectOption('#horizon-risk', '30');
    await page.waitForFunction(() => /30/.test(document.querySelector('.horizon-table caption')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const bold = await todayBins();
    await page.selectOption('#horizon-risk', '1');
    await page.waitForFunction(() => /risque 1\s%/.test(document.querySelector('.horizon-table caption')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const careful = await todayBins();
    expect(careful).toBeGreaterThanOrEqual(bold);
    await page.selectOption('#horizon-risk', '5');
    await page.waitForFunction(() => /risque 5\s%/.test(document.querySelector('.horizon-table caption')?.textContent ?? ''), undefined, { timeout: 60_000 });
  }, 120_000);

  it('is usable with the keyboard, accessible and looks right at the three sizes', async () => {
    // the checkbox and the risk are reached and worked with the keyboard
    await page.focus('#toggle-horizon');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#toggle-horizon')).toBe(false);
    expect(await page.evaluate(() => window.__collecte!.map.getLayoutProperty('horizon-fill', 'visibility'))).toBe('none');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#toggle-horizon')).toBe(true);
    await page.waitForSelector('.horizon-table', { state: 'attached' });
    expect(await hx.axe(), 'axe with the planned visits shown').toEqual([]);
    await page.locator('#horizon-heading').scrollIntoViewIfNeeded();
    await hx.shootSizes('dashboard-horizon', {
      between: async () => {
        await hx.waitForMap();
        await page.locator('#horizon-heading').scrollIntoViewIfNeeded();
        await page.waitForTimeout(500);
      },
    });
    // the table opened, for the eye
    if (!(await page.locator('.horizon-details').evaluate((d) => (d as HTMLDetailsElement).open))) await page.click('.horizon-details summary');
    await page.locator('.horizon-table').scrollIntoViewIfNeeded();
    await hx.shoot('dashboard-horizon-table');
    expect(hx.foreignRequests).toEqual([]);
    expect(hx.pageErrors).toEqual([]);
  }, 240_000);

  it('computes the day’s rounds from the planned visits: the plan must collect the bins the horizon takes today', async () => {
    const date = await page.inputValue('#plan-date');
    const horizon = HorizonSchema.parse(await hx.getJson(`/api/horizon?date=${date}&risk=5`, cookie));
    await page.click('#compute-horizon-plan');
    expect(await hx.waitForMap()).toMatch(/^idle/);
    const plans = PlanListSchema.parse(await hx.getJson(`/api/plans?date=${date}`, cookie));
    const plan = PlanSchema.parse(await hx.getJson(`/api/plans/${plans[0]!.id}`, cookie));
    expect(plan.status).toBe('done');
    expect(plan.options).toMatchObject({ selection: 'horizon', horizonRiskPercent: 5 });
    const routed = new Set(plan.routes.flatMap((r) => r.stops.map((s) => s.binId)));
    const left = new Set(plan.unassigned.map((u) => u.binId));
    for (const id of horizon.today) expect(routed.has(id) || left.has(id), id).toBe(true);
    expect(await page.locator('.route').count()).toBeGreaterThan(0);
    expect(hx.pageErrors).toEqual([]);
  }, 400_000);
});
