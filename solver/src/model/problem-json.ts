/**
 * The documented, versioned problem format of a collection day (issue #5), as a zod schema.
 *
 * This is the external shape read by `npm run solve -- problem.json` and written by the instance
 * generator; `docs/problem.schema.json` is generated from it (`npm run docs:schema`). Clock times
 * are whole seconds since the plan day's local midnight (`…Sec`), volumes whole litres, masses
 * whole kilograms, distances whole metres. Locations are `[lng, lat]` on the road network, or
 * `locationIndex` into an explicit `matrix` when one is given.
 *
 * {@link parseProblemJson} checks the shape and every cross-reference, and throws one
 * {@link ProblemError} listing every problem with its JSON path (house style §3a). A problem that is
 * valid but partly infeasible is not an error: the solver reports those bins in `unassigned`.
 */
import { z } from 'zod';
import { ProblemError, type ProblemIssue } from './errors.js';
import { STREAMS } from './types.js';

/** Version of the problem format this module reads. */
export const PROBLEM_FORMAT_VERSION = 1;

/** Longest horizon a clock time may reach: two days, so night shifts may pass midnight. */
const MAX_CLOCK_SEC = 2 * 86_400;

const ClockSec = z.number().int().min(0).max(MAX_CLOCK_SEC).describe('seconds since the plan day\'s local midnight');
const DurationSec = z.number().int().min(0).max(MAX_CLOCK_SEC).describe('seconds');
const StreamSchema = z.enum(STREAMS);
const IdSchema = z.string().min(1).max(200);

const LngLatSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .describe('[longitude, latitude], WGS84 degrees');

/** Either a point on the map or an index into `matrix`; which one is required depends on `matrix`. */
const Placed = {
  location: LngLatSchema.optional(),
  locationIndex: z.number().int().min(0).optional().describe('row/column of `matrix` (only with an explicit matrix)'),
};

const TimeWindowSchema = z
  .object({ openSec: ClockSec, closeSec: ClockSec })
  .describe('service may start at any time from openSec to closeSec inclusive');

export const DepotSchema = z.object({
  id: IdSchema,
  name: z.string().optional(),
  ...Placed,
  openSec: ClockSec.default(0),
  closeSec: ClockSec.default(86_400),
});

export const DisposalSiteSchema = z.object({
  id: IdSchema,
  name: z.string().optional(),
  ...Placed,
  timeWindows: z.array(TimeWindowSchema).min(1).default([{ openSec: 0, closeSec: 86_400 }]),
  unloadingSec: DurationSec.describe('time to weigh and tip one load'),
  streams: z.array(StreamSchema).min(1).describe('streams the site accepts'),
});

export const BinSchema = z.object({
  id: IdSchema,
  ...Placed,
  approach: z.enum(['either', 'kerb']).default('either').describe('kerb: served only with the bin on the driving side'),
  stream: StreamSchema,
  demandLitres: z.number().int().min(0),
  demandKg: z.number().int().min(0),
  serviceSec: DurationSec,
  timeWindows: z.array(TimeWindowSchema).optional().describe('absent: any time within the shifts'),
  mandatory: z.boolean().default(true),
  prize: z.number().min(0).optional().describe('optional bins only: value of collecting it, in objective cost units'),
});

export const BreakSchema = z.object({
  earliestStartSec: ClockSec,
  latestStartSec: ClockSec,
  durationSec: DurationSec.refine((d) => d > 0, 'must be > 0'),
});

export const VehicleSchema = z.object({
  id: IdSchema,
  type: z.string().optional(),
  streams: z.array(StreamSchema).min(1),
  capacityLitres: z.number().int().positive(),
  capacityKg: z.number().int().positive(),
  dailyCapacityKg: z.number().int().positive().optional().describe('total mass the vehicle may collect in the day'),
  maxStops: z.number().int().positive().optional(),
  shiftStartSec: ClockSec,
  shiftEndSec: ClockSec,
  maxWorkingSec: DurationSec.optional(),
  breaks: z.array(BreakSchema).default([]),
  startDepotId: IdSchema,
  endDepotId: IdSchema,
  costs: z
    .object({ perKm: z.number().min(0).default(0), perHour: z.number().min(0).default(0), fixed: z.number().min(0).default(0) })
    .default({ perKm: 0, perHour: 0, fixed: 0 }),
  co2KgPerKm: z.number().min(0).default(0),
});

export const MatrixSchema = z.object({
  durationsSec: z.array(z.array(z.number().int().min(0))),
  distancesM: z.array(z.array(z.number().int().min(0))),
});

export const ObjectiveSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('hierarchical').describe('fewest vehicles, then least total duration') }),
    z.object({ type: z.literal('weighted').describe('sum of vehicle costs (fixed + per km + per hour)') }),
  ])
  .default({ type: 'hierarchical' });

export const FixedPrefixSchema = z.object({
  vehicleId: IdSchema,
  doneBinIds: z.array(IdSchema).describe('bins already collected today, in order'),
  ...Placed,
  atSec: ClockSec.describe('clock time at the current position'),
  loadLitres: z.number().int().min(0),
  loadKg: z.number().int().min(0),
});

export const LockSchema = z.object({
  vehicleId: IdSchema,
  binIds: z.array(IdSchema).min(1).describe('served by this vehicle in this relative order'),
  wholeRoute: z.boolean().default(false).describe('true: the vehicle serves exactly these bins'),
});

export const ProblemJsonSchema = z.object({
  version: z.literal(PROBLEM_FORMAT_VERSION),
  name: z.string().optional(),
  date: z.iso.date().optional(),
  timeZone: z.string().optional(),
  depots: z.array(DepotSchema).min(1),
  disposalSites: z.array(DisposalSiteSchema).min(1),
  bins: z.array(BinSchema),
  vehicles: z.array(VehicleSchema).min(1),
  matrix: MatrixSchema.optional(),
  objective: ObjectiveSchema,
  fixedPrefixes: z.array(FixedPrefixSchema).default([]),
  locks: z.array(LockSchema).default([]),
});

/** A parsed, cross-checked problem document (defaults applied). */
export type ProblemJson = z.output<typeof ProblemJsonSchema>;

/** Formats a zod/JS path as `bins[3].timeWindows[0].closeSec`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function duplicateIds(ids: readonly (string | null)[], path: string, issues: ProblemIssue[]): Set<string> {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (id === null) return;
    if (seen.has(id)) issues.push({ path: `${path}[${i}].id`, message: `duplicate id '${id}'` });
    seen.add(id);
  });
  return seen;
}

function checkPlaced(
  item: { location?: readonly [number, number] | undefined; locationIndex?: number | undefined },
  path: string,
  matrixSize: number | null,
  issues: ProblemIssue[],
): void {
  if (matrixSize === null) {
    if (!item.location) issues.push({ path: `${path}.location`, message: 'required when the problem has no matrix' });
    if (item.locationIndex !== undefined) issues.push({ path: `${path}.locationIndex`, message: 'only allowed with an explicit matrix' });
  } else if (item.locationIndex === undefined) {
    issues.push({ path: `${path}.locationIndex`, message: 'required when the problem has a matrix' });
  } else if (item.locationIndex >= matrixSize) {
    issues.push({ path: `${path}.locationIndex`, message: `must be < ${matrixSize} (the matrix size)` });
  }
}

function checkWindows(windows: readonly { openSec: number; closeSec: number }[] | undefined, path: string, issues: ProblemIssue[]): void {
  windows?.forEach((w, i) => {
    if (w.closeSec < w.openSec) issues.push({ path: `${path}[${i}].closeSec`, message: `closes (${w.closeSec}) before it opens (${w.openSec})` });
  });
}

/**
 * The document as far as it could be read: each entity parsed on its own, `null` where it failed
 * its schema (its problems are already reported), so that cross-references are still checked for
 * everything else and every problem is listed at once.
 */
interface Salvaged {
  readonly matrix: ProblemJson['matrix'] | null;
  readonly depots: readonly (ProblemJson['depots'][number] | null)[];
  readonly disposalSites: readonly (ProblemJson['disposalSites'][number] | null)[];
  readonly bins: readonly (ProblemJson['bins'][number] | null)[];
  readonly vehicles: readonly (ProblemJson['vehicles'][number] | null)[];
  readonly locks: readonly (ProblemJson['locks'][number] | null)[];
  readonly fixedPrefixes: readonly (ProblemJson['fixedPrefixes'][number] | null)[];
  /** Ids as written (also of entities that failed their schema), in input order. */
  readonly ids: { readonly depots: readonly (string | null)[]; readonly disposalSites: readonly (string | null)[]; readonly bins: readonly (string | null)[]; readonly vehicles: readonly (string | null)[] };
}

function salvage(input: unknown): Salvaged {
  const doc = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const each = <T>(key: string, schema: z.ZodType<T>): (T | null)[] => {
    const raw = doc[key];
    if (!Array.isArray(raw)) return [];
    return raw.map((item: unknown) => {
      const r = schema.safeParse(item);
      return r.success ? r.data : null;
    });
  };
  const idsOf = (key: string): (string | null)[] => {
    const raw = doc[key];
    if (!Array.isArray(raw)) return [];
    return raw.map((item: unknown) => {
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      return typeof id === 'string' ? id : null;
    });
  };
  const matrix = doc['matrix'] === undefined ? null : MatrixSchema.safeParse(doc['matrix']);
  return {
    matrix: matrix && matrix.success ? matrix.data : null,
    depots: each('depots', DepotSchema),
    disposalSites: each('disposalSites', DisposalSiteSchema),
    bins: each('bins', BinSchema),
    vehicles: each('vehicles', VehicleSchema),
    locks: each('locks', LockSchema),
    fixedPrefixes: each('fixedPrefixes', FixedPrefixSchema),
    ids: { depots: idsOf('depots'), disposalSites: idsOf('disposalSites'), bins: idsOf('bins'), vehicles: idsOf('vehicles') },
  };
}

/** Cross-reference checks zod cannot express; returns every issue found. */
function crossCheck(p: Salvaged, hasMatrix: boolean): ProblemIssue[] {
  const issues: ProblemIssue[] = [];
  let matrixSize: number | null = null;
  if (hasMatrix && !p.matrix) matrixSize = Number.POSITIVE_INFINITY;
  if (p.matrix) {
    const size = p.matrix.durationsSec.length;
    matrixSize = size;
    for (const key of ['durationsSec', 'distancesM'] as const) {
      const rows = p.matrix[key];
      if (rows.length !== size) issues.push({ path: `matrix.${key}`, message: `has ${rows.length} rows, expected ${size} (as durationsSec)` });
      rows.forEach((row, i) => {
        if (row.length !== size) issues.push({ path: `matrix.${key}[${i}]`, message: `has ${row.length} entries, expected ${size}` });
      });
    }
  }
  const depotIds = duplicateIds(p.ids.depots, 'depots', issues);
  duplicateIds(p.ids.disposalSites, 'disposalSites', issues);
  const binIds = duplicateIds(p.ids.bins, 'bins', issues);
  const vehicleIds = duplicateIds(p.ids.vehicles, 'vehicles', issues);

  p.depots.forEach((d, i) => {
    if (!d) return;
    checkPlaced(d, `depots[${i}]`, matrixSize, issues);
    if (d.closeSec < d.openSec) issues.push({ path: `depots[${i}].closeSec`, message: `closes (${d.closeSec}) before it opens (${d.openSec})` });
  });
  p.disposalSites.forEach((s, i) => {
    if (!s) return;
    checkPlaced(s, `disposalSites[${i}]`, matrixSize, issues);
    checkWindows(s.timeWindows, `disposalSites[${i}].timeWindows`, issues);
  });
  p.bins.forEach((b, i) => {
    if (!b) return;
    checkPlaced(b, `bins[${i}]`, matrixSize, issues);
    checkWindows(b.timeWindows, `bins[${i}].timeWindows`, issues);
    if (!b.mandatory && b.prize === undefined) issues.push({ path: `bins[${i}].prize`, message: 'required for an optional bin (mandatory: false)' });
    if (b.mandatory && b.prize !== undefined) issues.push({ path: `bins[${i}].prize`, message: 'only optional bins have a prize' });
  });
  p.vehicles.forEach((v, i) => {
    if (!v) return;
    const path = `vehicles[${i}]`;
    const shift = v.shiftEndSec - v.shiftStartSec;
    if (shift <= 0) issues.push({ path: `${path}.shiftEndSec`, message: `shift ends (${v.shiftEndSec}) before or when it starts (${v.shiftStartSec})` });
    if (!depotIds.has(v.startDepotId)) issues.push({ path: `${path}.startDepotId`, message: `unknown depot '${v.startDepotId}'` });
    if (!depotIds.has(v.endDepotId)) issues.push({ path: `${path}.endDepotId`, message: `unknown depot '${v.endDepotId}'` });
    v.breaks.forEach((b, j) => {
      const bp = `${path}.breaks[${j}]`;
      if (b.latestStartSec < b.earliestStartSec) issues.push({ path: `${bp}.latestStartSec`, message: `latest start (${b.latestStartSec}) is before earliest start (${b.earliestStartSec})` });
      if (shift > 0 && b.durationSec >= shift) issues.push({ path: `${bp}.durationSec`, message: `break (${b.durationSec} s) is not shorter than the shift (${shift} s)` });
    });
  });
  const lockedBins = new Map<string, string>();
  p.locks.forEach((l, i) => {
    if (!l) return;
    if (!vehicleIds.has(l.vehicleId)) issues.push({ path: `locks[${i}].vehicleId`, message: `unknown vehicle '${l.vehicleId}'` });
    l.binIds.forEach((id, j) => {
      if (!binIds.has(id)) issues.push({ path: `locks[${i}].binIds[${j}]`, message: `unknown bin '${id}'` });
      const other = lockedBins.get(id);
      if (other !== undefined) issues.push({ path: `locks[${i}].binIds[${j}]`, message: `bin '${id}' is already locked (${other})` });
      lockedBins.set(id, `locks[${i}]`);
    });
  });
  const prefixVehicles = new Set<string>();
  p.fixedPrefixes.forEach((f, i) => {
    if (!f) return;
    const path = `fixedPrefixes[${i}]`;
    if (!vehicleIds.has(f.vehicleId)) issues.push({ path: `${path}.vehicleId`, message: `unknown vehicle '${f.vehicleId}'` });
    if (prefixVehicles.has(f.vehicleId)) issues.push({ path: `${path}.vehicleId`, message: `vehicle '${f.vehicleId}' has two fixed prefixes` });
    prefixVehicles.add(f.vehicleId);
    checkPlaced(f, path, matrixSize, issues);
    f.doneBinIds.forEach((id, j) => {
      if (!binIds.has(id)) issues.push({ path: `${path}.doneBinIds[${j}]`, message: `unknown bin '${id}'` });
      else if (lockedBins.has(id)) issues.push({ path: `${path}.doneBinIds[${j}]`, message: `bin '${id}' is both done and locked` });
    });
  });
  return issues;
}

/**
 * Parses and cross-checks a problem document.
 * @param input parsed JSON (any value).
 * @returns the problem with defaults applied.
 * @throws ProblemError listing every problem, each with its JSON path, when the document is malformed.
 */
export function parseProblemJson(input: unknown): ProblemJson {
  const parsed = ProblemJsonSchema.safeParse(input);
  const hasMatrix = typeof input === 'object' && input !== null && (input as { matrix?: unknown }).matrix !== undefined;
  const cross = crossCheck(salvage(input), hasMatrix);
  if (!parsed.success) {
    const schemaIssues = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    const seen = new Set(schemaIssues.map((i) => i.path));
    throw new ProblemError([...schemaIssues, ...cross.filter((i) => !seen.has(i.path))]);
  }
  if (cross.length > 0) throw new ProblemError(cross);
  return parsed.data;
}

/** JSON Schema (draft 2020-12) of the problem format, for `docs/problem.schema.json`. */
export function problemJsonSchema(): Record<string, unknown> {
  return {
    title: 'Collecte problem (a collection day)',
    ...z.toJSONSchema(ProblemJsonSchema, { io: 'input' }),
  };
}
