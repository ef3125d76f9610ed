/**
 * People, sessions and machine tokens.
 *
 * - Sessions: a random 32-byte token in an httpOnly, SameSite=Lax cookie (`collecte_session`),
 *   stored as its SHA-256; it ends after {@link SESSION_TTL_MS} or {@link SESSION_IDLE_MS} without a
 *   request, at logout, and (the others) when the password changes. Each carries a CSRF token that
 *   every write authenticated by the cookie must send as `X-CSRF-Token`.
 * - Tokens: `clt_` + 32 random bytes, shown once, stored as SHA-256, scoped to one space and a few
 *   permissions, revocable; sent as `Authorization: Bearer <token>`.
 * - Passwords: scrypt (`passwords.ts`); logins limited by `login-limiter.ts`.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { Permission, Role, SessionDto, TokenScope } from '../../contract/index.js';
import type { Db } from '../db/connection.js';
import { SessionsRepository } from '../db/repositories/sessions-repository.js';
import { SpacesRepository, type SpaceRow } from '../db/repositories/spaces-repository.js';
import { TokensRepository, type TokenRow } from '../db/repositories/tokens-repository.js';
import { UsersRepository, type MembershipRow, type UserRow } from '../db/repositories/users-repository.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, TooManyRequestsError, UnauthenticatedError } from '../errors.js';
import type { AuditLog } from './audit-log.js';
import { LoginLimiter } from './login-limiter.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { ANONYMOUS, permissionsOf, type Principal, type UserPrincipal } from './principal.js';

export const SESSION_COOKIE = 'collecte_session';
/** A session ends this long after login, whatever happens. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 4 * 3_600_000;
/** `last_seen_at` is written at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');
const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Options of {@link AuthService}. */
export interface AuthOptions {
  /** Mark the cookie `Secure` (the server is reached over HTTPS, e.g. behind a TLS proxy). */
  secureCookies?: boolean;
}

/** A new session: the cookie to set and who is signed in. */
export interface NewSession {
  cookie: string;
  session: SessionDto;
}

/** See the file comment. */
export class AuthService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly tokens: TokensRepository;
  private readonly spaces: SpacesRepository;
  readonly limiter = new LoginLimiter();

  constructor(
    db: Db,
    private readonly now: () => Date,
    private readonly audit: AuditLog,
    private readonly options: AuthOptions = {},
  ) {
    this.users = new UsersRepository(db);
    this.sessions = new SessionsRepository(db);
    this.tokens = new TokensRepository(db);
    this.spaces = new SpacesRepository(db);
  }

  // ---------- who makes the request ----------

  /**
   * Middleware: sets `req.principal` from `Authorization: Bearer` (a token) or the session cookie
   * (a person), else anonymous. A bearer token that is unknown or revoked is refused at once (401):
   * a gateway with a dead token must hear it.
   */
  authenticate(): RequestHandler {
    return (req, _res, next) => {
      const auth = req.headers.authorization;
      if (auth !== undefined) {
        const m = /^Bearer\s+(\S+)$/i.exec(auth);
        const token = m ? this.tokens.byHash(sha256(m[1]!)) : undefined;
        if (!token || token.revokedAt !== null) {
          next(new UnauthenticatedError('the bearer token is unknown or revoked'));
          return;
        }
        this.tokens.used(token.id, this.now().toISOString());
        req.principal = { kind: 'token', tokenId: token.id, tokenName: token.name, spaceId: token.spaceId, permissions: new Set(token.scopes as Permission[]) };
        next();
        return;
      }
      const raw = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
      req.principal = raw ? (this.principalOfSession(raw) ?? ANONYMOUS) : ANONYMOUS;
      next();
    };
  }

  private principalOfSession(token: string): UserPrincipal | null {
    const hash = sha256(token);
    const s = this.sessions.get(hash);
    if (!s) return null;
    const nowMs = this.now().getTime();
    if (Date.parse(s.expiresAt) <= nowMs || Date.parse(s.lastSeenAt) + SESSION_IDLE_MS <= nowMs) {
      this.sessions.delete(hash);
      return null;
    }
    const user = this.users.get(s.userId);
    const membership = user && this.users.membership(user.id, s.spaceId);
    if (!user || !membership) {
      this.sessions.delete(hash);
      return null;
    }
    if (nowMs - Date.parse(s.lastSeenAt) > TOUCH_EVERY_MS) this.sessions.touch(hash, new Date(nowMs).toISOString());
    return {
      kind: 'user',
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      spaceId: membership.spaceId,
      role: membership.role,
      vehicleId: membership.vehicleId,
      permissions: permissionsOf(membership.role),
      sessionHash: hash,
      csrfToken: s.csrfToken,
      expiresAt: s.expiresAt,
    };
  }

  /**
   * Whether a write authenticated by the session cookie carries its CSRF token (writes by token or
   * without a principal do not need one).
   */
  static csrfOk(principal: Principal, method: string, header: string | undefined): boolean {
    if (principal.kind !== 'user' || method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
    return header !== undefined && safeEqual(header, principal.csrfToken);
  }

  // ---------- sessions ----------

  /**
   * Checks a username and password and opens a session in the user's first space.
   * @throws TooManyRequestsError while the limiter refuses the attempt; UnauthenticatedError for a
   *   wrong username or password (the same message for both); ForbiddenError without any space.
   */
  async login(username: string, password: string, ip: string): Promise<NewSession> {
    const wait = await this.limiter.blockedForS(username, ip);
    if (wait > 0) {
      this.audit.failedLogin(username, ip, 'refused: too many failures');
      throw new TooManyRequestsError(`too many failed logins: try again in ${Math.ceil(wait / 60)} minute(s)`, wait);
    }
    const user = this.users.byUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok) {
      await this.limiter.failed(username, ip);
      this.audit.failedLogin(username, ip, 'wrong username or password');
      throw new UnauthenticatedError('wrong username or password');
    }
    await this.limiter.succeeded(username, ip);
    const memberships = this.users.memberships(user.id);
    const first = memberships.find((m) => m.spaceId === user.lastSpaceId) ?? memberships[0];
    if (!first) throw new ForbiddenError('this account belongs to no space yet: ask an administrator');
    const token = randomBytes(32).toString('base64url');
    const nowIso = this.now().toISOString();
    const expiresAt = new Date(this.now().getTime() + SESSION_TTL_MS).toISOString();
    this.sessions.insert({ tokenHash: sha256(token), userId: user.id, spaceId: first.spaceId, csrfToken: randomBytes(24).toString('base64url'), createdAt: nowIso, lastSeenAt: nowIso, expiresAt });
    const principal = this.principalOfSession(token)!;
    this.audit.record(principal, principal.spaceId, 'login', null, { ip });
    return { cookie: this.cookie(token, SESSION_TTL_MS), session: this.describe(principal) };
  }

  /** Ends the session. @returns the cookie that clears it. */
  logout(principal: UserPrincipal): string {
    this.sessions.delete(principal.sessionHash);
    this.audit.record(principal, principal.spaceId, 'logout');
    return this.cookie('', 0);
  }

  /**
   * Makes the session work in another space the user belongs to.
   * @throws NotFoundError when the user has no role in that space (or it does not exist).
   */
  switchSpace(principal: UserPrincipal, spaceId: string): SessionDto {
    if (!this.users.membership(principal.userId, spaceId)) throw new NotFoundError(`unknown space '${spaceId.slice(0, 40)}'`);
    this.sessions.setSpace(principal.sessionHash, spaceId);
    this.users.setLastSpace(principal.userId, spaceId);
    const user = this.users.get(principal.userId)!;
    const p = this.userPrincipal(user, this.users.membership(principal.userId, spaceId)!, principal);
    this.audit.record(p, spaceId, 'session.space');
    return this.describe(p);
  }

  /**
   * Changes the signed-in user's password (the current one must be given) and ends their other sessions.
   * @throws InvalidInputError when the current password is wrong or the new one equals it.
   */
  async changePassword(principal: UserPrincipal, current: string, next: string): Promise<void> {
    const user = this.users.get(principal.userId);
    if (!user || !(await verifyPassword(current, user.passwordHash))) throw new InvalidInputError([{ path: 'currentPassword', message: 'is not your current password' }]);
    if (current === next) throw new InvalidInputError([{ path: 'newPassword', message: 'must differ from the current password' }]);
    this.users.setPassword(user.id, await hashPassword(next), this.now().toISOString());
    const ended = this.sessions.deleteOthers(user.id, principal.sessionHash);
    this.audit.record(principal, principal.spaceId, 'password.change', user.username, { otherSessionsEnded: ended });
  }

  /** Who is signed in, as the API tells it. */
  describe(p: UserPrincipal): SessionDto {
    const spaces = new Map(this.spaces.all().map((s) => [s.id, s]));
    const space = spaces.get(p.spaceId)!;
    return {
      user: { id: p.userId, username: p.username, displayName: p.displayName },
      space: spaceDto(space),
      role: p.role,
      vehicleId: p.vehicleId,
      permissions: [...p.permissions],
      memberships: this.users.memberships(p.userId).flatMap((m) => {
        const s = spaces.get(m.spaceId);
        return s ? [{ space: spaceDto(s), role: m.role }] : [];
      }),
      csrfToken: p.csrfToken,
      expiresAt: p.expiresAt,
    };
  }

  /** Deletes expired and idle sessions. @returns how many. */
  purgeSessions(): number {
    const now = this.now().getTime();
    return this.sessions.purge(new Date(now).toISOString(), new Date(now - SESSION_IDLE_MS).toISOString());
  }

  private userPrincipal(user: UserRow, m: MembershipRow, session: Pick<UserPrincipal, 'sessionHash' | 'csrfToken' | 'expiresAt'>): UserPrincipal {
    return {
      kind: 'user',
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      spaceId: m.spaceId,
      role: m.role,
      vehicleId: m.vehicleId,
      permissions: permissionsOf(m.role),
      sessionHash: session.sessionHash,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }

  private cookie(value: string, maxAgeMs: number): string {
    return serializeCookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: this.options.secureCookies === true,
      maxAge: Math.floor(maxAgeMs / 1000),
    });
  }

  // ---------- people of a space (admins) ----------

  /** The members of a space. */
  members(spaceId: string): ReturnType<UsersRepository['members']> {
    return this.users.members(spaceId);
  }

  /**
   * Adds a person to a space: a new account, or a role here for an existing username (its password
   * is then left as it is).
   * @throws ConflictError when the username already has a role in this space.
   */
  async addMember(
    actor: Principal,
    spaceId: string,
    input: { username: string; displayName?: string | undefined; role: Role; vehicleId: string | null; password?: string | undefined },
    vehicleExists: (id: string) => boolean,
  ): Promise<string> {
    checkVehicle(input.role, input.vehicleId, vehicleExists);
    let user = this.users.byUsername(input.username);
    if (user && this.users.membership(user.id, spaceId)) throw new ConflictError(`'${input.username}' already has a role in this space`);
    if (!user) {
      const missing = [
        ...(input.displayName ? [] : [{ path: 'displayName', message: 'is required for a new account' }]),
        ...(input.password ? [] : [{ path: 'password', message: 'is required for a new account' }]),
      ];
      if (missing.length > 0) throw new InvalidInputError(missing);
      const at = this.now().toISOString();
      user = { id: randomUUID(), username: input.username, displayName: input.displayName!, passwordHash: await hashPassword(input.password!), createdAt: at, passwordChangedAt: at, demo: false, lastSpaceId: null };
      this.users.insert(user);
    }
    this.users.setMembership({ userId: user.id, spaceId, role: input.role, vehicleId: input.vehicleId });
    this.audit.record(actor, spaceId, 'member.add', user.username, { role: input.role, vehicleId: input.vehicleId });
    return user.id;
  }

  /**
   * Gives a member another role (and vehicle).
   * @throws NotFoundError when the user is not a member of this space.
   */
  updateMember(actor: Principal, spaceId: string, userId: string, role: Role, vehicleId: string | null, vehicleExists: (id: string) => boolean): void {
    const m = this.users.membership(userId, spaceId);
    if (!m) throw new NotFoundError(`no member '${userId.slice(0, 64)}' in this space`);
    checkVehicle(role, vehicleId, vehicleExists);
    this.users.setMembership({ userId, spaceId, role, vehicleId });
    this.audit.record(actor, spaceId, 'member.update', this.users.get(userId)?.username ?? userId, { role, vehicleId });
  }

  /**
   * Removes a member from a space and ends their sessions working in it.
   * @throws NotFoundError when the user is not a member; ConflictError for one's own membership.
   */
  removeMember(actor: Principal, spaceId: string, userId: string): void {
    if (actor.kind === 'user' && actor.userId === userId) throw new ConflictError('you cannot remove yourself from the space');
    if (!this.users.removeMembership(userId, spaceId)) throw new NotFoundError(`no member '${userId.slice(0, 64)}' in this space`);
    this.sessions.deleteInSpace(userId, spaceId);
    this.audit.record(actor, spaceId, 'member.remove', this.users.get(userId)?.username ?? userId);
  }

  // ---------- machine tokens ----------

  /** Creates a token; the secret is in the answer and nowhere else. */
  createToken(actor: UserPrincipal, spaceId: string, name: string, scopes: readonly TokenScope[]): { row: TokenRow; token: string } {
    const token = `clt_${randomBytes(32).toString('base64url')}`;
    const row = {
      id: randomUUID(),
      spaceId,
      name,
      scopes: [...new Set(scopes)],
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      createdBy: actor.userId,
      createdAt: this.now().toISOString(),
    };
    this.tokens.insert(row);
    this.audit.record(actor, spaceId, 'token.create', name, { scopes: row.scopes, prefix: row.prefix });
    return { row: { ...row, lastUsedAt: null, revokedAt: null }, token };
  }

  listTokens(spaceId: string): TokenRow[] {
    return this.tokens.list(spaceId);
  }

  /**
   * Revokes a token of the space.
   * @throws NotFoundError for an unknown token; ConflictError when it is already revoked.
   */
  revokeToken(actor: Principal, spaceId: string, id: string): void {
    const t = this.tokens.get(spaceId, id);
    if (!t) throw new NotFoundError(`unknown token '${id.slice(0, 64)}'`);
    if (!this.tokens.revoke(spaceId, id, this.now().toISOString())) throw new ConflictError(`token '${t.name}' is already revoked`);
    this.audit.record(actor, spaceId, 'token.revoke', t.name, { prefix: t.prefix });
  }
}

function checkVehicle(role: Role, vehicleId: string | null, exists: (id: string) => boolean): void {
  if (role === 'driver' && vehicleId === null) throw new InvalidInputError([{ path: 'vehicleId', message: 'a driver must be bound to a vehicle of this space' }]);
  if (role !== 'driver' && vehicleId !== null) throw new InvalidInputError([{ path: 'vehicleId', message: 'only a driver is bound to a vehicle' }]);
  if (vehicleId !== null && !exists(vehicleId)) throw new InvalidInputError([{ path: 'vehicleId', message: `unknown vehicle '${vehicleId}' in this space` }]);
}

/** A space row as the API shows it. */
export function spaceDto(s: SpaceRow): SessionDto['space'] {
  return { id: s.id, name: s.name, kind: s.kind, communes: s.communes, timeZone: s.timeZone };
}

