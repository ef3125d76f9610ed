import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelopeSchema, ImportResultSchema, InventorySchema, PlanSchema, type ImportResult, type InventoryDto } from '../../../contract/index.js';
import { buildRoadContext } from '../../services/road-context.js';
import { binRow, ensureUser, insertRows, memoryDb, siteRow, TEST_SPACE, startApp, vehicleRow, type ApiFetch, type Running } from '../../../test/helpers.js';

const SITES = [siteRow(), siteRow({ id: 'disposal-test', kind: 'disposal', name: 'Quai de transfert', lng: 7.419, lat: 43.732, serviceSec: 1200 })];
const OTHER = 'other';

let run: Running;
let manager: ApiFetch;

beforeAll(async () => {
  const db = memoryDb();
  const bins = [binRow({ id: 'OLD-1', lng: 7.4246, lat: 43.7384 }), binRow({ id: 'OLD-2', lng: 7.4206, lat: 43.7312 })];
  insertRows(db, { bins, sites: SITES, vehicles: [vehicleRow({ id: 'BOM-01' })] });
  insertRows(db, { bins: [binRow({ id: 'THEIRS-1' })], sites: [siteRow({ id: 'their-depot' }), siteRow({ id: 'their-quay', kind: 'disposal' })], vehicles: [vehicleRow({ id: 'THEIR-TRUCK' })] }, OTHER);
  const osm = new Uint8Array(readFileSync(new URL('../../../../data/osm/monaco-2016-03-05.osm.pbf', import.meta.url)));
  const road = buildRoadContext(osm, 'monaco', bins, SITES);
  run = await startApp(db, road, { solveIterations: 50 });
  manager = await run.as('manager');
}, 120_000);
afterAll(() => run?.close());

const inventory = async (f: ApiFetch = manager): Promise<InventoryDto> => InventorySchema.parse(await (await f('/api/inventory')).json());
const importFile = (kind: string, body: string, type: string, query = '', f: ApiFetch = manager): Promise<Response> =>
  f(`/api/inventory/${kind}/import${query}`, { method: 'POST', headers: { 'content-type': type }, body });
const preview = async (kind: string, body: string, type = 'text/csv', query = '?dryRun=true'): Promise<ImportResult> => {
  const res = await importFile(kind, body, type, query);
  expect(res.status).toBe(200);
  return ImportResultSchema.parse(await res.json());
};

/** A French spreadsheet's export: BOM, semicolons, decimal commas, French stream names. */
const FRENCH_CSV =
  '\ufeffid;lng;lat;flux;conteneur;capacité_litres;service_sec\r\n' +
  'CSV-1;7,4270;43,7395;OMR;bac-660;660;60\r\n' +
  'CSV-2;7,4290;43,7420;emballages;bac-340;340;45\r\n' +
  'CSV-3;7,4275;43,7460;verre;pav_column;4000;240\r\n';

describe('inventory import', () => {
  it('previews a semicolon CSV with a BOM and decimal commas without writing, then applies it', async () => {
    const p = await preview('bins', FRENCH_CSV);
    expect(p).toMatchObject({ kind: 'bins', format: 'csv', delimiter: ';', applied: false, rows: 3, create: ['CSV-1', 'CSV-2', 'CSV-3'], update: [], unchanged: 0, rejected: [] });
    expect((await inventory()).bins.map((b) => b.id)).toEqual(['OLD-1', 'OLD-2']);

    const res = await importFile('bins', FRENCH_CSV, 'text/csv; charset=utf-8');
    expect(res.status).toBe(200);
    expect(ImportResultSchema.parse(await res.json()).applied).toBe(true);
    const bins = (await inventory()).bins;
    expect(bins.map((b) => b.id)).toEqual(['CSV-1', 'CSV-2', 'CSV-3', 'OLD-1', 'OLD-2']);
    expect(bins.find((b) => b.id === 'CSV-1')).toEqual({ id: 'CSV-1', lng: 7.427, lat: 43.7395, stream: 'residual', container: 'bac-660', capacityLitres: 660, serviceSec: 60, osmRef: null, accessNotes: null });
    expect(bins.find((b) => b.id === 'CSV-2')!.stream).toBe('packaging');
    // the new bins are on the map and take readings at once
    const map = (await (await manager('/api/bins')).json()) as { features: { id: string }[] };
    expect(map.features.map((f) => f.id)).toContain('CSV-3');
    const reading = await manager('/api/readings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ binId: 'CSV-3', measuredAt: '2026-11-27T10:00:00Z', fillPercent: 40 }]) });
    expect(reading.status).toBe(201);
  });

  it('lists a bad row with its line, column and reason, writes nothing of the file, and imports it once fixed', async () => {
    const bad = 'id,lng,lat,stream,capacity_litres\nNEW-1,7.4180,43.7330,biowaste,240\nNEW-2,east,43.7375,residual,660\nNEW-3,7.4230,43.7330,plastic,660\n';
    const p = await preview('bins', bad);
    expect(p.create).toEqual(['NEW-1']);
    expect(p.rejected).toEqual([
      { line: 3, id: 'NEW-2', column: 'lng', code: 'invalid', reason: "'east' is not a decimal number (write 7.4167 or 7,4167)", reasonCode: 'not_decimal', reasonParams: { value: 'east' } },
      { line: 4, id: 'NEW-3', column: 'stream', code: 'invalid', reason: "'plastic' is not a stream (residual, packaging, glass, paper, biowaste)", reasonCode: 'not_stream', reasonParams: { value: 'plastic' } },
    ]);
    const before = (await inventory()).bins.length;
    const res = await importFile('bins', bad, 'text/csv');
    expect(res.status).toBe(400);
    const err = ErrorEnvelopeSchema.parse(await res.json()).error;
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('2 problems in the file: nothing was imported');
    expect(err.issues!.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "line 3.lng: 'east' is not a decimal number (write 7.4167 or 7,4167)",
      "line 4.stream: 'plastic' is not a stream (residual, packaging, glass, paper, biowaste)",
    ]);
    expect((await inventory()).bins.length).toBe(before);

    const fixed = bad.replace('east', '7.4155').replace('plastic', 'packaging');
    const ok = await importFile('bins', fixed, 'text/csv');
    expect(ok.status).toBe(200);
    expect(ImportResultSchema.parse(await ok.json()).create).toEqual(['NEW-1', 'NEW-2', 'NEW-3']);
    expect((await inventory()).bins.length).toBe(before + 3);
  });

  it('updates existing ids in place, telling changed fields from unchanged rows and keeping values of absent columns', async () => {
    const csv = 'bin_id,lng,lat,stream,capacity_litres\nCSV-1,7.427,43.7395,residual,770\nCSV-2,7.429,43.742,packaging,340\n';
    const p = await preview('bins', csv);
    expect(p).toMatchObject({ create: [], update: [{ id: 'CSV-1', fields: ['capacityLitres'] }], unchanged: 1, rejected: [] });
    expect((await importFile('bins', csv, 'text/csv')).status).toBe(200);
    const b = (await inventory()).bins.find((x) => x.id === 'CSV-1')!;
    expect(b.capacityLitres).toBe(770);
    expect(b.container).toBe('bac-660');
  });

  it('refuses a row that repeats an id of the file, and a file without a required column', async () => {
    const p = await preview('bins', 'id,lng,lat,stream,capacity_litres\nDUP,7.42,43.73,glass,100\nDUP,7.43,43.74,glass,100\n');
    expect(p.rejected).toEqual([{ line: 3, id: 'DUP', column: 'id', code: 'duplicate', reason: "the id 'DUP' is already on line 2", reasonCode: 'duplicate_id', reasonParams: { id: 'DUP', line: 2 } }]);
    const q = await preview('bins', 'id,lng,lat,capacity_litres\nX,7.42,43.73,100\n');
    expect(q.rejected).toEqual([{ line: 1, column: 'stream', code: 'missing', reason: 'the file has no column stream (or flux)', reasonCode: 'missing_column', reasonParams: { column: 'stream' } }]);
    expect(q.create).toEqual([]);
  });

  it('imports depots and disposal sites from a QGIS GeoJSON export, listing a feature without a point by its index', async () => {
    const doc = {
      type: 'FeatureCollection',
      name: 'sites',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      features: [
        { type: 'Feature', properties: { id: 'quai-2', kind: 'exutoire', nom: 'Quai nord', service_sec: 900 }, geometry: { type: 'Point', coordinates: [7.4275, 43.746] } },
        { type: 'Feature', properties: { id: 'depot-2', kind: 'depot', nom: 'Dépôt est' }, geometry: null },
      ],
    };
    const p = await preview('sites', JSON.stringify(doc), 'application/geo+json');
    expect(p.format).toBe('geojson');
    expect(p.create).toEqual(['quai-2']);
    expect(p.rejected).toEqual([{ index: 1, id: 'depot-2', code: 'invalid', reason: 'needs a Point geometry [longitude, latitude]', reasonCode: 'no_point' }]);
    const bad = await importFile('sites', JSON.stringify(doc), 'application/json');
    expect(bad.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await bad.json()).error.issues![0]!.path).toBe('features[1]');

    doc.features.pop();
    expect((await importFile('sites', JSON.stringify(doc), 'application/json')).status).toBe(200);
    expect((await inventory()).sites).toContainEqual({ id: 'quai-2', kind: 'disposal', name: 'Quai nord', lng: 7.4275, lat: 43.746, serviceSec: 900 });
  });

  it('refuses a replace that would leave the space without a depot', async () => {
    const p = await preview('sites', 'id;kind;name;lng;lat\ndisposal-test;disposal;Quai;7,419;43,732\n', 'text/csv', '?dryRun=true&mode=replace');
    expect(p.retire.sort()).toEqual(['depot-fontvieille', 'quai-2']);
    expect(p.rejected).toEqual([{ code: 'constraint', reason: 'the space would have no depot left (plans need one)', reasonCode: 'no_depot_left' }]);
  });

  it("refuses an id another collectivité uses, and a bad cell's reason names it", async () => {
    const p = await preview('vehicles', 'id,name,streams,capacity_litres,capacity_kg,shift_start,shift_end\nTHEIR-TRUCK,Camion,residual,20000,5000,06:00,12:00\nV2,Camion,residual,20000,5000,14:00,12:00\n');
    expect(p.rejected).toEqual([
      { line: 2, id: 'THEIR-TRUCK', column: 'id', code: 'taken', reason: "the id 'THEIR-TRUCK' is used by another collectivité (ids are unique on the platform)", reasonCode: 'id_taken', reasonParams: { id: 'THEIR-TRUCK' } },
      { line: 3, id: 'V2', column: 'shift_end', code: 'invalid', reason: 'must be after the shift start', reasonCode: 'shift_order' },
    ]);
  });
});

describe('the documented examples', () => {
  it.each([
    ['bins', 'bacs.csv', 'text/csv', 3],
    ['sites', 'sites.geojson', 'application/geo+json', 2],
    ['vehicles', 'vehicules.csv', 'text/csv', 2],
  ])('previews docs/examples/inventory for %s (%s) without a refused row', async (kind, file, type, rows) => {
    const text = readFileSync(new URL(`../../../../docs/examples/inventory/${file}`, import.meta.url), 'utf8');
    const p = await preview(kind, text, type);
    expect(p.rejected).toEqual([]);
    expect(p.rows).toBe(rows);
  });
});

describe('inventory forms', () => {
  it('creates, changes and retires a vehicle, with every bad field listed', async () => {
    const truck = { id: 'GRUE-1', name: 'Grue verre', type: 'crane', streams: ['glass'], capacityLitres: 30000, capacityKg: 7000, shiftStart: '06:00', shiftEnd: '12:00', co2KgPerKm: 1.8 };
    const bad = await manager('/api/inventory/vehicles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...truck, capacityKg: -1, shiftStart: '6h' }) });
    expect(bad.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await bad.json()).error.issues!.map((i) => i.path).sort()).toEqual(['capacityKg', 'shiftStart']);
    const created = await manager('/api/inventory/vehicles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(truck) });
    expect(created.status).toBe(201);
    const again = await manager('/api/inventory/vehicles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(truck) });
    expect(again.status).toBe(409);
    const put = await manager('/api/inventory/vehicles/GRUE-1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...truck, shiftEnd: '13:00' }) });
    expect(put.status).toBe(200);
    expect((await inventory()).vehicles.find((v) => v.id === 'GRUE-1')!.shiftEnd).toBe('13:00');
    expect((await manager('/api/inventory/vehicles/GRUE-1', { method: 'DELETE' })).status).toBe(204);
    expect((await inventory()).vehicles.map((v) => v.id)).toEqual(['BOM-01']);
    expect((await manager('/api/inventory/vehicles/BOM-01', { method: 'DELETE' })).status).toBe(409);
  });

  it('lets analysts read and not write, drivers neither, and keeps each space to itself', async () => {
    const analyst = await run.as('analyst');
    expect((await analyst('/api/inventory')).status).toBe(200);
    expect((await importFile('bins', FRENCH_CSV, 'text/csv', '?dryRun=true', analyst)).status).toBe(403);
    expect((await analyst('/api/inventory/bins/OLD-1', { method: 'DELETE' })).status).toBe(403);
    const driver = await run.as('driver');
    expect((await driver('/api/inventory')).status).toBe(403);

    const theirs = await run.as('manager', OTHER);
    expect((await inventory(theirs)).bins.map((b) => b.id)).toEqual(['THEIRS-1']);
    expect((await theirs('/api/inventory/bins/OLD-1', { method: 'DELETE' })).status).toBe(404);
    const put = await theirs('/api/inventory/bins/OLD-1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'OLD-1', lng: 7, lat: 43, stream: 'glass', container: 'x', capacityLitres: 1, serviceSec: 0 }) });
    expect(put.status).toBe(404);
    const taken = await importFile('bins', 'id,lng,lat,stream,capacity_litres\nOLD-1,7.42,43.73,glass,100\n', 'text/csv', '', theirs);
    expect(taken.status).toBe(400);
    expect((await inventory()).bins.find((b) => b.id === 'OLD-1')!.stream).toBe('residual');
  });
});

describe('inventory in the API document', () => {
  it('describes every inventory route with its permission and the import query', async () => {
    const doc = (await (await manager('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { 'x-permission'?: string; parameters?: { name: string }[] }>> };
    for (const kind of ['bins', 'sites', 'vehicles']) {
      expect(doc.paths[`/api/inventory/${kind}`]!['post']!['x-permission']).toBe('inventory:write');
      expect(doc.paths[`/api/inventory/${kind}/{id}`]!['put']!['x-permission']).toBe('inventory:write');
      expect(doc.paths[`/api/inventory/${kind}/{id}`]!['delete']!['x-permission']).toBe('inventory:write');
      expect(doc.paths[`/api/inventory/${kind}/import`]!['post']!.parameters!.map((p) => p.name).sort()).toEqual(['dryRun', 'format', 'mode']);
    }
    expect(doc.paths['/api/inventory']!['get']!['x-permission']).toBe('bins:read');
  });
});

describe('inventory and plans', () => {
  it('plans with the imported bins and vehicles; a bin retired afterwards takes no reading and stays in the stored plan', async () => {
    const vehicles = 'id;name;type;streams;capacity_litres;capacity_kg;shift_start;shift_end;co2_kg_per_km\nIMP-1;Benne importée;bom19;residual|packaging|glass|biowaste;45000;8500;6h00;13:00;2,1\n';
    // the driver's truck cannot be retired while they are bound to it
    const refused = await importFile('vehicles', vehicles, 'text/csv', '?mode=replace');
    expect(refused.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await refused.json()).error.issues).toEqual([
      { path: '', message: "vehicle 'BOM-01' is the vehicle of 1 driver: bind them to another vehicle first", code: 'constraint' },
    ]);
    expect((await importFile('vehicles', vehicles, 'text/csv')).status).toBe(200);
    await ensureUser(run.db, 'driver@test', 'driver', TEST_SPACE, 'IMP-1');
    expect((await importFile('vehicles', vehicles, 'text/csv', '?mode=replace')).status).toBe(200);
    expect((await inventory()).vehicles.map((v) => v.id)).toEqual(['IMP-1']);
    const readings = ['CSV-1', 'CSV-2', 'NEW-1'].flatMap((id) => [0, 6, 12, 18].map((h, k) => ({ binId: id, measuredAt: `2026-11-27T${String(h).padStart(2, '0')}:00:00Z`, fillPercent: 70 + 5 * k })));
    expect((await manager('/api/readings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(readings) })).status).toBe(201);

    const created = (await (await manager('/api/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ date: '2026-11-28' }) })).json()) as { id: string };
    await run.app.ctx.queue.idle();
    const plan = PlanSchema.parse(await (await manager(`/api/plans/${created.id}`)).json());
    expect(plan.status).toBe('done');
    expect(plan.routes.map((r) => r.vehicleId)).toEqual(['IMP-1']);
    const served = plan.routes.flatMap((r) => r.stops.map((s) => s.binId));
    expect(served).toEqual(expect.arrayContaining(['CSV-1', 'CSV-2', 'NEW-1']));

    expect((await manager('/api/inventory/bins/CSV-1', { method: 'DELETE' })).status).toBe(204);
    expect((await inventory()).bins.map((b) => b.id)).not.toContain('CSV-1');
    const map = (await (await manager('/api/bins')).json()) as { features: { id: string }[] };
    expect(map.features.map((f) => f.id)).not.toContain('CSV-1');
    const late = await manager('/api/readings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ binId: 'CSV-1', measuredAt: '2026-11-28T07:00:00Z', fillPercent: 20 }]) });
    expect(late.status).toBe(400);
    const stored = PlanSchema.parse(await (await manager(`/api/plans/${created.id}`)).json());
    expect(stored.routes.flatMap((r) => r.stops.map((s) => s.binId))).toContain('CSV-1');
    // the same id brings the bin back
    expect((await importFile('bins', 'id,lng,lat,stream,capacity_litres\nCSV-1,7.427,43.7395,residual,770\n', 'text/csv', '?dryRun=true')).status).toBe(200);
    const back = ImportResultSchema.parse(await (await importFile('bins', 'id,lng,lat,stream,capacity_litres\nCSV-1,7.427,43.7395,residual,770\n', 'text/csv')).json());
    expect(back.create).toEqual(['CSV-1']);
  }, 120_000);
});

describe('access notes of bins (issue #15)', () => {
  const bin = { id: 'NOTES-1', lng: 7.4246, lat: 43.7384, stream: 'residual', container: 'bac-660', capacityLitres: 660, serviceSec: 60, osmRef: null };
  const put = (body: unknown): Promise<Response> => manager('/api/inventory/bins/NOTES-1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const notes = async (): Promise<string | null | undefined> => (await inventory()).bins.find((b) => b.id === 'NOTES-1')?.accessNotes;

  it('are set by a form, kept by a form or a file that leaves them out, set by a file column, and cleared by null', async () => {
    const created = await manager('/api/inventory/bins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...bin, accessNotes: '  Portail code 1234  ' }) });
    expect(created.status).toBe(201);
    expect(await notes()).toBe('Portail code 1234');
    expect((await put({ ...bin, serviceSec: 90 })).status).toBe(200);
    expect(await notes()).toBe('Portail code 1234');
    const keep = await preview('bins', 'id,lng,lat,stream,capacity_litres\nNOTES-1,7.4246,43.7384,residual,660\n');
    expect(keep).toMatchObject({ update: [], unchanged: 1, rejected: [] }); // absent columns keep the current values, notes included
    const file = 'id,lng,lat,stream,capacity_litres,service_sec,access_notes\nNOTES-1,7.4246,43.7384,residual,660,90,"Levée côté gauche, clé au gardien"\n';
    expect((await preview('bins', file)).update).toEqual([{ id: 'NOTES-1', fields: ['accessNotes'] }]);
    expect((await importFile('bins', file, 'text/csv')).status).toBe(200);
    expect(await notes()).toBe('Levée côté gauche, clé au gardien');
    expect((await put({ ...bin, accessNotes: null })).status).toBe(200);
    expect(await notes()).toBeNull();
    const long = await put({ ...bin, accessNotes: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect(ErrorEnvelopeSchema.parse(await long.json()).error.issues).toEqual([{ path: 'accessNotes', message: 'must be at most 500 characters', code: 'too_big' }]);
  });
});
