/**
 * The dashboard screen: wires the api module, the offline MapLibre map and the side panel, with
 * the controls the role allows (computing plans, importing readings). Exposes
 * `document.body.dataset.mapState` (`loading` → `idle`, or `error`) and `window.__collecte` for
 * the browser test.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { BinCollection, PlanDto, PlanGeoJson, PlanRoundsEvent } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { t } from '../i18n/index.js';
import { buildMapStyle, LAYER, LAYER_GROUPS, osmAttribution, SOURCE, type LayerGroup } from '../map/map-style.js';
import { horizonFilter, horizonToGeoJson } from '../map/horizon-sources.js';
import { boundsOf, planToSources, routeHighlightOpacity, sitesToGeoJson, type Bounds, type PlanSources } from '../map/plan-sources.js';
import { drawIconForId } from '../map/stop-icon.js';
import type { Capabilities } from './access.js';
import { ClosuresPanel } from './closures-panel.js';
import { describeError } from './error-text.js';
import { formatDate, isoDate } from './format.js';
import { HorizonPanel } from './horizon-panel.js';
import { planStatusLabel } from './labels.js';
import { renderForcedBins, renderPlanActions, renderRouteLinks, renderShortfall, planNoticeText } from './plan-extras.js';
import { LiveProgress } from './live-progress.js';
import { PlanProgressView } from './plan-progress.js';
import { importSummary, noticeText } from './plan-text.js';
import { PlanEditor } from './plan-editor.js';
import { openRouteSheet } from './route-sheet.js';
import { binPopupContent, routePopupContent } from './popups.js';
import { SidePanel } from './side-panel.js';
import { installStopDrag } from './stop-drag.js';

maplibregl.setWorkerUrl(workerUrl);

/** What the browser test can read. */
export interface CollecteDebug {
  map: maplibregl.Map;
  planId: string | null;
}

declare global {
  interface Window {
    __collecte?: CollecteDebug;
  }
}

/** Where the dashboard renders and what the role may do there. */
export interface DashboardOptions {
  mapContainer: HTMLElement;
  panelContainer: HTMLElement;
  /** What the signed-in role may do. */
  can: Pick<Capabilities, 'computePlans' | 'uploadReadings'>;
  /** The date to show first (default today in the space's time zone). */
  initialDate?: string;
  /** The clock, injectable for tests. */
  now?: () => Date;
}

/** A running dashboard. */
export interface Dashboard {
  debug: CollecteDebug;
  /** Settles when the first load (map data and the day's latest plan) is done or has failed. */
  ready: Promise<void>;
  /** The vehicles of the plan shown (to suggest a driver's vehicle). */
  vehicles(): { id: string; name: string }[];
  /** The plan date shown (kept when the screen is rebuilt, e.g. after a language change). */
  date(): string;
  /** Stops polling and removes the map. */
  destroy(): void;
  /** Reloads the bins, cells and the shown date's plan (after another space was chosen, an import). */
  reload(): Promise<void>;
}

const FIT_PADDING = 40;
const EMPTY_PLAN: PlanSources = {
  routes: { type: 'FeatureCollection', features: [] },
  stops: { type: 'FeatureCollection', features: [] },
  disposalVisits: { type: 'FeatureCollection', features: [] },
};

/** Thrown into a running task when the dashboard is taken down. */
class DashboardClosed extends Error {}

function setMapState(state: 'loading' | 'idle' | 'error'): void {
  document.body.dataset.mapState = state;
}

function geojsonSource(map: maplibregl.Map, id: string): maplibregl.GeoJSONSource {
  const source = map.getSource<maplibregl.GeoJSONSource>(id);
  if (!source) throw new Error(`Map source ${id} missing from the style`);
  return source;
}

/** MapLibre's own UI strings (control tooltips) in the current language. */
function mapLocale(): Record<string, string> {
  return {
    'Map.Title': t('map.mapTitle'),
    'NavigationControl.ZoomIn': t('map.zoomIn'),
    'NavigationControl.ZoomOut': t('map.zoomOut'),
    'NavigationControl.ResetBearing': t('map.resetBearing'),
    'Popup.Close': t('map.popupClose'),
    'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
  };
}

/** Creates the map and panel and starts loading the base data and the latest plan of the day. */
export function startDashboard(options: DashboardOptions): Dashboard {
  const now = options.now ?? (() => new Date());
  let destroyed = false;
  setMapState('loading');

  const map = new maplibregl.Map({
    container: options.mapContainer,
    style: buildMapStyle(osmAttribution(t('map.attribution'))),
    center: [7.42, 43.738],
    zoom: 13,
    attributionControl: { compact: false },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    locale: mapLocale(),
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  map.setMissingStyleImageResolver((id) => {
    const icon = drawIconForId(id);
    if (icon && !map.hasImage(id)) map.addImage(id, icon.image, { pixelRatio: icon.pixelRatio });
  });

  const debug: CollecteDebug = { map, planId: null };
  window.__collecte = debug;

  let bins: BinCollection = { type: 'FeatureCollection', features: [] };
  /** The fill the plan shown used per bin (its forecast at the plan instant), or null without one. */
  let planFill: Map<string, number | null> | null = null;
  /** The bins as the map draws them: coloured by the plan's forecast when a plan is shown, else by the last reading. */
  const binsShown = (): BinCollection => ({
    ...bins,
    features: bins.features.map((f) => ({
      ...f,
      properties: { ...f.properties, shownFillPercent: planFill?.has(f.properties.id) ? planFill.get(f.properties.id)! : f.properties.fillPercent },
    })),
  });
  let currentPlan: PlanDto | null = null;
  let currentGeo: PlanGeoJson | null = null;
  let busy = false;

  const whenIdle = (): Promise<void> => new Promise((resolve) => map.once('idle', () => resolve()));
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (destroyed) reject(new DashboardClosed());
      else setTimeout(() => (destroyed ? reject(new DashboardClosed()) : resolve()), ms);
    });

  const drawPlan = async (plan: PlanDto | null, geo: PlanGeoJson | null): Promise<void> => {
    currentPlan = plan;
    currentGeo = geo;
    debug.planId = plan?.id ?? null;
    const sources = geo ? planToSources(geo) : EMPTY_PLAN;
    await Promise.all([
      geojsonSource(map, SOURCE.routes).setData(sources.routes),
      geojsonSource(map, SOURCE.stops).setData(sources.stops),
      geojsonSource(map, SOURCE.disposalVisits).setData(sources.disposalVisits),
    ]);
    highlightRoute(map, null);
    const colors = new Map(sources.routes.features.map((f) => [f.properties.routeId, f.properties.color]));
    const top = plan
      ? [
          ...(plan.shortfall ? [renderShortfall(plan.shortfall, options.can.computePlans, { onReplanWithOvertime: (overtimeMin) => compute(panel.date, overtimeMin) })] : []),
          renderPlanActions(plan, options.can.computePlans, { onPublish: (planId) => void run(() => publish(planId)) }),
          ...[renderForcedBins(plan)].filter((x): x is HTMLElement => x !== null),
        ]
      : [];
    panel.showPlan(plan, colors, plan ? { top, routeLinks: (route) => renderRouteLinks(plan, route, { onRouteSheet: (routeId) => void showRouteSheet(routeId) }) } : {});
    closures.planChanged();
    live?.show(plan);
    await editor?.show(plan);
  };

  const loadPlan = async (planId: string): Promise<void> => {
    const [plan, geo] = await Promise.all([api.getPlan(planId), api.getPlanGeoJson(planId)]);
    planFill = plan.reproducible ? new Map((await api.getPlanForecast(planId)).bins.map((b) => [b.binId, b.forecastFillPercent])) : null;
    await geojsonSource(map, SOURCE.bins).setData(binsShown());
    await drawPlan(plan, plan.routes.length > 0 ? geo : null);
  };

  const publish = async (planId: string): Promise<void> => {
    await api.publishPlan(planId);
    await loadPlan(planId);
    panel.setStatus(t('plans.published'));
  };

  /** The search's current rounds, drawn as straight lines between their stops while it runs. */
  const drawLiveRounds = async (ev: PlanRoundsEvent): Promise<void> => {
    const geo: PlanGeoJson = {
      type: 'FeatureCollection',
      features: ev.routes
        .filter((r) => r.coordinates.length > 0)
        .map((r) => ({
          type: 'Feature' as const,
          geometry: { type: 'LineString' as const, coordinates: r.coordinates.length > 1 ? r.coordinates : [r.coordinates[0]!, r.coordinates[0]!] },
          properties: { kind: 'route' as const, routeId: r.vehicleId, vehicleId: r.vehicleId, color: r.color, distanceM: 0, durationS: 0 },
        })),
    };
    await geojsonSource(map, SOURCE.routes).setData(planToSources(geo).routes);
  };

  /** Fits the map to a round, waits for it to be drawn and opens its printable route sheet. */
  const showRouteSheet = async (routeId: string): Promise<void> => {
    const route = currentPlan?.routes.find((r) => r.routeId === routeId);
    if (!route || !currentPlan) return;
    highlightRoute(map, routeId);
    const line = currentGeo?.features.find((f) => f.geometry.type === 'LineString' && f.properties.routeId === routeId);
    fitTo(line ? boundsOf([line.geometry]) : null, false);
    // wait for the frames of the move and the highlight to be drawn (the canvas keeps its drawing buffer)
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const idle = whenIdle();
    map.triggerRepaint();
    await idle;
    let image: string | null;
    try {
      image = map.getCanvas().toDataURL('image/png');
    } catch {
      image = null; // a canvas the browser will not export: the sheet goes without its map
    }
    await openRouteSheet(currentPlan, route, image);
    highlightRoute(map, null);
  };

  const showLatestPlan = async (date: string): Promise<void> => {
    await closures.refresh();
    const plans = await api.listPlans(date);
    const latest = plans.find((p) => p.status === 'done') ?? plans[0];
    const day = formatDate(date);
    if (!latest) {
      planFill = null;
      await geojsonSource(map, SOURCE.bins).setData(binsShown());
      await drawPlan(null, null);
      panel.setStatus(t('status.noPlan', { date: day }));
      return;
    }
    if (latest.status === 'queued' || latest.status === 'running') {
      await pollAndShow(latest.id);
      return;
    }
    await loadPlan(latest.id);
    panel.setStatus(
      latest.status === 'done' ? t('status.latestPlan', { date: day }) : t('status.latestPlanStatus', { date: day, status: planStatusLabel(latest.status) }),
      latest.status === 'failed' ? 'error' : 'info',
    );
  };

  const pollAndShow = async (planId: string): Promise<void> => {
    panel.setStatus(t('status.queued'), 'busy');
    following = planId;
    progress.start();
    const stream = api.followPlan(planId, {
      onProgress: (ev) => {
        progress.update(ev);
        if (ev.phase !== undefined && ev.phase !== 'queued') panel.setStatus(t('plans.computing'), 'busy');
      },
      onRounds: (ev) => void drawLiveRounds(ev),
    });
    try {
      await stream.done;
    } catch {
      // no event stream (closed early): poll until the plan is final
    } finally {
      stream.close();
    }
    const plan = await api.waitForPlan(planId, { sleep, onStatus: (p) => panel.setStatus(t('status.progress', { status: planStatusLabel(p.status) }), 'busy') });
    following = null;
    progress.stop();
    if (plan.status === 'cancelled' && plan.routes.length > 0) {
      await loadPlan(planId);
      panel.setStatus(t('plans.cancelledKept'));
      return;
    }
    if (plan.status === 'failed' || plan.status === 'cancelled') {
      await drawPlan(plan, null);
      panel.setStatus(plan.status === 'failed' ? t('status.failed', { error: plan.error ?? t('status.unknownError') }) : t('status.cancelled'), 'error');
      return;
    }
    await loadPlan(planId);
    panel.setStatus(planNoticeText(plan) ?? noticeText(plan) ?? t('status.computed'));
  };

  /** Queues a plan of `date`; with `horizonRiskPercent`, its bins come from the planned visits (issue #17). */
  const compute = (date: string, overtimeMin = 0, horizonRiskPercent?: number): void =>
    void run(async () => {
      panel.setStatus(t('status.submitting'), 'busy');
      const created = await api.createPlan(date, { overtimeMin, ...(horizonRiskPercent !== undefined ? { selection: 'horizon' as const, horizonRiskPercent } : {}) });
      await pollAndShow(created.id);
    });

  const run = async (task: () => Promise<void>): Promise<void> => {
    if (busy || destroyed) return;
    busy = true;
    setMapState('loading');
    try {
      await task();
      // Register after the data is set so this is the idle that follows the new data being drawn.
      const idle = whenIdle();
      map.triggerRepaint();
      await idle;
      if (!destroyed) setMapState('idle');
    } catch (error) {
      if (destroyed) return; // the screen is gone (signed out, other language): nothing to report on
      panel.setStatus(describeError(error), 'error');
      setMapState('error');
    } finally {
      busy = false;
    }
  };

  const fitTo = (bounds: Bounds | null, animate: boolean): void => {
    if (bounds) map.fitBounds(bounds, { padding: FIT_PADDING, maxZoom: 17, duration: animate ? 600 : 0 });
  };

  const loadBinsAndCells = async (): Promise<void> => {
    const [binData, cells] = await Promise.all([api.getBins(), api.getCells()]);
    bins = binData;
    await Promise.all([geojsonSource(map, SOURCE.bins).setData(binsShown()), geojsonSource(map, SOURCE.cells).setData(cells)]);
  };

  const upload = async (file: File): Promise<void> => {
    panel.setImportStatus(t('readings.busy'), 'busy');
    try {
      const result = await api.uploadReadingsCsv(file);
      const lines = [t('status.imported', { summary: importSummary(result) })];
      const first = result.rejected[0];
      if (first) lines.push(t('readings.firstRejected', { line: `${first.line ?? first.index ?? '?'} — ${first.reason}` }));
      if (result.truncated) lines.push(t('readings.truncated'));
      await loadBinsAndCells();
      panel.setImportStatus(lines.join(' '), result.rejected.length > 0 ? 'error' : 'info');
    } catch (error) {
      if (!destroyed) panel.setImportStatus(describeError(error), 'error');
    }
  };

  const panel = new SidePanel(
    options.panelContainer,
    {
      onCompute: (date) => compute(date),
      onDateChange: (date) => {
        void run(() => showLatestPlan(date));
        void refreshHorizon();
      },
      onSelectRoute: (routeId) => {
        highlightRoute(map, routeId);
        const route = currentGeo?.features.find((f) => f.geometry.type === 'LineString' && f.properties.routeId === routeId);
        fitTo(route ? boundsOf([route.geometry]) : boundsOf(bins.features.map((f) => f.geometry)), true);
      },
      onSelectBin: (binId) => {
        const bin = bins.features.find((f) => f.properties.id === binId);
        if (bin) map.flyTo({ center: bin.geometry.coordinates, zoom: 17 });
      },
      onToggleLayer: (group: LayerGroup, visible: boolean) => {
        for (const layerId of LAYER_GROUPS[group]) map.setLayoutProperty(layerId, 'visibility', visible ? 'visible' : 'none');
      },
      onUpload: (file) => void upload(file),
    },
    options.initialDate ?? isoDate(now()),
    options.can,
  );
  panel.setStatus(t('status.loadingMap'), 'busy');
  // planned visits of the coming working days (issue #17): loaded when the layer is shown
  let horizonRequest = 0;
  const refreshHorizon = async (): Promise<void> => {
    if (!horizon.visible) return;
    const ticket = ++horizonRequest;
    horizon.setStatus(t('horizon.loading'), 'busy');
    try {
      const plan = await api.getHorizon(panel.date, horizon.riskPercent);
      await loaded;
      if (destroyed || ticket !== horizonRequest) return;
      await geojsonSource(map, SOURCE.horizon).setData(horizonToGeoJson(plan));
      horizon.show(plan);
      horizon.setStatus('');
    } catch (error) {
      if (!destroyed && ticket === horizonRequest) horizon.setStatus(describeError(error), 'error');
    }
  };
  const horizon = new HorizonPanel({
    onToggle: (visible) => {
      for (const layerId of LAYER_GROUPS.horizon) map.setLayoutProperty(layerId, 'visibility', visible ? 'visible' : 'none');
      void refreshHorizon();
    },
    onRiskChange: () => void refreshHorizon(),
    ...(options.can.computePlans ? { onComputeFromHorizon: (riskPercent: number) => compute(panel.date, 0, riskPercent) } : {}),
    onStreamChange: (stream) => {
      for (const layerId of LAYER_GROUPS.horizon) map.setFilter(layerId, horizonFilter(stream));
    },
  });
  panel.mountAfterLegend(horizon.element);
  // managers edit the plan shown: each stored change redraws it (issue #14)
  const editor = options.can.computePlans ? new PlanEditor({ onChanged: (plan) => void run(() => loadPlan(plan.id)) }) : null;
  /** The plan whose events the progress block follows. */
  let following: string | null = null;
  const progress = new PlanProgressView(
    options.can.computePlans
      ? () => {
          if (following) api.cancelPlan(following).catch((error: unknown) => panel.setStatus(describeError(error), 'error'));
        }
      : null,
  );
  panel.mountUnderStatus(progress.element);

  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  installPopups(map, () => currentPlan, (binId) => editor?.addBinControl(binId) ?? null);
  if (editor) installStopDrag(map, (drop) => void editor.apply([{ op: 'move', binId: drop.binId, toVehicleId: drop.toVehicleId, toIndex: drop.toIndex }]));
  const closures = new ClosuresPanel({
    map,
    loaded,
    canWrite: options.can.computePlans,
    date: () => panel.date,
    plan: () => currentPlan,
    onReplanned: (id) => void run(() => pollAndShow(id)),
  });
  // the plan's state, Publish and shortfall first; then the editor and the closures; then the rounds
  panel.mountBelowPlanHead(...(editor ? [editor.root] : []), closures.element);
  // the live view of today's published plan (issue #15) comes above the plan: a manager sees it without scrolling
  const live = options.can.computePlans ? new LiveProgress(map, loaded, now) : null;
  if (live) options.panelContainer.insertBefore(live.element, options.panelContainer.querySelector('section.plan'));

  const loadAll = async (fit: boolean): Promise<void> => {
    const [roads, sites, binData, cells] = await Promise.all([api.getRoads(), api.getSites(), api.getBins(), api.getCells()]);
    await loaded;
    bins = binData;
    await Promise.all([
      geojsonSource(map, SOURCE.roads).setData(roads),
      geojsonSource(map, SOURCE.sites).setData(sitesToGeoJson(sites)),
      geojsonSource(map, SOURCE.bins).setData(binsShown()),
      geojsonSource(map, SOURCE.cells).setData(cells),
    ]);
    if (fit) fitTo(boundsOf(bins.features.map((f) => f.geometry)), false);
    await showLatestPlan(panel.date);
  };

  return {
    debug,
    ready: run(() => loadAll(true)),
    vehicles: () => (currentPlan?.routes ?? []).map((r) => ({ id: r.vehicleId, name: r.vehicleName })),
    date: () => panel.date,
    destroy: () => {
      destroyed = true;
      editor?.destroy();
      live?.destroy();
      if (window.__collecte === debug) delete window.__collecte;
      closures.destroy();
      map.remove();
    },
    reload: () => run(() => loadAll(true)),
  };
}

function highlightRoute(map: maplibregl.Map, routeId: string | null): void {
  map.setPaintProperty(LAYER.routesLine, 'line-opacity', routeHighlightOpacity(routeId));
  map.setPaintProperty(LAYER.routesCasing, 'line-opacity', routeHighlightOpacity(routeId, 0.9, 0.05));
  map.setPaintProperty(LAYER.routesArrows, 'icon-opacity', routeHighlightOpacity(routeId, 0.9, 0));
  map.setPaintProperty(LAYER.stops, 'icon-opacity', routeHighlightOpacity(routeId, 1, 0.25));
  map.setPaintProperty(LAYER.disposalVisits, 'icon-opacity', routeHighlightOpacity(routeId, 1, 0.25));
}

function installPopups(map: maplibregl.Map, plan: () => PlanDto | null, binControl: (binId: string) => HTMLElement | null): void {
  const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '280px' });
  map.on('click', LAYER.bins, (event) => {
    const feature = event.features?.[0];
    if (!feature || feature.geometry.type !== 'Point') return;
    const [lng, lat] = feature.geometry.coordinates;
    const content = binPopupContent(feature.properties);
    const extra = binControl(String(feature.properties.id ?? ''));
    if (extra) content.append(extra);
    popup.setLngLat([lng ?? event.lngLat.lng, lat ?? event.lngLat.lat]).setDOMContent(content).addTo(map);
  });
  map.on('click', LAYER.routesLine, (event) => {
    if (map.queryRenderedFeatures(event.point, { layers: [LAYER.bins] }).length) return;
    const feature = event.features?.[0];
    if (!feature) return;
    const route = plan()?.routes.find((r) => r.routeId === feature.properties.routeId);
    popup.setLngLat(event.lngLat).setDOMContent(routePopupContent({ ...feature.properties, vehicleName: route?.vehicleName }, route?.binCount ?? 0)).addTo(map);
  });
  for (const layer of [LAYER.bins, LAYER.routesLine]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
}
