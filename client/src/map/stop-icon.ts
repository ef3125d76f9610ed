/**
 * Run-time icons, drawn on a canvas with the system font so the map needs no glyphs or sprite:
 * numbered stop badges (`stop-<seq>-<color>`), numbered disposal-visit squares
 * (`disposal-<seq>-<color>`), the route direction arrow and the site markers.
 */
import { ARROW_ICON_ID } from './map-style.js';

/** Parsed stop icon id. */
export interface StopIconSpec {
  seq: number;
  color: string;
}

const STOP_ICON_RE = /^stop-(\d+)-(#[0-9a-fA-F]{3,8}|[a-z]+)$/;
const DISPOSAL_ICON_RE = /^disposal-(\d+)-(#[0-9a-fA-F]{3,8}|[a-z]+)$/;

function parseNumbered(re: RegExp, id: string): StopIconSpec | null {
  const match = re.exec(id);
  if (!match?.[1] || !match[2]) return null;
  return { seq: Number(match[1]), color: match[2] };
}

/** Parses `stop-12-#e41a1c`; null when the id is not a stop icon. */
export function parseStopIconId(id: string): StopIconSpec | null {
  return parseNumbered(STOP_ICON_RE, id);
}

/** Parses `disposal-7-#e41a1c` (a route's visit to a disposal site, stop 7); null otherwise. */
export function parseDisposalIconId(id: string): StopIconSpec | null {
  return parseNumbered(DISPOSAL_ICON_RE, id);
}

/** Pixel data plus the ratio to pass to `map.addImage`. */
export interface IconImage {
  image: ImageData;
  pixelRatio: number;
}

const PIXEL_RATIO = 2;

function canvas2d(size: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = size * PIXEL_RATIO;
  canvas.height = size * PIXEL_RATIO;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable: cannot draw map icons');
  ctx.scale(PIXEL_RATIO, PIXEL_RATIO);
  return ctx;
}

function finish(ctx: CanvasRenderingContext2D): IconImage {
  return { image: ctx.getImageData(0, 0, ctx.canvas.width, ctx.canvas.height), pixelRatio: PIXEL_RATIO };
}

/** A circle in the route colour with the stop number in white. */
export function drawStopIcon(spec: StopIconSpec): IconImage {
  const label = String(spec.seq);
  const size = label.length > 2 ? 26 : 22;
  const ctx = canvas2d(size);
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2 - 1.5, 0, Math.PI * 2);
  ctx.fillStyle = spec.color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${label.length > 2 ? 10 : 11}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, size / 2, size / 2 + 0.5);
  return finish(ctx);
}

/**
 * A disposal visit: a square in the route colour with a dark border and the stop number in white,
 * so unloading trips stand out from the round bin badges.
 */
export function drawDisposalVisitIcon(spec: StopIconSpec): IconImage {
  const label = String(spec.seq);
  const size = label.length > 2 ? 26 : 22;
  const ctx = canvas2d(size);
  ctx.fillStyle = spec.color;
  ctx.fillRect(2, 2, size - 4, size - 4);
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#222222';
  ctx.strokeRect(2, 2, size - 4, size - 4);
  ctx.fillStyle = '#ffffff';
  ctx.font = `bold ${label.length > 2 ? 10 : 11}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(label, size / 2, size / 2 + 0.5);
  return finish(ctx);
}

/** A chevron pointing right (east); the symbol layer rotates it along the line. */
export function drawArrowIcon(): IconImage {
  const size = 16;
  const ctx = canvas2d(size);
  ctx.beginPath();
  ctx.moveTo(4, 3);
  ctx.lineTo(12, 8);
  ctx.lineTo(4, 13);
  ctx.lineWidth = 2.5;
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
  return finish(ctx);
}

/** White letter drawn over the site circle: D for depot, X for disposal. */
export function drawSiteIcon(kind: string): IconImage {
  const size = 16;
  const ctx = canvas2d(size);
  ctx.fillStyle = '#ffffff';
  ctx.font = 'bold 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(kind === 'depot' ? 'D' : '♻', size / 2, size / 2 + 0.5);
  return finish(ctx);
}

/** Draws the icon for any id this app generates; null for unknown ids. */
export function drawIconForId(id: string): IconImage | null {
  if (id === ARROW_ICON_ID) return drawArrowIcon();
  if (id.startsWith('site-')) return drawSiteIcon(id.slice('site-'.length));
  const stop = parseStopIconId(id);
  if (stop) return drawStopIcon(stop);
  const visit = parseDisposalIconId(id);
  return visit ? drawDisposalVisitIcon(visit) : null;
}
