/**
 * Buy again's data: the days each customer bought each product on, read from the interactions, and each
 * product's repurchase figures stored with a model version (model/buy-again.ts turns them into priors).
 */
import type { RepurchaseCounts } from "../model/buy-again";
import { DAY_MS } from "../domain/time";
import type { Db } from "./database";
import { filterParams, filterSql, type InteractionFilter } from "./interaction-filter";
import { IS_PURCHASE, ORDER_KEY } from "./sql";

/** One customer's purchases of one product. */
export interface PairHistory {
  customerId: string;
  productId: string;
  /** The UTC days (since the epoch) they bought it on, ascending, one per day; empty when no purchase of it has a time. */
  days: number[];
  /** Orders holding it, dated or not. */
  timesBought: number;
}

/** A product's figures as stored with a model version. */
export interface ProductRepurchase {
  productId: string;
  counts: RepurchaseCounts;
}

type DayRow = [customerId: string, productId: string, day: number | null, orders: number];

/** One row per customer, product and day (NULL for the undated rows), in that order. */
const DAYS_SQL = (where: string) => `
  SELECT i.customer_id, i.product_id, CAST(i.occurred_at / ${DAY_MS} AS INTEGER) AS day, COUNT(DISTINCT ${ORDER_KEY}) AS orders
  FROM interactions i
  WHERE ${IS_PURCHASE} AND ${where}
  GROUP BY i.customer_id, i.product_id, day
  ORDER BY i.customer_id, i.product_id, day`;

/** Folds day rows, in order, into one history per customer and product. */
function* histories(rows: Iterable<DayRow>): Generator<PairHistory> {
  let current: PairHistory | null = null;
  for (const [customerId, productId, day, orders] of rows) {
    if (current === null || current.customerId !== customerId || current.productId !== productId) {
      if (current !== null) yield current;
      current = { customerId, productId, days: [], timesBought: 0 };
    }
    if (day !== null) current.days.push(day);
    current.timesBought += orders;
  }
  if (current !== null) yield current;
}

/** Purchase rows a slice of forEachHistorySliced reads at most, past its last customer's own. */
export const HISTORY_SLICE_ROWS = 4000;

export class RepurchaseRepository {
  private readonly customerStmt;
  private readonly countsStmt;
  private readonly sliceEndStmt;
  private readonly sliceStmt;
  private readonly lastSliceStmt;

  constructor(private readonly db: Db) {
    // The customer index, then each of their purchase rows.
    this.customerStmt = db.prepare<[string], DayRow>(DAYS_SQL("i.customer_id = ?")).raw();
    this.countsStmt = db.prepare<
      [number],
      { product_id: string } & Record<"buyers" | "repeat_buyers" | "gaps" | "gap_sum" | "log_gap_sum", number>
    >(`SELECT product_id, buyers, repeat_buyers, gaps, gap_sum, log_gap_sum FROM model_repurchase WHERE model_id = ?`);
    // Slices of customers by id, through the purchases' (customer, product) index: after the last one read, up to the customer `rows` purchases on.
    this.sliceEndStmt = db
      .prepare<[string, number], string>(
        `SELECT i.customer_id FROM interactions i WHERE ${IS_PURCHASE} AND i.customer_id > ? ORDER BY i.customer_id LIMIT 1 OFFSET ?`,
      )
      .pluck();
    this.sliceStmt = db.prepare<[string, string], DayRow>(DAYS_SQL("i.customer_id > ? AND i.customer_id <= ?")).raw();
    this.lastSliceStmt = db.prepare<[string], DayRow>(DAYS_SQL("i.customer_id > ?")).raw();
  }

  /** One customer's history of every product they bought, by product id. */
  customerHistories(customerId: string): PairHistory[] {
    return [...histories(this.customerStmt.all(customerId))];
  }

  /** Every customer's history of every product they bought, among the interactions the filter passes, by customer then product. */
  forEachHistory(filter: InteractionFilter, visit: (history: PairHistory) => void): void {
    const rows = this.db
      .prepare<Record<string, number>, DayRow>(DAYS_SQL(filterSql(filter)))
      .raw()
      .iterate(filterParams(filter));
    for (const history of histories(rows)) visit(history);
  }

  /**
   * Every customer's history of every product they bought, as forEachHistory visits them, read a
   * slice of customers at a time (about `rows` purchases) with the event loop free between slices:
   * a scan of a large shop does not hold up the requests a server has meanwhile. Writes landing
   * during the scan count for the customers not read yet.
   */
  async forEachHistorySliced(visit: (history: PairHistory) => void, rows: number = HISTORY_SLICE_ROWS): Promise<void> {
    // Every id sorts after "" but "" itself, which no customer has (ids are 1 character or more).
    let after = "";
    for (;;) {
      const end = this.sliceEndStmt.get(after, Math.max(0, rows - 1));
      const slice = end === undefined ? this.lastSliceStmt.all(after) : this.sliceStmt.all(after, end);
      for (const history of histories(slice)) visit(history);
      if (end === undefined) return;
      after = end;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Writes a model version's figures (inside the version's own transaction, by ModelRepository.save). */
  insert(modelId: number, products: readonly ProductRepurchase[]): void {
    const ins = this.db.prepare(
      `INSERT INTO model_repurchase (model_id, product_id, buyers, repeat_buyers, gaps, gap_sum, log_gap_sum) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { productId, counts: c } of products) ins.run(modelId, productId, c.buyers, c.repeatBuyers, c.gaps, c.gapSum, c.logGapSum);
  }

  /** A model version's figures, by product id (empty for a version trained before buy again). */
  counts(modelId: number): Map<string, RepurchaseCounts> {
    const out = new Map<string, RepurchaseCounts>();
    for (const r of this.countsStmt.all(modelId)) {
      out.set(r.product_id, { buyers: r.buyers, repeatBuyers: r.repeat_buyers, gaps: r.gaps, gapSum: r.gap_sum, logGapSum: r.log_gap_sum });
    }
    return out;
  }
}
