/**
 * Closures over HTTP: drawing, listing (by day), changing and removing them; a closed street is
 * avoided by the routes of a plan of that day; a bin inside a closed area is served from outside
 * or left out with the reason `closed_street`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClosureListSchema, ClosureSchema, ErrorEnvelopeSchema, PlanCreatedSchema, PlanSchema, type PlanDto } from '../../../contract/index.js';
import { buildRoadContext } from '../../services/road-context.js';
import { binRow, insertRows, memoryDb, readingRow, siteRow, startApp, vehicleRow, type Running } from '../../../test/helpers.js';

const DATE = '2026-11-28';
const BINS: [string, number, number][] = [
  ['M01', 7.4246, 43.7384],
  ['M02', 7.4206, 43.7312],
  ['M03', 7.427, 43.7395],
  ['M04', 7.429, 43.742],
  ['M08', 7.4155, 43.7375],
  ['M10', 7.421, 43.736],
];

let run: Running;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  const db = memoryDb();
  const bins = BINS.map(([id, lng, lat]) => binRow({ id, lng, lat }));
  const sites = [siteRow(), siteRow({ id: 'quay', kind: 'disposal', name: 'Quai', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
  insertRows(db, {
    bins,
    sites,
    vehicles: [vehicleRow({ id: 'BOM-01' })],
    readings: BINS.flatMap(([id]) => [0, 6, 12, 18].map((h, k) => readingRow(id, `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, 70 + 5 * k))),
  });
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  run = await startApp(db, buildRoadContext(osm, 'monaco', bins.map((b) => ({ id: b.id, lng: b.lng, lat: b.lat })), sites), { solveIterations: 30 });
}, 120_000);
afterAll(() => run?.close());

async function plan(): Promise<PlanDto> {
  const res = await run.fetch('/api/plans', { method: 'POST', headers: json, body: JSON.stringify({ date: DATE }) });
  expect(res.status).toBe(202);
  const { id } = PlanCreatedSchema.parse(await res.json());
  await run.app.ctx.queue.idle();
  const p = PlanSchema.parse(await (await run.fetch(`/api/plans/${id}`)).json());
  expect(p.error).toBeNull();
  expect(p.status).toBe('done');
  return p;
}

async function close(body: unknown): Promise<Response> {
  return run.fetch('/api/closures', { method: 'POST', headers: json, body: JSON.stringify(body) });
}

/** Metres from point p to segment a-b (local flat projection). */
function distM(p: [number, number], a: [number, number], b: [number, number]): number {
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_540;
  const [px, py, ax, ay, bx, by] = [p[0] * kx, p[1] * ky, a[0] * kx, a[1] * ky, b[0] * kx, b[1] * ky];
  const dx = bx - ax;
  const dy = by - ay;
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

async function geometry(planId: string): Promise<[number, number][][]> {
  const gj = (await (await run.fetch(`/api/plans/${planId}?format=geojson`)).json()) as { features: { geometry: { type: string; coordinates: [number, number][] } }[] };
  return gj.features.filter((f) => f.geometry.type === 'LineString').map((f) => f.geometry.coordinates);
}

describe('closures', () => {
  it('refuses a closure without label, with an open ring or a period that ends before it starts, listing every problem', async () => {
    const res = await close({ label: '', geometry: { type: 'Polygon', coordinates: [[[7.42, 43.73], [7.421, 43.73], [7.421, 43.731], [7.42, 43.7311]]] }, validFrom: '2026-11-28T10:00', validTo: '2026-11-28T08:00' });
    expect(res.status).toBe(400);
    const body = ErrorEnvelopeSchema.parse(await res.json());
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues!.map((i) => i.path).sort()).toEqual(['geometry.coordinates[0]', 'label', 'validTo']);
  });

  it('stores, lists by day, changes and removes a closure', async () => {
    const res = await close({ label: 'Marché', geometry: { type: 'LineString', coordinates: [[7.42, 43.73], [7.421, 43.731]] }, validFrom: '2026-11-29T06:00', validTo: '2026-11-29T14:00' });
    expect(res.status).toBe(201);
    const c = ClosureSchema.parse(await res.json());
    expect(c).toMatchObject({ kind: 'street', label: 'Marché' });
    const on = async (date: string) => ClosureListSchema.parse(await (await run.fetch(`/api/closures?date=${date}`)).json()).map((x) => x.id);
    expect(await on('2026-11-29')).toContain(c.id);
    expect(await on('2026-11-28')).not.toContain(c.id);
    expect(await on('2026-11-30')).not.toContain(c.id);
    const put = await run.fetch(`/api/closures/${c.id}`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ label: 'Marché de Noël', geometry: { type: 'Polygon', coordinates: [[[7.42, 43.73], [7.421, 43.73], [7.421, 43.731], [7.42, 43.73]]] }, validFrom: '2026-11-29T06:00', validTo: '2026-11-30T14:00' }),
    });
    expect(ClosureSchema.parse(await put.json())).toMatchObject({ kind: 'area', label: 'Marché de Noël', validTo: '2026-11-30T14:00' });
    expect(await on('2026-11-30')).toContain(c.id);
    expect((await run.fetch(`/api/closures/${c.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await run.fetch(`/api/closures/${c.id}`);
    expect(gone.status).toBe(404);
    expect(ErrorEnvelopeSchema.parse(await gone.json()).error.code).toBe('not_found');
  });

  it("routes a plan around a street closed on its day, and the street is used again once it reopens", async () => {
    const before = await plan();
    const lines = await geometry(before.id);
    // a piece of street in the middle of the longest route leg, away from its ends
    const line = lines.reduce((a, b) => (b.length > a.length ? b : a));
    let piece: [[number, number], [number, number]] | null = null;
    for (let i = Math.floor(line.length / 3); i + 1 < line.length; i++) {
      const a = line[i]!;
      const b = line[i + 1]!;
      if (distM(a, b, b) > 25) {
        piece = [a, b];
        break;
      }
    }
    expect(piece).not.toBeNull();
    const mid: [number, number] = [(piece![0][0] + piece![1][0]) / 2, (piece![0][1] + piece![1][1]) / 2];
    const near = (ls: [number, number][][]): boolean => ls.some((l) => l.some((p, i) => i > 0 && distM(mid, l[i - 1]!, p) < 2));
    expect(near(lines)).toBe(true);
    const res = await close({ label: 'Travaux', geometry: { type: 'LineString', coordinates: piece }, validFrom: `${DATE}T00:00`, validTo: `${DATE}T23:59` });
    expect(res.status).toBe(201);
    const closure = ClosureSchema.parse(await res.json());
    const after = await plan();
    expect(near(await geometry(after.id))).toBe(false);
    expect(after.summary!.binsRouted + after.unassigned.length).toBe(before.summary!.binsRouted + before.unassigned.length);
    await run.fetch(`/api/closures/${closure.id}`, { method: 'DELETE' });
    expect(near(await geometry((await plan()).id))).toBe(true);
  }, 120_000);

  it('leaves out a bin in the middle of a closed area with the reason closed_street, and no route drives inside the area', async () => {
    const [lng, lat] = [7.4246, 43.7384]; // M01
    const d = 0.0025;
    const ring = [[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]];
    const res = await close({ label: 'Marché', geometry: { type: 'Polygon', coordinates: [ring] }, validFrom: `${DATE}T05:00`, validTo: `${DATE}T20:00` });
    expect(res.status).toBe(201);
    const closure = ClosureSchema.parse(await res.json());
    const p = await plan();
    const m01 = p.unassigned.find((u) => u.binId === 'M01');
    expect(m01).toMatchObject({ reason: 'closed_street' });
    expect(m01!.detail).toContain('Marché');
    // no route drives inside the area (beyond the few metres a snapped stop lies from its edge)
    const inner = d - 0.0003;
    for (const l of await geometry(p.id)) for (const [x, y] of l) expect(Math.abs(x - lng) < inner && Math.abs(y - lat) < inner).toBe(false);
    await run.fetch(`/api/closures/${closure.id}`, { method: 'DELETE' });
  }, 120_000);
});
