/**
 * The shared set-up of the browser tests (client/test/e2e/*.e2e.test.ts): builds the client when
 * client/dist is missing, boots the real server on a temporary SQLite file with the sample data and
 * demo users of a known password (optionally waiting for the plans of today that boot queues),
 * launches Debian's headless Chromium (never a downloaded browser; WebGL2 through SwiftShader;
 * French locale and Paris time zone), and gives the tests the helpers they all need: sign in and
 * out, wait for the map, run axe-core (serious and critical violations), take screenshots at
 * 1440×900, 1280×800 and 800×1280 (into test-results/, and docs/screenshots/ with UPDATE=1), and
 * call the API with a session cookie (and its CSRF token for writes). It records page errors, console
 * errors, every request, and blocks (and records) any request to a host other than localhost: the
 * dashboard works offline. The page's context can emulate a device (viewport, touch, mobile); more
 * pages in their own contexts (e.g. a second user) get the same recording and blocking. Service
 * workers are allowed (Playwright's default): the blocking routes the page's own requests only, not
 * a service worker's, and `context.setOffline` cuts the network for both.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PlanListSchema, SessionSchema } from '../../../server/contract/index.js';

/** The part of the server's `boot()` the browser tests rely on. */
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
/** The repository's root folder. */
export const REPO_DIR = path.resolve(CLIENT_DIR, '..');
const DIST_DIR = path.join(CLIENT_DIR, 'dist');
const RESULTS_DIR = path.join(REPO_DIR, 'test-results');
const DOCS_DIR = path.join(REPO_DIR, 'docs', 'screenshots');
/** Imported by path at run time: client code never imports the server's modules statically. */
const BOOT_MODULE = '../../../server/src/boot.js';
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Every demo user's password in the browser tests. */
export const DEMO_PASSWORD = 'e2e-demo-password';
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
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A viewport size in CSS pixels. */
export interface Size {
  width: number;
  height: number;
}
/** The size every screenshot is taken at first (and the page's default viewport). */
export const WIDE: Size = { width: 1440, height: 900 };
/** The two other sizes of the screens a test touches. */
export const OTHER_SIZES: readonly Size[] = [
  { width: 1280, height: 800 },
  { width: 800, height: 1280 },
];

/** One serious or critical axe-core violation, short enough to read in a failed assertion. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** The device a browser context emulates (the default: a desktop at 1440×900, mouse only). */
export interface DeviceOptions {
  /** The page's viewport (default `WIDE`). */
  viewport?: Size;
  /** Touch events and `page.tap` (a tablet). */
  hasTouch?: boolean;
  /** The meta viewport tag is honoured, as on a phone or tablet. */
  isMobile?: boolean;
  /** Whether pages may register service workers (default `'allow'`). */
  serviceWorkers?: 'allow' | 'block';
}

/** A signed-in API session: the cookie, the CSRF token writes need, the user's id. */
export interface ApiSession {
  cookie: string;
  csrf: string;
  userId: string;
}

/** How to start a harness. */
export interface HarnessOptions {
  /** Prefix of the temporary folder (holds the SQLite file). */
  name: string;
  /** Let boot queue a plan of today in each space (default true), and wait for them to end. */
  planToday?: boolean;
  /** Grant the page clipboard access (the admin panel copies a token). */
  clipboard?: boolean;
  /** The device the first page's context emulates. */
  device?: DeviceOptions;
}

/** A booted server, a browser page on it, and the helpers the tests share. */
export interface Harness {
  /** The server's origin, e.g. `http://localhost:41234`. */
  readonly url: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The temporary folder (removed by `close`): files a test writes to upload them. */
  readonly tmp: string;
  readonly pageErrors: string[];
  readonly consoleErrors: string[];
  /** Requests to another host than localhost (each was aborted). */
  readonly foreignRequests: string[];
  readonly requests: { method: string; url: string }[];
  /** Signs in over HTTP (not through the page) and returns the session cookie. */
  cookieOf(username: string, password?: string): Promise<string>;
  /** Signs in over HTTP: the session cookie, the CSRF token and the user's id. */
  sessionOf(username: string, password?: string): Promise<ApiSession>;
  /** GETs `pathOrUrl` with a session cookie; throws on a status other than 2xx. */
  getJson(pathOrUrl: string, cookie: string): Promise<unknown>;
  /**
   * Calls the API as `session` (cookie and CSRF token; a JSON body when `init.body` is set); throws
   * on a status other than 2xx; null on 204.
   */
  api(pathOrUrl: string, session: ApiSession, init?: RequestInit): Promise<unknown>;
  /**
   * Opens another page in a new context (same locale, time zone, recording and blocking as the
   * first one), e.g. a second user beside the first. Closed with the browser by `close`.
   */
  openPage(device?: DeviceOptions): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * Fills and submits the login form (waits for it first), on the harness's page or `options.page`;
   * with `tap`, submits with a touch (the context needs `hasTouch`).
   */
  signIn(username: string, password?: string, options?: { page?: Page; tap?: boolean }): Promise<void>;
  /** Clicks "Se déconnecter" and waits for the login form. */
  signOut(): Promise<void>;
  /**
   * Puts the harness's page back on the login form whatever state a failed test left it in: forgets
   * the session cookie and loads the page again (which also closes any open dialog). For
   * `onTestFailed`, so one failure does not fail the tests after it.
   */
  recover(): Promise<void>;
  /** Waits until the dashboard's map is idle or in error; returns `state (status line)`. */
  waitForMap(timeoutMs?: number, target?: Page): Promise<string>;
  /** Runs axe-core in the page (or `target`): its serious and critical violations. */
  axe(target?: Page): Promise<AxeViolation[]>;
  /**
   * Saves `name.png` of the page (or `target`) at its current viewport in test-results/ (and
   * docs/screenshots/ with UPDATE=1).
   */
  shoot(name: string, target?: Page): Promise<void>;
  /**
   * Saves `name` at 1440×900 then at 1280×800 and 800×1280 (`name-1280x800`, `name-800x1280`),
   * back to `end` (default 1440×900) at the end. The wide one is `name.png`, or `name-1440x900.png`
   * with `wideSuffix`. `between` runs after each resize, before the shot (e.g. reload and wait); the
   * first one only when the page was not at 1440×900 already. `page`: another page than the harness's.
   */
  shootSizes(name: string, options?: { wideSuffix?: boolean; between?: () => Promise<void>; page?: Page; end?: Size }): Promise<void>;
  /** Closes the browser and the server and removes the temporary folder. */
  close(): Promise<void>;
}

/** Builds the client when client/dist has no build yet (a stale build is the caller's business). */
async function ensureClientBuilt(): Promise<void> {
  if (existsSync(path.join(DIST_DIR, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(CLIENT_DIR, 'vite.config.ts'), logLevel: 'warn' });
}

async function cookieOf(url: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

async function sessionOf(url: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const response = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`login of ${username} answered ${response.status}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  const session = SessionSchema.parse(await response.json());
  return { cookie, csrf: session.csrfToken, userId: session.user.id };
}

async function api(url: string, session: ApiSession, init: RequestInit = {}): Promise<unknown> {
  const headers: Record<string, string> = { cookie: session.cookie, 'x-csrf-token': session.csrf };
  if (init.body) headers['content-type'] = 'application/json';
  const response = await fetch(url, { ...init, headers });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

async function getJson(url: string, cookie: string): Promise<unknown> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

/** Waits until no plan of `username`'s space is queued or running (boot plans today in the background). */
async function waitForBootPlans(url: string, username: string, timeoutMs: number): Promise<void> {
  const cookie = await cookieOf(url, username);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const plans = PlanListSchema.parse(await getJson(`${url}/api/plans`, cookie));
    if (plans.length > 0 && plans.every((p) => p.status !== 'queued' && p.status !== 'running')) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the plans of today of ${username} did not end within ${timeoutMs} ms`);
}

/**
 * Boots the server and the browser (see the file comment). Call in `beforeAll` with a long
 * timeout, and `close()` in `afterAll`.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  await ensureClientBuilt();
  const axeSource = await readFile(AXE_SOURCE, 'utf8');
  await mkdir(RESULTS_DIR, { recursive: true });
  const tmp = await mkdtemp(path.join(tmpdir(), `collecte-e2e-${options.name}-`));
  const { boot } = (await import(/* @vite-ignore */ BOOT_MODULE)) as BootModule;
  const server = await boot({
    dbPath: path.join(tmp, 'collecte.sqlite'),
    port: 0,
    dataDir: path.join(REPO_DIR, 'data'),
    clientDistDir: DIST_DIR,
    demoPassword: DEMO_PASSWORD,
    planToday: options.planToday ?? true,
    log: () => undefined,
    config: { logLevel: 'silent' },
  });
  let browser: Browser | undefined;
  try {
    if (options.planToday ?? true) {
      await waitForBootPlans(server.url, 'manager@monaco', 600_000);
      await waitForBootPlans(server.url, 'manager@riviera', 600_000);
    }
    // LANG: with Debian's chromium-l10n, native date fields show dd/mm/yyyy as a French browser does
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env: { ...process.env, LANG: 'fr_FR.UTF-8' } });
    const launched = browser;
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    const requests: { method: string; url: string }[] = [];
    /** A new context emulating `device`, and its page, recorded and kept on localhost. */
    const openPage = async (device: DeviceOptions = {}): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await launched.newContext({
        viewport: device.viewport ?? WIDE,
        hasTouch: device.hasTouch ?? false,
        isMobile: device.isMobile ?? false,
        serviceWorkers: device.serviceWorkers ?? 'allow',
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
        acceptDownloads: true,
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
      await page.route('**', async (route) => {
        const url = new URL(route.request().url());
        if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
          foreignRequests.push(url.href);
          await route.abort();
          return;
        }
        await route.continue();
      });
      return { context, page };
    };
    const { context, page } = await openPage(options.device);
    if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });

    const shoot = async (name: string, target: Page = page): Promise<void> => {
      const file = path.join(RESULTS_DIR, `${name}.png`);
      await target.screenshot({ path: file });
      if (process.env.UPDATE === '1') {
        await mkdir(DOCS_DIR, { recursive: true });
        await copyFile(file, path.join(DOCS_DIR, `${name}.png`));
      }
    };
    const absolute = (pathOrUrl: string): string => (pathOrUrl.startsWith('http') ? pathOrUrl : `${server.url}${pathOrUrl}`);
    return {
      url: server.url,
      browser: launched,
      context,
      page,
      tmp,
      pageErrors,
      consoleErrors,
      foreignRequests,
      requests,
      cookieOf: (username, password) => cookieOf(server.url, username, password),
      sessionOf: (username, password) => sessionOf(server.url, username, password),
      getJson: (pathOrUrl, cookie) => getJson(absolute(pathOrUrl), cookie),
      api: (pathOrUrl, session, init) => api(absolute(pathOrUrl), session, init),
      openPage,
      signIn: async (username, password = DEMO_PASSWORD, { page: target = page, tap = false } = {}) => {
        await target.waitForSelector('#login-username', { timeout: 60_000 });
        await target.fill('#login-username', username);
        await target.fill('#login-password', password);
        if (tap) await target.tap('#login-submit');
        else await target.click('#login-submit');
      },
      signOut: async () => {
        // under a loaded CI machine the map's first frames can hold the page's main thread for a while
        await page.locator('#logout').click({ timeout: 90_000 });
        await page.waitForSelector('#login-username', { timeout: 90_000 });
      },
      recover: async () => {
        await context.clearCookies();
        await page.goto(server.url);
        await page.waitForSelector('#login-username', { timeout: 90_000 });
      },
      waitForMap: async (timeoutMs = 300_000, target = page) => {
        await target.waitForSelector('body[data-map-state=idle], body[data-map-state=error]', { timeout: timeoutMs });
        return target.evaluate(() => `${document.body.dataset.mapState} (${document.querySelector('#panel .status')?.textContent ?? ''})`);
      },
      axe: async (target = page) => {
        if (!(await target.evaluate(() => 'axe' in window))) await target.evaluate(axeSource);
        return target.evaluate(async () => {
          const run = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
          const result = await run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
        });
      },
      shoot,
      shootSizes: async (name, { wideSuffix = false, between, page: target = page, end = WIDE } = {}) => {
        const start = target.viewportSize();
        await target.setViewportSize(WIDE);
        if (start?.width !== WIDE.width || start.height !== WIDE.height) await between?.();
        await shoot(wideSuffix ? `${name}-${WIDE.width}x${WIDE.height}` : name, target);
        for (const size of OTHER_SIZES) {
          await target.setViewportSize(size);
          await between?.();
          await shoot(`${name}-${size.width}x${size.height}`, target);
        }
        await target.setViewportSize(end);
        await between?.();
      },
      close: async () => {
        await launched.close();
        await server.close();
        await rm(tmp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
