/**
 * Small d3 chart: peak load of one route against the vehicle capacity, in litres and in kg
 * (two thin horizontal bars, red when over 100 %).
 */
import { scaleLinear, select } from 'd3';

/** One bar: `collected` and `capacity` in the unit named by `label`. */
export interface LoadBarDatum {
  label: string;
  collected: number;
  capacity: number;
}

/** Drawing options; `width` and `barHeight` in CSS pixels. */
export interface LoadBarOptions {
  width?: number;
  barHeight?: number;
  color?: string;
  /** The tooltip of a bar (default `collected / capacity unit (percent)` in plain digits). */
  title?: (datum: LoadBarDatum) => string;
}

/** The route fields the load bars read. */
export interface RouteLoad {
  capacityLitres: number;
  capacityKg: number;
  stops: readonly { loadAfterL: number; loadAfterKg: number }[];
}

/**
 * Bars for litres and kg: the peak load carried at any point of the route (between two disposal
 * trips the truck is emptied, so the total collected over the day may exceed the capacity while the
 * peak may not).
 */
export function loadBarData(route: RouteLoad): LoadBarDatum[] {
  const peakL = route.stops.reduce((max, stop) => Math.max(max, stop.loadAfterL), 0);
  const peakKg = route.stops.reduce((max, stop) => Math.max(max, stop.loadAfterKg), 0);
  return [
    { label: 'L', collected: peakL, capacity: route.capacityLitres },
    { label: 'kg', collected: peakKg, capacity: route.capacityKg },
  ];
}

/** Share of capacity used, clamped to [0, 1.2] for drawing; 0 when capacity is 0. */
export function loadRatio(datum: LoadBarDatum): number {
  if (datum.capacity <= 0) return 0;
  return Math.min(Math.max(datum.collected / datum.capacity, 0), 1.2);
}

/**
 * Renders (replacing any previous content of `element`) the load bars as an SVG, hidden from
 * assistive technology: the panel writes the same peaks in words beside it.
 */
export function renderLoadBar(element: Element, data: readonly LoadBarDatum[], options: LoadBarOptions = {}): void {
  const { width = 120, barHeight = 6, color = '#4a6fa5', title = defaultTitle } = options;
  const gap = 3;
  const height = data.length * (barHeight + gap);
  const x = scaleLinear().domain([0, 1]).range([0, width]).clamp(true);
  const root = select(element);
  root.selectAll('*').remove();
  const svg = root.append('svg').attr('width', width).attr('height', height).attr('class', 'load-bar').attr('aria-hidden', 'true');
  const rows = svg
    .selectAll('g')
    .data(data)
    .join('g')
    .attr('transform', (_d, i) => `translate(0,${i * (barHeight + gap)})`);
  rows.append('rect').attr('width', width).attr('height', barHeight).attr('rx', 2).attr('fill', '#e6e3dc');
  rows
    .append('rect')
    .attr('width', (d) => x(loadRatio(d)))
    .attr('height', barHeight)
    .attr('rx', 2)
    .attr('fill', (d) => (loadRatio(d) > 1 ? '#d7301f' : color));
  rows.append('title').text(title);
}

function defaultTitle(d: LoadBarDatum): string {
  return `${Math.round(d.collected)} / ${Math.round(d.capacity)} ${d.label} (${Math.round(loadRatio(d) * 100)} %)`;
}
