/**
 * The bounds a stored interaction keeps, checked the same way by the API and by every importer: a
 * quantity is a whole number from 1 to MAX_QUANTITY (or its negative, where a format stores
 * cancellations and returns), a unit price is a list price's range (priceProblem in product-fields.ts:
 * 0 to MAX_PRICE), an explicit weight (the events format's) is from 0 to MAX_WEIGHT, and a time lies
 * between the earliest date accepted and MAX_FUTURE_MS from now. Within them a line's amount is at most
 * 10^15, so no sum of them overflows.
 */
import { DAY_MS } from "./time";

/** The largest quantity of one interaction. */
export const MAX_QUANTITY = 1_000_000;

/** The largest explicit weight of one interaction (a weight of 1e308 made the model's confidences infinite). */
export const MAX_WEIGHT = 1_000_000;

/** How far in the future an interaction's time may lie (clock skew between the shop and the service). */
export const MAX_FUTURE_MS = DAY_MS;

/** The earliest interaction time accepted unless configured otherwise: 1990-01-01 UTC. */
export const DEFAULT_EARLIEST_DATE = Date.UTC(1990, 0, 1);

/** A day written YYYY-MM-DD, as ms since the epoch (UTC midnight); null if it is not one. */
export function parseDay(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const time = Date.UTC(year, month - 1, day);
  const back = new Date(time);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? time : null;
}

export interface BoundsOptions {
  /** The earliest interaction time accepted (ms since the epoch, UTC); DEFAULT_EARLIEST_DATE by default. */
  earliestDate?: number;
}

/**
 * The rule a quantity breaks, or null when it keeps it: a whole number from 1 to MAX_QUANTITY, and with
 * `signed` its negative too (a cancellation or return). The text is the same for every value, so
 * importers can count rows by it; the API adds the value.
 */
export function quantityProblem(value: number, signed = false): string | null {
  const size = Math.abs(value);
  if (Number.isInteger(value) && size >= 1 && size <= MAX_QUANTITY && (signed || value > 0)) return null;
  return `must be a whole number from 1 to ${MAX_QUANTITY}${signed ? " (negative for a cancellation or return)" : ""}`;
}

/** The rule an explicit weight breaks, or null when it keeps it: a number from 0 to MAX_WEIGHT. */
export function weightProblem(value: number): string | null {
  return value >= 0 && value <= MAX_WEIGHT ? null : `must be a number from 0 to ${MAX_WEIGHT}`;
}

/**
 * The rule a time (ms since the epoch) breaks, or null when it keeps it: not before the earliest date
 * accepted, not more than MAX_FUTURE_MS after `now`. Like quantityProblem, without the value.
 */
export function timeProblem(time: number, options: BoundsOptions = {}, now = Date.now()): string | null {
  const earliest = options.earliestDate ?? DEFAULT_EARLIEST_DATE;
  if (!Number.isFinite(time)) return "must be a valid time";
  if (time < earliest)
    return `must not be before ${new Date(earliest).toISOString().replace("T00:00:00.000Z", "")}, the earliest date accepted`;
  if (time > now + MAX_FUTURE_MS) return `must not be more than ${MAX_FUTURE_MS / 3_600_000} hours in the future`;
  return null;
}
