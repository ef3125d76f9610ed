/**
 * Browser test of the analyst's desk (issue #16): an analyst signs in and lands on the desk; every
 * chart renders with data from the sample city's 8 weeks of history (readings, collections, past
 * plans); hovering a mark shows its values; each chart's CSV download holds the expected columns
 * and rows; axe-core finds no serious or critical violation. Screenshots at 1440×900, 1280×800 and
 * 800×1280 (desk-analyst*.png; docs/screenshots/ with UPDATE=1). Boots the real server without a
 * plan of today (see harness.ts).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/** The chart cards and what their CSV must hold: header columns and at least this many data rows. */
const CARDS: { id: string; columns: string[]; minRows: number }[] = [
  { id: 'desk-fill', columns: ['date', 'readings', 'mean_fill_percent', 'collections', 'overflow_bin_days'], minRows: 56 },
  { id: 'desk-weekday', columns: ['weekday', 'stream', 'bins', 'readings', 'mean_fill_percent', 'collections', 'overflow_bin_days'], minRows: 7 * 3 },
  { id: 'desk-hex', columns: ['h3_cell', 'bins', 'readings', 'mean_fill_percent', 'overflow_bin_days', 'collections'], minRows: 3 },
  { id: 'desk-rounds', columns: ['date', 'source', 'routes', 'km', 'truck_hours', 'cost_eur', 'co2_kg', 'bins_planned', 'bins_collected', 'collections', 'overflow_bin_days'], minRows: 56 },
  { id: 'desk-lifts', columns: ['fill_class', 'stream', 'collections'], minRows: 11 },
  { id: 'desk-compare', columns: ['period', 'days', 'km', 'truck_hours', 'overflow_bin_days', 'co2_kg', 'collections', 'mean_fill_at_collection_percent'], minRows: 2 },
  { id: 'desk-strategies', columns: ['strategy', 'days', 'km', 'truck_hours', 'overflow_bin_days', 'co2_kg', 'collections', 'mean_fill_at_collection_percent'], minRows: 2 },
];

describe("analyst's desk in a real browser", () => {
  let hx: Harness;
  let page: Page;

  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();

  beforeAll(async () => {
    hx = await startHarness({ name: 'desk', planToday: false });
    page = hx.page;
  }, 400_000);

  afterAll(async () => {
    await hx?.close();
  });

  it('lands an analyst on the desk with every chart drawn from the sample history', async () => {
    await page.goto(hx.url);
    await hx.signIn('analyst@monaco');
    await page.waitForSelector('#desk-strategies .bar', { timeout: 120_000 });
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('#desk-hex-map')?.dataset.cells ?? '0') > 0, undefined, { timeout: 60_000 });
    expect(await text('#desk-heading')).toBe('Bureau d’analyse');
    expect(await page.getAttribute('button[data-view=desk]', 'aria-current')).toBe('page');
    expect(await page.inputValue('#desk-from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // fill over time: a line with values and collections marked
    expect(await page.locator('#desk-fill .series-line').count()).toBe(1);
    expect(await page.locator('#desk-fill .event-mark').count()).toBeGreaterThan(20);
    // bars with data in every bar chart
    for (const id of ['desk-weekday', 'desk-rounds-collections', 'desk-rounds-km', 'desk-rounds-co2', 'desk-lifts', 'desk-compare', 'desk-strategies']) {
      const heights = await page.locator(`#${id} .bar`).evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
      expect(heights.filter((x) => x > 0).length, id).toBeGreaterThan(1);
    }
    // every chart has its text alternative and axis titles with units
    expect(await page.locator('#desk-weekday table.chart-data tbody tr').count()).toBe(7);
    expect(await page.locator('#desk-rounds .axis-title').allTextContents()).toContain('Distance (km)');
    expect(await page.locator('#desk-hex table.chart-data tbody tr').count()).toBeGreaterThan(0);
    expect(hx.pageErrors).toEqual([]);
  }, 240_000);

  it('shows values on hover: a line point, a bar and a hexagon', async () => {
    await page.hover('#desk-fill .hover-zone', { position: { x: 300, y: 80 } });
    expect(await text('#desk-fill .chart-tooltip')).toMatch(/Remplissage moyen : \d+(,\d)? %/);
    await page.locator('#desk-weekday .bar').first().hover();
    expect(await text('#desk-weekday .chart-tooltip')).toMatch(/^lundi — .+ : \d+(,\d)? %$/);
    const kmBars = await page.locator('#desk-rounds-km .bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    await page.locator('#desk-rounds-km .bar').nth(kmBars.findIndex((x) => x > 0)).hover();
    expect(await text('#desk-rounds-km .chart-tooltip')).toMatch(/km$/);
    // a hexagon: the middle of the map
    const box = (await page.locator('#desk-hex-map canvas').boundingBox())!;
    let shown = false;
    for (const [fx, fy] of [[0.5, 0.5], [0.4, 0.5], [0.6, 0.5], [0.5, 0.4], [0.5, 0.6], [0.3, 0.3], [0.7, 0.7]] as const) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      await page.waitForTimeout(150);
      if (!(await page.locator('.desk-map-tip').isHidden())) {
        shown = true;
        break;
      }
    }
    expect(shown).toBe(true);
    expect(await text('.desk-map-tip')).toMatch(/^\d+ bacs — remplissage moyen .+ % — \d+ jours-bacs en débordement$/);
    // the week slider: week 3 only
    await page.fill('#desk-hex-week', '3');
    await page.dispatchEvent('#desk-hex-week', 'change');
    await page.waitForFunction(() => /^semaine 3/.test(document.querySelector('#desk-hex-week-text')?.textContent ?? ''));
    expect(await page.getAttribute('#desk-hex-csv', 'href')).toMatch(/from=\d{4}-\d{2}-\d{2}&to=/);
  }, 120_000);

  it('downloads every chart as CSV with the expected columns and rows (semicolons for French spreadsheets)', async () => {
    for (const card of CARDS) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`#${card.id}-csv`)]);
      const file = await download.path();
      const content = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(content[0]!.split(';'), card.id).toEqual(card.columns);
      expect(content.length - 1, card.id).toBeGreaterThanOrEqual(card.minRows);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
    }
    // the open-data files
    const [geo] = await Promise.all([page.waitForEvent('download'), page.click('#opendata-geojson')]);
    const body = JSON.parse(readFileSync(await geo.path(), 'utf8')) as { features: { properties: Record<string, unknown> }[] };
    expect(body.features).toHaveLength(314);
    expect(body.features.filter((f) => (f.properties.readings as number) > 0).length).toBeGreaterThan(300);
  }, 120_000);

  it('is accessible and looks right at the three sizes', async () => {
    expect(await hx.axe(), 'axe on the desk').toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await hx.shootSizes('desk-analyst', {
      between: async () => {
        await page.waitForTimeout(500);
      },
    });
    await page.locator('#desk-hex').scrollIntoViewIfNeeded();
    await hx.shoot('desk-analyst-map');
    await page.locator('#desk-lifts').scrollIntoViewIfNeeded();
    await hx.shoot('desk-analyst-lifts');
    expect(hx.foreignRequests).toEqual([]);
  }, 180_000);

  it('lets a manager reach the desk from the header and publish the open data, which anyone can then read', async () => {
    const anonymous = async (): Promise<number> => (await fetch(`${hx.url}/api/opendata/monaco/bins.csv`)).status;
    expect(await anonymous()).toBe(401);
    await hx.signOut();
    await hx.signIn('manager@monaco');
    await page.waitForSelector('button[data-view=desk]', { timeout: 60_000 });
    expect(await page.getAttribute('button[data-view=map]', 'aria-current')).toBe('page');
    await page.click('button[data-view=desk]');
    await page.waitForSelector('#opendata-publish', { timeout: 120_000 });
    expect(await text('#opendata-state')).toBe('Non publiées : lisibles par les membres de l’espace seulement.');
    await page.check('#opendata-publish');
    await page.waitForFunction(() => (document.querySelector('#opendata-state')?.textContent ?? '').startsWith('Publiées'));
    expect(await anonymous()).toBe(200);
    await page.uncheck('#opendata-publish');
    await page.waitForFunction(() => (document.querySelector('#opendata-state')?.textContent ?? '').startsWith('Non publiées'));
    expect(await anonymous()).toBe(401);
    expect(hx.pageErrors).toEqual([]);
  }, 240_000);
});
