/**
 * Password hashing with scrypt (RFC 7914; Node's `crypto.scrypt`, run on the thread pool, never
 * on the event loop): N = 2^15, r = 8, p = 1 (32 MiB and about 50-100 ms a hash on this class of
 * machine), a 16-byte random salt, a 32-byte key. Stored as `scrypt$N$r$p$salt$key` (base64url),
 * so the cost can be raised later without breaking stored hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const maxmem = (n: number, r: number): number => 128 * n * r * 2;

/** Hashes a password (see the file comment). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: maxmem(N, R) });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** A hash of nothing, compared against when the user does not exist, so both paths take as long. */
let decoy: Promise<string> | null = null;

/**
 * Whether `password` matches `stored` (constant-time comparison). With `stored` null (no such
 * user) a decoy hash is checked, so the answer takes as long and is false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const hash = stored ?? (await decoy);
  const [scheme, n, r, p, salt, key] = hash.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: maxmem(Number(n), Number(r)) });
  return stored !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
}
