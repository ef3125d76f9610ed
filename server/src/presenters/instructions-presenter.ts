/** Route legs and OSRM steps → `RouteInstructions` DTO, with sentences from osrm-text-instructions. */
import type { RouteInstructions } from '../../contract/index.js';
import type { PlanStepRow } from '../db/repositories/plans-repository.js';
import { instructionText, type RouteLeg, type RouteStep } from '../solver.js';

/** A route's places in order with the legs between them and their OSRM steps. */
export interface RouteInstructionsInput {
  readonly stops: readonly { readonly kind: Exclude<PlanStepRow['kind'], 'break'>; readonly refId: string }[];
  readonly legs: readonly RouteLeg[];
  readonly steps: readonly (readonly RouteStep[])[];
}

/** Whole seconds → seconds with one decimal (deciseconds are the road layer's unit). */
const dsToS = (ds: number): number => Math.round(ds) / 10;

/** The instructions DTO of one route in `lang`. */
export function toRouteInstructions(planId: string, routeId: string, lang: 'fr' | 'en', r: RouteInstructionsInput): RouteInstructions {
  const legCount = r.legs.length;
  const legs = r.legs.map((leg, i) => ({
    from: { kind: r.stops[i]!.kind, refId: r.stops[i]!.refId },
    to: { kind: r.stops[i + 1]!.kind, refId: r.stops[i + 1]!.refId },
    distanceM: leg.distanceM,
    durationS: dsToS(leg.durationDs),
    geometry: { type: 'LineString' as const, coordinates: leg.coordinates.map((c) => [c[0], c[1]] as [number, number]) },
    steps: (r.steps[i] ?? []).map((s) => ({
      type: s.maneuver.type,
      modifier: s.maneuver.modifier ?? null,
      exit: s.maneuver.exit ?? null,
      name: s.name,
      distanceM: s.distance,
      durationS: s.duration,
      location: [s.maneuver.location[0], s.maneuver.location[1]] as [number, number],
      instruction: instructionText(s, lang, i, legCount),
    })),
  }));
  return {
    planId,
    routeId,
    lang,
    distanceM: legs.reduce((n, l) => n + l.distanceM, 0),
    durationS: dsToS(r.legs.reduce((n, l) => n + l.durationDs, 0)),
    legs,
  };
}
