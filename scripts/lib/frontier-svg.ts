/**
 * The strategy frontier as a standalone SVG (issue #17): km driven against overflow bin-days, one
 * point per strategy run, fixed schedules and sensor settings in two colours, each family joined
 * by its lower-left frontier line. Drawn from d3 scales and ticks into a string (no DOM).
 */
import { scaleLinear } from 'd3';

/** One strategy run on the chart. */
export interface FrontierPoint {
  readonly label: string;
  readonly family: 'fixed' | 'sensor';
  readonly km: number;
  readonly overflowBinDays: number;
}

const W = 720;
const H = 480;
const M = { top: 40, right: 170, bottom: 50, left: 70 };
const COLOUR: Record<FrontierPoint['family'], string> = { fixed: '#b2182b', sensor: '#2166ac' };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Points not dominated by another of the same family (fewer or equal km and overflow), sorted by overflow. */
export function paretoFront(points: readonly FrontierPoint[]): FrontierPoint[] {
  const front = points.filter((p) => !points.some((q) => q !== p && q.km <= p.km && q.overflowBinDays <= p.overflowBinDays && (q.km < p.km || q.overflowBinDays < p.overflowBinDays)));
  return front.sort((a, b) => a.overflowBinDays - b.overflowBinDays);
}

/** How the sensor settings compare with one fixed schedule, at that schedule's overflow level. */
export interface FrontierComparison {
  readonly fixed: string;
  readonly fixedKm: number;
  readonly overflowBinDays: number;
  /** The sensor run with no more overflow bin-days and the fewest km (null: none that safe). */
  readonly bestSensor: string | null;
  readonly bestSensorKm: number | null;
  /** km of the sensor frontier at exactly this overflow level (linear between its two neighbours on the lower-left line); null outside its range. */
  readonly sensorFrontierKm: number | null;
  /** A sensor run with no more overflow drives fewer km. */
  readonly dominated: boolean;
  /** The sensor frontier line passes below this point. */
  readonly belowOnLine: boolean;
}

/**
 * For each fixed schedule, whether a sensor setting drives fewer km at no more overflow (the
 * issue's "at every overflow level a fixed schedule reaches, a sensor setting drives fewer km"),
 * read two ways: a single sensor run that dominates it, or the sensor frontier line interpolated
 * at its overflow level.
 */
export function compareFrontiers(points: readonly FrontierPoint[]): FrontierComparison[] {
  const sensor = points.filter((p) => p.family === 'sensor');
  const line = paretoFront(sensor);
  return points
    .filter((p) => p.family === 'fixed')
    .sort((a, b) => a.overflowBinDays - b.overflowBinDays)
    .map((f) => {
      const safe = sensor.filter((s) => s.overflowBinDays <= f.overflowBinDays).sort((a, b) => a.km - b.km)[0] ?? null;
      let atLevel: number | null = null;
      for (let k = 0; k < line.length; k++) {
        const a = line[k]!;
        const b = line[k + 1];
        if (a.overflowBinDays === f.overflowBinDays) atLevel = a.km;
        else if (b && a.overflowBinDays < f.overflowBinDays && f.overflowBinDays < b.overflowBinDays) {
          atLevel = a.km + ((b.km - a.km) * (f.overflowBinDays - a.overflowBinDays)) / (b.overflowBinDays - a.overflowBinDays);
        }
        if (atLevel !== null) break;
      }
      return {
        fixed: f.label,
        fixedKm: f.km,
        overflowBinDays: f.overflowBinDays,
        bestSensor: safe?.label ?? null,
        bestSensorKm: safe?.km ?? null,
        sensorFrontierKm: atLevel === null ? null : Math.round(atLevel * 10) / 10,
        dominated: safe !== null && safe.km < f.km,
        belowOnLine: atLevel !== null ? atLevel < f.km : safe !== null && safe.km < f.km,
      };
    });
}

/** The SVG document text. */
export function frontierSvg(points: readonly FrontierPoint[], title: string): string {
  const maxKm = Math.max(1, ...points.map((p) => p.km));
  const maxOver = Math.max(1, ...points.map((p) => p.overflowBinDays));
  const x = scaleLinear().domain([0, maxOver * 1.05]).nice().range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, maxKm * 1.05]).nice().range([H - M.bottom, M.top]);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<title>${esc(title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${M.left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (const t of x.ticks(8)) {
    out.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${x(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const t of y.ticks(8)) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#333"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle">overflow bin-days</text>`);
  out.push(`<text transform="translate(18 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">km driven</text>`);
  for (const family of ['fixed', 'sensor'] as const) {
    const front = paretoFront(points.filter((p) => p.family === family));
    if (front.length > 1) out.push(`<polyline fill="none" stroke="${COLOUR[family]}" stroke-dasharray="4 3" points="${front.map((p) => `${x(p.overflowBinDays).toFixed(1)},${y(p.km).toFixed(1)}`).join(' ')}"/>`);
    for (const p of points.filter((q) => q.family === family)) {
      const cx = x(p.overflowBinDays).toFixed(1);
      const cy = y(p.km).toFixed(1);
      out.push(`<circle cx="${cx}" cy="${cy}" r="4.5" fill="${COLOUR[family]}"><title>${esc(`${p.label}: ${p.km} km, ${p.overflowBinDays} overflow bin-days`)}</title></circle>`);
      out.push(`<text x="${Number(cx) + 7}" y="${Number(cy) - 5}" fill="${COLOUR[family]}">${esc(p.label)}</text>`);
    }
  }
  const lx = W - M.right + 20;
  out.push(`<circle cx="${lx}" cy="${M.top + 10}" r="4.5" fill="${COLOUR.fixed}"/><text x="${lx + 10}" y="${M.top + 14}">fixed schedules</text>`);
  out.push(`<circle cx="${lx}" cy="${M.top + 30}" r="4.5" fill="${COLOUR.sensor}"/><text x="${lx + 10}" y="${M.top + 34}">sensor (horizon planner)</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
