/**
 * Brute-force protection of `POST /api/session` (rate-limiter-flexible, in memory, as OWASP's
 * "login endpoint" pattern): after {@link FAILS_PER_USER_AND_IP} wrong passwords in a row for one
 * username from one address, that pair is refused for {@link USER_AND_IP_BLOCK_S} seconds; after
 * {@link FAILS_PER_IP} failures from one address in a day, the address is refused for
 * {@link IP_BLOCK_S} seconds. A refused attempt is answered 429 with `Retry-After` and the password
 * is not even checked (so guessing gets no faster). A success clears the pair's count. The real
 * user is never locked out for good: from another address they are not affected, and from the same
 * one the block ends after its cooldown.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export const FAILS_PER_USER_AND_IP = 10;
export const USER_AND_IP_BLOCK_S = 15 * 60;
export const FAILS_PER_IP = 100;
export const IP_BLOCK_S = 60 * 60;

/** Failure counters per (username, address) and per address. */
export class LoginLimiter {
  // The library blocks once consumed points exceed `points`: the Nth failure starts the block.
  private readonly byUserIp = new RateLimiterMemory({ keyPrefix: 'login_user_ip', points: FAILS_PER_USER_AND_IP - 1, duration: 60 * 60, blockDuration: USER_AND_IP_BLOCK_S });
  private readonly byIp = new RateLimiterMemory({ keyPrefix: 'login_ip', points: FAILS_PER_IP - 1, duration: 24 * 60 * 60, blockDuration: IP_BLOCK_S });

  private static key(username: string, ip: string): string {
    return `${username.toLowerCase()}_${ip}`;
  }

  /** Seconds to wait before this attempt may be checked, or 0 when it may be checked now. */
  async blockedForS(username: string, ip: string): Promise<number> {
    const [pair, addr] = await Promise.all([this.byUserIp.get(LoginLimiter.key(username, ip)), this.byIp.get(ip)]);
    const wait = (r: RateLimiterRes | null, fails: number): number => (r && r.consumedPoints >= fails && r.msBeforeNext > 0 ? Math.ceil(r.msBeforeNext / 1000) : 0);
    return Math.max(wait(pair, FAILS_PER_USER_AND_IP), wait(addr, FAILS_PER_IP));
  }

  /** Counts a wrong password. */
  async failed(username: string, ip: string): Promise<void> {
    const swallow = (e: unknown): void => {
      if (!(e instanceof RateLimiterRes)) throw e; // a rejection for "blocked now" is what we want
    };
    await Promise.all([this.byUserIp.consume(LoginLimiter.key(username, ip)).catch(swallow), this.byIp.consume(ip).catch(swallow)]);
  }

  /** A right password: the pair starts from zero again. */
  async succeeded(username: string, ip: string): Promise<void> {
    await this.byUserIp.delete(LoginLimiter.key(username, ip));
  }
}
