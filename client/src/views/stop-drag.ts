/**
 * Dragging a stop on the map onto a stop of a round (issue #14): the stop joins that round at
 * that stop's place. Pointer only; the round list in the plan editor does the same from the
 * keyboard. Panning the map is held while a stop is dragged.
 */
import type * as maplibregl from 'maplibre-gl';
import { LAYER } from '../map/map-style.js';

/** Where a dragged stop was dropped: the round (vehicle) and the 0-based place among its stops. */
export interface StopDrop {
  readonly binId: string;
  readonly toVehicleId: string;
  readonly toIndex: number;
}

/** Listens for stop drags on `map`; `onDrop` gets each drop onto another stop. */
export function installStopDrag(map: maplibregl.Map, onDrop: (drop: StopDrop) => void): void {
  let dragging: string | null = null;
  map.on('mousedown', LAYER.stops, (event) => {
    const binId = event.features?.[0]?.properties.binId as unknown;
    if (typeof binId !== 'string') return;
    event.preventDefault(); // no panning while a stop is carried
    dragging = binId;
    map.getCanvas().style.cursor = 'grabbing';
  });
  map.on('mouseup', (event) => {
    const binId = dragging;
    if (binId === null) return;
    dragging = null;
    map.getCanvas().style.cursor = '';
    const target = map
      .queryRenderedFeatures(event.point, { layers: [LAYER.stops, LAYER.disposalVisits] })
      .map((f) => f.properties as { binId?: unknown; vehicleId?: unknown; seq?: unknown })
      .find((p) => p.binId !== binId && typeof p.vehicleId === 'string' && typeof p.seq === 'number');
    if (target) onDrop({ binId, toVehicleId: target.vehicleId as string, toIndex: (target.seq as number) - 1 });
  });
}
