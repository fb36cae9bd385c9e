/**
 * The customer × product weight matrix the model learns from, read from the store's interactions, and
 * each customer's row of it as a model version stores it for fold-in.
 */
import type { EventWeights } from "../domain/records";
import type { CountWeighting } from "../model/count-weighting";
import { type Csr, csrFromTriples } from "../model/csr";
import { GrowableFloat64, GrowableInt32 } from "../model/growable";
import { recencyFactor } from "../model/recency";
import { type CustomerRowTerms, IdIndex, type InteractionFilter, type Store } from "../store";

export interface WeightMatrix {
  customers: IdIndex;
  products: IdIndex;
  /** customers × products, the summed positive weight of each pair. */
  weights: Csr;
  /** The reference time of recency weighting: the newest interaction included (ms), or null. */
  reference: number | null;
  /** Every pair's sum, of any sign and split for recency; only when asked for (`withPairTerms`). */
  pairTerms?: PairTerms;
}

/**
 * Every customer–product pair's summed weight, also those that net to ≤ 0, in (customer, product)
 * order: `decaying` is the timed part decayed to the reference, `fixed` the part recency leaves alone.
 */
export interface PairTerms {
  customerIds: string[];
  productIds: string[];
  decaying: Float64Array;
  fixed: Float64Array;
}

export interface WeightingOptions {
  eventWeights: EventWeights;
  /** Half-life of recency weighting in days; 0 turns it off. */
  recencyHalfLifeDays: number;
  /** How the summed counts are weighed before confidence (model/count-weighting.ts): as they are unless given. */
  countWeighting?: CountWeighting;
}

export interface WeightMatrixOptions {
  /** Use these indices: pairs of customers or products not in them are left out (to compare weightings on one index). */
  indices?: { customers: IdIndex; products: IdIndex };
  /** Also return every pair's terms (see PairTerms), as a model version stores them for fold-in. */
  withPairTerms?: boolean;
}

/**
 * The customer × product weight matrix over the filtered interactions: each order's weight, decayed by
 * its age before the newest included interaction, summed per pair; pairs that net to ≤ 0 are left out.
 */
export function loadWeightMatrix(
  store: Store,
  weighting: WeightingOptions,
  filter: InteractionFilter,
  options: WeightMatrixOptions = {},
): WeightMatrix {
  const { indices, withPairTerms = false } = options;
  const reference = store.interactions.latestTime(filter);
  const customers = indices?.customers ?? new IdIndex();
  const products = indices?.products ?? new IdIndex();
  const rows = new GrowableInt32();
  const cols = new GrowableInt32();
  const values = new GrowableFloat64();
  const terms = { customerIds: [] as string[], productIds: [] as string[], decaying: new GrowableFloat64(), fixed: new GrowableFloat64() };
  const decays = weighting.recencyHalfLifeDays > 0;
  let currentCustomer = "";
  let currentProduct = "";
  let sum = 0;
  let decayingSum = 0;
  let fixedSum = 0;
  let seen = false;
  const flush = () => {
    if (sum > 0) {
      const u = indices ? customers.indexOf(currentCustomer) : customers.add(currentCustomer);
      const i = indices ? products.indexOf(currentProduct) : products.add(currentProduct);
      if (u !== undefined && i !== undefined) {
        rows.push(u);
        cols.push(i);
        values.push(sum);
      }
    }
    if (withPairTerms && seen) {
      terms.customerIds.push(currentCustomer);
      terms.productIds.push(currentProduct);
      terms.decaying.push(decayingSum);
      terms.fixed.push(fixedSum);
    }
    sum = 0;
    decayingSum = 0;
    fixedSum = 0;
  };
  store.interactions.forEachOrderEvent(weighting.eventWeights, filter, ({ customerId, productId, weight, time }) => {
    if (customerId !== currentCustomer || productId !== currentProduct) {
      flush();
      currentCustomer = customerId;
      currentProduct = productId;
      seen = true;
    }
    const decayed = weight * recencyFactor(time, reference ?? 0, weighting.recencyHalfLifeDays);
    sum += decayed;
    if (decays && time !== null) decayingSum += decayed;
    else fixedSum += weight;
  });
  flush();
  const weights = csrFromTriples(customers.size, products.size, rows.view(), cols.view(), values.view(), 0);
  const pairTerms = withPairTerms
    ? { customerIds: terms.customerIds, productIds: terms.productIds, decaying: terms.decaying.view(), fixed: terms.fixed.view() }
    : undefined;
  return { customers, products, weights, reference, ...(pairTerms && { pairTerms }) };
}

/**
 * Each customer's row as a model version stores it: their pair terms on the trained products, by
 * product index. Pairs with products the model has no vector for are left out, as fold-in leaves them.
 */
export function customerRowTerms(terms: PairTerms, products: IdIndex): CustomerRowTerms[] {
  const out: CustomerRowTerms[] = [];
  const n = terms.customerIds.length;
  for (let start = 0; start < n;) {
    const customerId = terms.customerIds[start];
    let end = start;
    while (end < n && terms.customerIds[end] === customerId) end++;
    const pairs: [number, number][] = [];
    for (let p = start; p < end; p++) {
      const idx = products.indexOf(terms.productIds[p]);
      if (idx !== undefined) pairs.push([idx, p]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    if (pairs.length > 0) {
      const column = (values: Float64Array) => {
        const picked = Float64Array.from(pairs, ([, p]) => values[p]);
        return picked.some((v) => v !== 0) ? picked : null;
      };
      out.push({ customerId, items: Int32Array.from(pairs, ([idx]) => idx), decaying: column(terms.decaying), fixed: column(terms.fixed) });
    }
    start = end;
  }
  return out;
}
