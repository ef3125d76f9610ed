/**
 * Browser test of the Inventory section (issue #14, item 6) beyond what the day walk covers
 * (day-walk.e2e.test.ts imports a CSV with a bad row, then the fixed file): a manager opens
 * "Inventaire" from the keyboard, sees the count and searches the bins, then adds a vehicle through
 * the form (each bad field told under it, then saved). axe-core on each state: no serious or
 * critical violation. Boots the real server without a plan of today (nothing here needs one), see
 * harness.ts. Screenshots go to test-results/; with UPDATE=1 they also refresh docs/screenshots/
 * (inventory-manager at 1440×900, 1280×800 and 800×1280; inventory-form-errors).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventorySchema, type InventoryDto } from '../../../server/contract/index.js';
import { startHarness, type Harness } from './harness.js';

describe('inventory in a real browser', () => {
  let hx: Harness;
  let page: Page;
  let cookie = '';

  const inventory = async (): Promise<InventoryDto> => InventorySchema.parse(await hx.getJson('/api/inventory', cookie));
  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();
  const focused = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);

  beforeAll(async () => {
    hx = await startHarness({ name: 'inventory', planToday: false });
    page = hx.page;
    cookie = await hx.cookieOf('manager@monaco');
  }, 400_000);

  afterAll(async () => {
    await hx?.close();
  });

  it('lets a manager open the inventory from the keyboard and search the bins', async () => {
    await page.goto(hx.url);
    await hx.signIn('manager@monaco');
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
    expect(await hx.axe(), 'axe on the inventory list').toEqual([]);
    await hx.shootSizes('inventory-manager');
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
    expect(await hx.axe(), 'axe on the form with errors').toEqual([]);
    await hx.shoot('inventory-form-errors');

    await page.fill('#inv-id', 'BENNE-7');
    await page.fill('#inv-capacityKg', '7 000');
    await page.fill('#inv-shiftEnd', '13:30');
    await page.check('#inv-streams-glass');
    await page.click('#inventory-save');
    await page.waitForFunction(() => (document.querySelector('#inventory-status')?.textContent ?? '') === 'BENNE-7 ajouté.', undefined, { timeout: 30_000 });
    expect((await inventory()).vehicles.find((v) => v.id === 'BENNE-7')).toMatchObject({ streams: ['residual', 'glass'], capacityKg: 7000, shiftEnd: '13:30' });
    expect(hx.pageErrors).toEqual([]);
  }, 60_000);
});
