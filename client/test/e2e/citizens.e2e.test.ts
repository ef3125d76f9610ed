/**
 * Browser test of the citizens' map (issue #16): a resident opens `/public/monaco` without logging
 * in, finds a glass column in the list (the keyboard and screen-reader alternative of the map),
 * reports it overflowing with a photo and an e-mail, and gets the confirmation; the same page on a
 * phone (390×844). A manager then opens "Signalements" in the dashboard, sees the report with its
 * photo and e-mail, and accepts it; the next plan of today has that bin as `must` with the reason
 * `citizen_report`, shown in the plan panel as "signalement d’habitant". axe-core on every state:
 * no serious or critical violation. Boots the real server without a plan of today, see harness.ts.
 * Screenshots go to test-results/; with UPDATE=1 also to docs/screenshots/ (citizens-*.png).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicPointsSchema, type PublicPoint } from '../../../server/contract/citizens.js';
import { DecisionListSchema, PlanCreatedSchema, PlanSchema, type PlanDto } from '../../../server/contract/index.js';
import { REPO_DIR, startHarness, type ApiSession, type Harness } from './harness.js';

const PHONE = { width: 390, height: 844 };

describe("citizens' map in a real browser", () => {
  let hx: Harness;
  let page: Page;
  let point: PublicPoint;
  let manager: ApiSession;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Monaco' }).format(new Date());
  const text = async (selector: string, target: Page = page): Promise<string> => ((await target.textContent(selector)) ?? '').trim();
  const focused = (target: Page = page): Promise<string | undefined> => target.evaluate(() => document.activeElement?.id);
  const openPublic = async (target: Page): Promise<void> => {
    await target.goto(`${hx.url}/public/monaco`);
    await target.waitForSelector('body[data-public-state=ready]', { timeout: 60_000 });
    await target.waitForSelector('#point-list li[data-point-id]', { timeout: 30_000 });
    await target.waitForSelector('body[data-public-map=idle]', { timeout: 60_000 });
  };

  beforeAll(async () => {
    hx = await startHarness({ name: 'citizens', planToday: false });
    page = hx.page;
    manager = await hx.sessionOf('manager@monaco');
    const points = PublicPointsSchema.parse(await (await fetch(`${hx.url}/api/public/monaco/points`)).json());
    const decisions = DecisionListSchema.parse(await hx.getJson(`/api/bins/decisions?date=${today}`, manager.cookie));
    const skipped = new Set(decisions.decisions.filter((d) => d.decision !== 'must').map((d) => d.binId));
    // a glass column the forecast alone would not collect today: the report is what makes it must
    point = points.features.find((f) => f.properties.stream === 'glass' && f.properties.name === 'Colonne à verre' && skipped.has(f.properties.id))!;
    expect(point).toBeDefined();
  }, 400_000);

  afterAll(async () => {
    await hx?.close();
  });

  it('shows the drop-off points to a resident without login, on the map and as a list with a legend', async () => {
    await openPublic(page);
    expect(await text('#public-heading')).toBe('Points d’apport volontaire — Principauté de Monaco');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await text('.public-legend')).toContain('De la place');
    expect(await text('.public-legend')).toContain('Presque plein');
    expect(await page.locator('.public-legend svg.status-symbol').count()).toBe(3);
    const item = page.locator(`#point-list li[data-point-id="${point.properties.id}"]`);
    expect(await item.textContent()).toContain(point.properties.address);
    expect(await item.textContent()).toContain('Verre');
    expect(hx.requests.some((r) => r.url.includes('/api/session') && r.method === 'POST')).toBe(false);
    await page.selectOption('#filter-stream', 'glass');
    expect(await text('#point-count')).toMatch(/^\d+ points sur \d+$/);
    expect(await page.locator('#point-list li[data-point-id]').evaluateAll((els) => els.every((e) => e.textContent?.includes('Verre')))).toBe(true);
    expect(await hx.axe(), 'axe on the public map').toEqual([]);
    await hx.shootSizes('citizens-map');
  }, 180_000);

  it('lets the resident report the column overflowing with a photo, and confirms it', async () => {
    await page.focus(`#point-list li[data-point-id="${point.properties.id}"] button[data-report]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.citizen-report-dialog[open]');
    expect(await focused()).toBe('report-kind-first');
    expect(await text('.report-point')).toContain(point.properties.address);
    // sending with no problem chosen: told in the form, nothing sent
    await page.click('#report-send');
    await page.waitForSelector('#report-errors li');
    expect(await text('#report-errors')).toContain('choisissez le problème');
    expect(await page.getAttribute('#report-kind', 'aria-invalid')).toBe('true');
    expect(await hx.axe(), 'axe on the report form with an error').toEqual([]);
    await page.check('input[name=kind][value=overflowing]');
    await page.fill('#report-comment', 'Des bouteilles sont posées au pied de la colonne.');
    await page.fill('#report-email', 'habitante@example.fr');
    await page.setInputFiles('#report-photo', { name: 'colonne.png', mimeType: 'image/png', buffer: readFileSync(path.join(REPO_DIR, 'docs', 'screenshots', 'admin.png')) });
    await hx.shoot('citizens-report-form');
    await page.click('#report-send');
    await page.waitForSelector('#report-thanks', { timeout: 30_000 });
    expect(await text('#report-thanks h2')).toBe('Merci, votre signalement est transmis');
    expect(await focused()).toBe('report-title');
    expect(await hx.axe(), 'axe on the confirmation').toEqual([]);
    await hx.shoot('citizens-report-sent');
    await page.click('#report-done');
    await page.waitForSelector('dialog.citizen-report-dialog', { state: 'detached' });
    expect(hx.pageErrors).toEqual([]);
  }, 120_000);

  it('works on a phone (390×844): the list and the form fit, axe-clean', async () => {
    const { page: phone } = await hx.openPage({ viewport: PHONE, hasTouch: true, isMobile: true });
    await openPublic(phone);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await hx.axe(phone), 'axe on the phone').toEqual([]);
    await hx.shoot('citizens-map-390x844', phone);
    await phone.locator(`#point-list li[data-point-id="${point.properties.id}"] button[data-report]`).tap();
    await phone.waitForSelector('dialog.citizen-report-dialog[open]');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await hx.axe(phone), 'axe on the phone form').toEqual([]);
    await hx.shoot('citizens-report-form-390x844', phone);
  }, 120_000);

  it('lets the manager see the report with its photo and e-mail in the dashboard and accept it', async () => {
    await page.goto(hx.url);
    await hx.signIn('manager@monaco');
    await page.waitForSelector('button[data-view=reports]', { timeout: 60_000 });
    await page.click('button[data-view=reports]');
    const card = `#report-list li[data-status=pending]`;
    await page.waitForSelector(card, { timeout: 30_000 });
    expect(await focused()).toBe('reports-heading');
    expect(await text(card)).toContain('habitante@example.fr');
    expect(await text(card)).toContain(point.properties.id);
    expect(await text(card)).toContain('Des bouteilles');
    await page.waitForFunction((sel) => (document.querySelector<HTMLImageElement>(`${sel} img.report-photo`)?.naturalWidth ?? 0) > 0, card, { timeout: 30_000 });
    expect(await hx.axe(), 'axe on the moderation list').toEqual([]);
    await hx.shootSizes('citizens-moderation');
    await page.click(`${card} button[data-accept]`);
    await page.waitForFunction(() => (document.querySelector('#reports-status')?.textContent ?? '').startsWith('Signalement accepté'), undefined, { timeout: 30_000 });
    expect(await text('#report-list li[data-status=accepted]')).toContain('Accepté — à collecter');
  }, 180_000);

  it('puts the bin in the next plan as must with the reason citizen_report, shown in the plan panel', async () => {
    const decision = DecisionListSchema.parse(await hx.getJson(`/api/bins/decisions?date=${today}`, manager.cookie)).decisions.find((d) => d.binId === point.properties.id)!;
    expect(decision).toMatchObject({ decision: 'must', reasonCode: 'citizen_report' });
    const { id } = PlanCreatedSchema.parse(await hx.api('/api/plans', manager, { method: 'POST', body: JSON.stringify({ date: today }) }));
    let plan: PlanDto;
    for (;;) {
      plan = PlanSchema.parse(await hx.getJson(`/api/plans/${id}`, manager.cookie));
      if (plan.status !== 'queued' && plan.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(plan.status).toBe('done');
    expect(plan.forcedBins).toContainEqual({ binId: point.properties.id, decision: 'must', reasonCode: 'citizen_report' });
    expect(plan.routes.flatMap((r) => r.stops.map((s) => s.binId))).toContain(point.properties.id);
    await page.click('button[data-view=map]');
    await page.reload();
    await hx.waitForMap();
    const item = `#forced-bins li[data-bin-id="${point.properties.id}"]`;
    await page.waitForSelector(item, { timeout: 60_000 });
    expect(await text(item)).toBe(`${point.properties.id} — signalement d’habitant`);
    expect(await hx.axe(), 'axe on the plan with its mandatory bins').toEqual([]);
    await hx.shoot('citizens-plan-forced');
    expect(hx.pageErrors).toEqual([]);
    expect(hx.foreignRequests).toEqual([]);
  }, 900_000);
});
