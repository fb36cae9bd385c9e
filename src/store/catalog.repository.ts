/** Customers and products. */
import type { CustomerRecord, ProductRecord } from "../domain/records";
import type { Db } from "./database";

interface ProductRow {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  rating: number | null;
}

export class CatalogRepository {
  private readonly upsertProductStmt;
  private readonly upsertCustomerStmt;
  private readonly insertCustomerStmt;
  private readonly productStmt;
  private readonly customerExistsStmt;
  private readonly activityStmt;

  constructor(private readonly db: Db) {
    this.upsertProductStmt = db.prepare(`
      INSERT INTO products (id, name, category, price, rating) VALUES (@id, @name, @category, @price, @rating)
      ON CONFLICT(id) DO UPDATE SET name = excluded.name,
        category = COALESCE(excluded.category, category),
        price = COALESCE(excluded.price, price),
        rating = COALESCE(excluded.rating, rating)`);
    this.upsertCustomerStmt = db.prepare(`
      INSERT INTO customers (id, page_views, time_spent, country, created_at)
      VALUES (@id, @pageViews, @timeSpent, @country, @createdAt)
      ON CONFLICT(id) DO UPDATE SET
        page_views = COALESCE(excluded.page_views, page_views),
        time_spent = COALESCE(excluded.time_spent, time_spent),
        country = COALESCE(excluded.country, country)`);
    this.insertCustomerStmt = db.prepare(`INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`);
    this.productStmt = db.prepare<[string], ProductRow>(`SELECT id, name, category, price, rating FROM products WHERE id = ?`);
    this.customerExistsStmt = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM customers WHERE id = ?`);
    this.activityStmt = db.prepare<[string], { pageViews: number | null; timeSpent: number | null }>(
      `SELECT page_views AS pageViews, time_spent AS timeSpent FROM customers WHERE id = ?`,
    );
  }

  upsertProducts(products: Iterable<ProductRecord>): void {
    for (const p of products) this.upsertProductStmt.run(p);
  }

  upsertCustomers(customers: Iterable<CustomerRecord>, now = Date.now()): void {
    for (const c of customers) {
      this.upsertCustomerStmt.run({
        id: c.id,
        pageViews: c.pageViews ?? null,
        timeSpent: c.timeSpent ?? null,
        country: c.country ?? null,
        createdAt: now,
      });
    }
  }

  /** Creates the customer if it does not exist; returns true when it was created. */
  ensureCustomer(id: string, now = Date.now()): boolean {
    return this.insertCustomerStmt.run(id, now).changes > 0;
  }

  product(id: string): ProductRecord | undefined {
    return this.productStmt.get(id);
  }

  /** Products by id, in the order asked; ids not in the catalogue are left out. */
  products(ids: readonly string[]): ProductRecord[] {
    const found = new Map<string, ProductRecord>();
    const chunk = 500;
    for (let start = 0; start < ids.length; start += chunk) {
      const part = ids.slice(start, start + chunk);
      const rows = this.db
        .prepare<string[], ProductRow>(
          `SELECT id, name, category, price, rating FROM products WHERE id IN (${part.map(() => "?").join(",")})`,
        )
        .all(...part);
      for (const row of rows) found.set(row.id, row);
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** Browsing figures of every customer that has them. */
  customerActivity(): { id: string; pageViews: number | null; timeSpent: number | null }[] {
    return this.db
      .prepare<[], { id: string; pageViews: number | null; timeSpent: number | null }>(
        `SELECT id, page_views AS pageViews, time_spent AS timeSpent FROM customers
         WHERE page_views IS NOT NULL OR time_spent IS NOT NULL`,
      )
      .all();
  }

  /** One customer's browsing figures (nulls where unknown), or undefined for an unknown customer. */
  activityOf(customerId: string): { pageViews: number | null; timeSpent: number | null } | undefined {
    return this.activityStmt.get(customerId);
  }

  /** Every product's category (products without one are left out). */
  categories(): Map<string, string> {
    const rows = this.db
      .prepare<[], { id: string; category: string }>(`SELECT id, category FROM products WHERE category IS NOT NULL`)
      .all();
    return new Map(rows.map((r) => [r.id, r.category]));
  }

  /** The whole catalogue, by id. */
  allProducts(): ProductRecord[] {
    return this.db.prepare<[], ProductRow>(`SELECT id, name, category, price, rating FROM products ORDER BY id`).all();
  }

  customerExists(id: string): boolean {
    return this.customerExistsStmt.get(id) !== undefined;
  }

  counts(): { customers: number; products: number } {
    return this.db
      .prepare<[], { customers: number; products: number }>(
        `SELECT (SELECT COUNT(*) FROM customers) AS customers, (SELECT COUNT(*) FROM products) AS products`,
      )
      .get()!;
  }
}
