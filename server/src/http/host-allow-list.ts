/**
 * The `Host` allow-list: a request whose `Host` header (without its port) is not one of the names
 * this server answers for is refused with 421 `host_not_allowed`. This defeats DNS rebinding, where
 * a page on another site resolves its own name to 127.0.0.1 and reads a loopback server.
 */
import type { RequestHandler } from 'express';
import { HostNotAllowedError } from '../errors.js';

/** The names of the loopback interface: the default allow-list. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a `Host` header, lower case, without the port (`[::1]` keeps its brackets). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** Middleware refusing requests for any other host than `allowed` (names without port). */
export function hostAllowList(allowed: readonly string[]): RequestHandler {
  const names = new Set(allowed.map((a) => hostName(a)));
  return (req, _res, next) => {
    const host = req.headers.host ?? '';
    if (!names.has(hostName(host))) next(new HostNotAllowedError(host));
    else next();
  };
}
