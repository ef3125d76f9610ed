/**
 * Thrown when road data cannot be read (truncated or corrupt OSM PBF, wrong file type).
 * The message always starts with the source name, e.g.
 * `monaco.osm.pbf: not a valid OSM PBF file (unexpected end of data)`.
 */
export class RoadDataError extends Error {
  /** Name of the file or source the bad data came from, as given by the caller. */
  readonly sourceName: string;

  /**
   * @param sourceName file or source name shown to the user
   * @param detail what went wrong, without the source name
   */
  constructor(sourceName: string, detail: string) {
    super(`${sourceName}: ${detail}`);
    this.name = 'RoadDataError';
    this.sourceName = sourceName;
  }
}
