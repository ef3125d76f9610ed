/**
 * Browser test of the dashboard against the real server: boots the API on a temporary SQLite file
 * (seeded, demo users with a known password, today's plan computed), opens the built client in
 * headless Chromium (Debian's, WebGL2 through SwiftShader; never a downloaded browser) and walks
 * through the screens of each role:
 * - the login page (French, labels, focus order, a wrong password and too many failures announced
 *   in a `role="alert"`, the language switch remembered);
 * - a manager: plan controls, every bin of the space and one line per route of today's plan on a
 *   non-blank offline map, then a plan computed for another date;
 * - an analyst: the same map and plan, no plan control, no readings import, no write request;
 * - an admin: members (add, change role, remove), a machine token (secret shown once, copied, used,
 *   revoked), the audit trail;
 * - a person of two spaces switching space; the shortfall shown first (above the plan editor) to
 *   the manager of the space whose fleet is short; a driver's placeholder page and a password change.
 * axe-core runs on the login page, the manager dashboard, the admin panel and the shortfall: no serious or
 * critical violation. No page error, nothing blocked by the Content-Security-Policy, nothing
 * requested outside localhost. Screenshots go to test-results/; with UPDATE=1 they also refresh
 * the committed docs/screenshots/ (login, dashboard-manager, dashboard-analyst, admin at 1440×900,
 * login and dashboard-manager at 1280×800 and 800×1280).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BinCollectionSchema, PlanSchema } from '../../../server/contract/index.js';
import type { CollecteDebug } from '../../src/views/dashboard.js';
import { DEMO_PASSWORD, startHarness, type Harness } from './harness.js';

const NEW_PASSWORD = 'e2e-new-password-2';

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
  let hx: Harness;
  let page: Page;
  let managerCookie = '';
  const base = (): string => hx.url;
  const cookieOf = (username: string): Promise<string> => hx.cookieOf(username);
  const getJson = (url: string, cookie: string): Promise<unknown> => hx.getJson(url, cookie);
  const shoot = (name: string): Promise<void> => hx.shoot(name);
  const waitForMap = (): Promise<string> => hx.waitForMap(180_000);
  const signIn = (username: string, password = DEMO_PASSWORD): Promise<void> => hx.signIn(username, password);
  const signOut = (): Promise<void> => hx.signOut();
  const axe = (): ReturnType<Harness['axe']> => hx.axe();

  const mapFacts = (): Promise<MapFacts> =>
    page.evaluate(async (): Promise<MapFacts> => {
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
        status: document.querySelector('#panel .status')?.textContent ?? '',
      };
    });

  const text = async (selector: string): Promise<string> => ((await page.textContent(selector)) ?? '').trim();

  beforeAll(async () => {
    hx = await startHarness({ name: 'dashboard', clipboard: true });
    page = hx.page;
    managerCookie = await cookieOf('manager@monaco');
  }, 900_000);

  afterAll(async () => {
    await hx?.close();
  });

  // a test that fails half-way leaves its person signed in: the next one starts from the login form
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => hx.recover());
  });

  it('shows an accessible French login page that announces a wrong password and too many failures', async () => {
    await page.goto(base());
    await page.waitForSelector('#login-username', { timeout: 60_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    expect(await text('h1')).toBe('Connexion');
    expect(await text('label[for=login-username]')).toBe('Identifiant');
    expect(await text('label[for=login-password]')).toBe('Mot de passe');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-username');
    expect(await axe(), 'axe on the login page').toEqual([]);
    await hx.shootSizes('login');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-submit');
    const submitBox = await page.locator('#login-submit').boundingBox();
    expect(submitBox?.height ?? 0).toBeGreaterThanOrEqual(44);

    await signIn('manager@monaco', 'not-the-password');
    await page.waitForFunction(() => (document.querySelector('#login-error')?.textContent ?? '') !== '', undefined, { timeout: 30_000 });
    expect(await page.getAttribute('#login-error', 'role')).toBe('alert');
    expect(await text('#login-error')).toBe('Identifiant ou mot de passe incorrect.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    expect(await page.getAttribute('#login-password', 'aria-invalid')).toBe('true');

    // ten failures for one username from one address start the limiter's block (429 + Retry-After)
    for (let i = 0; i < 10; i++) {
      await fetch(`${base()}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'personne@monaco', password: 'wrong-password' }) });
    }
    await signIn('personne@monaco', 'wrong-password');
    await page.waitForFunction(() => (document.querySelector('#login-error')?.textContent ?? '').startsWith('Trop'), undefined, { timeout: 30_000 });
    expect(await text('#login-error')).toMatch(/^Trop de tentatives échouées\. Réessayez dans \d+ minutes?\.$/);

    await page.click('button[data-language=en]');
    expect(await text('h1')).toBe('Sign in');
    expect(await page.evaluate(() => [document.documentElement.lang, localStorage.getItem('collecte.language')])).toEqual(['en', 'en']);
    await page.reload();
    await page.waitForSelector('#login-username');
    expect(await text('h1')).toBe('Sign in');
    await page.click('button[data-language=fr]');
    expect(await text('h1')).toBe('Connexion');
    expect(await page.evaluate(() => localStorage.getItem('collecte.language'))).toBe('fr');
  }, 240_000);

  it('logs a manager in: plan controls, the space’s bins and today’s plan on a non-blank offline map', async () => {
    await signIn('manager@monaco');
    const state = await waitForMap();
    expect(state).toMatch(/^idle/);
    expect(await text('#user-role')).toBe('Gestionnaire');
    expect(await text('#space-name')).toContain('Principauté de Monaco');
    expect(await page.isVisible('#compute-plan')).toBe(true);
    expect(await text('#compute-plan')).toBe('Calculer les tournées');
    expect(await page.locator('#readings-file').count()).toBe(1);
    expect(await page.locator('button[data-view=admin]').count()).toBe(0);

    const facts = await mapFacts();
    expect(hx.pageErrors).toEqual([]);
    // the server's strict Content-Security-Policy (no inline script or style) blocks nothing the dashboard needs
    expect(hx.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    expect(hx.foreignRequests).toEqual([]);
    expect(facts.loaded).toBe(true);

    const bins = BinCollectionSchema.parse(await getJson(`${base()}/api/bins`, managerCookie));
    const rivieraBins = BinCollectionSchema.parse(await getJson(`${base()}/api/bins`, await cookieOf('manager@riviera')));
    expect(bins.features.length).toBeGreaterThan(0);
    expect(facts.bins).toBe(bins.features.length);
    expect(new Set(bins.features.map((f) => f.properties.id)).has(rivieraBins.features[0]?.properties.id ?? '')).toBe(false);

    expect(facts.planId, 'today’s plan is shown on load').not.toBeNull();
    const plan = PlanSchema.parse(await getJson(`${base()}/api/plans/${facts.planId ?? ''}`, managerCookie));
    expect(facts.routeLines).toBe(plan.routes.length);
    expect(plan.routes.length).toBeGreaterThan(0);
    expect(facts.disposalVisits).toBe(plan.summary!.disposalTrips);
    expect(facts.disposalVisits).toBeGreaterThan(0);
    expect(facts.routeDays).toHaveLength(plan.routes.length);
    plan.routes.forEach((r, i) => expect(facts.routeDays[i]).toMatch(r.disposalTrips > 0 ? /^Vidages? \d\d:\d\d \(n° \d+\)/ : /^Aucun vidage/));
    expect(facts.renderedRoutes).toBeGreaterThan(0);
    expect(facts.status).toMatch(/^Dernières tournées calculées pour le /);

    const attribution = page.locator('.maplibregl-ctrl-attrib a[href="https://www.openstreetmap.org/copyright"]');
    expect(await attribution.isVisible()).toBe(true);
    expect(await attribution.textContent()).toBe('© les contributeurs d’OpenStreetMap');
    expect(facts.nonBackgroundPixels / facts.sampledPixels, `console errors: ${hx.consoleErrors.join(' | ')}`).toBeGreaterThan(0.02);

    expect(await axe(), 'axe on the manager dashboard').toEqual([]);
    await hx.shootSizes('dashboard-manager', {
      between: async () => {
        await page.reload();
        expect(await waitForMap()).toMatch(/^idle/);
      },
    });
  }, 400_000);

  it('computes a plan for another date from the side panel and draws its routes', async () => {
    const before = await page.evaluate(() => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId);
    const today = await page.inputValue('#plan-date');
    const next = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.fill('#plan-date', next);
    // The date change loads that day's plans (none yet); the button is ignored while that runs.
    await page.waitForFunction(() => (document.querySelector('#panel .status')?.textContent ?? '').startsWith('Aucune tournée pour le ') && document.body.dataset.mapState === 'idle', undefined, {
      timeout: 60_000,
    });
    await page.click('#compute-plan');
    await page.waitForFunction(() => document.querySelector('#panel .status')?.textContent === 'Tournées calculées.' || document.body.dataset.mapState === 'error', undefined, {
      timeout: 240_000,
    });
    await page.waitForSelector('body[data-map-state=idle]', { timeout: 60_000 });
    const after = await page.evaluate(async () => {
      const debug = (window as unknown as { __collecte: CollecteDebug }).__collecte;
      const source = debug.map.getSource('routes') as unknown as { getData: () => Promise<GeoJSON.FeatureCollection> };
      const data = await source.getData();
      return { planId: debug.planId, routeLines: data.features.filter((f) => f.geometry.type === 'LineString').length, status: document.querySelector('#panel .status')?.textContent ?? '' };
    });
    expect(after.status).toBe('Tournées calculées.');
    expect(after.planId).not.toBe(before);
    const plan = PlanSchema.parse(await getJson(`${base()}/api/plans/${after.planId ?? ''}`, managerCookie));
    expect(plan.date).toBe(next);
    expect(plan.status).toBe('done');
    expect(after.routeLines).toBe(plan.routes.length);
    expect(hx.pageErrors).toEqual([]);
    expect(hx.foreignRequests).toEqual([]);
  }, 400_000);

  it('signs out, and an analyst sees the map and plans with no plan control and sends no write', async () => {
    await signOut();
    expect(await text('.login-card .notice')).toBe('Vous êtes déconnecté.');
    const from = hx.requests.length;
    await signIn('analyst@monaco');
    expect(await waitForMap()).toMatch(/^idle/);
    expect(await text('#user-role')).toBe('Analyste');
    expect(await page.locator('#compute-plan').count()).toBe(0);
    expect(await page.locator('#readings-file').count()).toBe(0);
    expect(await page.locator('button[data-view=admin]').count()).toBe(0);
    expect(await text('#panel .note')).toBe('Votre rôle permet de consulter les tournées, pas de les calculer.');
    const facts = await mapFacts();
    expect(facts.planId).not.toBeNull();
    expect(facts.routeLines).toBeGreaterThan(0);
    const writes = hx.requests.slice(from).filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !(r.method === 'POST' && new URL(r.url).pathname === '/api/session'));
    expect(writes).toEqual([]);
    await shoot('dashboard-analyst');

    // the header's language switch rebuilds the screen in English, keeping the date shown
    const date = await page.inputValue('#plan-date');
    await page.click('header button[data-language=en]');
    expect(await waitForMap()).toMatch(/^idle/);
    expect(await text('#user-role')).toBe('Analyst');
    expect(await text('#panel .note')).toBe('Your role may view the rounds, not compute them.');
    expect(await text('.maplibregl-ctrl-attrib a[href="https://www.openstreetmap.org/copyright"]')).toBe('© OpenStreetMap contributors');
    expect(await page.inputValue('#plan-date')).toBe(date);
    await page.click('header button[data-language=fr]');
    expect(await waitForMap()).toMatch(/^idle/);
    expect(await text('#user-role')).toBe('Analyste');
    await signOut();
  }, 300_000);

  it('lets an admin manage members and machine tokens with the keyboard, and read the audit trail', async () => {
    await signIn('admin@monaco');
    expect(await waitForMap()).toMatch(/^idle/);
    expect(await text('#user-role')).toBe('Administrateur');
    await page.click('button[data-view=admin]');
    await page.waitForSelector('#members-table tbody tr[data-username="manager@monaco"]', { timeout: 60_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('admin-heading');
    expect(await page.getAttribute('button[data-view=admin]', 'aria-current')).toBe('page');

    // a new member, typed and submitted with the keyboard
    await page.focus('#member-username');
    await page.keyboard.type('agent.collecte');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Agent de collecte');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('member-role');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mot-de-passe-solide');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#members-table tr[data-username="agent.collecte"]', { timeout: 30_000 });
    expect(await text('.admin-status')).toBe('Agent de collecte a été ajouté comme Analyste.');

    // its role changed to manager
    const row = page.locator('#members-table tr[data-username="agent.collecte"]');
    await row.locator('select').selectOption('manager');
    await row.getByRole('button', { name: 'Changer le rôle' }).click();
    await page.waitForFunction(() => document.querySelector('.admin-status')?.textContent === 'Agent de collecte a maintenant le rôle Gestionnaire.', undefined, { timeout: 30_000 });
    expect(await page.locator('#members-table tr[data-username="agent.collecte"] select').inputValue()).toBe('manager');

    // an existing person of the other space given a role here (for the space switch below)
    await page.fill('#member-username', 'analyst@riviera');
    await page.fill('#member-display-name', 'Analyste (Riviera française)');
    await page.fill('#member-password', 'unused-for-existing');
    await page.click('#member-add');
    await page.waitForSelector('#members-table tr[data-username="analyst@riviera"]', { timeout: 30_000 });

    // a machine token: its secret shown once, copied, accepted by the API
    await page.fill('#token-name', 'Passerelle LoRaWAN');
    await page.check('#token-scope-bins-read');
    await page.focus('#token-name');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#token-secret:not([hidden]) #token-secret-value', { timeout: 30_000 });
    const secret = await page.inputValue('#token-secret-value');
    expect(secret).toMatch(/^clt_/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-secret-value');
    expect(await text('#token-secret-warning')).toBe('Copiez ce jeton maintenant : il ne sera plus jamais affiché. Conservez-le comme un mot de passe.');
    await page.click('#token-copy');
    await page.waitForFunction(() => (document.querySelector('#token-secret .status')?.textContent ?? '') !== '', undefined, { timeout: 10_000 });
    expect(await text('#token-secret .status')).toBe('Jeton copié dans le presse-papiers.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect((await fetch(`${base()}/api/bins`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    const tokenRow = page.locator('#tokens-table tbody tr', { hasText: 'Passerelle LoRaWAN' });
    expect(await tokenRow.textContent()).toContain('Lire les bacs');

    await page.waitForSelector('#audit-table tr[data-action="token.create"]', { timeout: 30_000 });
    const actions = await page.$$eval('#audit-table tbody tr td:nth-child(3)', (cells) => cells.map((c) => c.textContent ?? ''));
    expect(actions).toEqual(expect.arrayContaining(['Création d’un jeton', 'Ajout d’un membre', 'Changement de rôle', 'Connexion']));

    expect(await axe(), 'axe on the admin panel').toEqual([]);
    await page.evaluate(() => document.querySelector('#admin-view')?.scrollTo(0, 0));
    await shoot('admin');
    await page.evaluate(() => document.querySelector('#admin-tokens')?.scrollIntoView());
    await shoot('admin-tokens');

    // revoke it with the keyboard in the confirmation dialog (Annuler has the focus first)
    await page.click('#token-dismiss');
    await tokenRow.getByRole('button', { name: 'Révoquer le jeton Passerelle LoRaWAN' }).click();
    await page.waitForSelector('dialog[open]');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Annuler');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('#tokens-table tbody tr')?.textContent ?? '').includes('Révoqué le'), undefined, { timeout: 30_000 });
    expect((await fetch(`${base()}/api/bins`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

    // remove the new member
    await page.locator('#members-table tr[data-username="agent.collecte"]').getByRole('button', { name: 'Retirer Agent de collecte de l’espace' }).click();
    await page.waitForSelector('dialog[open]');
    await page.click('dialog[open] button[value=confirm]');
    await page.waitForSelector('#members-table tr[data-username="agent.collecte"]', { state: 'detached', timeout: 30_000 });
    expect(await text('.admin-status')).toBe('Agent de collecte a été retiré de l’espace.');

    await page.click('button[data-view=map]');
    expect(await page.isVisible('#map')).toBe(true);
    expect(hx.pageErrors).toEqual([]);
    await signOut();
  }, 300_000);

  it('lets a person of two spaces switch space, and the map follows', async () => {
    const cookie = await cookieOf('manager@riviera');
    const riviera = BinCollectionSchema.parse(await getJson(`${base()}/api/bins`, cookie));
    const monaco = BinCollectionSchema.parse(await getJson(`${base()}/api/bins`, managerCookie));
    await signIn('analyst@riviera');
    expect(await waitForMap()).toMatch(/^idle/);
    expect(await page.$$eval('#space-select option', (options) => options.map((o) => o.textContent))).toEqual(
      expect.arrayContaining(['Principauté de Monaco (Analyste)', expect.stringMatching(/^Riviera.* \(Analyste\)$/)]),
    );
    const first = await page.inputValue('#space-select');
    const other = first === 'monaco' ? 'riviera' : 'monaco';
    const binsIn = (space: string): number => (space === 'monaco' ? monaco : riviera).features.length;
    expect(monaco.features.length).not.toBe(riviera.features.length);
    expect((await mapFacts()).bins).toBe(binsIn(first));
    await page.selectOption('#space-select', other);
    await page.click('#space-switch');
    // the switch rebuilds the screen: its new selector marks the other space as the current one (the
    // old selector already shows it as chosen, with the old map still idle underneath)
    await page.waitForSelector(`#space-select option[value="${other}"][selected]`, { state: 'attached', timeout: 60_000 });
    expect(await waitForMap()).toMatch(/^idle/);
    expect((await mapFacts()).bins).toBe(binsIn(other));
    await signOut();
  }, 300_000);

  it('shows the shortfall first where the fleet is short: the plan of the neighbouring communes, to their manager', async () => {
    await signIn('manager@riviera');
    expect(await waitForMap()).toMatch(/^idle/);
    const planId = await page.evaluate(() => (window as unknown as { __collecte: CollecteDebug }).__collecte.planId);
    expect(planId, 'today’s plan of the space is shown').not.toBeNull();
    const plan = PlanSchema.parse(await getJson(`${base()}/api/plans/${planId ?? ''}`, await cookieOf('manager@riviera')));
    const mandatoryLeft = plan.shortfall?.mandatoryLeftOut ?? 0;
    expect(await page.isVisible('.shortfall')).toBe(mandatoryLeft > 0);
    if (plan.shortfall) {
      // the first thing under the plan's title, in an alert, above the plan editor
      expect(await page.evaluate(() => document.querySelector('#panel section.plan h2')?.nextElementSibling?.className ?? '')).toBe('shortfall');
      expect(await page.getAttribute('.shortfall', 'role')).toBe('alert');
      expect(await text('.shortfall-summary')).toContain(new Intl.NumberFormat('fr-FR').format(plan.shortfall.mandatoryLeftOut));
      expect(await page.evaluate(() => (document.querySelector('.shortfall')!.compareDocumentPosition(document.querySelector('#plan-editor-heading')!) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0)).toBe(true);
      expect(await axe(), 'axe with a shortfall').toEqual([]);
      await page.evaluate(() => document.querySelector('#panel section.plan')?.scrollIntoView());
      await shoot('plans-shortfall');
    }
    expect(hx.pageErrors).toEqual([]);
    await signOut();
  }, 300_000);

  it('tells a driver without a published round so, and changes a password through the dialog', async () => {
    await signIn('driver@monaco');
    await page.waitForSelector('body[data-screen=driver] #driver-heading', { timeout: 60_000 });
    expect(await text('#driver-heading')).toBe('Tournée du jour');
    await page.waitForSelector('body[data-driver-state=no-round] #driver-no-round', { timeout: 60_000 });
    expect(await text('#driver-no-round')).toBe('Aucune tournée publiée pour vous aujourd’hui.');
    expect(await text('#user-role')).toBe('Chauffeur');

    await page.click('#change-password');
    await page.waitForSelector('dialog[open] #password-current');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password-current');
    await page.fill('#password-current', 'not-my-password');
    await page.fill('#password-new', NEW_PASSWORD);
    await page.fill('#password-confirm', NEW_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (document.querySelector('#password-error')?.textContent ?? '') !== '', undefined, { timeout: 30_000 });
    expect(await text('#password-error')).toBe('Le mot de passe actuel est incorrect.');
    await page.fill('#password-current', DEMO_PASSWORD);
    await page.click('dialog[open] button[type=submit]');
    await page.waitForFunction(() => (document.querySelector('dialog[open] .form-done')?.textContent ?? '') !== '', undefined, { timeout: 30_000 });
    expect(await text('dialog[open] .form-done')).toBe('Mot de passe modifié. Vos autres sessions ont été fermées.');
    await page.keyboard.press('Escape');
    await signOut();
    await signIn('driver@monaco', NEW_PASSWORD);
    await page.waitForSelector('body[data-screen=driver] #driver-heading', { timeout: 60_000 });
    await signOut();
    expect(hx.pageErrors).toEqual([]);
    expect(hx.consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    expect(hx.foreignRequests).toEqual([]);
  }, 300_000);
});
