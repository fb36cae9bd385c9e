/** One customer's RFM row in a model version, scored from their purchases as the version scores them. */
import { dayAfter, rfmFigures, scoreCustomer } from "../model/rfm";
import type { RfmRow, Store, StoredModel } from "../store";

/**
 * The customer's RFM row from all their purchases in the store (those within bounds), against the
 * thresholds and the reference date the version was trained with, so every customer is measured on
 * the same day: a purchase on or after the reference date counts as recency 0. A version without a
 * reference date (trained on no dated purchase) measures against the day after `purchasedAt`, by
 * default their last purchase. Null when the version has no thresholds or the customer no dated purchase.
 */
export function scoreCustomerRfm(store: Store, stored: StoredModel, customerId: string, purchasedAt?: number): RfmRow | null {
  const thresholds = stored.stats.rfmThresholds;
  const [summary] = store.interactions.purchaseSummaries(Number.MAX_SAFE_INTEGER, customerId);
  if (!thresholds || !summary) return null;
  const reference = stored.referenceDate ?? dayAfter(purchasedAt ?? summary.lastPurchase);
  return { customerId, ...scoreCustomer(rfmFigures(summary, reference), thresholds) };
}

/**
 * A version's stored RFM row as it is served. A version served before interactions were bounded may
 * hold a row with an infinite spend (a live purchase at a price of 1e308): such a row is scored again
 * from the customer's purchases, which leave the interaction out of bounds out (null when it cannot
 * be). Every other row is served as stored.
 */
export function servedRfm(store: Store, stored: StoredModel, row: RfmRow): RfmRow | null {
  const finite = Number.isFinite(row.monetary) && Number.isFinite(row.recencyDays) && Number.isFinite(row.frequency);
  return finite ? row : scoreCustomerRfm(store, stored, row.customerId);
}

/** A version's stored RFM rows as they are served (see servedRfm). */
export function servedRfmRows(store: Store, stored: StoredModel, rows: readonly RfmRow[]): RfmRow[] {
  const served: RfmRow[] = [];
  for (const row of rows) {
    const fixed = servedRfm(store, stored, row);
    if (fixed) served.push(fixed);
  }
  return served;
}
