/**
 * Demo people of the sample city: one per role and space, named `<role>@<space>`
 * (`manager@monaco`, `driver@riviera`...). Their password is `DEMO_PASSWORD` when the environment
 * sets it; otherwise each start of the product makes new random ones (derived from a secret drawn at
 * start, so a server process restarted by the supervisor keeps them) and prints them. Nothing
 * secret is committed. A driver is bound to the first vehicle of its space.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../contract/index.js';
import type { Db } from '../db/connection.js';
import { FleetRepository } from '../db/repositories/fleet-repository.js';
import { SpacesRepository } from '../db/repositories/spaces-repository.js';
import { UsersRepository } from '../db/repositories/users-repository.js';
import { hashPassword } from './passwords.js';

/** French names of the roles, for display names. */
const ROLE_LABELS: Record<Role, string> = { admin: 'Administrateur', manager: 'Gestionnaire', driver: 'Chauffeur', analyst: 'Analyste' };

/** A demo login to print. */
export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  spaceId: string;
}

/** A readable random password from a secret and a username: `xxxx-xxxx-xxxx` (60 bits). */
export function derivedPassword(secret: string, username: string): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = createHmac('sha256', secret).update(username).digest();
  let out = '';
  for (let i = 0; i < 12; i++) out += alphabet[bytes[i]! % alphabet.length];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/**
 * Creates the demo users missing in every space and sets every demo user's password (see the file
 * comment). `password` wins over `secret`.
 * @returns the logins, by space then role.
 */
export async function ensureDemoUsers(db: Db, options: { password?: string; secret: string; now: Date }): Promise<DemoLogin[]> {
  const users = new UsersRepository(db);
  const logins: DemoLogin[] = [];
  const at = options.now.toISOString();
  for (const space of new SpacesRepository(db).all()) {
    const firstVehicle = new FleetRepository(db, space.id).vehicles()[0]?.id ?? null;
    for (const role of ROLES) {
      if (role === 'driver' && firstVehicle === null) continue;
      const username = `${role}@${space.id}`;
      const password = options.password ?? derivedPassword(options.secret, username);
      const hash = await hashPassword(password);
      const existing = users.byUsername(username);
      if (existing && !existing.demo) continue; // a real account took the name: leave it alone
      db.transaction(() => {
        if (existing) users.setPassword(existing.id, hash, at);
        else {
          const id = randomUUID();
          users.insert({ id, username, displayName: `${ROLE_LABELS[role]} (${space.name})`, passwordHash: hash, createdAt: at, passwordChangedAt: at, demo: true });
          users.setMembership({ userId: id, spaceId: space.id, role, vehicleId: role === 'driver' ? firstVehicle : null });
        }
      })();
      logins.push({ username, password, role, spaceId: space.id });
    }
  }
  return logins;
}
