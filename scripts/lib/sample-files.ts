/** Readers of the committed sample city files in data/sample/ (see its README for the columns). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STREAMS, type Stream } from '../../solver/src/index.js';
import type { SampleBin, SampleSite, SampleVehicle } from './collection-day.js';

/**
 * Reads bins.csv, sites.json and fleet.json.
 * @throws Error naming the file and line of any malformed row.
 */
export function readSampleCity(dir = 'data/sample'): { bins: SampleBin[]; sites: SampleSite[]; fleet: SampleVehicle[] } {
  const file = join(dir, 'bins.csv');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const bins = lines.slice(1).map((line, i): SampleBin => {
    const [binId, lng, lat, stream, container, capacity, service] = line.split(',');
    if (!binId || !STREAMS.includes(stream as Stream) || !container || !Number.isFinite(Number(lng)) || !Number.isFinite(Number(lat))) {
      throw new Error(`${file}:${i + 2}: malformed row '${line}'`);
    }
    return { binId, lngLat: [Number(lng), Number(lat)], stream: stream as Stream, container, capacityLitres: Number(capacity), serviceSec: Number(service) };
  });
  const sites = JSON.parse(readFileSync(join(dir, 'sites.json'), 'utf8')) as SampleSite[];
  const fleet = JSON.parse(readFileSync(join(dir, 'fleet.json'), 'utf8')) as SampleVehicle[];
  return { bins, sites, fleet };
}
