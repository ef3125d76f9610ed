/**
 * The analyst's desk (issue #16): `GET /api/desk/...` history aggregates of the caller's space,
 * each as JSON or CSV (`format=csv`, `sep=;` for French spreadsheets), and the open-data
 * publication setting. Reading needs `history:read` (analysts, managers, admins); publishing
 * needs `opendata:publish` (managers, admins). Every query is scoped to the caller's space.
 */
import type { Request, Response } from 'express';
import { ErrorEnvelopeSchema } from '../../../contract/index.js';
import {
  BinHistorySchema,
  BinParamsSchema,
  BreakdownQuerySchema,
  BreakdownSchema,
  CellsQuerySchema,
  CellStatsSchema,
  CompareQuerySchema,
  DailySeriesSchema,
  ExportQuerySchema,
  FillAtCollectionSchema,
  OpenDataSettingsSchema,
  PeriodComparisonSchema,
  PeriodQuerySchema,
  RoundDaysSchema,
  SelectionQuerySchema,
  StrategyComparisonSchema,
  UpdateOpenDataSchema,
  type CompareQuery,
  type ExportQuery,
} from '../../../contract/desk.js';
import type { AppContext } from '../../app.js';
import { HistoryRepository, openDataPublic, setOpenDataPublic } from '../../db/repositories/history-repository.js';
import { InvalidInputError } from '../../errors.js';
import { sendRowsCsv } from '../../http/csv-export.js';
import { route, signedInOf, type ApiRoute } from '../../http/api.js';
import { DeskService, type Period } from '../../services/desk-service.js';

const BAD = { description: 'bad input: every problem listed', schema: ErrorEnvelopeSchema };

/** The desk service of each space (rebuilt when the space's time zone changes). */
export function deskServices(ctx: AppContext): (spaceId: string) => DeskService {
  const cache = new Map<string, { tz: string; desk: DeskService }>();
  return (spaceId) => {
    const tz = ctx.spaces.get(spaceId).space.timeZone;
    const hit = cache.get(spaceId);
    if (hit && hit.tz === tz) return hit.desk;
    const desk = new DeskService(new HistoryRepository(ctx.db, spaceId), tz, ctx.now, () => ctx.spaces.get(spaceId).data.value);
    cache.set(spaceId, { tz, desk });
    return desk;
  };
}

/** The desk routes (see the file comment). */
export function deskRoutes(ctx: AppContext, deskOf: (spaceId: string) => DeskService): ApiRoute[] {
  const desk = (req: Request): DeskService => deskOf(signedInOf(req).spaceId);
  const tag = 'desk';
  const access = { permission: 'history:read' } as const;
  /** JSON, or the CSV of `rows` with `columns`. */
  const answer = <T extends object>(res: Response, q: ExportQuery, json: unknown, name: string, columns: readonly (keyof T & string)[], rows: readonly T[]): void => {
    if (q.format === 'csv') sendRowsCsv(res, name, columns, rows, q.sep);
    else res.json(json);
  };
  const periodName = (p: Period): string => `${p.from}_${p.to}`;
  return [
    route<{ binId: string }, ReturnType<typeof PeriodQuerySchema.parse>>({
      method: 'get',
      path: '/api/desk/bins/:binId/history',
      tag,
      summary: "One bin's readings and collections over a period",
      access,
      params: BinParamsSchema,
      query: PeriodQuerySchema,
      responses: { 200: { description: 'readings and collections', schema: BinHistorySchema }, 400: BAD, 404: { description: 'no such bin in this space', schema: ErrorEnvelopeSchema } },
      handler: (req, res, { params, query }) => {
        const d = desk(req);
        const h = d.binHistory(params.binId, d.period(query));
        const rows = [
          ...h.readings.map((r) => ({ at: r.measuredAt, kind: 'reading', fill_percent: r.fillPercent, overflowed: null as boolean | null })),
          ...h.collections.map((c) => ({ at: c.collectedAt, kind: 'collection', fill_percent: c.fillBeforePercent, overflowed: c.overflowed })),
        ].sort((a, b) => a.at.localeCompare(b.at));
        answer(res, query, h, `bin-${h.binId}-${h.period.from}_${h.period.to}`, ['at', 'kind', 'fill_percent', 'overflowed'], rows);
      },
    }),
    route<Record<string, never>, ReturnType<typeof SelectionQuerySchema.parse>>({
      method: 'get',
      path: '/api/desk/daily',
      tag,
      summary: 'Per day: readings, mean fill, collections and overflow bin-days of the space or a selection (stream, commune, bins)',
      access,
      query: SelectionQuerySchema,
      responses: { 200: { description: 'the days', schema: DailySeriesSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const d = desk(req);
        const p = d.period(query);
        const out = d.daily(p, { stream: query.stream, commune: query.commune, bins: query.bins });
        const rows = out.days.map((x) => ({ date: x.date, readings: x.readings, mean_fill_percent: x.meanFillPercent, collections: x.collections, overflow_bin_days: x.overflowBinDays }));
        answer(res, query, out, `daily-${periodName(p)}`, ['date', 'readings', 'mean_fill_percent', 'collections', 'overflow_bin_days'], rows);
      },
    }),
    route<Record<string, never>, ReturnType<typeof BreakdownQuerySchema.parse>>({
      method: 'get',
      path: '/api/desk/breakdown',
      tag,
      summary: 'Mean fill, readings, collections and overflow bin-days by stream, commune, weekday or weekday and stream',
      access,
      query: BreakdownQuerySchema,
      responses: { 200: { description: 'one row per group', schema: BreakdownSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const d = desk(req);
        const p = d.period(query);
        const out = d.breakdown(p, query.by);
        const rows = out.rows.map((r) => ({
          weekday: r.weekday,
          stream: r.stream,
          commune: r.commune,
          bins: r.binCount,
          readings: r.readings,
          mean_fill_percent: r.meanFillPercent,
          collections: r.collections,
          overflow_bin_days: r.overflowBinDays,
        }));
        const keys = query.by === 'stream' ? (['stream'] as const) : query.by === 'commune' ? (['commune'] as const) : query.by === 'weekday' ? (['weekday'] as const) : (['weekday', 'stream'] as const);
        answer(res, query, out, `by-${query.by}-${periodName(p)}`, [...keys, 'bins', 'readings', 'mean_fill_percent', 'collections', 'overflow_bin_days'], rows);
      },
    }),
    route<Record<string, never>, ReturnType<typeof CellsQuerySchema.parse>>({
      method: 'get',
      path: '/api/desk/cells',
      tag,
      summary: 'H3 hexagons (resolution 7-9) with mean fill, overflow bin-days and collections of a period (GeoJSON)',
      access,
      query: CellsQuerySchema,
      responses: { 200: { description: 'a FeatureCollection of hexagons', schema: CellStatsSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const d = desk(req);
        const p = d.period(query);
        const out = d.cells(p, query.resolution, query.stream);
        const rows = out.features.map((f) => ({
          h3_cell: f.properties.h3Cell,
          bins: f.properties.binCount,
          readings: f.properties.readings,
          mean_fill_percent: f.properties.meanFillPercent,
          overflow_bin_days: f.properties.overflowBinDays,
          collections: f.properties.collections,
        }));
        answer(res, query, out, `cells-r${query.resolution}-${periodName(p)}`, ['h3_cell', 'bins', 'readings', 'mean_fill_percent', 'overflow_bin_days', 'collections'], rows);
      },
    }),
    route<Record<string, never>, ReturnType<typeof PeriodQuerySchema.parse>>({
      method: 'get',
      path: '/api/desk/rounds',
      tag,
      summary: "Per day: the plan's km, truck-hours, cost, CO2 and bins collected, the collections and the overflow bin-days",
      access,
      query: PeriodQuerySchema,
      responses: { 200: { description: 'the days', schema: RoundDaysSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const d = desk(req);
        const p = d.period(query);
        const out = d.rounds(p);
        const rows = out.days.map((x) => ({
          date: x.date,
          source: x.source,
          routes: x.routes,
          km: x.km,
          truck_hours: x.truckHours,
          cost_eur: x.costEur,
          co2_kg: x.co2Kg,
          bins_planned: x.binsPlanned,
          bins_collected: x.binsCollected,
          collections: x.collections,
          overflow_bin_days: x.overflowBinDays,
        }));
        answer(res, query, out, `rounds-${periodName(p)}`, ['date', 'source', 'routes', 'km', 'truck_hours', 'cost_eur', 'co2_kg', 'bins_planned', 'bins_collected', 'collections', 'overflow_bin_days'], rows);
      },
    }),
    route<Record<string, never>, ReturnType<typeof PeriodQuerySchema.parse>>({
      method: 'get',
      path: '/api/desk/fill-at-collection',
      tag,
      summary: 'How full bins were when emptied, by fill class and stream',
      access,
      query: PeriodQuerySchema,
      responses: { 200: { description: 'counts per class and stream', schema: FillAtCollectionSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const d = desk(req);
        const p = d.period(query);
        const out = d.fillAtCollection(p);
        const rows = out.rows.map((r) => ({ fill_class: r.fillClass, stream: r.stream, collections: r.collections }));
        answer(res, query, out, `fill-at-collection-${periodName(p)}`, ['fill_class', 'stream', 'collections'], rows);
      },
    }),
    route<Record<string, never>, CompareQuery>({
      method: 'get',
      path: '/api/desk/compare',
      tag,
      summary: 'Two periods side by side: km, truck-hours, overflow bin-days, CO2, collections, mean fill at collection',
      access,
      query: CompareQuerySchema,
      responses: { 200: { description: 'the two periods', schema: PeriodComparisonSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const d = desk(req);
        // both periods checked before answering: every problem in one 400
        const issues = [];
        let a: Period | null = null;
        let b: Period | null = null;
        try {
          a = d.period({ from: query.from, to: query.to });
        } catch (err) {
          if (!(err instanceof InvalidInputError)) throw err;
          issues.push(...(err.issues ?? []));
        }
        try {
          b = d.period({ from: query.otherFrom, to: query.otherTo }, 'other');
        } catch (err) {
          if (!(err instanceof InvalidInputError)) throw err;
          issues.push(...(err.issues ?? []).map((i) => ({ ...i, path: i.path.replace(/^other(\w)/, (_m, c: string) => `other${c.toUpperCase()}`) })));
        }
        if (issues.length > 0 || !a || !b) throw new InvalidInputError(issues);
        const out = d.compare(a, b);
        const rows = out.periods.map((x) => ({
          period: x.label,
          days: x.days,
          km: x.km,
          truck_hours: x.truckHours,
          overflow_bin_days: x.overflowBinDays,
          co2_kg: x.co2Kg,
          collections: x.collections,
          mean_fill_at_collection_percent: x.meanFillAtCollectionPercent,
        }));
        answer(res, query, out, `compare-${periodName(a)}-${periodName(b)}`, ['period', 'days', 'km', 'truck_hours', 'overflow_bin_days', 'co2_kg', 'collections', 'mean_fill_at_collection_percent'], rows);
      },
    }),
    route<Record<string, never>, ExportQuery>({
      method: 'get',
      path: '/api/desk/strategies',
      tag,
      summary: "Simulated strategies on the sample city (the simulator's result file): km, truck-hours, overflow bin-days, CO2",
      access,
      query: ExportQuerySchema,
      responses: { 200: { description: 'the strategies', schema: StrategyComparisonSchema }, 400: BAD },
      handler: (req, res, { query }) => {
        const out = desk(req).strategies();
        const rows = out.strategies.map((x) => ({
          strategy: x.label,
          days: x.days,
          km: x.km,
          truck_hours: x.truckHours,
          overflow_bin_days: x.overflowBinDays,
          co2_kg: x.co2Kg,
          collections: x.collections,
          mean_fill_at_collection_percent: x.meanFillAtCollectionPercent,
        }));
        answer(res, query, out, 'strategies', ['strategy', 'days', 'km', 'truck_hours', 'overflow_bin_days', 'co2_kg', 'collections', 'mean_fill_at_collection_percent'], rows);
      },
    }),
    route({
      method: 'get',
      path: '/api/desk/opendata',
      tag,
      summary: "Whether the caller's space publishes its open data to anyone, and the files' addresses",
      access,
      responses: { 200: { description: 'the setting', schema: OpenDataSettingsSchema } },
      handler: (req, res) => {
        const spaceId = signedInOf(req).spaceId;
        res.json(openDataSettings(ctx, spaceId));
      },
    }),
    route<Record<string, never>, Record<string, never>, { published: boolean }>({
      method: 'put',
      path: '/api/desk/opendata',
      tag,
      summary: "Publish the space's open data to anyone without login, or stop",
      access: { permission: 'opendata:publish' },
      body: { schema: UpdateOpenDataSchema },
      responses: { 200: { description: 'the new setting', schema: OpenDataSettingsSchema }, 400: BAD },
      handler: (req, res, { body }) => {
        const p = signedInOf(req);
        setOpenDataPublic(ctx.db, p.spaceId, body.published);
        ctx.audit.record(p, p.spaceId, 'opendata.publish', p.spaceId, body);
        res.json(openDataSettings(ctx, p.spaceId));
      },
    }),
  ];
}

function openDataSettings(ctx: AppContext, spaceId: string): { published: boolean; geojsonUrl: string; csvUrl: string } {
  const base = `/api/opendata/${encodeURIComponent(spaceId)}`;
  return { published: openDataPublic(ctx.db, spaceId) === true, geojsonUrl: `${base}/bins.geojson`, csvUrl: `${base}/bins.csv` };
}
