/**
 * The dashboard screen: wires the api module, the offline MapLibre map and the side panel.
 * Exposes `document.body.dataset.mapState` (`loading` → `idle`, or `error`) and `window.__collecte`
 * for the browser test.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { BinCollection, PlanDto, PlanGeoJson } from '../../../server/contract/index.js';
import * as api from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { buildMapStyle, LAYER, LAYER_GROUPS, SOURCE, type LayerGroup } from '../map/map-style.js';
import { boundsOf, planToSources, routeHighlightOpacity, sitesToGeoJson, type Bounds, type PlanSources } from '../map/plan-sources.js';
import { drawIconForId } from '../map/stop-icon.js';
import { isoDate } from './format.js';
import { binPopupContent, routePopupContent } from './popups.js';
import { SidePanel } from './side-panel.js';

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

export interface DashboardOptions {
  mapContainer: HTMLElement;
  panelContainer: HTMLElement;
  /** The clock, injectable for tests. */
  now?: () => Date;
}

const FIT_PADDING = 40;
const EMPTY_PLAN: PlanSources = {
  routes: { type: 'FeatureCollection', features: [] },
  stops: { type: 'FeatureCollection', features: [] },
  disposalVisits: { type: 'FeatureCollection', features: [] },
};

function setMapState(state: 'loading' | 'idle' | 'error'): void {
  document.body.dataset.mapState = state;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.message}${error.issues.length ? ` (${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function geojsonSource(map: maplibregl.Map, id: string): maplibregl.GeoJSONSource {
  const source = map.getSource<maplibregl.GeoJSONSource>(id);
  if (!source) throw new Error(`Map source ${id} missing from the style`);
  return source;
}

/** Creates the map and panel, loads the base data and today's latest plan. */
export async function startDashboard(options: DashboardOptions): Promise<CollecteDebug> {
  const now = options.now ?? (() => new Date());
  setMapState('loading');

  const map = new maplibregl.Map({
    container: options.mapContainer,
    style: buildMapStyle(),
    center: [7.42, 43.738],
    zoom: 13,
    attributionControl: { compact: false },
    canvasContextAttributes: { preserveDrawingBuffer: true },
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
  let currentPlan: PlanDto | null = null;
  let currentGeo: PlanGeoJson | null = null;
  let busy = false;

  const whenIdle = (): Promise<void> => new Promise((resolve) => map.once('idle', () => resolve()));

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
    panel.showPlan(plan, colors);
  };

  const loadPlan = async (planId: string): Promise<void> => {
    const [plan, geo] = await Promise.all([api.getPlan(planId), api.getPlanGeoJson(planId)]);
    await drawPlan(plan, plan.status === 'done' ? geo : null);
  };

  const showLatestPlan = async (date: string): Promise<void> => {
    const plans = await api.listPlans(date);
    const latest = plans.find((p) => p.status === 'done') ?? plans[0];
    if (!latest) {
      await drawPlan(null, null);
      panel.setStatus(`No plan for ${date}.`);
      return;
    }
    if (latest.status === 'queued' || latest.status === 'running') {
      await pollAndShow(latest.id);
      return;
    }
    await loadPlan(latest.id);
    panel.setStatus(latest.status === 'done' ? `Latest plan for ${date}.` : `Latest plan for ${date} ${latest.status}.`, latest.status === 'failed' ? 'error' : 'info');
  };

  const pollAndShow = async (planId: string): Promise<void> => {
    panel.setStatus('Plan queued…', 'busy');
    const plan = await api.waitForPlan(planId, { onStatus: (p) => panel.setStatus(`Plan ${p.status}…`, 'busy') });
    if (plan.status === 'failed' || plan.status === 'cancelled') {
      await drawPlan(plan, null);
      panel.setStatus(plan.status === 'failed' ? `Plan failed: ${plan.error ?? 'unknown error'}` : `Plan cancelled (${plan.error ?? ''}).`, 'error');
      return;
    }
    await loadPlan(planId);
    panel.setStatus(plan.notice ?? 'Plan computed.');
  };

  const run = async (task: () => Promise<void>): Promise<void> => {
    if (busy) return;
    busy = true;
    setMapState('loading');
    try {
      await task();
      // Register after the data is set so this is the idle that follows the new data being drawn.
      const idle = whenIdle();
      map.triggerRepaint();
      await idle;
      setMapState('idle');
    } catch (error) {
      panel.setStatus(describe(error), 'error');
      setMapState('error');
    } finally {
      busy = false;
    }
  };

  const fitTo = (bounds: Bounds | null, animate: boolean): void => {
    if (bounds) map.fitBounds(bounds, { padding: FIT_PADDING, maxZoom: 17, duration: animate ? 600 : 0 });
  };

  const panel = new SidePanel(
    options.panelContainer,
    {
      onCompute: (date) =>
        void run(async () => {
          panel.setStatus('Submitting…', 'busy');
          const created = await api.createPlan(date);
          await pollAndShow(created.id);
        }),
      onDateChange: (date) => void run(() => showLatestPlan(date)),
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
    },
    isoDate(now()),
  );
  panel.setStatus('Loading map data…', 'busy');

  const loaded = new Promise<void>((resolve) => map.once('load', () => resolve()));
  installPopups(map, () => currentPlan);

  await run(async () => {
    const [roads, binData, cells, sites] = await Promise.all([api.getRoads(), api.getBins(), api.getCells(), api.getSites()]);
    bins = binData;
    await loaded;
    await Promise.all([
      geojsonSource(map, SOURCE.roads).setData(roads),
      geojsonSource(map, SOURCE.bins).setData(bins),
      geojsonSource(map, SOURCE.cells).setData(cells),
      geojsonSource(map, SOURCE.sites).setData(sitesToGeoJson(sites)),
    ]);
    fitTo(boundsOf(bins.features.map((f) => f.geometry)), false);
    await showLatestPlan(isoDate(now()));
  });
  return debug;
}

function highlightRoute(map: maplibregl.Map, routeId: string | null): void {
  map.setPaintProperty(LAYER.routesLine, 'line-opacity', routeHighlightOpacity(routeId));
  map.setPaintProperty(LAYER.routesCasing, 'line-opacity', routeHighlightOpacity(routeId, 0.9, 0.05));
  map.setPaintProperty(LAYER.routesArrows, 'icon-opacity', routeHighlightOpacity(routeId, 0.9, 0));
  map.setPaintProperty(LAYER.stops, 'icon-opacity', routeHighlightOpacity(routeId, 1, 0.25));
  map.setPaintProperty(LAYER.disposalVisits, 'icon-opacity', routeHighlightOpacity(routeId, 1, 0.25));
}

function installPopups(map: maplibregl.Map, plan: () => PlanDto | null): void {
  const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '280px' });
  map.on('click', LAYER.bins, (event) => {
    const feature = event.features?.[0];
    if (!feature || feature.geometry.type !== 'Point') return;
    const [lng, lat] = feature.geometry.coordinates;
    popup.setLngLat([lng ?? event.lngLat.lng, lat ?? event.lngLat.lat]).setDOMContent(binPopupContent(feature.properties)).addTo(map);
  });
  map.on('click', LAYER.routesLine, (event) => {
    if (map.queryRenderedFeatures(event.point, { layers: [LAYER.bins] }).length) return;
    const feature = event.features?.[0];
    if (!feature) return;
    const route = plan()?.routes.find((r) => r.routeId === feature.properties.routeId);
    popup.setLngLat(event.lngLat).setDOMContent(routePopupContent(feature.properties, route?.binCount ?? 0)).addTo(map);
  });
  for (const layer of [LAYER.bins, LAYER.routesLine]) {
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
}
