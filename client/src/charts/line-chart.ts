/**
 * Line chart over time (d3): one line per series (fill percent), vertical marks for events
 * (collections), a hover rule that shows every series' value at the nearest time; legend and data
 * table below.
 */
import { axisBottom, axisLeft, bisector, line, scaleLinear, scaleUtc } from 'd3';
import { axisTitles, chartFrame, dataTable, legend, PALETTE } from './chart-frame.js';

/** A point: an instant (ms) and a value, or null (a gap). */
export interface LinePoint {
  t: number;
  v: number | null;
}

/** What a line chart shows. */
export interface LineChartData {
  title: string;
  series: readonly { name: string; points: readonly LinePoint[]; color?: string }[];
  /** Events drawn as vertical marks (a collection), with their label. */
  marks?: readonly { t: number; label: string }[];
  marksName?: string;
  xTitle: string;
  yTitle: string;
  yMax?: number;
  formatTime: (t: number) => string;
  /** Tick labels of the time axis (short dates in the page's language). */
  formatTick: (t: number) => string;
  format: (v: number) => string;
}

const MARK_COLOR = '#a8231b';

/** Draws a line chart in `element`. */
export function lineChart(element: HTMLElement, data: LineChartData, options: { width?: number; height?: number } = {}): void {
  const f = chartFrame(element, data.title, options.width ?? 640, options.height ?? 260);
  const all = data.series.flatMap((s) => s.points);
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t));
  const x = scaleUtc().domain([new Date(t0), new Date(t1 > t0 ? t1 : t0 + 1)]).range([0, f.innerWidth]);
  const top = data.yMax ?? Math.max(1, ...all.map((p) => p.v ?? 0));
  const y = scaleLinear().domain([0, top]).nice().range([f.innerHeight, 0]);
  f.plot.append('g').attr('class', 'axis axis-x').attr('transform', `translate(0,${f.innerHeight})`).call(axisBottom(x).ticks(6).tickFormat((d) => data.formatTick((d as Date).getTime())));
  f.plot.append('g').attr('class', 'axis axis-y').call(axisLeft(y).ticks(5));
  axisTitles(f, data.xTitle, data.yTitle);
  for (const m of data.marks ?? []) {
    f.plot.append('line').attr('class', 'event-mark').attr('x1', x(m.t)).attr('x2', x(m.t)).attr('y1', 0).attr('y2', f.innerHeight).attr('stroke', MARK_COLOR).attr('stroke-dasharray', '3 3');
  }
  data.series.forEach((s, k) => {
    const path = line<LinePoint>()
      .defined((p) => p.v !== null)
      .x((p) => x(p.t))
      .y((p) => y(p.v ?? 0));
    f.plot.append('path').attr('class', 'series-line').attr('fill', 'none').attr('stroke', s.color ?? PALETTE[k % PALETTE.length]!).attr('stroke-width', 2).attr('d', path([...s.points]));
  });
  // hover: a rule at the nearest instant with the values of every series
  const rule = f.plot.append('line').attr('class', 'hover-rule').attr('y1', 0).attr('y2', f.innerHeight).attr('stroke', '#555').attr('visibility', 'hidden');
  const bisect = bisector<LinePoint, number>((p) => p.t).center;
  const show = (px: number): void => {
    const t = x.invert(px).getTime();
    const first = data.series[0]?.points ?? [];
    if (first.length === 0) return;
    const at = first[bisect(first, t)]!.t;
    const parts = data.series.map((s) => {
      const p = s.points[bisect(s.points, at)];
      return `${s.name} : ${p && p.v !== null ? data.format(p.v) : '—'}`;
    });
    const near = (data.marks ?? []).filter((m) => Math.abs(m.t - at) < 12 * 3_600_000).map((m) => m.label);
    rule.attr('x1', x(at)).attr('x2', x(at)).attr('visibility', 'visible');
    f.tip([data.formatTime(at), ...parts, ...near].join(' — '), { x: x(at), y: 0 });
  };
  f.plot
    .append('rect')
    .attr('class', 'hover-zone')
    .attr('width', f.innerWidth)
    .attr('height', f.innerHeight)
    .attr('fill', 'transparent')
    .attr('tabindex', 0)
    .attr('role', 'img')
    .attr('aria-label', data.title)
    .on('mousemove', (event: MouseEvent) => {
      const box = (event.currentTarget as SVGRectElement).getBoundingClientRect();
      show(((event.clientX - box.left) / box.width) * f.innerWidth);
    })
    .on('focus', () => show(f.innerWidth))
    .on('mouseleave blur', () => {
      rule.attr('visibility', 'hidden');
      f.tip(null);
    });
  legend(element, [
    ...data.series.map((s, k) => ({ name: s.name, color: s.color ?? PALETTE[k % PALETTE.length]!, shape: 'line' as const })),
    ...(data.marks && data.marks.length > 0 ? [{ name: data.marksName ?? '', color: MARK_COLOR, shape: 'mark' as const }] : []),
  ]);
  const first = data.series[0]?.points ?? [];
  dataTable(
    element,
    data.title,
    [data.xTitle, ...data.series.map((s) => s.name)],
    first.map((p, i) => [data.formatTime(p.t), ...data.series.map((s) => (s.points[i]?.v === null || s.points[i] === undefined ? '—' : data.format(s.points[i]!.v!)))]),
  );
  if (data.marks && data.marks.length > 0) {
    dataTable(element, data.marksName ?? '', [data.xTitle, data.marksName ?? ''], data.marks.map((m) => [data.formatTime(m.t), m.label]));
  }
}
