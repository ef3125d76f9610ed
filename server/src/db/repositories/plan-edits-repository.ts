/**
 * All SQL about the edits of the plans of one space: the problem document a plan was solved on,
 * its versions (edits, locks, plan and violations of each) and the version its rows hold now.
 */
import type { Db } from '../connection.js';

/** One stored version of an edited plan (JSON columns as text). */
export interface PlanVersionRow {
  version: number;
  createdAt: string;
  author: string | null;
  edits: string;
  locks: string;
  plan: string;
  violations: string;
}

/** Prepared statements over `plan_problems` and `plan_versions`, scoped to space `spaceId`. */
export class PlanEditsRepository {
  private readonly s;

  constructor(
    readonly db: Db,
    readonly spaceId: string,
  ) {
    const mine = 'plan_id IN (SELECT id FROM plans WHERE id = @plan AND space_id = @space)';
    this.s = {
      problem: db.prepare(`SELECT problem FROM plan_problems WHERE ${mine}`).pluck(),
      head: db.prepare('SELECT edit_version FROM plans WHERE id = @plan AND space_id = @space').pluck(),
      setHead: db.prepare('UPDATE plans SET edit_version = @version WHERE id = @plan AND space_id = @space'),
      latest: db.prepare(`SELECT MAX(version) FROM plan_versions WHERE ${mine}`).pluck(),
      version: db.prepare(
        `SELECT version, created_at AS createdAt, author, edits, locks, plan, violations FROM plan_versions WHERE ${mine} AND version = @version`,
      ),
      insert: db.prepare(
        `INSERT INTO plan_versions (plan_id, version, created_at, author, edits, locks, plan, violations)
         SELECT @plan, @version, @createdAt, @author, @edits, @locks, @planJson, @violations WHERE EXISTS (SELECT 1 FROM plans WHERE id = @plan AND space_id = @space)`,
      ),
      deleteAfter: db.prepare(`DELETE FROM plan_versions WHERE ${mine} AND version > @version`),
    };
  }

  /** The problem document (JSON text) plan `planId` was solved on, or undefined (plans stored before edits existed). */
  problem(planId: string): string | undefined {
    return this.s.problem.get({ plan: planId, space: this.spaceId }) as string | undefined;
  }

  /** The version the plan's rows hold (0: the solver's plan). */
  head(planId: string): number {
    return (this.s.head.get({ plan: planId, space: this.spaceId }) as number | undefined) ?? 0;
  }

  /** The highest stored version, or null when the plan was never edited. */
  latest(planId: string): number | null {
    return (this.s.latest.get({ plan: planId, space: this.spaceId }) as number | null | undefined) ?? null;
  }

  version(planId: string, version: number): PlanVersionRow | undefined {
    return this.s.version.get({ plan: planId, space: this.spaceId, version }) as PlanVersionRow | undefined;
  }

  /** Stores a version (the caller's transaction). */
  insert(planId: string, row: PlanVersionRow): void {
    this.s.insert.run({ plan: planId, space: this.spaceId, version: row.version, createdAt: row.createdAt, author: row.author, edits: row.edits, locks: row.locks, planJson: row.plan, violations: row.violations });
  }

  /** Forgets the versions after `version` (a new edit after an undo drops the redo branch). */
  deleteAfter(planId: string, version: number): void {
    this.s.deleteAfter.run({ plan: planId, space: this.spaceId, version });
  }

  setHead(planId: string, version: number): void {
    this.s.setHead.run({ plan: planId, space: this.spaceId, version });
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
