/**
 * The "Fermetures" part of the side panel and the re-plan dialog: the closures in force on the
 * day shown (drawn on the map hatched with a dashed red edge, listed with their period, deletable),
 * a form to add one (drawn by clicks on the map, or, from the keyboard, a street picked by name or
 * typed coordinates; the map clicks fill the same coordinates field), and "Re-planifier à partir
 * de…" (time, stops already done per round, trucks unavailable from a time).
 */
import type * as maplibregl from 'maplibre-gl';
import type { ClosureDto, PlanDto, RoadCollection, VehicleDto } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { t } from '../i18n/index.js';
import {
  CLOSURE_DRAFT_SOURCE,
  CLOSURE_HATCH,
  CLOSURE_SOURCE,
  closureGeometry,
  closureLayers,
  closuresToGeoJson,
  draftToGeoJson,
  formatCoordinates,
  hatchImage,
  parseCoordinates,
  streetGeometry,
  streetNames,
} from '../map/closure-layers.js';
import { confirmDialog, openModal } from './dialog.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatDate, formatLocalDateTime, localClock } from './format.js';

/** What the closures panel needs from the dashboard. */
export interface ClosuresPanelHooks {
  readonly map: maplibregl.Map;
  /** Settles once the map's style is loaded. */
  readonly loaded: Promise<void>;
  /** Whether the role may change closures and re-plan. */
  readonly canWrite: boolean;
  date(): string;
  plan(): PlanDto | null;
  /** A re-plan was queued: follow it and show it. */
  onReplanned(planId: string): void;
}

type Kind = 'street' | 'area';

/** The closures section (see the file comment). */
export class ClosuresPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly caption: HTMLElement;
  private readonly status: HTMLElement;
  private readonly replanButton: HTMLButtonElement | null = null;
  private closures: ClosureDto[] = [];
  private drawing = false;
  private kind: Kind = 'street';
  private coords: HTMLTextAreaElement | null = null;
  private streetSelect: HTMLSelectElement | null = null;
  private drawButton: HTMLButtonElement | null = null;
  private drawStatus: HTMLElement | null = null;
  private roads: RoadCollection | null = null;
  private readonly onMapClick = (event: maplibregl.MapMouseEvent): void => {
    if (!this.drawing || !this.coords) return;
    const parsed = parseCoordinates(this.coords.value);
    const points = parsed.ok ? parsed.points : [];
    points.push([event.lngLat.lng, event.lngLat.lat]);
    this.coords.value = formatCoordinates(points);
    if (this.streetSelect) this.streetSelect.value = '';
    this.updateDraft();
  };

  constructor(private readonly hooks: ClosuresPanelHooks) {
    this.list = h('ul', { class: 'closure-list', id: 'closure-list' });
    this.caption = h('p', { class: 'hint', id: 'closures-caption' });
    this.status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'closures-status' });
    const legend = h(
      'p',
      { class: 'legend closure-legend' },
      h('span', { class: 'legend-item' }, h('span', { class: 'closure-swatch', 'aria-hidden': 'true' }), t('closures.legend')),
    );
    const parts: HTMLElement[] = [h('h2', { id: 'closures-title' }, t('closures.heading')), this.caption, legend, this.list, this.status];
    if (hooks.canWrite) {
      parts.push(this.form());
      this.replanButton = h('button', { type: 'button', id: 'replan-open', 'aria-describedby': 'replan-hint' }, t('closures.replan.open'));
      this.replanButton.addEventListener('click', () => void this.openReplan());
      parts.push(h('div', { class: 'replan' }, this.replanButton, h('p', { class: 'hint', id: 'replan-hint' }, t('closures.replan.openHint'))));
    }
    this.element = h('section', { class: 'closures', 'aria-labelledby': 'closures-title' }, ...parts);
    void hooks.loaded.then(() => this.installLayers());
  }

  /** Loads the closures of the day shown and draws them. */
  async refresh(): Promise<void> {
    const date = this.hooks.date();
    this.caption.textContent = t('closures.inForce', { date: formatDate(date) });
    this.closures = await api.listClosures(date);
    this.renderList();
    await this.hooks.loaded;
    this.source(CLOSURE_SOURCE)?.setData(closuresToGeoJson(this.closures) as never);
    this.planChanged();
  }

  /** The plan shown changed: the re-plan button is usable for a done plan. */
  planChanged(): void {
    if (!this.replanButton) return;
    const usable = this.hooks.plan()?.status === 'done';
    this.replanButton.disabled = !usable;
    const hint = this.element.querySelector<HTMLElement>('#replan-hint');
    if (hint) hint.hidden = usable;
  }

  /** Stops listening to the map. */
  destroy(): void {
    this.hooks.map.off('click', this.onMapClick);
  }

  private source(id: string): maplibregl.GeoJSONSource | undefined {
    return this.hooks.map.getSource<maplibregl.GeoJSONSource>(id);
  }

  private installLayers(): void {
    const map = this.hooks.map;
    if (!map.hasImage(CLOSURE_HATCH)) map.addImage(CLOSURE_HATCH, hatchImage());
    map.addSource(CLOSURE_SOURCE, { type: 'geojson', data: closuresToGeoJson(this.closures) as never });
    map.addSource(CLOSURE_DRAFT_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    for (const layer of closureLayers()) map.addLayer(layer as unknown as maplibregl.AddLayerObject);
    map.on('click', this.onMapClick);
  }

  private renderList(): void {
    if (this.closures.length === 0) {
      this.list.replaceChildren(h('li', { class: 'empty' }, t('closures.none')));
      return;
    }
    this.list.replaceChildren(
      ...this.closures.map((c) => {
        const item = h(
          'li',
          { class: `closure closure-${c.kind}`, 'data-closure-id': c.id },
          h('span', { class: 'closure-swatch', 'aria-hidden': 'true' }),
          h('span', { class: 'closure-text' }, h('strong', {}, c.label), ` — ${c.kind === 'area' ? t('closures.kindArea') : t('closures.kindStreet')}, `, t('closures.period', { from: formatLocalDateTime(c.validFrom), to: formatLocalDateTime(c.validTo) })),
        );
        if (this.hooks.canWrite) {
          const remove = h('button', { type: 'button', class: 'link danger-text', 'aria-label': t('closures.removeLabel', { label: c.label }) }, t('closures.remove'));
          remove.addEventListener('click', () => void this.remove(c));
          item.append(remove);
        }
        return item;
      }),
    );
  }

  private async remove(c: ClosureDto): Promise<void> {
    if (!(await confirmDialog(t('closures.removeConfirm', { label: c.label }), t('closures.remove')))) return;
    try {
      await api.deleteClosure(c.id);
      await this.refresh();
      this.setStatus(t('closures.removed'));
    } catch (error) {
      this.setStatus(describeError(error), 'error');
    }
  }

  private setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  private form(): HTMLElement {
    const date = this.hooks.date();
    const label = h('input', { type: 'text', id: 'closure-label', maxlength: 120, required: true, 'aria-describedby': 'closure-label-hint', autocomplete: 'off' });
    const from = h('input', { type: 'datetime-local', id: 'closure-from', value: `${date}T06:00`, required: true });
    const to = h('input', { type: 'datetime-local', id: 'closure-to', value: `${date}T20:00`, required: true });
    const kinds = h('fieldset', { class: 'closure-kinds' }, h('legend', {}, t('closures.kind')));
    for (const [value, text] of [['street', t('closures.kindStreetChoice')], ['area', t('closures.kindAreaChoice')]] as const) {
      const radio = h('input', { type: 'radio', name: 'closure-kind', id: `closure-kind-${value}`, value, checked: value === 'street' });
      radio.addEventListener('change', () => {
        if (radio.checked) this.kind = value;
        this.updateDraft();
      });
      kinds.append(h('label', { for: `closure-kind-${value}` }, radio, h('span', {}, text)));
    }
    this.drawButton = h('button', { type: 'button', id: 'closure-draw', 'aria-pressed': 'false' }, t('closures.draw'));
    this.drawButton.addEventListener('click', () => this.toggleDrawing());
    const clear = h('button', { type: 'button', id: 'closure-clear' }, t('closures.clear'));
    clear.addEventListener('click', () => {
      if (this.coords) this.coords.value = '';
      if (this.streetSelect) this.streetSelect.value = '';
      this.updateDraft();
    });
    this.drawStatus = h('p', { class: 'hint', id: 'closure-draw-status', 'aria-live': 'polite' });
    this.streetSelect = h('select', { id: 'closure-street' }, h('option', { value: '' }, t('closures.streetNone')));
    this.streetSelect.addEventListener('focus', () => void this.fillStreets(), { once: true });
    this.streetSelect.addEventListener('change', () => this.updateDraft());
    this.coords = h('textarea', { id: 'closure-coords', rows: 3, spellcheck: false, 'aria-describedby': 'closure-coords-hint' });
    this.coords.addEventListener('input', () => this.updateDraft());
    const error = h('p', { class: 'form-error', role: 'alert', id: 'closure-error' });
    const submit = h('button', { type: 'submit', class: 'primary', id: 'closure-save' }, t('closures.save'));
    const form = h(
      'form',
      { class: 'closure-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'closure-label' }, t('closures.label')), label, h('p', { class: 'hint', id: 'closure-label-hint' }, t('closures.labelHint'))),
      kinds,
      h('div', { class: 'field-row' }, h('div', { class: 'field' }, h('label', { for: 'closure-from' }, t('closures.from')), from), h('div', { class: 'field' }, h('label', { for: 'closure-to' }, t('closures.to')), to)),
      h(
        'fieldset',
        { class: 'closure-shape' },
        h('legend', {}, t('closures.shape')),
        h('div', { class: 'control-row' }, this.drawButton, clear),
        this.drawStatus,
        h('label', { for: 'closure-street' }, t('closures.street')),
        this.streetSelect,
        h('label', { for: 'closure-coords' }, t('closures.coords')),
        this.coords,
        h('p', { class: 'hint', id: 'closure-coords-hint' }, t('closures.coordsHint')),
      ),
      error,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save(label, from, to, error, submit);
    });
    return h('details', { class: 'closure-new' }, h('summary', {}, t('closures.newHeading')), form);
  }

  private async fillStreets(): Promise<void> {
    if (!this.streetSelect || this.roads) return;
    this.roads = await api.getRoads();
    const current = this.streetSelect.value;
    this.streetSelect.replaceChildren(h('option', { value: '' }, t('closures.streetNone')), ...streetNames(this.roads).map((n) => h('option', { value: n }, n)));
    this.streetSelect.value = current;
  }

  private toggleDrawing(): void {
    this.drawing = !this.drawing;
    if (this.drawButton) {
      this.drawButton.setAttribute('aria-pressed', String(this.drawing));
      this.drawButton.textContent = this.drawing ? t('closures.drawStop') : t('closures.draw');
    }
    this.hooks.map.getCanvas().style.cursor = this.drawing ? 'crosshair' : '';
    this.updateDraft();
  }

  /** The geometry the form describes now: the street picked, else the coordinates; or a sentence saying what is wrong. */
  private currentGeometry(): { geometry: NonNullable<ReturnType<typeof closureGeometry>> } | { problem: string } {
    const street = this.streetSelect?.value ?? '';
    if (street !== '' && this.roads) {
      const g = streetGeometry(this.roads, street);
      if (g) return { geometry: g };
    }
    const parsed = parseCoordinates(this.coords?.value ?? '');
    if (!parsed.ok) return { problem: t('closures.badCoords', { line: parsed.line, text: parsed.text }) };
    if (parsed.points.length === 0) return { problem: t('closures.needShape') };
    const g = closureGeometry(this.kind, parsed.points);
    return g ? { geometry: g } : { problem: t('closures.needPoints') };
  }

  private updateDraft(): void {
    const parsed = parseCoordinates(this.coords?.value ?? '');
    const points = parsed.ok ? parsed.points : [];
    const street = this.streetSelect?.value ?? '';
    const streetShape = street !== '' && this.roads ? streetGeometry(this.roads, street) : null;
    const draft = streetShape
      ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: streetShape, properties: {} }] }
      : draftToGeoJson(this.kind, points);
    this.source(CLOSURE_DRAFT_SOURCE)?.setData(draft as never);
    if (this.drawStatus) this.drawStatus.textContent = this.drawing ? t('closures.drawing', { count: points.length }) : '';
  }

  private async save(label: HTMLInputElement, from: HTMLInputElement, to: HTMLInputElement, error: HTMLElement, submit: HTMLButtonElement): Promise<void> {
    error.textContent = '';
    const shape = this.currentGeometry();
    const problem = label.value.trim() === '' ? t('closures.needLabel') : 'problem' in shape ? shape.problem : !(to.value > from.value) ? t('closures.badPeriod') : null;
    if (problem !== null || 'problem' in shape) {
      error.textContent = problem ?? '';
      (label.value.trim() === '' ? label : 'problem' in shape ? (this.coords ?? label) : to).focus();
      return;
    }
    submit.disabled = true;
    try {
      const created = await api.createClosure({ label: label.value.trim(), geometry: shape.geometry, validFrom: from.value.slice(0, 16), validTo: to.value.slice(0, 16) });
      label.value = '';
      if (this.coords) this.coords.value = '';
      if (this.streetSelect) this.streetSelect.value = '';
      if (this.drawing) this.toggleDrawing();
      this.updateDraft();
      await this.refresh();
      this.setStatus(t('closures.saved', { label: created.label }));
      this.fitTo(created.geometry);
    } catch (err) {
      error.textContent = describeError(err);
    } finally {
      submit.disabled = false;
    }
  }

  /** Shows a closure on the map (its bounds, with some margin). */
  private fitTo(geometry: ClosureDto['geometry']): void {
    const points = geometry.type === 'LineString' ? geometry.coordinates : geometry.coordinates.flat();
    if (points.length === 0) return;
    const lngs = points.map((p) => p[0]);
    const lats = points.map((p) => p[1]);
    this.hooks.map.fitBounds(
      [
        [Math.min(...lngs), Math.min(...lats)],
        [Math.max(...lngs), Math.max(...lats)],
      ],
      { padding: 80, maxZoom: 15, duration: 0 },
    );
  }

  private async openReplan(): Promise<void> {
    const plan = this.hooks.plan();
    if (!plan || plan.status !== 'done') {
      this.setStatus(t('closures.replan.noPlan'), 'error');
      return;
    }
    let fleet: VehicleDto[] = [];
    try {
      fleet = await api.listVehicles();
    } catch (err) {
      this.setStatus(describeError(err), 'error');
      return;
    }
    const at = h('input', { type: 'time', id: 'replan-at', value: localClock(new Date()), required: true });
    const assume = h('input', { type: 'checkbox', id: 'replan-assume' });
    const doneInputs = plan.routes.map((r) => {
      const bins = r.stops.filter((s) => s.kind === 'bin');
      const input = h('input', { type: 'number', id: `replan-done-${r.routeId}`, min: 0, max: bins.length, value: 0, inputmode: 'numeric' });
      return { route: r, bins, input };
    });
    const names = new Map(fleet.map((v) => [v.id, v.name]));
    for (const r of plan.routes) if (!names.has(r.vehicleId)) names.set(r.vehicleId, r.vehicleName);
    const unavailable = [...names].map(([id, name]) => {
      const box = h('input', { type: 'checkbox', id: `replan-unavailable-${id}` });
      const time = h('input', { type: 'time', id: `replan-from-${id}`, value: at.value, 'aria-label': `${t('closures.replan.unavailable', { vehicle: name })} ${t('closures.replan.unavailableFrom')}` });
      return { id, name, box, time };
    });
    // a truck's time follows the re-plan time until it is changed by hand
    at.addEventListener('change', () => {
      for (const u of unavailable) if (u.time.dataset.touched !== 'true') u.time.value = at.value;
    });
    for (const u of unavailable) u.time.addEventListener('change', () => (u.time.dataset.touched = 'true'));
    const error = h('p', { class: 'form-error', role: 'alert', id: 'replan-error' });
    const cancel = h('button', { type: 'button', value: 'cancel' }, t('common.cancel'));
    const submit = h('button', { type: 'submit', class: 'primary', id: 'replan-submit' }, t('closures.replan.submit'));
    const form = h(
      'form',
      { method: 'dialog', novalidate: true },
      h('h2', { id: 'replan-title' }, t('closures.replan.title')),
      h('p', { class: 'hint' }, t('closures.replan.intro')),
      h('div', { class: 'field' }, h('label', { for: 'replan-at' }, t('closures.replan.at')), at),
      h('div', { class: 'check' }, assume, h('label', { for: 'replan-assume' }, t('closures.replan.assume'))),
      h(
        'fieldset',
        { class: 'replan-done' },
        h('legend', {}, t('closures.replan.doneHeading')),
        ...doneInputs.map((d) => h('div', { class: 'field' }, h('label', { for: d.input.id }, t('closures.replan.doneRoute', { vehicle: d.route.vehicleName, count: d.bins.length })), d.input)),
      ),
      h(
        'fieldset',
        { class: 'replan-unavailable' },
        h('legend', {}, t('closures.replan.unavailableHeading')),
        ...unavailable.map((u) => h('div', { class: 'unavailable-row' }, u.box, h('label', { for: u.box.id }, t('closures.replan.unavailable', { vehicle: u.name })), u.time)),
      ),
      error,
      h('div', { class: 'dialog-actions' }, cancel, submit),
    );
    const dialog = h('dialog', { class: 'modal replan-dialog', 'aria-labelledby': 'replan-title' }, form);
    cancel.addEventListener('click', () => dialog.close('cancel'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        error.textContent = '';
        submit.disabled = true;
        try {
          for (const d of doneInputs) {
            const n = Math.max(0, Math.min(d.bins.length, Math.floor(Number(d.input.value) || 0)));
            for (const stop of d.bins.slice(0, n)) await api.markStopDone(plan.id, stop.binId);
          }
          const created = await api.replanPlan(plan.id, {
            at: at.value,
            assumeDoneBeforeAt: assume.checked,
            unavailable: unavailable.filter((u) => u.box.checked).map((u) => ({ vehicleId: u.id, from: u.time.value })),
          });
          dialog.close('done');
          this.setStatus(t('closures.replan.busy'));
          this.hooks.onReplanned(created.id);
        } catch (err) {
          error.textContent = describeError(err);
        } finally {
          submit.disabled = false;
        }
      })();
    });
    await openModal(dialog, at);
  }
}
