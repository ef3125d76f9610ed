/**
 * The citizens' map of one space (issue #16): its drop-off points (points d'apport volontaire: the
 * {@link DROP_OFF_CONTAINERS} containers) with their stream, a coarse status from today's forecast
 * (the decision set of today: the same forecast as the dashboard and the plans), a name and an
 * address (the nearest named street of the road graph, and the commune). Nothing else leaves: no
 * fill percent, no reading time, no fleet, no plan.
 */
import { DROP_OFF_CONTAINERS, FULL_PERCENT, NEARLY_FULL_PERCENT, type PointStatus, type PublicPoints } from '../../contract/citizens.js';
import type { BinRow, BinsRepository } from '../db/repositories/bins-repository.js';
import type { SpaceRow } from '../db/repositories/spaces-repository.js';
import { BodyCache, type CachedBody } from '../http/cached-body.js';
import type { DataVersion } from './bins-service.js';
import type { DecisionService, ForecastDecision } from './decision-service.js';
import { localDateOf } from './local-time.js';
import type { RoadContext } from './road-context.js';
import { nearestStreetName } from './street-names.js';

const STREAM_NAMES: Readonly<Record<BinRow['stream'], string>> = {
  residual: 'd’ordures ménagères',
  packaging: 'à emballages',
  glass: 'à verre',
  paper: 'à papiers',
  biowaste: 'à biodéchets',
};

/** Whether a bin is a drop-off point (a container residents bring their waste to). */
export function isDropOff(bin: Pick<BinRow, 'container'>): boolean {
  return (DROP_OFF_CONTAINERS as readonly string[]).includes(bin.container);
}

/** What a point is, in French: `Colonne à verre`, `Conteneur enterré d’ordures ménagères`. */
export function pointName(bin: Pick<BinRow, 'container' | 'stream'>): string {
  return `${bin.container === 'pav_underground' ? 'Conteneur enterré' : 'Colonne'} ${STREAM_NAMES[bin.stream]}`;
}

/**
 * The coarse status of a point from its decision of today: `full` from {@link FULL_PERCENT} of
 * expected fill or when a report says it overflows and it has not been collected since, else
 * `nearly_full` from {@link NEARLY_FULL_PERCENT}, else `room` (also without a forecast).
 */
export function pointStatus(d: Pick<ForecastDecision, 'expectedAtPlanPercent' | 'reasonCode'> | undefined): PointStatus {
  if (!d) return 'room';
  if (d.reasonCode === 'driver_report_overflowing') return 'full';
  const p = d.expectedAtPlanPercent;
  if (p === null || p < NEARLY_FULL_PERCENT) return 'room';
  return p < FULL_PERCENT ? 'nearly_full' : 'full';
}

/** See the file comment. */
export class PublicMapService {
  private readonly bodies = new BodyCache({ coalesce: true });

  constructor(
    private readonly space: SpaceRow,
    private readonly bins: BinsRepository,
    private readonly decisions: DecisionService,
    private readonly road: RoadContext,
    private readonly data: DataVersion,
    private readonly now: () => Date,
  ) {}

  /** The space's drop-off points (active bins only). */
  points(): BinRow[] {
    return this.bins.all().filter(isDropOff);
  }

  /** Whether `binId` is a drop-off point of the space. */
  isPoint(binId: string): boolean {
    return this.points().some((b) => b.id === binId);
  }

  /** The French name and address of each point, by id. */
  labels(): Map<string, { name: string; address: string }> {
    const commune = this.space.communes.length === 1 ? this.space.communes[0]! : this.space.name;
    return new Map(
      this.points().map((b) => {
        const street = nearestStreetName(this.road.net, this.road.binSnaps.get(b.id));
        return [b.id, { name: pointName(b), address: street ? `${street}, ${commune}` : commune }];
      }),
    );
  }

  /** `GET /api/public/:space/points` body, cached per forecast and inventory version. */
  async pointsBody(): Promise<CachedBody> {
    const set = await this.decisions.decide(localDateOf(this.now(), this.space.timeZone), undefined, undefined, 'snapshot');
    return this.bodies.get(`${set.date}|${set.version}|${this.data.value}`, (): PublicPoints => {
      const byBin = new Map(set.decisions.map((d) => [d.binId, d]));
      const labels = this.labels();
      return {
        type: 'FeatureCollection',
        features: this.points().map((b) => ({
          type: 'Feature' as const,
          geometry: { type: 'Point' as const, coordinates: [b.lng, b.lat] as [number, number] },
          properties: { id: b.id, stream: b.stream, status: pointStatus(byBin.get(b.id)), name: labels.get(b.id)!.name, address: labels.get(b.id)!.address },
        })),
      };
    });
  }
}
