/** All SQL about people: users and their memberships of spaces (a role each, a vehicle for a driver). */
import type { Db } from '../connection.js';

export type RoleName = 'admin' | 'manager' | 'driver' | 'analyst';

/** A `users` row (the password hash included: never send it anywhere). */
export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: string;
  passwordChangedAt: string;
  demo: boolean;
  /** The space a login opens: the last one the user worked in (null: the first membership). */
  lastSpaceId: string | null;
}

/** A user's role in one space. */
export interface MembershipRow {
  userId: string;
  spaceId: string;
  role: RoleName;
  vehicleId: string | null;
}

/** A member of a space, as an admin lists them. */
export interface MemberRow {
  id: string;
  username: string;
  displayName: string;
  role: RoleName;
  vehicleId: string | null;
}

const USER = `id, username, display_name AS displayName, password_hash AS passwordHash, created_at AS createdAt,
  password_changed_at AS passwordChangedAt, demo, last_space_id AS lastSpaceId`;

/** Prepared statements over `users` and `memberships`. */
export class UsersRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO users (id, username, display_name, password_hash, created_at, password_changed_at, demo)
         VALUES (@id, @username, @displayName, @passwordHash, @createdAt, @passwordChangedAt, @demo)`,
      ),
      byUsername: db.prepare(`SELECT ${USER} FROM users WHERE username = ?`),
      get: db.prepare(`SELECT ${USER} FROM users WHERE id = ?`),
      setPassword: db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?'),
      setLastSpace: db.prepare('UPDATE users SET last_space_id = ? WHERE id = ?'),
      demoUsers: db.prepare(`SELECT ${USER} FROM users WHERE demo = 1 ORDER BY username`),
      memberships: db.prepare('SELECT user_id AS userId, space_id AS spaceId, role, vehicle_id AS vehicleId FROM memberships WHERE user_id = ? ORDER BY space_id'),
      membership: db.prepare('SELECT user_id AS userId, space_id AS spaceId, role, vehicle_id AS vehicleId FROM memberships WHERE user_id = ? AND space_id = ?'),
      members: db.prepare(
        `SELECT u.id, u.username, u.display_name AS displayName, m.role, m.vehicle_id AS vehicleId
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.space_id = ? ORDER BY u.username`,
      ),
      upsertMembership: db.prepare(
        `INSERT INTO memberships (user_id, space_id, role, vehicle_id) VALUES (@userId, @spaceId, @role, @vehicleId)
         ON CONFLICT (user_id, space_id) DO UPDATE SET role = excluded.role, vehicle_id = excluded.vehicle_id`,
      ),
      removeMembership: db.prepare('DELETE FROM memberships WHERE user_id = ? AND space_id = ?'),
    };
  }

  insert(row: Omit<UserRow, 'lastSpaceId'>): void {
    this.s.insert.run({ ...row, demo: row.demo ? 1 : 0 });
  }

  /** Remembers the space a user last worked in (a login opens it). */
  setLastSpace(id: string, spaceId: string): void {
    this.s.setLastSpace.run(spaceId, id);
  }

  byUsername(username: string): UserRow | undefined {
    return fix(this.s.byUsername.get(username));
  }

  get(id: string): UserRow | undefined {
    return fix(this.s.get.get(id));
  }

  setPassword(id: string, hash: string, at: string): void {
    this.s.setPassword.run(hash, at, id);
  }

  demoUsers(): UserRow[] {
    return (this.s.demoUsers.all() as unknown[]).map((r) => fix(r)!);
  }

  memberships(userId: string): MembershipRow[] {
    return this.s.memberships.all(userId) as MembershipRow[];
  }

  membership(userId: string, spaceId: string): MembershipRow | undefined {
    return this.s.membership.get(userId, spaceId) as MembershipRow | undefined;
  }

  /** The members of one space. */
  members(spaceId: string): MemberRow[] {
    return this.s.members.all(spaceId) as MemberRow[];
  }

  /** Gives `userId` a role in a space (replacing the one it had there). */
  setMembership(row: MembershipRow): void {
    this.s.upsertMembership.run(row);
  }

  /** @returns whether the user was a member. */
  removeMembership(userId: string, spaceId: string): boolean {
    return this.s.removeMembership.run(userId, spaceId).changes > 0;
  }
}

function fix(row: unknown): UserRow | undefined {
  if (!row) return undefined;
  const r = row as Omit<UserRow, 'demo'> & { demo: number };
  return { ...r, demo: r.demo === 1 };
}
