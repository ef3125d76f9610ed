/*
 * Service worker of the Collecte dashboard (issue #15: the driver's tablet in dead zones).
 * Registered by client/src/offline/service-worker.ts. Plain JavaScript, copied as is by Vite.
 *
 * - App shell (the page, the manifest, the icons): network first, the kept copy offline.
 * - Built assets (/assets/*, names carry a content hash): cache first.
 * - A few API answers (the session, today's round, the street map and the sites: all the driver's
 *   view needs): network first, the last answer offline. Writes (reports, positions) are never
 *   cached: the page queues them itself. Nothing else of the API is kept.
 * - The page can ask to keep URLs it fetched before this worker controlled it ({type: 'keep'}).
 */
const SHELL_CACHE = 'collecte-shell-v1';
const DATA_CACHE = 'collecte-data-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];
const KEPT_API = ['/api/session', '/api/rounds/today', '/api/roads', '/api/sites'];

/** Same-origin built assets named in a text (the page's index.html, a bundle naming its map worker). */
function assetsIn(text) {
  return [...new Set(text.match(/\/?assets\/[\w.-]+\.(?:m?js|css)/g) || [])].map((a) => (a.startsWith('/') ? a : `/${a}`));
}

/**
 * Keeps the shell, then the built assets the page names and those its scripts name (the map's
 * worker), so the first visit already works offline after a reload.
 */
async function precache() {
  const cache = await caches.open(SHELL_CACHE);
  await cache.addAll(SHELL);
  const page = await cache.match('/');
  const assets = page ? assetsIn(await page.clone().text()) : [];
  const seen = new Set(assets);
  for (const asset of assets) {
    const response = await fetch(asset);
    if (!response.ok) continue;
    if (/\.m?js$/.test(asset)) for (const named of assetsIn(await response.clone().text())) seen.add(named);
    await cache.put(asset, response);
  }
  for (const asset of seen) if (!(await cache.match(asset))) await cache.add(asset);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== SHELL_CACHE && n !== DATA_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/** Which cache keeps a same-origin GET, and how it is answered; null: not handled here. */
function strategyOf(url, request) {
  if (request.mode === 'navigate') return { cache: SHELL_CACHE, mode: 'network-first', key: '/' };
  if (url.pathname.startsWith('/assets/')) return { cache: SHELL_CACHE, mode: 'cache-first', key: url.pathname };
  if (KEPT_API.includes(url.pathname)) return { cache: DATA_CACHE, mode: 'network-first', key: url.pathname + url.search };
  if (SHELL.includes(url.pathname)) return { cache: SHELL_CACHE, mode: 'network-first', key: url.pathname };
  return null;
}

async function keep(cacheName, key, response) {
  if (!response.ok || response.type === 'opaque') return;
  const cache = await caches.open(cacheName);
  await cache.put(key, response);
}

async function networkFirst(request, strategy) {
  try {
    const response = await fetch(request);
    await keep(strategy.cache, strategy.key, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(strategy.key, { cacheName: strategy.cache });
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request, strategy) {
  const kept = await caches.match(strategy.key, { cacheName: strategy.cache });
  if (kept) return kept;
  const response = await fetch(request);
  await keep(strategy.cache, strategy.key, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const strategy = strategyOf(url, request);
  if (!strategy) return;
  event.respondWith(strategy.mode === 'cache-first' ? cacheFirst(request, strategy) : networkFirst(request, strategy));
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  const port = event.ports[0];
  const work = Promise.all(
    data.urls.map(async (href) => {
      const url = new URL(href, self.location.origin);
      if (url.origin !== self.location.origin) return;
      const request = new Request(url.href, { credentials: 'same-origin' });
      const strategy = strategyOf(url, request);
      if (!strategy) return;
      try {
        await keep(strategy.cache, strategy.key, await fetch(request));
      } catch {
        // offline already: what is kept stays
      }
    }),
  ).then(() => port && port.postMessage({ kept: true }));
  event.waitUntil(work);
});
