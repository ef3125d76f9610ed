/**
 * The driver's round view (issue #15), for a tablet in the cab (landscape 1280×800 or portrait
 * 800×1280, gloves: every touch target at least 56 px, high contrast): today's published round
 * from `GET /api/rounds/today`, a map centred on the truck (browser geolocation when allowed, else
 * the next stop) with the round's line and the leg to the next stop, the current turn-by-turn
 * instruction large with the distance to it (sentences made by the server with
 * osrm-text-instructions in the dashboard's language), the next-stop card, the step list with
 * disposal trips and the break, and big buttons to report the current step.
 *
 * Reports go to the tablet's queue first (`offline/report-queue.ts`), so nothing is lost in a dead
 * zone; the screen always says how many are not yet sent. Positions are sent while this view is
 * open and the shift is on (throttled). The round answer is kept by the service worker, so a
 * reload offline shows the round again with the queue on top.
 *
 * Exposes `document.body.dataset.driverState` (`loading` → `ready` / `no-round` / `error`) for the
 * browser test.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { NOT_COLLECTED_REASONS, REPORT_ISSUE_CODES, REPORT_NOTE_MAX, type NotCollectedReason, type ReportIssueCode, type ReportInput, type ReportOutcome, type RoundTodayDto } from '../../../server/contract/driver.js';
import type { SessionDto } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { ApiError, NotFoundError, UnauthenticatedError } from '../api/api-error.js';
import { language, t } from '../i18n/index.js';
import { driverSources } from '../map/driver-sources.js';
import { buildMapStyle, osmAttribution, SOURCE } from '../map/map-style.js';
import { sitesToGeoJson } from '../map/plan-sources.js';
import { drawIconForId } from '../map/stop-icon.js';
import { ReportQueue, type SendFailure } from '../offline/report-queue.js';
import { keepForOffline } from '../offline/service-worker.js';
import { openModal } from './dialog.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatClock } from './format.js';
import {
  canCorrect,
  currentInstruction,
  isSavedCopy,
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
  type StepState,
} from './driver-text.js';

maplibregl.setWorkerUrl(workerUrl);

/** Least time between two recorded positions, ms. */
const POSITION_EVERY_MS = 15_000;
/** How often recorded positions are sent, ms. */
const POSITION_SEND_MS = 30_000;
/** Most positions kept while they cannot be sent (the oldest go first). */
const POSITION_BUFFER_MAX = 500;
/** How often the instruction and the clock-dependent texts are refreshed, ms. */
const TICK_MS = 20_000;

/** The signed-in driver's round view. */
export interface DriverPage {
  element: HTMLElement;
  destroy(): void;
}

/** What the report dialog gives back. */
interface ReportFields {
  outcome: ReportOutcome;
  reason?: NotCollectedReason;
  note?: string;
  fillPercent?: number;
  weightKg?: number;
}

function setState(state: 'loading' | 'ready' | 'no-round' | 'error'): void {
  document.body.dataset.driverState = state;
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Why the server refused a report, in the driver's language: the stable issue codes of the
 * contract (`REPORT_ISSUE_CODES`) each have a text; anything else falls back to the error's text.
 */
export function refusalText(error: ApiError): string {
  const known = new Set<string>(REPORT_ISSUE_CODES);
  const texts = [...new Set(error.issues.flatMap((issue) => (issue.code && known.has(issue.code) ? [t(`driver.issues.${issue.code as ReportIssueCode}`)] : [])))];
  return texts.length > 0 ? texts.join(' ; ') : describeError(error);
}

/** How the queue treats an error of `POST /api/reports`. */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof UnauthenticatedError) return { kind: 'unauthenticated' };
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
    return { kind: 'refused', code: error.code, message: refusalText(error) };
  }
  return { kind: 'retry' };
}

/** Builds the round view in `main` and starts loading the round. */
export function startDriverPage(session: Pick<SessionDto, 'vehicleId'>, now: () => Date = () => new Date()): DriverPage {
  let destroyed = false;
  let round: RoundTodayDto | null = null;
  let states = new Map<number, StepState>();
  let position: [number, number] | null = null;
  let map: maplibregl.Map | null = null;
  let truck: maplibregl.Marker | null = null;
  /** The step the map was last centred on (without a position, the map follows the next stop). */
  let centredOn: number | null | undefined;
  /** A step the driver picked in the list (done out of order); null: the next one. */
  let chosen: number | null = null;
  const cleanups: (() => void)[] = [];
  setState('loading');

  const heading = h('h2', { id: 'driver-heading', tabindex: -1 }, t('driver.heading'));
  const network = h('p', { class: 'driver-network', id: 'driver-network' });
  const queueLine = h('p', { class: 'driver-queue', id: 'driver-queue', role: 'status', 'aria-live': 'polite' });
  const progress = h('p', { class: 'driver-progress', id: 'driver-progress' });
  const refusedBox = h('div', { class: 'driver-refused', id: 'driver-refused', role: 'alert' });
  const statusBar = h('div', { class: 'driver-bar' }, network, queueLine, progress);
  const notice = h('p', { class: 'driver-notice', id: 'driver-notice', role: 'status', 'aria-live': 'polite' }, t('driver.loading'));
  /** Says each report made to screen readers (the last-report line shows it on screen). */
  const announce = h('p', { class: 'visually-hidden', id: 'driver-announce', role: 'status', 'aria-live': 'polite' });

  const instrDistance = h('p', { class: 'instr-distance', id: 'driver-instruction-distance' });
  const instrText = h('p', { class: 'instr-text', id: 'driver-instruction' });
  const instrThen = h('p', { class: 'instr-then', id: 'driver-instruction-then' });
  const instruction = h('section', { class: 'driver-instruction', 'aria-label': t('driver.instructionLabel') }, instrDistance, instrText, instrThen);

  const nextTitle = h('p', { class: 'next-title', id: 'driver-next-title' });
  const nextFacts = h('ul', { class: 'next-facts', id: 'driver-next-facts' });
  const nextCard = h('section', { class: 'driver-next', 'aria-labelledby': 'driver-next-heading' }, h('h3', { id: 'driver-next-heading' }, t('driver.nextStop')), nextTitle, nextFacts);

  const actions = h('div', { class: 'driver-actions', role: 'group', 'aria-label': t('driver.actions.label'), id: 'driver-actions' });
  const lastLine = h('div', { class: 'driver-last', id: 'driver-last' });
  const stepList = h('ol', { class: 'driver-steps', id: 'driver-steps' });
  const stepsSection = h('section', { class: 'driver-steps-section', 'aria-labelledby': 'driver-steps-heading' }, h('h3', { id: 'driver-steps-heading' }, t('driver.stepsHeading')), stepList);

  const mapContainer = h('div', { class: 'driver-map', id: 'driver-map', role: 'region', 'aria-label': t('driver.mapLabel') });
  const side = h('div', { class: 'driver-side' }, heading, notice, announce, refusedBox, instruction, nextCard, actions, lastLine, stepsSection);
  const body = h('div', { class: 'driver-body' }, mapContainer, side);
  const element = h('div', { class: 'driver-page' }, statusBar, body);
  for (const part of [instruction, nextCard, actions, stepsSection, mapContainer]) part.hidden = true;

  const queue = new ReportQueue({
    storage: browserStorage(),
    send: (reports) => api.postReports(reports),
    classify: classifySendError,
    onChange: () => {
      if (!destroyed) refresh();
    },
  });

  const showNetwork = (): void => {
    // the browser's flag, or a send that just failed for want of an answer
    const online = navigator.onLine && !queue.waitingToRetry;
    network.textContent = online ? t('driver.online') : t('driver.offline');
    network.dataset.online = String(online);
    // offline, the round shown can only be the copy kept on the tablet
    const saved = t('driver.savedRound');
    if (round && (!online || isSavedCopy(round.serverTime, now()))) {
      if (notice.textContent === '') notice.textContent = saved;
    } else if (notice.textContent === saved) notice.textContent = '';
  };

  const showQueue = (): void => {
    queueLine.textContent = queueText(queue.pending.length, queue.busy);
    queueLine.dataset.pending = String(queue.pending.length);
    const refused = queue.refused;
    refusedBox.replaceChildren();
    if (refused.length > 0 && round) {
      const current = round;
      const list = h('ul', {}, ...refused.map((r) => h('li', {}, t('driver.queue.refused', { step: stepTitle(current.route.steps[r.report.stepIndex]!, current.details[r.report.stepIndex]), message: r.message }))));
      const dismiss = h('button', { type: 'button', class: 'driver-button secondary' }, t('driver.queue.dismiss'));
      dismiss.addEventListener('click', () => queue.dismissRefused());
      refusedBox.append(list, dismiss);
    }
  };

  /** Redraws everything that depends on the round, the reports and the position. */
  const refresh = (): void => {
    showNetwork();
    showQueue();
    if (!round) return;
    const current = round;
    states = stepStates(current, queue.pending);
    if (chosen !== null && states.has(chosen)) chosen = null;
    const next = chosen ?? nextStepIndex(current, states);
    progress.textContent = progressText(current, states);
    showNext(current, next);
    showInstruction(current, next);
    showActions(current, next);
    showLast(current);
    showSteps(current, next);
    void drawMap(current, next);
  };

  const showNext = (current: RoundTodayDto, next: number | null): void => {
    nextCard.hidden = false;
    if (next === null) {
      nextTitle.textContent = t('driver.allDone');
      nextFacts.replaceChildren();
      return;
    }
    const step = current.route.steps[next]!;
    const detail = current.details[next];
    nextTitle.textContent = stepTitle(step, detail);
    const facts = step.kind === 'break' ? [] : stepFacts(detail);
    nextFacts.replaceChildren(...facts.map((f) => h('li', {}, f)), h('li', { class: 'planned' }, t('driver.planned', { time: formatClock(step.arrival) })));
  };

  const showInstruction = (current: RoundTodayDto, next: number | null): void => {
    instruction.hidden = false;
    const leg = next === null ? null : legForStep(current, next);
    const now = leg ? currentInstruction(leg, position) : null;
    if (!now) {
      instrDistance.textContent = '';
      instrText.textContent = t('driver.noInstruction');
      instrThen.textContent = '';
      return;
    }
    instrDistance.textContent = t('driver.instructionIn', { distance: formatDistance(now.distanceM) });
    instrText.textContent = now.step.instruction;
    instrThen.textContent = now.next ? t('driver.then', { instruction: now.next.instruction }) : '';
  };

  const bigButton = (id: string, label: string, kind: string, onClick: () => void): HTMLButtonElement => {
    const button = h('button', { type: 'button', id, class: `driver-button ${kind}` }, label);
    button.addEventListener('click', onClick);
    return button;
  };

  const showActions = (current: RoundTodayDto, next: number | null): void => {
    actions.hidden = next === null;
    if (next === null) {
      actions.replaceChildren();
      return;
    }
    const step = current.route.steps[next]!;
    if (step.kind === 'bin') {
      actions.replaceChildren(
        bigButton('report-collected', t('driver.actions.collected'), 'collected', () => void report(next, 'collected')),
        bigButton('report-not-collected', t('driver.actions.notCollected'), 'not-collected', () => void report(next, 'not_collected')),
      );
    } else if (step.kind === 'disposal') {
      actions.replaceChildren(bigButton('report-disposal', t('driver.actions.disposalDone'), 'collected', () => void report(next, 'disposal_done')));
    } else {
      actions.replaceChildren(bigButton('report-break', t('driver.actions.breakDone'), 'collected', () => void report(next, 'break_done')));
    }
  };

  /** The last report made, with "Correct" while it may still be corrected. */
  const showLast = (current: RoundTodayDto): void => {
    let latest: [number, StepState] | null = null;
    for (const entry of states) if (!latest || entry[1].at > latest[1].at) latest = entry;
    lastLine.replaceChildren();
    if (!latest) return;
    const [stepIndex, state] = latest;
    const step = current.route.steps[stepIndex]!;
    lastLine.append(h('p', {}, t('driver.reported', { step: stepTitle(step, current.details[stepIndex]), state: stateText(state) })));
    if (canCorrect(state.at, now())) {
      lastLine.append(bigButton('report-correct', t('driver.actions.correct'), 'secondary', () => void report(stepIndex, state.outcome, true)));
    }
  };

  const showSteps = (current: RoundTodayDto, next: number | null): void => {
    stepsSection.hidden = false;
    stepList.replaceChildren(
      ...current.route.steps.map((step, i) => {
        const state = states.get(i);
        const stateClass = i === next ? 'next' : state ? (state.outcome === 'not_collected' ? 'skipped' : 'done') : step.kind === 'depot' ? 'depot' : 'todo';
        const title = stepTitle(step, current.details[i]);
        // a step still to report can be picked, to report it out of order
        let titleElement: HTMLElement = h('span', { class: 'step-title' }, title);
        if (step.kind !== 'depot' && !state && i !== next) {
          const pick = h('button', { type: 'button', class: 'step-title step-pick', 'data-step': i }, title);
          pick.addEventListener('click', () => {
            chosen = i;
            refresh();
            side.scrollTop = 0;
            actions.querySelector<HTMLButtonElement>('button')?.focus();
          });
          titleElement = pick;
        }
        return h(
          'li',
          { class: `driver-step ${step.kind} ${stateClass}`, 'data-step': i, 'aria-current': i === next ? 'step' : undefined },
          h('span', { class: 'step-time' }, formatClock(step.arrival)),
          titleElement,
          step.kind === 'depot' ? null : h('span', { class: 'step-state' }, stateText(state)),
        );
      }),
    );
  };

  /** Asks for the details when needed, then queues the report. */
  const report = async (stepIndex: number, outcome: ReportOutcome, correcting = false): Promise<void> => {
    if (!round) return;
    const current = round;
    const step = current.route.steps[stepIndex]!;
    const title = stepTitle(step, current.details[stepIndex]);
    let fields: ReportFields | null = { outcome };
    if (correcting || outcome === 'not_collected' || outcome === 'disposal_done') {
      fields = await openReportDialog(step.kind, title, outcome, correcting);
      if (!fields) return;
    }
    const input: ReportInput = {
      id: crypto.randomUUID(),
      planId: current.planId,
      routeId: current.route.routeId,
      stepIndex,
      at: now().toISOString(),
      ...fields,
      ...(position ? { position: { lng: position[0], lat: position[1] } } : {}),
    };
    queue.add(input);
    announce.textContent = t('driver.reported', { step: title, state: stateText({ outcome: input.outcome, id: input.id, at: input.at, reason: input.reason ?? null, pending: true }) });
    refresh();
    actions.querySelector<HTMLButtonElement>('button')?.focus();
  };

  // ---------- map ----------

  const ensureMap = (current: RoundTodayDto): maplibregl.Map => {
    if (map) return map;
    mapContainer.hidden = false;
    const created = new maplibregl.Map({
      container: mapContainer,
      style: buildMapStyle(osmAttribution(t('map.attribution'))),
      center: current.route.steps[0]?.lngLat ?? [7.42, 43.738],
      zoom: 16,
      attributionControl: { compact: false },
      locale: { 'NavigationControl.ZoomIn': t('map.zoomIn'), 'NavigationControl.ZoomOut': t('map.zoomOut'), 'AttributionControl.ToggleAttribution': t('map.toggleAttribution') },
    });
    created.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    created.setMissingStyleImageResolver((id) => {
      const icon = drawIconForId(id);
      if (icon && !created.hasImage(id)) created.addImage(id, icon.image, { pixelRatio: icon.pixelRatio });
    });
    map = created;
    mapLoaded = new Promise<void>((resolve) => created.once('load', () => resolve()));
    void mapLoaded.then(async () => {
      try {
        const [roads, sites] = await Promise.all([api.getRoads(), api.getSites()]);
        if (destroyed) return;
        await Promise.all([
          created.getSource<maplibregl.GeoJSONSource>(SOURCE.roads)?.setData(roads),
          created.getSource<maplibregl.GeoJSONSource>(SOURCE.sites)?.setData(sitesToGeoJson(sites)),
        ]);
      } catch (error) {
        if (!destroyed) notice.textContent = describeError(error); // the round stays usable without its basemap
      }
    });
    const marker = h('div', { class: 'truck-marker', 'aria-hidden': 'true' });
    truck = new maplibregl.Marker({ element: marker });
    return created;
  };
  let mapLoaded: Promise<void> = Promise.resolve();

  const drawMap = async (current: RoundTodayDto, next: number | null): Promise<void> => {
    const shown = ensureMap(current);
    await mapLoaded;
    if (destroyed) return;
    const leg = next === null ? null : legForStep(current, next);
    const sources = driverSources(current, new Set(states.keys()), next, leg?.geometry ?? null);
    shown.getSource<maplibregl.GeoJSONSource>(SOURCE.routes)?.setData(sources.routes);
    shown.getSource<maplibregl.GeoJSONSource>(SOURCE.stops)?.setData(sources.stops);
    shown.getSource<maplibregl.GeoJSONSource>(SOURCE.disposalVisits)?.setData(sources.disposalVisits);
    const target = position ?? (next === null ? null : current.route.steps[next]!.lngLat);
    if (position && truck) truck.setLngLat(position).addTo(shown);
    if (target && (position || centredOn !== next)) {
      shown.jumpTo({ center: target });
      centredOn = next;
    }
    const idle = new Promise<void>((resolve) => shown.once('idle', () => resolve()));
    shown.triggerRepaint();
    await idle;
    if (!destroyed) document.body.dataset.driverMap = 'idle';
  };

  // ---------- positions ----------

  let buffered: { lng: number; lat: number; accuracyM?: number; at: string }[] = [];
  let lastKept = 0;
  let firstFixSent = false;
  const sendPositions = async (): Promise<void> => {
    if (buffered.length === 0 || !navigator.onLine) return;
    const batch = buffered;
    buffered = [];
    try {
      await api.postPositions(batch);
    } catch (error) {
      // kept for the next try when no answer came; a refused batch (or a lost session) is dropped, as positions are only for the live view
      if (classifySendError(error).kind === 'retry') buffered = [...batch, ...buffered].slice(-POSITION_BUFFER_MAX);
    }
  };
  const watchPosition = (): void => {
    if (!('geolocation' in navigator)) return;
    const id = navigator.geolocation.watchPosition(
      (p) => {
        position = [p.coords.longitude, p.coords.latitude];
        const at = now();
        if (round && shiftOn(round.route, at) && at.getTime() - lastKept >= POSITION_EVERY_MS) {
          lastKept = at.getTime();
          buffered = [...buffered, { lng: position[0], lat: position[1], accuracyM: Math.min(100_000, Math.round(p.coords.accuracy)), at: at.toISOString() }].slice(-POSITION_BUFFER_MAX);
          // the first fix goes at once: the manager's map shows the truck without waiting for the batch
          if (!firstFixSent) {
            firstFixSent = true;
            void sendPositions();
          }
        }
        refresh();
      },
      () => undefined, // refused or unavailable: the map centres on the next stop
      { enableHighAccuracy: true, maximumAge: 10_000 },
    );
    const timer = setInterval(() => void sendPositions(), POSITION_SEND_MS);
    cleanups.push(() => {
      navigator.geolocation.clearWatch(id);
      clearInterval(timer);
    });
  };

  // ---------- loading ----------

  const load = async (): Promise<void> => {
    const lang = language();
    try {
      round = await api.getRoundToday(lang);
    } catch (error) {
      if (destroyed) return;
      if (error instanceof NotFoundError) {
        notice.textContent = t('driver.noRound');
        notice.id = 'driver-no-round';
        setState('no-round');
        return;
      }
      notice.textContent = describeError(error);
      setState('error');
      return;
    }
    if (destroyed) return;
    heading.textContent = t('driver.headingVehicle', { vehicle: round.route.vehicleName });
    notice.textContent = '';
    refresh();
    setState('ready');
    watchPosition();
    void queue.flush();
    // the first visit fetched these before the service worker took control: ask it to keep them
    if (navigator.onLine) {
      void keepForOffline(['/api/session', api.roundTodayUrl(lang), '/api/roads', '/api/sites'])
        .then(() => {
          if (!destroyed) document.body.dataset.offlineReady = 'true';
        })
        .catch(() => undefined); // no service worker: the view works online only
    }
  };

  const onOnline = (): void => {
    showNetwork();
    queue.online();
    void sendPositions();
  };
  const onOffline = (): void => showNetwork();
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  const ticker = setInterval(() => refresh(), TICK_MS);
  cleanups.push(() => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    clearInterval(ticker);
  });
  if (!session.vehicleId) notice.textContent = t('driver.noVehicle');
  showNetwork();
  showQueue();
  void load();

  return {
    element,
    destroy: () => {
      destroyed = true;
      queue.stop();
      for (const cleanup of cleanups) cleanup();
      map?.remove();
      delete document.body.dataset.driverState;
      delete document.body.dataset.driverMap;
      delete document.body.dataset.offlineReady;
    },
  };
}

/**
 * The report dialog: the outcome (when correcting), the reason and note of a stop not collected,
 * the fill seen and the weight of a collected bin, the weighbridge weight of a disposal visit.
 * @returns the fields, or null when cancelled.
 */
function openReportDialog(kind: string, stepName: string, outcome: ReportOutcome, correcting: boolean): Promise<ReportFields | null> {
  const titleKey = correcting ? 'driver.dialog.correctTitle' : outcome === 'not_collected' ? 'driver.dialog.notCollectedTitle' : outcome === 'disposal_done' ? 'driver.dialog.disposalTitle' : outcome === 'break_done' ? 'driver.dialog.breakTitle' : 'driver.dialog.collectedTitle';
  const title = h('h2', { id: 'report-dialog-title' }, t(titleKey, { step: stepName }));
  const error = h('p', { class: 'form-error', id: 'report-error', role: 'alert' });
  let chosenOutcome: ReportOutcome = outcome;
  let chosenReason: NotCollectedReason | null = null;
  let chosenFill: number | null = null;

  const choiceGroup = <T extends string | number>(legend: string, name: string, options: readonly { value: T; label: string }[], selected: T | null, onPick: (value: T) => void): HTMLFieldSetElement => {
    const buttons = options.map((o) => {
      const button = h('button', { type: 'button', class: 'choice', 'data-value': String(o.value), 'aria-pressed': String(o.value === selected), name }, o.label);
      button.addEventListener('click', () => {
        for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
        onPick(o.value);
        update();
      });
      return button;
    });
    return h('fieldset', { class: `choices ${name}` }, h('legend', {}, legend), ...buttons);
  };

  const outcomes: ReportOutcome[] = kind === 'bin' ? ['collected', 'not_collected'] : kind === 'disposal' ? ['disposal_done'] : ['break_done'];
  const outcomeGroup = correcting && outcomes.length > 1
    ? choiceGroup(t('driver.dialog.outcome'), 'report-outcome', outcomes.map((o) => ({ value: o, label: t(`driver.state.${o}`) })), outcome, (v) => (chosenOutcome = v))
    : null;
  const reasonGroup = choiceGroup(t('driver.dialog.reason'), 'report-reason', NOT_COLLECTED_REASONS.map((r) => ({ value: r, label: t(`driver.reasons.${r}`) })), null, (v) => (chosenReason = v));
  const note = h('textarea', { id: 'report-note', maxlength: REPORT_NOTE_MAX, rows: 2 });
  const noteField = h('div', { class: 'field' }, h('label', { for: 'report-note' }, t('driver.dialog.note')), note);
  const fillGroup = choiceGroup(
    t('driver.dialog.fill'),
    'report-fill',
    [{ value: -1, label: t('driver.dialog.fillNone') }, ...[25, 50, 75, 100, 120].map((v) => ({ value: v, label: `${v} %` }))],
    -1,
    (v) => (chosenFill = v < 0 ? null : v),
  );
  const weight = h('input', { type: 'number', id: 'report-weight', min: 0, max: 50_000, step: 1, inputmode: 'numeric' });
  const weightField = h('div', { class: 'field' }, h('label', { for: 'report-weight' }, kind === 'disposal' ? t('driver.dialog.tonnage') : t('driver.dialog.weight')), weight);

  const update = (): void => {
    const notCollected = chosenOutcome === 'not_collected';
    reasonGroup.hidden = !notCollected;
    noteField.hidden = !notCollected;
    fillGroup.hidden = chosenOutcome !== 'collected';
    weightField.hidden = !(chosenOutcome === 'collected' || chosenOutcome === 'disposal_done');
  };
  update();

  const cancel = h('button', { type: 'submit', value: 'cancel', class: 'driver-button secondary', formnovalidate: true }, t('driver.dialog.cancel'));
  const confirm = h('button', { type: 'submit', value: 'confirm', class: 'driver-button collected', id: 'report-confirm' }, t('driver.dialog.confirm'));
  const form = h('form', { method: 'dialog' }, title, outcomeGroup, reasonGroup, noteField, fillGroup, weightField, error, h('div', { class: 'dialog-actions' }, cancel, confirm));
  const dialog = h('dialog', { class: 'modal report-dialog', 'aria-labelledby': 'report-dialog-title' }, form);
  let result: ReportFields | null = null;
  form.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'confirm') return;
    const problems: string[] = [];
    const text = note.value.trim();
    if (chosenOutcome === 'not_collected' && !chosenReason) problems.push(t('driver.dialog.reasonRequired'));
    if (chosenOutcome === 'not_collected' && chosenReason === 'other' && !text) problems.push(t('driver.dialog.noteRequired'));
    const weightText = weight.value.trim();
    const kg = weightText === '' ? null : Number(weightText);
    if (!weightField.hidden && kg !== null && (!Number.isFinite(kg) || kg < 0 || kg > 50_000)) problems.push(t('driver.dialog.weightInvalid'));
    if (problems.length > 0) {
      event.preventDefault();
      error.textContent = problems.join(' ');
      return;
    }
    result = {
      outcome: chosenOutcome,
      ...(chosenOutcome === 'not_collected' && chosenReason ? { reason: chosenReason } : {}),
      ...(chosenOutcome === 'not_collected' && text ? { note: text } : {}),
      ...(chosenOutcome === 'collected' && chosenFill !== null ? { fillPercent: chosenFill } : {}),
      ...(!weightField.hidden && kg !== null ? { weightKg: kg } : {}),
    };
  });
  const first = outcomeGroup?.querySelector('button') ?? (outcome === 'not_collected' ? reasonGroup.querySelector('button') : confirm);
  return openModal(dialog, first).then(() => result);
}
