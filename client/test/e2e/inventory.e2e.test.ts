/**
 * Browser test of the Inventory section (issue #14, item 6), the first steps of the manager's day:
 * sign in as a manager, open "Inventaire", import a CSV of bins with one bad row (the preview
 * lists it with its line, column and reason; the import button stays off and nothing is written),
 * fix the file and import it (the bins are in the inventory, on the server and on the map), then add a vehicle
 * through the form (each bad field told under it, then saved), all from the keyboard where a
 * manager would use it. axe-core on each state: no serious or critical violation. Boots the real
 * server on a temporary SQLite file (no plan of today: nothing here needs one) and drives Debian's
 * Chromium. Screenshots go to test-results/; with UPDATE=1 they also refresh docs/screenshots/
 * (inventory-*.png at 1440×900, the list at 1280×800 and 800×1280).
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventorySchema, type InventoryDto } from '../../../server/contract/index.js';

interface BootModule {
  boot: (options: {
    dbPath: string;
    port: number;
    dataDir?: string;
    clientDistDir?: string;
    demoPassword?: string;
    planToday?: boolean;
    log?: (line: string) => void;
    config?: { logLevel?: string };
  }) => Promise<{ url: string; close: () => Promise<void> }>;
}

const CLIENT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO_DIR = path.resolve(CLIENT_DIR, '..');
const DIST_DIR = path.join(CLIENT_DIR, 'dist');
const RESULTS_DIR = path.join(REPO_DIR, 'test-results');
const DOCS_DIR = path.join(REPO_DIR, 'docs', 'screenshots');
const BOOT_MODULE = '../../../server/src/boot.js';
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const DEMO_PASSWORD = 'e2e-demo-password';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--lang=fr-FR'];
const WIDE = { width: 1440, height: 900 };
const SIZES = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

/** Two new bins of Monaco as a French spreadsheet exports them (BOM, semicolons, decimal commas); line 3 has a longitude that is not a number. */
const BAD_CSV = '\ufeffid;lng;lat;flux;conteneur;capacité_litres\r\nE2E-1;7,42460;43,73840;OMR;bac-660;660\r\nE2E-2;7,42O6;43,7312;verre;pav_column;4000\r\n';
const GOOD_CSV = BAD_CSV.replace('7,42O6', '7,4206');

describe('inventory in a real browser', () => {
  let tmp = '';
  let server: { url: string; close: () => Promise<void> } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let axeSource = '';
  let cookie = '';
  const pageErrors: string[] = [];

  const base = (): string => server?.url ?? '';
  const shoot = async (name: string): Promise<void> => {
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    if (process.env.UPDATE === '1') {
      await mkdir(DOCS_DIR, { recursive: true });
      await copyFile(file, path.join(DOCS_DIR, `${name}.png`));
    }
  };
  const axe = async (): Promise<unknown[]> => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const run = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
      const result = await run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
  };
  const inventory = async (): Promise<InventoryDto> => InventorySchema.parse(await (await fetch(`${base()}/api/inventory`, { headers: { cookie } })).json());
  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();
  const focused = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);

  beforeAll(async () => {
    if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
    }
    axeSource = await readFile(AXE_SOURCE, 'utf8');
    await mkdir(RESULTS_DIR, { recursive: true });
    tmp = await mkdtemp(path.join(tmpdir(), 'collecte-e2e-inventory-'));
    const { boot } = (await import(/* @vite-ignore */ BOOT_MODULE)) as BootModule;
    server = await boot({ dbPath: path.join(tmp, 'collecte.sqlite'), port: 0, dataDir: path.join(REPO_DIR, 'data'), clientDistDir: DIST_DIR, demoPassword: DEMO_PASSWORD, planToday: false, log: () => undefined, config: { logLevel: 'silent' } });
    const login = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager@monaco', password: DEMO_PASSWORD }) });
    cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
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

  it('lets a manager open the inventory from the keyboard and search the bins', async () => {
    await page.goto(base());
    await page.waitForSelector('#login-username', { timeout: 60_000 });
    await page.fill('#login-username', 'manager@monaco');
    await page.fill('#login-password', DEMO_PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('button[data-view=inventory]', { timeout: 60_000 });
    await page.focus('button[data-view=inventory]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#inventory-table tbody tr[data-id]', { timeout: 60_000 });
    expect(await text('#inventory-heading')).toBe('Inventaire — Principauté de Monaco');
    expect(await focused()).toBe('inventory-heading');
    expect(await page.getAttribute('button[data-view=inventory]', 'aria-current')).toBe('page');
    const before = await inventory();
    expect(await text('#inventory-count')).toBe(`200 affichés sur ${new Intl.NumberFormat('fr-FR').format(before.bins.length)}`);

    await page.fill('#inventory-search', before.bins[0]!.id);
    await page.waitForFunction(() => document.querySelectorAll('#inventory-table tbody tr[data-id]').length === 1);
    await page.fill('#inventory-search', '');
    expect(await axe(), 'axe on the inventory list').toEqual([]);
    await shoot('inventory-manager');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shoot(`inventory-manager-${size.width}x${size.height}`);
    }
    await page.setViewportSize(WIDE);
  }, 120_000);

  it('previews a CSV with one bad row, lists it with its line and reason, and imports nothing', async () => {
    const before = (await inventory()).bins.length;
    const file = path.join(tmp, 'bacs.csv');
    await writeFile(file, BAD_CSV);
    await page.setInputFiles('#inventory-file', file);
    await page.click('#inventory-preview-button');
    await page.waitForSelector('#inventory-rejected tbody tr', { timeout: 30_000 });
    const rows = await page.$$eval('#inventory-rejected tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(rows).toEqual([['3', 'lng', 'E2E-2', 'Valeur invalide — « 7,42O6 » n’est pas un nombre décimal (écrivez 7,4167 ou 7.4167).']]);
    expect(await text('[data-count=create]')).toBe('À créer : 1');
    expect(await text('[data-count=rejected]')).toBe('Refusées : 1');
    expect(await page.isDisabled('#inventory-apply')).toBe(true);
    expect(await focused()).toBe('inventory-preview-heading');
    expect((await inventory()).bins.length).toBe(before);
    expect(await axe(), 'axe on the preview with a refused row').toEqual([]);
    await shoot('inventory-import-rejected');
  }, 60_000);

  it('imports the fixed file all at once: the new bins are in the inventory and the list', async () => {
    const before = (await inventory()).bins.length;
    const file = path.join(tmp, 'bacs-corrige.csv');
    await writeFile(file, GOOD_CSV);
    await page.setInputFiles('#inventory-file', file);
    await page.click('#inventory-preview-button');
    await page.waitForFunction(() => document.querySelector('[data-count=create]')?.textContent?.trim() === 'À créer : 2', undefined, { timeout: 30_000 });
    expect(await page.locator('#inventory-rejected').count()).toBe(0);
    await shoot('inventory-import-preview');
    await page.focus('#inventory-apply');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('#inventory-status')?.textContent ?? '').startsWith('Import terminé'), undefined, { timeout: 30_000 });
    expect(await text('#inventory-status')).toBe('Import terminé : 2 créé(s), 0 modifié(s), 0 retiré(s).');
    const after = await inventory();
    expect(after.bins.length).toBe(before + 2);
    expect(after.bins.find((b) => b.id === 'E2E-2')).toMatchObject({ lng: 7.4206, lat: 43.7312, stream: 'glass', container: 'pav_column', capacityLitres: 4000 });
    await page.fill('#inventory-search', 'E2E');
    await page.waitForFunction(() => document.querySelectorAll('#inventory-table tbody tr[data-id]').length === 2);
    expect(await page.$$eval('#inventory-table tbody tr[data-id] td', (tds) => tds.slice(0, 4).map((td) => td.textContent))).toEqual(['Ordures ménagères', 'bac-660', '660', '43,7384 ; 7,4246']);
    expect(await axe(), 'axe after the import').toEqual([]);
    await shoot('inventory-import-done');

    // back on the map, the bins are there too (the dashboard reloads them after a change)
    await page.click('button[data-view=map]');
    let onMap = false;
    for (let i = 0; i < 120 && !onMap; i++) {
      onMap = await page.evaluate(async () => {
        const debug = (window as unknown as { __collecte?: { map: { getSource: (id: string) => unknown } } }).__collecte;
        const source = debug?.map.getSource('bins') as { getData: () => Promise<{ features: { properties: { id?: string } | null }[] }> } | undefined;
        if (!source) return false;
        return (await source.getData()).features.some((f) => f.properties?.id === 'E2E-2');
      });
      if (!onMap) await page.waitForTimeout(500);
    }
    expect(onMap).toBe(true);
    await page.click('button[data-view=inventory]');
    await page.waitForSelector('#inventory-table tbody tr[data-id]');
  }, 120_000);

  it('adds a vehicle through the form, each bad field told under it', async () => {
    await page.click('#inventory-kind-vehicles');
    expect(await text('#inventory-list-heading')).toBe('Véhicules');
    await page.click('#inventory-add');
    expect(await focused()).toBe('inv-id');
    await page.fill('#inv-id', 'BENNE 7');
    await page.fill('#inv-name', 'Benne verre');
    await page.fill('#inv-capacityLitres', '30000');
    await page.fill('#inv-capacityKg', '-5');
    await page.fill('#inv-shiftEnd', '05:00');
    await page.click('#inventory-save');
    await page.waitForFunction(() => (document.querySelector('#inventory-form-error')?.textContent ?? '') !== '');
    expect(await text('#inv-id-error')).toBe('Lettres, chiffres et . _ : - seulement, 64 caractères au plus.');
    expect(await text('#inv-capacityKg-error')).toBe('Au moins 1.');
    expect(await text('#inv-shiftEnd-error')).toBe('Doit être après le début de service.');
    expect(await page.getAttribute('#inv-capacityKg', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#inv-capacityKg', 'aria-describedby')).toBe('inv-capacityKg-error');
    expect(await focused()).toBe('inv-id');
    expect(await axe(), 'axe on the form with errors').toEqual([]);
    await shoot('inventory-form-errors');

    await page.fill('#inv-id', 'BENNE-7');
    await page.fill('#inv-capacityKg', '7 000');
    await page.fill('#inv-shiftEnd', '13:30');
    await page.check('#inv-streams-glass');
    await page.click('#inventory-save');
    await page.waitForFunction(() => (document.querySelector('#inventory-status')?.textContent ?? '') === 'BENNE-7 ajouté.', undefined, { timeout: 30_000 });
    expect((await inventory()).vehicles.find((v) => v.id === 'BENNE-7')).toMatchObject({ streams: ['residual', 'glass'], capacityKg: 7000, shiftEnd: '13:30' });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
