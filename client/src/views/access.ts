/**
 * What the signed-in person's screens show, from the permissions of their session (the server
 * checks every request again; this only hides what the role may not do).
 */
import type { Permission, SessionDto } from '../../../server/contract/index.js';

/** The screen a session opens on. */
export type Screen = 'dashboard' | 'driver';

/** The controls a session gets. */
export interface Capabilities {
  /** The map of bins and the plans (read). */
  viewPlans: boolean;
  /** "Compute rounds" (plans:write). */
  computePlans: boolean;
  /** The readings CSV import (readings:write). */
  uploadReadings: boolean;
  /** The Inventory section: bins, sites and vehicles edited and imported (inventory:write). */
  editInventory: boolean;
  /** The analyst's desk: history charts, exports, open data (history:read). */
  readHistory: boolean;
  /** Publish the space's open data (opendata:publish). */
  publishOpenData: boolean;
  /** The Reports section: residents' reports from the public map, accepted or rejected (reports:moderate). */
  moderateReports: boolean;
  /** The Administration section: members, tokens, audit trail. */
  administer: boolean;
  manageMembers: boolean;
  manageTokens: boolean;
  readAudit: boolean;
}

/** The controls of a set of permissions. */
export function capabilitiesOf(permissions: readonly Permission[]): Capabilities {
  const has = (p: Permission): boolean => permissions.includes(p);
  const manageMembers = has('users:admin');
  const manageTokens = has('tokens:admin');
  const readAudit = has('audit:read');
  return {
    viewPlans: has('plans:read') && has('bins:read'),
    computePlans: has('plans:write'),
    uploadReadings: has('readings:write'),
    editInventory: has('inventory:write'),
    readHistory: has('history:read'),
    publishOpenData: has('opendata:publish'),
    moderateReports: has('reports:moderate'),
    administer: manageMembers || manageTokens || readAudit,
    manageMembers,
    manageTokens,
    readAudit,
  };
}

/** The section a session opens on: the analyst's desk for a reader who plans nothing (an analyst), else the map. */
export function landingViewOf(permissions: readonly Permission[]): 'map' | 'desk' {
  const can = capabilitiesOf(permissions);
  return can.readHistory && !can.computePlans ? 'desk' : 'map';
}

/**
 * The dashboard for whoever may read bins and plans; the driver's page otherwise (a driver's
 * round screen is issue #15).
 */
export function screenOf(session: Pick<SessionDto, 'permissions'>): Screen {
  return capabilitiesOf(session.permissions).viewPlans ? 'dashboard' : 'driver';
}
