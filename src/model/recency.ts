/**
 * Recency weighting: an interaction's weight halves every `halfLifeDays` before the reference time,
 *   w' = w · 2^(−age / halfLife),
 * so recent orders say more about the next ones. Interactions without a time, and a half-life of 0
 * (off), keep their full weight.
 */
import { DAY_MS } from "../domain/time";

export function recencyFactor(time: number | null, reference: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0) || time === null) return 1;
  const ageDays = Math.max(0, (reference - time) / DAY_MS);
  return 2 ** (-ageDays / halfLifeDays);
}
