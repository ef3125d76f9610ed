/**
 * Grouped bar chart (d3): categories along x, one bar per series in each, y from 0 with its unit;
 * hovering or focusing a bar shows its category, series and value; legend and data table below.
 */
import { axisBottom, axisLeft, max, scaleBand, scaleLinear } from 'd3';
import { axisTitles, chartFrame, dataTable, legend, PALETTE } from './chart-frame.js';

/** One series: a value (or null: none) per category. */
export interface BarSeries {
  name: string;
  values: readonly (number | null)[];
  color?: string;
}

/** What a bar chart shows. */
export interface BarChartData {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  xTitle: string;
  yTitle: string;
  /** Formats a value for the tooltip and table (with its unit). */
  format: (value: number) => string;
  /** Tick labels shown along x: every n-th category (default: all up to 14, then fewer). */
  tickEvery?: number;
}

/** Draws a grouped bar chart in `element`. */
export function barChart(element: HTMLElement, data: BarChartData, options: { width?: number; height?: number } = {}): void {
  const f = chartFrame(element, data.title, options.width ?? 640, options.height ?? 260);
  const x = scaleBand().domain(data.categories).range([0, f.innerWidth]).padding(0.2);
  const inner = scaleBand().domain(data.series.map((s) => s.name)).range([0, x.bandwidth()]).padding(0.05);
  const top = max(data.series.flatMap((s) => s.values.map((v) => v ?? 0))) ?? 0;
  const y = scaleLinear().domain([0, top > 0 ? top : 1]).nice().range([f.innerHeight, 0]);
  const every = data.tickEvery ?? Math.max(1, Math.ceil(data.categories.length / 14));
  f.plot
    .append('g')
    .attr('class', 'axis axis-x')
    .attr('transform', `translate(0,${f.innerHeight})`)
    .call(axisBottom(x).tickValues(data.categories.filter((_, i) => i % every === 0)));
  f.plot.append('g').attr('class', 'axis axis-y').call(axisLeft(y).ticks(5));
  axisTitles(f, data.xTitle, data.yTitle);
  data.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length]!;
    f.plot
      .append('g')
      .selectAll('rect')
      .data(data.categories.map((c, i) => ({ c, v: s.values[i] ?? null })))
      .join('rect')
      .attr('class', 'bar')
      .attr('x', (d) => (x(d.c) ?? 0) + (inner(s.name) ?? 0))
      .attr('width', inner.bandwidth())
      .attr('y', (d) => y(d.v ?? 0))
      .attr('height', (d) => f.innerHeight - y(d.v ?? 0))
      .attr('fill', color)
      .attr('tabindex', 0)
      .attr('role', 'img')
      .attr('aria-label', (d) => `${d.c}, ${s.name} : ${d.v === null ? '—' : data.format(d.v)}`)
      .on('mouseenter focus', (event: Event, d) => {
        const target = event.currentTarget as SVGRectElement;
        f.tip(`${d.c} — ${s.name} : ${d.v === null ? '—' : data.format(d.v)}`, { x: Number(target.getAttribute('x')), y: Number(target.getAttribute('y')) });
      })
      .on('mouseleave blur', () => f.tip(null));
  });
  legend(element, data.series.map((s, k) => ({ name: s.name, color: s.color ?? PALETTE[k % PALETTE.length]! })));
  dataTable(
    element,
    data.title,
    [data.xTitle, ...data.series.map((s) => s.name)],
    data.categories.map((c, i) => [c, ...data.series.map((s) => (s.values[i] === null || s.values[i] === undefined ? '—' : data.format(s.values[i]!)))]),
  );
}
