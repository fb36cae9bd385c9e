/**
 * Products. The catalogue is written by imports and, live, through the API; a version
 * number that every live change bumps lets servers notice a change made by another process.
 *
 * Which wins: a field the API set (to a value, or to null) keeps the API's value; a later import
 * updates a product's other fields as usual. Fields the API never set take the import's values.
 */
import type { ProductAttributes, ProductChange, ProductRecord } from "../domain/records";
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

/**
 * The fields a live change may set, as columns, each with its bit in `live_fields`: the fields the API
 * has set (to a value or to null), which imports leave alone. `undefined` in a change keeps the value.
 */
const CHANGE_COLUMNS = [
  ["name", "name", 1],
  ["category", "category", 2],
  ["price", "price", 4],
  ["currency", "currency", 8],
  ["imageUrl", "image_url", 16],
  ["url", "url", 32],
  ["available", "available", 64],
  ["archived", "archived", 128],
  ["attributes", "attributes", 256],
] as const;

/** An imported column: the API's value stands when the API set it; otherwise the import's, when it has one. */
function importedColumn(column: string, bit: number): string {
  return `${column} = CASE WHEN live_fields & ${bit} THEN ${column} ELSE COALESCE(excluded.${column}, ${column}) END`;
}

export class CatalogRepository {
  private readonly upsertProductStmt;
  private readonly productStmt;
  private readonly versionStmt;
  private readonly bumpVersionStmt;

  constructor(private readonly db: Db) {
    // An import sets what it knows, except the fields the API has set. A name that is only the id
    // (what importers give a product whose file names none) never replaces a real name.
    this.upsertProductStmt = db.prepare(`
      INSERT INTO products (id, name, category, price, rating, currency, image_url, url, available)
      VALUES (@id, @name, @category, @price, @rating, @currency, @imageUrl, @url, COALESCE(@available, 1))
      ON CONFLICT(id) DO UPDATE SET
        name = CASE WHEN live_fields & 1 OR (excluded.name = excluded.id AND name <> excluded.id) THEN name ELSE excluded.name END,
        ${importedColumn("category", 2)},
        ${importedColumn("price", 4)},
        rating = COALESCE(excluded.rating, rating),
        ${importedColumn("currency", 8)},
        ${importedColumn("image_url", 16)},
        ${importedColumn("url", 32)},
        available = CASE WHEN live_fields & 64 OR @available IS NULL THEN available ELSE excluded.available END`);
    this.productStmt = db.prepare<[string], ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`);
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
   * has the given fields set, and those fields are marked as the API's. Returns the products as stored.
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
        const bits = set.reduce((mask, [, , bit]) => mask | bit, 0);
        if (this.productStmt.get(change.id)) {
          // A change that sets no field changes nothing.
          if (set.length > 0) {
            const assignments = [...columns.map((c) => `${c} = ?`), `live_fields = live_fields | ${bits}`].join(", ");
            this.db.prepare(`UPDATE products SET ${assignments} WHERE id = ?`).run(...params, change.id);
          }
        } else {
          const placeholders = columns.map(() => "?").join(", ");
          this.db
            .prepare(`INSERT INTO products (id, ${columns.join(", ")}, live_fields) VALUES (?, ${placeholders}, ${bits})`)
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

  /** How many products the catalogue holds. */
  count(): number {
    return this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM products`).get()!.n;
  }
}
