import osrmTextInstructions from 'osrm-text-instructions';
import type { LngLat } from '../model/types.js';
import { segmentSlice } from './road-network.js';
import type { RouteLeg, RouteLocation, RoutingEngine } from './routing-engine.js';
import { keyDs, keyM, turnAngle } from './turn-graph.js';

/** OSRM v5 maneuver types the road layer emits. */
export type ManeuverType = 'depart' | 'turn' | 'new name' | 'continue' | 'roundabout' | 'arrive';

/** OSRM v5 maneuver modifiers. */
export type ManeuverModifier = 'uturn' | 'sharp right' | 'right' | 'slight right' | 'straight' | 'slight left' | 'left' | 'sharp left';

/**
 * One OSRM v5-shaped route step (the shape `osrm-text-instructions` reads): the maneuver at
 * its start, then the street followed up to the next maneuver.
 */
export interface RouteStep {
  readonly maneuver: {
    readonly type: ManeuverType;
    /** Present on every step except `depart` (and `arrive` when the side is unknown). */
    readonly modifier?: ManeuverModifier;
    /** Compass degrees, integers. */
    readonly bearing_before: number;
    readonly bearing_after: number;
    readonly location: LngLat;
    /** Roundabout exit number (1 = first exit). */
    readonly exit?: number;
  };
  /** Street name, `""` when unnamed. */
  readonly name: string;
  readonly mode: 'driving';
  readonly driving_side: 'right' | 'left';
  /** Metres and seconds, one decimal. */
  readonly distance: number;
  readonly duration: number;
  readonly geometry: { readonly type: 'LineString'; readonly coordinates: LngLat[] };
}

/** Modifier of a turn by its signed angle (positive = right), degrees. */
export function modifierOf(angle: number): ManeuverModifier {
  const a = Math.abs(angle);
  const side = angle > 0 ? 'right' : 'left';
  if (a < 20) return 'straight';
  if (a < 60) return side === 'right' ? 'slight right' : 'slight left';
  if (a < 140) return side;
  return side === 'right' ? 'sharp right' : 'sharp left';
}

interface EdgePart {
  edge: number;
  f0: number;
  f1: number;
  ds: number;
  m: number;
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * OSRM v5-shaped steps of each leg of a route (from {@link routeAlong}): `depart`, then a
 * step wherever the street name changes (`new name` straight on, otherwise `turn`), the truck
 * turns by 45° or more at a junction but stays on the same street (`continue` with a modifier;
 * bends without another way to go are not announced), the truck makes a
 * dead-end U-turn (`continue` + `uturn`) or enters a roundabout (`roundabout` with the exit
 * number, named after the exit street), then `arrive` with the side of the stop. Step
 * durations include turn penalties; per leg they add up to the leg's duration (to rounding).
 *
 * @param engine routing engine the legs were computed on
 * @param stops the route's stops (for the arrival side)
 * @param legs `routeAlong(engine, stops)`
 */
export function routeSteps(engine: RoutingEngine, stops: readonly RouteLocation[], legs: readonly RouteLeg[]): RouteStep[][] {
  const { net, graph } = engine;
  const side = net.profile.drivingSide;
  const nameOf = (e: number): string => net.wayNames[net.segmentWay[net.edgeSegment[e] as number] as number] ?? '';
  const roundabout = (e: number): boolean => net.wayRoundabout[net.segmentWay[net.edgeSegment[e] as number] as number] === 1;
  const sliceOf = (p: EdgePart): LngLat[] => {
    const seg = net.edgeSegment[p.edge] as number;
    const rev = net.edgeReversed[p.edge] === 1;
    return segmentSlice(net, seg, rev ? 1 - p.f0 : p.f0, rev ? 1 - p.f1 : p.f1);
  };
  /** Other drivable ways out of the node at the end of `e` (roundabout exits). */
  const hasExit = (e: number): boolean => {
    const v = net.edgeTo[e] as number;
    for (let k = net.outStart[v] as number; k < (net.outStart[v + 1] as number); k++) {
      const f = net.outEdges[k] as number;
      if (!roundabout(f)) return true;
    }
    return false;
  };

  return legs.map((leg, legIdx) => {
    const edges = leg.edgeIdxs;
    const parts: EdgePart[] = edges.map((e, i) => {
      const first = i === 0;
      const last = i === edges.length - 1;
      let ds = graph.edgeDurDs[e] as number;
      let m = graph.edgeLenM[e] as number;
      if (first && last) {
        ds = keyDs(leg.to.offsetKey) - keyDs(leg.from.offsetKey);
        m = keyM(leg.to.offsetKey) - keyM(leg.from.offsetKey);
      } else if (first) {
        ds = keyDs(leg.from.restKey);
        m = keyM(leg.from.restKey);
      } else if (last) {
        ds = keyDs(leg.to.offsetKey);
        m = keyM(leg.to.offsetKey);
      }
      if (!first) ds += leg.turnDs[i - 1] ?? 0;
      return { edge: e, f0: first ? leg.startFrac : 0, f1: last ? leg.endFrac : 1, ds, m };
    });

    type Draft = { type: ManeuverType; modifier?: ManeuverModifier; before: number; after: number; exit?: number; name: string; parts: EdgePart[] };
    const drafts: Draft[] = [];
    const firstEdge = edges[0] as number;
    drafts.push({ type: 'depart', before: 0, after: graph.edgeBearingStart[firstEdge] as number, name: nameOf(firstEdge), parts: [parts[0] as EdgePart] });
    for (let i = 1; i < parts.length; i++) {
      const prev = edges[i - 1] as number;
      const e = edges[i] as number;
      const cur = drafts[drafts.length - 1] as Draft;
      const before = graph.edgeBearingEnd[prev] as number;
      const after = graph.edgeBearingStart[e] as number;
      const angle = turnAngle(before, after);
      const part = parts[i] as EdgePart;
      if (cur.type === 'roundabout' && roundabout(prev)) {
        // Inside a roundabout: count exits until the truck leaves it.
        if (roundabout(e)) {
          if (hasExit(prev)) cur.exit = (cur.exit ?? 1) + 1;
          cur.parts.push(part);
          continue;
        }
        cur.name = nameOf(e);
        cur.parts.push(part);
        continue;
      }
      if (roundabout(e) && !roundabout(prev)) {
        drafts.push({ type: 'roundabout', modifier: 'straight', before, after, exit: 1, name: nameOf(e), parts: [part] });
        continue;
      }
      if (e === net.edgeReverse[prev]) {
        drafts.push({ type: 'continue', modifier: 'uturn', before, after, name: nameOf(e), parts: [part] });
        continue;
      }
      const name = nameOf(e);
      if (name !== cur.name && !(name === '' && Math.abs(angle) < 20)) {
        const modifier = modifierOf(angle);
        drafts.push({ type: modifier === 'straight' ? 'new name' : 'turn', modifier, before, after, name, parts: [part] });
        continue;
      }
      const choices = (graph.arcStart[prev + 1] as number) - (graph.arcStart[prev] as number);
      if (Math.abs(angle) >= 45 && choices > 1) {
        drafts.push({ type: 'continue', modifier: modifierOf(angle), before, after, name, parts: [part] });
        continue;
      }
      cur.parts.push(part);
    }
    // Roundabout modifier: overall direction from entry to exit.
    for (const d of drafts) {
      if (d.type !== 'roundabout') continue;
      const lastPart = d.parts[d.parts.length - 1] as EdgePart;
      d.modifier = modifierOf(turnAngle(d.before, graph.edgeBearingEnd[lastPart.edge] as number));
    }

    const steps: RouteStep[] = drafts.map((d) => {
      const coordinates: LngLat[] = [];
      let ds = 0;
      let m = 0;
      for (const p of d.parts) {
        ds += p.ds;
        m += p.m;
        for (const c of sliceOf(p)) {
          const last = coordinates[coordinates.length - 1];
          if (!last || last[0] !== c[0] || last[1] !== c[1]) coordinates.push(c);
        }
      }
      if (coordinates.length === 1) coordinates.push(coordinates[0] as LngLat);
      return {
        maneuver: {
          type: d.type,
          ...(d.modifier ? { modifier: d.modifier } : {}),
          bearing_before: Math.round(d.before) % 360,
          bearing_after: Math.round(d.after) % 360,
          location: coordinates[0] as LngLat,
          ...(d.type === 'roundabout' ? { exit: d.exit ?? 1 } : {}),
        },
        name: d.name,
        mode: 'driving',
        driving_side: side,
        distance: m,
        duration: round1(ds / 10),
        geometry: { type: 'LineString', coordinates },
      };
    });

    // Arrival: side of the stop seen in the arrival direction.
    const stop = stops[legIdx + 1] as RouteLocation;
    const lastEdge = edges[edges.length - 1] as number;
    let arriveSide: ManeuverModifier | undefined;
    if (stop.snap.side !== undefined) {
      const same = lastEdge === stop.snap.edgeIdx;
      const s = same ? stop.snap.side : stop.snap.side === 'left' ? 'right' : 'left';
      arriveSide = s;
    }
    const end = leg.coordinates[leg.coordinates.length - 1] as LngLat;
    const bearing = Math.round(graph.edgeBearingEnd[lastEdge] as number) % 360;
    steps.push({
      maneuver: { type: 'arrive', ...(arriveSide ? { modifier: arriveSide } : {}), bearing_before: bearing, bearing_after: 0, location: end },
      name: nameOf(lastEdge),
      mode: 'driving',
      driving_side: side,
      distance: 0,
      duration: 0,
      geometry: { type: 'LineString', coordinates: [end, end] },
    });
    return steps;
  });
}

/** Languages the instruction endpoint offers (any `osrm-text-instructions` code works here). */
export const INSTRUCTION_LANGUAGES = ['fr', 'en'] as const;

const compiler = osrmTextInstructions('v5');

/**
 * The sentence of one step, e.g. `"Tournez à droite sur Avenue de la Costa"`, via
 * `osrm-text-instructions`.
 *
 * @param lang language code (`"fr"`, `"en"`, ...)
 * @param legIdx / legCount position of the step's leg, for "your 2nd destination"
 * @throws RangeError for a language `osrm-text-instructions` does not know
 */
export function instructionText(step: RouteStep, lang: string, legIdx = 0, legCount = 1): string {
  try {
    return compiler.compile(lang, step, { legIndex: legIdx, legCount });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new RangeError(`cannot write instructions in "${lang}": ${why}`);
  }
}
