/** What the API accepts as a placement or a recommendation id, and how long served lists are kept by default. */
import { InvalidInputError } from "./errors";

/** Days a served list is kept unless the server is told otherwise (ATTRIBUTION_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_PLACEMENT = "default";
const MAX_LABEL = 64;

/** A placement or recommendation id as given: trimmed, 1 to 64 characters. */
export function checkLabel(value: string, what: string): string {
  const label = value.trim();
  if (label === "" || label.length > MAX_LABEL) throw new InvalidInputError(`${what} must be 1 to ${MAX_LABEL} characters`);
  return label;
}
