/**
 * The citizens' map (issue #16), public, no login: at `/public/:space`, the space's drop-off
 * points on the street map with their stream and a coarse status (a symbol whose shape and colour
 * both tell it, with a legend), the same points as a list (the alternative for keyboards and
 * screen readers, with filters), and "Signaler un problème" on each point: a form (problem,
 * optional comment, photo and e-mail) sent as multipart, its problems shown by field, then a
 * confirmation. French first; the language switch is kept in `localStorage`.
 *
 * Exposes `document.body.dataset.publicState` (`loading` → `ready`, or `error`) and
 * `publicMap` (`idle` once the streets are drawn) for the browser test.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MAX_PHOTO_BYTES, PHOTO_TYPES, POINT_STATUSES, REPORT_KINDS, type PointStatus, type PublicPoint, type PublicPoints } from '../../../server/contract/citizens.js';
import { STREAM_VALUES } from '../../../server/contract/index.js';
import { ApiError, NotFoundError, TooManyRequestsError } from '../api/api-error.js';
import * as api from '../api/api-client.js';
import { setLanguage, storedLanguage, t } from '../i18n/index.js';
import { osmAttribution, SOURCE } from '../map/map-style.js';
import { buildPublicMapStyle, drawStatusSymbol, filterPoints, POINTS_LAYER, POINTS_SOURCE, pointsBounds, statusIconId, statusSymbolPath, STATUS_SYMBOLS, type PointFilter } from '../map/public-points.js';
import { openModal } from './dialog.js';
import { h, svg } from './dom.js';
import { describeError } from './error-text.js';
import { formatWait } from './format.js';
import { applyDocumentLanguage, browserStorage, languageSwitch } from './language-switch.js';

maplibregl.setWorkerUrl(workerUrl);

/** The status symbol as a small inline SVG (decorative: the text beside it says the status). */
export function statusSymbol(status: PointStatus): SVGSVGElement {
  return svg(
    'svg',
    { viewBox: '0 0 20 20', width: 18, height: 18, 'aria-hidden': 'true', focusable: 'false', class: 'status-symbol' },
    svg('path', { d: statusSymbolPath(status), fill: STATUS_SYMBOLS[status].fill, stroke: '#ffffff', 'stroke-width': '1.5' }),
  );
}

/** The status in words with its symbol. */
function statusBadge(status: PointStatus): HTMLElement {
  const badge = h('span', { class: 'point-status', 'data-status': status }, h('span', {}, t(`public.status.${status}`)));
  badge.prepend(statusSymbol(status));
  return badge;
}

function iconImage(status: PointStatus): { image: ImageData; pixelRatio: number } {
  const ratio = 2;
  const size = 22;
  const canvas = document.createElement('canvas');
  canvas.width = size * ratio;
  canvas.height = size * ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable: cannot draw map icons');
  ctx.scale(ratio, ratio);
  drawStatusSymbol(ctx, status, size / 2, size / 2, 8);
  return { image: ctx.getImageData(0, 0, canvas.width, canvas.height), pixelRatio: ratio };
}

/** Starts the public page of space `spaceId` in `root`. */
export async function startPublicPage(root: HTMLElement, spaceId: string): Promise<void> {
  setLanguage(storedLanguage(browserStorage()));
  document.body.dataset.screen = 'public';
  document.body.dataset.publicState = 'loading';
  let spaceName = spaceId;
  let points: PublicPoints | null = null;
  let map: maplibregl.Map | null = null;
  const filter: PointFilter = { stream: 'all', status: 'all' };

  const render = (): void => {
    map?.remove();
    map = null;
    delete document.body.dataset.publicMap;
    applyDocumentLanguage();
    document.title = t('public.documentTitle', { space: spaceName });
    const header = h(
      'header',
      { class: 'topbar public-topbar' },
      h('div', { class: 'brand-block' }, h('p', { class: 'brand' }, t('public.brand')), h('p', { class: 'space-name' }, spaceName)),
      h('div', { class: 'session-tools' }, languageSwitch(render)),
    );
    const main = h('main', { id: 'main', tabindex: -1, class: 'public-main' });
    root.replaceChildren(h('a', { class: 'skip-link', href: '#main' }, t('app.skipToContent')), header, main);
    const intro = h('div', { class: 'public-intro' }, h('h1', { id: 'public-heading' }, t('public.heading', { space: spaceName })), h('p', {}, t('public.intro')));
    const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'public-status' }, points ? '' : t('public.loading'));
    const mapContainer = h('div', { id: 'public-map', role: 'region', 'aria-label': t('public.mapLabel'), 'aria-describedby': 'public-map-hint' });
    const mapHint = h('p', { id: 'public-map-hint', class: 'visually-hidden' }, t('public.mapHint'));
    const legend = h('section', { class: 'public-legend', 'aria-labelledby': 'legend-heading' }, h('h2', { id: 'legend-heading' }, t('public.legendTitle')));
    const legendList = h('ul', {});
    for (const s of POINT_STATUSES) {
      const item = h('li', {}, h('strong', {}, t(`public.status.${s}`)), ` — ${t(`public.statusHelp.${s}`)}`);
      item.prepend(statusSymbol(s));
      legendList.append(item);
    }
    legend.append(legendList);
    const list = h('ul', { class: 'point-list', id: 'point-list' });
    const count = h('p', { class: 'point-count', id: 'point-count' });
    const streamSelect = h('select', { id: 'filter-stream' }, h('option', { value: 'all' }, t('public.all')), ...STREAM_VALUES.map((s) => h('option', { value: s, selected: filter.stream === s }, t(`streams.${s}`))));
    const statusSelect = h('select', { id: 'filter-status' }, h('option', { value: 'all' }, t('public.all')), ...POINT_STATUSES.map((s) => h('option', { value: s, selected: filter.status === s }, t(`public.status.${s}`))));
    const filters = h(
      'div',
      { class: 'public-filters' },
      h('div', { class: 'field' }, h('label', { for: 'filter-stream' }, t('public.filterStream')), streamSelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-status' }, t('public.filterStatus')), statusSelect),
    );
    const listSection = h('section', { class: 'public-list', 'aria-labelledby': 'list-heading' }, h('h2', { id: 'list-heading' }, t('public.listHeading')), filters, count, list);
    main.append(intro, status, h('div', { class: 'public-layout' }, h('div', { class: 'public-map-column' }, mapContainer, mapHint, legend), listSection));

    const refreshList = (): void => {
      if (!points) return;
      const shown = filterPoints(points, filter);
      count.textContent = t('public.listCount', { shown: shown.length, total: points.features.length });
      list.replaceChildren(...(shown.length === 0 ? [h('li', { class: 'empty' }, t('public.empty'))] : shown.map((p) => pointItem(p))));
      const source = map?.getSource(POINTS_SOURCE) as maplibregl.GeoJSONSource | undefined;
      source?.setData({ type: 'FeatureCollection', features: shown });
    };
    const pointItem = (p: PublicPoint): HTMLElement => {
      const { id, name, address, stream, status: st } = p.properties;
      const report = h('button', { type: 'button', class: 'small primary', 'data-report': id, 'aria-label': t('public.reportOn', { name, address }) }, t('public.report'));
      report.addEventListener('click', () => void openReportForm(spaceId, p));
      const show = h('button', { type: 'button', class: 'small', 'data-show': id, 'aria-label': t('public.showOnMapOf', { name, address }) }, t('public.showOnMap'));
      show.addEventListener('click', () => {
        map?.flyTo({ center: p.geometry.coordinates, zoom: 17 });
        openPopup(p);
        mapContainer.scrollIntoView({ block: 'nearest' });
      });
      return h(
        'li',
        { class: 'point-item', 'data-point-id': id, 'data-status': st },
        h('div', { class: 'point-text' }, h('p', { class: 'point-name' }, name), h('p', { class: 'point-address' }, address), h('p', { class: 'point-meta' }, h('span', { class: 'stream-badge', 'data-stream': stream }, t(`streams.${stream}`)), ' ', statusBadge(st))),
        h('div', { class: 'point-actions' }, report, show),
      );
    };
    const openPopup = (p: PublicPoint): void => {
      if (!map) return;
      const { name, address, stream, status: st } = p.properties;
      const report = h('button', { type: 'button', class: 'small primary', 'aria-label': t('public.reportOn', { name, address }) }, t('public.report'));
      report.addEventListener('click', () => void openReportForm(spaceId, p));
      const content = h('div', { class: 'point-popup' }, h('p', { class: 'point-name' }, name), h('p', {}, address), h('p', {}, t(`streams.${stream}`), ' · ', statusBadge(st)), report);
      new maplibregl.Popup({ maxWidth: '280px' }).setLngLat(p.geometry.coordinates).setDOMContent(content).addTo(map);
    };
    streamSelect.addEventListener('change', () => {
      filter.stream = streamSelect.value as PointFilter['stream'];
      refreshList();
    });
    statusSelect.addEventListener('change', () => {
      filter.status = statusSelect.value as PointFilter['status'];
      refreshList();
    });

    const created = new maplibregl.Map({
      container: mapContainer,
      style: buildPublicMapStyle(osmAttribution(t('map.attribution'))),
      center: [7.42, 43.738],
      zoom: 13,
      attributionControl: { compact: false },
      locale: {
        'Map.Title': t('public.mapLabel'),
        'NavigationControl.ZoomIn': t('map.zoomIn'),
        'NavigationControl.ZoomOut': t('map.zoomOut'),
        'NavigationControl.ResetBearing': t('map.resetBearing'),
        'Popup.Close': t('map.popupClose'),
        'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
      },
    });
    map = created;
    created.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    created.on('load', () => {
      for (const s of POINT_STATUSES) {
        const icon = iconImage(s);
        if (!created.hasImage(statusIconId(s))) created.addImage(statusIconId(s), icon.image, { pixelRatio: icon.pixelRatio });
      }
      void api
        .getRoads()
        .then((roads) => (created.getSource(SOURCE.roads) as maplibregl.GeoJSONSource | undefined)?.setData(roads))
        .catch(() => undefined) // the points show without the streets
        .then(() => created.once('idle', () => (document.body.dataset.publicMap = 'idle')));
      refreshList();
      const bounds = points ? pointsBounds(points.features) : null;
      if (bounds) created.fitBounds(bounds, { padding: 30, duration: 0 });
    });
    created.on('click', POINTS_LAYER, (e) => {
      const id = e.features?.[0]?.properties?.['id'];
      const p = points?.features.find((f) => f.properties.id === id);
      if (p) openPopup(p);
    });
    created.on('mouseenter', POINTS_LAYER, () => (created.getCanvas().style.cursor = 'pointer'));
    created.on('mouseleave', POINTS_LAYER, () => (created.getCanvas().style.cursor = ''));
    if (points) refreshList();
    else status.textContent = t('public.loading');
  };

  render();
  try {
    const [space, loaded] = await Promise.all([api.getPublicSpace(spaceId), api.getPublicPoints(spaceId)]);
    spaceName = space.name;
    points = loaded;
    render();
    document.body.dataset.publicState = 'ready';
  } catch (error) {
    document.body.dataset.publicState = 'error';
    const text = error instanceof NotFoundError ? t('public.unknownSpace', { space: spaceId }) : t('public.loadError', { message: describeError(error) });
    const status = document.getElementById('public-status');
    if (status) {
      status.setAttribute('role', 'alert');
      status.classList.add('form-error');
      status.textContent = text;
    }
  }
}

/** Field of each issue path, and the message of each problem, in the page's language. */
function issueText(path: string, code: string | undefined): string {
  if (path === 'photo') return code === 'too_large' ? t('public.form.issues.photoSize') : t('public.form.issues.photoType');
  if (path === 'pointId' || path === 'kind' || path === 'comment' || path === 'email') return t(`public.form.issues.${path}`);
  return path;
}

/** The report form of point `p` in a modal dialog, then the confirmation. */
async function openReportForm(spaceId: string, p: PublicPoint): Promise<void> {
  const { name, address, id } = p.properties;
  const title = h('h2', { id: 'report-title' }, t('public.form.title'));
  const errors = h('div', { class: 'form-errors', id: 'report-errors', role: 'alert', tabindex: -1 });
  const kinds = h('fieldset', { class: 'report-kinds', id: 'report-kind', 'aria-describedby': 'report-errors' }, h('legend', {}, t('public.form.kind')));
  REPORT_KINDS.forEach((k, i) => {
    kinds.append(h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'kind', value: k, required: true, ...(i === 0 ? { id: 'report-kind-first' } : {}) }), ' ', t(`public.form.kinds.${k}`)));
  });
  const comment = h('textarea', { id: 'report-comment', name: 'comment', rows: 3, maxlength: 500, 'aria-describedby': 'report-comment-hint' });
  const photo = h('input', { type: 'file', id: 'report-photo', name: 'photo', accept: PHOTO_TYPES.join(','), 'aria-describedby': 'report-photo-hint' });
  const email = h('input', { type: 'email', id: 'report-email', name: 'email', autocomplete: 'email', maxlength: 254, 'aria-describedby': 'report-email-hint' });
  const send = h('button', { type: 'submit', class: 'primary', id: 'report-send' }, t('public.form.send'));
  const cancel = h('button', { type: 'button', id: 'report-cancel' }, t('public.form.cancel'));
  const fields: Record<string, HTMLElement> = { kind: kinds, comment, photo, email };
  const form = h(
    'form',
    { id: 'report-form', novalidate: true },
    title,
    h('p', { class: 'report-point' }, h('span', { class: 'muted' }, `${t('public.form.point')} : `), h('strong', {}, name), h('br', {}), address),
    errors,
    kinds,
    h('div', { class: 'field' }, h('label', { for: 'report-comment' }, t('public.form.comment')), comment, h('p', { class: 'hint', id: 'report-comment-hint' }, t('public.form.commentHint'))),
    h('div', { class: 'field' }, h('label', { for: 'report-photo' }, t('public.form.photo')), photo, h('p', { class: 'hint', id: 'report-photo-hint' }, t('public.form.photoHint'))),
    h('div', { class: 'field' }, h('label', { for: 'report-email' }, t('public.form.email')), email, h('p', { class: 'hint', id: 'report-email-hint' }, t('public.form.emailHint'))),
    h('div', { class: 'dialog-actions' }, cancel, send),
  );
  const dialog = h('dialog', { class: 'modal citizen-report-dialog', 'aria-labelledby': 'report-title' }, form);
  cancel.addEventListener('click', () => dialog.close('cancel'));

  const showErrors = (messages: { path: string; text: string }[]): void => {
    for (const el of Object.values(fields)) el.removeAttribute('aria-invalid');
    errors.replaceChildren();
    if (messages.length === 0) return;
    errors.append(h('p', {}, t('public.form.errorsTitle')), h('ul', {}, ...messages.map((m) => h('li', {}, m.text))));
    for (const m of messages) fields[m.path]?.setAttribute('aria-invalid', 'true');
    errors.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name="kind"]:checked');
    const file = photo.files?.[0] ?? null;
    const local: { path: string; text: string }[] = [];
    if (!chosen) local.push({ path: 'kind', text: t('public.form.issues.kind') });
    if (email.value.trim() !== '' && !email.checkValidity()) local.push({ path: 'email', text: t('public.form.issues.email') });
    if (file && file.size > MAX_PHOTO_BYTES) local.push({ path: 'photo', text: t('public.form.issues.photoSize') });
    else if (file && file.type !== '' && !(PHOTO_TYPES as readonly string[]).includes(file.type)) local.push({ path: 'photo', text: t('public.form.issues.photoType') });
    if (local.length > 0) {
      showErrors(local);
      return;
    }
    const body = new FormData();
    body.append('pointId', id);
    body.append('kind', chosen!.value);
    if (comment.value.trim() !== '') body.append('comment', comment.value);
    if (email.value.trim() !== '') body.append('email', email.value.trim());
    if (file) body.append('photo', file, file.name);
    send.disabled = true;
    send.textContent = t('public.form.sending');
    api.sendCitizenReport(spaceId, body).then(
      (created) => {
        const close = h('button', { type: 'submit', value: 'done', class: 'primary', id: 'report-done' }, t('public.thanks.close'));
        const heading = h('h2', { id: 'report-title', tabindex: -1 }, t('public.thanks.title'));
        form.replaceWith(
          h('form', { method: 'dialog', class: 'report-thanks', id: 'report-thanks' }, heading, h('p', {}, t('public.thanks.body')), h('p', { class: 'muted' }, t('public.thanks.reference', { id: created.id.slice(0, 8) })), h('div', { class: 'dialog-actions' }, close)),
        );
        heading.focus();
      },
      (error: unknown) => {
        send.disabled = false;
        send.textContent = t('public.form.send');
        if (error instanceof TooManyRequestsError) showErrors([{ path: '', text: t('public.form.tooMany', { wait: formatWait(error.retryAfterS ?? 3600) }) }]);
        else if (error instanceof ApiError && error.issues.length > 0) showErrors(error.issues.map((i) => ({ path: i.path, text: issueText(i.path, i.code) })));
        else showErrors([{ path: '', text: t('public.form.failed', { message: describeError(error) }) }]);
      },
    );
  });
  await openModal(dialog, form.querySelector<HTMLElement>('#report-kind-first'));
}
