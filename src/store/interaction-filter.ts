/** Which interactions a read takes: up to an id, before a time, before the customer's own last purchase. */
import { IS_PURCHASE } from "./sql";

export interface InteractionFilter {
  upToId?: number;
  /** Only interactions strictly before this time (ms). */
  before?: number;
  /** Only interactions strictly before the customer's own last purchase. */
  beforeOwnLastPurchase?: boolean;
}

/** One order's (or, without order ids, one row's) contribution to a customer–product pair. */
/** Both filters at once. */
export function intersectFilters(a: InteractionFilter, b: InteractionFilter): InteractionFilter {
  const min = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  const out: InteractionFilter = {};
  const upToId = min(a.upToId, b.upToId);
  const before = min(a.before, b.before);
  if (upToId !== undefined) out.upToId = upToId;
  if (before !== undefined) out.before = before;
  if (a.beforeOwnLastPurchase || b.beforeOwnLastPurchase) out.beforeOwnLastPurchase = true;
  return out;
}

/** The filter as SQL over alias `i`; parameters are named with `prefix` so two filters can share a query. */
export function filterSql(filter: InteractionFilter, prefix = ""): string {
  const parts = ["1"];
  if (filter.upToId !== undefined) parts.push(`i.id <= @${prefix}upToId`);
  if (filter.before !== undefined) parts.push(`i.occurred_at < @${prefix}before`);
  if (filter.beforeOwnLastPurchase) {
    parts.push(`i.occurred_at < (SELECT MAX(j.occurred_at) FROM interactions j
      WHERE j.customer_id = i.customer_id AND ${IS_PURCHASE.replaceAll("i.", "j.")})`);
  }
  return `(${parts.join(" AND ")})`;
}

export function filterParams(filter: InteractionFilter, prefix = ""): Record<string, number> {
  const params: Record<string, number> = {};
  if (filter.upToId !== undefined) params[`${prefix}upToId`] = filter.upToId;
  if (filter.before !== undefined) params[`${prefix}before`] = filter.before;
  return params;
}
