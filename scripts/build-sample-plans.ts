/**
 * `npx tsx scripts/build-sample-plans.ts [--iterations N] [--seed N]`
 *
 * Builds the sample city's past plans once, so a fresh start has 8 weeks of plan history without
 * solving 56 days at boot: for each space (data/sample/spaces.json) and each day of
 * data/sample/collections.csv (the fixed schedule's collections, as the readings reflect them), the
 * bins collected that day are routed with the one engine (`solveDay`, through the simulator's
 * `routeWithSolveDay`, which checks the plan with `checkDayPlan`) from the space's depot with the
 * space's fleet, on the real road network (data/osm/), each bin's load being its fill before
 * collection. Small seeded budget (default 60 iterations, seed 1, no set-partitioning master):
 * deterministic, about 20 minutes for the 80 space-days (weekdays with collections) on a loaded machine.
 *
 * Writes data/sample/plans-history.csv: `space,date,routes,km,truck_hours,cost_eur,co2_kg,
 * bins_planned,bins_collected,unassigned` (date: the UTC date of the collections, which all fall
 * between 05:00 and 12:00 UTC, so it is the local date too). The server's seed loads it, shifted by
 * the same whole weeks as the readings (server/src/db/seed.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { buildRoadNetwork, parseOsm, type LngLat, type Stream } from '../solver/src/index.js';
import { SAMPLE_DEFAULTS } from './lib/sample-city.js';
import { simVehicles, worldMatrix } from './lib/sim-world.js';
import { routeWithSolveDay, type SimBin, type SimWorld } from './lib/simulate-core.js';

const OUT_PARTIAL = 'data/sample/plans-history.csv.partial';

function num(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const x = Number(process.argv[i + 1]);
  if (!Number.isInteger(x) || x < 0) throw new Error(`--${name} must be a whole number, got '${process.argv[i + 1]}'`);
  return x;
}
/** The outline of an Osmosis `.poly` file (first ring), closed, `[lng, lat]` (as the server's seed reads it). */
function parsePoly(text: string, source: string): [number, number][] {
  const ring: [number, number][] = [];
  for (const line of text.split(/\r?\n/).slice(2)) {
    if (line.trim() === 'END') break;
    const [lng, lat] = line.trim().split(/\s+/).map(Number);
    if (Number.isFinite(lng) && Number.isFinite(lat)) ring.push([lng!, lat!]);
  }
  if (ring.length < 3) throw new Error(`${source}: no outline of 3 points or more`);
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring;
}


interface RawSpace { id: string; area: string | null }
interface RawSite { id: string; space: string; kind: string; lng: number; lat: number; serviceSec: number }
interface RawVehicle { vehicleId: string; space: string; streams: Stream[]; capacityLitres: number; capacityKg: number; shiftStart: string; shiftEnd: string; co2KgPerKm: number }

function main(): void {
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const iterations = num('iterations', 30);
  const seed = num('seed', 1);
  const rows = parse(readFileSync('data/sample/bins.csv', 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const spaces = JSON.parse(readFileSync('data/sample/spaces.json', 'utf8')) as RawSpace[];
  const sites = JSON.parse(readFileSync('data/sample/sites.json', 'utf8')) as RawSite[];
  const fleet = JSON.parse(readFileSync('data/sample/fleet.json', 'utf8')) as RawVehicle[];
  const areas = spaces.filter((s) => s.area !== null).map((s) => ({ id: s.id, shape: polygon([parsePoly(readFileSync(`data/osm/${s.area!}`, 'utf8'), s.area!)]) }));
  const rest = spaces.find((s) => s.area === null)!.id;
  const spaceOf = (lngLat: LngLat): string => areas.find((a) => booleanPointInPolygon(point([lngLat[0], lngLat[1]]), a.shape))?.id ?? rest;
  const collections = parse(readFileSync('data/sample/collections.csv', 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const net = buildRoadNetwork(parseOsm(readFileSync(SAMPLE_DEFAULTS.roads), SAMPLE_DEFAULTS.roads));
  const out = ['space,date,routes,km,truck_hours,cost_eur,co2_kg,bins_planned,bins_collected,unassigned'];
  let rejected = 0;

  for (const space of spaces) {
    const bins: (SimBin & { lat: number })[] = rows
      .map((r) => ({ binId: r.bin_id!, stream: r.stream as Stream, capacityLitres: Number(r.capacity_litres), serviceSec: Number(r.service_sec), lng: Number(r.lng), lat: Number(r.lat) }))
      .filter((b) => spaceOf([b.lng, b.lat]) === space.id);
    const depot = sites.find((s) => s.space === space.id && s.kind === 'depot');
    const disposal = sites.find((s) => s.space === space.id && s.kind === 'disposal');
    if (!depot || !disposal) throw new Error(`data/sample/sites.json: no depot or disposal site for ${space.id}`);
    const { matrix, unreachableBins } = worldMatrix(net, [depot.lng, depot.lat], [disposal.lng, disposal.lat], bins, space.id);
    const vehicles = simVehicles(fleet.filter((v) => v.space === space.id));
    const world: SimWorld = { bins, vehicles, matrix, unreachableBins, disposalServiceSec: disposal.serviceSec, utcOffsetSec: 3600 };
    const index = new Map(bins.map((b, i) => [b.binId, i]));
    const byDay = new Map<string, { i: number; fillPercent: number }[]>();
    for (const c of collections) {
      const i = index.get(c.bin_id!);
      if (i === undefined) continue; // a bin of the other space
      if (unreachableBins.has(i)) {
        rejected++;
        continue;
      }
      const day = c.collected_at!.slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), { i, fillPercent: Number(c.fill_before_percent) }]);
    }
    for (const day of [...byDay.keys()].sort()) {
      const dayBins = byDay.get(day)!;
      const r = routeWithSolveDay(world, dayBins, `${space.id} ${day}`, seed, iterations);
      const cost = r.plan.routes.reduce((s, x) => s + x.cost, 0);
      const used = r.plan.routes.filter((x) => x.binCount > 0).length;
      out.push([space.id, day, used, r.km.toFixed(1), r.hours.toFixed(2), cost.toFixed(2), r.co2Kg.toFixed(1), dayBins.length, r.stops.length, r.unassigned].join(','));
      log(`[plans] ${space.id} ${day}: ${dayBins.length} bins, ${r.km.toFixed(1)} km, ${r.stops.length} collected`);
      writeFileSync(OUT_PARTIAL, `${out.join('\n')}\n`); // progress survives an interrupted run
    }
  }
  writeFileSync('data/sample/plans-history.csv', `${out.join('\n')}\n`);
  rmSync(OUT_PARTIAL, { force: true });
  log(`[plans] wrote data/sample/plans-history.csv (${out.length - 1} space-days; ${rejected} collections of unreachable bins not routed)`);
}

main();
