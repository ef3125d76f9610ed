/**
 * What every chart of the desk shares: an SVG with margins, a hover tooltip (a `role="status"`
 * element: screen readers hear the value pointed at or focused), a legend, and a visually-hidden
 * data table as the text alternative of the drawing.
 */
import { select, type Selection } from 'd3';

/** Drawing margins, CSS pixels. */
export const MARGIN = { top: 12, right: 16, bottom: 42, left: 56 } as const;

/** A series colour palette readable on white, distinct for colour-blind readers (Okabe-Ito). */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000'] as const;

/** The chart's SVG and its tooltip. */
export interface Frame {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  plot: Selection<SVGGElement, unknown, null, undefined>;
  width: number;
  height: number;
  innerWidth: number;
  innerHeight: number;
  /** Shows `text` in the tooltip at the pointer (or the focused mark), or hides it. */
  tip(text: string | null, at?: { x: number; y: number }): void;
}

/** Clears `element` and draws an empty frame `width` × `height` in it, labelled `title`. */
export function chartFrame(element: HTMLElement, title: string, width: number, height: number): Frame {
  element.replaceChildren();
  element.classList.add('chart');
  const wrap = select(element).append('div').attr('class', 'chart-canvas');
  const svg = wrap.append('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('width', '100%').attr('role', 'img').attr('aria-label', title) as Frame['svg'];
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`) as Frame['plot'];
  const tooltip = wrap.append('div').attr('class', 'chart-tooltip').attr('role', 'status').attr('aria-live', 'polite').property('hidden', true);
  return {
    svg,
    plot,
    width,
    height,
    innerWidth: width - MARGIN.left - MARGIN.right,
    innerHeight: height - MARGIN.top - MARGIN.bottom,
    tip(text, at) {
      if (text === null) {
        tooltip.property('hidden', true);
        return;
      }
      tooltip.property('hidden', false).text(text);
      if (at) {
        const node = svg.node()!;
        const scale = node.getBoundingClientRect().width / width || 1;
        tooltip.style('left', `${Math.round((at.x + MARGIN.left) * scale)}px`).style('top', `${Math.round((at.y + MARGIN.top) * scale)}px`);
      }
    },
  };
}

/** Axis titles (with units) under the x axis and along the y axis. */
export function axisTitles(f: Frame, x: string, y: string): void {
  f.plot.append('text').attr('class', 'axis-title').attr('x', f.innerWidth / 2).attr('y', f.innerHeight + 36).attr('text-anchor', 'middle').text(x);
  f.plot
    .append('text')
    .attr('class', 'axis-title')
    .attr('transform', `translate(${-44},${f.innerHeight / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(y);
}

/** A legend (coloured squares and names) under the chart. */
export function legend(element: HTMLElement, items: readonly { name: string; color: string; shape?: 'square' | 'line' | 'mark' }[]): void {
  const ul = document.createElement('ul');
  ul.className = 'chart-legend';
  for (const item of items) {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch swatch-${item.shape ?? 'square'}`;
    swatch.style.background = item.color;
    swatch.setAttribute('aria-hidden', 'true');
    li.append(swatch, document.createTextNode(item.name));
    ul.append(li);
  }
  element.append(ul);
}

/** The text alternative: a visually-hidden table of the chart's data. */
export function dataTable(element: HTMLElement, caption: string, columns: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const table = document.createElement('table');
  table.className = 'visually-hidden chart-data';
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const head = document.createElement('tr');
  for (const c of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    for (const v of r) {
      const td = document.createElement('td');
      td.textContent = String(v);
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(cap, thead, tbody);
  element.append(table);
}
