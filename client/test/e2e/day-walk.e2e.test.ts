/**
 * The manager's day in one continuous real-browser walk (issue #14, "Done when"), against the real
 * server booted on a temporary SQLite file with the sample city (no plan of today at boot: the walk
 * computes it), in Debian's headless Chromium (see harness.ts):
 *  1. sign in as the manager of Monaco;
 *  2. Inventaire: preview a CSV of bins with one bad row (listed with its line, column and reason;
 *     Import stays off; nothing written), fix it and import it (all rows, on the server and the map);
 *  3. compute the day with the progress bar moving (`aria-valuenow` takes rising values); the
 *     plan's state, Publish and the shortfall sit above the plan editor and the closures, and the
 *     keyboard meets them in that order; the map colours the bins by the plan's forecast;
 *  4. move a stop down its round (times change), drag a stop on the map onto another round's stop
 *     (it joins that round; arrival times and loads of that round change);
 *  5. lock a stop and move it to another round: the broken lock in red with words, at the stop and
 *     in the summary; undo with Ctrl+Z (clean again);
 *  6. lock a round and re-optimise the rest: Δ km and Δ cost shown before accepting; accepted, the
 *     locked round keeps its stops in order and every lock is still there;
 *  7. close a street from the keyboard (listed with its period, drawn on the map) and plan the day
 *     again around it;
 *  8. open a round's printable route sheet (on screen and as printed), publish the plan;
 *  9. re-plan from 10:00 with a truck unavailable from 11:00: that truck does nothing after 11:00;
 * 10. download the GPX (one track per round, the stops as waypoints in order) and the CSV (one row
 *     per stop: round, sequence, bin id, address, arrival time, stream) and check them against the plan.
 * axe-core finds no serious or critical violation on each screen. Screenshots of each step go to
 * test-results/ and, with UPDATE=1, to docs/screenshots/day-walk-NN-<step>.png (1440×900; the
 * planned dashboard also at 1280×800 and 800×1280).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClosureListSchema, InventorySchema, PlanDoneStopsSchema, PlanSchema, type InventoryDto, type PlanDto } from '../../../server/contract/index.js';
import { PlanEditStateSchema } from '../../../server/contract/plan-edit.js';
import type { CollecteDebug } from '../../src/views/dashboard.js';
import { startHarness, type Harness } from './harness.js';

/** Two new bins of Monaco as a French spreadsheet exports them (BOM, semicolons, decimal commas); line 3 has a longitude that is not a number. */
const BAD_CSV = '\ufeffid;lng;lat;flux;conteneur;capacité_litres\r\nE2E-1;7,42460;43,73840;OMR;bac-660;660\r\nE2E-2;7,42O6;43,7312;verre;pav_column;4000\r\n';
const GOOD_CSV = BAD_CSV.replace('7,42O6', '7,4206');
/** The red of a broken rule (`--danger`). */
const DANGER_RGB = 'rgb(168, 35, 27)';

/** The instant at which `Europe/Paris` (Monaco's time) reads `day` `hh:mm`, in ms since the epoch. */
function parisInstant(day: string, hhmm: string): number {
  const guess = Date.parse(`${day}T${hhmm}:00Z`);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(guess));
  const part = (type: string): string => local.find((p) => p.type === type)?.value ?? '';
  const shown = Date.parse(`${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:00Z`);
  return guess - (shown - guess);
}

/** `arrivée 07:42 · charge 1 320 L` of an editor stop text: the time and the load in litres. */
function timeAndLoad(text: string): { time: string; litres: number } {
  const m = /arrivée (\d\d:\d\d) · charge ([\d\s\u202f\u00a0]+) L/.exec(text);
  if (!m) throw new Error(`not a stop text: ${text}`);
  return { time: m[1]!, litres: Number(m[2]!.replace(/\D/g, '')) };
}

describe('the manager’s day, walked in a real browser', () => {
  let hx: Harness;
  let page: Page;
  let cookie = '';
  /** The rules the plan broke after the stop was dragged (what undoing the violation must come back to). */
  let afterDrag: unknown[] = [];

  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();
  const focused = (): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);
  const shownPlanId = async (): Promise<string> => (await page.evaluate(() => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId)) ?? '';
  const plan = async (id: string): Promise<PlanDto> => PlanSchema.parse(await hx.getJson(`/api/plans/${id}`, cookie));
  const inventory = async (): Promise<InventoryDto> => InventorySchema.parse(await hx.getJson('/api/inventory', cookie));
  const idle = async (): Promise<void> => expect(await hx.waitForMap(600_000)).toMatch(/^idle/);
  /** Every step's screenshot: `day-walk-NN-<step>` at 1440×900. */
  const step = (n: number, name: string): Promise<void> => hx.shoot(`day-walk-${String(n).padStart(2, '0')}-${name}`);

  /** Waits until the editor shows version `n`, idle (its buttons enabled again) and the map redrawn. */
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
    const open = await page.evaluate((i) => document.querySelectorAll<HTMLDetailsElement>('details.edit-round')[i]?.open ?? false, k);
    if (!open) await page.locator('details.edit-round > summary').nth(k).click();
  };

  beforeAll(async () => {
    hx = await startHarness({ name: 'day-walk', planToday: false });
    page = hx.page;
    cookie = await hx.cookieOf('manager@monaco');
  }, 400_000);

  afterAll(async () => {
    await hx?.close();
  });

  it('imports the inventory: a CSV with one bad row is refused with its line and reason, the fixed file is imported whole', async () => {
    await page.goto(hx.url);
    await hx.signIn('manager@monaco');
    await idle();
    expect(await text('#user-role')).toBe('Gestionnaire');
    expect(await hx.axe(), 'axe on the dashboard before any plan').toEqual([]);
    await step(1, 'signed-in');

    await page.focus('button[data-view=inventory]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#inventory-table tbody tr[data-id]', { timeout: 60_000 });
    expect(await focused()).toBe('inventory-heading');
    const before = (await inventory()).bins.length;

    const bad = path.join(hx.tmp, 'bacs.csv');
    await writeFile(bad, BAD_CSV);
    await page.setInputFiles('#inventory-file', bad);
    await page.click('#inventory-preview-button');
    await page.waitForSelector('#inventory-rejected tbody tr', { timeout: 30_000 });
    const rows = await page.$$eval('#inventory-rejected tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(rows).toEqual([['3', 'lng', 'E2E-2', 'Valeur invalide — « 7,42O6 » n’est pas un nombre décimal (écrivez 7,4167 ou 7.4167).']]);
    expect(await text('[data-count=create]')).toBe('À créer : 1');
    expect(await text('[data-count=rejected]')).toBe('Refusées : 1');
    expect(await page.isDisabled('#inventory-apply')).toBe(true);
    expect(await focused()).toBe('inventory-preview-heading');
    expect((await inventory()).bins.length).toBe(before);
    expect(await hx.axe(), 'axe on the preview with a refused row').toEqual([]);
    await step(2, 'import-rejected');

    const good = path.join(hx.tmp, 'bacs-corrige.csv');
    await writeFile(good, GOOD_CSV);
    await page.setInputFiles('#inventory-file', good);
    await page.click('#inventory-preview-button');
    await page.waitForFunction(() => document.querySelector('[data-count=create]')?.textContent?.trim() === 'À créer : 2', undefined, { timeout: 30_000 });
    expect(await page.locator('#inventory-rejected').count()).toBe(0);
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
    expect(await hx.axe(), 'axe after the import').toEqual([]);
    await step(3, 'import-done');

    // back on the map, the new bins are drawn (the dashboard reloads them after a change)
    await page.click('button[data-view=map]');
    await idle();
    await page.waitForFunction(
      async () => {
        const debug = (window as unknown as { __collecte?: CollecteDebug }).__collecte;
        const source = debug?.map.getSource('bins') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> } | undefined;
        return source ? (await source.getData()).features.some((f) => f.properties?.id === 'E2E-2') : false;
      },
      undefined,
      { timeout: 60_000, polling: 500 },
    );
    expect(hx.pageErrors).toEqual([]);
  }, 300_000);

  it('plans the day with the progress bar moving; state, Publish and shortfall come before the editor and the closures', async () => {
    // record every value the progress bar takes while the plan is computed
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { __progress: number[] }).__progress = seen;
      const watch = (): void => {
        const bar = document.querySelector('#plan-progress');
        if (bar && !bar.closest('[hidden]')) seen.push(Number(bar.getAttribute('aria-valuenow')));
      };
      new MutationObserver(watch).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow', 'hidden'] });
    });
    await page.click('#compute-plan');
    await page.waitForFunction(() => Number(document.querySelector('#plan-progress')?.getAttribute('aria-valuenow')) >= 30, undefined, { timeout: 600_000, polling: 100 });
    expect(await page.getAttribute('#plan-progress', 'role')).toBe('progressbar');
    expect(await text('.plan-progress-phase')).not.toBe('');
    expect(await hx.axe(), 'axe while a plan is computed').toEqual([]);
    await step(4, 'plan-progress');
    await page.waitForSelector('.plan-progress', { state: 'hidden', timeout: 600_000 });
    await idle();
    const seen = await page.evaluate(() => (window as unknown as { __progress: number[] }).__progress);
    const moving = seen.filter((v) => v > 0 && v < 100);
    expect(new Set(moving).size, `progress values ${seen.join(',')}`).toBeGreaterThan(2);
    expect(moving.at(-1)).toBeGreaterThan(moving[0]!);

    const planId = await shownPlanId();
    const computed = await plan(planId);
    expect(computed.status).toBe('done');
    expect(computed.routes.length).toBeGreaterThanOrEqual(2);
    expect(await text('#plan-day-status')).toContain('Brouillon');
    await page.waitForSelector('.plan-editor:not([hidden]) #edit-undo', { timeout: 60_000 });
    await waitForVersion(0);
    expect(await page.isDisabled('#edit-undo')).toBe(true);

    // the plan's head comes first, on screen and for the keyboard: shortfall, day status, Publish; then the editor, then the closures
    const head = ['plan-day-status', 'publish-plan', 'plan-editor-heading', 'closures-title'];
    if (computed.shortfall) head.unshift('shortfall-heading');
    const placed = await page.evaluate((ids) => {
      const els = ids.map((id) => document.getElementById(id)!);
      return els.slice(1).map((el, i) => ({
        pair: `${ids[i]} < ${ids[i + 1]}`,
        domOrder: (els[i]!.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
        above: els[i]!.getBoundingClientRect().top < el.getBoundingClientRect().top,
      }));
    }, head);
    for (const p of placed) expect(p, p.pair).toEqual({ pair: p.pair, domOrder: true, above: true });
    expect(await page.$$eval('#panel [tabindex]', (els) => els.filter((e) => Number(e.getAttribute('tabindex')) > 0).length)).toBe(0);
    await page.focus('#compute-plan');
    const tabbed: string[] = [];
    for (let i = 0; i < 40 && !tabbed.includes('edit-reoptimise'); i++) {
      await page.keyboard.press('Tab');
      tabbed.push((await focused()) ?? '');
    }
    expect(tabbed).toContain('publish-plan');
    expect(tabbed.indexOf('publish-plan')).toBeLessThan(tabbed.indexOf('edit-reoptimise'));
    if (computed.shortfall) {
      expect(await page.evaluate(() => document.querySelector('#panel section.plan h2')?.nextElementSibling?.className ?? '')).toBe('shortfall');
      expect(await page.getAttribute('.shortfall', 'role')).toBe('alert');
      expect(await text('.shortfall-summary')).toContain(new Intl.NumberFormat('fr-FR').format(computed.shortfall.mandatoryLeftOut));
      expect(tabbed.indexOf('replan-overtime')).toBeLessThan(tabbed.indexOf('publish-plan'));
    }

    // the map colours the bins by the forecast the plan used
    const forecast = (await hx.getJson(`/api/plans/${planId}/forecast`, cookie)) as { bins: { binId: string; forecastFillPercent: number | null }[] };
    const shown = await page.evaluate(async () => {
      const source = (window as unknown as { __collecte: CollecteDebug }).__collecte.map.getSource('bins') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> };
      return (await source.getData()).features.map((f) => [f.properties?.id as string, f.properties?.shownFillPercent as number | null] as const);
    });
    const used = new Map(forecast.bins.map((b) => [b.binId, b.forecastFillPercent]));
    const compared = shown.filter(([id]) => used.has(id));
    expect(compared.length).toBe(forecast.bins.length);
    for (const [id, fill] of compared) expect(fill).toBe(used.get(id));

    expect(await hx.axe(), 'axe on the planned dashboard').toEqual([]);
    await page.evaluate(() => document.querySelector('#panel')?.scrollTo(0, 0));
    await hx.shootSizes('day-walk-05-plan-ready');
    expect(hx.pageErrors).toEqual([]);
  }, 1_200_000);

  it('moves stops by hand and on the map: the times and loads of the rounds change', async () => {
    // a stop one place down its round: the order and the arrival times change
    await openRound(0);
    const before = await round(0);
    await page.getByRole('button', { name: `Descendre ${before.bins[0]}` }).click();
    await waitForVersion(1);
    await openRound(0);
    const after = await round(0);
    expect(after.bins.slice(0, 2)).toEqual([before.bins[1], before.bins[0]]);
    expect(after.texts[0]).not.toEqual(before.texts[1]);

    // on the map: drag a stop of one round onto a stop of another round that takes its stream; it joins that round there
    const shown = await plan(await shownPlanId());
    const streamOf = new Map((await inventory()).bins.map((b) => [b.id, b.stream]));
    const pairs = shown.routes.flatMap((from) =>
      shown.routes
        .filter((to) => to.vehicleId !== from.vehicleId)
        .map((to) => ({ from: from.vehicleId, to: to.vehicleId, bins: from.stops.filter((s) => s.kind === 'bin' && to.streams.includes(streamOf.get(s.binId) as never)).map((s) => s.binId) }))
        .filter((p) => p.bins.length > 0),
    );
    expect(pairs.length, 'two rounds that share a stream').toBeGreaterThan(0);
    const drag = await page.evaluate((candidates) => {
      const { map } = (window as unknown as { __collecte: CollecteDebug }).__collecte;
      const box = map.getCanvas().getBoundingClientRect();
      const rendered = map.queryRenderedFeatures({ layers: ['stops'] });
      const topmost = (vehicleId: string, among: string[] | null) =>
        rendered
          .filter((f) => f.properties.vehicleId === vehicleId && f.geometry.type === 'Point' && (among === null || among.includes(String(f.properties.binId))))
          .map((f) => ({ binId: String(f.properties.binId), p: map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]) }))
          .find((c) => c.p.x > 20 && c.p.y > 20 && c.p.x < box.width - 20 && c.p.y < box.height - 20 && String(map.queryRenderedFeatures(c.p, { layers: ['stops', 'disposal-visits'] })[0]?.properties.binId) === c.binId);
      for (const pair of candidates) {
        const a = topmost(pair.from, pair.bins);
        const b = topmost(pair.to, null);
        if (a && b) return { fromVehicle: pair.from, toVehicle: pair.to, binId: a.binId, onto: b.binId, from: { x: box.left + a.p.x, y: box.top + a.p.y }, to: { x: box.left + b.p.x, y: box.top + b.p.y } };
      }
      return null;
    }, pairs);
    expect(drag, 'a stop of each round visible on the map').not.toBeNull();
    await openRound(shown.routes.findIndex((r) => r.vehicleId === drag!.toVehicle));
    const target = await round(shown.routes.findIndex((r) => r.vehicleId === drag!.toVehicle));
    await page.mouse.move(drag!.from.x, drag!.from.y);
    await page.mouse.down();
    await page.mouse.move(drag!.to.x, drag!.to.y, { steps: 8 });
    await page.mouse.up();
    await waitForVersion(2);
    const toK = shown.routes.findIndex((r) => r.vehicleId === drag!.toVehicle);
    const fromK = shown.routes.findIndex((r) => r.vehicleId === drag!.fromVehicle);
    await openRound(toK);
    const joined = await round(toK);
    expect(joined.bins.indexOf(drag!.binId)).toBe(joined.bins.indexOf(drag!.onto) - 1);
    await openRound(fromK);
    expect((await round(fromK)).bins).not.toContain(drag!.binId);
    // the rounds' times and loads are recomputed: from the dropped stop on, the arrival times and loads on board of the
    // receiving round change (a disposal trip may come in), and each round's collected litres move with the bin
    const moved = joined.bins.indexOf(drag!.binId);
    const from = (r: { bins: string[]; texts: string[] }, k: number): { time: string; litres: number }[] => r.bins.slice(k).filter((b) => b !== drag!.binId).map((b) => timeAndLoad(r.texts[r.bins.indexOf(b)]!));
    const was = from(target, target.bins.indexOf(drag!.onto));
    const now = from(joined, moved);
    expect(now.map((x) => x.time), 'arrival times from the dropped stop on').not.toEqual(was.map((x) => x.time));
    expect(now.map((x) => x.litres), 'loads on board from the dropped stop on').not.toEqual(was.map((x) => x.litres));
    const edited = await plan(shown.id);
    const collected = (p: PlanDto, vehicleId: string): number => p.routes.find((r) => r.vehicleId === vehicleId)!.collectedLitres;
    expect(collected(edited, drag!.toVehicle)).toBeGreaterThan(collected(shown, drag!.toVehicle));
    expect(collected(edited, drag!.fromVehicle)).toBeLessThan(collected(shown, drag!.fromVehicle));
    afterDrag = PlanEditStateSchema.parse(await hx.getJson(`/api/plans/${shown.id}/edits`, cookie)).violations;
    expect(afterDrag.filter((v) => (v as { code: string }).code === 'wrong_stream')).toEqual([]);
    await page.locator(`li.edit-stop[data-bin-id="${drag!.binId}"]`).scrollIntoViewIfNeeded();
    expect(await hx.axe(), 'axe after a stop moved').toEqual([]);
    await step(6, 'stop-dragged');
    expect(hx.pageErrors).toEqual([]);
  }, 300_000);

  it('shows a broken lock in red with words, and undoes it with Ctrl+Z', async () => {
    await openRound(0);
    const binId = (await round(0)).bins[0]!;
    await page.locator('#plan-editor-heading').click();
    await page.getByRole('button', { name: `Verrouiller ${binId}` }).click();
    await waitForVersion(3);
    await openRound(0);
    expect(await page.textContent(`li[data-bin-id="${binId}"] .lock-mark`)).toContain('verrouillé');
    const other = await round(1);
    await page.getByRole('combobox', { name: `Déplacer ${binId} vers une autre tournée` }).selectOption(other.vehicleId);
    await waitForVersion(4);
    await page.waitForSelector('.edit-violations[role=alert]');
    expect(await text('.edit-violations')).toContain('verrou non respecté');
    await openRound(1);
    const violating = page.locator(`li.edit-stop.violation[data-bin-id="${binId}"]`);
    expect(await violating.count()).toBe(1);
    expect((await violating.locator('.edit-violation-text').allTextContents()).join(' ')).toContain('⚠ verrou non respecté');
    expect(await violating.evaluate((li) => getComputedStyle(li).borderLeftColor)).toBe(DANGER_RGB);
    expect(await hx.axe(), 'axe on the editor with a violation').toEqual([]);
    await page.locator('.edit-violations').scrollIntoViewIfNeeded();
    await step(7, 'violation');

    await page.locator('#plan-editor-heading').click();
    await page.keyboard.press('Control+z');
    await waitForVersion(3);
    expect(PlanEditStateSchema.parse(await hx.getJson(`/api/plans/${await shownPlanId()}/edits`, cookie)).violations).toEqual(afterDrag);
    if (afterDrag.length === 0) {
      expect(await page.locator('.edit-violations').count()).toBe(0);
      expect(await text('.edit-clean')).toContain('Toutes les règles sont respectées');
    } else expect(await text('.edit-violations')).not.toContain('verrou non respecté');
    expect(await page.isDisabled('#edit-redo')).toBe(false);
    expect((await round(0)).bins[0]).toBe(binId);
    expect(await hx.axe(), 'axe after the undo').toEqual([]);
    await page.locator('#plan-editor-heading').scrollIntoViewIfNeeded();
    await step(8, 'undone');
    expect(hx.pageErrors).toEqual([]);
  }, 300_000);

  it('locks a round and re-optimises the rest: the change in km and cost shown first, every lock kept', async () => {
    const lockedRound = await round(0);
    await page.locator('button[id^="lock-round-"]').first().click();
    await waitForVersion(4);
    expect(await page.locator('details.edit-round').first().locator('summary').textContent()).toContain('tournée verrouillée');
    const planId = await shownPlanId();
    const locksBefore = PlanEditStateSchema.parse(await hx.getJson(`/api/plans/${planId}/edits`, cookie)).locks;
    expect(locksBefore.find((l) => l.vehicleId === lockedRound.vehicleId)).toMatchObject({ wholeRoute: true, binIds: lockedRound.bins });

    await page.click('#edit-reoptimise');
    await page.waitForSelector('#reoptimise-accept', { timeout: 600_000 });
    expect(await text('#reoptimise-delta-km')).toMatch(/km$/);
    expect(await text('#reoptimise-delta-cost')).toMatch(/€$/);
    expect(await text('.edit-job')).toContain('La proposition respecte toutes les règles et tous les verrous.');
    expect(await hx.axe(), 'axe on the editor with a proposal').toEqual([]);
    await page.locator('.edit-job').scrollIntoViewIfNeeded();
    await step(9, 'reoptimise-proposal');
    await page.click('#reoptimise-accept');
    await waitForVersion(5);
    const kept = await page.evaluate((vehicleId) => {
      const details = document.querySelector<HTMLElement>(`details.edit-round[data-vehicle-id="${vehicleId}"]`);
      return [...(details?.querySelectorAll<HTMLElement>('li.edit-stop.bin') ?? [])].map((li) => li.dataset.binId ?? '');
    }, lockedRound.vehicleId);
    expect(kept).toEqual(lockedRound.bins);
    expect(await page.locator('.edit-violations').count()).toBe(0);
    const state = PlanEditStateSchema.parse(await hx.getJson(`/api/plans/${planId}/edits`, cookie));
    expect(state.locks).toEqual(locksBefore);
    expect(state.violations).toEqual([]);
    expect(await hx.axe(), 'axe on the accepted proposal').toEqual([]);
    await step(10, 'reoptimised');
    expect(hx.pageErrors).toEqual([]);
  }, 900_000);

  it('closes a street picked by name from the keyboard and plans the day around it', async () => {
    expect(await text('#closures-title')).toBe('Fermetures de rues et zones interdites');
    expect(await text('#closure-list')).toBe('Aucune fermeture ce jour.');
    const before = await shownPlanId();
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
    expect(await hx.axe(), 'axe on the closure form').toEqual([]);
    await page.locator('#closure-street').scrollIntoViewIfNeeded();
    await step(11, 'closure-form');
    await page.focus('#closure-save');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#closure-list li.closure').length === 1, undefined, { timeout: 60_000 });
    const item = await text('#closure-list li.closure');
    expect(item).toContain('Travaux de voirie');
    expect(item).toMatch(/rue fermée, du \d\d\/\d\d\/\d{4} 06:00 au \d\d\/\d\d\/\d{4} 20:00/);
    expect(await text('#closures-status')).toContain('Fermeture « Travaux de voirie » enregistrée');
    const drawn = await page.evaluate(async () => {
      const source = (window as unknown as { __collecte: CollecteDebug }).__collecte.map.getSource('closures') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> };
      return (await source.getData()).features.map((f) => f.geometry.type);
    });
    expect(drawn).toEqual(['MultiLineString']);
    const stored = ClosureListSchema.parse(await hx.getJson('/api/closures', cookie));
    expect(stored.map((c) => [c.label, c.kind, c.geometry.type])).toEqual([['Travaux de voirie', 'street', 'MultiLineString']]);

    await page.click('#compute-plan');
    await page.waitForFunction((id) => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId !== id, before, { timeout: 600_000 });
    await idle();
    const replanned = await plan(await shownPlanId());
    expect(replanned.status).toBe('done');
    // the editor shows the new plan, without the message of the last change made on the previous one
    await waitForVersion(0);
    expect(await text('.edit-status')).toBe('');
    expect(await text('#closure-list li.closure')).toContain('Travaux de voirie');
    expect(await hx.axe(), 'axe on the dashboard with a closure').toEqual([]);
    await page.locator('#closures-title').scrollIntoViewIfNeeded();
    await step(12, 'closure-replanned');
    expect(hx.pageErrors).toEqual([]);
  }, 900_000);

  it('prints a round’s route sheet and publishes the plan', async () => {
    const planId = await shownPlanId();
    const shown = await plan(planId);
    await page.click('[data-route-sheet]');
    await page.waitForSelector('dialog.route-sheet[open]');
    expect(await page.$$eval('dialog.route-sheet tbody tr', (trs) => trs.length)).toBe(shown.routes[0]!.steps.length);
    expect(await page.getAttribute('dialog.route-sheet img.sheet-map', 'src')).toMatch(/^data:image\/png;base64,/);
    expect(await focused()).toBe('print-sheet');
    expect(await hx.axe(), 'axe on the route sheet').toEqual([]);
    await step(13, 'route-sheet');
    await page.evaluate(() => document.querySelector('dialog.route-sheet')?.scrollTo(0, 0));
    await page.emulateMedia({ media: 'print' });
    // printed, the sheet is alone on the page: nothing of the dashboard shows
    expect(await page.isVisible('#panel')).toBe(false);
    expect(await page.isVisible('dialog.route-sheet table')).toBe(true);
    await hx.shoot('day-walk-13-route-sheet-print');
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.route-sheet', { state: 'detached' });

    await page.evaluate(() => document.querySelector('#panel')?.scrollTo(0, 0));
    expect(await page.isVisible('#publish-plan')).toBe(true);
    await page.click('#publish-plan');
    await page.waitForFunction(() => document.querySelector('#plan-day-status')?.textContent?.includes('Publié'), undefined, { timeout: 60_000 });
    await idle();
    expect((await plan(planId)).dayStatus).toBe('published');
    expect(await page.locator('#publish-plan').count()).toBe(0);
    expect(await hx.axe(), 'axe on the published plan').toEqual([]);
    await step(14, 'published');
    expect(hx.pageErrors).toEqual([]);
  }, 300_000);

  it('re-plans from 10:00 with a truck unavailable from 11:00: that truck does nothing after 11:00', async () => {
    const sourceId = await shownPlanId();
    const source = await plan(sourceId);
    const truck = source.routes[0]!.vehicleId;
    await page.focus('#replan-open');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.replan-dialog[open]');
    expect(await focused()).toBe('replan-at');
    await page.fill('#replan-at', '10:00');
    await page.check('#replan-assume');
    await page.check(`#replan-unavailable-${truck}`);
    await page.fill(`#replan-from-${truck}`, '11:00');
    expect(await hx.axe(), 'axe on the re-plan dialog').toEqual([]);
    await step(15, 'replan-dialog');
    await page.focus('#replan-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog.replan-dialog', { state: 'detached', timeout: 60_000 });
    await page.waitForFunction((id) => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId !== id, sourceId, { timeout: 600_000 });
    await idle();
    const nextId = await shownPlanId();
    const next = await plan(nextId);
    expect(next.status).toBe('done');
    expect(next.notice).toContain('re-plan from 10:00');
    // told in the manager's language
    expect(await text('#panel .status')).toMatch(new RegExp(`^Re-planification à partir de 10:00 : \\d+ arrêt\\(s\\) déjà fait\\(s\\) conservé\\(s\\) ; camion\\(s\\) indisponible\\(s\\) : ${truck} \\(11:00\\)\\.$`));
    const how = PlanDoneStopsSchema.parse(await hx.getJson(`/api/plans/${nextId}/done-stops`, cookie));
    expect(how.replanOf).toEqual({ sourcePlanId: sourceId, at: '10:00', unavailable: [{ vehicleId: truck, from: '11:00' }], assumeDoneBeforeAt: true });
    const eleven = parisInstant(source.date, '11:00');
    for (const r of next.routes.filter((x) => x.vehicleId === truck)) for (const s of r.steps) expect(Date.parse(s.departure), `${s.kind} ${s.id ?? ''} leaves at ${s.departure}`).toBeLessThanOrEqual(eleven);
    expect(await hx.axe(), 'axe after the re-plan').toEqual([]);
    await page.evaluate(() => document.querySelector('#panel')?.scrollTo(0, 0));
    await step(16, 'replanned');
    expect(hx.pageErrors).toEqual([]);
  }, 900_000);

  it('downloads the GPX and the CSV of the plan: one track per round with its stops as waypoints in order, one CSV row per stop', async () => {
    const shown = await plan(await shownPlanId());
    const binStops = shown.routes.flatMap((r) => r.stops.filter((s) => s.kind === 'bin').map((s, k) => ({ routeId: r.routeId, sequence: k + 1, stop: s })));
    const download = async (selector: string): Promise<{ name: string; body: string }> => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return { name: file.suggestedFilename(), body: await readFile(await file.path(), 'utf8') };
    };

    const types = await page.evaluate(async () =>
      Promise.all(['#download-gpx', '#download-csv'].map(async (sel) => (await fetch(document.querySelector<HTMLAnchorElement>(sel)!.href)).headers.get('content-type') ?? '')),
    );
    expect(types[0]).toContain('application/gpx+xml');
    expect(types[1]).toContain('text/csv');
    const gpx = await download('#download-gpx');
    expect(gpx.name).toMatch(/\.gpx$/);
    const tracks = [...gpx.body.matchAll(/<trk><name>([^<]*)<\/name>/g)].map((m) => m[1]!.split(' ')[0]);
    expect(tracks).toEqual(shown.routes.map((r) => r.routeId));
    const waypoints = [...gpx.body.matchAll(/<wpt lat="([-\d.]+)" lon="([-\d.]+)"><time>([^<]*)<\/time><name>([^<]*)<\/name>/g)].map((m) => ({ name: m[4], time: m[3] }));
    expect(waypoints.map((w) => w.name)).toEqual(binStops.map((b) => `${b.routeId}-${b.sequence} ${b.stop.binId}`));
    expect(waypoints.map((w) => Date.parse(w.time!))).toEqual(binStops.map((b) => Date.parse(b.stop.arrival)));

    const csv = await download('#download-csv');
    expect(csv.name).toMatch(/\.csv$/);
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {}).slice(0, 6)).toEqual(['round', 'sequence', 'bin_id', 'address', 'arrival_time', 'stream']);
    expect(rows.map((r) => [r.round, Number(r.sequence), r.bin_id, Date.parse(r.arrival_time!)])).toEqual(binStops.map((b) => [b.routeId, b.sequence, b.stop.binId, Date.parse(b.stop.arrival)]));
    const streams = new Map((await inventory()).bins.map((b) => [b.id, b.stream]));
    for (const r of rows) {
      expect(r.address).toMatch(/^\d+\.\d{5}, \d+\.\d{5}$/);
      expect(r.stream).toBe(streams.get(r.bin_id!));
    }
    expect((await download('#download-summary')).name).toMatch(/^summary-.*\.csv$/);
    expect(hx.pageErrors).toEqual([]);
    expect(hx.foreignRequests).toEqual([]);
  }, 120_000);
});
