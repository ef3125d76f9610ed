/**
 * Browser test of the dashboard against the real server: boots the API on a temporary SQLite file
 * (seeded, with today's plan computed), opens the built client in headless Chromium (WebGL2 through
 * SwiftShader) and checks that the map holds every bin and one line per route of the plan, that the
 * canvas is not blank, that no page error occurs and that nothing is requested outside localhost.
 * Saves a screenshot to test-results/dashboard.png; with UPDATE=1 it also refreshes the committed
 * docs/screenshots/dashboard.png shown in the README.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinCollectionSchema, PlanListSchema, PlanSchema } from '../../../server/contract/index.js';
import type { CollecteDebug } from '../../src/views/dashboard.js';

/** The part of the server's `boot()` this test relies on. */
interface BootedServer {
  url: string;
  close: () => Promise<void>;
}
interface BootModule {
  boot: (options: { dbPath: string; port: number; dataDir?: string; clientDistDir?: string; log?: (line: string) => void }) => Promise<BootedServer>;
}

const CLIENT_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO_DIR = path.resolve(CLIENT_DIR, '..');
const DIST_DIR = path.join(CLIENT_DIR, 'dist');
const SCREENSHOT = path.join(REPO_DIR, 'test-results', 'dashboard.png');
const DOCS_SCREENSHOT = path.join(REPO_DIR, 'docs', 'screenshots', 'dashboard.png');
const BOOT_MODULE = '../../../server/src/boot.js';
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
];
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

interface MapFacts {
  planId: string | null;
  loaded: boolean;
  routeLines: number;
  bins: number;
  stops: number;
  disposalVisits: number;
  routeDays: string[];
  renderedRoutes: number;
  nonBackgroundPixels: number;
  sampledPixels: number;
  state: string | undefined;
  status: string;
}

describe('dashboard in a real browser', () => {
  let tmp = '';
  let server: BootedServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
      const { build } = await import('vite');
      await build({ configFile: path.join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
    }
    tmp = await mkdtemp(path.join(tmpdir(), 'collecte-e2e-'));
    const { boot } = (await import(/* @vite-ignore */ BOOT_MODULE)) as BootModule;
    server = await boot({ dbPath: path.join(tmp, 'collecte.sqlite'), port: 0, dataDir: path.join(REPO_DIR, 'data'), clientDistDir: DIST_DIR, log: () => undefined });
    // boot listens at once and plans today in the background: wait for that plan to finish
    for (let i = 0; i < 560; i++) {
      const plans = PlanListSchema.parse(await (await fetch(`${server.url}/api/plans`)).json());
      if (plans.length > 0 && plans.every((p) => p.status !== 'queued' && p.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.route('**', async (route) => {
      const url = new URL(route.request().url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
        foreignRequests.push(url.href);
        await route.abort();
        return;
      }
      await route.continue();
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('draws every bin and one line per planned route on a non-blank offline map', async () => {
    if (!server) throw new Error('server did not boot');
    await page.goto(server.url);
    await page.waitForSelector('body[data-map-state=idle], body[data-map-state=error]', { timeout: 60_000 });

    const facts = await page.evaluate(async (): Promise<MapFacts> => {
      const debug = (window as unknown as { __collecte: CollecteDebug }).__collecte;
      const { map } = debug;
      const count = async (sourceId: string, type: string): Promise<number> => {
        const source = map.getSource(sourceId) as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> } | undefined;
        const data = source ? await source.getData() : { features: [] };
        return data.features.filter((f) => f.geometry.type === type).length;
      };
      const canvas = map.getCanvas();
      const probe = document.createElement('canvas');
      probe.width = 200;
      probe.height = 200;
      const ctx = probe.getContext('2d', { willReadFrequently: true });
      let nonBackground = 0;
      if (ctx) {
        ctx.drawImage(canvas, 0, 0, probe.width, probe.height);
        const pixels = ctx.getImageData(0, 0, probe.width, probe.height).data;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r, g, b] = [pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0];
          if (Math.abs(r - 0xf4) + Math.abs(g - 0xf1) + Math.abs(b - 0xea) > 24) nonBackground += 1;
        }
      }
      return {
        planId: debug.planId,
        loaded: map.loaded(),
        routeLines: await count('routes', 'LineString'),
        bins: await count('bins', 'Point'),
        stops: await count('stops', 'Point'),
        disposalVisits: await count('disposal-visits', 'Point'),
        routeDays: [...document.querySelectorAll('.route-day')].map((e) => e.textContent ?? ''),
        renderedRoutes: map.queryRenderedFeatures({ layers: ['routes-line'] }).length,
        nonBackgroundPixels: nonBackground,
        sampledPixels: 200 * 200,
        state: document.body.dataset.mapState,
        status: document.querySelector('.status')?.textContent ?? '',
      };
    });

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    if (process.env.UPDATE === '1') await copyFile(SCREENSHOT, DOCS_SCREENSHOT);

    expect(facts.state, `map state (panel status: ${facts.status})`).toBe('idle');
    expect(pageErrors).toEqual([]);
    // the server's strict Content-Security-Policy (no inline script or style) blocks nothing the dashboard needs
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(facts.loaded).toBe(true);

    const bins = BinCollectionSchema.parse(await (await fetch(`${server.url}/api/bins`)).json());
    expect(facts.bins).toBe(bins.features.length);
    expect(bins.features.length).toBeGreaterThan(0);

    expect(facts.planId, 'today’s plan is shown on load').not.toBeNull();
    const plan = PlanSchema.parse(await (await fetch(`${server.url}/api/plans/${facts.planId ?? ''}`)).json());
    expect(facts.routeLines).toBe(plan.routes.length);
    expect(plan.routes.length).toBeGreaterThan(0);
    expect(facts.disposalVisits).toBe(plan.summary!.disposalTrips);
    expect(facts.disposalVisits).toBeGreaterThan(0);
    expect(facts.routeDays).toHaveLength(plan.routes.length);
    plan.routes.forEach((r, i) => expect(facts.routeDays[i]).toMatch(r.disposalTrips > 0 ? /^Disposal \d\d:\d\d \(#\d+\)/ : /^No disposal trip/));
    expect(facts.renderedRoutes).toBeGreaterThan(0);

    const attribution = page.locator('.maplibregl-ctrl-attrib a[href="https://www.openstreetmap.org/copyright"]');
    expect(await attribution.isVisible()).toBe(true);
    expect(await attribution.textContent()).toContain('© OpenStreetMap contributors');

    expect(facts.nonBackgroundPixels / facts.sampledPixels, `console errors: ${consoleErrors.join(' | ')}`).toBeGreaterThan(0.02);
  });

  it('computes a plan for another date from the side panel and draws its routes', async () => {
    if (!server) throw new Error('server did not boot');
    const before = await page.evaluate(() => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId);
    const today = await page.inputValue('#plan-date');
    const next = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.fill('#plan-date', next);
    // The date change loads that day's plans (none yet); the button is ignored while that runs.
    await page.waitForFunction(
      (d) => document.querySelector('.status')?.textContent === `No plan for ${d}.` && document.body.dataset.mapState === 'idle',
      next,
      { timeout: 60_000 },
    );
    await page.click('#compute-plan');
    await page.waitForFunction(() => document.querySelector('.status')?.textContent === 'Plan computed.' || document.body.dataset.mapState === 'error', undefined, {
      timeout: 120_000,
    });
    await page.waitForSelector('body[data-map-state=idle]', { timeout: 60_000 });
    const after = await page.evaluate(async () => {
      const debug = (window as unknown as { __collecte: CollecteDebug }).__collecte;
      const source = debug.map.getSource('routes') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> };
      const data = await source.getData();
      return { planId: debug.planId, routeLines: data.features.filter((f) => f.geometry.type === 'LineString').length, status: document.querySelector('.status')?.textContent ?? '' };
    });
    expect(after.status).toBe('Plan computed.');
    expect(after.planId).not.toBe(before);
    const plan = PlanSchema.parse(await (await fetch(`${server.url}/api/plans/${after.planId ?? ''}`)).json());
    expect(plan.date).toBe(next);
    expect(plan.status).toBe('done');
    expect(after.routeLines).toBe(plan.routes.length);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
