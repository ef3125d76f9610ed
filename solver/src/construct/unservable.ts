import type { Instance } from '../model/instance.js';
import type { UnassignedReason } from '../model/types.js';

/** Why a bin cannot be served by any vehicle even on its own, with a human-readable detail. */
export interface UnservableBin {
  readonly binIdx: number;
  readonly reason: UnassignedReason;
  readonly detail: string;
}

/**
 * Seconds a vehicle needs to serve bin `b` alone: depot → bin → disposal (unload) → depot,
 * including the bin's service time and the disposal service time.
 */
export function soloDurationSec(inst: Instance, b: number): number {
  const n = inst.size;
  const loc = inst.binLoc[b] as number;
  return (
    (inst.dur[inst.depot * n + loc] as number) +
    (inst.binServiceSec[b] as number) +
    (inst.dur[loc * n + inst.disposal] as number) +
    inst.disposalServiceSec +
    (inst.dur[inst.disposal * n + inst.depot] as number)
  );
}

/**
 * Finds the bins no vehicle can serve even alone, checked in this order:
 * `no_compatible_vehicle` (no vehicle carries the stream), `capacity` (demand above every
 * compatible truck in litres or kg), `shift_too_short` (the solo round trip, see
 * {@link soloDurationSec}, exceeds every compatible, large-enough vehicle's shift).
 * Returns them in binIdx order. Pure; O(bins × vehicles).
 */
export function findUnservable(inst: Instance): UnservableBin[] {
  const out: UnservableBin[] = [];
  const { problem } = inst;
  for (let b = 0; b < inst.nBins; b++) {
    const bin = problem.bins[b];
    if (!bin) continue;
    const compatible: number[] = [];
    for (let v = 0; v < inst.nVehicles; v++) if (inst.compat[v * inst.nBins + b] === 1) compatible.push(v);
    if (compatible.length === 0) {
      const carried = [...new Set(problem.vehicles.flatMap((v) => v.streams))].sort().join(', ') || 'nothing';
      out.push({
        binIdx: b,
        reason: 'no_compatible_vehicle',
        detail: `stream "${bin.stream}": none of the ${inst.nVehicles} vehicles carries it (they carry: ${carried})`,
      });
      continue;
    }
    const bigEnough = compatible.filter(
      (v) => (inst.capLitres[v] as number) >= bin.demandLitres && (inst.capKg[v] as number) >= bin.demandKg,
    );
    if (bigEnough.length === 0) {
      const maxL = Math.max(...compatible.map((v) => inst.capLitres[v] as number));
      const maxKg = Math.max(...compatible.map((v) => inst.capKg[v] as number));
      out.push({
        binIdx: b,
        reason: 'capacity',
        detail: `needs ${bin.demandLitres} L and ${bin.demandKg} kg; compatible trucks take at most ${maxL} L and ${maxKg} kg`,
      });
      continue;
    }
    const solo = soloDurationSec(inst, b);
    const longest = Math.max(...bigEnough.map((v) => inst.shiftLenSec[v] as number));
    if (solo > longest) {
      out.push({
        binIdx: b,
        reason: 'shift_too_short',
        detail: `serving it alone (depot → bin → disposal → depot) takes ${solo} s; the longest compatible shift is ${longest} s`,
      });
    }
  }
  return out;
}
