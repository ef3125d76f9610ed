/**
 * The page's side of the service worker (`client/public/sw.js`, issue #15): registers it from the
 * bundle, asks it to keep responses the page fetched before it took control (the first visit), and
 * forgets the kept API answers when the person signs out. The worker itself caches the app shell,
 * the built assets and a short list of API answers (session, today's round, the street map, the
 * sites) so a reload in a dead zone shows the round.
 */

/** Where the worker is served (the root scope: it sees every page of the dashboard). */
export const SERVICE_WORKER_URL = '/sw.js';
/** The cache of API answers (the worker's `DATA_CACHE`). */
export const DATA_CACHE = 'collecte-data-v1';

/** Registers the service worker when the browser has them; a refusal (private mode, plain HTTP on another host) only loses offline use. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }).catch(() => undefined); // no worker: the dashboard works online only
}

/**
 * Asks the worker to fetch and keep `urls` (same-origin GETs the page made before the worker
 * controlled it). Resolves when the worker answered, or at once without a worker.
 */
export async function keepForOffline(urls: readonly string[]): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return;
  await new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    worker.postMessage({ type: 'keep', urls: [...urls] }, [channel.port2]);
  });
}

/** Forgets the kept API answers (sign-out: the next person on the tablet must not see them). */
export async function forgetOfflineData(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(DATA_CACHE);
}
