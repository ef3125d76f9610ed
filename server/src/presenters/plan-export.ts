/**
 * A stored plan as files: GPX 1.1 (one `<trk>` per round on the streets, its bins as `<wpt>` in
 * order), CSV of the bin stops (RFC 4180: comma, header row, quoted where needed, UTF-8 without
 * BOM; written by csv-stringify), a per-round summary (JSON and CSV), and a route's own GeoJSON.
 * Addresses: bins have no postal address in the database, so `address` is the bin's position
 * (`lat, lng`, 5 decimals, about a metre).
 */
import { stringify } from 'csv-stringify/sync';
import type { PlanExportSummary, PlanGeoJson } from '../../contract/index.js';
import type { BinRow } from '../db/repositories/bins-repository.js';
import type { PlanRouteRow, PlanRow, PlanStepRow } from '../db/repositories/plans-repository.js';

/** Header of the stops CSV, in column order (the first six are the contract's). */
export const STOPS_CSV_COLUMNS = ['round', 'sequence', 'bin_id', 'address', 'arrival_time', 'stream', 'vehicle_id', 'vehicle_name', 'departure_time', 'load_after_l', 'lng', 'lat'] as const;
/** Header of the summary CSV. */
export const SUMMARY_CSV_COLUMNS = ['round', 'vehicle_id', 'vehicle_name', 'distance_km', 'duration_min', 'bins', 'collected_l', 'collected_kg', 'disposal_trips', 'co2_kg', 'cost_eur'] as const;

/** One bin stop of a round, in order, with its number among the round's bins (1, 2, ...). */
export interface ExportStop {
  readonly route: PlanRouteRow;
  readonly sequence: number;
  readonly step: PlanStepRow;
  readonly bin: BinRow | undefined;
}

/** The bin stops of `routes`, round by round, in order. */
export function exportStops(routes: readonly PlanRouteRow[], steps: readonly PlanStepRow[], bins: ReadonlyMap<string, BinRow>): ExportStop[] {
  const out: ExportStop[] = [];
  for (const route of routes) {
    const own = steps.filter((s) => s.routeId === route.routeId && s.kind === 'bin' && s.refId !== null).sort((a, b) => a.stepIdx - b.stepIdx);
    own.forEach((step, k) => out.push({ route, sequence: k + 1, step, bin: bins.get(step.refId!) }));
  }
  return out;
}

/** A bin's address as the export gives it (see the file comment). */
export function addressOf(step: Pick<PlanStepRow, 'lng' | 'lat'>): string {
  return `${step.lat.toFixed(5)}, ${step.lng.toFixed(5)}`;
}

/** The stops CSV (see the file comment). */
export function stopsCsv(stops: readonly ExportStop[]): string {
  return stringify(
    stops.map((s) => [
      s.route.routeId,
      s.sequence,
      s.step.refId,
      addressOf(s.step),
      s.step.arrivalAt,
      s.bin?.stream ?? '',
      s.route.vehicleId,
      s.route.vehicleName,
      s.step.departureAt,
      s.step.loadAfterLitres,
      s.step.lng,
      s.step.lat,
    ]),
    { header: true, columns: [...STOPS_CSV_COLUMNS], record_delimiter: '\r\n' },
  );
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text or attribute value escaped for XML. */
function xml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** A coordinate as GPX writes it (7 decimals, about a centimetre). */
const coord = (x: number): string => x.toFixed(7);

/** GPX 1.1 of a plan or of some of its rounds (see the file comment). */
export function planGpx(plan: Pick<PlanRow, 'id' | 'date' | 'createdAt'>, routes: readonly PlanRouteRow[], stops: readonly ExportStop[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Collecte" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
    `  <metadata><name>${xml(`Collecte ${plan.date}`)}</name><desc>${xml(`plan ${plan.id}`)}</desc><time>${xml(plan.createdAt)}</time></metadata>`,
  ];
  const count = new Map<string, number>();
  for (const s of stops) count.set(s.route.routeId, (count.get(s.route.routeId) ?? 0) + 1);
  for (const s of stops) {
    const desc = `round ${s.route.routeId} (${s.route.vehicleName}), stop ${s.sequence} of ${count.get(s.route.routeId)}, ${s.bin?.stream ?? 'bin'}, ${addressOf(s.step)}`;
    lines.push(
      `  <wpt lat="${coord(s.step.lat)}" lon="${coord(s.step.lng)}"><time>${xml(s.step.arrivalAt)}</time><name>${xml(`${s.route.routeId}-${s.sequence} ${s.step.refId}`)}</name>` +
        `<desc>${xml(desc)}</desc><type>bin</type></wpt>`,
    );
  }
  for (const r of routes) {
    lines.push(`  <trk><name>${xml(`${r.routeId} ${r.vehicleName}`)}</name><desc>${xml(`vehicle ${r.vehicleId}, ${r.binCount} bins, ${(r.distanceM / 1000).toFixed(1)} km`)}</desc><number>${r.routeIdx + 1}</number><trkseg>`);
    for (const [lng, lat] of r.geometry) lines.push(`    <trkpt lat="${coord(lat)}" lon="${coord(lng)}"/>`);
    lines.push('  </trkseg></trk>');
  }
  lines.push('</gpx>', '');
  return lines.join('\n');
}

/** Per-round figures of a plan, and their totals. */
export function planSummary(plan: Pick<PlanRow, 'id' | 'date'>, routes: readonly PlanRouteRow[]): PlanExportSummary {
  const rounds = routes.map((r) => ({
    routeId: r.routeId,
    vehicleId: r.vehicleId,
    vehicleName: r.vehicleName,
    distanceKm: Math.round(r.distanceM / 100) / 10,
    durationMin: Math.round(r.durationS / 60),
    bins: r.binCount,
    collectedLitres: r.collectedLitres,
    collectedKg: r.collectedKg,
    disposalTrips: r.disposalTrips,
    co2Kg: Math.round((r.co2Kg ?? 0) * 10) / 10,
    costEur: r.cost === null ? null : Math.round(r.cost * 100) / 100,
  }));
  const sum = (f: (r: PlanRouteRow) => number): number => routes.reduce((n, r) => n + f(r), 0);
  return {
    planId: plan.id,
    date: plan.date,
    rounds,
    totals: {
      distanceKm: Math.round(sum((r) => r.distanceM) / 100) / 10,
      durationMin: Math.round(sum((r) => r.durationS) / 60),
      bins: sum((r) => r.binCount),
      collectedLitres: sum((r) => r.collectedLitres),
      collectedKg: sum((r) => r.collectedKg),
      disposalTrips: sum((r) => r.disposalTrips),
      co2Kg: Math.round(sum((r) => r.co2Kg ?? 0) * 10) / 10,
      costEur: routes.some((r) => r.cost === null) ? null : Math.round(sum((r) => r.cost ?? 0) * 100) / 100,
    },
  };
}

/** The summary as CSV: one row per round, then a `total` row. */
export function summaryCsv(summary: PlanExportSummary): string {
  const row = (round: string, vehicleId: string, vehicleName: string, r: PlanExportSummary['totals']): (string | number | null)[] => [
    round,
    vehicleId,
    vehicleName,
    r.distanceKm,
    r.durationMin,
    r.bins,
    r.collectedLitres,
    r.collectedKg,
    r.disposalTrips,
    r.co2Kg,
    r.costEur,
  ];
  return stringify([...summary.rounds.map((r) => row(r.routeId, r.vehicleId, r.vehicleName, r)), row('total', '', '', summary.totals)], {
    header: true,
    columns: [...SUMMARY_CSV_COLUMNS],
    record_delimiter: '\r\n',
  });
}

/** The GeoJSON of one route: its line on the streets and its bin and disposal stops (as in the plan's). */
export function routeGeoJson(all: PlanGeoJson, routeId: string): PlanGeoJson {
  return { type: 'FeatureCollection', features: all.features.filter((f) => f.properties.routeId === routeId) };
}

/** The download name of a plan's (or a round's) file. */
export function exportFileName(plan: Pick<PlanRow, 'id' | 'date'>, ext: string, routeId?: string, what = 'plan'): string {
  return `${what}-${plan.date}-${plan.id.slice(0, 8)}${routeId ? `-${routeId}` : ''}.${ext}`;
}
