/** What a product's card fields may hold, checked the same way by the API and by importers. */

export const MAX_PRICE = 1e9;
export const MAX_URL = 2048;

/** Why a currency code is not acceptable, or null when it is (ISO 4217: three capital letters). */
export function currencyProblem(value: string): string | null {
  return /^[A-Z]{3}$/.test(value) ? null : `must be an ISO 4217 code of three capital letters, got "${value.slice(0, 20)}"`;
}

/** Why a link is not acceptable, or null when it is (an absolute http or https URL). */
export function urlProblem(value: string): string | null {
  if (value.length > MAX_URL) return `is too long (${value.length} characters; at most ${MAX_URL})`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return `must be an absolute http or https URL, got "${value.slice(0, 100)}"`;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : `must be an http or https URL, got "${parsed.protocol}"`;
}

/** Why a price is not acceptable, or null when it is (a finite number from 0 to MAX_PRICE). */
export function priceProblem(value: number): string | null {
  return Number.isFinite(value) && value >= 0 && value <= MAX_PRICE ? null : `must be from 0 to ${MAX_PRICE}, got ${value}`;
}

/** "true"/"false", "1"/"0", "yes"/"no", "in stock"/"out of stock" (any case) as a boolean; undefined when unreadable. */
export function parseAvailability(text: string): boolean | undefined {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
  if (["true", "1", "yes", "y", "in stock", "available"].includes(t)) return true;
  if (["false", "0", "no", "n", "out of stock", "unavailable", "sold out"].includes(t)) return false;
  return undefined;
}
