import { afterEach, describe, expect, it } from 'vitest';
import type { ReportInput, RoundTodayDto } from '../../server/contract/driver.js';
import { setLanguage } from '../src/i18n/index.js';
import { driverSources, DRIVER_COLORS } from '../src/map/driver-sources.js';
import { delayText, trucksToGeoJson } from '../src/views/live-progress.js';
import {
  canCorrect,
  isSavedCopy,
  currentInstruction,
  distanceM,
  formatDistance,
  legForStep,
  nextStepIndex,
  progressText,
  queueText,
  shiftOn,
  stateText,
  stepFacts,
  stepStates,
  stepTitle,
} from '../src/views/driver-text.js';

afterEach(() => setLanguage('fr'));

type Step = RoundTodayDto['route']['steps'][number];
const step = (kind: Step['kind'], id: string | null, seq: number | null, lngLat: [number, number], time: string): Step => ({
  kind,
  id,
  seq,
  arrival: `2026-12-03T${time}:00.000Z`,
  start: `2026-12-03T${time}:00.000Z`,
  departure: `2026-12-03T${time}:00.000Z`,
  loadAfterL: 0,
  loadAfterKg: 0,
  distanceFromPrevM: 0,
  lngLat,
});
const maneuver = (instruction: string, location: [number, number], distance: number) => ({ type: 'turn', modifier: 'left', exit: null, name: '', distanceM: distance, durationS: 10, location, instruction });
const leg = (fromKind: 'start' | 'bin' | 'disposal', from: string, toKind: 'bin' | 'disposal' | 'end', to: string, steps: ReturnType<typeof maneuver>[]) => ({
  from: { kind: fromKind, refId: from },
  to: { kind: toKind, refId: to },
  distanceM: 500,
  durationS: 60,
  geometry: { type: 'LineString' as const, coordinates: steps.map((s) => s.location) },
  steps,
});

/** Depot, bin B1, break, bin B2, disposal D1, depot. */
function round(): RoundTodayDto {
  const steps = [
    step('depot', 'DEP', null, [7.42, 43.73], '06:00'),
    step('bin', 'B1', 1, [7.421, 43.731], '06:10'),
    step('break', null, null, [7.421, 43.731], '06:20'),
    step('bin', 'B2', 2, [7.423, 43.733], '07:00'),
    step('disposal', 'D1', 3, [7.43, 43.74], '07:30'),
    step('depot', 'DEP', null, [7.42, 43.73], '08:00'),
  ];
  const detail = (i: number, over: Partial<RoundTodayDto['details'][number]> = {}): RoundTodayDto['details'][number] => ({
    stepIndex: i,
    kind: steps[i]!.kind,
    id: steps[i]!.id,
    address: null,
    label: null,
    stream: null,
    volumeL: null,
    expectedFillPercent: null,
    accessNotes: null,
    ...over,
  });
  return {
    planId: 'P1',
    date: '2026-12-03',
    dayStatus: 'published',
    route: { routeId: 'R1', vehicleId: 'V1', vehicleName: 'Benne 1', streams: ['residual'], capacityLitres: 1, capacityKg: 1, distanceM: 1, durationS: 1, drivingS: 1, breakS: 1, cost: 1, start: '2026-12-03T06:00:00.000Z', end: '2026-12-03T08:00:00.000Z', binCount: 2, disposalTrips: 1, collectedLitres: 1, collectedKg: 1, stops: [], steps },
    details: [detail(0, { label: 'Fontvieille' }), detail(1, { address: 'Rue Grimaldi, Monaco', stream: 'packaging', expectedFillPercent: 82.4, accessNotes: 'Code 1234' }), detail(2), detail(3), detail(4, { label: 'Centre de tri' }), detail(5)],
    instructions: {
      planId: 'P1',
      routeId: 'R1',
      lang: 'fr',
      distanceM: 1,
      durationS: 1,
      legs: [
        leg('start', 'DEP', 'bin', 'B1', [maneuver('Partez vers le nord', [7.42, 43.73], 200), maneuver('Tournez à gauche sur Rue Grimaldi', [7.4205, 43.7315], 150), maneuver('Vous êtes arrivé', [7.421, 43.731], 0)]),
        leg('bin', 'B1', 'bin', 'B2', [maneuver('Partez', [7.421, 43.731], 300), maneuver('Vous êtes arrivé', [7.423, 43.733], 0)]),
        leg('bin', 'B2', 'disposal', 'D1', [maneuver('Partez', [7.423, 43.733], 900), maneuver('Arrivée au centre', [7.43, 43.74], 0)]),
        leg('disposal', 'D1', 'end', 'DEP', [maneuver('Partez', [7.43, 43.74], 900), maneuver('Retour', [7.42, 43.73], 0)]),
      ],
    },
    reports: [],
    serverTime: '2026-12-03T06:05:00.000Z',
  };
}

const queued = (stepIndex: number, outcome: ReportInput['outcome'], at: string, extra: Partial<ReportInput> = {}): ReportInput => ({
  id: `00000000-0000-4000-8000-${String(stepIndex).padStart(12, '0')}`,
  planId: 'P1',
  routeId: 'R1',
  stepIndex,
  outcome,
  at,
  ...extra,
});

describe('the driver’s next step', () => {
  it('is the first bin, disposal visit or break without a report, stored or queued', () => {
    const r = round();
    expect(nextStepIndex(r, stepStates(r, []))).toBe(1);
    r.reports = [{ id: 'x', stepIndex: 1, outcome: 'collected', reason: null, note: null, fillPercent: null, weightKg: null, at: '2026-12-03T06:11:00.000Z', receivedAt: '2026-12-03T06:11:00.000Z', corrects: null, by: 'Chauffeur' }];
    expect(nextStepIndex(r, stepStates(r, []))).toBe(2);
    const states = stepStates(r, [queued(2, 'break_done', '2026-12-03T06:40:00.000Z'), queued(3, 'not_collected', '2026-12-03T07:01:00.000Z', { reason: 'bin_not_out' }), queued(4, 'disposal_done', '2026-12-03T07:31:00.000Z')]);
    expect(nextStepIndex(r, states)).toBeNull();
    expect(states.get(3)).toMatchObject({ outcome: 'not_collected', pending: true, reason: 'bin_not_out' });
    expect(progressText(r, states)).toBe('4 / 4 étapes traitées');
  });

  it('applies a queued correction over the stored report, and ignores reports of another round', () => {
    const r = round();
    r.reports = [{ id: 'x', stepIndex: 1, outcome: 'collected', reason: null, note: null, fillPercent: null, weightKg: null, at: '2026-12-03T06:11:00.000Z', receivedAt: '2026-12-03T06:11:00.000Z', corrects: null, by: 'Chauffeur' }];
    const states = stepStates(r, [queued(1, 'not_collected', '2026-12-03T06:13:00.000Z', { reason: 'damaged' }), { ...queued(2, 'break_done', '2026-12-03T06:40:00.000Z'), routeId: 'R2' }]);
    expect(states.get(1)).toMatchObject({ outcome: 'not_collected', pending: true });
    expect(states.has(2)).toBe(false);
    expect(stateText(states.get(1))).toBe('Non collecté : Endommagé · en attente d’envoi');
  });
});

describe('turn-by-turn', () => {
  it('finds the leg leading to a step, skipping the break', () => {
    const r = round();
    expect(legForStep(r, 1)?.to.refId).toBe('B1');
    expect(legForStep(r, 2)).toBeNull();
    expect(legForStep(r, 3)?.to.refId).toBe('B2');
    expect(legForStep(r, 4)?.to.refId).toBe('D1');
    expect(legForStep(r, 0)).toBeNull();
  });

  it('without a position, shows the first maneuver after the departure at the departure’s length', () => {
    const current = currentInstruction(legForStep(round(), 1)!, null)!;
    expect(current.step.instruction).toBe('Tournez à gauche sur Rue Grimaldi');
    expect(current.distanceM).toBe(200);
    expect(current.next?.instruction).toBe('Vous êtes arrivé');
  });

  it('with a position, shows the maneuver ahead and the distance to it', () => {
    const leg = legForStep(round(), 1)!;
    const between: [number, number] = [7.4203, 43.7313];
    const current = currentInstruction(leg, between)!;
    expect(current.step.instruction).toBe('Tournez à gauche sur Rue Grimaldi');
    expect(current.distanceM).toBeGreaterThan(5);
    expect(current.distanceM).toBeLessThan(distanceM(between, [7.4205, 43.7315]) + 1);
    const past: [number, number] = [7.4207, 43.7312];
    expect(currentInstruction(leg, past)!.step.instruction).toBe('Vous êtes arrivé');
  });

  it('writes distances as a driver reads them', () => {
    expect(formatDistance(347)).toBe('350 m');
    expect(formatDistance(1_234)).toBe('1,2 km');
    setLanguage('en');
    expect(formatDistance(1_234)).toBe('1.2 km');
  });
});

describe('the driver’s texts', () => {
  it('describes the next stop: address, stream, expected fill, access notes', () => {
    const r = round();
    expect(stepTitle(r.route.steps[1]!, r.details[1])).toBe('Arrêt 1 — bac B1');
    expect(stepTitle(r.route.steps[4]!, r.details[4])).toBe('Vidage — Centre de tri');
    expect(stepTitle(r.route.steps[2]!, r.details[2])).toBe('Pause');
    expect(stepFacts(r.details[1])).toEqual(['Rue Grimaldi, Monaco', 'Flux : Emballages', expect.stringMatching(/^Remplissage prévu : 82/), 'Accès : Code 1234']);
    expect(stepFacts(r.details[3])).toEqual(['Adresse inconnue', 'Pas de consigne d’accès']);
    setLanguage('en');
    expect(stepTitle(r.route.steps[1]!, r.details[1])).toBe('Stop 1 — bin B1');
  });

  it('says how many reports wait to be sent', () => {
    expect(queueText(0, false)).toBe('Tous les rapports sont envoyés.');
    expect(queueText(1, false)).toBe('1 rapport en attente d’envoi');
    expect(queueText(3, false)).toBe('3 rapports en attente d’envoi');
    expect(queueText(3, true)).toBe('Envoi de 3 rapports…');
    setLanguage('en');
    expect(queueText(3, false)).toBe('3 reports waiting to be sent');
  });

  it('allows a correction within the correction window only', () => {
    const at = '2026-12-03T08:00:00.000Z';
    expect(canCorrect(at, new Date('2026-12-03T08:09:59.000Z'))).toBe(true);
    expect(canCorrect(at, new Date('2026-12-03T08:10:01.000Z'))).toBe(false);
  });

  it('tells a round kept on the tablet from a fresh answer by the server’s clock in it', () => {
    expect(isSavedCopy('2026-12-03T08:00:00.000Z', new Date('2026-12-03T08:00:30.000Z'))).toBe(false);
    expect(isSavedCopy('2026-12-03T08:00:00.000Z', new Date('2026-12-03T08:05:00.000Z'))).toBe(true);
  });

  it('records positions during the shift only', () => {
    const route = round().route;
    expect(shiftOn(route, new Date('2026-12-03T05:50:00.000Z'))).toBe(true);
    expect(shiftOn(route, new Date('2026-12-03T05:40:00.000Z'))).toBe(false);
    expect(shiftOn(route, new Date('2026-12-03T08:20:00.000Z'))).toBe(false);
  });
});

describe('the driver’s map', () => {
  it('draws the round, the leg to the next stop on top, and stops by state', () => {
    const r = round();
    const sources = driverSources(r, new Set([1]), 3, legForStep(r, 3)!.geometry);
    expect(sources.routes.features.map((f) => f.properties.next)).toEqual([false, true]);
    expect(sources.stops.features.map((f) => [f.properties.seq, f.properties.color])).toEqual([
      [1, DRIVER_COLORS.done],
      [2, DRIVER_COLORS.next],
    ]);
    expect(sources.disposalVisits.features.map((f) => [f.properties.seq, f.properties.color, f.properties.fan])).toEqual([[3, DRIVER_COLORS.todo, 0]]);
  });
});

describe('the manager’s live view', () => {
  it('says how late or early a round runs against the plan', () => {
    expect(delayText(null)).toBe('Pas encore de rapport');
    expect(delayText(0.4)).toBe('À l’heure');
    expect(delayText(12.2)).toBe('12 min de retard');
    expect(delayText(-3)).toBe('3 min d’avance');
    setLanguage('en');
    expect(delayText(12)).toBe('12 min late');
  });

  it('puts a truck on the map only when it has a last position', () => {
    const route = { routeId: 'R1', vehicleId: 'V1', vehicleName: 'Benne 1', binsTotal: 3, collected: 1, notCollected: 0, pending: 2, lateMin: null, lastReportAt: null, lastPosition: null };
    const trucks = trucksToGeoJson({ routes: [route, { ...route, routeId: 'R2', vehicleName: 'Benne 2', lastPosition: { lngLat: [7.42, 43.73], at: '2026-12-03T08:00:00.000Z' } }] });
    expect(trucks.features.map((f) => [f.properties?.vehicleName, f.geometry.coordinates])).toEqual([['Benne 2', [7.42, 43.73]]]);
  });
});
