/**
 * Masks over a served model's products (a byte a product), reused from list to list. At a million
 * products a fresh mask is a megabyte a list, and V8 collects garbage for that external memory every
 * few dozen lists: scavenges "for external memory pressure" every 15 ms or so, and mark-compacts of
 * 14 ms in the request path (node --trace-gc on npm run bench:scale's 1M-product version). A mask
 * taken starts as the model's blocked products; one given back must not be read or written again.
 */
import type { LiveModel } from "./live-model";

/** Masks kept per model: a list takes one or two (its own, and a buy-again mix's). */
const KEPT = 4;

const pools = new WeakMap<LiveModel, Uint8Array[]>();

/** A mask over the model's products with its blocked ones (unavailable, archived) set. */
export function takeMask(model: LiveModel): Uint8Array {
  const mask = pools.get(model)?.pop();
  if (!mask) return model.blocked.slice();
  mask.set(model.blocked);
  return mask;
}

/** Gives back a mask taken for this model, once nothing reads it any more. */
export function giveMask(model: LiveModel, mask: Uint8Array): void {
  let free = pools.get(model);
  if (!free) pools.set(model, (free = []));
  if (mask.length === model.blocked.length && free.length < KEPT && !free.includes(mask)) free.push(mask);
}
