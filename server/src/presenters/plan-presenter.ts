/** Stored plan rows → `PlanDto`, `PlanGeoJson` and `PlanList`. */
import { DEFAULT_HORIZON_RISK_PERCENT, MUST_REASON_CODES, type PlanDto, type PlanGeoJson, type PlanList, type SiteDto } from '../../contract/index.js';
import type { PlanRouteRow, PlanRow, PlanStepRow, PlanUnassignedRow } from '../db/repositories/plans-repository.js';
import { SITE_COLOR } from '../compute/plan-pipeline.js';

type Stream = PlanDto['routes'][number]['streams'][number];

/** Stop numbers of a route's bin and disposal steps (1, 2, ...), keyed by step index. */
function stopSeqs(routeSteps: readonly PlanStepRow[]): Map<number, number> {
  const seqs = new Map<number, number>();
  for (const s of routeSteps) if (s.kind === 'bin' || s.kind === 'disposal') seqs.set(s.stepIdx, seqs.size + 1);
  return seqs;
}

/** The steps of one route, in order. */
function stepsOf(steps: readonly PlanStepRow[], routeId: string): PlanStepRow[] {
  return steps.filter((s) => s.routeId === routeId).sort((a, b) => a.stepIdx - b.stepIdx);
}

/**
 * The plan with its routes: `stops` are the bin and disposal steps, numbered from 1 per route;
 * `steps` the whole day (depot, bins, disposal visits, breaks, depot) with the same numbers.
 */
export function toPlanDto(
  plan: PlanRow,
  routes: readonly PlanRouteRow[],
  steps: readonly PlanStepRow[],
  unassigned: readonly PlanUnassignedRow[],
  forcedBins: PlanDto['forcedBins'] = [],
): PlanDto {
  const routeDtos = routes.map((r) => {
    const own = stepsOf(steps, r.routeId);
    const seqs = stopSeqs(own);
    return {
      routeId: r.routeId,
      vehicleId: r.vehicleId,
      vehicleName: r.vehicleName,
      streams: r.streams as Stream[],
      capacityLitres: r.capacityLitres,
      capacityKg: r.capacityKg,
      distanceM: r.distanceM,
      durationS: r.durationS,
      drivingS: r.drivingS,
      breakS: r.breakS,
      cost: r.cost,
      start: r.startAt,
      end: r.endAt,
      binCount: r.binCount,
      disposalTrips: r.disposalTrips,
      collectedLitres: r.collectedLitres,
      collectedKg: r.collectedKg,
      stops: own.flatMap((s) =>
        (s.kind === 'bin' || s.kind === 'disposal') && s.refId !== null
          ? [
              {
                binId: s.refId,
                seq: seqs.get(s.stepIdx)!,
                kind: s.kind,
                arrival: s.arrivalAt,
                departure: s.departureAt,
                loadAfterL: s.loadAfterLitres,
                loadAfterKg: s.loadAfterKg,
              },
            ]
          : [],
      ),
      steps: own.map((s) => ({
        kind: s.kind === 'start' || s.kind === 'end' ? ('depot' as const) : s.kind,
        id: s.refId,
        seq: seqs.get(s.stepIdx) ?? null,
        arrival: s.arrivalAt,
        start: s.startAt,
        departure: s.departureAt,
        loadAfterL: s.loadAfterLitres,
        loadAfterKg: s.loadAfterKg,
        distanceFromPrevM: s.distanceFromPrevM,
        lngLat: [s.lng, s.lat] as [number, number],
      })),
    };
  });
  return {
    id: plan.id,
    date: plan.date,
    status: plan.status,
    createdAt: plan.createdAt,
    error: plan.error,
    notice: plan.notice,
    noticeCode: plan.noticeCode,
    noticeParams: plan.noticeParams,
    dayStatus: plan.dayStatus,
    publishedAt: plan.publishedAt,
    shortfall: plan.shortfall,
    options: { selection: 'decisions', horizonRiskPercent: DEFAULT_HORIZON_RISK_PERCENT, ...plan.options },
    reproducible: plan.hasInputs,
    resumed: plan.resumed,
    summary: plan.summary && {
      distanceM: plan.summary.distanceM,
      durationS: plan.summary.durationS,
      vehiclesUsed: plan.summary.vehiclesUsed,
      binsSelected: plan.summary.binsSelected,
      binsRouted: plan.summary.binsRouted,
      co2Kg: plan.summary.co2Kg,
      disposalTrips: routes.reduce((n, r) => n + r.disposalTrips, 0),
      breakS: routes.reduce((n, r) => n + r.breakS, 0),
      cost: plan.summary.cost ?? null,
      binsOptional: plan.summary.binsOptional ?? null,
    },
    routes: routeDtos,
    unassigned: unassigned.map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail })),
    forcedBins: [...forcedBins],
  };
}

/**
 * Route LineStrings (street geometry), bin stop and disposal-visit Points with their sequence
 * number, and the depot and disposal-site points.
 */
export function toPlanGeoJson(routes: readonly PlanRouteRow[], steps: readonly PlanStepRow[], sites: readonly SiteDto[]): PlanGeoJson {
  const features: PlanGeoJson['features'] = [];
  for (const r of routes) {
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: r.geometry },
      properties: { kind: 'route', routeId: r.routeId, vehicleId: r.vehicleId, color: r.color, distanceM: r.distanceM, durationS: r.durationS },
    });
  }
  for (const r of routes) {
    const own = stepsOf(steps, r.routeId);
    const seqs = stopSeqs(own);
    for (const s of own) {
      // Same `seq` as the PlanDto stops (disposal visits count).
      if ((s.kind !== 'bin' && s.kind !== 'disposal') || s.refId === null) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
        properties: { kind: s.kind === 'bin' ? 'stop' : 'disposal_visit', routeId: r.routeId, vehicleId: r.vehicleId, binId: s.refId, seq: seqs.get(s.stepIdx)!, color: r.color },
      });
    }
  }
  for (const site of sites) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: site.lngLat },
      properties: { kind: site.kind, routeId: null, vehicleId: null, binId: null, seq: null, color: SITE_COLOR },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Plans, latest first. */
export function toPlanList(plans: readonly PlanRow[]): PlanList {
  return plans.map((p) => ({ id: p.id, date: p.date, status: p.status, dayStatus: p.dayStatus, createdAt: p.createdAt }));
}

/**
 * The bins a plan had to collect whatever their forecast, with the reason code, read from its
 * stored inputs (the decisions it was computed from); empty without stored inputs.
 */
export function forcedBinsOf(inputs: unknown): PlanDto['forcedBins'] {
  const decisions = (inputs as { decisions?: unknown } | null)?.decisions;
  if (!Array.isArray(decisions)) return [];
  const codes: readonly string[] = MUST_REASON_CODES;
  return (decisions as { binId?: unknown; decision?: unknown; reasonCode?: unknown }[]).flatMap((d) =>
    d.decision === 'must' && typeof d.binId === 'string' && typeof d.reasonCode === 'string' && codes.includes(d.reasonCode)
      ? [{ binId: d.binId, decision: 'must' as const, reasonCode: d.reasonCode as PlanDto['forcedBins'][number]['reasonCode'] }]
      : [],
  );
}
