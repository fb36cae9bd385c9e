/**
 * One paging convention for every ranked list: a size `k`, an `offset` into the ranking, and whether
 * the list goes on after the page. A service ranks one item more than the page needs to tell.
 */
import { InvalidInputError } from "../domain/errors";

/** The furthest into a ranked list of products a page may start. */
export const MAX_OFFSET = 1000;

/** A page of a ranked list. */
export interface Page<T> {
  items: T[];
  /** Ranked items skipped before this page. */
  offset: number;
  /** The page size asked for; `items` is shorter only on the last page. */
  k: number;
  /** Whether another page follows (one that `offset + k` may still ask for). */
  hasMore: boolean;
}

/** Checks an offset; throws InvalidInputError naming the field. */
export function checkOffset(offset: number | null | undefined, max = MAX_OFFSET): number {
  const value = offset ?? 0;
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new InvalidInputError(`offset must be an integer from 0 to ${max}, got ${value}`);
  return value;
}

/**
 * The page from `window`, the ranked items from `offset` on (up to k + 1 of them: the one past the
 * page says whether there is more). A next page that would start past `maxOffset` is not offered.
 */
export function pageOf<T>(window: readonly T[], offset: number, k: number, maxOffset = MAX_OFFSET): Page<T> {
  return { items: window.slice(0, k), offset, k, hasMore: window.length > k && offset + k <= maxOffset };
}
