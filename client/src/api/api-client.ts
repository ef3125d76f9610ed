/**
 * The only module of the client that calls `fetch`. Every function returns a contract DTO, parsed
 * with the contract's zod schema, or throws an `ApiError` subclass.
 *
 * Session: the server keeps the session in an httpOnly cookie (sent by the browser); this module
 * keeps the session's `csrfToken` (from {@link login}, {@link getSession} or
 * {@link switchSpace}) and sends it as `X-CSRF-Token` with every write (POST, PUT, PATCH, DELETE).
 * Any 401 answer, except a failed login, calls the handler set with {@link onUnauthenticated}
 * (the app shows the login page) before the `UnauthenticatedError` is thrown.
 */
import type { z } from 'zod';
import { HorizonSchema, type HorizonDto } from '../../../server/contract/index.js';
import {
  AuditListSchema,
  BinCollectionSchema,
  CellCollectionSchema,
  CreatedTokenSchema,
  ImportResultSchema,
  DayStatusChangedSchema,
  IngestResultSchema,
  InventorySchema,
  MemberListSchema,
  MemberSchema,
  PlanCancelledSchema,
  PlanCreatedSchema,
  PlanDoneEventSchema,
  PlanForecastSchema,
  PlanGeoJsonSchema,
  PlanProgressEventSchema,
  PlanRoundsEventSchema,
  PlanListSchema,
  PlanSchema,
  RoadCollectionSchema,
  SessionSchema,
  SiteListSchema,
  TokenListSchema,
  VehicleListSchema,
  type BinCollection,
  type CellCollection,
  type ImportResult,
  type IngestResult,
  type InventoryDto,
  type InventoryKind,
  type MemberDto,
  type PlanCreated,
  type PlanDoneEvent,
  type PlanDto,
  type PlanForecastDto,
  type PlanProgressEvent,
  type PlanRoundsEvent,
  type PlanGeoJson,
  type PlanList,
  type Role,
  type RoadCollection,
  type SessionDto,
  type SiteDto,
  type TokenDto,
  type TokenScope,
  type VehicleDto,
} from '../../../server/contract/index.js';
import {
  ClosureListSchema,
  ClosureSchema,
  PlanDoneStopsSchema,
  ReplanCreatedSchema,
  type ClosureDto,
  type ClosureInput,
  type PlanDoneStopsDto,
  type ReplanCreated,
  type ReplanInput,
} from '../../../server/contract/index.js';
import {
  BinHistorySchema,
  BreakdownSchema,
  CellStatsSchema,
  DailySeriesSchema,
  FillAtCollectionSchema,
  OpenDataSettingsSchema,
  PeriodComparisonSchema,
  RoundDaysSchema,
  StrategyComparisonSchema,
  type BinHistoryDto,
  type BreakdownDto,
  type CellStatsDto,
  type DailySeriesDto,
  type FillAtCollectionDto,
  type OpenDataSettingsDto,
  type PeriodComparisonDto,
  type RoundDaysDto,
  type StrategyComparisonDto,
} from '../../../server/contract/desk.js';
import {
  EvaluatedPlanSchema,
  PlanEditStateSchema,
  ReoptimiseJobSchema,
  type EvaluatedPlan,
  type PlanEdit,
  type PlanEditState,
  type ReoptimiseJob,
} from '../../../server/contract/plan-edit.js';
import {
  PlanProgressSchema,
  PositionBatchResultSchema,
  PositionBatchSchema,
  ReportBatchResultSchema,
  RoundTodaySchema,
  type PlanProgressDto,
  type ReportBatchResult,
  type ReportInput,
  type RoundTodayDto,
} from '../../../server/contract/driver.js';
import {
  CitizenReportCreatedSchema,
  CitizenReportListSchema,
  CitizenReportSchema,
  PublicPointsSchema,
  PublicSpaceSchema,
  type CitizenReportCreated,
  type CitizenReportDto,
  type CitizenReportListDto,
  type PublicPoints,
  type PublicSpaceDto,
} from '../../../server/contract/citizens.js';
import { apiErrorFromBody, UnauthenticatedError, UnexpectedResponseError } from './api-error.js';

/** Options of {@link waitForPlan}. `sleep` is injectable so tests do not wait on the clock. */
export interface WaitForPlanOptions {
  intervalMs?: number;
  /** Give up after this many polls (default 600, i.e. 10 min at 1 s). */
  maxPolls?: number;
  onStatus?: (plan: PlanDto) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** The CSRF token of the current session; null when signed out. */
let csrfToken: string | null = null;
/** Called on a 401 (see the file comment). */
let unauthenticatedHandler: ((error: UnauthenticatedError) => void) | null = null;

/** Sets the handler called on any 401 answer except a failed login (null: none). */
export function onUnauthenticated(handler: ((error: UnauthenticatedError) => void) | null): void {
  unauthenticatedHandler = handler;
}

/** Sets the CSRF token sent with writes (null forgets it). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token writes send now (null when signed out). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface RequestOptions {
  /** A 401 is the expected answer (a wrong password): do not call the unauthenticated handler. */
  quiet401?: boolean;
}

async function send(path: string, init: RequestInit | undefined, options: RequestOptions): Promise<Response> {
  const method = (init?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init?.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (!SAFE_METHODS.has(method) && csrfToken !== null) headers.set('x-csrf-token', csrfToken);
  let response: Response;
  try {
    response = await globalThis.fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  } catch (cause) {
    throw new UnexpectedResponseError('unexpected_response', 0, `Network error on ${path}: ${String(cause)}`);
  }
  if (response.ok) return response;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined; // not JSON: apiErrorFromBody reports the status without an envelope
  }
  const error = apiErrorFromBody(response.status, body, response.headers.get('retry-after'));
  if (error instanceof UnauthenticatedError && !options.quiet401) {
    csrfToken = null;
    unauthenticatedHandler?.(error);
  }
  throw error;
}

async function requestJson<S extends z.ZodType>(path: string, schema: S, init?: RequestInit, options: RequestOptions = {}): Promise<z.infer<S>> {
  const response = await send(path, init, options);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new UnexpectedResponseError('unexpected_response', response.status, `${path} did not return JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.')}: ${first.message}` : 'unknown';
    throw new UnexpectedResponseError('unexpected_response', response.status, `${path} returned an unexpected body (${where})`);
  }
  return parsed.data;
}

/** A write answered 204 No Content. */
async function requestNoContent(path: string, init: RequestInit): Promise<void> {
  await send(path, init, {});
}

const jsonBody = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// ---------- session ----------

/**
 * `POST /api/session`: signs in and keeps the session's CSRF token. A wrong username or password
 * throws `UnauthenticatedError` without calling the unauthenticated handler; too many failures
 * throw `TooManyRequestsError` with `retryAfterS`.
 */
export async function login(username: string, password: string): Promise<SessionDto> {
  const session = await requestJson('/api/session', SessionSchema, jsonBody('POST', { username, password }), { quiet401: true });
  csrfToken = session.csrfToken;
  return session;
}

/**
 * `GET /api/session`: who is signed in (and keeps the CSRF token). `quiet401` (default true): not
 * being signed in is an expected answer here, it does not call the unauthenticated handler.
 */
export async function getSession(quiet401 = true): Promise<SessionDto> {
  const session = await requestJson('/api/session', SessionSchema, undefined, { quiet401 });
  csrfToken = session.csrfToken;
  return session;
}

/** `DELETE /api/session`: signs out and forgets the CSRF token. */
export async function logout(): Promise<void> {
  try {
    await requestNoContent('/api/session', { method: 'DELETE' });
  } finally {
    csrfToken = null;
  }
}

/** `PUT /api/session/space`: works in another space of the person's; every data endpoint then answers for it. */
export async function switchSpace(spaceId: string): Promise<SessionDto> {
  const session = await requestJson('/api/session/space', SessionSchema, jsonBody('PUT', { spaceId }));
  csrfToken = session.csrfToken;
  return session;
}

/** `PUT /api/session/password`: changes the signed-in person's password (their other sessions end). */
export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return requestNoContent('/api/session/password', jsonBody('PUT', { currentPassword, newPassword }));
}

// ---------- people, tokens, audit (admins) ----------

/** `GET /api/users`: members of the current space. */
export function listMembers(): Promise<MemberDto[]> {
  return requestJson('/api/users', MemberListSchema);
}

/** `POST /api/users`: adds a person (a new account, or a role here for an existing username). */
export function addMember(input: { username: string; displayName: string; role: Role; vehicleId: string | null; password: string }): Promise<MemberDto> {
  return requestJson('/api/users', MemberSchema, jsonBody('POST', input));
}

/** `PATCH /api/users/:userId`: another role (and vehicle, for a driver). */
export function updateMember(userId: string, role: Role, vehicleId: string | null): Promise<MemberDto> {
  return requestJson(`/api/users/${encodeURIComponent(userId)}`, MemberSchema, jsonBody('PATCH', { role, vehicleId }));
}

/** `DELETE /api/users/:userId`: removes a member from the current space. */
export function removeMember(userId: string): Promise<void> {
  return requestNoContent(`/api/users/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}

/** `GET /api/tokens`: machine tokens of the space (never their secret). */
export function listTokens(): Promise<TokenDto[]> {
  return requestJson('/api/tokens', TokenListSchema);
}

/** `POST /api/tokens`: a new token; the answer's `token` is the secret, shown this once. */
export function createToken(name: string, scopes: readonly TokenScope[]): Promise<z.infer<typeof CreatedTokenSchema>> {
  return requestJson('/api/tokens', CreatedTokenSchema, jsonBody('POST', { name, scopes }));
}

/** `DELETE /api/tokens/:tokenId`: revokes a token. */
export function revokeToken(tokenId: string): Promise<void> {
  return requestNoContent(`/api/tokens/${encodeURIComponent(tokenId)}`, { method: 'DELETE' });
}

/** `GET /api/audit?limit=`: the latest audit events of the space, newest first. */
export function listAudit(limit = 50): Promise<z.infer<typeof AuditListSchema>> {
  return requestJson(`/api/audit?limit=${encodeURIComponent(String(limit))}`, AuditListSchema);
}

// ---------- readings ----------

/**
 * `POST /api/readings` with a CSV file (streamed by the browser): good rows are kept, each bad one
 * is listed (201 or 207); nothing accepted throws `InvalidInputError` listing the rows.
 */
export function uploadReadingsCsv(file: Blob): Promise<IngestResult> {
  return requestJson('/api/readings', IngestResultSchema, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file });
}

// ---------- inventory ----------

/** `GET /api/inventory`: the space's bins, depots and disposal sites, vehicles. */
export function getInventory(): Promise<InventoryDto> {
  return requestJson('/api/inventory', InventorySchema);
}

/** `POST /api/inventory/:kind` (a new item) or `PUT /api/inventory/:kind/:id` (a change of item `id`). */
export async function saveInventoryItem(kind: InventoryKind, item: { id: string }, existingId: string | null): Promise<void> {
  const path = existingId === null ? `/api/inventory/${kind}` : `/api/inventory/${kind}/${encodeURIComponent(existingId)}`;
  await send(path, jsonBody(existingId === null ? 'POST' : 'PUT', item), {});
}

/** `DELETE /api/inventory/:kind/:id`: retires an item (stored plans keep it). */
export function retireInventoryItem(kind: InventoryKind, id: string): Promise<void> {
  return requestNoContent(`/api/inventory/${kind}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/**
 * `POST /api/inventory/:kind/import`: a CSV or GeoJSON file, previewed (`dryRun`) or applied all
 * or nothing (a file with refused rows throws `InvalidInputError` listing them).
 */
export function importInventory(kind: InventoryKind, file: Blob, options: { format: 'csv' | 'geojson'; mode: 'merge' | 'replace'; dryRun: boolean }): Promise<ImportResult> {
  const query = new URLSearchParams({ format: options.format, mode: options.mode, dryRun: String(options.dryRun) });
  const type = options.format === 'csv' ? 'text/csv' : 'application/geo+json';
  return requestJson(`/api/inventory/${kind}/import?${query.toString()}`, ImportResultSchema, { method: 'POST', headers: { 'content-type': type }, body: file });
}

// ---------- map data and plans ----------

/** `GET /api/bins`: every bin as a GeoJSON point with its latest fill and forecast. */
export function getBins(): Promise<BinCollection> {
  return requestJson('/api/bins', BinCollectionSchema);
}

/**
 * `GET /api/horizon?date=&risk=`: the rolling-horizon plan of the coming working days (issue #17):
 * per day the areas (H3 cells) visited and the bins taken, per area its next visit, per bin why.
 */
export function getHorizon(date: string, riskPercent: number): Promise<HorizonDto> {
  return requestJson(`/api/horizon?${new URLSearchParams({ date, risk: String(riskPercent) }).toString()}`, HorizonSchema);
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
/** The vehicles of the current space. */
export function listVehicles(): Promise<VehicleDto[]> {
  return requestJson('/api/vehicles', VehicleListSchema);
}

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

/**
 * `POST /api/plans {date, overtimeMin?, selection?, horizonRiskPercent?}`: queues a computation;
 * follow it with {@link followPlan} or poll with {@link waitForPlan}. `selection: 'horizon'` takes
 * the day's mandatory bins from the planned visits (issue #17).
 */
export function createPlan(date: string, options: { overtimeMin?: number; selection?: 'decisions' | 'horizon'; horizonRiskPercent?: number } = {}): Promise<PlanCreated> {
  return requestJson(
    '/api/plans',
    PlanCreatedSchema,
    jsonBody('POST', {
      date,
      ...(options.overtimeMin ? { overtimeMin: options.overtimeMin } : {}),
      ...(options.selection === 'horizon' ? { selection: 'horizon', horizonRiskPercent: options.horizonRiskPercent } : {}),
    }),
  );
}

/** `POST /api/plans/:planId/cancel`: a running plan keeps its best plan so far. */
export function cancelPlan(planId: string): Promise<unknown> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/cancel`, PlanCancelledSchema, { method: 'POST' });
}

/** `GET /api/plans/:planId/forecast`: the forecast the plan used for each bin. */
export function getPlanForecast(planId: string): Promise<PlanForecastDto> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/forecast`, PlanForecastSchema);
}

/** `POST /api/plans/:planId/publish`: drivers then see their rounds. */
export function publishPlan(planId: string): Promise<unknown> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/publish`, DayStatusChangedSchema, { method: 'POST' });
}

/** Where a plan's (or one round's) file downloads from. */
export function planFileUrl(planId: string, format: 'gpx' | 'csv', routeId?: string): string {
  const base = `/api/plans/${encodeURIComponent(planId)}`;
  return `${routeId ? `${base}/routes/${encodeURIComponent(routeId)}` : base}?format=${format}`;
}
/** Where a plan's summary CSV downloads from. */
export function planSummaryCsvUrl(planId: string): string {
  return `/api/plans/${encodeURIComponent(planId)}/summary?format=csv`;
}

/** Handlers of a plan's Server-Sent Events. */
export interface PlanEventHandlers {
  onProgress?: (ev: PlanProgressEvent) => void;
  onRounds?: (ev: PlanRoundsEvent) => void;
}

/**
 * Follows `GET /api/plans/:planId/events` until the `done` event (validated payloads), then
 * resolves with it. `close()` stops following (the promise then never settles).
 */
export function followPlan(planId: string, handlers: PlanEventHandlers): { done: Promise<PlanDoneEvent>; close: () => void } {
  const source = new EventSource(`/api/plans/${encodeURIComponent(planId)}/events`);
  const done = new Promise<PlanDoneEvent>((resolve, reject) => {
    source.addEventListener('progress', (e) => {
      const ev = PlanProgressEventSchema.safeParse(JSON.parse((e as MessageEvent<string>).data));
      if (ev.success) handlers.onProgress?.(ev.data);
    });
    source.addEventListener('rounds', (e) => {
      const ev = PlanRoundsEventSchema.safeParse(JSON.parse((e as MessageEvent<string>).data));
      if (ev.success) handlers.onRounds?.(ev.data);
    });
    source.addEventListener('done', (e) => {
      source.close();
      const ev = PlanDoneEventSchema.safeParse(JSON.parse((e as MessageEvent<string>).data));
      if (ev.success) resolve(ev.data);
      else reject(new UnexpectedResponseError('unexpected_response', 200, 'malformed done event'));
    });
    source.addEventListener('error', () => {
      // the stream closed before `done` (server restarted...): the caller falls back to polling
      if (source.readyState === EventSource.CLOSED) reject(new UnexpectedResponseError('unexpected_response', 0, 'event stream closed'));
    });
  });
  return { done, close: () => source.close() };
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

// ---------- closures and re-plans ----------

/** `GET /api/closures?date=`: the closures in force on a day. */
export function listClosures(date: string): Promise<ClosureDto[]> {
  return requestJson(`/api/closures?date=${encodeURIComponent(date)}`, ClosureListSchema);
}

/** `POST /api/closures`: closes a street or an area for a period. */
export function createClosure(input: ClosureInput): Promise<ClosureDto> {
  return requestJson('/api/closures', ClosureSchema, jsonBody('POST', input));
}

/** `DELETE /api/closures/:closureId`. */
export function deleteClosure(closureId: string): Promise<void> {
  return requestNoContent(`/api/closures/${encodeURIComponent(closureId)}`, { method: 'DELETE' });
}

/** `PUT /api/plans/:planId/done-stops/:binId`: reports a stop done. */
export function markStopDone(planId: string, binId: string): Promise<PlanDoneStopsDto> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/done-stops/${encodeURIComponent(binId)}`, PlanDoneStopsSchema, { method: 'PUT' });
}

/** `GET /api/plans/:planId/done-stops`. */
export function getDoneStops(planId: string): Promise<PlanDoneStopsDto> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/done-stops`, PlanDoneStopsSchema);
}

/** `POST /api/plans/:planId/replan`: queues the re-plan of the rest of the day; poll with {@link waitForPlan}. */
export function replanPlan(planId: string, input: Partial<ReplanInput> & Pick<ReplanInput, 'at'>): Promise<ReplanCreated> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/replan`, ReplanCreatedSchema, jsonBody('POST', input));
}

// ---------- plan edits (issue #14) ----------

/** `GET /api/plans/:planId/edits`: the version shown, undo/redo, locks and violations. */
export function getPlanEditState(planId: string): Promise<PlanEditState> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/edits`, PlanEditStateSchema);
}

/** `POST /api/plans/:planId/evaluate`: the plan with `edits` applied and re-checked; nothing stored. */
export function evaluatePlanEdits(planId: string, edits: PlanEdit[]): Promise<EvaluatedPlan> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/evaluate`, EvaluatedPlanSchema, jsonBody('POST', { edits }));
}

/** `POST /api/plans/:planId/edits`: stores `edits` of version `baseVersion` as the next version. */
export function storePlanEdits(planId: string, baseVersion: number, edits: PlanEdit[]): Promise<EvaluatedPlan> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/edits`, EvaluatedPlanSchema, jsonBody('POST', { baseVersion, edits }));
}

/** `POST /api/plans/:planId/undo` or `/redo`. */
export function undoRedoPlan(planId: string, which: 'undo' | 'redo'): Promise<EvaluatedPlan> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/${which}`, EvaluatedPlanSchema, { method: 'POST' });
}

/** `POST /api/plans/:planId/reoptimise`: starts re-optimising the rest around the locks. */
export function startReoptimise(planId: string, options: { seed?: number; iterations?: number } = {}): Promise<ReoptimiseJob> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/reoptimise`, ReoptimiseJobSchema, jsonBody('POST', options));
}

/** `GET /api/plans/:planId/reoptimise/:jobId`: progress, then the proposal. */
export function getReoptimise(planId: string, jobId: string): Promise<ReoptimiseJob> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/reoptimise/${encodeURIComponent(jobId)}`, ReoptimiseJobSchema);
}

/** `POST /api/plans/:planId/reoptimise/:jobId/accept`: stores the proposal as the next version. */
export function acceptReoptimise(planId: string, jobId: string): Promise<EvaluatedPlan> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/reoptimise/${encodeURIComponent(jobId)}/accept`, EvaluatedPlanSchema, { method: 'POST' });
}

// ---------- the driver's tablet (issue #15) ----------

/** `GET /api/rounds/today?lang=`: the signed-in driver's published round of today, with turn-by-turn instructions in `lang`. */
export function getRoundToday(lang: 'fr' | 'en'): Promise<RoundTodayDto> {
  return requestJson(roundTodayUrl(lang), RoundTodaySchema);
}

/** The URL of {@link getRoundToday} (the service worker keeps its last answer for offline use). */
export function roundTodayUrl(lang: 'fr' | 'en'): string {
  return `/api/rounds/today?lang=${lang}`;
}

/**
 * `POST /api/reports`: a batch of reports made on the tablet, all or nothing. A report already
 * stored with the same id and content comes back as `duplicate` (a retry), never counted twice.
 */
export function postReports(reports: ReportInput[]): Promise<ReportBatchResult> {
  return requestJson('/api/reports', ReportBatchResultSchema, jsonBody('POST', { reports }));
}

/** `POST /api/positions`: the truck's positions during the shift (the server drops those outside it). */
export function postPositions(positions: z.infer<typeof PositionBatchSchema>['positions']): Promise<z.infer<typeof PositionBatchResultSchema>> {
  return requestJson('/api/positions', PositionBatchResultSchema, jsonBody('POST', { positions }));
}

/** `GET /api/plans/:planId/progress`: each round's progress from the drivers' reports (manager's live view). */
export function getPlanProgress(planId: string): Promise<PlanProgressDto> {
  return requestJson(`/api/plans/${encodeURIComponent(planId)}/progress`, PlanProgressSchema);
}

// ---------- analyst's desk (issue #16) ----------

/** Query string of a desk request (undefined values left out). */
function deskQuery(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A period of the desk: local dates, inclusive (both absent: the 8 weeks of the latest history). */
export interface DeskPeriod {
  from?: string;
  to?: string;
}

/**
 * The address of a desk chart's CSV (`,` or `;` with decimal commas): a download link, not a fetch.
 * @param path `/api/desk/...` without query.
 */
export function deskCsvUrl(path: string, params: Record<string, string | number | undefined>, sep: ',' | ';'): string {
  return `${path}${deskQuery({ ...params, format: 'csv', sep })}`;
}

/** `GET /api/desk/bins/:binId/history`. */
export function getBinHistory(binId: string, period: DeskPeriod): Promise<BinHistoryDto> {
  return requestJson(`/api/desk/bins/${encodeURIComponent(binId)}/history${deskQuery({ ...period })}`, BinHistorySchema);
}

/** `GET /api/desk/daily`: a selection per day. */
export function getDeskDaily(period: DeskPeriod, selection: { stream?: string; commune?: string; bins?: string } = {}): Promise<DailySeriesDto> {
  return requestJson(`/api/desk/daily${deskQuery({ ...period, ...selection })}`, DailySeriesSchema);
}

/** `GET /api/desk/breakdown`. */
export function getDeskBreakdown(period: DeskPeriod, by: BreakdownDto['by']): Promise<BreakdownDto> {
  return requestJson(`/api/desk/breakdown${deskQuery({ ...period, by })}`, BreakdownSchema);
}

/** `GET /api/desk/cells`. */
export function getDeskCells(period: DeskPeriod, resolution: number): Promise<CellStatsDto> {
  return requestJson(`/api/desk/cells${deskQuery({ ...period, resolution })}`, CellStatsSchema);
}

/** `GET /api/desk/rounds`. */
export function getDeskRounds(period: DeskPeriod): Promise<RoundDaysDto> {
  return requestJson(`/api/desk/rounds${deskQuery({ ...period })}`, RoundDaysSchema);
}

/** `GET /api/desk/fill-at-collection`. */
export function getFillAtCollection(period: DeskPeriod): Promise<FillAtCollectionDto> {
  return requestJson(`/api/desk/fill-at-collection${deskQuery({ ...period })}`, FillAtCollectionSchema);
}

/** `GET /api/desk/compare`. */
export function getPeriodComparison(a: Required<DeskPeriod>, b: Required<DeskPeriod>): Promise<PeriodComparisonDto> {
  return requestJson(`/api/desk/compare${deskQuery({ from: a.from, to: a.to, otherFrom: b.from, otherTo: b.to })}`, PeriodComparisonSchema);
}

/** `GET /api/desk/strategies`. */
export function getStrategies(): Promise<StrategyComparisonDto> {
  return requestJson('/api/desk/strategies', StrategyComparisonSchema);
}

/** `GET /api/desk/opendata`. */
export function getOpenDataSettings(): Promise<OpenDataSettingsDto> {
  return requestJson('/api/desk/opendata', OpenDataSettingsSchema);
}

/** `PUT /api/desk/opendata` (managers and admins). */
export function setOpenDataPublished(published: boolean): Promise<OpenDataSettingsDto> {
  return requestJson('/api/desk/opendata', OpenDataSettingsSchema, jsonBody('PUT', { published }));
}

// ---------- the citizens' map (public, no login) and its moderation (issue #16) ----------

const spacePath = (spaceId: string): string => `/api/public/${encodeURIComponent(spaceId)}`;

/** `GET /api/public/:space`: the space's name for the public page. */
export function getPublicSpace(spaceId: string): Promise<PublicSpaceDto> {
  return requestJson(spacePath(spaceId), PublicSpaceSchema, undefined, { quiet401: true });
}

/** `GET /api/public/:space/points`: the drop-off points with their stream and coarse status. */
export function getPublicPoints(spaceId: string): Promise<PublicPoints> {
  return requestJson(`${spacePath(spaceId)}/points`, PublicPointsSchema, undefined, { quiet401: true });
}

/**
 * `POST /api/public/:space/reports`: a resident's report, as multipart/form-data (`pointId`,
 * `kind`, optional `comment`, `email` and `photo`).
 */
export function sendCitizenReport(spaceId: string, form: FormData): Promise<CitizenReportCreated> {
  return requestJson(`${spacePath(spaceId)}/reports`, CitizenReportCreatedSchema, { method: 'POST', body: form }, { quiet401: true });
}

/** `GET /api/citizen-reports?status=`: the space's citizens' reports, newest first (managers). */
export function listCitizenReports(status: 'open' | 'all' | 'pending' | 'accepted' | 'rejected' | 'done' = 'open'): Promise<CitizenReportListDto> {
  return requestJson(`/api/citizen-reports?status=${status}`, CitizenReportListSchema);
}

/** `POST /api/citizen-reports/:id/accept|reject`: a moderator's decision. */
export function moderateCitizenReport(reportId: string, decision: 'accept' | 'reject'): Promise<CitizenReportDto> {
  return requestJson(`/api/citizen-reports/${encodeURIComponent(reportId)}/${decision}`, CitizenReportSchema, { method: 'POST' });
}
