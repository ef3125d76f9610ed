/**
 * Citizens' reports of one space (issue #16): a resident reports a problem on a drop-off point
 * (overflowing, damaged, fly-tipping next to it) with an optional photo and e-mail; a manager
 * accepts or rejects it. An accepted report makes its bin `must` in the next plans, with the reason
 * code `citizen_report` (the forecast reads {@link CitizenReportsService.openMusts}), until a
 * collection of the bin after the report is recorded: the report is then `done`.
 *
 * Personal data: the e-mail and the photo (metadata stripped on arrival) live only while the
 * report is open; closing it (rejected or done) erases both in one transaction. Reports whose bin
 * was collected are closed after every driver's report, before every forecast and list, and by the
 * app's housekeeping.
 */
import { randomUUID } from 'node:crypto';
import { CitizenReportFieldsSchema, MAX_PHOTO_BYTES, type CitizenReportCreated, type CitizenReportStatus } from '../../contract/citizens.js';
import type { Issue } from '../../contract/index.js';
import type { CitizenReportRow, CitizenReportsRepository } from '../db/repositories/citizen-reports-repository.js';
import { ConflictError, HttpError, InvalidInputError, NotFoundError, zodIssues } from '../errors.js';
import type { MultipartBody } from '../http/multipart.js';
import { PhotoError, sanitizePhoto, type PhotoType } from './photo-sanitizer.js';

/** Which reports to list. */
export type CitizenReportFilter = 'open' | 'all' | CitizenReportStatus;

const OPEN: readonly CitizenReportStatus[] = ['pending', 'accepted'];
const ALL: readonly CitizenReportStatus[] = ['pending', 'accepted', 'rejected', 'done'];

/** A bin the next plans must collect because of accepted reports. */
export interface CitizenMust {
  readonly binId: string;
  /** Whether one of the reports says it overflows (its expected fill is then at least 100 %). */
  readonly overflowing: boolean;
}

/** See the file comment. */
export class CitizenReportsService {
  constructor(
    private readonly repo: CitizenReportsRepository,
    /** Whether a bin is a drop-off point of the space (the only bins residents may report on). */
    private readonly isPoint: (binId: string) => boolean,
    private readonly now: () => Date,
    /** Called when the set of accepted reports changed (the forecast computes again). */
    private readonly onChange: () => void,
  ) {}

  /**
   * The problems of a report the schema cannot see (a point that is not a drop-off point of the
   * space, a photo that is not a well-formed JPEG, PNG or WebP), and the cleaned photo.
   */
  check(pointId: unknown, photo: Uint8Array | null): { issues: Issue[]; clean: { type: PhotoType; bytes: Buffer } | null } {
    const issues: Issue[] = [];
    if (typeof pointId === 'string' && pointId !== '' && pointId.length <= 64 && !this.isPoint(pointId)) {
      issues.push({ path: 'pointId', message: `no drop-off point '${pointId}' in this space`, code: 'unknown_point' });
    }
    let clean: { type: PhotoType; bytes: Buffer } | null = null;
    if (photo !== null) {
      try {
        clean = sanitizePhoto(photo);
      } catch (err) {
        if (!(err instanceof PhotoError)) throw err;
        issues.push({ path: 'photo', message: err.message, code: 'invalid_photo' });
      }
    }
    return { issues, clean };
  }

  /**
   * Stores a resident's report (pending) from its form: the fields checked against the contract,
   * the point against the space's drop-off points, the photo's size and type (by its first bytes),
   * its metadata stripped; report and photo in one transaction.
   * @throws InvalidInputError (400) naming every problem; HttpError 413 `payload_too_large` when the
   *   photo is too large (with every other problem too). Nothing is stored then.
   */
  submit(form: MultipartBody): CitizenReportCreated {
    const parsed = CitizenReportFieldsSchema.safeParse(form.fields);
    const { issues, clean } = this.check(form.fields['pointId'], form.file);
    issues.push(...form.issues, ...(parsed.success ? [] : zodIssues(parsed.error)));
    if (form.fileTooLarge) issues.push({ path: 'photo', message: `must be at most ${MAX_PHOTO_BYTES / 1_048_576} MiB`, code: 'too_large' });
    if (issues.length > 0 || !parsed.success) {
      issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      if (form.fileTooLarge) throw new HttpError(413, 'payload_too_large', `the photo is larger than ${MAX_PHOTO_BYTES / 1_048_576} MiB`, issues);
      throw new InvalidInputError(issues);
    }
    const fields = parsed.data;
    const id = randomUUID();
    const stored = this.repo.insert({
      id,
      binId: fields.pointId,
      kind: fields.kind,
      comment: fields.comment ?? null,
      email: fields.email ?? null,
      photo: clean,
      createdAt: this.now().toISOString(),
    });
    if (!stored) throw new InvalidInputError([{ path: 'pointId', message: `no drop-off point '${fields.pointId}' in this space`, code: 'unknown_point' }]);
    return { id, status: 'pending' };
  }

  /** Reports of the space, newest first (closing the collected ones first), with the counts per status. */
  list(filter: CitizenReportFilter, limit: number): { counts: Record<CitizenReportStatus, number>; reports: CitizenReportRow[] } {
    this.closeCollected();
    const statuses = filter === 'open' ? OPEN : filter === 'all' ? ALL : [filter];
    return { counts: this.repo.counts(), reports: this.repo.list(statuses, limit) };
  }

  /**
   * Accepts a pending report: its bin becomes `must` in the next plans.
   * @throws NotFoundError for a report not of this space; ConflictError when it is not pending.
   */
  accept(id: string, by: string): CitizenReportRow {
    const report = this.get(id);
    if (!this.repo.accept(id, by, this.now().toISOString())) throw new ConflictError(`report '${id}' is ${report.status}: only a pending report can be accepted`);
    this.onChange();
    return this.get(id);
  }

  /**
   * Rejects an open report: closed at once, e-mail erased and photo deleted.
   * @throws NotFoundError for a report not of this space; ConflictError when it is already closed.
   */
  reject(id: string, by: string): CitizenReportRow {
    const report = this.get(id);
    if (!this.repo.close(id, 'rejected', by, this.now().toISOString())) throw new ConflictError(`report '${id}' is ${report.status}: it is already closed`);
    if (report.status === 'accepted') this.onChange();
    return this.get(id);
  }

  /**
   * The photo of an open report.
   * @throws NotFoundError when the report is not of this space, has no photo or is closed.
   */
  photo(id: string): { type: string; bytes: Buffer } {
    const photo = this.repo.photo(id);
    if (!photo) throw new NotFoundError(`report '${id.slice(0, 64)}' has no photo (or it is closed)`);
    return photo;
  }

  /** A report of this space. @throws NotFoundError otherwise. */
  get(id: string): CitizenReportRow {
    const report = this.repo.get(id);
    if (!report) throw new NotFoundError(`no report '${id.slice(0, 64)}' in this space`);
    return report;
  }

  /**
   * Closes (`done`: e-mail erased, photo deleted) the accepted reports whose bin was collected
   * since, and tells the forecast when any was. @returns how many.
   */
  closeCollected(): number {
    const closed = this.closeCollectedQuietly();
    if (closed > 0) this.onChange();
    return closed;
  }

  private closeCollectedQuietly(): number {
    let closed = 0;
    const at = this.now().toISOString();
    for (const id of this.repo.collected()) if (this.repo.close(id, 'done', null, at)) closed++;
    return closed;
  }

  /** The bins the next plans must collect because of accepted reports not yet followed by a collection. */
  openMusts(): CitizenMust[] {
    this.closeCollectedQuietly(); // inside a forecast: it reads the result at once
    const byBin = new Map<string, boolean>();
    for (const r of this.repo.accepted()) byBin.set(r.binId, (byBin.get(r.binId) ?? false) || r.kind === 'overflowing');
    return [...byBin].map(([binId, overflowing]) => ({ binId, overflowing }));
  }
}
