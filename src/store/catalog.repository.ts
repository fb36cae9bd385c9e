/**
 * Customers and products. The catalogue is written by imports and, live, through the API; a version
 * number that every live change bumps lets servers notice a change made by another process.
 *
 * Which wins: a product created or changed through the API keeps the values the API gave it; a later
 * import only fills that product's empty fields. Products only ever imported take the import's values.
 */
import type { CustomerRecord, ProductAttributes, ProductChange, ProductRecord } from "../domain/records";
import type { Db } from "./database";

interface ProductRow {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  rating: number | null;
  currency: string | null;
  image_url: string | null;
  url: string | null;
  available: number;
  archived: number;
  attributes: string | null;
}

const PRODUCT_COLUMNS = "id, name, category, price, rating, currency, image_url, url, available, archived, attributes";

function toRecord(row: ProductRow): ProductRecord {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    price: row.price,
    rating: row.rating,
    currency: row.currency,
    imageUrl: row.image_url,
    url: row.url,
    available: row.available === 1,
    archived: row.archived === 1,
    attributes: row.attributes === null ? null : (JSON.parse(row.attributes) as ProductAttributes),
  };
}

/** The fields a live change may set, as columns; `undefined` keeps the stored value. */
const CHANGE_COLUMNS = [
  ["name", "name"],
  ["category", "category"],
  ["price", "price"],
  ["currency", "currency"],
  ["imageUrl", "image_url"],
  ["url", "url"],
  ["available", "available"],
  ["archived", "archived"],
  ["attributes", "attributes"],
] as const;

export class CatalogRepository {
  private readonly upsertProductStmt;
  private readonly upsertCustomerStmt;
  private readonly insertCustomerStmt;
  private readonly productStmt;
  private readonly customerExistsStmt;
  private readonly activityStmt;
  private readonly versionStmt;
  private readonly bumpVersionStmt;

  constructor(private readonly db: Db) {
    // An import sets what it knows on imported products, and only fills the empty fields of products
    // the API has changed.
    this.upsertProductStmt = db.prepare(`
      INSERT INTO products (id, name, category, price, rating, currency, image_url, url, available)
      VALUES (@id, @name, @category, @price, @rating, @currency, @imageUrl, @url, COALESCE(@available, 1))
      ON CONFLICT(id) DO UPDATE SET
        name = CASE WHEN updated_live = 1 THEN name ELSE excluded.name END,
        category = CASE WHEN updated_live = 1 THEN COALESCE(category, excluded.category) ELSE COALESCE(excluded.category, category) END,
        price = CASE WHEN updated_live = 1 THEN COALESCE(price, excluded.price) ELSE COALESCE(excluded.price, price) END,
        rating = COALESCE(excluded.rating, rating),
        currency = CASE WHEN updated_live = 1 THEN COALESCE(currency, excluded.currency) ELSE COALESCE(excluded.currency, currency) END,
        image_url = CASE WHEN updated_live = 1 THEN COALESCE(image_url, excluded.image_url) ELSE COALESCE(excluded.image_url, image_url) END,
        url = CASE WHEN updated_live = 1 THEN COALESCE(url, excluded.url) ELSE COALESCE(excluded.url, url) END,
        available = CASE WHEN updated_live = 1 OR @available IS NULL THEN available ELSE excluded.available END`);
    this.upsertCustomerStmt = db.prepare(`
      INSERT INTO customers (id, page_views, time_spent, country, created_at)
      VALUES (@id, @pageViews, @timeSpent, @country, @createdAt)
      ON CONFLICT(id) DO UPDATE SET
        page_views = COALESCE(excluded.page_views, page_views),
        time_spent = COALESCE(excluded.time_spent, time_spent),
        country = COALESCE(excluded.country, country)`);
    this.insertCustomerStmt = db.prepare(`INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`);
    this.productStmt = db.prepare<[string], ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`);
    this.customerExistsStmt = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM customers WHERE id = ?`);
    this.activityStmt = db.prepare<[string], { pageViews: number | null; timeSpent: number | null }>(
      `SELECT page_views AS pageViews, time_spent AS timeSpent FROM customers WHERE id = ?`,
    );
    this.versionStmt = db.prepare<[], { version: number }>(`SELECT version FROM catalog_state WHERE id = 1`);
    this.bumpVersionStmt = db.prepare(`UPDATE catalog_state SET version = version + 1 WHERE id = 1`);
  }

  /** Imported products (see the class comment for which values win). */
  upsertProducts(products: Iterable<ProductRecord>): void {
    this.db.transaction(() => {
      for (const p of products) {
        this.upsertProductStmt.run({
          id: p.id,
          name: p.name,
          category: p.category,
          price: p.price,
          rating: p.rating,
          currency: p.currency ?? null,
          imageUrl: p.imageUrl ?? null,
          url: p.url ?? null,
          available: p.available === undefined ? null : p.available ? 1 : 0,
        });
      }
      this.bumpVersionStmt.run();
    })();
  }

  /**
   * Applies live changes in one transaction (the caller has checked them): each product is created or
   * has the given fields set, and is marked as changed through the API. Returns the products as stored.
   */
  applyChanges(changes: readonly ProductChange[]): ProductRecord[] {
    return this.db.transaction(() => {
      const out = changes.map((change) => {
        const set = CHANGE_COLUMNS.filter(([field]) => change[field] !== undefined);
        const value = (field: (typeof CHANGE_COLUMNS)[number][0]) => {
          const v = change[field];
          if (typeof v === "boolean") return v ? 1 : 0;
          if (field === "attributes") return v === null ? null : JSON.stringify(v);
          return v as string | number | null;
        };
        const columns = set.map(([, column]) => column);
        const params = set.map(([field]) => value(field));
        if (this.productStmt.get(change.id)) {
          const assignments = [...columns.map((c) => `${c} = ?`), "updated_live = 1"].join(", ");
          this.db.prepare(`UPDATE products SET ${assignments} WHERE id = ?`).run(...params, change.id);
        } else {
          const placeholders = columns.map(() => "?").join(", ");
          this.db
            .prepare(`INSERT INTO products (id, ${columns.join(", ")}, updated_live) VALUES (?, ${placeholders}, 1)`)
            .run(change.id, ...params);
        }
        return toRecord(this.productStmt.get(change.id)!);
      });
      this.bumpVersionStmt.run();
      return out;
    })();
  }

  /** Bumped by every change to the catalogue. */
  version(): number {
    return this.versionStmt.get()!.version;
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
    const row = this.productStmt.get(id);
    return row && toRecord(row);
  }

  /** Products by id, in the order asked; ids not in the catalogue are left out. */
  products(ids: readonly string[]): ProductRecord[] {
    const found = new Map<string, ProductRecord>();
    const chunk = 500;
    for (let start = 0; start < ids.length; start += chunk) {
      const part = ids.slice(start, start + chunk);
      const rows = this.db
        .prepare<string[], ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id IN (${part.map(() => "?").join(",")})`)
        .all(...part);
      for (const row of rows) found.set(row.id, toRecord(row));
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
    return this.db.prepare<[], ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY id`).all().map(toRecord);
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
