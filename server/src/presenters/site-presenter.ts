/** Site rows → `SiteDto`. */
import type { SiteDto } from '../../contract/index.js';
import type { SiteRow } from '../db/repositories/fleet-repository.js';

/** A site row as the API shows it (`lngLat` pair). */
export function toSiteDto(s: SiteRow): SiteDto {
  return { id: s.id, kind: s.kind, name: s.name, lngLat: [s.lng, s.lat] };
}
