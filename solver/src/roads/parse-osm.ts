import tinyOsmpbf from 'tiny-osmpbf';
import type { LngLat } from '../model/types.js';
import { RoadDataError } from './road-data-error.js';

/** OSM tags, key to value. */
export type OsmTags = Readonly<Record<string, string>>;

/** An OSM node: WGS84 degrees. User/uid/changeset metadata is never kept. */
export interface OsmNode {
  readonly id: number;
  readonly lon: number;
  readonly lat: number;
  readonly tags: OsmTags;
}

/** An OSM way: node ids in order. */
export interface OsmWay {
  readonly id: number;
  readonly nodes: readonly number[];
  readonly tags: OsmTags;
}

/** A member of an OSM relation (kept for later turn restrictions). */
export interface OsmRelationMember {
  readonly type: 'node' | 'way' | 'relation';
  readonly ref: number;
  readonly role: string;
}

/** An OSM relation. */
export interface OsmRelation {
  readonly id: number;
  readonly members: readonly OsmRelationMember[];
  readonly tags: OsmTags;
}

/**
 * Parsed OSM extract, stripped of personal metadata (user names, uids, changesets).
 * Plain data, so tests can build one by hand.
 */
export interface OsmData {
  readonly nodes: readonly OsmNode[];
  readonly ways: readonly OsmWay[];
  readonly relations: readonly OsmRelation[];
}

/** A waste-related OSM feature (`amenity=waste_basket|recycling|waste_disposal`). */
export interface OsmWastePoint {
  /** `"node/123"` or `"way/45"`. */
  readonly osmId: string;
  /** Node position, or the centroid (mean) of a way's nodes. */
  readonly lngLat: LngLat;
  readonly amenity: string;
  readonly tags: OsmTags;
}

/** Reads a protobuf varint at `pos`; returns `[value, nextPos]` or null past `end`. */
function readVarint(bytes: Uint8Array, pos: number, end: number): [number, number] | null {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return null;
    const b = bytes[pos++] as number;
    value += (b & 0x7f) * mul;
    if (b < 0x80) return [value, pos];
    mul *= 128;
  }
  return null;
}

/**
 * Walks the PBF blob framing (int32 header length, BlobHeader, Blob) and checks every
 * block lies inside the data. Returns an error detail, or null when the framing is sound.
 * Needed because tiny-osmpbf loops forever on truncated files.
 */
function checkFraming(bytes: Uint8Array): string | null {
  const n = bytes.length;
  if (n === 0) return 'not a valid OSM PBF file (empty file)';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let blobIdx = 0;
  while (pos < n) {
    if (pos + 4 > n) return 'not a valid OSM PBF file (unexpected end of data)';
    const headerLen = view.getInt32(pos, false);
    pos += 4;
    if (headerLen <= 0 || headerLen > 64 * 1024) {
      return `not a valid OSM PBF file (bad block header length ${headerLen})`;
    }
    const headerEnd = pos + headerLen;
    if (headerEnd > n) return 'not a valid OSM PBF file (unexpected end of data)';
    let type = '';
    let dataSize = -1;
    while (pos < headerEnd) {
      const key = readVarint(bytes, pos, headerEnd);
      if (!key) return 'not a valid OSM PBF file (corrupt block header)';
      pos = key[1];
      const field = Math.floor(key[0] / 8);
      const wire = key[0] % 8;
      if (wire === 0) {
        const v = readVarint(bytes, pos, headerEnd);
        if (!v) return 'not a valid OSM PBF file (corrupt block header)';
        pos = v[1];
        if (field === 3) dataSize = v[0];
      } else if (wire === 2) {
        const len = readVarint(bytes, pos, headerEnd);
        if (!len || len[1] + len[0] > headerEnd) {
          return 'not a valid OSM PBF file (corrupt block header)';
        }
        if (field === 1) {
          type = String.fromCharCode(...bytes.subarray(len[1], len[1] + len[0]));
        }
        pos = len[1] + len[0];
      } else {
        return 'not a valid OSM PBF file (corrupt block header)';
      }
    }
    const expected = blobIdx === 0 ? 'OSMHeader' : 'OSMData';
    if (type !== expected) {
      return `not a valid OSM PBF file (block ${blobIdx} has type "${type}", expected "${expected}")`;
    }
    if (dataSize < 0) return 'not a valid OSM PBF file (block without data size)';
    if (pos + dataSize > n) return 'not a valid OSM PBF file (unexpected end of data)';
    pos += dataSize;
    blobIdx++;
  }
  if (blobIdx < 2) return 'not a valid OSM PBF file (no data blocks)';
  return null;
}

/**
 * Parses the bytes of an `.osm.pbf` file into plain {@link OsmData}.
 * Only ids, coordinates, node lists, members and tags are kept (no user/uid metadata).
 *
 * @param bytes the whole file
 * @param sourceName file name used in error messages
 * @throws RoadDataError when the data is truncated, corrupt or not an OSM PBF file;
 *   the message names `sourceName` and the failure.
 */
export function parseOsm(bytes: Uint8Array, sourceName: string): OsmData {
  const framingError = checkFraming(bytes);
  if (framingError !== null) throw new RoadDataError(sourceName, framingError);
  // tiny-osmpbf copies a Uint8Array input for every block; an exact ArrayBuffer avoids it.
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
      ? bytes.buffer
      : bytes.slice().buffer;
  let elements;
  try {
    elements = tinyOsmpbf(buffer).elements;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new RoadDataError(sourceName, `not a valid OSM PBF file (${why})`);
  }
  const nodes: OsmNode[] = [];
  const ways: OsmWay[] = [];
  const relations: OsmRelation[] = [];
  for (const el of elements) {
    if (el.type === 'node') {
      nodes.push({ id: el.id, lon: el.lon, lat: el.lat, tags: el.tags });
    } else if (el.type === 'way') {
      ways.push({ id: el.id, nodes: el.nodes, tags: el.tags });
    } else {
      relations.push({ id: el.id, members: el.members, tags: el.tags });
    }
  }
  return { nodes, ways, relations };
}

const WASTE_AMENITIES = new Set(['waste_basket', 'recycling', 'waste_disposal']);

/**
 * Lists the waste-related features of an extract: nodes and ways tagged
 * `amenity=waste_basket|recycling|waste_disposal`. A way is placed at the mean of its
 * (distinct) node coordinates; ways whose nodes are all outside the extract are skipped.
 */
export function wastePoints(osm: OsmData): OsmWastePoint[] {
  const out: OsmWastePoint[] = [];
  const wasteWays = osm.ways.filter((w) => WASTE_AMENITIES.has(w.tags['amenity'] ?? ''));
  const needed = new Set<number>();
  for (const w of wasteWays) for (const id of w.nodes) needed.add(id);
  const coords = new Map<number, OsmNode>();
  for (const nd of osm.nodes) {
    if (needed.has(nd.id)) coords.set(nd.id, nd);
    const amenity = nd.tags['amenity'];
    if (amenity !== undefined && WASTE_AMENITIES.has(amenity)) {
      out.push({ osmId: `node/${nd.id}`, lngLat: [nd.lon, nd.lat], amenity, tags: { ...nd.tags } });
    }
  }
  for (const w of wasteWays) {
    const ids = new Set(w.nodes);
    let sumLng = 0;
    let sumLat = 0;
    let count = 0;
    for (const id of ids) {
      const nd = coords.get(id);
      if (!nd) continue;
      sumLng += nd.lon;
      sumLat += nd.lat;
      count++;
    }
    if (count === 0) continue;
    out.push({
      osmId: `way/${w.id}`,
      lngLat: [sumLng / count, sumLat / count],
      amenity: w.tags['amenity'] ?? '',
      tags: { ...w.tags },
    });
  }
  return out;
}
