/** Customers: created by imports and by the first interaction the API records for them, with their browsing figures. */
import type { CustomerRecord } from "../domain/records";
import type { Db } from "./database";

type Activity = { pageViews: number | null; timeSpent: number | null };

export class CustomerRepository {
  private readonly upsertStmt;
  private readonly insertStmt;
  private readonly existsStmt;
  private readonly activityStmt;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(`
      INSERT INTO customers (id, page_views, time_spent, country, created_at)
      VALUES (@id, @pageViews, @timeSpent, @country, @createdAt)
      ON CONFLICT(id) DO UPDATE SET
        page_views = COALESCE(excluded.page_views, page_views),
        time_spent = COALESCE(excluded.time_spent, time_spent),
        country = COALESCE(excluded.country, country)`);
    this.insertStmt = db.prepare(`INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`);
    this.existsStmt = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM customers WHERE id = ?`);
    this.activityStmt = db.prepare<[string], Activity>(
      `SELECT page_views AS pageViews, time_spent AS timeSpent FROM customers WHERE id = ?`,
    );
  }

  /** Imported customers: a figure the file leaves empty keeps the stored one. */
  upsert(customers: Iterable<CustomerRecord>, now = Date.now()): void {
    for (const c of customers) {
      this.upsertStmt.run({
        id: c.id,
        pageViews: c.pageViews ?? null,
        timeSpent: c.timeSpent ?? null,
        country: c.country ?? null,
        createdAt: now,
      });
    }
  }

  /** Creates the customer if it does not exist; returns true when it was created. */
  ensure(id: string, now = Date.now()): boolean {
    return this.insertStmt.run(id, now).changes > 0;
  }

  exists(id: string): boolean {
    return this.existsStmt.get(id) !== undefined;
  }

  /** Browsing figures of every customer that has them. */
  activity(): ({ id: string } & Activity)[] {
    return this.db
      .prepare<[], { id: string } & Activity>(
        `SELECT id, page_views AS pageViews, time_spent AS timeSpent FROM customers
         WHERE page_views IS NOT NULL OR time_spent IS NOT NULL`,
      )
      .all();
  }

  /** One customer's browsing figures (nulls where unknown), or undefined for an unknown customer. */
  activityOf(customerId: string): Activity | undefined {
    return this.activityStmt.get(customerId);
  }

  /** How many customers the file holds. */
  count(): number {
    return this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM customers`).get()!.n;
  }
}
