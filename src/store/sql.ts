/**
 * The SQL that defines the shop's words, in one place. Each fragment reads an `interactions` row under
 * the alias `i`.
 */
import { MAX_QUANTITY, MAX_WEIGHT } from "../domain/interaction-bounds";
import { MAX_PRICE } from "../domain/product-fields";
import { DAY_MS } from "../domain/time";

/**
 * A row whose quantity, unit price and weight keep the bounds of domain/interaction-bounds.ts. Every
 * row written since they are checked does; a file may still hold one written before (a price or a
 * weight of 1e308 made every sum it entered infinite). Every aggregate leaves such rows out, as if
 * never recorded.
 */
export const IN_BOUNDS = `(ABS(i.quantity) <= ${MAX_QUANTITY} AND (i.unit_price IS NULL OR i.unit_price BETWEEN 0 AND ${MAX_PRICE})
  AND (i.weight IS NULL OR i.weight BETWEEN 0 AND ${MAX_WEIGHT}))`;

/** The list price of product `p` where a line has no unit price of its own: NULL when out of bounds (stored before they were checked). */
export const LIST_PRICE = `(CASE WHEN p.price BETWEEN 0 AND ${MAX_PRICE} THEN p.price END)`;

/** A purchase: a purchase row with a positive quantity (a cancellation or return has a negative one), within bounds. */
export const IS_PURCHASE = `(i.type = 'purchase' AND i.quantity > 0 AND ${IN_BOUNDS})`;

/** An order: the invoice, or, where the data has none, one customer's purchases on one (UTC) day. */
export const ORDER_KEY = `COALESCE('o:' || i.basket_id, 'c:' || i.customer_id || ':' || CAST(i.occurred_at / ${DAY_MS} AS INTEGER))`;

/**
 * The lines that make one event of a customer–product pair, for the weights the model learns from: an
 * order's lines of one type count once, however many hold the product; without an order id, each row
 * is an event of its own (a view, a cart add, a purchase).
 */
export const EVENT_KEY = `COALESCE(i.basket_id, '#' || i.id)`;

/**
 * What serving adds on top of a model version's trained rows: the interactions recorded live through
 * the API after its data cut (@cut, the version's lastInteractionId). Imported rows never are, whatever
 * their id: an import reaches a model only through the training that follows it, so rows an import
 * added or changed after a version was trained (its training still running, or killed) are not folded
 * in on top of trained rows that may already hold them (see import.repository.ts).
 */
export const AFTER_CUT = `(i.origin = 'live' AND i.id > @cut)`;
