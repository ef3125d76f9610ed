/**
 * Browser test of the driver's tablet (issue #15) against the real server on the sample city, with
 * touch emulation at tablet size (1280×800, then 800×1280): the manager publishes today's plan
 * (API), the driver signs in and sees the next stop and the French instructions; the network is cut
 * in the browser (`context.setOffline`); the driver reports three stops (one not collected, with
 * its reason, through the dialog) and a disposal visit (with the weighbridge weight); the page is
 * reloaded while offline (the service worker gives back the app and the round, localStorage the
 * queue); the network comes back and the queue is sent; the manager's progress has each report
 * exactly once, and the manager's live view shows it. A second run replays the same queue: nothing
 * is counted twice. axe-core finds no serious or critical violation on the round view, the report
 * dialog, the offline state and the manager's live view.
 *
 * The set-up (server, Chromium, sign-in, axe-core, screenshots, the localhost-only guard) is the
 * shared harness's (./harness.ts): its page emulates the tablet (touch, 1280×800, service workers
 * allowed), and the manager's live view gets a second page in its own context from `openPage`.
 *
 * Screenshots go to test-results/; with UPDATE=1 also to docs/screenshots/ (driver-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PlanProgressSchema, RoundTodaySchema, type RoundTodayDto } from '../../../server/contract/driver.js';
import { MemberListSchema, PlanListSchema } from '../../../server/contract/index.js';
import { startHarness, type ApiSession, type Harness } from './harness.js';

const LANDSCAPE = { width: 1280, height: 800 };
const QUEUE_KEY = 'collecte.driver.reportQueue';

describe('the driver’s tablet in a real browser, through a dead zone', () => {
  let hx: Harness;
  let page: Page;
  let manager: ApiSession = { cookie: '', csrf: '', userId: '' };
  let planId = '';
  let round: RoundTodayDto;
  let roundEn: RoundTodayDto;
  let savedQueue = '';

  const api = (p: string, who: ApiSession = manager, init: RequestInit = {}): Promise<unknown> => hx.api(p, who, init);
  /** The map resizes on the next frame after a viewport change. */
  const settle = (target: Page = page) => (): Promise<void> => target.waitForTimeout(300);
  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();
  const waitForRound = async (): Promise<void> => {
    try {
      await page.waitForSelector('body[data-driver-state=ready]', { timeout: 120_000 });
    } catch (error) {
      const seen = await page.evaluate(() => `${JSON.stringify(document.body.dataset)} ${document.querySelector('main')?.textContent?.slice(0, 300) ?? document.body.textContent?.slice(0, 300)}`).catch(() => 'no page');
      throw new Error(`the round view did not come: ${seen}`, { cause: error });
    }
    await page.waitForSelector('body[data-driver-map=idle]', { timeout: 120_000 });
  };
  /** Makes step `i` the current one (picked in the step list unless it is already the next). */
  const goTo = async (i: number): Promise<void> => {
    if ((await page.getAttribute(`#driver-steps li[data-step="${i}"]`, 'aria-current')) === 'step') return;
    await page.tap(`#driver-steps button.step-pick[data-step="${i}"]`);
    await page.waitForSelector(`#driver-steps li[data-step="${i}"][aria-current=step]`);
  };
  /** The round's steps still to report, by kind, in order (from the round as the server has it). */
  const stepsOf = (kind: string): number[] => round.route.steps.flatMap((s, i) => (s.kind === kind ? [i] : []));

  beforeAll(async () => {
    // a tablet: touch at 1280×800 (landscape), service workers allowed (the app works offline)
    hx = await startHarness({ name: 'driver', device: { viewport: LANDSCAPE, hasTouch: true, serviceWorkers: 'allow' } });
    page = hx.page;
    manager = await hx.sessionOf('manager@monaco');
    // the harness waited for the plans of today that boot queues: publish one as the manager
    const plans = PlanListSchema.parse(await api('/api/plans'));
    const done = plans.find((p) => p.status === 'done');
    if (!done) throw new Error('no plan of today');
    planId = done.id;
    await api(`/api/plans/${planId}/publish`, manager, { method: 'POST' });
    // the demo driver drives the first vehicle; give them the first round of the plan if that one has none
    const plan = (await api(`/api/plans/${planId}`)) as { routes: { vehicleId: string; binCount: number }[] };
    const admin = await hx.sessionOf('admin@monaco');
    const members = MemberListSchema.parse(await api('/api/users', admin));
    const driverMember = members.find((m) => m.username === 'driver@monaco')!;
    const busiest = plan.routes.find((r) => r.vehicleId === driverMember.vehicleId && r.binCount >= 3) ?? plan.routes.find((r) => r.binCount >= 3)!;
    if (busiest.vehicleId !== driverMember.vehicleId) await api(`/api/users/${driverMember.id}`, admin, { method: 'PATCH', body: JSON.stringify({ role: 'driver', vehicleId: busiest.vehicleId }) });
    const driver = await hx.sessionOf('driver@monaco');
    round = RoundTodaySchema.parse(await api('/api/rounds/today?lang=fr', driver));
    roundEn = RoundTodaySchema.parse(await api('/api/rounds/today?lang=en', driver));
  }, 900_000);

  afterAll(async () => {
    await hx?.close();
  });

  it('shows the driver the next stop and the French instructions, at both tablet sizes', async () => {
    await page.goto(hx.url);
    await hx.signIn('driver@monaco', undefined, { tap: true });
    await waitForRound();

    const firstBin = stepsOf('bin')[0]!;
    expect(await text('#driver-next-title')).toBe(`Arrêt ${round.route.steps[firstBin]!.seq} — bac ${round.details[firstBin]!.label ?? round.route.steps[firstBin]!.id}`);
    expect(await page.$$eval('#driver-next-facts li', (lis) => lis.length)).toBeGreaterThanOrEqual(3);
    // the instruction is one of the server's French sentences for the leg to the next stop, with the distance to it
    const frenchSentences = new Set(round.instructions.legs.flatMap((l) => l.steps.map((s) => s.instruction)));
    const instruction = await text('#driver-instruction');
    expect(frenchSentences.has(instruction), instruction).toBe(true);
    const englishSentences = new Set(roundEn.instructions.legs.flatMap((l) => l.steps.map((s) => s.instruction)));
    expect(englishSentences.has(instruction), `${instruction} is English`).toBe(false);
    expect(await text('#driver-instruction-distance')).toMatch(/^Dans [\d\s ,]+ (m|km)$/);
    expect(await text('#driver-queue')).toBe('Tous les rapports sont envoyés.');
    // every touch target of the round view is at least 56 px high (gloves)
    const small = await page.$$eval('.driver-page button, .topbar button', (buttons) => buttons.filter((b) => (b as HTMLElement).offsetParent !== null && b.getBoundingClientRect().height < 56).map((b) => b.id || b.textContent));
    expect(small).toEqual([]);
    expect(await hx.axe(), 'axe on the round view').toEqual([]);
    // driver-1440x900, driver-1280x800, driver-800x1280, then back to the tablet's landscape size
    await hx.shootSizes('driver', { wideSuffix: true, between: settle(), end: LANDSCAPE });
    expect(page.viewportSize()).toEqual(LANDSCAPE);
    // the installable app: a manifest with icons, and the service worker in control
    const manifestHref = await page.getAttribute('link[rel=manifest]', 'href');
    const manifest = (await (await fetch(new URL(manifestHref!, hx.url))).json()) as { icons: { src: string; sizes: string }[] };
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await page.waitForSelector('body[data-offline-ready=true]', { timeout: 60_000 });
  }, 600_000);

  it('reports three stops and a disposal visit offline, keeps them through a reload, and sends them once back online', async () => {
    await hx.context.setOffline(true);
    await page.waitForFunction(() => document.querySelector('#driver-network')?.getAttribute('data-online') === 'false');
    expect(await text('#driver-network')).toBe('Hors ligne : la tournée et les rapports restent sur la tablette.');

    const [first, second, third] = stepsOf('bin');
    // 1: collected, one touch
    await goTo(first!);
    await page.tap('#report-collected');
    await page.waitForFunction(() => document.querySelector('#driver-queue')?.textContent === '1 rapport en attente d’envoi');
    // 2: not collected, bin not out, through the dialog
    await goTo(second!);
    expect(await text('#driver-next-title')).toContain(`Arrêt ${round.route.steps[second!]!.seq} `);
    await page.tap('#report-not-collected');
    await page.waitForSelector('dialog.report-dialog[open]');
    await page.tap('dialog.report-dialog [name=report-reason][data-value=bin_not_out]');
    expect(await hx.axe(), 'axe on the report dialog').toEqual([]);
    await hx.shoot('driver-report-dialog');
    await page.tap('#report-confirm');
    await page.waitForSelector('dialog.report-dialog', { state: 'detached' });
    // 3: collected
    await goTo(third!);
    await page.tap('#report-collected');
    // the disposal visit, picked in the step list, with the weighbridge weight
    const disposal = stepsOf('disposal')[0]!;
    await goTo(disposal);
    await page.tap('#report-disposal');
    await page.waitForSelector('dialog.report-dialog[open]');
    await page.fill('#report-weight', '4200');
    await page.tap('#report-confirm');
    await page.waitForSelector('dialog.report-dialog', { state: 'detached' });
    await page.waitForFunction(() => document.querySelector('#driver-queue')?.textContent === '4 rapports en attente d’envoi');
    for (const i of [first!, third!]) expect(await text(`#driver-steps li[data-step="${i}"] .step-state`)).toBe('Collecté · en attente d’envoi');
    expect(await text(`#driver-steps li[data-step="${second}"] .step-state`)).toBe('Non collecté : Bac non sorti · en attente d’envoi');
    expect(await text(`#driver-steps li[data-step="${disposal}"] .step-state`)).toBe('Vidage effectué · en attente d’envoi');
    savedQueue = (await page.evaluate((key) => localStorage.getItem(key), QUEUE_KEY)) ?? '';
    expect((JSON.parse(savedQueue) as { pending: unknown[] }).pending.length).toBe(4);
    expect(await hx.axe(), 'axe offline with a queue').toEqual([]);
    await hx.shoot('driver-offline-queue');

    // reload while offline: the app, the round and the queue come back
    await page.reload();
    await waitForRound();
    expect(await text('#driver-queue')).toBe('4 rapports en attente d’envoi');
    expect(await text(`#driver-steps li[data-step="${second}"] .step-state`)).toBe('Non collecté : Bac non sorti · en attente d’envoi');
    await page.waitForFunction(() => document.querySelector('#driver-network')?.getAttribute('data-online') === 'false', undefined, { timeout: 30_000 });
    expect(await text('#driver-notice')).toBe('Tournée enregistrée sur la tablette (hors ligne).');
    const current = Number(await page.getAttribute('#driver-steps li[aria-current=step]', 'data-step'));
    expect([first, second, third, disposal]).not.toContain(current);
    await hx.shoot('driver-offline-reloaded');

    // back online: the queue is sent
    await hx.context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('#driver-queue')?.textContent === 'Tous les rapports sont envoyés.', undefined, { timeout: 60_000 });
    const progress = PlanProgressSchema.parse(await api(`/api/plans/${planId}/progress`));
    const mine = progress.reports.filter((r) => r.routeId === round.route.routeId);
    expect(mine.map((r) => r.stepIndex).sort((a, b) => a - b)).toEqual([first!, second!, third!, disposal].sort((a, b) => a - b));
    const route = progress.routes.find((r) => r.routeId === round.route.routeId)!;
    expect([route.collected, route.notCollected]).toEqual([2, 1]);
    expect(progress.notCollected.filter((n) => n.routeId === round.route.routeId).map((n) => [n.binId, n.reason])).toEqual([[round.route.steps[second!]!.id, 'bin_not_out']]);
    expect(mine.find((r) => r.stepIndex === disposal)?.weightKg).toBe(4200);
    expect(hx.pageErrors).toEqual([]);
  }, 600_000);

  it('counts nothing twice when the same queue is replayed, and the manager’s live view shows each report once', async () => {
    const before = PlanProgressSchema.parse(await api(`/api/plans/${planId}/progress`));
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [QUEUE_KEY, savedQueue]);
    await page.reload();
    await waitForRound();
    await page.waitForFunction(() => document.querySelector('#driver-queue')?.textContent === 'Tous les rapports sont envoyés.', undefined, { timeout: 60_000 });
    const after = PlanProgressSchema.parse(await api(`/api/plans/${planId}/progress`));
    expect(after.reports.map((r) => r.id).sort()).toEqual(before.reports.map((r) => r.id).sort());
    expect(after.routes).toEqual(before.routes.map((r) => ({ ...r, lastPosition: after.routes.find((a) => a.routeId === r.routeId)?.lastPosition ?? null })));
    expect(await page.$$eval('.driver-refused li', (items) => items.length)).toBe(0);

    // the manager's dashboard: the live view above the editor, with the round's counts
    // a desktop at 1440×900 in its own context (its page errors go to hx.pageErrors too)
    const { context: managerContext, page: managerPage } = await hx.openPage();
    await managerPage.goto(hx.url);
    await hx.signIn('manager@monaco', undefined, { page: managerPage });
    await managerPage.waitForSelector(`#live-table tr[data-route="${round.route.routeId}"]`, { timeout: 300_000 });
    await managerPage.waitForSelector('body[data-map-state=idle]', { timeout: 300_000 });
    const row = await managerPage.$$eval(`#live-table tr[data-route="${round.route.routeId}"] td`, (tds) => tds.map((td) => td.textContent));
    expect(row.slice(0, 2)).toEqual(['2', '1']);
    expect(await managerPage.$$eval('#live-not-collected li', (lis) => lis.map((li) => li.getAttribute('data-bin')))).toContain(round.route.steps[stepsOf('bin')[1]!]!.id);
    // seen without scrolling: the live view starts inside the panel's first screen, above the editor
    const top = await managerPage.evaluate(() => document.querySelector('#live-progress')!.getBoundingClientRect().top);
    expect(top).toBeLessThan(900);
    expect(await managerPage.evaluate(() => {
      const live = document.querySelector('#live-progress');
      const editor = document.querySelector('.plan-editor');
      return !editor || Boolean(live && live.compareDocumentPosition(editor) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    expect(await hx.axe(managerPage), 'axe on the live view').toEqual([]);
    // driver-live-1440x900, driver-live-1280x800, driver-live-800x1280
    await hx.shootSizes('driver-live', { wideSuffix: true, between: settle(managerPage), page: managerPage });
    await managerContext.close();
    expect(hx.pageErrors).toEqual([]);
  }, 600_000);
});
