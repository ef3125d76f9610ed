/**
 * Browser test of street closures and the mid-day re-plan (issue #14, items 4 and 5) against the
 * real server (booted on a temporary SQLite file with the sample's spaces, today's plan computed),
 * in headless Chromium (Debian's, never a downloaded browser): a manager closes a street with the
 * keyboard alternative (a street picked by name, no mouse drawing), sees it listed and drawn on
 * the map, re-computes the day around it, then opens "Re-planifier à partir de…" and re-plans from
 * 10:00 with a truck unavailable from 11:00; the new plan is shown, that truck does nothing after
 * 11:00. axe-core finds no serious or critical violation on the panel and the dialog. Screenshots
 * go to test-results/ and, with UPDATE=1, to docs/screenshots/ (closures-*, replan-*).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClosureListSchema, PlanDoneStopsSchema, PlanListSchema, PlanSchema } from '../../../server/contract/index.js';
import type { CollecteDebug } from '../../src/views/dashboard.js';

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
const WIDE = { width: 1440, height: 900 };
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function cookieOf(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}`);
  return response.headers.get('set-cookie')?.split(';')[0] ?? '';
}

async function getJson(url: string, cookie: string): Promise<unknown> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

describe('closures and re-plans in a real browser', () => {
  let tmp = '';
  let server: BootedServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let axeSource = '';
  let cookie = '';
  const pageErrors: string[] = [];

  const base = (): string => {
    if (!server) throw new Error('server did not boot');
    return server.url;
  };

  const shoot = async (name: string): Promise<void> => {
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await page.screenshot({ path: file });
    if (process.env.UPDATE === '1') {
      await mkdir(DOCS_DIR, { recursive: true });
      await copyFile(file, path.join(DOCS_DIR, `${name}.png`));
    }
  };

  const shootSizes = async (name: string): Promise<void> => {
    await shoot(`${name}-1440x900`);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shoot(`${name}-${size.width}x${size.height}`);
    }
    await page.setViewportSize(WIDE);
  };

  const axe = async (): Promise<AxeViolation[]> => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
      const result = await run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
  };

  const waitForIdle = async (): Promise<string> => {
    await page.waitForSelector('body[data-map-state=idle], body[data-map-state=error]', { timeout: 300_000 });
    return page.evaluate(() => `${document.body.dataset.mapState} (${document.querySelector('#panel .status')?.textContent ?? ''})`);
  };

  const shownPlanId = (): Promise<string | null> => page.evaluate(() => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId);

  beforeAll(async () => {
    if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
    }
    axeSource = await readFile(AXE_SOURCE, 'utf8');
    await mkdir(RESULTS_DIR, { recursive: true });
    tmp = await mkdtemp(path.join(tmpdir(), 'collecte-closures-e2e-'));
    const { boot } = (await import(/* @vite-ignore */ BOOT_MODULE)) as BootModule;
    server = await boot({ dbPath: path.join(tmp, 'collecte.sqlite'), port: 0, dataDir: path.join(REPO_DIR, 'data'), clientDistDir: DIST_DIR, demoPassword: DEMO_PASSWORD, log: () => undefined, config: { logLevel: 'silent' } });
    cookie = await cookieOf(server.url, 'manager@monaco');
    for (let i = 0; i < 560; i++) {
      const plans = PlanListSchema.parse(await getJson(`${server.url}/api/plans`, cookie));
      if (plans.length > 0 && plans.every((p) => p.status !== 'queued' && p.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANG: 'fr_FR.UTF-8' } });
    const context = await browser.newContext({ viewport: WIDE, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route('**', async (route) => {
      const url = new URL(route.request().url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') await route.abort();
      else await route.continue();
    });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('closes a street picked by name from the keyboard: listed with its period and drawn on the map; the day is planned around it', async () => {
    await page.goto(base());
    await page.waitForSelector('#login-username', { timeout: 60_000 });
    await page.fill('#login-username', 'manager@monaco');
    await page.fill('#login-password', DEMO_PASSWORD);
    await page.click('#login-submit');
    expect(await waitForIdle()).toMatch(/^idle/);
    expect((await page.textContent('#closures-title'))?.trim()).toBe('Fermetures de rues et zones interdites');
    expect((await page.textContent('#closure-list'))?.trim()).toBe('Aucune fermeture ce jour.');
    const before = await shownPlanId();
    expect(before).not.toBeNull();

    // keyboard only: open the form, type the reason, pick a street in the list, save
    await page.focus('details.closure-new > summary');
    await page.keyboard.press('Enter');
    await page.focus('#closure-label');
    await page.keyboard.type('Travaux de voirie');
    await page.focus('#closure-street');
    await page.waitForFunction(() => (document.querySelector('#closure-street') as HTMLSelectElement).options.length > 5, undefined, { timeout: 60_000 });
    const street = await page.evaluate(() => {
      const options = [...(document.querySelector('#closure-street') as HTMLSelectElement).options].map((o) => o.value);
      // a central street of the sample city, where the rounds go
      return ['Rue Grimaldi', 'Boulevard Princesse Charlotte', 'Boulevard des Moulins', 'Boulevard Albert Ier'].find((n) => options.includes(n)) ?? options[Math.floor(options.length / 2)]!;
    });
    await page.selectOption('#closure-street', street);
    expect(await axe(), 'axe on the closure form').toEqual([]);
    await shootSizes('closures-form');
    await page.focus('#closure-save');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#closure-list li.closure').length === 1, undefined, { timeout: 60_000 });
    const item = (await page.textContent('#closure-list li.closure')) ?? '';
    expect(item).toContain('Travaux de voirie');
    expect(item).toMatch(/rue fermée, du \d\d\/\d\d\/\d{4} 06:00 au \d\d\/\d\d\/\d{4} 20:00/);
    expect(await page.textContent('#closures-status')).toContain('Fermeture « Travaux de voirie » enregistrée');
    const drawn = await page.evaluate(async () => {
      const map = (window as unknown as { __collecte: CollecteDebug }).__collecte.map;
      const source = map.getSource('closures') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> };
      return (await source.getData()).features.map((f) => f.geometry.type);
    });
    expect(drawn).toEqual(['MultiLineString']);
    const stored = ClosureListSchema.parse(await getJson(`${base()}/api/closures`, cookie));
    expect(stored.map((c) => [c.label, c.kind, c.geometry.type])).toEqual([['Travaux de voirie', 'street', 'MultiLineString']]);

    // plan the day again: the plan now goes around the closed street
    await page.click('#compute-plan');
    await page.waitForFunction((id) => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId !== id, before, { timeout: 300_000 });
    expect(await waitForIdle()).toMatch(/^idle/);
    const replanned = PlanSchema.parse(await getJson(`${base()}/api/plans/${(await shownPlanId()) ?? ''}`, cookie));
    expect(replanned.status).toBe('done');
    expect(await axe(), 'axe on the dashboard with a closure').toEqual([]);
    await shootSizes('closures-dashboard');
    expect(pageErrors).toEqual([]);
  }, 600_000);

  it('re-plans from 10:00 with a truck unavailable from 11:00 through the dialog, and shows the new plan', async () => {
    const sourceId = (await shownPlanId())!;
    const source = PlanSchema.parse(await getJson(`${base()}/api/plans/${sourceId}`, cookie));
    const truck = source.routes[0]!.vehicleId;
    await page.focus('#replan-open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.replan-dialog[open]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('replan-at');
    await page.fill('#replan-at', '10:00');
    await page.check('#replan-assume');
    await page.check(`#replan-unavailable-${truck}`);
    await page.fill(`#replan-from-${truck}`, '11:00');
    expect(await axe(), 'axe on the re-plan dialog').toEqual([]);
    await shootSizes('replan-dialog');
    await page.focus('#replan-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.replan-dialog', { state: 'detached', timeout: 60_000 });
    await page.waitForFunction((id) => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId !== id, sourceId, { timeout: 300_000 });
    expect(await waitForIdle()).toMatch(/^idle/);
    const nextId = (await shownPlanId())!;
    const next = PlanSchema.parse(await getJson(`${base()}/api/plans/${nextId}`, cookie));
    expect(next.status).toBe('done');
    expect(next.notice).toContain('re-plan from 10:00');
    const how = PlanDoneStopsSchema.parse(await getJson(`${base()}/api/plans/${nextId}/done-stops`, cookie));
    expect(how.replanOf).toEqual({ sourcePlanId: sourceId, at: '10:00', unavailable: [{ vehicleId: truck, from: '11:00' }], assumeDoneBeforeAt: true });
    // Monaco is UTC+1 in winter: 11:00 local is 10:00Z
    const day = source.date;
    for (const r of next.routes.filter((x) => x.vehicleId === truck)) for (const s of r.steps) expect(s.departure <= `${day}T10:00:00.000Z`).toBe(true);
    expect(await axe(), 'axe after the re-plan').toEqual([]);
    await shootSizes('replan-result');
    expect(pageErrors).toEqual([]);
  }, 600_000);
});
