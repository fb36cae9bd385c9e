/** One customer's row of the model's problem: their products (model indices) and interaction weights. */
import { recencyFactor } from "../model/recency";
import type { Store } from "../store";
import type { LiveModel } from "./live-model";

export interface CustomerRow {
  /** Model product indices, possibly repeated (fold-in sums the weights of a repeated item). */
  items: number[];
  weights: number[];
}

/**
 * All of the customer's interactions, weighted as in training; recency counts back from the later of
 * the model's data end and their newest event. Products with no vector at all (not trained on, and
 * without a category to borrow one from) are left out.
 *
 * A model version stores each customer's row as of its data cut, so this reads that one row plus the
 * interactions recorded through the API after the cut, not the customer's whole history (imported rows
 * reach a model through training only: see AFTER_CUT in store/sql.ts). With recency weighting the
 * stored timed part was decayed to the model's data end; moving the reference to R decays every such
 * weight by the same 2^(−(R − data end)/half-life), so the result is the same as weighting the whole
 * history afresh. Versions trained before rows were stored read the whole history.
 */
export function customerRow(store: Store, model: LiveModel, customerId: string): CustomerRow {
  const stored = model.stored.hasCustomerRows ? store.models.customerRow(model.id, customerId) : undefined;
  const cut = model.stored.hasCustomerRows ? model.stored.lastInteractionId : undefined;
  const events = store.interactions.customerEvents(customerId, model.params.eventWeights, cut);
  const halfLife = model.params.recencyHalfLifeDays;
  let reference = model.dataEnd ?? 0;
  for (const e of events) if (e.time !== null && e.time > reference) reference = e.time;
  const items: number[] = [];
  const weights: number[] = [];
  if (stored) {
    const { decaying, fixed } = stored;
    const decay = decaying && model.dataEnd !== null ? recencyFactor(model.dataEnd, reference, halfLife) : 0;
    stored.items.forEach((idx, p) => {
      items.push(idx);
      weights.push((decaying ? decaying[p] * decay : 0) + (fixed ? fixed[p] : 0));
    });
  }
  for (const { productId, weight, time } of events) {
    const idx = model.products.indexOf(productId);
    if (idx === undefined || !model.foldable(idx)) continue; // no vector at all: not part of the row problem
    items.push(idx);
    weights.push(weight * recencyFactor(time, reference, halfLife));
  }
  return { items, weights };
}
