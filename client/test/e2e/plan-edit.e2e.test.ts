/**
 * Browser test of editing a plan by hand (issue #14, items 2 and 3), against the real server
 * (booted on a temporary SQLite file with the sample city; today's plan computed at boot) in
 * Debian's headless Chromium: a manager moves a stop down its round and sees the arrival times
 * change, drags a stop on the map onto another round's stop (and undoes it), locks a stop and moves it to another round (the broken lock is shown in red with words,
 * at the stop and in the summary), undoes it with Ctrl+Z, locks a whole round, re-optimises the
 * rest (Δ km and Δ cost shown, then accepted: the locked round keeps its stops in order). axe-core
 * finds no serious or critical violation on the editor with a violation shown and with the
 * proposal shown. Screenshots go to test-results/ (and docs/screenshots/ with UPDATE=1).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanListSchema } from '../../../server/contract/index.js';

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

describe('editing a plan in a real browser', () => {
  let tmp = '';
  let server: BootedServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let axeSource = '';
  const pageErrors: string[] = [];

  const shoot = async (name: string, sizes = false): Promise<void> => {
    for (const size of [WIDE, ...(sizes ? SIZES : [])]) {
      await page.setViewportSize(size);
      const suffix = size === WIDE ? '' : `-${size.width}x${size.height}`;
      const file = path.join(RESULTS_DIR, `${name}${suffix}.png`);
      await page.screenshot({ path: file });
      if (process.env.UPDATE === '1') {
        await mkdir(DOCS_DIR, { recursive: true });
        await copyFile(file, path.join(DOCS_DIR, `${name}${suffix}.png`));
      }
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

  /** Waits until the editor shows version `n`, idle (its buttons enabled again). */
  const waitForVersion = async (n: number): Promise<void> => {
    await page.waitForFunction(
      (v) => (document.querySelector('#plan-editor-heading small')?.textContent ?? '').includes(`Version ${v}`) && !(document.querySelector<HTMLButtonElement>('#edit-reoptimise')?.disabled ?? true),
      n,
      { timeout: 120_000 },
    );
    await page.waitForSelector('body[data-map-state=idle]', { timeout: 120_000 });
  };

  /** Stop texts and bin ids of the `k`-th round in the editor. */
  const round = (k: number): Promise<{ vehicleId: string; bins: string[]; texts: string[] }> =>
    page.evaluate((i) => {
      const details = document.querySelectorAll<HTMLElement>('details.edit-round')[i]!;
      const items = [...details.querySelectorAll<HTMLElement>('li.edit-stop.bin')];
      return { vehicleId: details.dataset.vehicleId ?? '', bins: items.map((li) => li.dataset.binId ?? ''), texts: items.map((li) => li.querySelector('.stop-text')?.textContent ?? '') };
    }, k);

  const openRound = async (k: number): Promise<void> => {
    const open = await page.evaluate((i) => (document.querySelectorAll<HTMLDetailsElement>('details.edit-round')[i]?.open ?? false), k);
    if (!open) await page.locator('details.edit-round > summary').nth(k).click();
  };

  beforeAll(async () => {
    if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
    }
    axeSource = await readFile(AXE_SOURCE, 'utf8');
    await mkdir(RESULTS_DIR, { recursive: true });
    tmp = await mkdtemp(path.join(tmpdir(), 'collecte-edit-e2e-'));
    const { boot } = (await import(/* @vite-ignore */ BOOT_MODULE)) as BootModule;
    server = await boot({ dbPath: path.join(tmp, 'collecte.sqlite'), port: 0, dataDir: path.join(REPO_DIR, 'data'), clientDistDir: DIST_DIR, demoPassword: DEMO_PASSWORD, log: () => undefined, config: { logLevel: 'silent' } });
    const login = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager@monaco', password: DEMO_PASSWORD }) });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    for (let i = 0; i < 560; i++) {
      const plans = PlanListSchema.parse(await (await fetch(`${server.url}/api/plans`, { headers: { cookie } })).json());
      if (plans.length > 0 && plans.every((p) => p.status !== 'queued' && p.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANG: 'fr_FR.UTF-8' } });
    const context = await browser.newContext({ viewport: WIDE, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('moves a stop and sees the times change, shows a broken lock in red with words, undoes it, locks a round and re-optimises the rest', async () => {
    await page.goto(server!.url);
    await page.waitForSelector('#login-username', { timeout: 60_000 });
    await page.fill('#login-username', 'manager@monaco');
    await page.fill('#login-password', DEMO_PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('body[data-map-state=idle]', { timeout: 180_000 });
    await page.waitForSelector('.plan-editor:not([hidden]) #edit-undo', { timeout: 60_000 });
    await waitForVersion(0);
    expect(await page.locator('details.edit-round').count()).toBeGreaterThanOrEqual(2);
    expect(await page.isDisabled('#edit-undo')).toBe(true);

    // 1. move the first stop of the first round one place down: order and arrival times change
    await openRound(0);
    const before = await round(0);
    await page.getByRole('button', { name: `Descendre ${before.bins[0]}` }).click();
    await waitForVersion(1);
    await openRound(0);
    const after = await round(0);
    expect(after.bins.slice(0, 2)).toEqual([before.bins[1], before.bins[0]]);
    expect(after.texts[0]).not.toEqual(before.texts[1]); // the stop now first arrives earlier than it did second
    expect(after.texts.join('|')).not.toEqual(before.texts.join('|'));
    await page.locator('#plan-editor-heading').scrollIntoViewIfNeeded();
    await shoot('plan-edit-moved');

    // 1b. on the map: drag a stop of the first round onto a stop of the second; it joins that round
    const drag = await page.evaluate(([from, to]) => {
      const { map } = (window as unknown as { __collecte: { map: import('maplibre-gl').Map } }).__collecte;
      const box = map.getCanvas().getBoundingClientRect();
      const rendered = map.queryRenderedFeatures({ layers: ['stops'] });
      const topmost = (vehicleId: string) =>
        rendered
          .filter((f) => f.properties.vehicleId === vehicleId && f.geometry.type === 'Point')
          .map((f) => ({ binId: String(f.properties.binId), p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) }))
          .find((c) => c.p.x > 20 && c.p.y > 20 && c.p.x < box.width - 20 && c.p.y < box.height - 20 && String(map.queryRenderedFeatures(c.p, { layers: ['stops', 'disposal-visits'] })[0]?.properties.binId) === c.binId);
      const a = topmost(from);
      const b = topmost(to);
      return a && b ? { binId: a.binId, onto: b.binId, from: { x: box.left + a.p.x, y: box.top + a.p.y }, to: { x: box.left + b.p.x, y: box.top + b.p.y } } : null;
    }, [before.vehicleId, (await round(1)).vehicleId] as const);
    expect(drag, 'a stop of each round visible on the map').not.toBeNull();
    await page.mouse.move(drag!.from.x, drag!.from.y);
    await page.mouse.down();
    await page.mouse.move(drag!.to.x, drag!.to.y, { steps: 8 });
    await page.mouse.up();
    await waitForVersion(2);
    await openRound(1);
    const joined = await round(1);
    expect(joined.bins.indexOf(drag!.binId)).toBe(joined.bins.indexOf(drag!.onto) - 1);
    await page.keyboard.press('Control+z');
    await waitForVersion(1);

    // 2. lock that stop, then move it to another round: the broken lock is shown in red, with words
    const binId = after.bins[0]!;
    await page.locator('#plan-editor-heading').click();
    await page.getByRole('button', { name: `Verrouiller ${binId}` }).click();
    await waitForVersion(2);
    await openRound(0);
    expect(await page.textContent(`li[data-bin-id="${binId}"] .lock-mark`)).toContain('verrouillé');
    const other = await round(1);
    await page.getByRole('combobox', { name: `Déplacer ${binId} vers une autre tournée` }).selectOption(other.vehicleId);
    await waitForVersion(3);
    await page.waitForSelector('.edit-violations[role=alert]');
    expect(await page.textContent('.edit-violations')).toContain('verrou non respecté');
    await openRound(1);
    const violating = page.locator(`li.edit-stop.violation[data-bin-id="${binId}"]`);
    expect(await violating.count()).toBe(1);
    expect((await violating.locator('.edit-violation-text').allTextContents()).join(' ')).toContain('⚠ verrou non respecté');
    expect(await violating.evaluate((li) => getComputedStyle(li).borderLeftColor)).toBe('rgb(168, 35, 27)');
    expect(await axe(), 'axe on the editor with a violation').toEqual([]);
    await page.locator(`li[data-bin-id="${binId}"]`).scrollIntoViewIfNeeded();
    await shoot('plan-edit-violation-stop');
    await page.locator('.edit-violations').scrollIntoViewIfNeeded();
    await shoot('plan-edit-violation', true);

    // 3. undo with the keyboard: the violation is gone
    await page.locator('#plan-editor-heading').click();
    await page.keyboard.press('Control+z');
    await waitForVersion(2);
    expect(await page.locator('.edit-violations').count()).toBe(0);
    expect(await page.textContent('.edit-clean')).toContain('Toutes les règles sont respectées');
    expect(await page.isDisabled('#edit-redo')).toBe(false);

    // 4. lock the first round, re-optimise the rest: Δ km and Δ cost shown, accepted, the lock kept
    const lockedRound = await round(0);
    await page.locator('button[id^="lock-round-"]').first().click();
    await waitForVersion(3);
    expect(await page.locator('details.edit-round').first().locator('summary').textContent()).toContain('tournée verrouillée');
    await page.click('#edit-reoptimise');
    await page.waitForSelector('#reoptimise-accept', { timeout: 300_000 });
    expect(await page.textContent('#reoptimise-delta-km')).toMatch(/km$/);
    expect(await page.textContent('#reoptimise-delta-cost')).toMatch(/€$/);
    expect(await page.textContent('.edit-job')).toContain('La proposition respecte toutes les règles et tous les verrous.');
    expect(await axe(), 'axe on the editor with a proposal').toEqual([]);
    await page.locator('.edit-job').scrollIntoViewIfNeeded();
    await shoot('plan-edit-reoptimise', true);
    await page.click('#reoptimise-accept');
    await waitForVersion(4);
    const kept = await page.evaluate((vehicleId) => {
      const details = document.querySelector<HTMLElement>(`details.edit-round[data-vehicle-id="${vehicleId}"]`);
      return [...(details?.querySelectorAll<HTMLElement>('li.edit-stop.bin') ?? [])].map((li) => li.dataset.binId ?? '');
    }, lockedRound.vehicleId);
    expect(kept).toEqual(lockedRound.bins);
    expect(await page.locator('.edit-violations').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 900_000);
});
