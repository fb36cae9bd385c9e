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

export class RepurchaseRepository {
  private readonly customerStmt;
  private readonly countsStmt;

  constructor(private readonly db: Db) {
    // The customer index, then each of their purchase rows.
    this.customerStmt = db.prepare<[string], DayRow>(DAYS_SQL("i.customer_id = ?")).raw();
    this.countsStmt = db.prepare<
      [number],
      { product_id: string } & Record<"buyers" | "repeat_buyers" | "gaps" | "gap_sum" | "log_gap_sum", number>
    >(`SELECT product_id, buyers, repeat_buyers, gaps, gap_sum, log_gap_sum FROM model_repurchase WHERE model_id = ?`);
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
