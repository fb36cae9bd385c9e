/**
 * Attribution: the recommendation lists served (which products, from which source, where on the
 * page), and what the interactions that named a list did with its products.
 */
import type { Db } from "./database";
import { IS_PURCHASE } from "./sql";

/** One served list: its products in position order, each with the source that chose it. */
export interface ServedList {
  id: string;
  servedAt: number;
  placement: string;
  customerId: string | null;
  /** The position of items[0] (1 on the first page). */
  firstPosition: number;
  items: readonly { productId: string; source: string }[];
  /** The experiment the list was served in, and its arm; null outside experiments. */
  experimentId?: string | null;
  arm?: string | null;
}

/** What the lists of one placement and source earned over a time range. */
export interface SourcePerformance {
  placement: string;
  source: string;
  /** Products shown. */
  impressions: number;
  views: number;
  carts: number;
  purchases: number;
  /** Σ quantity × unit price of the purchases. */
  revenue: number;
}

export class AttributionRepository {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO recommendation_lists (id, served_at, placement, customer_id, first_position, items, experiment_id, arm)
       VALUES (@id, @servedAt, @placement, @customerId, @firstPosition, @items, @experimentId, @arm)`,
    );
  }

  /** Saves served lists in one transaction, and deletes those served before `keepAfter`. */
  saveLists(lists: readonly ServedList[], keepAfter: number): void {
    this.db.transaction(() => {
      for (const l of lists) {
        this.insertStmt.run({
          ...l,
          items: JSON.stringify(l.items.map((i) => [i.productId, i.source])),
          experimentId: l.experimentId ?? null,
          arm: l.arm ?? null,
        });
      }
      this.db.prepare(`DELETE FROM recommendation_lists WHERE served_at < ?`).run(keepAfter);
    })();
  }

  /**
   * Per placement and source, over lists served in [from, to): products shown, and the views, carts
   * and purchases of those products that named their list. An interaction counts for the source
   * that put its product on the list it names.
   */
  performance(from: number, to: number): SourcePerformance[] {
    const shown = this.db
      .prepare<[number, number], { placement: string; source: string; impressions: number }>(
        `SELECT l.placement, j.value ->> 1 AS source, COUNT(*) AS impressions
         FROM recommendation_lists l, json_each(l.items) j
         WHERE l.served_at >= ? AND l.served_at < ?
         GROUP BY l.placement, source`,
      )
      .all(from, to);
    const followed = this.db
      .prepare<[number, number], { placement: string; source: string; views: number; carts: number; purchases: number; revenue: number }>(
        `SELECT l.placement, j.value ->> 1 AS source,
                SUM(i.type = 'view') AS views, SUM(i.type = 'cart') AS carts,
                SUM(${IS_PURCHASE}) AS purchases,
                COALESCE(SUM(CASE WHEN ${IS_PURCHASE} THEN i.quantity * COALESCE(i.unit_price, 0) END), 0) AS revenue
         FROM interactions i
         JOIN recommendation_lists l ON l.id = i.recommendation_id
         JOIN json_each(l.items) j ON j.value ->> 0 = i.product_id
         WHERE i.recommendation_id IS NOT NULL AND l.served_at >= ? AND l.served_at < ?
         GROUP BY l.placement, source`,
      )
      .all(from, to);
    const key = (r: { placement: string; source: string }) => `${r.placement}\u0000${r.source}`;
    const earned = new Map(followed.map((r) => [key(r), r]));
    return shown
      .map((s) => {
        const e = earned.get(key(s));
        return { ...s, views: e?.views ?? 0, carts: e?.carts ?? 0, purchases: e?.purchases ?? 0, revenue: e?.revenue ?? 0 };
      })
      .sort((a, b) => a.placement.localeCompare(b.placement) || a.source.localeCompare(b.source));
  }
}
