/**
 * Large JSON answers (the bins map, the basemap, a finished plan) are serialised and gzipped once
 * per version of their data, then sent as they are to every client: a strong ETag (a `304` when the
 * client has it), gzip when the client accepts it (compressed on the thread pool, not the event
 * loop), and one build shared by concurrent requests.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import type { Request, Response } from 'express';

const gzip = promisify(gzipCb);

/** A serialised answer. */
export interface CachedBody {
  readonly json: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

/** Serialises `value` and compresses it (level 6). */
export async function cachedBody(value: unknown): Promise<CachedBody> {
  return bodyOfJson(JSON.stringify(value));
}

/** {@link cachedBody} of JSON text already serialised. */
export async function bodyOfJson(text: string): Promise<CachedBody> {
  const json = Buffer.from(text, 'utf8');
  const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`;
  return { json, gzip: await gzip(json, { level: 6 }), etag };
}

/**
 * Sends a cached body: `304` when `If-None-Match` has its ETag, else the JSON, gzipped when the
 * client accepts gzip. `cacheControl` defaults to `no-cache` (revalidate every time, cheap with the ETag).
 */
export function sendCached(req: Request, res: Response, body: CachedBody, cacheControl = 'no-cache'): void {
  res.setHeader('ETag', body.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  const match = req.headers['if-none-match'];
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === body.etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json');
  if (req.acceptsEncodings('gzip') === 'gzip') {
    res.setHeader('Content-Encoding', 'gzip');
    res.send(body.gzip);
  } else res.send(body.json);
}

/**
 * One cached body per key, rebuilt when the key changes. Requests that arrive while a build runs
 * share it: with `coalesce` even when they ask for a newer key (data that changes many times a
 * second, such as the bins under a stream of readings, is then built at most once at a time, and a
 * request gets the build under way). Keeps the most recent `capacity` keys.
 */
export class BodyCache {
  private readonly bodies = new Map<string, Promise<CachedBody>>();
  private inFlight: Promise<CachedBody> | null = null;

  constructor(private readonly options: { capacity?: number; coalesce?: boolean } = {}) {}

  /** The body of `key`, building it with `build` when it is not cached. */
  get(key: string, build: () => Promise<unknown> | unknown): Promise<CachedBody> {
    const hit = this.bodies.get(key);
    if (hit) return hit;
    if (this.options.coalesce && this.inFlight) return this.inFlight;
    const made = Promise.resolve()
      .then(build)
      .then((value) => cachedBody(value));
    this.inFlight = made;
    const settle = (): void => {
      if (this.inFlight === made) this.inFlight = null;
    };
    made.then(settle, () => {
      settle();
      this.bodies.delete(key);
    });
    while (this.bodies.size >= (this.options.capacity ?? 1)) this.bodies.delete(this.bodies.keys().next().value!);
    this.bodies.set(key, made);
    return made;
  }

  clear(): void {
    this.bodies.clear();
  }
}
