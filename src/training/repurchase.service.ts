/**
 * Buy again's training: each product's repurchase figures over its buyers, and the shop's mean days
 * between a customer's order days, from the purchases a filter passes (a model version's, or the
 * training side of an evaluation's split).
 */
import { countBuyer, emptyCounts, orderDaysOf, type RepurchaseCounts, shopOrderGap } from "../model/buy-again";
import type { Store } from "../store";
import type { InteractionFilter } from "../store/interaction-filter";
import type { PairHistory, ProductRepurchase } from "../store/repurchase.repository";

export interface RepurchaseFigures {
  products: ProductRepurchase[];
  /** The shop's mean days between one customer's purchase days (the prior of each customer's next-order window). */
  orderGapDays: number;
  /** Customer–product pairs bought, and those with a purchase time. */
  pairs: number;
  datedPairs: number;
}

export function countRepurchases(store: Store, filter: InteractionFilter): RepurchaseFigures {
  const counts = new Map<string, RepurchaseCounts>();
  let spanSum = 0;
  let gapCount = 0;
  let pairs = 0;
  let datedPairs = 0;
  let customer: string | null = null;
  let own: PairHistory[] = [];
  const endCustomer = () => {
    const days = orderDaysOf(own);
    if (days !== null && days.count > 1) {
      spanSum += days.last - days.first;
      gapCount += days.count - 1;
    }
    own = [];
  };
  store.repurchase.forEachHistory(filter, (h) => {
    if (h.customerId !== customer) {
      endCustomer();
      customer = h.customerId;
    }
    pairs++;
    if (h.days.length > 0) datedPairs++;
    own.push(h);
    let c = counts.get(h.productId);
    if (!c) counts.set(h.productId, (c = emptyCounts()));
    countBuyer(c, h);
  });
  endCustomer();
  return {
    products: [...counts].map(([productId, c]) => ({ productId, counts: c })),
    orderGapDays: shopOrderGap(spanSum, gapCount),
    pairs,
    datedPairs,
  };
}
