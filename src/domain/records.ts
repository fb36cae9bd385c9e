/** Plain records shared by importers, storage and services. No behaviour, no dependencies. */

export type InteractionKind = "view" | "cart" | "purchase";
export const INTERACTION_KINDS: readonly InteractionKind[] = ["view", "cart", "purchase"];

export interface CustomerRecord {
  id: string;
  pageViews?: number | null;
  timeSpent?: number | null;
  country?: string | null;
}

/** Free-form product attributes: a flat JSON object. */
export type ProductAttributes = Record<string, string | number | boolean | null>;

export interface ProductRecord {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  rating: number | null;
  /** ISO 4217 code of `price`, where known. */
  currency?: string | null;
  imageUrl?: string | null;
  /** The product's page in the shop. */
  url?: string | null;
  /** In stock: products that are not are never recommended until they are again (true unless told otherwise). */
  available?: boolean;
  /** Withdrawn from sale: never recommended, its history kept. */
  archived?: boolean;
  attributes?: ProductAttributes | null;
}

/**
 * A change to one product through the API: the fields given are set, the others kept (a new product
 * needs a name). Null clears a field that may be empty.
 */
export interface ProductChange {
  id: string;
  name?: string | null;
  category?: string | null;
  price?: number | null;
  currency?: string | null;
  imageUrl?: string | null;
  url?: string | null;
  available?: boolean | null;
  archived?: boolean | null;
  attributes?: ProductAttributes | null;
}

export interface InteractionRecord {
  customerId: string;
  productId: string;
  type: InteractionKind;
  /** Negative for a cancellation or return, which reverses an earlier purchase. */
  quantity: number;
  unitPrice: number | null;
  /** Milliseconds since the Unix epoch, UTC; null when the source has no time. */
  occurredAt: number | null;
  /** Invoice or order id, where the source has one. */
  basketId: string | null;
  /** An explicit weight from the source; null means the event type's default weight. */
  weight: number | null;
}

/** An order line whose customer is unknown: used for basket analysis only. */
export interface AnonymousLine {
  basketId: string;
  productId: string;
  quantity: number;
  unitPrice: number | null;
  occurredAt: number | null;
}

/**
 * How much one order says about a customer's taste, before the confidence scaling c = 1 + α·w:
 * w = weight of its type × q^quantityExponent for its net quantity q (negative for cancellations).
 * With the exponent at 0 quantity does not count: each order counts once.
 */
export interface EventWeights {
  view: number;
  cart: number;
  purchase: number;
  quantityExponent: number;
}

export const DEFAULT_EVENT_WEIGHTS: EventWeights = { view: 0.1, cart: 0.5, purchase: 1, quantityExponent: 0 };
