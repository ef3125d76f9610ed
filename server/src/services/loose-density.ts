/**
 * Loose bulk density of each waste stream in a street container, kilograms per litre.
 * Used to turn a forecast volume into a mass for the trucks' payload limit.
 *
 * Values from the domain primer (typical French kerbside figures, uncompacted):
 * residual (OMR) 0.12, packaging (emballages légers) 0.025, glass 0.30, paper/cardboard 0.20,
 * biowaste 0.40 kg/L.
 */
import type { Stream } from '../solver.js';

export const LOOSE_DENSITY_KG_PER_L: Readonly<Record<Stream, number>> = {
  residual: 0.12,
  packaging: 0.025,
  glass: 0.3,
  paper: 0.2,
  biowaste: 0.4,
};

/** Demand of a bin from its forecast: litres = round(min(fill, 100) % × capacity), kg = round(litres × density). */
export function demandOf(stream: Stream, capacityLitres: number, forecastFillPercent: number): { litres: number; kg: number } {
  const litres = Math.round((Math.min(100, Math.max(0, forecastFillPercent)) / 100) * capacityLitres);
  return { litres, kg: Math.round(litres * LOOSE_DENSITY_KG_PER_L[stream]) };
}
