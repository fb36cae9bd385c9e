/** Which products a ranking may return: category, price range, excluded ids. */
import { InvalidInputError } from "../domain/errors";
import type { LiveModel } from "./live-model";
import { takeMask } from "./mask-pool";
import { checkOffset } from "./paging";

export interface ProductFilter {
  /** Only these categories (compared without regard to case). */
  categories?: readonly string[] | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  excludeProductIds?: readonly string[] | null;
}

export interface PageOptions {
  filter?: ProductFilter | null;
  /** How many ranked products to skip: page n of size k starts at offset n·k. */
  offset?: number | null;
}

const MAX_LIST = 1000;

/** Checks a filter and paging; throws InvalidInputError with a message naming the field. */
export function checkPage(options: PageOptions): { filter: ProductFilter; offset: number } {
  const filter = options.filter ?? {};
  const offset = checkOffset(options.offset);
  for (const [name, value] of [
    ["minPrice", filter.minPrice],
    ["maxPrice", filter.maxPrice],
  ] as const) {
    if (value != null && !(Number.isFinite(value) && value >= 0)) throw new InvalidInputError(`${name} must be zero or more, got ${value}`);
  }
  if (filter.minPrice != null && filter.maxPrice != null && filter.minPrice > filter.maxPrice) {
    throw new InvalidInputError(`minPrice (${filter.minPrice}) is above maxPrice (${filter.maxPrice})`);
  }
  if (filter.categories && (filter.categories.length === 0 || filter.categories.length > MAX_LIST)) {
    throw new InvalidInputError(`categories must list 1 to ${MAX_LIST} categories`);
  }
  if (filter.excludeProductIds && filter.excludeProductIds.length > MAX_LIST) {
    throw new InvalidInputError(`excludeProductIds lists at most ${MAX_LIST} ids`);
  }
  return { filter, offset };
}

/**
 * A mask over the model's products: 1 where the filter rules a product out, or it is unavailable or
 * archived. Taken from the model's pool (mask-pool.ts): a list done with it may give it back.
 */
export function filterMask(model: LiveModel, filter: ProductFilter): Uint8Array {
  const skip = takeMask(model);
  const categories = filter.categories ? new Set(filter.categories.map((c) => c.trim().toLowerCase())) : null;
  const { minPrice, maxPrice } = filter;
  if (categories || minPrice != null || maxPrice != null) {
    model.productRecords.forEach((p, i) => {
      if (categories && !categories.has((p.category ?? "").toLowerCase())) skip[i] = 1;
      else if (minPrice != null && !(p.price !== null && p.price >= minPrice)) skip[i] = 1;
      else if (maxPrice != null && !(p.price !== null && p.price <= maxPrice)) skip[i] = 1;
    });
  }
  for (const id of filter.excludeProductIds ?? []) {
    const i = model.products.indexOf(id);
    if (i !== undefined) skip[i] = 1;
  }
  return skip;
}
