/**
 * Ambient types for `tiny-osmpbf` (ships none): a small synchronous OSM PBF parser that
 * returns the file's elements in Overpass-style OSM JSON.
 */
declare module 'tiny-osmpbf' {
  /** Tags of an element, key to value. */
  export type TinyOsmTags = Record<string, string>;

  /** Optional metadata the parser copies from the file when present. */
  export interface TinyOsmMeta {
    version?: number;
    timestamp?: string;
    changeset?: number;
    uid?: number;
    user?: string;
    visible?: boolean;
  }

  export interface TinyOsmNode extends TinyOsmMeta {
    type: 'node';
    id: number;
    /** WGS84 degrees. */
    lat: number;
    lon: number;
    tags: TinyOsmTags;
  }

  export interface TinyOsmWay extends TinyOsmMeta {
    type: 'way';
    id: number;
    /** Node ids in way order. */
    nodes: number[];
    tags: TinyOsmTags;
  }

  export interface TinyOsmRelation extends TinyOsmMeta {
    type: 'relation';
    id: number;
    members: { type: 'node' | 'way' | 'relation'; ref: number; role: string }[];
    tags: TinyOsmTags;
  }

  export type TinyOsmElement = TinyOsmNode | TinyOsmWay | TinyOsmRelation;

  /**
   * Parses a whole `.osm.pbf` file synchronously.
   * Warning: on a truncated file it may loop forever; validate the blob framing first.
   */
  export default function tinyOsmpbf(input: Uint8Array | ArrayBuffer): {
    elements: TinyOsmElement[];
  };
}
