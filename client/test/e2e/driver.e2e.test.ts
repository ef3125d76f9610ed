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
 * Screenshots go to test-results/; with UPDATE=1 also to docs/screenshots/ (driver-*.png).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanProgressSchema, RoundTodaySchema, type RoundTodayDto } from '../../../server/contract/driver.js';
import { MemberListSchema, PlanListSchema, SessionSchema } from '../../../server/contract/index.js';

interface BootedServer {
  url: string;
  close: () => Promise<void>;
}
interface BootModule {
  boot: (options: { dbPath: string; port: number; dataDir?: string; clientDistDir?: string; demoPassword?: string; log?: (line: string) => void; config?: { logLevel?: string } }) => Promise<BootedServer>;
}

const CLIENT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO_DIR = path.resolve(CLIENT_DIR, '..');
const DIST_DIR = path.join(CLIENT_DIR, 'dist');
const RESULTS_DIR = path.join(REPO_DIR, 'test-results');
const DOCS_DIR = path.join(REPO_DIR, 'docs', 'screenshots');
const BOOT_MODULE = '../../../server/src/boot.js';
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DEMO_PASSWORD = 'e2e-demo-password';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--lang=fr-FR',
];
const LANDSCAPE = { width: 1280, height: 800 };
const PORTRAIT = { width: 800, height: 1280 };
const QUEUE_KEY = 'collecte.driver.reportQueue';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Signs in over HTTP: the session cookie and the CSRF token for writes. */
async function signInApi(url: string, username: string): Promise<{ cookie: string; csrf: string; userId: string }> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const session = SessionSchema.parse(await response.json());
  return { cookie, csrf: session.csrfToken, userId: session.user.id };
}

describe('the driver’s tablet in a real browser, through a dead zone', () => {
  let tmp = '';
  let server: BootedServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let axeSource = '';
  let manager = { cookie: '', csrf: '', userId: '' };
  let planId = '';
  let round: RoundTodayDto;
  let roundEn: RoundTodayDto;
  let savedQueue = '';
  const pageErrors: string[] = [];

  const base = (): string => {
    if (!server) throw new Error('server did not boot');
    return server.url;
  };
  const api = async (p: string, who = manager, init: RequestInit = {}): Promise<unknown> => {
    const headers: Record<string, string> = { cookie: who.cookie, 'x-csrf-token': who.csrf };
    if (init.body) headers['content-type'] = 'application/json';
    const res = await fetch(`${base()}${p}`, { ...init, headers });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${p} answered ${res.status}: ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const shoot = async (target: Page, name: string): Promise<void> => {
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await target.screenshot({ path: file });
    if (process.env.UPDATE === '1') {
      await mkdir(DOCS_DIR, { recursive: true });
      await copyFile(file, path.join(DOCS_DIR, `${name}.png`));
    }
  };
  const axe = async (target: Page): Promise<AxeViolation[]> => {
    if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(axeSource);
    return target.evaluate(async () => {
      const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
      const result = await run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
  };
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
    if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
    }
    axeSource = await readFile(AXE_SOURCE, 'utf8');
    await mkdir(RESULTS_DIR, { recursive: true });
    tmp = await mkdtemp(path.join(tmpdir(), 'collecte-e2e-driver-'));
    const { boot } = (await import(/* @vite-ignore */ BOOT_MODULE)) as BootModule;
    server = await boot({ dbPath: path.join(tmp, 'collecte.sqlite'), port: 0, dataDir: path.join(REPO_DIR, 'data'), clientDistDir: DIST_DIR, demoPassword: DEMO_PASSWORD, log: () => undefined, config: { logLevel: 'silent' } });
    manager = await signInApi(server.url, 'manager@monaco');
    // the boot plans today in the background: let it finish, then publish it as the manager
    for (let i = 0; i < 1200; i++) {
      const plans = PlanListSchema.parse(await api('/api/plans'));
      if (plans.length > 0 && plans.every((p) => p.status !== 'queued' && p.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const plans = PlanListSchema.parse(await api('/api/plans'));
    const done = plans.find((p) => p.status === 'done');
    if (!done) throw new Error('no plan of today');
    planId = done.id;
    await api(`/api/plans/${planId}/publish`, manager, { method: 'POST' });
    // the demo driver drives the first vehicle; give them the first round of the plan if that one has none
    const plan = (await api(`/api/plans/${planId}`)) as { routes: { vehicleId: string; binCount: number }[] };
    const admin = await signInApi(server.url, 'admin@monaco');
    const members = MemberListSchema.parse(await api('/api/users', admin));
    const driverMember = members.find((m) => m.username === 'driver@monaco')!;
    const busiest = plan.routes.find((r) => r.vehicleId === driverMember.vehicleId && r.binCount >= 3) ?? plan.routes.find((r) => r.binCount >= 3)!;
    if (busiest.vehicleId !== driverMember.vehicleId) await api(`/api/users/${driverMember.id}`, admin, { method: 'PATCH', body: JSON.stringify({ role: 'driver', vehicleId: busiest.vehicleId }) });
    const driver = await signInApi(server.url, 'driver@monaco');
    round = RoundTodaySchema.parse(await api('/api/rounds/today?lang=fr', driver));
    roundEn = RoundTodaySchema.parse(await api('/api/rounds/today?lang=en', driver));

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANG: 'fr_FR.UTF-8' } });
    context = await browser.newContext({ viewport: LANDSCAPE, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows the driver the next stop and the French instructions, at both tablet sizes', async () => {
    await page.goto(base());
    await page.waitForSelector('#login-username', { timeout: 60_000 });
    await page.fill('#login-username', 'driver@monaco');
    await page.fill('#login-password', DEMO_PASSWORD);
    await page.tap('#login-submit');
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
    expect(await axe(page), 'axe on the round view').toEqual([]);
    await shoot(page, 'driver-1280x800');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(300); // the map resizes on the next frame
    await shoot(page, 'driver-1440x900');
    await page.setViewportSize(PORTRAIT);
    await page.waitForTimeout(300); // the map resizes on the next frame
    await shoot(page, 'driver-800x1280');
    await page.setViewportSize(LANDSCAPE);
    // the installable app: a manifest with icons, and the service worker in control
    const manifestHref = await page.getAttribute('link[rel=manifest]', 'href');
    const manifest = (await (await fetch(new URL(manifestHref!, base()))).json()) as { icons: { src: string; sizes: string }[] };
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
    await page.waitForSelector('body[data-offline-ready=true]', { timeout: 60_000 });
  }, 600_000);

  it('reports three stops and a disposal visit offline, keeps them through a reload, and sends them once back online', async () => {
    await context.setOffline(true);
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
    expect(await axe(page), 'axe on the report dialog').toEqual([]);
    await shoot(page, 'driver-report-dialog');
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
    expect(await axe(page), 'axe offline with a queue').toEqual([]);
    await shoot(page, 'driver-offline-queue');

    // reload while offline: the app, the round and the queue come back
    await page.reload();
    await waitForRound();
    expect(await text('#driver-queue')).toBe('4 rapports en attente d’envoi');
    expect(await text(`#driver-steps li[data-step="${second}"] .step-state`)).toBe('Non collecté : Bac non sorti · en attente d’envoi');
    await page.waitForFunction(() => document.querySelector('#driver-network')?.getAttribute('data-online') === 'false', undefined, { timeout: 30_000 });
    expect(await text('#driver-notice')).toBe('Tournée enregistrée sur la tablette (hors ligne).');
    const current = Number(await page.getAttribute('#driver-steps li[aria-current=step]', 'data-step'));
    expect([first, second, third, disposal]).not.toContain(current);
    await shoot(page, 'driver-offline-reloaded');

    // back online: the queue is sent
    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('#driver-queue')?.textContent === 'Tous les rapports sont envoyés.', undefined, { timeout: 60_000 });
    const progress = PlanProgressSchema.parse(await api(`/api/plans/${planId}/progress`));
    const mine = progress.reports.filter((r) => r.routeId === round.route.routeId);
    expect(mine.map((r) => r.stepIndex).sort((a, b) => a - b)).toEqual([first!, second!, third!, disposal].sort((a, b) => a - b));
    const route = progress.routes.find((r) => r.routeId === round.route.routeId)!;
    expect([route.collected, route.notCollected]).toEqual([2, 1]);
    expect(progress.notCollected.filter((n) => n.routeId === round.route.routeId).map((n) => [n.binId, n.reason])).toEqual([[round.route.steps[second!]!.id, 'bin_not_out']]);
    expect(mine.find((r) => r.stepIndex === disposal)?.weightKg).toBe(4200);
    expect(pageErrors).toEqual([]);
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
    const managerContext = await browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const managerPage = await managerContext.newPage();
    managerPage.on('pageerror', (error) => pageErrors.push(error.message));
    await managerPage.goto(base());
    await managerPage.waitForSelector('#login-username', { timeout: 60_000 });
    await managerPage.fill('#login-username', 'manager@monaco');
    await managerPage.fill('#login-password', DEMO_PASSWORD);
    await managerPage.click('#login-submit');
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
    expect(await axe(managerPage), 'axe on the live view').toEqual([]);
    await shoot(managerPage, 'driver-live-1440x900');
    for (const size of [LANDSCAPE, PORTRAIT]) {
      await managerPage.setViewportSize(size);
      await managerPage.waitForTimeout(300); // the map resizes on the next frame
      await shoot(managerPage, `driver-live-${size.width}x${size.height}`);
    }
    await managerContext.close();
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
