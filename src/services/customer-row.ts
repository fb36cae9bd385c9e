/** One customer's row of the model's problem: their products (model indices) and interaction weights. */
import { recencyFactor } from "../model/recency";
import type { Store } from "../store";
import type { LiveModel } from "./live-model";

/**
 * All of the customer's interactions, weighted as in training; recency counts back from the later of
 * the model's data end and their newest event. Products the model was not trained on are left out.
 */
export function customerRow(store: Store, model: LiveModel, customerId: string): { items: number[]; weights: number[] } {
  const events = store.interactions.customerEvents(customerId, model.params.eventWeights);
  let reference = model.dataEnd ?? 0;
  for (const e of events) if (e.time !== null && e.time > reference) reference = e.time;
  const items: number[] = [];
  const weights: number[] = [];
  for (const { productId, weight, time } of events) {
    const idx = model.products.indexOf(productId);
    if (idx === undefined || idx >= model.trainedCount) continue; // no trained vector: not part of the row problem
    items.push(idx);
    weights.push(weight * recencyFactor(time, reference, model.params.recencyHalfLifeDays));
  }
  return { items, weights };
}
