/**
 * The only module of the client that calls `fetch`. Every function returns a contract DTO, parsed
 * with the contract's zod schema, or throws an `ApiError` subclass.
 */
import type { z } from 'zod';
import {
  BinCollectionSchema,
  CellCollectionSchema,
  PlanCreatedSchema,
  PlanGeoJsonSchema,
  PlanListSchema,
  PlanSchema,
  RoadCollectionSchema,
  SiteListSchema,
  type BinCollection,
  type CellCollection,
  type PlanCreated,
  type PlanDto,
  type PlanGeoJson,
  type PlanList,
  type RoadCollection,
  type SiteDto,
} from '../../../server/contract/index.js';
import { apiErrorFromBody, UnexpectedResponseError } from './api-error.js';

/** Options of {@link waitForPlan}. `sleep` is injectable so tests do not wait on the clock. */
export interface WaitForPlanOptions {
  intervalMs?: number;
  /** Give up after this many polls (default 600, i.e. 10 min at 1 s). */
  maxPolls?: number;
  onStatus?: (plan: PlanDto) => void;
  sleep?: (ms: number) => Promise<void>;
}

async function requestJson<S extends z.ZodType>(path: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  let response: Response;
  try {
    response = await globalThis.fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.headers ?? {}) } });
  } catch (cause) {
    throw new UnexpectedResponseError('unexpected_response', 0, `Network error on ${path}: ${String(cause)}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (!response.ok) throw apiErrorFromBody(response.status, undefined);
    throw new UnexpectedResponseError('unexpected_response', response.status, `${path} did not return JSON`);
  }
  if (!response.ok) throw apiErrorFromBody(response.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.')}: ${first.message}` : 'unknown';
    throw new UnexpectedResponseError('unexpected_response', response.status, `${path} returned an unexpected body (${where})`);
  }
  return parsed.data;
}

/** `GET /api/bins`: every bin as a GeoJSON point with its latest fill and forecast. */
export function getBins(): Promise<BinCollection> {
  return requestJson('/api/bins', BinCollectionSchema);
}

/** `GET /api/cells`: H3 cell polygons with bin count and mean fill. */
export function getCells(): Promise<CellCollection> {
  return requestJson('/api/cells', CellCollectionSchema);
}

/** `GET /api/roads`: the OSM street network, which is the offline basemap. */
export function getRoads(): Promise<RoadCollection> {
  return requestJson('/api/roads', RoadCollectionSchema);
}

/** `GET /api/sites`: depots and disposal sites. */
export function getSites(): Promise<SiteDto[]> {
  return requestJson('/api/sites', SiteListSchema);
}

/** `GET /api/plans?date=`: plans of one day, latest first. */
export function listPlans(date: string): Promise<PlanList> {
  return requestJson(`/api/plans?date=${encodeURIComponent(date)}`, PlanListSchema);
}

/** `GET /api/plans/:planId`. */
export function getPlan(planId: string): Promise<PlanDto> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}`, PlanSchema);
}

/** `GET /api/plans/:planId?format=geojson`: route lines, stops, depot and disposal points. */
export function getPlanGeoJson(planId: string): Promise<PlanGeoJson> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}?format=geojson`, PlanGeoJsonSchema);
}

/** `POST /api/plans {date}`: queues a computation; poll with {@link waitForPlan}. */
export function createPlan(date: string): Promise<PlanCreated> {
  return requestJson('/api/plans', PlanCreatedSchema, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date }),
  });
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `GET /api/plans/:planId` until the status is final (`done`, `failed` or `cancelled`) and returns the last plan.
 * Throws `UnexpectedResponseError` after `maxPolls` polls.
 */
export async function waitForPlan(planId: string, options: WaitForPlanOptions = {}): Promise<PlanDto> {
  const { intervalMs = 1_000, maxPolls = 600, onStatus, sleep = defaultSleep } = options;
  for (let poll = 0; poll < maxPolls; poll += 1) {
    const plan = await getPlan(planId);
    onStatus?.(plan);
    if (plan.status === 'done' || plan.status === 'failed' || plan.status === 'cancelled') return plan;
    await sleep(intervalMs);
  }
  throw new UnexpectedResponseError('unexpected_response', 0, `Plan ${planId} still not finished after ${maxPolls} polls`);
}
