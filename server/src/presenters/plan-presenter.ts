/** Stored plan rows → `PlanDto`, `PlanGeoJson` and `PlanList`. */
import type { PlanDto, PlanGeoJson, PlanList, SiteDto } from '../../contract/index.js';
import type { PlanRouteRow, PlanRow, PlanStepRow, PlanUnassignedRow } from '../db/repositories/plans-repository.js';
import { SITE_COLOR } from '../services/plan-service.js';

type Stream = PlanDto['routes'][number]['streams'][number];

/** The plan with its routes; stops are the bin and disposal steps, numbered from 1 per route. */
export function toPlanDto(plan: PlanRow, routes: readonly PlanRouteRow[], steps: readonly PlanStepRow[], unassigned: readonly PlanUnassignedRow[]): PlanDto {
  return {
    id: plan.id,
    date: plan.date,
    status: plan.status,
    createdAt: plan.createdAt,
    error: plan.error,
    summary: plan.summary,
    routes: routes.map((r) => ({
      routeId: r.routeId,
      vehicleId: r.vehicleId,
      vehicleName: r.vehicleName,
      streams: r.streams as Stream[],
      capacityLitres: r.capacityLitres,
      capacityKg: r.capacityKg,
      distanceM: r.distanceM,
      durationS: r.durationS,
      start: r.startAt,
      end: r.endAt,
      binCount: r.binCount,
      disposalTrips: r.disposalTrips,
      collectedLitres: r.collectedLitres,
      collectedKg: r.collectedKg,
      stops: steps
        .filter((s) => s.routeId === r.routeId && (s.kind === 'bin' || s.kind === 'disposal'))
        .sort((a, b) => a.stepIdx - b.stepIdx)
        .map((s, i) => ({
          binId: s.refId,
          seq: i + 1,
          kind: s.kind as 'bin' | 'disposal',
          arrival: s.arrivalAt,
          departure: s.departureAt,
          loadAfterL: s.loadAfterLitres,
          loadAfterKg: s.loadAfterKg,
        })),
    })),
    unassigned: unassigned.map((u) => ({ binId: u.binId, reason: u.reason, detail: u.detail })),
  };
}

/** Route LineStrings (street geometry), stop Points with their sequence number, and the depot and disposal points. */
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
    steps
      .filter((s) => s.routeId === r.routeId && (s.kind === 'bin' || s.kind === 'disposal'))
      .sort((a, b) => a.stepIdx - b.stepIdx)
      .forEach((s, i) => {
        // Same `seq` as the PlanDto stops (disposal visits count); disposal visits are drawn by the site point.
        if (s.kind !== 'bin') return;
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
          properties: { kind: 'stop', routeId: r.routeId, vehicleId: r.vehicleId, binId: s.refId, seq: i + 1, color: r.color },
        });
      });
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
  return plans.map((p) => ({ id: p.id, date: p.date, status: p.status, createdAt: p.createdAt }));
}
