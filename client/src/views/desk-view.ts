/**
 * The analyst's desk (issue #16): the space's history in d3 charts over a period, each with its
 * CSV download (`,` or `;` for French spreadsheets) and a text alternative (a hidden table):
 * fill over time for the space, a stream or one bin, with collections marked; fill by weekday and
 * stream; an H3 hexagon map of mean fill or overflow with a week slider; collections, km and CO2
 * per day; fill at collection; two periods side by side, and the simulated strategies; the open
 * data files and (managers) their publication.
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { SessionDto } from '../../../server/contract/index.js';
import type { CellStatsDto, ComparedTotalsDto } from '../../../server/contract/desk.js';
import * as api from '../api/api-client.js';
import { barChart } from '../charts/bar-chart.js';
import { lineChart } from '../charts/line-chart.js';
import { locale, t } from '../i18n/index.js';
import { buildHexStyle, HEX, hexColor, OVERFLOW_COLORS, OVERFLOW_STEPS, type HexMetric } from '../map/desk-hex-style.js';
import { FILL_COLORS, FILL_THRESHOLDS_PERCENT } from '../map/fill-color-scale.js';
import { osmAttribution, SOURCE } from '../map/map-style.js';
import { h } from './dom.js';
import { describeError } from './error-text.js';
import { formatDate, formatNumber } from './format.js';

const STREAMS = ['residual', 'packaging', 'glass', 'paper', 'biowaste'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const DAY_MS = 86_400_000;

/** `date` + days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A short date (`5 oct.`) of an instant or a `YYYY-MM-DD` day, in the page's language. */
function shortDate(value: number | string): string {
  const ms = typeof value === 'number' ? value : Date.parse(`${value}T12:00:00Z`);
  return new Date(ms).toLocaleDateString(locale(), { timeZone: 'UTC', day: 'numeric', month: 'short' });
}

/** A chart card: heading, controls, the chart, its CSV download. */
interface Card {
  element: HTMLElement;
  body: HTMLElement;
  controls: HTMLElement;
  setCsv(path: string, params: Record<string, string | number | undefined>, name: string): void;
}

/** The desk view (see the file comment). */
export class DeskView {
  readonly element: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly status: HTMLElement;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly sepSelect: HTMLSelectElement;
  private readonly cards: Card[] = [];
  private map: maplibregl.Map | null = null;
  private mapReady: Promise<void> | null = null;
  private period: { from: string; to: string } | null = null;

  constructor(private readonly session: SessionDto) {
    this.heading = h('h2', { tabindex: -1, id: 'desk-heading' }, t('desk.title'));
    this.status = h('p', { class: 'desk-status', role: 'status', 'aria-live': 'polite' });
    this.fromInput = h('input', { type: 'date', id: 'desk-from', required: true });
    this.toInput = h('input', { type: 'date', id: 'desk-to', required: true });
    this.sepSelect = h('select', { id: 'desk-sep' }, h('option', { value: ';' }, t('desk.sepSemicolon')), h('option', { value: ',' }, t('desk.sepComma')));
    const apply = h('button', { type: 'button', class: 'primary', id: 'desk-apply' }, t('desk.apply'));
    apply.addEventListener('click', () => void this.refresh({ from: this.fromInput.value, to: this.toInput.value }));
    this.sepSelect.addEventListener('change', () => this.cards.forEach((c) => c.element.dispatchEvent(new Event('sepchange'))));
    const controls = h(
      'div',
      { class: 'desk-controls' },
      h('label', { for: 'desk-from' }, t('desk.from')),
      this.fromInput,
      h('label', { for: 'desk-to' }, t('desk.to')),
      this.toInput,
      apply,
      h('label', { for: 'desk-sep' }, t('desk.csvSeparator')),
      this.sepSelect,
    );
    this.element = h('section', { class: 'desk', id: 'desk', 'aria-labelledby': 'desk-heading' }, this.heading, h('p', { class: 'hint' }, t('desk.intro', { space: session.space.name })), controls, this.status);
  }

  focusHeading(): void {
    this.heading.focus();
  }

  destroy(): void {
    this.map?.remove();
    this.map = null;
  }

  /** Loads every chart for a period (default: the 8 weeks of the latest history). */
  async refresh(period: { from?: string; to?: string } = {}): Promise<void> {
    this.status.textContent = t('desk.loading');
    try {
      const p = period.from && period.to ? { from: period.from, to: period.to } : period;
      const daily = await api.getDeskDaily(p);
      this.period = { from: daily.period.from, to: daily.period.to };
      this.fromInput.value = this.period.from;
      this.toInput.value = this.period.to;
      for (const c of this.cards) c.element.remove();
      this.cards.length = 0;
      this.map?.remove();
      this.map = null;
      await Promise.all([this.fillOverTime(), this.weekdays(), this.hexagons(), this.rounds(), this.fillAtCollection(), this.comparison(), this.strategies()]);
      this.openData();
      this.status.textContent = t('desk.loaded', { from: formatDate(this.period.from), to: formatDate(this.period.to) });
    } catch (error) {
      this.status.textContent = describeError(error);
    }
  }

  private card(id: string, title: string, explain: string): Card {
    const body = h('div', { class: 'desk-chart', id: `${id}-chart` });
    const controls = h('div', { class: 'desk-card-controls' });
    const link = h('a', { class: 'desk-csv', id: `${id}-csv`, download: '' }, t('desk.downloadCsv'));
    let last: { path: string; params: Record<string, string | number | undefined>; name: string } | null = null;
    const element = h('section', { class: 'desk-card', id, 'aria-labelledby': `${id}-title` }, h('h3', { id: `${id}-title` }, title), h('p', { class: 'hint' }, explain), controls, body, h('p', { class: 'desk-card-foot' }, link));
    const setCsv = (path: string, params: Record<string, string | number | undefined>, name: string): void => {
      last = { path, params, name };
      const sep = this.sepSelect.value === ',' ? ',' : ';';
      link.href = api.deskCsvUrl(path, params, sep);
      link.setAttribute('aria-label', `${t('desk.downloadCsv')} — ${name}`);
    };
    element.addEventListener('sepchange', () => {
      if (last) setCsv(last.path, last.params, last.name);
    });
    const card = { element, body, controls, setCsv };
    this.cards.push(card);
    this.element.append(element);
    return card;
  }

  private get p(): { from: string; to: string } {
    return this.period!;
  }

  /** Fill over time: the space, a stream or one bin, collections marked. */
  private async fillOverTime(): Promise<void> {
    const card = this.card('desk-fill', t('desk.fillTitle'), t('desk.fillExplain'));
    const select = h('select', { id: 'desk-fill-selection' }, h('option', { value: '' }, t('desk.allBins')), ...STREAMS.map((s) => h('option', { value: s }, t(`streams.${s}`))));
    const bin = h('input', { type: 'text', id: 'desk-fill-bin', placeholder: t('desk.binPlaceholder'), autocomplete: 'off', size: 18 });
    const show = h('button', { type: 'button', id: 'desk-fill-show' }, t('desk.show'));
    card.controls.append(h('label', { for: 'desk-fill-selection' }, t('desk.selection')), select, h('label', { for: 'desk-fill-bin' }, t('desk.orBin')), bin, show);
    const draw = async (): Promise<void> => {
      const binId = bin.value.trim();
      try {
        if (binId) {
          const hist = await api.getBinHistory(binId, this.p);
          lineChart(card.body, {
            title: t('desk.fillBinChart', { bin: binId }),
            series: [{ name: t('desk.fillReading'), points: hist.readings.map((r) => ({ t: Date.parse(r.measuredAt), v: r.fillPercent })) }],
            marks: hist.collections.map((c) => ({ t: Date.parse(c.collectedAt), label: t('desk.collectionMark', { fill: c.fillBeforePercent === null ? '—' : formatNumber(c.fillBeforePercent) }) })),
            marksName: t('desk.collections'),
            xTitle: t('desk.axisDate'),
            yTitle: t('desk.axisFill'),
            yMax: 100,
            formatTime: (ms) => new Date(ms).toLocaleString(locale(), { dateStyle: 'short', timeStyle: 'short' }),
            formatTick: shortDate,
            format: (v) => `${formatNumber(v, 1)} %`,
          });
          card.setCsv(`/api/desk/bins/${encodeURIComponent(binId)}/history`, this.p, binId);
        } else {
          const stream = select.value || undefined;
          const daily = await api.getDeskDaily(this.p, stream ? { stream } : {});
          const ms = (d: string): number => Date.parse(`${d}T12:00:00Z`);
          lineChart(card.body, {
            title: t('desk.fillDailyChart', { selection: stream ? t(`streams.${stream as (typeof STREAMS)[number]}`) : t('desk.allBins'), bins: daily.binCount }),
            series: [{ name: t('desk.meanFill'), points: daily.days.map((d) => ({ t: ms(d.date), v: d.meanFillPercent })) }],
            marks: daily.days.filter((d) => d.collections > 0).map((d) => ({ t: ms(d.date), label: t('desk.collectionsCount', { count: d.collections }) })),
            marksName: t('desk.collections'),
            xTitle: t('desk.axisDate'),
            yTitle: t('desk.axisFill'),
            yMax: 100,
            formatTime: (m) => formatDate(new Date(m).toISOString().slice(0, 10)),
            formatTick: shortDate,
            format: (v) => `${formatNumber(v, 1)} %`,
          });
          card.setCsv('/api/desk/daily', { ...this.p, stream }, t('desk.fillTitle'));
        }
      } catch (error) {
        card.body.replaceChildren(h('p', { role: 'alert', class: 'form-error' }, describeError(error)));
      }
    };
    show.addEventListener('click', () => void draw());
    select.addEventListener('change', () => {
      bin.value = '';
      void draw();
    });
    await draw();
  }

  /** Mean fill by weekday and stream. */
  private async weekdays(): Promise<void> {
    const card = this.card('desk-weekday', t('desk.weekdayTitle'), t('desk.weekdayExplain'));
    const b = await api.getDeskBreakdown(this.p, 'weekday_stream');
    const streams = STREAMS.filter((s) => b.rows.some((r) => r.stream === s));
    barChart(card.body, {
      title: t('desk.weekdayTitle'),
      categories: WEEKDAYS.map((d) => t(`desk.weekday${d}`)),
      series: streams.map((s) => ({ name: t(`streams.${s}`), values: WEEKDAYS.map((d) => b.rows.find((r) => r.weekday === d && r.stream === s)?.meanFillPercent ?? null) })),
      xTitle: t('desk.axisWeekday'),
      yTitle: t('desk.axisFill'),
      format: (v) => `${formatNumber(v, 1)} %`,
    });
    card.setCsv('/api/desk/breakdown', { ...this.p, by: 'weekday_stream' }, t('desk.weekdayTitle'));
  }

  /** The hexagon map with its week slider, metric and resolution. */
  private async hexagons(): Promise<void> {
    const card = this.card('desk-hex', t('desk.hexTitle'), t('desk.hexExplain'));
    const weeks = Math.max(1, Math.ceil((Date.parse(this.p.to) - Date.parse(this.p.from) + DAY_MS) / (7 * DAY_MS)));
    const slider = h('input', { type: 'range', id: 'desk-hex-week', min: 0, max: weeks, step: 1, value: 0 });
    const sliderText = h('output', { for: 'desk-hex-week', id: 'desk-hex-week-text' });
    const metric = h('select', { id: 'desk-hex-metric' }, h('option', { value: 'meanFillPercent' }, t('desk.hexMeanFill')), h('option', { value: 'overflowBinDays' }, t('desk.hexOverflow')));
    const resolution = h('select', { id: 'desk-hex-resolution' }, ...[7, 8, 9].map((r) => h('option', { value: r, selected: r === 8 }, t('desk.hexResolution', { res: r }))));
    card.controls.append(
      h('label', { for: 'desk-hex-week' }, t('desk.hexWeek')),
      slider,
      sliderText,
      h('label', { for: 'desk-hex-metric' }, t('desk.hexMetric')),
      metric,
      h('label', { for: 'desk-hex-resolution' }, t('desk.hexResolutionLabel')),
      resolution,
    );
    const mapBox = h('div', { class: 'desk-map', id: 'desk-hex-map', role: 'region', 'aria-label': t('desk.hexTitle') });
    const tip = h('p', { class: 'chart-tooltip desk-map-tip', role: 'status', 'aria-live': 'polite', hidden: true });
    const legendBox = h('div', { class: 'desk-map-legend' });
    const table = h('div');
    card.body.append(mapBox, tip, legendBox, table);
    const roads = api.getRoads();
    const map = new maplibregl.Map({ container: mapBox, style: buildHexStyle('meanFillPercent', osmAttribution(t('map.attribution'))), center: [7.42, 43.738], zoom: 12, attributionControl: { compact: false }, canvasContextAttributes: { preserveDrawingBuffer: true } });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map = map;
    this.mapReady = new Promise((resolve) => map.on('load', () => resolve()));
    const subPeriod = (): { from: string; to: string } => {
      const k = Number(slider.value);
      if (k === 0) return this.p;
      const from = addDays(this.p.from, (k - 1) * 7);
      const to = addDays(from, 6) > this.p.to ? this.p.to : addDays(from, 6);
      return { from, to };
    };
    let first = true;
    const draw = async (): Promise<void> => {
      const sub = subPeriod();
      sliderText.textContent = Number(slider.value) === 0 ? t('desk.hexAllWeeks') : t('desk.hexWeekText', { n: slider.value, from: formatDate(sub.from), to: formatDate(sub.to) });
      const m = metric.value as HexMetric;
      const cells = await api.getDeskCells(sub, Number(resolution.value));
      await this.mapReady;
      map.getSource<maplibregl.GeoJSONSource>(HEX.source)!.setData(cells as unknown as GeoJSON.FeatureCollection);
      map.setPaintProperty(HEX.fill, 'fill-color', hexColor(m));
      if (first) {
        first = false;
        map.getSource<maplibregl.GeoJSONSource>(SOURCE.roads)!.setData((await roads) as unknown as GeoJSON.FeatureCollection);
        const xs = cells.features.flatMap((f) => f.geometry.coordinates[0]!.map((c) => c[0]));
        const ys = cells.features.flatMap((f) => f.geometry.coordinates[0]!.map((c) => c[1]));
        if (xs.length > 0) map.fitBounds([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], { padding: 16, animate: false });
      }
      this.hexLegend(legendBox, m);
      this.hexTable(table, cells, m);
      card.setCsv('/api/desk/cells', { ...sub, resolution: resolution.value }, t('desk.hexTitle'));
      mapBox.dataset.cells = String(cells.features.length);
    };
    map.on('mousemove', HEX.fill, (e: maplibregl.MapLayerMouseEvent) => {
      const p = e.features?.[0]?.properties as { h3Cell: string; binCount: number; meanFillPercent: number | null; overflowBinDays: number } | undefined;
      if (!p) return;
      map.getCanvas().style.cursor = 'pointer';
      tip.hidden = false;
      tip.textContent = t('desk.hexTip', {
        bins: p.binCount,
        fill: p.meanFillPercent === null || p.meanFillPercent === undefined || String(p.meanFillPercent) === 'null' ? '—' : formatNumber(Number(p.meanFillPercent), 1),
        overflow: p.overflowBinDays,
      });
    });
    map.on('mouseleave', HEX.fill, () => {
      map.getCanvas().style.cursor = '';
      tip.hidden = true;
    });
    for (const c of [slider, metric, resolution]) c.addEventListener('change', () => void draw().catch((error: unknown) => (tip.textContent = describeError(error))));
    slider.addEventListener('input', () => void draw().catch(() => undefined));
    await draw();
  }

  private hexLegend(box: HTMLElement, metric: HexMetric): void {
    const items: [string, string][] =
      metric === 'meanFillPercent'
        ? [
            [FILL_COLORS[0], t('desk.legendBelow', { v: FILL_THRESHOLDS_PERCENT[0] })],
            [FILL_COLORS[1], t('desk.legendBetween', { a: FILL_THRESHOLDS_PERCENT[0], b: FILL_THRESHOLDS_PERCENT[1] })],
            [FILL_COLORS[2], t('desk.legendAbove', { v: FILL_THRESHOLDS_PERCENT[1] })],
          ]
        : [
            [OVERFLOW_COLORS[0], t('desk.legendOverflow', { a: 0, b: 0 })],
            ...OVERFLOW_STEPS.map((s, i): [string, string] => [OVERFLOW_COLORS[i + 1]!, i + 1 < OVERFLOW_STEPS.length ? t('desk.legendOverflow', { a: s, b: OVERFLOW_STEPS[i + 1]! - 1 }) : t('desk.legendOverflowMore', { a: s })]),
          ];
    const ul = h('ul', { class: 'chart-legend' }, ...items.map(([color, text]) => h('li', {}, h('span', { class: 'swatch', 'aria-hidden': 'true', style: `background:${color}` }), text)));
    box.replaceChildren(h('p', { class: 'legend-title' }, metric === 'meanFillPercent' ? t('desk.hexMeanFill') : t('desk.hexOverflow')), ul);
  }

  private hexTable(box: HTMLElement, cells: CellStatsDto, metric: HexMetric): void {
    const rows = [...cells.features]
      .sort((a, b) => (metric === 'meanFillPercent' ? (b.properties.meanFillPercent ?? -1) - (a.properties.meanFillPercent ?? -1) : b.properties.overflowBinDays - a.properties.overflowBinDays))
      .slice(0, 20);
    const table = h(
      'table',
      { class: 'visually-hidden chart-data' },
      h('caption', {}, t('desk.hexTableCaption', { n: rows.length, total: cells.features.length })),
      h('thead', {}, h('tr', {}, ...[t('desk.hexCell'), t('desk.hexBins'), t('desk.hexMeanFill'), t('desk.hexOverflow')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((f) => h('tr', {}, ...[f.properties.h3Cell, f.properties.binCount, f.properties.meanFillPercent ?? '—', f.properties.overflowBinDays].map((v) => h('td', {}, String(v)))))),
    );
    box.replaceChildren(table);
  }

  /** Collections, km and CO2 per day. */
  private async rounds(): Promise<void> {
    const card = this.card('desk-rounds', t('desk.roundsTitle'), t('desk.roundsExplain'));
    const r = await api.getDeskRounds(this.p);
    const categories = r.days.map((d) => shortDate(d.date));
    const parts: [string, string, (d: (typeof r.days)[number]) => number, (v: number) => string, string][] = [
      ['desk-rounds-collections', t('desk.collectionsPerDay'), (d) => d.collections, (v) => t('desk.collectionsCount', { count: v }), t('desk.axisCollections')],
      ['desk-rounds-km', t('desk.kmPerDay'), (d) => d.km, (v) => `${formatNumber(v, 1)} km`, t('desk.axisKm')],
      ['desk-rounds-co2', t('desk.co2PerDay'), (d) => d.co2Kg, (v) => `${formatNumber(v)} kg CO2`, t('desk.axisCo2')],
    ];
    card.body.classList.add('desk-multiples');
    parts.forEach(([id, title, value, format, yTitle], k) => {
      const box = h('div', { id, class: 'desk-multiple' });
      card.body.append(box);
      barChart(box, { title, categories, series: [{ name: title, values: r.days.map(value), color: ['#0072b2', '#e69f00', '#009e73'][k]! }], xTitle: t('desk.axisDate'), yTitle, format, tickEvery: 7 }, { height: 200 });
    });
    card.setCsv('/api/desk/rounds', this.p, t('desk.roundsTitle'));
  }

  /** Fill at collection, by fill class and stream. */
  private async fillAtCollection(): Promise<void> {
    const card = this.card('desk-lifts', t('desk.liftsTitle'), t('desk.liftsExplain'));
    const f = await api.getFillAtCollection(this.p);
    const classes = [...new Set(f.rows.map((r) => r.fillClass))];
    const streams = STREAMS.filter((s) => f.streams.some((x) => x.stream === s));
    barChart(card.body, {
      title: t('desk.liftsTitle'),
      categories: classes.map((c) => (c === 'overflow' ? t('desk.classOverflow') : `${c} %`)),
      series: streams.map((s) => ({ name: t(`streams.${s}`), values: classes.map((c) => f.rows.find((r) => r.fillClass === c && r.stream === s)?.collections ?? 0) })),
      xTitle: t('desk.axisFillBefore'),
      yTitle: t('desk.axisCollections'),
      format: (v) => t('desk.collectionsCount', { count: v }),
    });
    card.body.after(
      h(
        'ul',
        { class: 'desk-summary' },
        ...f.streams.map((s) => h('li', {}, t('desk.liftsSummary', { stream: t(`streams.${s.stream}`), mean: s.meanFillPercent === null ? '—' : formatNumber(s.meanFillPercent, 1), under: s.underHalfPercent === null ? '—' : formatNumber(s.underHalfPercent, 1) }))),
      ),
    );
    card.setCsv('/api/desk/fill-at-collection', this.p, t('desk.liftsTitle'));
  }

  /** Small multiples: one bar chart per measure, one bar per period or strategy. */
  private multiples(card: Card, totals: readonly ComparedTotalsDto[], labels: readonly string[]): void {
    card.body.replaceChildren();
    card.body.classList.add('desk-multiples');
    const measures: [string, (x: ComparedTotalsDto) => number, (v: number) => string][] = [
      [t('desk.measureKm'), (x) => x.km, (v) => `${formatNumber(v)} km`],
      [t('desk.measureHours'), (x) => x.truckHours, (v) => `${formatNumber(v)} h`],
      [t('desk.measureOverflow'), (x) => x.overflowBinDays, (v) => t('desk.binDays', { count: v })],
      [t('desk.measureCo2'), (x) => x.co2Kg, (v) => `${formatNumber(v)} kg`],
    ];
    for (const [title, value, format] of measures) {
      const box = h('div', { class: 'desk-multiple' });
      card.body.append(box);
      barChart(box, { title, categories: labels, series: [{ name: title, values: totals.map(value) }], xTitle: '', yTitle: title, format }, { width: 320, height: 200 });
    }
  }

  /** Two periods side by side (default: the first and second half of the period). */
  private async comparison(): Promise<void> {
    const card = this.card('desk-compare', t('desk.compareTitle'), t('desk.compareExplain'));
    const days = Math.round((Date.parse(this.p.to) - Date.parse(this.p.from)) / DAY_MS) + 1;
    const half = Math.max(1, Math.floor(days / 2));
    const inputs = {
      aFrom: h('input', { type: 'date', id: 'desk-cmp-a-from', value: this.p.from }),
      aTo: h('input', { type: 'date', id: 'desk-cmp-a-to', value: addDays(this.p.from, half - 1) }),
      bFrom: h('input', { type: 'date', id: 'desk-cmp-b-from', value: addDays(this.p.from, half) }),
      bTo: h('input', { type: 'date', id: 'desk-cmp-b-to', value: addDays(this.p.from, 2 * half - 1) }),
    };
    const go = h('button', { type: 'button', id: 'desk-cmp-show' }, t('desk.compare'));
    card.controls.append(
      h('label', { for: 'desk-cmp-a-from' }, t('desk.periodAFrom')),
      inputs.aFrom,
      h('label', { for: 'desk-cmp-a-to' }, t('desk.to')),
      inputs.aTo,
      h('label', { for: 'desk-cmp-b-from' }, t('desk.periodBFrom')),
      inputs.bFrom,
      h('label', { for: 'desk-cmp-b-to' }, t('desk.to')),
      inputs.bTo,
      go,
    );
    const draw = async (): Promise<void> => {
      const a = { from: inputs.aFrom.value, to: inputs.aTo.value };
      const b = { from: inputs.bFrom.value, to: inputs.bTo.value };
      try {
        const c = await api.getPeriodComparison(a, b);
        this.multiples(card, c.periods, ['A', 'B']);
        card.body.prepend(
          h('p', { class: 'desk-periods' }, t('desk.periodA', { from: formatDate(a.from), to: formatDate(a.to) }), h('br'), t('desk.periodB', { from: formatDate(b.from), to: formatDate(b.to) })),
        );
        card.setCsv('/api/desk/compare', { from: a.from, to: a.to, otherFrom: b.from, otherTo: b.to }, t('desk.compareTitle'));
      } catch (error) {
        card.body.replaceChildren(h('p', { role: 'alert', class: 'form-error' }, describeError(error)));
      }
    };
    go.addEventListener('click', () => void draw());
    await draw();
  }

  /** The simulated strategies (the simulator's result file). */
  private async strategies(): Promise<void> {
    const card = this.card('desk-strategies', t('desk.strategiesTitle'), t('desk.strategiesExplain'));
    const s = await api.getStrategies();
    if (s.strategies.length === 0) {
      card.body.append(h('p', {}, t('desk.noStrategies')));
      return;
    }
    this.multiples(card, s.strategies, s.strategies.map((x) => (x.label === 'fixed-weekly' ? t('desk.strategyFixedWeekly') : x.label === 'sensor' ? t('desk.strategySensor') : x.label)));
    card.body.append(h('p', { class: 'hint' }, t('desk.strategiesSource', { file: s.source })));
    card.setCsv('/api/desk/strategies', {}, t('desk.strategiesTitle'));
  }

  /** The open-data files and, for managers and admins, their publication. */
  private openData(): void {
    const box = h('section', { class: 'desk-card', id: 'desk-opendata', 'aria-labelledby': 'desk-opendata-title' }, h('h3', { id: 'desk-opendata-title' }, t('opendata.title')), h('p', { class: 'hint' }, t('opendata.explain')));
    this.cards.push({ element: box, body: box, controls: box, setCsv: () => undefined });
    this.element.append(box);
    void api.getOpenDataSettings().then((s) => {
      box.append(h('p', {}, h('a', { href: s.geojsonUrl, download: '', id: 'opendata-geojson' }, t('opendata.geojson')), ' · ', h('a', { href: s.csvUrl, download: '', id: 'opendata-csv' }, t('opendata.csv'))));
      const state = h('p', { role: 'status', id: 'opendata-state' }, s.published ? t('opendata.published') : t('opendata.private'));
      box.append(state);
      if (this.session.permissions.includes('opendata:publish')) {
        const toggle = h('input', { type: 'checkbox', id: 'opendata-publish', checked: s.published });
        toggle.addEventListener('change', () => {
          api.setOpenDataPublished(toggle.checked).then(
            (n) => (state.textContent = n.published ? t('opendata.published') : t('opendata.private')),
            (error: unknown) => (state.textContent = describeError(error)),
          );
        });
        box.append(h('p', { class: 'check' }, toggle, h('label', { for: 'opendata-publish' }, t('opendata.publish'))));
      }
    }, (error: unknown) => box.append(h('p', { role: 'alert' }, describeError(error))));
  }
}
