/**
 * The map's bins and H3 cells: every bin with its latest reading (from `bin_latest`, no scan of
 * the history), today's forecast (the decision set of today: the same forecast the plans use) and
 * its reachability; served as cached, compressed bodies rebuilt when the data change.
 */
import { BodyCache, type CachedBody } from '../http/cached-body.js';
import type { BinsRepository } from '../db/repositories/bins-repository.js';
import type { ReadingsRepository } from '../db/repositories/readings-repository.js';
import { toBinCollection, toCellCollection } from '../presenters/bin-presenter.js';
import type { DecisionService, DecisionSet } from './decision-service.js';
import type { KnownBins } from './known-bins.js';
import { localDateOf } from './local-time.js';
import type { RoadContext } from './road-context.js';

/** A counter bumped whenever readings are written. */
export class DataVersion {
  value = 0;
  bump(): void {
    this.value++;
  }
}

/** Bins and cells for the map (see the file comment). */
export class BinsService {
  private readonly binsBodies = new BodyCache({ coalesce: true });
  private readonly cellsBodies = new BodyCache({ coalesce: true });
  private unreachableVersion = 0;

  constructor(
    private readonly bins: BinsRepository,
    private readonly readings: ReadingsRepository,
    private readonly decisions: DecisionService,
    private readonly road: RoadContext,
    private readonly data: DataVersion,
    private readonly known: KnownBins,
    private readonly now: () => Date,
    private readonly timeZone: string,
  ) {}

  /** Whether a bin exists. */
  has(binId: string): boolean {
    return this.known.has(binId);
  }

  /** Records bins a plan found cut off from the depot, with the reason (shown on the map). */
  noteUnreachable(list: readonly (readonly [string, string])[]): void {
    let changed = false;
    for (const [binId, reason] of list) {
      if (this.road.unreachable.get(binId) !== reason) {
        this.road.unreachable.set(binId, reason);
        changed = true;
      }
    }
    if (changed) this.unreachableVersion++;
  }

  /** Today's decision set (the latest one, refreshed in the background after new readings). */
  private async today(): Promise<DecisionSet> {
    return this.decisions.decide(localDateOf(this.now(), this.timeZone), undefined, undefined, 'snapshot');
  }

  /** `GET /api/bins` body: each bin's forecast is its expected fill in today's decision set. */
  async map(): Promise<CachedBody> {
    const set = await this.today();
    const key = `${this.data.value}:${set.date}:${set.version}:${this.unreachableVersion}`;
    return this.binsBodies.get(key, () => toBinCollection(this.bins.all(), this.readings.latest(), forecastOf(set), this.road.binSnaps, this.road.unreachable));
  }

  /** `GET /api/cells` body: the bins per H3 cell with mean latest fill and mean forecast. */
  async cells(): Promise<CachedBody> {
    const set = await this.today();
    return this.cellsBodies.get(`${this.data.value}:${set.date}:${set.version}`, () => toCellCollection(this.bins.all(), this.readings.latest(), forecastOf(set)));
  }
}

/** Each bin's expected fill in a decision set (null without readings). */
function forecastOf(set: DecisionSet): Map<string, number | null> {
  return new Map(set.decisions.map((d) => [d.binId, d.expectedAtPlanPercent]));
}
