/** The depots, disposal sites and vehicles of one space. */
import type { FleetRepository, SiteRow, VehicleRow } from '../db/repositories/fleet-repository.js';

/** Reads a space's sites and fleet. */
export class InventoryService {
  constructor(private readonly fleet: FleetRepository) {}

  sites(): SiteRow[] {
    return this.fleet.sites();
  }

  vehicles(): VehicleRow[] {
    return this.fleet.vehicles();
  }

  /** Whether the space has vehicle `id`. */
  hasVehicle(id: string): boolean {
    return this.fleet.vehicles().some((v) => v.id === id);
  }
}
