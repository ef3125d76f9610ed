/**
 * Who makes a request: a person signed in with a session cookie, a machine with a token, or
 * nobody. Set on every request by `authenticate` (see `auth-service.ts`); read by the access rules
 * and by the routes (the space a request works in is its principal's).
 */
import { ROLE_PERMISSIONS, type Permission, type Role } from '../../contract/index.js';

/** A signed-in person. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly spaceId: string;
  readonly role: Role;
  readonly vehicleId: string | null;
  readonly permissions: ReadonlySet<Permission>;
  /** SHA-256 of the session token (to end or update the session). */
  readonly sessionHash: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** A gateway or script with a token of one space. */
export interface TokenPrincipal {
  readonly kind: 'token';
  readonly tokenId: string;
  readonly tokenName: string;
  readonly spaceId: string;
  readonly permissions: ReadonlySet<Permission>;
}

export interface AnonymousPrincipal {
  readonly kind: 'anonymous';
}

export type Principal = UserPrincipal | TokenPrincipal | AnonymousPrincipal;

export const ANONYMOUS: AnonymousPrincipal = { kind: 'anonymous' };

/** The permissions of a role (a fresh set). */
export function permissionsOf(role: Role): Set<Permission> {
  return new Set(ROLE_PERMISSIONS[role]);
}

/** A principal's name as the audit trail and the logs show it. */
export function actorName(p: Principal): string {
  return p.kind === 'user' ? p.username : p.kind === 'token' ? `token ${p.tokenName}` : 'anonymous';
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` for every request. */
    principal?: Principal;
  }
}
