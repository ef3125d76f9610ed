/**
 * The inventory of one space: its bins, depots and disposal sites, and vehicles, as the planner
 * reads them (`bins.all()`, `fleet.sites()`, `fleet.vehicles()`), edited one item at a time from
 * the dashboard or imported from a CSV or GeoJSON file. An import is previewed (what would be
 * created, updated, left unchanged, retired; every refused row) and applied all or nothing in one
 * transaction: one refused row and nothing is written. Items are retired, never deleted, so the
 * stored plans, readings and alerts that name them stay whole; the same id brings one back.
 */
import {
  INVENTORY_ITEM_SCHEMAS,
  type BinItem,
  type ImportReject,
  type ImportResult,
  type InventoryDto,
  type InventoryKind,
  type Issue,
  type SiteItem,
  type VehicleItem,
} from '../../contract/index.js';
import type { BinRow, BinsRepository } from '../db/repositories/bins-repository.js';
import type { FleetRepository, SiteRow, VehicleRow } from '../db/repositories/fleet-repository.js';
import type { InventoryRepository } from '../db/repositories/inventory-repository.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { cellOf, H3_RESOLUTION, snapPoints, type LngLat } from '../solver.js';
import { because, readCsv, readGeoJson, rowItem, yieldToLoop, type ReadFile } from './inventory-import.js';
import type { KnownBins } from './known-bins.js';
import { MAX_SNAP_M, type RoadContext } from './road-context.js';

type Item = BinItem | SiteItem | VehicleItem;

/** The fields compared to tell an update from an unchanged row, per kind. */
const COMPARED: Record<InventoryKind, readonly string[]> = {
  bins: ['lng', 'lat', 'stream', 'container', 'capacityLitres', 'serviceSec', 'osmRef', 'accessNotes'],
  sites: ['kind', 'name', 'lng', 'lat', 'serviceSec'],
  vehicles: ['name', 'type', 'streams', 'capacityLitres', 'capacityKg', 'shiftStart', 'shiftEnd', 'co2KgPerKm'],
};

/** Rows checked between two returns to the event loop. */
const ROWS_PER_SLICE = 250;

/** A file to import: its text (CSV or GeoJSON) or an already parsed JSON document. */
export type ImportSource = { readonly format: 'csv'; readonly text: string } | { readonly format: 'geojson'; readonly doc: unknown };

/** What an import or an edit would do, before it is applied. */
interface ChangeSet {
  readonly kind: InventoryKind;
  readonly upserts: Item[];
  readonly create: string[];
  readonly update: { id: string; fields: string[] }[];
  unchanged: number;
  readonly retire: string[];
  readonly rejected: ImportReject[];
}

/** Reads and edits a space's inventory (see the file comment). */
export class InventoryService {
  constructor(
    private readonly fleet: FleetRepository,
    private readonly bins: BinsRepository,
    private readonly repo: InventoryRepository,
    private readonly known: KnownBins,
    private readonly road: RoadContext,
    private readonly now: () => Date,
    /** Called after every applied change (the forecast and the map bodies are rebuilt). */
    private readonly onChange: () => void,
  ) {}

  sites(): SiteRow[] {
    return this.fleet.sites();
  }

  vehicles(): VehicleRow[] {
    return this.fleet.vehicles();
  }

  /** Whether the space has vehicle `id` (not retired). */
  hasVehicle(id: string): boolean {
    return this.fleet.vehicles().some((v) => v.id === id);
  }

  /** Every active item of the space, as the forms edit them. */
  list(): InventoryDto {
    const notes = this.bins.accessNotes();
    return { bins: this.bins.all().map((b) => toBinItem(b, notes.get(b.id) ?? null)), sites: this.fleet.sites().map(toSiteItem), vehicles: this.fleet.vehicles().map(toVehicleItem) };
  }

  /**
   * Previews (`dryRun`) or applies an import of `kind` items. With `mode: 'replace'` the items of
   * that kind the file does not hold are retired.
   * The file is read and checked in slices (the event loop is given back between them); the
   * writes are one transaction.
   * @throws InvalidInputError listing every refused row (path `line N.column` or
   *   `features[i].column`) when applying a file with any: nothing is written.
   */
  async import(kind: InventoryKind, source: ImportSource, mode: 'merge' | 'replace', dryRun: boolean): Promise<ImportResult> {
    const file = source.format === 'csv' ? await readCsv(kind, source.text) : readGeoJson(kind, source.doc);
    const set = await this.changeSet(kind, file, mode);
    const result: ImportResult = {
      kind,
      format: file.format,
      delimiter: file.delimiter,
      mode,
      applied: false,
      rows: file.rows.length,
      create: set.create,
      update: set.update,
      unchanged: set.unchanged,
      retire: set.retire,
      rejected: set.rejected,
    };
    if (dryRun) return result;
    if (set.rejected.length > 0) {
      throw new InvalidInputError(
        set.rejected.map((r) => ({ path: rejectPath(r), message: r.reason, code: r.code })),
        `${set.rejected.length} problem${set.rejected.length === 1 ? '' : 's'} in the file: nothing was imported`,
      );
    }
    this.apply(set);
    return { ...result, applied: true };
  }

  /**
   * Creates an item (or brings back a retired one of this space).
   * @throws InvalidInputError for a bad item; ConflictError when the id is in use.
   */
  create(kind: InventoryKind, body: unknown): Item {
    const item = this.parseItem(kind, body);
    const owner = this.repo.ownerOf(kind, item.id);
    if (owner && (owner.space === 'other' || !owner.retired)) throw new ConflictError(`the id '${item.id}' is already in use`, [{ path: 'id', message: 'is already in use', code: 'taken' }]);
    this.applyOrThrow({ kind, upserts: [item], create: [item.id], update: [], unchanged: 0, retire: [], rejected: [] });
    return item;
  }

  /**
   * Replaces item `id` of this space with `body` (same id).
   * @throws NotFoundError for an item not of this space; InvalidInputError for a bad item or
   *   another id in the body; ConflictError when the change would leave the space without a depot
   *   or a disposal site.
   */
  update(kind: InventoryKind, id: string, body: unknown): Item {
    if (!this.activeIds(kind).has(id)) throw new NotFoundError(`no ${kindWord(kind)} '${id.slice(0, 64)}' in this space`);
    const item = this.parseItem(kind, body);
    if (item.id !== id) throw new InvalidInputError([{ path: 'id', message: `must be '${id}' (an id cannot change)` }]);
    this.applyOrThrow({ kind, upserts: [item], create: [], update: [{ id, fields: [] }], unchanged: 0, retire: [], rejected: [] });
    return item;
  }

  /**
   * Retires item `id` of this space (kept for the plans and readings that name it).
   * @throws NotFoundError for an item not of this space; ConflictError when it is the last depot,
   *   disposal site or vehicle, or a vehicle a driver is bound to.
   */
  retire(kind: InventoryKind, id: string): void {
    if (!this.activeIds(kind).has(id)) throw new NotFoundError(`no ${kindWord(kind)} '${id.slice(0, 64)}' in this space`);
    this.applyOrThrow({ kind, upserts: [], create: [], update: [], unchanged: 0, retire: [id], rejected: [] });
  }

  private parseItem(kind: InventoryKind, body: unknown): Item {
    const parsed = INVENTORY_ITEM_SCHEMAS[kind].safeParse(body ?? {});
    if (!parsed.success) throw new InvalidInputError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })));
    return parsed.data as Item;
  }

  private applyOrThrow(set: ChangeSet): void {
    const problems = this.constraints(set);
    if (problems.length > 0) throw new ConflictError(problems.map((p) => p.reason).join('; '), problems.map((p): Issue => ({ path: p.id ?? '', message: p.reason, code: p.code })));
    this.apply(set);
  }

  private activeIds(kind: InventoryKind): Set<string> {
    return new Set(this.current(kind).keys());
  }

  /** The active items of `kind` by id, as items. */
  private current(kind: InventoryKind): Map<string, Record<string, unknown>> {
    const notes = kind === 'bins' ? this.bins.accessNotes() : new Map<string, string>();
    const list = (kind === 'bins' ? this.bins.all().map((b) => toBinItem(b, notes.get(b.id) ?? null)) : kind === 'sites' ? this.fleet.sites().map(toSiteItem) : this.fleet.vehicles().map(toVehicleItem)) as unknown as Record<string, unknown>[];
    return new Map(list.map((x) => [x.id as string, x]));
  }

  /** What `file` would change (rows checked in slices, the event loop given back between them). */
  private async changeSet(kind: InventoryKind, file: ReadFile, mode: 'merge' | 'replace'): Promise<ChangeSet> {
    const current = this.current(kind);
    const set: ChangeSet = { kind, upserts: [], create: [], update: [], unchanged: 0, retire: [], rejected: [...file.fileProblems] };
    if (file.fileProblems.length > 0) return set;
    const seen = new Map<string, { line: number } | { index: number }>();
    const placeOf = (row: { line?: number; index?: number }): { line: number } | { index: number } => (row.line !== undefined ? { line: row.line } : { index: row.index ?? 0 });
    let n = 0;
    for (const row of file.rows) {
      if (++n % ROWS_PER_SLICE === 0) await yieldToLoop();
      const r = rowItem<Item>(kind, row, (id) => current.get(id));
      if (!r.ok) {
        set.rejected.push(...r.rejects);
        if (r.id) seen.set(r.id, placeOf(row));
        continue;
      }
      const where = { ...(row.line !== undefined ? { line: row.line } : {}), ...(row.index !== undefined ? { index: row.index } : {}), id: r.id };
      const first = seen.get(r.id);
      if (first) {
        set.rejected.push({ ...where, column: 'id', code: 'duplicate', ...because('duplicate_id', `the id '${r.id}' is already on ${'line' in first ? `line ${first.line}` : `feature ${first.index}`}`, { id: r.id, ...first }) });
        continue;
      }
      seen.set(r.id, placeOf(row));
      const before = current.get(r.id);
      if (!before) {
        if (this.repo.ownerOf(kind, r.id)?.space === 'other') {
          set.rejected.push({ ...where, column: 'id', code: 'taken', ...because('id_taken', `the id '${r.id}' is used by another collectivité (ids are unique on the platform)`, { id: r.id }) });
          continue;
        }
        set.create.push(r.id);
        set.upserts.push(r.item);
        continue;
      }
      const fields = COMPARED[kind].filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify((r.item as unknown as Record<string, unknown>)[f] ?? null));
      if (fields.length === 0) set.unchanged++;
      else {
        set.update.push({ id: r.id, fields });
        set.upserts.push(r.item);
      }
    }
    if (mode === 'replace') for (const id of current.keys()) if (!seen.has(id)) set.retire.push(id);
    set.rejected.push(...this.constraints(set));
    return set;
  }

  /** What the change would break in the space: its last depot, disposal site or vehicle gone, a driver's vehicle retired. */
  private constraints(set: ChangeSet): ImportReject[] {
    if (set.kind === 'bins') return [];
    const out: ImportReject[] = [];
    const after = this.current(set.kind);
    for (const id of set.retire) after.delete(id);
    for (const item of set.upserts) after.set(item.id, item as unknown as Record<string, unknown>);
    const before = [...this.current(set.kind).values()];
    if (set.kind === 'sites') {
      for (const kind of ['depot', 'disposal'] as const) {
        const had = before.some((s) => s.kind === kind);
        if (had && ![...after.values()].some((s) => s.kind === kind)) {
          out.push({ code: 'constraint', ...because(kind === 'depot' ? 'no_depot_left' : 'no_disposal_left', `the space would have no ${kind === 'depot' ? 'depot' : 'disposal site'} left (plans need one)`) });
        }
      }
    } else {
      if (before.length > 0 && after.size === 0) out.push({ code: 'constraint', ...because('no_vehicle_left', 'the space would have no vehicle left') });
      for (const id of set.retire) {
        const n = this.repo.driversOf(id);
        if (n > 0) out.push({ id, code: 'constraint', ...because('driver_vehicle', `vehicle '${id}' is the vehicle of ${n} driver${n === 1 ? '' : 's'}: bind them to another vehicle first`, { id, drivers: n }) });
      }
    }
    return out;
  }

  /** Writes a change set in one transaction, then refreshes what depends on it. */
  private apply(set: ChangeSet): void {
    const at = this.now().toISOString();
    this.repo.transaction(() => {
      for (const item of set.upserts) {
        if (set.kind === 'bins') this.repo.upsertBin(toBinRow(item as BinItem), (item as BinItem).accessNotes);
        else if (set.kind === 'sites') this.repo.upsertSite(item as SiteItem);
        else this.repo.upsertVehicle(item as VehicleItem);
      }
      for (const id of set.retire) this.repo.retire(set.kind, id, at);
    });
    if (set.kind === 'bins') {
      this.known.invalidate();
      this.resnap(set.upserts as BinItem[], set.retire);
    } else if (set.kind === 'sites') this.resnapSites(set.upserts as SiteItem[], set.retire);
    this.onChange();
  }

  /** Keeps the map's snaps of the bins current (bins placed off the network show as unreachable). */
  private resnap(bins: readonly BinItem[], retired: readonly string[]): void {
    for (const id of retired) this.road.binSnaps.delete(id);
    for (const b of bins) this.road.unreachable.delete(b.id);
    if (!this.road.net || bins.length === 0) return;
    const snaps = snapPoints(this.road.net, bins.map((b) => [b.lng, b.lat] as LngLat), MAX_SNAP_M);
    bins.forEach((b, k) => this.road.binSnaps.set(b.id, snaps[k]!));
  }

  private resnapSites(sites: readonly SiteItem[], retired: readonly string[]): void {
    for (const id of retired) this.road.siteSnaps.delete(id);
    if (!this.road.net || sites.length === 0) return;
    const snaps = snapPoints(this.road.net, sites.map((s) => [s.lng, s.lat] as LngLat), MAX_SNAP_M);
    sites.forEach((s, k) => this.road.siteSnaps.set(s.id, snaps[k]!));
  }
}

function kindWord(kind: InventoryKind): string {
  return kind === 'bins' ? 'bin' : kind === 'sites' ? 'site' : 'vehicle';
}

/** Where a refused row is, as an error issue's path: `line 3.lng`, `features[2].lng`, or the column alone. */
function rejectPath(r: ImportReject): string {
  const at = r.line !== undefined ? `line ${r.line}` : r.index !== undefined ? `features[${r.index}]` : '';
  return [at, r.column].filter(Boolean).join('.');
}

function toBinItem(b: BinRow, accessNotes: string | null): BinItem {
  return { id: b.id, lng: b.lng, lat: b.lat, stream: b.stream, container: b.container, capacityLitres: b.capacityLitres, serviceSec: b.serviceSec, osmRef: b.osmRef, accessNotes };
}

function toSiteItem(s: SiteRow): SiteItem {
  return { id: s.id, kind: s.kind, name: s.name, lng: s.lng, lat: s.lat, serviceSec: s.serviceSec };
}

function toVehicleItem(v: VehicleRow): VehicleItem {
  return {
    id: v.id, name: v.name, type: v.type, streams: v.streams, capacityLitres: v.capacityLitres, capacityKg: v.capacityKg,
    shiftStart: v.shiftStart, shiftEnd: v.shiftEnd, co2KgPerKm: v.co2KgPerKm,
  };
}

/** A bin item as a row: its H3 cell computed; `origin` is `osm` with an OSM reference, else `generated` (kept on update). */
function toBinRow(b: BinItem): BinRow {
  const { accessNotes: _notes, ...row } = b;
  return { ...row, origin: b.osmRef ? 'osm' : 'generated', h3Cell: cellOf([b.lng, b.lat], H3_RESOLUTION) };
}
