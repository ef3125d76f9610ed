/**
 * Every write of readings (and the alerts that come with FIWARE payloads) of one space goes
 * through here, in group commits (`db/group-commit.ts`): the JSON batches, CSV chunks and FIWARE
 * entities that arrive in the same turn of the event loop share one transaction, each still
 * all-or-nothing in a savepoint of its own.
 */
import type { Db } from '../db/connection.js';
import { GroupCommit } from '../db/group-commit.js';
import type { AlertRow, AlertsRepository } from '../db/repositories/alerts-repository.js';
import type { InsertOutcome, ReadingRow, ReadingsRepository } from '../db/repositories/readings-repository.js';

/** One write: readings, and alerts to store with them. */
export interface ReadingsWrite {
  readonly readings: readonly ReadingRow[];
  readonly alerts?: readonly AlertRow[];
}

/** What a write did: the readings' outcome and how many alerts were new. */
export interface ReadingsWritten extends InsertOutcome {
  readonly alertsInserted: number;
}

/** See the file comment. */
export class ReadingsWriter {
  private readonly commits: GroupCommit<ReadingsWrite, ReadingsWritten>;

  constructor(db: Db, readings: ReadingsRepository, alerts: AlertsRepository) {
    this.commits = new GroupCommit(db, (w) => ({ ...readings.insert(w.readings), alertsInserted: w.alerts && w.alerts.length > 0 ? alerts.insert(w.alerts) : 0 }));
  }

  /** Writes readings (and alerts) all or nothing; resolves once committed. */
  write(w: ReadingsWrite): Promise<ReadingsWritten> {
    return this.commits.submit(w);
  }
}
