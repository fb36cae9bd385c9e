/** The interaction log: imported history plus what the API records live. */
import type { EventWeights, InteractionRecord } from "../domain/records";
import type { Db } from "./database";
import { filterParams, filterSql, type InteractionFilter } from "./interaction-filter";
import { AFTER_CUT, EVENT_KEY, IN_BOUNDS, IS_PURCHASE, LIST_PRICE, ORDER_KEY } from "./sql";

export type InteractionOrigin = "import" | "live";

export interface StoredInteraction extends InteractionRecord {
  id: number;
}

/** Per-customer purchase figures behind RFM. */
export interface PurchaseSummary {
  customerId: string;
  /** Last purchase time, ms since epoch. */
  lastPurchase: number;
  /** Distinct orders: invoices, or purchase days where there is no invoice id. */
  orders: number;
  /** Σ quantity × unit price; cancellations count negative. */
  spend: number;
}

/**
 * Which interactions to aggregate: by id (what a model version was trained on), by time (a temporal
 * split), or all but each customer's last purchase (leave-last-basket-out). Rows without a time are
 * left out by the time filters.
 */
export interface OrderEvent {
  customerId: string;
  productId: string;
  /** The event type's weight, negative for a cancellation or return. */
  weight: number;
  /** ms since epoch; null when the row has no time. */
  time: number | null;
}

/**
 * One order's contribution to a pair, in SQL: each basket (invoice) counts once, however many lines
 * hold the product, with the event type's weight (or the explicit weight) times |net quantity| to the
 * quantity exponent, negative when the net quantity is negative (a cancellation or return). Rows
 * without a basket count one by one. Rows out of bounds (see IN_BOUNDS) count for nothing.
 */
const BASKET_EVENTS_SQL = `
  SELECT customer_id, product_id,
         MAX(COALESCE(weight, CASE type WHEN 'view' THEN @view WHEN 'cart' THEN @cart ELSE @purchase END))
           * (CASE WHEN SUM(quantity) < 0 THEN -1 WHEN SUM(quantity) > 0 THEN 1 ELSE 0 END)
           * pow(ABS(SUM(quantity)), @quantityExponent) AS w,
         MAX(occurred_at) AS t
  FROM interactions i
  WHERE %FILTER% AND ${IN_BOUNDS}
  GROUP BY customer_id, product_id, type, ${EVENT_KEY}`;

export class InteractionRepository {
  private readonly insertStmt;
  private readonly customerEventsStmt;
  private readonly eventsAfterCutStmt;
  private readonly purchasedStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`
      INSERT INTO interactions (customer_id, product_id, type, quantity, unit_price, occurred_at, basket_id, weight, origin, idempotency_key, recommendation_id)
      VALUES (@customerId, @productId, @type, @quantity, @unitPrice, @occurredAt, @basketId, @weight, @origin, @idempotencyKey, @recommendationId)`);
    const customerEvents = (filter: string) =>
      db.prepare<EventWeights & { customerId: string; cut?: number }, { productId: string; weight: number; time: number | null }>(
        `SELECT product_id AS productId, w AS weight, t AS time
         FROM (${BASKET_EVENTS_SQL.replace("%FILTER%", `i.customer_id = @customerId AND ${filter}`)})`,
      );
    this.customerEventsStmt = customerEvents("1");
    // "id > @cut" seeks in the customer index (its entries end with the rowid), reading only the tail.
    this.eventsAfterCutStmt = customerEvents(AFTER_CUT);
    // From the index purchases_by_customer_product alone.
    this.purchasedStmt = db
      .prepare<[string], string>(`SELECT DISTINCT product_id FROM interactions i WHERE i.customer_id = ? AND ${IS_PURCHASE}`)
      .pluck();
  }

  /** Inserts one interaction; `recommendationId` names the served list it followed, if any. */
  insert(
    record: InteractionRecord,
    origin: InteractionOrigin,
    idempotencyKey: string | null = null,
    recommendationId: string | null = null,
  ): number {
    return Number(this.insertStmt.run({ ...record, origin, idempotencyKey, recommendationId }).lastInsertRowid);
  }

  /** Customers with interactions after a model version's data cut (see AFTER_CUT), and the time of their latest purchase among them (or null). */
  customersAfterCut(cut: number): { customerId: string; lastPurchase: number | null }[] {
    return this.db
      .prepare<{ cut: number }, { customerId: string; lastPurchase: number | null }>(
        `SELECT customer_id AS customerId,
                MAX(CASE WHEN ${IS_PURCHASE} THEN occurred_at END) AS lastPurchase
         FROM interactions i WHERE ${AFTER_CUT} GROUP BY customer_id`,
      )
      .all({ cut });
  }

  /** The interaction stored under an idempotency key, if any. */
  byIdempotencyKey(key: string): StoredInteraction | undefined {
    return this.db
      .prepare<[string], StoredInteraction>(
        `SELECT id, customer_id AS customerId, product_id AS productId, type, quantity, unit_price AS unitPrice,
                occurred_at AS occurredAt, basket_id AS basketId, weight
         FROM interactions WHERE idempotency_key = ?`,
      )
      .get(key);
  }

  /**
   * Visits every basket's products, basket by basket: purchases with a positive quantity grouped by
   * order id (or, without one, by customer and day), and the anonymous order lines by order id.
   * Cancellations are not baskets, and purchases with neither an order id nor a time belong to none.
   * A product appears once per basket.
   */
  forEachBasketItem(visit: (basketKey: string, productId: string) => void): void {
    const rows = this.db
      .prepare<[], [string, string]>(
        `SELECT basket, product_id FROM (
           SELECT ${ORDER_KEY} AS basket, product_id
           FROM interactions i
           WHERE ${IS_PURCHASE} AND (basket_id IS NOT NULL OR occurred_at IS NOT NULL)
           UNION
           SELECT 'o:' || basket_id AS basket, product_id FROM anonymous_lines WHERE quantity > 0
         ) ORDER BY basket`,
      )
      .raw()
      .iterate();
    for (const [basket, productId] of rows) visit(basket, productId);
  }

  maxId(): number {
    return this.db.prepare<[], { id: number | null }>(`SELECT MAX(id) AS id FROM interactions`).get()!.id ?? 0;
  }

  count(): number {
    return this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM interactions`).get()!.n;
  }

  /**
   * Visits every order-level event (see BASKET_EVENTS_SQL) that passes the filter, in (customer,
   * product) order, without holding them all in memory.
   */
  forEachOrderEvent(weights: EventWeights, filter: InteractionFilter, visit: (event: OrderEvent) => void): void {
    // Ordered by the GROUP BY's own terms, so that SQLite returns the groups in the order it makes
    // them; "ORDER BY customer_id, product_id" over the grouped rows sorted them a second time.
    const rows = this.db
      .prepare<Record<string, number>, [string, string, number, number | null]>(
        `${BASKET_EVENTS_SQL.replace("%FILTER%", filterSql(filter))}
         ORDER BY customer_id, product_id, type, ${EVENT_KEY}`,
      )
      .raw()
      .iterate({ ...weights, ...filterParams(filter) });
    for (const [customerId, productId, weight, time] of rows) visit({ customerId, productId, weight, time });
  }

  /** The newest interaction time among the filtered interactions (ms), or null. */
  latestTime(filter: InteractionFilter): number | null {
    return this.db
      .prepare<Record<string, number>, { t: number | null }>(`SELECT MAX(occurred_at) AS t FROM interactions i WHERE ${filterSql(filter)}`)
      .get(filterParams(filter))!.t;
  }

  /**
   * The purchases (positive quantity, with a time) a split holds out: those in `base` but not in
   * `train`, one row per customer and product.
   */
  heldOutPurchases(train: InteractionFilter, base: InteractionFilter = {}): { customerId: string; productId: string }[] {
    return this.db
      .prepare<Record<string, number>, { customerId: string; productId: string }>(
        `SELECT DISTINCT customer_id AS customerId, product_id AS productId FROM interactions i
         WHERE ${IS_PURCHASE} AND i.occurred_at IS NOT NULL
           AND ${filterSql(base, "base_")} AND NOT ${filterSql(train)}`,
      )
      .all({ ...filterParams(train), ...filterParams(base, "base_") });
  }

  /** The earliest and latest interaction times among the filtered interactions (ms), or null. */
  timeSpan(filter: InteractionFilter): { first: number; last: number } | null {
    const row = this.db
      .prepare<Record<string, number>, { first: number | null; last: number | null }>(
        `SELECT MIN(occurred_at) AS first, MAX(occurred_at) AS last FROM interactions i WHERE ${filterSql(filter)}`,
      )
      .get(filterParams(filter))!;
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  /** Purchases (positive quantity) that pass the filter: what a customer "had already bought". */
  forEachPurchase(filter: InteractionFilter, visit: (customerId: string, productId: string) => void): void {
    const rows = this.db
      .prepare<Record<string, number>, [string, string]>(
        `SELECT DISTINCT customer_id, product_id FROM interactions i
         WHERE ${IS_PURCHASE} AND ${filterSql(filter)}`,
      )
      .raw()
      .iterate(filterParams(filter));
    for (const [customerId, productId] of rows) visit(customerId, productId);
  }

  /**
   * One customer's order-level events: over their whole history, or, given a model version's data cut,
   * over what was recorded after it (see AFTER_CUT).
   */
  customerEvents(customerId: string, weights: EventWeights, cut?: number): { productId: string; weight: number; time: number | null }[] {
    return cut === undefined
      ? this.customerEventsStmt.all({ ...weights, customerId })
      : this.eventsAfterCutStmt.all({ ...weights, customerId, cut });
  }

  /** Products the customer has bought (any purchase with a positive quantity). */
  purchasedProducts(customerId: string): string[] {
    return this.purchasedStmt.all(customerId);
  }

  /**
   * The time of the last dated purchase among imported interactions up to an id (the default RFM
   * reference is the day after it), or of any purchase when nothing was imported; null without any.
   */
  lastImportedPurchase(upToId: number): number | null {
    const row = this.db
      .prepare<[number], { imported: number | null; any: number | null }>(
        `SELECT MAX(CASE WHEN origin = 'import' THEN occurred_at END) AS imported, MAX(occurred_at) AS any
         FROM interactions i WHERE ${IS_PURCHASE} AND occurred_at IS NOT NULL AND id <= ?`,
      )
      .get(upToId)!;
    return row.imported ?? row.any;
  }

  /** Interactions with id ≤ upToId that every aggregate leaves out for breaking the bounds (see IN_BOUNDS). */
  countOutOfBounds(upToId: number): number {
    return this.db
      .prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM interactions i WHERE id <= ? AND NOT ${IN_BOUNDS}`)
      .get(upToId)!.n;
  }

  /**
   * Purchase figures per customer over interactions with id ≤ upToId that have a time and keep the
   * bounds. Unit price falls back to the product's list price where a row has none.
   */
  purchaseSummaries(upToId: number, customerId?: string): PurchaseSummary[] {
    // One customer's figures use the customer index; "@c IS NULL OR customer_id = @c" would scan the table.
    // The list price is looked up only for rows without a unit price (COALESCE stops at the first value).
    const onlyCustomer = customerId === undefined ? "" : "AND i.customer_id = @customerId";
    return this.db
      .prepare<{ upToId: number; customerId?: string }, PurchaseSummary>(
        `SELECT i.customer_id AS customerId,
                MAX(CASE WHEN i.quantity > 0 THEN i.occurred_at END) AS lastPurchase,
                COUNT(DISTINCT CASE WHEN i.quantity > 0 THEN ${ORDER_KEY} END) AS orders,
                COALESCE(SUM(i.quantity * COALESCE(i.unit_price, (SELECT ${LIST_PRICE} FROM products p WHERE p.id = i.product_id), 0)), 0) AS spend
         FROM interactions i
         WHERE i.type = 'purchase' AND i.occurred_at IS NOT NULL AND i.id <= @upToId AND ${IN_BOUNDS}
           ${onlyCustomer}
         GROUP BY i.customer_id
         HAVING lastPurchase IS NOT NULL`,
      )
      .all(customerId === undefined ? { upToId } : { upToId, customerId });
  }
}
