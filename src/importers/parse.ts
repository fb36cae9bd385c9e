/** Field parsers shared by the importers. Each returns undefined for a value it cannot read. */

/** A finite number; "" → null. Accepts a decimal comma ("4,5"). */
export function parseNumber(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  const normalised = /^-?\d+,\d+$/.test(t) ? t.replace(",", ".") : t;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

/** An id: trimmed, and a float-formatted integer ("17850.0") written as the integer ("17850"). */
export function parseId(text: string): string {
  const t = text.trim();
  return /^\d+\.0+$/.test(t) ? t.replace(/\.0+$/, "") : t;
}

const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

/**
 * A point in time as ms since the epoch, UTC; "" → null. Accepts ISO dates and date-times (no zone
 * means UTC), US-style "M/D/YYYY H:MM[:SS]", and Unix times in seconds or milliseconds.
 */
export function parseTimestamp(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return null;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    ms = n < 1e11 ? n * 1000 : n;
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    ms = Date.parse(`${t}T00:00:00Z`);
  } else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) {
    ms = Date.parse(`${t.replace(" ", "T")}Z`);
  } else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    ms = Date.parse(t.replace(" ", "T"));
  } else {
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
    if (!us) return undefined;
    const [, mo, d, y, h = "0", mi = "0", s = "0"] = us;
    if (Number(mo) > 12 || Number(d) > 31) return undefined;
    ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  }
  if (!Number.isFinite(ms) || ms < MIN_TIME || ms > MAX_TIME) return undefined;
  return Math.round(ms);
}
