/**
 * FIWARE smart-data-models `WasteContainer` payloads → readings and alerts.
 *
 * Accepted shapes (https://github.com/smart-data-models/dataModel.WasteManagement, WasteContainer):
 * - key-values: `{"id": "urn:ngsi-ld:WasteContainer:B0001", "type": "WasteContainer",
 *   "fillingLevel": 0.64, "dateModified": "2026-11-28T06:00:00Z", "status": "ok"}`;
 * - normalized NGSI v2: `{"fillingLevel": {"type": "Number", "value": 0.64, "metadata":
 *   {"timestamp": {"type": "DateTime", "value": "…"}}}, …}`;
 * - normalized NGSI-LD: `{"fillingLevel": {"type": "Property", "value": 0.64, "observedAt": "…"}}`;
 * - a notification `{"subscriptionId": …, "data": [entities]}`, an array of entities, or one entity.
 *
 * The bin is `binId` when present, else `id` (the id itself when it is a known bin, else its last
 * `:`-separated segment, so `urn:ngsi-ld:WasteContainer:B0001` is `B0001`). The instant is
 * `binLoggedTime`, `timeInstant` or `dateModified` (first present), else the fillingLevel's own
 * `observedAt` / `metadata.timestamp`; NGSI-LD typed values (`{"@type": "DateTime", "@value": "…"}`)
 * are read too. `fillingLevel` is a ratio from 0 to 1.5 (stored as percent; above 1 the container
 * overflows). `status` other than `ok` (e.g. `burning`, `dropped`) is kept as an alert. The rules
 * of `reading-rules.ts` apply (plausible instant, fill, lengths), and an entity is accepted whole
 * (reading and alert) or rejected whole.
 */
import { MAX_FILL_PERCENT, type RejectedRow } from '../../contract/index.js';
import { binIdProblem, clip, instantProblem, statusProblem } from './reading-rules.js';

/** A reading parsed from an entity. */
export interface NgsiReading {
  index: number;
  binId: string;
  measuredAt: string;
  fillPercent: number;
}

/** An alert parsed from an entity. */
export interface NgsiAlert {
  index: number;
  binId: string;
  raisedAt: string;
  status: string;
}

/** Readings, alerts and rejected entities of one payload. */
export interface NgsiParseResult {
  readings: NgsiReading[];
  alerts: NgsiAlert[];
  rejected: RejectedRow[];
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * An attribute's value in key-values (`x`), normalized (`{value: x}`) or NGSI-LD typed
 * (`{"@value": x}`, possibly inside `value`) form.
 */
function valueOf(attr: unknown): unknown {
  let v = isObj(attr) && 'value' in attr ? attr.value : attr;
  if (isObj(v) && '@value' in v) v = v['@value'];
  return v;
}

/** The entities of a body, or `null` when it does not look like NGSI WasteContainer data. */
export function ngsiEntities(body: unknown): unknown[] | null {
  const list = isObj(body) && Array.isArray(body.data) ? body.data : Array.isArray(body) ? body : isObj(body) ? [body] : null;
  if (!list || list.length === 0) return null;
  const looksNgsi = (e: unknown): boolean =>
    isObj(e) && (e.type === 'WasteContainer' || 'fillingLevel' in e || '@context' in e || (typeof e.id === 'string' && e.id.startsWith('urn:ngsi')));
  return list.some(looksNgsi) ? list : null;
}

/**
 * Parses entities into readings and alerts, rejecting (with the entity index and the reason)
 * each entity that is not a usable WasteContainer. Never throws.
 * @param knownBin tells whether a bin id exists.
 * @param now the server's clock (readings may not come from the future).
 */
export function parseNgsiEntities(entities: readonly unknown[], knownBin: (id: string) => boolean, now: Date): NgsiParseResult {
  const out: NgsiParseResult = { readings: [], alerts: [], rejected: [] };
  const maxRatio = MAX_FILL_PERCENT / 100;
  entities.forEach((e, index) => {
    const reject = (reason: string): void => void out.rejected.push({ index, reason });
    if (!isObj(e)) return reject('entity is not an object');
    if (e.type !== undefined && e.type !== 'WasteContainer') return reject(`type '${clip(String(e.type))}' is not WasteContainer`);
    const rawBin = valueOf(e.binId) ?? e.id;
    if (typeof rawBin !== 'string' || rawBin === '') return reject('no bin: neither binId nor id is a non-empty string');
    if (rawBin.length > 256) return reject(`id is longer than 256 characters`);
    const binId = knownBin(rawBin) ? rawBin : (rawBin.split(':').pop() ?? rawBin);
    const idProblem = binIdProblem(binId);
    if (idProblem) return reject(`bin id ${idProblem}`);
    if (!knownBin(binId)) return reject(`unknown bin '${binId}'`);
    const level = e.fillingLevel;
    const timeRaw =
      valueOf(e.binLoggedTime) ??
      valueOf(e.timeInstant) ??
      valueOf(e.dateModified) ??
      (isObj(level) ? (valueOf(level.observedAt) ?? (isObj(level.metadata) ? valueOf(level.metadata.timestamp) : undefined)) : undefined);
    if (typeof timeRaw !== 'string') return reject('no time: binLoggedTime, timeInstant or dateModified is missing');
    const ms = Date.parse(timeRaw);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(timeRaw) || Number.isNaN(ms)) return reject(`time '${clip(timeRaw)}' is not an ISO 8601 instant`);
    const timeProblem = instantProblem(ms, now);
    if (timeProblem) return reject(`time '${clip(timeRaw)}' ${timeProblem}`);
    const measuredAt = new Date(ms).toISOString();
    const status = valueOf(e.status);
    if (status !== undefined && (typeof status !== 'string' || status === '')) return reject('status must be a non-empty string');
    if (typeof status === 'string') {
      const problem = statusProblem(status);
      if (problem) return reject(`status ${problem}`);
    }
    const fill = valueOf(level);
    let reading: NgsiReading | null = null;
    if (fill === undefined) {
      if (typeof status !== 'string' || status === 'ok') return reject('no fillingLevel and no alert status');
    } else {
      if (typeof fill !== 'number' || !Number.isFinite(fill)) return reject('fillingLevel must be a number');
      if (fill < 0 || fill > maxRatio) return reject(`fillingLevel ${fill} is outside 0..${maxRatio} (above 1 is kept as overflowing, up to ${maxRatio})`);
      reading = { index, binId, measuredAt, fillPercent: Math.round(fill * 1000) / 10 };
    }
    if (reading) out.readings.push(reading);
    if (typeof status === 'string' && status !== 'ok') out.alerts.push({ index, binId, raisedAt: measuredAt, status });
  });
  return out;
}
