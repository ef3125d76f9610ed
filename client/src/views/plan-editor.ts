/**
 * Editing a plan by hand (issue #14, items 2 and 3), for roles that may plan: each round's stops
 * in order with their arrival time and load; each stop can be moved up or down, to another round
 * (a menu, or by dragging it in the list), removed and locked; a round can be locked; Undo and Redo
 * (buttons, Ctrl+Z / Ctrl+Y); the rules the plan breaks are listed in red with words at the stop and
 * in a summary (never by colour alone); "Ré-optimiser le reste" shows the change in km and cost
 * before the manager accepts or rejects it. Every change is stored at once by the server, which
 * recomputes and checks the plan; `onChanged` then redraws the map and the panel.
 */
import type { PlanDto } from '../../../server/contract/index.js';
import type { EvaluatedPlan, PlanEdit, PlanEditState, PlanViolation, ReoptimiseJob } from '../../../server/contract/plan-edit.js';
import * as api from '../api/api-client.js';
import { t } from '../i18n/index.js';
import { h, svg } from './dom.js';
import { describeError } from './error-text.js';
import { formatClock, formatDuration, formatEuros, formatKm, formatLitres, formatPercent } from './format.js';

/** What the editor tells the dashboard. */
export interface PlanEditorOptions {
  /** A change was stored: the plan now shown by the server (redraw map and panel). */
  onChanged: (plan: PlanDto) => void;
}

type Route = PlanDto['routes'][number];

const VIOLATION_KEYS = new Set([
  'wrong_stream',
  'shift_exceeded',
  'working_time_exceeded',
  'capacity_exceeded_litres',
  'capacity_exceeded_kg',
  'lock_violated',
  'time_window_violated',
  'disposal_window_violated',
  'break_missing',
  'break_misplaced',
  'daily_capacity_exceeded',
  'max_stops_exceeded',
]);

/** A violation's code in words. */
export function violationLabel(code: string): string {
  return VIOLATION_KEYS.has(code) ? t(`edit.violation.${code}` as 'edit.violation.wrong_stream') : t('edit.violation.other', { code });
}

/** Signed figure: `+1,2 km`, `−3,40 €`. */
function signed(value: number, text: string): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text.replace(/^[-−]/, '')}` : text;
}

/** The plan editor (see the file comment). */
export class PlanEditor {
  readonly root: HTMLElement;
  private plan: PlanDto | null = null;
  private state: PlanEditState | null = null;
  private job: ReoptimiseJob | null = null;
  private busy = false;
  private message = '';
  private messageKind: 'info' | 'error' = 'info';
  /** Rounds whose stop list is open (kept across redraws). */
  private readonly open = new Set<string>();
  private readonly onKey = (event: KeyboardEvent): void => this.keydown(event);

  constructor(private readonly options: PlanEditorOptions) {
    this.root = h('section', { class: 'plan-editor', 'aria-labelledby': 'plan-editor-heading', hidden: true });
    document.addEventListener('keydown', this.onKey);
  }

  /** Stops listening to the keyboard. */
  destroy(): void {
    document.removeEventListener('keydown', this.onKey);
  }

  /** Shows the editor for `plan` (hidden unless it is a finished plan). */
  async show(plan: PlanDto | null, known?: PlanEditState): Promise<void> {
    // the last change's message belongs to the plan it was made on
    if (plan?.id !== this.plan?.id) this.message = '';
    this.plan = plan;
    if (!plan || plan.status !== 'done') {
      this.state = null;
      this.root.hidden = true;
      return;
    }
    if (known && known.planId === plan.id) this.state = known;
    else {
      try {
        this.state = await api.getPlanEditState(plan.id);
        if (this.job?.planId !== plan.id) this.job = null;
      } catch (error) {
        this.state = null;
        this.root.hidden = false;
        this.root.replaceChildren(h('h2', { id: 'plan-editor-heading' }, t('edit.heading')), h('p', { class: 'status', 'data-kind': 'error' }, t('edit.notEditable', { reason: describeError(error) })));
        return;
      }
    }
    this.root.hidden = false;
    this.render();
  }

  /** For a bin left out of the plan: a menu of rounds and an "add" button (for the bin's map popup); null otherwise. */
  addBinControl(binId: string): HTMLElement | null {
    const plan = this.plan;
    if (!plan || !this.state || !plan.unassigned.some((u) => u.binId === binId) || plan.routes.length === 0) return null;
    const id = `add-bin-${binId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const select = h('select', { id, class: 'add-bin-round' }, ...plan.routes.map((r) => h('option', { value: r.vehicleId }, r.vehicleName)));
    const button = h('button', { type: 'button', class: 'add-bin' }, t('edit.addBin'));
    button.addEventListener('click', () => void this.apply([{ op: 'add', binId, vehicleId: select.value, index: lastIndexBeforeUnloading(plan.routes.find((r) => r.vehicleId === select.value)) }]));
    return h('div', { class: 'add-bin-control' }, h('label', { for: id }, t('edit.addBinLabel', { binId })), select, button);
  }

  private keydown(event: KeyboardEvent): void {
    if (this.root.hidden || !this.state || !(event.ctrlKey || event.metaKey)) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey && this.state.canUndo) {
      event.preventDefault();
      void this.undoRedo('undo');
    } else if ((key === 'y' || (key === 'z' && event.shiftKey)) && this.state.canRedo) {
      event.preventDefault();
      void this.undoRedo('redo');
    }
  }

  private async perform(task: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.setMessage(t('edit.saving'), 'info');
    try {
      await task();
    } catch (error) {
      this.setMessage(describeError(error), 'error');
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private stored(out: EvaluatedPlan, text: string): void {
    const { plan, ...rest } = out;
    this.state = { planId: rest.planId, version: rest.version, latestVersion: rest.latestVersion, canUndo: rest.canUndo, canRedo: rest.canRedo, locks: rest.locks, violations: rest.violations };
    this.setMessage(text, 'info');
    this.plan = plan;
    this.options.onChanged(plan);
  }

  /** Stores `edits` on the current version. */
  apply(edits: PlanEdit[]): Promise<void> {
    return this.perform(async () => {
      const plan = this.plan;
      const state = this.state;
      if (!plan || !state) return;
      const out = await api.storePlanEdits(plan.id, state.version, edits);
      this.job = null;
      this.stored(out, t('edit.saved', { version: out.version }));
    });
  }

  private undoRedo(which: 'undo' | 'redo'): Promise<void> {
    return this.perform(async () => {
      if (!this.plan) return;
      const out = await api.undoRedoPlan(this.plan.id, which);
      this.job = null;
      this.stored(out, t('edit.undone', { version: out.version }));
    });
  }

  private async reoptimise(): Promise<void> {
    const plan = this.plan;
    if (!plan || this.busy) return;
    this.busy = true;
    try {
      let job = await api.startReoptimise(plan.id);
      this.job = job;
      this.render();
      while (job.status === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 400));
        job = await api.getReoptimise(plan.id, job.jobId);
        this.job = job;
        this.render();
      }
      if (job.status === 'failed') this.setMessage(job.error ?? t('status.unknownError'), 'error');
    } catch (error) {
      this.setMessage(describeError(error), 'error');
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private setMessage(text: string, kind: 'info' | 'error'): void {
    this.message = text;
    this.messageKind = kind;
    const line = this.root.querySelector<HTMLElement>('.edit-status');
    if (line) {
      line.textContent = text;
      line.dataset.kind = kind;
    }
  }

  private render(): void {
    const plan = this.plan;
    const state = this.state;
    if (!plan || !state) return;
    const focusedId = (document.activeElement as HTMLElement | null)?.id ?? null;
    const undo = h('button', { type: 'button', id: 'edit-undo', title: t('edit.undoHint'), 'aria-keyshortcuts': 'Control+Z', disabled: !state.canUndo || this.busy }, t('edit.undo'));
    const redo = h('button', { type: 'button', id: 'edit-redo', title: t('edit.redoHint'), 'aria-keyshortcuts': 'Control+Y', disabled: !state.canRedo || this.busy }, t('edit.redo'));
    const reopt = h('button', { type: 'button', id: 'edit-reoptimise', title: t('edit.reoptimiseHint'), disabled: this.busy }, t('edit.reoptimise'));
    undo.addEventListener('click', () => void this.undoRedo('undo'));
    redo.addEventListener('click', () => void this.undoRedo('redo'));
    reopt.addEventListener('click', () => void this.reoptimise());

    const locked = new Set(state.locks.flatMap((l) => l.binIds));
    const lockedRounds = new Set(state.locks.filter((l) => l.wholeRoute).map((l) => l.vehicleId));
    const byBin = new Map<string, PlanViolation[]>();
    const byVehicle = new Map<string, PlanViolation[]>();
    for (const v of state.violations) {
      if (v.binId !== undefined) byBin.set(v.binId, [...(byBin.get(v.binId) ?? []), v]);
      else if (v.vehicleId !== undefined) byVehicle.set(v.vehicleId, [...(byVehicle.get(v.vehicleId) ?? []), v]);
    }
    const names = new Map(plan.routes.map((r) => [r.vehicleId, r.vehicleName]));

    const summary = state.violations.length
      ? h(
          'div',
          { class: 'edit-violations', role: 'alert' },
          h('p', {}, h('strong', {}, t('edit.violationMark', { text: t('edit.violations', { count: state.violations.length }) }))),
          h(
            'ul',
            {},
            ...state.violations.map((v) =>
              h('li', { title: v.message }, t('edit.violationIn', { where: [v.vehicleId ? names.get(v.vehicleId) ?? v.vehicleId : null, v.binId].filter(Boolean).join(' · ') || t('common.dash'), text: violationLabel(v.code) })),
            ),
          ),
        )
      : h('p', { class: 'edit-clean' }, `✓ ${t('edit.noViolations')}`);

    const rounds = h('div', { class: 'edit-rounds' }, ...plan.routes.map((route) => this.roundBlock(plan, route, locked, lockedRounds.has(route.vehicleId), byBin, byVehicle.get(route.vehicleId) ?? [])));
    const parts: (HTMLElement | null)[] = [
      h('h2', { id: 'plan-editor-heading' }, t('edit.heading'), h('small', {}, ` · ${t('edit.version', { version: state.version })}`)),
      h('p', { class: 'hint' }, t('edit.intro')),
      h('div', { class: 'edit-toolbar' }, undo, redo, reopt),
      h('p', { class: 'edit-status status', role: 'status', 'aria-live': 'polite', 'data-kind': this.messageKind }, this.message),
      this.jobBlock(plan),
      summary,
      rounds,
    ];
    this.root.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
    if (focusedId) document.getElementById(focusedId)?.focus();
  }

  private jobBlock(plan: PlanDto): HTMLElement | null {
    const job = this.job;
    if (!job || job.planId !== plan.id) return null;
    if (job.status === 'running') {
      return h(
        'div',
        { class: 'edit-job' },
        h('label', { for: 'reoptimise-progress' }, t('edit.reoptimising', { percent: formatPercent(job.fraction * 100) })),
        h('progress', { id: 'reoptimise-progress', max: 1, value: job.fraction, 'aria-label': t('edit.progressLabel') }),
      );
    }
    const p = job.proposal;
    if (job.status !== 'done' || !p) return null;
    const accept = h('button', { type: 'button', id: 'reoptimise-accept', class: 'primary' }, t('edit.accept'));
    const reject = h('button', { type: 'button', id: 'reoptimise-reject' }, t('edit.reject'));
    accept.addEventListener('click', () =>
      void this.perform(async () => {
        const out = await api.acceptReoptimise(plan.id, job.jobId);
        this.job = null;
        this.stored(out, t('edit.accepted', { version: out.version }));
      }),
    );
    reject.addEventListener('click', () => {
      this.job = null;
      this.setMessage(t('edit.rejected'), 'info');
      this.render();
    });
    return h(
      'div',
      { class: 'edit-job', role: 'group', 'aria-labelledby': 'reoptimise-heading' },
      h('h3', { id: 'reoptimise-heading' }, t('edit.proposal')),
      h(
        'dl',
        { class: 'summary' },
        h('div', { class: 'stat' }, h('dt', {}, t('edit.deltaKm')), h('dd', { id: 'reoptimise-delta-km' }, signed(p.deltaDistanceM, formatKm(Math.abs(p.deltaDistanceM))))),
        h('div', { class: 'stat' }, h('dt', {}, t('edit.deltaCost')), h('dd', { id: 'reoptimise-delta-cost' }, signed(p.deltaCost, formatEuros(Math.abs(p.deltaCost))))),
      ),
      p.violations.length
        ? h('p', { class: 'edit-violation-text' }, t('edit.violationMark', { text: t('edit.violations', { count: p.violations.length }) }))
        : h('p', { class: 'edit-clean' }, `✓ ${t('edit.proposalClean')}`),
      h('div', { class: 'edit-toolbar' }, accept, reject),
    );
  }

  private roundBlock(plan: PlanDto, route: Route, locked: ReadonlySet<string>, roundLocked: boolean, byBin: ReadonlyMap<string, PlanViolation[]>, own: readonly PlanViolation[]): HTMLElement {
    const others = plan.routes.filter((r) => r.vehicleId !== route.vehicleId);
    const list = h('ol', { class: 'edit-stops', 'data-vehicle-id': route.vehicleId });
    route.stops.forEach((stop, index) => {
      const time = formatClock(stop.arrival);
      if (stop.kind === 'disposal') {
        list.append(h('li', { class: 'edit-stop disposal', 'data-index': index }, h('span', { class: 'stop-text' }, t('edit.disposalText', { seq: stop.seq, site: stop.binId, time }))));
        return;
      }
      const binId = stop.binId;
      const bad = byBin.get(binId) ?? [];
      const isLocked = locked.has(binId);
      const key = binId.replace(/[^A-Za-z0-9_-]/g, '_');
      const up = h('button', { type: 'button', class: 'icon', id: `up-${key}`, 'aria-label': t('edit.moveUp', { binId }), title: t('edit.moveUp', { binId }), disabled: index === 0 || this.busy }, '↑');
      const down = h('button', { type: 'button', class: 'icon', id: `down-${key}`, 'aria-label': t('edit.moveDown', { binId }), title: t('edit.moveDown', { binId }), disabled: index === route.stops.length - 1 || this.busy }, '↓');
      up.addEventListener('click', () => void this.apply([{ op: 'move', binId, toVehicleId: route.vehicleId, toIndex: index - 1 }]));
      down.addEventListener('click', () => void this.apply([{ op: 'move', binId, toVehicleId: route.vehicleId, toIndex: index + 1 }]));
      const move = h(
        'select',
        { id: `move-${key}`, 'aria-label': t('edit.moveTo', { binId }), disabled: others.length === 0 || this.busy },
        h('option', { value: '' }, t('edit.moveToChoose')),
        ...others.map((r) => h('option', { value: r.vehicleId }, r.vehicleName)),
      );
      move.addEventListener('change', () => {
        const target = plan.routes.find((r) => r.vehicleId === move.value);
        if (target) void this.apply([{ op: 'move', binId, toVehicleId: target.vehicleId, toIndex: lastIndexBeforeUnloading(target) }]);
      });
      const lock = h(
        'button',
        { type: 'button', class: 'icon', id: `lock-${key}`, 'aria-pressed': String(isLocked), 'aria-label': isLocked ? t('edit.unlock', { binId }) : t('edit.lock', { binId }), title: isLocked ? t('edit.unlock', { binId }) : t('edit.lock', { binId }), disabled: this.busy },
        padlock(isLocked),
      );
      lock.addEventListener('click', () => void this.apply([isLocked ? { op: 'unlock', binIds: [binId] } : { op: 'lock', vehicleId: route.vehicleId, binIds: [binId] }]));
      const remove = h('button', { type: 'button', class: 'icon', id: `remove-${key}`, 'aria-label': t('edit.remove', { binId }), title: t('edit.remove', { binId }), disabled: this.busy }, '✕');
      remove.addEventListener('click', () => void this.apply([{ op: 'remove', binId }]));
      const item = h(
        'li',
        { class: bad.length ? 'edit-stop bin violation' : 'edit-stop bin', draggable: 'true', 'data-bin-id': binId, 'data-index': index },
        h('span', { class: 'stop-text' }, t('edit.stopText', { seq: stop.seq, binId, time, load: formatLitres(stop.loadAfterL) })),
        isLocked ? h('span', { class: 'lock-mark' }, padlock(true), t('edit.lockedMark')) : null,
        ...bad.map((v) => h('span', { class: 'edit-violation-text', title: v.message }, t('edit.violationMark', { text: violationLabel(v.code) }))),
        h('span', { class: 'stop-controls' }, up, down, move, lock, remove),
      );
      item.addEventListener('dragstart', (event) => {
        event.dataTransfer?.setData('text/plain', binId);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      });
      list.append(item);
    });
    list.addEventListener('dragover', (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    });
    list.addEventListener('drop', (event) => {
      event.preventDefault();
      const binId = event.dataTransfer?.getData('text/plain');
      if (!binId) return;
      const onto = (event.target as HTMLElement | null)?.closest<HTMLElement>('li.edit-stop');
      const index = onto?.dataset.index !== undefined ? Number(onto.dataset.index) : lastIndexBeforeUnloading(route);
      void this.apply([{ op: 'move', binId, toVehicleId: route.vehicleId, toIndex: index }]);
    });
    const lockRound = h('button', { type: 'button', id: `lock-round-${route.routeId}`, 'aria-pressed': String(roundLocked), disabled: this.busy }, roundLocked ? t('edit.unlockRound') : t('edit.lockRound'));
    lockRound.addEventListener('click', () => void this.apply([roundLocked ? { op: 'unlock', vehicleId: route.vehicleId } : { op: 'lockRoute', vehicleId: route.vehicleId }]));
    const swap = h(
      'select',
      { id: `swap-${route.routeId}`, 'aria-label': t('edit.swapLabel', { vehicle: route.vehicleName }), disabled: others.length === 0 || this.busy },
      h('option', { value: '' }, t('edit.swapChoose')),
      ...others.map((r) => h('option', { value: r.vehicleId }, r.vehicleName)),
    );
    swap.addEventListener('change', () => {
      if (swap.value) void this.apply([{ op: 'swapVehicles', vehicleA: route.vehicleId, vehicleB: swap.value }]);
    });
    const details = h(
      'details',
      { class: 'edit-round', 'data-vehicle-id': route.vehicleId, open: this.open.has(route.vehicleId) },
      h(
        'summary',
        {},
        h('strong', {}, t('edit.round', { vehicle: route.vehicleName })),
        ' ',
        h('span', { class: 'route-stats' }, t('edit.roundStats', { km: formatKm(route.distanceM), duration: formatDuration(route.durationS), cost: route.cost === null ? t('common.dash') : formatEuros(route.cost) })),
        roundLocked ? h('span', { class: 'lock-mark' }, ' ', padlock(true), t('edit.roundLocked')) : null,
        own.length ? h('span', { class: 'edit-violation-text' }, ` ${t('edit.violationMark', { text: own.map((v) => violationLabel(v.code)).join(', ') })}`) : null,
      ),
      h('div', { class: 'edit-toolbar' }, lockRound, swap),
      list,
    );
    details.addEventListener('toggle', () => {
      if (details.open) this.open.add(route.vehicleId);
      else this.open.delete(route.vehicleId);
    });
    return details;
  }
}

/** A small padlock drawing, closed or open (decorative: the words beside it or the button's label say it). */
function padlock(closed: boolean): SVGSVGElement {
  const stroke = { stroke: 'currentColor', 'stroke-width': '1.6' };
  return svg(
    'svg',
    { viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': 'true', class: 'padlock' },
    svg('path', { d: closed ? 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2' : 'M4.5 7V5a3.5 3.5 0 0 1 6.8-1.2', fill: 'none', ...stroke }),
    svg('rect', { x: 2.5, y: 7, width: 11, height: 8, rx: 1.5, fill: closed ? 'currentColor' : 'none', ...stroke }),
  );
}

/** Where a stop joins a round: before its last unloading when it ends with one (no extra trip), else at the end. */
function lastIndexBeforeUnloading(route: Route | undefined): number {
  if (!route) return 0;
  const last = route.stops.length - 1;
  return last >= 0 && route.stops[last]!.kind === 'disposal' ? last : route.stops.length;
}
