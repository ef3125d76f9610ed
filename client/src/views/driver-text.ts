/**
 * The pure part of the driver's round view (issue #15): which step is next once the stored reports
 * and the tablet's queue are applied, which leg of the turn-by-turn instructions leads there, which
 * instruction is current for the truck's position and how far it is, and the texts of the screen.
 * No DOM, no network: `client/test/driver-text.test.ts` tests it.
 */
import { REPORT_CORRECTION_MIN, type ReportInput, type ReportOutcome, type RoundTodayDto, type StoredReport } from '../../../server/contract/driver.js';
import type { InstructionStep } from '../../../server/contract/index.js';
import { t } from '../i18n/index.js';
import { formatNumber, formatPercent } from './format.js';
import { streamLabel } from './labels.js';

type Round = Pick<RoundTodayDto, 'planId' | 'route' | 'details' | 'instructions' | 'reports'>;
type Step = RoundTodayDto['route']['steps'][number];
type Leg = RoundTodayDto['instructions']['legs'][number];

/** The kinds of step a driver reports (the depot is only where the day starts and ends). */
export const REPORTED_KINDS: ReadonlySet<Step['kind']> = new Set(['bin', 'disposal', 'break']);

/** The latest report of a step: stored on the server, or still in the tablet's queue. */
export interface StepState {
  outcome: ReportOutcome;
  /** The report's id (the one a correction replaces). */
  id: string;
  at: string;
  reason: string | null;
  /** Still on the tablet (not yet acknowledged by the server). */
  pending: boolean;
}

/**
 * The latest report of each step: the round's stored reports, then the queued reports of this
 * round on top (newer: they were made after the round was loaded), each keeping the latest `at`.
 */
export function stepStates(round: Round, queued: readonly ReportInput[]): Map<number, StepState> {
  const states = new Map<number, StepState>();
  const put = (stepIndex: number, state: StepState): void => {
    const previous = states.get(stepIndex);
    if (!previous || previous.at <= state.at) states.set(stepIndex, state);
  };
  for (const r of round.reports) put(r.stepIndex, { outcome: r.outcome, id: r.id, at: r.at, reason: r.reason, pending: false });
  for (const r of queued) {
    if (r.planId !== round.planId || r.routeId !== round.route.routeId) continue;
    put(r.stepIndex, { outcome: r.outcome, id: r.id, at: r.at, reason: r.reason ?? null, pending: true });
  }
  return states;
}

/** The first step still to report (bins, disposal visits, the break, in the round's order); null when all are reported. */
export function nextStepIndex(round: Round, states: ReadonlyMap<number, StepState>): number | null {
  const index = round.route.steps.findIndex((step, i) => REPORTED_KINDS.has(step.kind) && !states.has(i));
  return index < 0 ? null : index;
}

/**
 * The instruction leg that ends at step `stepIndex`: legs join the steps where the truck moves
 * (every step but the breaks), in order. Null for a break, the first step, or a round whose
 * instructions do not line up with its steps.
 */
export function legForStep(round: Round, stepIndex: number): Leg | null {
  const moving = round.route.steps.map((step, i) => ({ step, i })).filter(({ step }) => step.kind !== 'break');
  const position = moving.findIndex(({ i }) => i === stepIndex);
  if (position <= 0) return null;
  const leg = round.instructions.legs[position - 1];
  const target = round.route.steps[stepIndex];
  if (leg && target && (target.id === null || leg.to.refId === target.id)) return leg;
  // not in line (a leg missing): find the leg by where it goes
  return round.instructions.legs.find((l) => target !== undefined && l.to.refId === target.id) ?? null;
}

/** Great-circle distance between two `[lng, lat]` points, metres. */
export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The instruction to show large, the distance to it, and the one after. */
export interface CurrentInstruction {
  /** Index in the leg's steps. */
  index: number;
  step: InstructionStep;
  /** Metres from the truck (or from the leg's start without a position) to the maneuver. */
  distanceM: number;
  next: InstructionStep | null;
}

/** The point of segment a→b nearest to p (local equirectangular plane), with its position `t` (0..1) along the segment. */
function nearestOnSegment(p: readonly [number, number], a: readonly [number, number], b: readonly [number, number]): { point: [number, number]; t: number } {
  const k = Math.cos((p[1] * Math.PI) / 180);
  const dx = (b[0] - a[0]) * k;
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, (((p[0] - a[0]) * k) * dx + (p[1] - a[1]) * dy) / length2));
  return { point: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], t };
}

/**
 * The current instruction of a leg. Without a position (geolocation refused), the truck is taken
 * to be at the leg's start: the first maneuver after the departure, at the departure step's length.
 * With a position: the truck is placed on the nearest segment of the leg's street geometry, and the
 * current instruction is the first maneuver beyond that point, at the distance along the streets.
 */
export function currentInstruction(leg: Leg, position: readonly [number, number] | null): CurrentInstruction | null {
  const steps = leg.steps;
  if (steps.length === 0) return null;
  const coords = leg.geometry.coordinates as [number, number][];
  if (position === null || coords.length < 2) {
    const index = steps.length > 1 ? 1 : 0;
    return { index, step: steps[index]!, distanceM: steps.length > 1 ? steps[0]!.distanceM : 0, next: steps[index + 1] ?? null };
  }
  // the vertex of the geometry at each maneuver (in order along the leg)
  const vertexOf: number[] = [];
  let from = 0;
  for (const s of steps) {
    let best = from;
    let bestM = Infinity;
    for (let v = from; v < coords.length; v++) {
      const d = distanceM(s.location, coords[v]!);
      if (d < bestM) {
        best = v;
        bestM = d;
      }
    }
    vertexOf.push(best);
    from = best;
  }
  // the truck on the nearest segment
  let segment = 0;
  let onLine: [number, number] = coords[0]!;
  let segmentM = Infinity;
  for (let v = 0; v + 1 < coords.length; v++) {
    const near = nearestOnSegment(position, coords[v]!, coords[v + 1]!);
    const d = distanceM(position, near.point);
    if (d < segmentM) {
      segment = v;
      onLine = near.point;
      segmentM = d;
    }
  }
  let index = vertexOf.findIndex((v) => v > segment);
  if (index < 0) index = steps.length - 1;
  let along = distanceM(onLine, coords[Math.min(segment + 1, coords.length - 1)]!);
  for (let v = segment + 1; v < vertexOf[index]!; v++) along += distanceM(coords[v]!, coords[v + 1]!);
  if (vertexOf[index]! <= segment) along = distanceM(position, steps[index]!.location);
  return { index, step: steps[index]!, distanceM: along, next: steps[index + 1] ?? null };
}

/** A distance to a maneuver as a driver reads it: "350 m", "1,2 km" (rounded to 10 m below 1 km). */
export function formatDistance(metres: number): string {
  if (metres < 1_000) return t('driver.distanceM', { distance: formatNumber(Math.round(metres / 10) * 10) });
  return t('driver.distanceKm', { distance: formatNumber(metres / 1_000, 1) });
}

/** The title of a step in the list and the next-stop card. */
export function stepTitle(step: Step, detail: RoundTodayDto['details'][number] | undefined): string {
  switch (step.kind) {
    case 'bin':
      return t('driver.step.bin', { seq: step.seq ?? '', id: detail?.label ?? step.id ?? '' });
    case 'disposal':
      return t('driver.step.disposal', { site: detail?.label ?? step.id ?? '' });
    case 'break':
      return t('driver.step.break');
    default:
      // a depot's name already says it is one ("Dépôt de Fontvieille")
      return detail?.label ?? t('driver.step.depot', { depot: step.id ?? '' });
  }
}

/** The lines of the next-stop card under its title: address, stream, expected fill, access notes. */
export function stepFacts(detail: RoundTodayDto['details'][number] | undefined): string[] {
  if (!detail) return [];
  const lines: string[] = [];
  lines.push(detail.address ? detail.address : t('driver.noAddress'));
  if (detail.stream) lines.push(t('driver.stream', { stream: streamLabel(detail.stream) }));
  if (detail.expectedFillPercent !== null) lines.push(t('driver.expectedFill', { fill: formatPercent(detail.expectedFillPercent) }));
  lines.push(detail.accessNotes ? t('driver.access', { notes: detail.accessNotes }) : t('driver.noAccessNotes'));
  return lines;
}

/** The status of a step as a short text ("Collecté", "Non collecté : accès bloqué", "En attente d'envoi"). */
export function stateText(state: StepState | undefined): string {
  if (!state) return t('driver.state.todo');
  const base = state.outcome === 'not_collected' && state.reason ? t('driver.state.not_collected_reason', { reason: t(`driver.reasons.${state.reason as 'other'}`) }) : t(`driver.state.${state.outcome}`);
  return state.pending ? `${base} · ${t('driver.state.pending')}` : base;
}

/** The queue line of the screen: "3 rapports en attente d'envoi", or that everything is sent. */
export function queueText(pending: number, sending: boolean): string {
  if (pending === 0) return t('driver.queue.allSent');
  return sending ? t('driver.queue.sending', { count: pending }) : t('driver.queue.pending', { count: pending });
}

/** Whether a report made at `at` can still be corrected at `now` (within {@link REPORT_CORRECTION_MIN} minutes). */
export function canCorrect(at: string, now: Date): boolean {
  const age = now.getTime() - Date.parse(at);
  return age >= 0 && age <= REPORT_CORRECTION_MIN * 60_000;
}

/**
 * Whether a round answer is a copy kept on the tablet rather than a fresh one: its `serverTime` is
 * more than a minute older than the tablet's clock (the service worker answered from its cache).
 */
export function isSavedCopy(serverTime: string, now: Date): boolean {
  return now.getTime() - Date.parse(serverTime) > 60_000;
}

/** Whether positions may be recorded at `now`: during the round's shift (from its start to its end, with a quarter of an hour either side). */
export function shiftOn(route: Pick<RoundTodayDto['route'], 'start' | 'end'>, now: Date): boolean {
  const margin = 15 * 60_000;
  return now.getTime() >= Date.parse(route.start) - margin && now.getTime() <= Date.parse(route.end) + margin;
}

/** The stored reports and the queued ones of a step count, for the progress line ("12 / 40 arrêts"). */
export function progressText(round: Round, states: ReadonlyMap<number, StepState>): string {
  const reported = round.route.steps.filter((s, i) => REPORTED_KINDS.has(s.kind) && states.has(i)).length;
  const total = round.route.steps.filter((s) => REPORTED_KINDS.has(s.kind)).length;
  return t('driver.progress', { done: formatNumber(reported), total: formatNumber(total) });
}

/** A stored report as a step state (for tests and the manager's view). */
export function storedState(report: StoredReport): StepState {
  return { outcome: report.outcome, id: report.id, at: report.at, reason: report.reason, pending: false };
}
