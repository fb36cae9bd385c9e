/** The interaction log: imported history plus what the API records live. */
import type { EventWeights, InteractionRecord } from "../domain/records";
import type { Db } from "./database";

export type InteractionOrigin = "import" | "live";

export interface StoredInteraction extends InteractionRecord {
  id: number;
}

/** The summed weight of one customer–product pair. */
export interface PairWeight {
  customerId: string;
  productId: string;
  weight: number;
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
 * The effective weight of one stored row, in SQL: the explicit weight or the event type's default,
 * negated for cancellations and returns (negative quantity).
 */
const WEIGHT_SQL = `
  COALESCE(weight, CASE type WHEN 'view' THEN @view WHEN 'cart' THEN @cart ELSE @purchase END)
  * (CASE WHEN quantity < 0 THEN -1 ELSE 1 END)`;

const DAY_MS = 86_400_000;

export class InteractionRepository {
  private readonly insertStmt;
  private readonly customerWeightsStmt;
  private readonly purchasedStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`
      INSERT INTO interactions (customer_id, product_id, type, quantity, unit_price, occurred_at, basket_id, weight, origin)
      VALUES (@customerId, @productId, @type, @quantity, @unitPrice, @occurredAt, @basketId, @weight, @origin)`);
    this.customerWeightsStmt = db.prepare<
      EventWeights & { customerId: string },
      { productId: string; weight: number }
    >(`SELECT product_id AS productId, SUM(${WEIGHT_SQL}) AS weight
       FROM interactions WHERE customer_id = @customerId GROUP BY product_id`);
    this.purchasedStmt = db.prepare<[string], { productId: string }>(
      `SELECT DISTINCT product_id AS productId FROM interactions
       WHERE customer_id = ? AND type = 'purchase' AND quantity > 0`,
    );
  }

  insert(record: InteractionRecord, origin: InteractionOrigin): number {
    return Number(this.insertStmt.run({ ...record, origin }).lastInsertRowid);
  }

  insertMany(records: Iterable<InteractionRecord>, origin: InteractionOrigin): number {
    let n = 0;
    for (const r of records) {
      this.insertStmt.run({ ...r, origin });
      n++;
    }
    return n;
  }

  deleteByOrigin(origin: InteractionOrigin): number {
    return this.db.prepare(`DELETE FROM interactions WHERE origin = ?`).run(origin).changes;
  }

  maxId(): number {
    return this.db.prepare<[], { id: number | null }>(`SELECT MAX(id) AS id FROM interactions`).get()!.id ?? 0;
  }

  count(): number {
    return this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM interactions`).get()!.n;
  }

  /**
   * Visits the summed weight of every customer–product pair over interactions with id ≤ upToId, in
   * (customer, product) order, without holding them all in memory.
   */
  forEachPairWeight(weights: EventWeights, upToId: number, visit: (customerId: string, productId: string, weight: number) => void): void {
    const rows = this.db
      .prepare<EventWeights & { upToId: number }, [string, string, number]>(
        `SELECT customer_id, product_id, SUM(${WEIGHT_SQL})
         FROM interactions WHERE id <= @upToId
         GROUP BY customer_id, product_id ORDER BY customer_id, product_id`,
      )
      .raw()
      .iterate({ ...weights, upToId });
    for (const [customerId, productId, weight] of rows) visit(customerId, productId, weight);
  }

  /** The same pairs as forEachPairWeight, as an array (for small data and tests). */
  pairWeights(weights: EventWeights, upToId: number): PairWeight[] {
    const out: PairWeight[] = [];
    this.forEachPairWeight(weights, upToId, (customerId, productId, weight) => out.push({ customerId, productId, weight }));
    return out;
  }

  /** Summed weight per product for one customer, over all their interactions. */
  customerWeights(customerId: string, weights: EventWeights): { productId: string; weight: number }[] {
    return this.customerWeightsStmt.all({ ...weights, customerId });
  }

  /** Products the customer has bought (any purchase with a positive quantity). */
  purchasedProducts(customerId: string): string[] {
    return this.purchasedStmt.all(customerId).map((r) => r.productId);
  }

  /**
   * Purchase figures per customer over interactions with id ≤ upToId that have a time. Unit price falls
   * back to the product's list price where a row has none.
   */
  purchaseSummaries(upToId: number): PurchaseSummary[] {
    return this.db
      .prepare<{ upToId: number; day: number }, PurchaseSummary>(
        `SELECT i.customer_id AS customerId,
                MAX(CASE WHEN i.quantity > 0 THEN i.occurred_at END) AS lastPurchase,
                COUNT(DISTINCT CASE WHEN i.quantity > 0
                      THEN COALESCE('b:' || i.basket_id, 'd:' || CAST(i.occurred_at / @day AS INTEGER)) END) AS orders,
                COALESCE(SUM(i.quantity * COALESCE(i.unit_price, p.price, 0)), 0) AS spend
         FROM interactions i JOIN products p ON p.id = i.product_id
         WHERE i.type = 'purchase' AND i.occurred_at IS NOT NULL AND i.id <= @upToId
         GROUP BY i.customer_id
         HAVING lastPurchase IS NOT NULL`,
      )
      .all({ upToId, day: DAY_MS });
  }
}
