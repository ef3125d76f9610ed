/**
 * Street closures and no-go areas of one space: list, create, change, delete, and the closures in
 * force on a plan's day (whose period meets that local day). Shapes are checked by the contract
 * (zod); the geometry work against the streets happens in the planning worker (`day-changes.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { ClosureInput } from '../../contract/index.js';
import type { ClosureRow, ClosuresRepository } from '../db/repositories/closures-repository.js';
import { NotFoundError } from '../errors.js';
import type { PlanClosure } from '../compute/day-changes.js';

/** Calendar arithmetic on ISO dates (UTC). */
function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** CRUD of the closures of one space (see the file comment). */
export class ClosuresService {
  constructor(
    private readonly repo: ClosuresRepository,
    private readonly now: () => Date,
  ) {}

  /** Every closure, or those in force on a local day. */
  list(date?: string): ClosureRow[] {
    return date === undefined ? this.repo.all() : this.repo.during(`${date}T00:00`, `${nextDay(date)}T00:00`);
  }

  /** @throws NotFoundError for a closure that is not of this space. */
  get(id: string): ClosureRow {
    const row = this.repo.get(id);
    if (!row) throw new NotFoundError(`unknown closure '${id.slice(0, 64)}'`);
    return row;
  }

  create(input: ClosureInput): ClosureRow {
    const row: ClosureRow = { id: randomUUID(), ...fields(input), createdAt: this.now().toISOString() };
    this.repo.insert(row);
    return row;
  }

  /** @throws NotFoundError for a closure that is not of this space. */
  update(id: string, input: ClosureInput): ClosureRow {
    if (!this.repo.update({ id, ...fields(input) })) throw new NotFoundError(`unknown closure '${id.slice(0, 64)}'`);
    return this.get(id);
  }

  /** @throws NotFoundError for a closure that is not of this space. */
  remove(id: string): void {
    if (!this.repo.remove(id)) throw new NotFoundError(`unknown closure '${id.slice(0, 64)}'`);
  }

  /** The closures a plan of `date` routes around. */
  inForceOn(date: string): PlanClosure[] {
    return this.list(date).map((c) => ({ id: c.id, label: c.label, geometry: c.geometry }));
  }
}

function fields(input: ClosureInput): Omit<ClosureRow, 'id' | 'createdAt'> {
  return {
    label: input.label,
    kind: input.geometry.type === 'Polygon' ? 'area' : 'street',
    geometry: input.geometry as ClosureRow['geometry'],
    validFrom: input.validFrom,
    validTo: input.validTo,
  };
}
